package ui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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
		if key.Matches(msg, u.c.keys.Submit) {
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
	lines := []string{st.Title.Render("Confidant"), st.Muted.Render(truncate(u.c.store.Path(), 50)), ""}
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
// and asks for a new passphrase twice.
type setup struct {
	c       *common
	inputs  [2]textinput.Model
	focus   int
	spinner spinner.Model
	busy    bool
	err     string
}

func newSetup(c *common) (setup, tea.Cmd) {
	s := setup{c: c, spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
	s.inputs[0] = newPassInput(c, "new passphrase")
	s.inputs[1] = newPassInput(c, "the same again")
	return s, s.inputs[0].Focus()
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
	case createdMsg: // only failures reach here
		s.busy = false
		s.err = errText(msg.err)
		return s, s.inputs[0].Focus()
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		switch {
		case key.Matches(msg, k.Submit) && s.focus == 0:
			if len(s.inputs[0].Value()) < 8 {
				s.err = "use at least 8 characters; a few unrelated words are best"
				return s, nil
			}
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
		case msg.String() == "tab" || msg.String() == "down":
			return s, s.focusOn(1)
		case msg.String() == "shift+tab" || msg.String() == "up":
			return s, s.focusOn(0)
		}
	}
	var cmd tea.Cmd
	s.inputs[s.focus], cmd = s.inputs[s.focus].Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		s.err = ""
	}
	return s, cmd
}

func (s *setup) focusOn(i int) tea.Cmd {
	s.inputs[s.focus].Blur()
	s.focus = i
	return s.inputs[i].Focus()
}

func (s setup) View() string {
	st := s.c.styles
	lines := []string{
		st.Title.Render("Welcome to Confidant"),
		"",
		"There is no vault yet. One will be created at",
		st.Value.Render(truncate(s.c.cfg.Path, 56)),
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
		lines = append(lines, st.Muted.Render("enter to continue · ctrl+c to leave"))
	}
	return center(s.c, st.Dialog.Render(strings.Join(lines, "\n")))
}

func (s setup) help() keyHelp {
	k := s.c.keys
	return keyHelp{
		short: []key.Binding{withHelp(k.Submit, "enter", "continue"), withHelp(k.NextInput, "tab", "next"), k.Quit},
		full:  [][]key.Binding{{withHelp(k.Submit, "enter", "continue"), k.NextInput, k.PrevInput}, {k.Quit}},
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
	case n < 8:
		return "strength: too short"
	case score < 18:
		return "strength: weak, add words"
	case score < 26:
		return "strength: fair"
	default:
		return "strength: strong"
	}
}
