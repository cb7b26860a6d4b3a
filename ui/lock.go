package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"confidant/vault"
)

func newPassInput(c *common, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = placeholder
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.SetStyles(c.styles.TextInput)
	in.SetWidth(40)
	return in
}

// unlock is the screen that asks for the passphrase of a locked vault.
type unlock struct {
	c       *common
	input   textinput.Model
	spinner spinner.Model
	busy    bool
	err     string
	note    string // why the vault is locked, shown once
}

func newUnlock(c *common, note string) (unlock, tea.Cmd) {
	u := unlock{c: c, input: newPassInput(c, "passphrase"), spinner: spinner.New(spinner.WithSpinner(spinner.Dot)), note: note}
	return u, u.input.Focus()
}

func (u unlock) typing() bool { return true }

func (u unlock) Update(msg tea.Msg) (unlock, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !u.busy {
			return u, nil
		}
		var cmd tea.Cmd
		u.spinner, cmd = u.spinner.Update(msg)
		return u, cmd
	case unlockedMsg:
		u.busy = false
		u.err = errText(msg.err)
		return u, u.input.Focus()
	case tea.KeyPressMsg:
		if u.busy {
			return u, nil
		}
		if key.Matches(msg, u.c.keys.EnterTyped) {
			if u.input.Value() == "" {
				u.err = "type the vault's passphrase"
				return u, nil
			}
			pass := []byte(u.input.Value())
			u.input.Reset()
			u.busy, u.err, u.note = true, "", ""
			u.input.Blur()
			return u, tea.Batch(unlockCmd(u.c.store, pass), u.spinner.Tick)
		}
	}
	var cmd tea.Cmd
	u.input, cmd = u.input.Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		u.err = ""
	}
	return u, cmd
}

func (u unlock) View() string {
	st := u.c.styles
	lines := []string{st.Title.Render("Confidant"), st.Muted.Render(elidePath(u.c.store.Path(), 50)), ""}
	if u.note != "" {
		lines = append(lines, st.Muted.Render(u.note), "")
	}
	lines = append(lines, "Passphrase", u.input.View(), "")
	switch {
	case u.busy:
		lines = append(lines, u.spinner.View()+" unlocking…")
	case u.err != "":
		lines = append(lines, st.Error.Render(u.err))
	default:
		lines = append(lines, st.Muted.Render("enter unlocks"))
	}
	return center(u.c, st.Dialog.Render(strings.Join(lines, "\n")))
}

func (u unlock) help() keyHelp {
	k := u.c.keys
	return keyHelp{
		short: []key.Binding{withHelp(k.Submit, "enter", "unlock"), k.Quit},
		full:  [][]key.Binding{{withHelp(k.Submit, "enter", "unlock")}, {k.Quit}},
	}
}

// center places s in the middle of the body area.
func center(c *common, s string) string {
	return lipgloss.Place(c.width, max(1, c.height-2), lipgloss.Center, lipgloss.Center, s)
}

// setup is the first-run screen: it explains what is about to be created
// and asks for a new passphrase twice. ctrl+r turns it into a restore: the
// new vault is made from a backup (its file, and its passphrase or the
// identity file it is encrypted to), as `confidant restore` does.
type setup struct {
	c       *common
	inputs  [2]textinput.Model // the new passphrase, twice
	focus   int                // among fields()
	spinner spinner.Model
	busy    bool
	err     string

	restoring bool
	file      textinput.Model // the backup
	secret    textinput.Model // its passphrase
	ident     textinput.Model // or the identity file it is encrypted to
	plug      pluginPrompt    // the identity's plugin asking while the backup opens
}

