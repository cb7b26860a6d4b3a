package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// tagsScreen lists the vault's tags with how many dossiers carry each, as
// `confidant tags` does: enter shows those dossiers (the filter #tag), r
// renames a tag in every dossier that carries it, x takes it away from
// them, after asking; a gives a tag to every dossier the list's filter
// showed, as `tags add --search` does.
type tagsScreen struct {
	c        *common
	tags     []vault.TagCount
	cursor   int
	seq      uint64 // the latest request; older replies are dropped
	loading  bool
	renaming bool // the new name is being typed
	adding   bool // a tag for the dossiers shown is being typed
	input    textinput.Model
	err      string
	// shown are the dossiers the list's filter (query) showed when the
	// screen opened; none when it showed them all.
	shown []vault.ID
	query string
}

// Messages of the tags screen.
type (
	// tagsMsg carries the tags, counted off the interface's goroutine.
	tagsMsg struct {
		seq  uint64
		tags []vault.TagCount
		err  error
	}
	// renameTagMsg is the confirmed request to rename a tag everywhere, or
	// to take it away when to is "".
	renameTagMsg struct{ from, to string }
	// filterMsg goes back to the list, filtered by query.
	filterMsg struct{ query string }
)

func tagsCmd(s *vault.Store, seq uint64) tea.Cmd {
	return func() tea.Msg {
		tags, err := s.Tags()
		return tagsMsg{seq: seq, tags: tags, err: err}
	}
}

func tagAllCmd(s *vault.Store, ids []vault.ID, tag string) tea.Cmd {
	return func() tea.Msg {
		n, err := s.TagAll(ids, tag)
		status := fmt.Sprintf("tagged %d dossier%s %s", n, plural(n), Plain(tag))
		if had := len(ids) - n; had > 0 && err == nil {
			status += fmt.Sprintf("; %d had it already", had)
		}
		return savedMsg{status: status, err: err, back: true}
	}
}

func renameTagCmd(s *vault.Store, from, to string) tea.Cmd {
	return func() tea.Msg {
		n, err := s.RenameTag(from, to)
		status := fmt.Sprintf("%s is %s now, in %d dossier%s", from, to, n, plural(n))
		if to == "" {
			status = fmt.Sprintf("took %s from %d dossier%s", from, n, plural(n))
		}
		return savedMsg{status: status, err: err}
	}
}

func newTags(c *common) (tagsScreen, tea.Cmd) {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "the new name"
	in.SetStyles(c.styles.TextInput)
	in.SetVirtualCursor(true)
	t := tagsScreen{c: c, loading: true, input: in}
	return t, t.refresh()
}

// refresh asks for the tags to be counted again; a tagsMsg brings them.
func (t *tagsScreen) refresh() tea.Cmd {
	t.seq = t.c.nextSeq()
	return tagsCmd(t.c.store, t.seq)
}

func (t tagsScreen) Update(msg tea.Msg) (tagsScreen, tea.Cmd) {
	k := t.c.keys
	switch msg := msg.(type) {
	case tagsMsg:
		if msg.seq == t.seq {
			t.tags, t.loading = msg.tags, false
			if msg.err != nil {
				t.err = errText(msg.err)
			}
			t.cursor = clamp(t.cursor, 0, len(t.tags)-1)
		}
	case renameTagMsg:
		return t, renameTagCmd(t.c.store, msg.from, msg.to)
	case tea.MouseWheelMsg:
		if !t.renaming && !t.adding {
			t.cursor = wheel(msg, t.cursor, len(t.tags))
		}
	case tea.PasteMsg:
		if t.renaming || t.adding {
			var cmd tea.Cmd
			t.input, cmd = t.input.Update(msg)
			return t, cmd
		}
	case tea.KeyPressMsg:
		if t.renaming || t.adding {
			return t.updateRename(msg)
		}
		if c, ok := listNav(k, msg, t.cursor, len(t.tags), 10); ok {
			t.cursor = c
			return t, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return t, t.c.post(backMsg{})
		case key.Matches(msg, k.Add):
			if len(t.shown) == 0 {
				t.err = "filter the list first (/ then words, #tag or kind:), then # and a tags the dossiers it shows"
				return t, nil
			}
			t.adding, t.err = true, ""
			t.input.SetValue("")
			t.input.Placeholder = "a tag"
			return t, t.input.Focus()
		}
		if len(t.tags) == 0 {
			return t, nil
		}
		tag := t.tags[t.cursor]
		switch {
		case key.Matches(msg, k.Submit):
			return t, t.c.post(filterMsg{query: "#" + tag.Tag})
		case key.Matches(msg, k.Rename):
			t.renaming, t.err = true, ""
			t.input.Placeholder = "the new name"
			t.input.SetValue(tag.Tag)
			t.input.CursorEnd()
			return t, t.input.Focus()
		case key.Matches(msg, k.Detach):
			return t, t.c.post(confirmMsg{
				prompt: fmt.Sprintf("Take the tag %s from %d dossier%s?\nEach keeps its other tags; history keeps this one.", Plain(tag.Tag), tag.Dossiers, plural(tag.Dossiers)),
				yes:    renameTagMsg{from: tag.Tag},
			})
		}
	}
	return t, nil
}

