package ui

import (
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// filePick chooses a file from a list, or by its path typed in. The list
// (bubbles' file picker) moves with j, k, h, l and the arrows, so a name
// typed into it moved the cursor or went up a directory, and the enter
// after it picked whatever was under the cursor: attaching the wrong file.
// Here ~, / and . begin a typed path instead, the way a path is written;
// tab completes it, enter opens a directory or chooses a file, esc goes
// back to the list.
type filePick struct {
	c      *common
	picker filepicker.Model
	typing bool
	path   textinput.Model
	err    string
}

func newFilePick(c *common, height int) (filePick, tea.Cmd) {
	p := filePick{c: c, picker: filepicker.New()}
	p.picker.CurrentDirectory = startDir(c)
	p.picker.ShowSize = true
	p.picker.ShowPermissions = false
	p.picker.SetHeight(height)
	// The list is drawn without styles and then through Plain (lines):
	// a file name is text from others, and the widget draws it raw, so a
	// name holding escape sequences could colour the screen or worse.
	// Directories end in a slash, so that they still stand out.
	p.picker.Cursor = "›"
	p.picker.Styles = filepicker.Styles{
		Directory:      lipgloss.NewStyle().Transform(func(s string) string { return s + "/" }),
		FileSize:       lipgloss.NewStyle().Width(8).Align(lipgloss.Right),
		EmptyDirectory: lipgloss.NewStyle().SetString("nothing here: ~ or / types a path, h goes up"),
	}
	p.path = newPathInput(c, "")
	p.path.Prompt = "path › "
	p.path.SetWidth(max(20, c.width-12))
	return p, p.picker.Init()
}

// update handles msg and returns the path of the file chosen, if one was.
func (p *filePick) update(msg tea.Msg) (chosen string, cmd tea.Cmd) {
	km, isKey := msg.(tea.KeyPressMsg)
	if !p.typing {
		if isKey && (km.String() == "~" || km.String() == "/" || km.String() == ".") {
			p.typing, p.err = true, ""
			p.path.SetValue(km.String())
			p.path.CursorEnd()
			return "", p.path.Focus()
		}
		p.picker, cmd = p.picker.Update(msg)
		if ok, path := p.picker.DidSelectFile(msg); ok {
			p.c.pickDir = filepath.Dir(path)
			return path, cmd
		}
		return "", cmd
	}
	if isKey {
		k := p.c.keys
		switch {
		case key.Matches(km, k.Back):
			p.typing, p.err = false, ""
			p.path.Blur()
			return "", nil
		case km.String() == "tab":
			p.path.SetValue(p.complete(p.path.Value()))
			p.path.CursorEnd()
			return "", nil
		case key.Matches(km, k.Submit):
			typed := strings.TrimSpace(p.path.Value())
			path := p.resolve(typed)
			fi, err := os.Stat(path)
			switch {
			case err != nil:
				p.err = "no file at " + typed
				return "", nil
			case fi.IsDir():
				p.typing, p.err = false, ""
				p.path.Blur()
				p.picker.CurrentDirectory = path
				return "", p.picker.Init()
			}
			p.typing, p.err = false, ""
			p.path.Blur()
			p.c.pickDir = filepath.Dir(path)
			return path, nil
		}
	}
	p.err = ""
	p.path, cmd = p.path.Update(msg)
	return "", cmd
}

// resolve makes a typed path absolute: ~ is the home directory, and a
// relative path is in the folder the list shows.
func (p *filePick) resolve(typed string) string {
	if typed == "~" {
		typed = "~/"
	}
	path := expandHome(typed)
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.picker.CurrentDirectory, path)
	}
	return path
}

// complete extends a typed path as far as the names it could be agree,
// with a / after a directory.
func (p *filePick) complete(typed string) string {
	if typed == "~" {
		typed = "~/"
	}
	matches, err := filepath.Glob(p.resolve(typed) + "*")
	if err != nil || len(matches) == 0 {
		return typed
	}
	common := matches[0]
	for _, m := range matches[1:] {
		for !strings.HasPrefix(m, common) {
			common = common[:len(common)-1]
		}
	}
	for !utf8.ValidString(common) { // cut inside a character
		common = common[:len(common)-1]
	}
	if len(matches) == 1 {
		if fi, err := os.Stat(common); err == nil && fi.IsDir() {
			common += string(filepath.Separator)
		}
	}
	// Keep the path as the person began it: with ~, or relative.
	prefix, as := "", ""
	switch {
	case strings.HasPrefix(typed, "~/"):
		prefix, _ = os.UserHomeDir()
		as = "~"
	case !filepath.IsAbs(typed):
		prefix = p.picker.CurrentDirectory
		as = "."
	}
	if prefix != "" {
		rest, ok := strings.CutPrefix(common, prefix)
		if !ok {
			return typed
		}
		common = as + rest
		if as == "." && !strings.HasPrefix(typed, ".") {
			common = strings.TrimPrefix(rest, string(filepath.Separator))
		}
	}
	if len(common) < len(typed) {
		return typed
	}
	return common
}

// typePath is the help of the keys that begin a typed path.
var typePath = key.NewBinding(key.WithKeys("~", "/", "."), key.WithHelp("~ /", "type a path"))

// lines draws the list, or the typed path, with the hint or the error at
// the bottom; it leaves the screen's title to the caller.
func (p filePick) lines() []string {
	st := p.c.styles
	lines := []string{st.Muted.Render(truncate(p.picker.CurrentDirectory, p.c.width))}
	if p.typing {
		lines = append(lines, p.path.View())
		if p.err != "" {
			return append(lines, st.Error.Render(p.err))
		}
		return append(lines, st.Muted.Render("tab completes · enter opens · esc back to the list"))
	}
	for _, l := range strings.Split(strings.TrimSuffix(p.picker.View(), "\n"), "\n") {
		l = Plain(l)
		switch {
		case strings.HasPrefix(l, p.picker.Cursor):
			if fi, err := os.Stat(p.picker.HighlightedPath()); err == nil && fi.IsDir() {
				l += "/"
			}
			l = st.Selected.Render(l)
		case strings.HasSuffix(l, "/"):
			l = st.Heading.Render(l)
		}
		lines = append(lines, l)
	}
	return lines
}

// startDir is where a file picker begins: where the last file was picked
// from in this session, else the working directory (where a person who
// started Confidant beside the file expects it), else the home directory.
func startDir(c *common) string {
	if c.pickDir != "" {
		if fi, err := os.Stat(c.pickDir); err == nil && fi.IsDir() {
			return c.pickDir
		}
	}
	if wd, err := os.Getwd(); err == nil && wd != string(filepath.Separator) {
		return wd
	}
	home, _ := os.UserHomeDir()
	return home
}