func newSetup(c *common) (setup, tea.Cmd) {
	s := setup{c: c, spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
	s.inputs[0] = newPassInput(c, "new passphrase")
	s.inputs[1] = newPassInput(c, "the same again")
	s.file = newPathInput(c, "")
	s.file.Placeholder = "~/backups/confidant.age"
	s.secret = newPassInput(c, "empty if it is encrypted to a key:")
	s.ident = newPathInput(c, "")
	s.ident.Placeholder = "then its key: ~/.ssh/id_ed25519, age key"
	for _, in := range []*textinput.Model{&s.file, &s.secret, &s.ident} {
		in.Prompt = ""
	}
	s.plug = newPluginPrompt(c)
	s.resize()
	return s, s.inputs[0].Focus()
}

// The restore form's rows: a mark, a label and a space before the input,
// inside the dialog's border and padding.
const (
	restoreRowW    = 2 + 15 + 1
	dialogFrameW   = 2 + 4
	restoreInputW  = 40
	restoreMinimum = 16
)

// resize fits the inputs to the terminal. The full restore form is 70
// columns wide; on a narrower terminal its inputs narrow (their text
// scrolls) and the strength hint wraps, so that it still fits in 60.
func (s *setup) resize() {
	if s.c == nil { // not made: the vault exists
		return
	}
	w := restoreInputW
	if s.c.width > 0 {
		w = max(restoreMinimum, min(restoreInputW, s.c.width-dialogFrameW-restoreRowW-1))
	}
	for _, in := range []*textinput.Model{&s.file, &s.secret, &s.ident, &s.inputs[0], &s.inputs[1]} {
		in.SetWidth(w)
	}
}

// fields lists the inputs in the order the keyboard visits them.
func (s *setup) fields() []*textinput.Model {
	if s.restoring {
		return []*textinput.Model{&s.file, &s.secret, &s.ident, &s.inputs[0], &s.inputs[1]}
	}
	return []*textinput.Model{&s.inputs[0], &s.inputs[1]}
}

// restoreBackupCmd reads the backup at path with keys, creates the vault at
// vaultPath from it with the new passphrase, keeping the backup's handoff
// identity, and clears the passphrases.
func restoreBackupCmd(path string, keys vault.FileKeys, vaultPath string, pass []byte, co vault.CreateOptions, o *vault.Options) tea.Cmd {
	return func() tea.Msg {
		defer clear(pass)
		b, err := vault.ReadBackup(path, keys)
		clear(keys.Passphrase)
		if err != nil {
			return createdMsg{err: err}
		}
		defer b.Wipe()
		co.Identity = b.Identity
		s, err := vault.CreateFromBackup(vaultPath, pass, b, filepath.Base(path), co, o)
		return createdMsg{store: s, err: err, restored: len(b.Dossiers)}
	}
}

func (s setup) typing() bool { return true }

func (s setup) Update(msg tea.Msg) (setup, tea.Cmd) {
	k := s.c.keys
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !s.busy {
			return s, nil
		}
		var cmd tea.Cmd
		s.spinner, cmd = s.spinner.Update(msg)
		return s, cmd
	case pluginAskMsg:
		return s, s.plug.receive(msg)
	case createdMsg: // only failures reach here
		s.busy = false
		s.err = s.plug.explain(msg.err)
		s.plug.cancel()
		if !s.restoring {
			return s, s.focusOn(0)
		}
		switch {
		case errors.Is(msg.err, vault.ErrWrongPassphrase):
			s.err = "wrong passphrase for the backup, try again (and the new one twice)"
			return s, s.focusOn(1)
		case errors.Is(msg.err, vault.ErrPassphraseNeeded):
			s.err = "the backup is encrypted with a passphrase: type it (and the new one twice)"
			return s, s.focusOn(1)
		case errors.Is(msg.err, vault.ErrNotForYou) || errors.Is(msg.err, vault.ErrIdentity) || errors.Is(msg.err, vault.ErrPlugin):
			return s, s.focusOn(2)
		case errors.Is(msg.err, vault.ErrNotAgeFile) && vault.IsVaultFile(expandHome(s.fields()[0].Value())):
			s.err = fmt.Sprintf("%s is a vault (from backup --copy), opened as it is with its own passphrase: copy it to %s",
				Plain(filepath.Base(expandHome(s.fields()[0].Value()))), Plain(s.c.cfg.Path))
		}
		return s, s.focusOn(0)
	case tea.KeyPressMsg:
		if s.busy {
			if s.plug.open() {
				return s, s.plug.update(msg)
			}
			return s, nil
		}
		if key.Matches(msg, k.FromBackup) {
			s.fields()[s.focus].Blur()
			s.restoring, s.focus, s.err = !s.restoring, 0, ""
			// The restore form's rows mark the focus; the first-run form
			// shows each input under its label, with a prompt.
			prompt := "› "
			if s.restoring {
				prompt = ""
			}
			s.inputs[0].Prompt, s.inputs[1].Prompt = prompt, prompt
			return s, s.fields()[0].Focus()
		}
		if s.restoring {
			return s.updateRestore(msg)
		}
		switch {
		case key.Matches(msg, k.Submit) && vault.PassphraseProblem(s.inputs[0].Value()) != "":
			// Checked here too, not only on leaving the first input:
			// tab passes it by.
			s.err = "the passphrase " + vault.PassphraseProblem(s.inputs[0].Value()) + "; a few unrelated words are best"
			return s, s.focusOn(0)
		case key.Matches(msg, k.Submit) && s.focus == 0:
			return s, s.focusOn(1)
		case key.Matches(msg, k.Submit):
			if s.inputs[0].Value() != s.inputs[1].Value() {
				s.err = "the two passphrases differ: type the second again"
				s.inputs[1].Reset()
				return s, nil
			}
			pass := []byte(s.inputs[0].Value())
			s.inputs[0].Reset()
			s.inputs[1].Reset()
			s.inputs[1].Blur()
			s.busy, s.err = true, ""
			return s, tea.Batch(createCmd(s.c.cfg.Path, pass, s.c.cfg.Create, s.c.cfg.Options), s.spinner.Tick)
		case key.Matches(msg, s.c.keys.NextInput):
			return s, s.focusOn(1)
		case key.Matches(msg, s.c.keys.PrevInput):
			return s, s.focusOn(0)
		}
	}
	var cmd tea.Cmd
	f := s.fields()
	*f[s.focus], cmd = f[s.focus].Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		s.err = ""
	}
	return s, cmd
}

