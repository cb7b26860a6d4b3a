package ui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// passwdScreen changes the vault passphrase, as confidant passwd does: a
// new vault key, every value sealed again with it, and with ctrl+o a new
// handoff recipient. It asks for the current passphrase first, so that
// someone at a laptop left unlocked cannot lock its owner out, then the new
// one twice, under the rule a new vault's passphrase follows.
type passwdScreen struct {
	c       *common
	inputs  [3]textinput.Model // the current passphrase, the new one, the new one again
	focus   int
	busy    bool
	err     string
	spinner spinner.Model
	// newRecipient also replaces the handoff identity (ctrl+o), for when
	// the old passphrase leaked (vault.KeyChange).
	newRecipient bool
}

// passwdMsg reports the end of a passphrase change.
type passwdMsg struct {
	note      string // see wipeNote
	recipient string // the new recipient, if it changed
	err       error
}

// newRecipientKey toggles passwdScreen.newRecipient.
var newRecipientKey = key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "new recipient too"))

func newPasswd(c *common) (passwdScreen, tea.Cmd) {
	p := passwdScreen{c: c, spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
	for i, placeholder := range []string{"the passphrase the vault has", "new passphrase", "the same again"} {
		p.inputs[i] = newPassInput(c, placeholder)
		p.inputs[i].Prompt = ""
	}
	return p, p.inputs[0].Focus()
}

func (p passwdScreen) typing() bool { return !p.busy }

func (p *passwdScreen) focusOn(i int) tea.Cmd {
	p.inputs[p.focus].Blur()
	p.focus = i
	return p.inputs[i].Focus()
}

// drop clears what was typed.
func (p *passwdScreen) drop() {
	for i := range p.inputs {
		p.inputs[i].Reset()
	}
}

func (p passwdScreen) Update(msg tea.Msg) (passwdScreen, tea.Cmd) {
	k := p.c.keys
	switch msg := msg.(type) {
	case passwdMsg:
		p.busy = false
		switch {
		case errors.Is(msg.err, vault.ErrWrongPassphrase):
			p.err = "that is not the vault's passphrase: nothing was changed"
			p.inputs[0].Reset()
			return p, p.focusOn(0)
		case msg.err != nil:
			p.err = errText(msg.err) + ": nothing was changed"
			return p, p.focusOn(0)
		}
		if msg.recipient != "" {
			return p, tea.Batch(p.c.post(backMsg{}), statusCmd("new passphrase and recipient: colleagues need it (C, then y copies it)%s", msg.note))
		}
		return p, tea.Batch(p.c.post(backMsg{}), statusCmd("passphrase changed: the vault opens with the new one%s", msg.note))
	case spinner.TickMsg:
		if !p.busy {
			return p, nil
		}
		var cmd tea.Cmd
		p.spinner, cmd = p.spinner.Update(msg)
		return p, cmd
	case tea.KeyPressMsg:
		switch {
		case p.busy:
			return p, nil
		case key.Matches(msg, k.Back):
			p.drop()
			return p, p.c.post(backMsg{})
		case key.Matches(msg, newRecipientKey):
			p.newRecipient = !p.newRecipient
			return p, nil
		case key.Matches(msg, k.NextInput):
			return p, p.focusOn((p.focus + 1) % len(p.inputs))
		case key.Matches(msg, k.PrevInput):
			return p, p.focusOn((p.focus + len(p.inputs) - 1) % len(p.inputs))
		case key.Matches(msg, k.Submit) && p.focus < len(p.inputs)-1:
			return p, p.focusOn(p.focus + 1)
		case key.Matches(msg, k.Submit):
			return p.start()
		}
	}
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		p.err = ""
	}
	return p, cmd
}

// start checks what was typed and changes the passphrase in a command: the
// check of the current one and the sealing under the new one each cost a
// key derivation.
func (p passwdScreen) start() (passwdScreen, tea.Cmd) {
	cur, next, again := p.inputs[0].Value(), p.inputs[1].Value(), p.inputs[2].Value()
	switch {
	case cur == "":
		p.err = "type the passphrase the vault has now"
		return p, p.focusOn(0)
	case vault.PassphraseProblem(next) != "":
		p.err = "the new passphrase " + vault.PassphraseProblem(next) + "; a few unrelated words are best"
		return p, p.focusOn(1)
	case next != again:
		p.err = "the two new passphrases differ: type the second again"
		p.inputs[2].Reset()
		return p, p.focusOn(2)
	case next == cur:
		p.err = "that is the passphrase the vault has"
		p.inputs[1].Reset()
		p.inputs[2].Reset()
		return p, p.focusOn(1)
	}
	p.drop()
	p.inputs[p.focus].Blur()
	p.busy, p.err = true, ""
	return p, tea.Batch(passwdCmd(p.c.store, []byte(cur), []byte(next), p.newRecipient), p.spinner.Tick)
}

// passwdCmd checks the current passphrase, then changes the keys
// (vault.Store.ChangeKeys) under the new one. Both are cleared when it is
// done.
func passwdCmd(s *vault.Store, cur, next []byte, newRecipient bool) tea.Cmd {
	return func() tea.Msg {
		defer clear(cur)
		defer clear(next)
		if err := s.CheckPassphrase(cur); err != nil {
			return passwdMsg{err: err}
		}
		note, err := wipeNote(s.ChangeKeys(next, vault.KeyChange{NewRecipient: newRecipient}))
		msg := passwdMsg{note: note, err: err}
		if err == nil && newRecipient {
			msg.recipient, _ = s.Recipient()
		}
		return msg
	}
}

func (p passwdScreen) View() string {
	c := p.c
	st := c.styles
	lines := []string{
		st.Title.Render("Change the vault passphrase"),
		st.Muted.Render("every value is resealed under a new key; older copies keep the old passphrase"),
		"",
		row(c, p.focus == 0, "Current", p.inputs[0].View()),
		"",
		row(c, p.focus == 1, "New", p.inputs[1].View()),
		row(c, p.focus == 2, "Again", p.inputs[2].View()),
		row(c, false, "", st.Muted.Render(strength(p.inputs[1].Value()))),
		"",
	}
	if p.newRecipient {
		lines = append(lines, st.Warn.Render("and a new recipient: handoffs addressed to the old one will not open (ctrl+o)"), "")
	} else {
		lines = append(lines, st.Muted.Render("if the old one leaked, ctrl+o also gives the vault a new recipient"), "")
	}
	lines = append(lines, formFoot(c, p.busy, p.spinner, "checking the passphrase and sealing the keys…", p.err,
		"it cannot be recovered if forgotten: write it down somewhere safe")...)
	return strings.Join(lines, "\n")
}

func (p passwdScreen) help() keyHelp {
	k := p.c.keys
	submit := withHelp(k.Submit, "enter", "next")
	if p.focus == len(p.inputs)-1 {
		submit = withHelp(k.Submit, "enter", "change it")
	}
	return keyHelp{
		short: []key.Binding{submit, k.NextInput, k.Back},
		full:  [][]key.Binding{{submit, k.NextInput, k.PrevInput, newRecipientKey, k.Back}, globalKeys(k)},
	}
}