// updateRename handles a key while the tag's new name is typed.
func (t tagsScreen) updateRename(msg tea.KeyPressMsg) (tagsScreen, tea.Cmd) {
	k := t.c.keys
	switch {
	case key.Matches(msg, k.Back):
		t.renaming, t.adding, t.err = false, false, ""
		t.input.Placeholder = "the new name"
		t.input.Blur()
		return t, nil
	case key.Matches(msg, k.Submit) && t.adding:
		tag := strings.TrimSpace(t.input.Value())
		switch {
		case tag == "":
			t.err = "type the tag to give them"
			return t, nil
		case strings.ContainsAny(tag, ",\r\n"):
			t.err = "a tag holds no comma"
			return t, nil
		}
		t.adding, t.err = false, ""
		t.input.Blur()
		return t, tagAllCmd(t.c.store, t.shown, tag)
	case key.Matches(msg, k.Submit):
		to := strings.TrimSpace(t.input.Value())
		from := t.tags[t.cursor].Tag
		switch {
		case to == "":
			t.err = "type the new name; x takes a tag away"
			return t, nil
		case strings.ContainsAny(to, ",\r\n"):
			t.err = "a tag holds no comma"
			return t, nil
		case to == from:
			t.renaming = false
			t.input.Blur()
			return t, nil
		}
		t.renaming, t.err = false, ""
		t.input.Blur()
		return t, renameTagCmd(t.c.store, from, to)
	}
	var cmd tea.Cmd
	t.input, cmd = t.input.Update(msg)
	t.err = ""
	return t, cmd
}

func (t tagsScreen) View() string {
	st := t.c.styles
	row := func(i int) string {
		return fmt.Sprintf("  %6d  %s", t.tags[i].Dossiers, t.tags[i].Tag)
	}
	title := "Tags" + st.TitleAside.Render(fmt.Sprintf("  %d tag%s", len(t.tags), plural(len(t.tags))))
	empty := "no dossier has a tag yet: e edits a dossier's tags"
	if t.loading {
		title, empty = "Tags", "counting the tags…"
	}
	var extra []string
	switch {
	case t.adding:
		extra = append(extra, fmt.Sprintf("Tag the %d dossier%s shown by %s with: ", len(t.shown), plural(len(t.shown)), Plain(t.query))+t.input.View())
	case t.renaming:
		extra = append(extra, "Rename "+Plain(t.tags[t.cursor].Tag)+" in every dossier to: "+t.input.View())
	case len(t.shown) > 0:
		extra = append(extra, st.Muted.Render(fmt.Sprintf("enter shows its dossiers · r renames it everywhere · x takes it away · a tags the %d shown by %s", len(t.shown), Plain(t.query))))
	case len(t.tags) > 0:
		extra = append(extra, st.Muted.Render("enter shows its dossiers · r renames it everywhere · x takes it away"))
	}
	if t.err != "" {
		extra = append(extra, st.Error.Render(t.err))
	}
	return listScreen(t.c, title, len(t.tags), row, t.cursor, empty, extra)
}

func (t tagsScreen) help() keyHelp {
	k := t.c.keys
	if t.renaming || t.adding {
		do := withHelp(k.Submit, "enter", "rename")
		if t.adding {
			do = withHelp(k.Submit, "enter", "tag them")
		}
		return keyHelp{
			short: []key.Binding{do, withHelp(k.Back, "esc", "cancel")},
			full:  [][]key.Binding{{do, withHelp(k.Back, "esc", "cancel")}, {k.Quit, k.Privacy, k.Lock}},
		}
	}
	show, away := withHelp(k.Submit, "enter", "show its dossiers"), withHelp(k.Detach, "x", "take away")
	short := []key.Binding{k.Up, k.Down, show, k.Rename, away, k.Back}
	if len(t.shown) > 0 {
		short = slices.Insert(short, 5, withHelp(k.Add, "a", "tag those shown"))
	}
	return keyHelp{
		short: short,
		full:  [][]key.Binding{short, globalKeys(k)},
	}
}