func (s *setup) focusOn(i int) tea.Cmd {
	f := s.fields()
	f[s.focus].Blur()
	s.focus = i
	return f[i].Focus()
}

// updateRestore handles a key in the restore form: the backup file, its
// passphrase or identity file, then the new vault's passphrase twice.
func (s setup) updateRestore(msg tea.KeyPressMsg) (setup, tea.Cmd) {
	k := s.c.keys
	last := len(s.fields()) - 1
	switch {
	case key.Matches(msg, k.NextInput):
		return s, s.focusOn(min(last, s.focus+1))
	case key.Matches(msg, k.PrevInput):
		return s, s.focusOn(max(0, s.focus-1))
	case key.Matches(msg, k.Submit) && s.focus < last:
		return s, s.focusOn(s.focus + 1)
	case key.Matches(msg, k.Submit):
		file := strings.TrimSpace(s.file.Value())
		switch {
		case file == "":
			s.err = "type the path of the backup file"
			return s, s.focusOn(0)
		case vault.PassphraseProblem(s.inputs[0].Value()) != "":
			s.err = "the new passphrase " + vault.PassphraseProblem(s.inputs[0].Value()) + "; a few unrelated words are best"
			return s, s.focusOn(3)
		case s.inputs[0].Value() != s.inputs[1].Value():
			s.err = "the two new passphrases differ: type the second again"
			s.inputs[1].Reset()
			return s, s.focusOn(4)
		}
		keys := vault.FileKeys{Passphrase: []byte(s.secret.Value())}
		if id := strings.TrimSpace(s.ident.Value()); id != "" {
			keys.IdentityFile = expandHome(id)
			keys.Prompts = s.plug.start(s.c.nextSeq()) // a plugin's identity asks through it
		}
		pass := []byte(s.inputs[0].Value())
		s.secret.Reset()
		s.inputs[0].Reset()
		s.inputs[1].Reset()
		s.fields()[s.focus].Blur()
		s.busy, s.err = true, ""
		cfg := s.c.cfg
		return s, tea.Batch(s.plug.run(restoreBackupCmd(expandHome(file), keys, cfg.Path, pass, cfg.Create, cfg.Options)), s.spinner.Tick)
	}
	var cmd tea.Cmd
	f := s.fields()
	*f[s.focus], cmd = f[s.focus].Update(msg)
	s.err = ""
	return s, cmd
}

func (s setup) View() string {
	st := s.c.styles
	if s.restoring {
		return s.restoreView()
	}
	lines := []string{
		st.Title.Render("Welcome to Confidant"),
		"",
		"There is no vault yet. One will be created at",
		st.Value.Render(elidePath(s.c.cfg.Path, 56)),
		"sealed with a passphrase only you know. It cannot",
		"be recovered if forgotten: write it down somewhere safe.",
		"",
		"Passphrase",
		s.inputs[0].View(),
		st.Muted.Render(strength(s.inputs[0].Value())),
		"Again",
		s.inputs[1].View(),
		"",
	}
	switch {
	case s.busy:
		lines = append(lines, s.spinner.View()+" creating the vault…")
	case s.err != "":
		lines = append(lines, st.Error.Render(s.err))
	default:
		lines = append(lines, st.Muted.Render("enter to continue · ctrl+r restore a backup instead"))
	}
	return center(s.c, st.Dialog.Render(strings.Join(lines, "\n")))
}

// textWidth is how wide a line of the restore form may be: as wide as a
// row of the full form, or what the terminal leaves.
func (s setup) textWidth() int {
	w := restoreRowW + restoreInputW + 6
	if s.c.width > 0 {
		w = min(w, s.c.width-dialogFrameW)
	}
	return w
}

func (s setup) restoreView() string {
	st := s.c.styles
	c := s.c
	lines := []string{
		st.Title.Render("Restore a backup"),
		"into " + st.Value.Render(elidePath(c.cfg.Path, s.textWidth()-len("into "))),
		st.Muted.Render("everything it holds, under a new passphrase"),
		"",
		row(c, s.focus == 0, "Backup file", s.file.View()),
		row(c, s.focus == 1, "Its passphrase", s.secret.View()),
		row(c, s.focus == 2, "Identity file", s.ident.View()),
		row(c, s.focus == 3, "New passphrase", s.inputs[0].View()),
	}
	for _, l := range wrapLines(strength(s.inputs[0].Value()), s.textWidth()-restoreRowW, 2, st.Muted.Render) {
		lines = append(lines, row(c, false, "", l))
	}
	lines = append(lines,
		row(c, s.focus == 4, "Again", s.inputs[1].View()),
		"",
	)
	switch {
	case s.busy:
		lines = append(lines, s.spinner.View()+" restoring…")
		lines = append(lines, s.plug.view(s.textWidth())...)
	case s.err != "":
		lines = append(lines, wrapLines(s.err, s.textWidth(), 4, st.Error.Render)...)
	default:
		lines = append(lines, st.Muted.Render("enter to continue · ctrl+r a new empty vault instead"))
	}
	return center(c, st.Dialog.Render(strings.Join(lines, "\n")))
}

func (s setup) help() keyHelp {
	k := s.c.keys
	other := withHelp(k.FromBackup, "ctrl+r", "restore a backup")
	if s.restoring {
		other = withHelp(k.FromBackup, "ctrl+r", "new empty vault")
	}
	return keyHelp{
		short: []key.Binding{withHelp(k.Submit, "enter", "continue"), withHelp(k.NextInput, "tab", "next"), other, k.Quit},
		full:  [][]key.Binding{{withHelp(k.Submit, "enter", "continue"), k.NextInput, k.PrevInput, other}, {k.Quit}},
	}
}

// strength is a rough hint of a passphrase's strength, never its content.
func strength(p string) string {
	if p == "" {
		return "a few unrelated words make a strong passphrase"
	}
	classes := 0
	for _, f := range []func(rune) bool{unicode.IsLower, unicode.IsUpper, unicode.IsDigit, unicode.IsSpace, unicode.IsPunct} {
		if strings.IndexFunc(p, f) >= 0 {
			classes++
		}
	}
	n := len([]rune(p))
	score := n + 3*classes
	switch {
	case n < vault.MinPassphrase:
		return "strength: too short"
	case vault.CommonPassword(p):
		return "strength: a common password, guessed first"
	case score < 18:
		return "strength: weak, add words"
	case score < 26:
		return "strength: fair"
	default:
		return "strength: strong"
	}
}
