package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// contactsScreen is the address book: colleagues, and the public keys that
// handoffs to them are encrypted to. It lists them, adds one (a name and a
// key, checked before anything is saved) and removes one after asking.
// Handoffs choose from it.
type contactsScreen struct {
	c       *common
	items   []vault.Contact
	cursor  int
	loading bool
	seq     uint64
	adding  bool
	busy    bool // an add runs
	name    textinput.Model
	key     textinput.Model
	focus   int // in the form: 0 the name, 1 the key
	err     string
}

// Messages of the address book.
type (
	// contactAddedMsg reports an add.
	contactAddedMsg struct {
		contact vault.Contact
		err     error
	}
	// contactRemoveMsg is the confirmed request to remove a contact.
	contactRemoveMsg struct{ name string }
	// contactRemovedMsg reports a removal.
	contactRemovedMsg struct {
		name string
		err  error
	}
)

func newContacts(c *common) (contactsScreen, tea.Cmd) {
	s := contactsScreen{c: c, loading: true, seq: c.nextSeq()}
	s.name = newPathInput(c, "")
	s.name.Placeholder = "a colleague's name"
	s.key = newPathInput(c, "")
	s.key.Placeholder = "age1…, age1pq1…, ssh-ed25519 … or ssh-rsa …"
	return s, contactsCmd(c.store, s.seq)
}

func (s contactsScreen) typing() bool { return s.adding }

func addContactCmd(st *vault.Store, name, recipient string) tea.Cmd {
	return func() tea.Msg {
		c, err := st.AddContact(name, recipient)
		return contactAddedMsg{contact: c, err: err}
	}
}

func removeContactCmd(st *vault.Store, name string) tea.Cmd {
	return func() tea.Msg {
		return contactRemovedMsg{name: name, err: st.RemoveContact(name)}
	}
}

// reload asks for the address book again.
func (s *contactsScreen) reload() tea.Cmd {
	s.seq = s.c.nextSeq()
	return contactsCmd(s.c.store, s.seq)
}

func (s contactsScreen) Update(msg tea.Msg) (contactsScreen, tea.Cmd) {
	k := s.c.keys
	switch msg := msg.(type) {
	case contactsMsg:
		if msg.seq != s.seq {
			return s, nil
		}
		s.items, s.loading = msg.contacts, false
		s.cursor = clamp(s.cursor, 0, len(s.items)-1)
		if msg.err != nil {
			return s, errCmd(msg.err)
		}
		return s, nil
	case contactAddedMsg:
		s.busy = false
		if msg.err != nil {
			s.err = errText(msg.err)
			return s, nil
		}
		s.adding, s.err = false, ""
		s.name.Reset()
		s.key.Reset()
		s.name.Blur()
		s.key.Blur()
		return s, tea.Batch(statusCmd("added %s to the address book", msg.contact.Name), s.reload())
	case contactRemoveMsg:
		return s, removeContactCmd(s.c.store, msg.name)
	case contactRemovedMsg:
		if msg.err != nil {
			return s, errCmd(msg.err)
		}
		return s, tea.Batch(statusCmd("removed %s from the address book", msg.name), s.reload())
	case tea.MouseWheelMsg:
		if !s.adding {
			s.cursor = wheel(msg, s.cursor, len(s.items))
		}
		return s, nil
	case tea.KeyPressMsg:
		if s.adding {
			return s.updateForm(msg)
		}
		if c, ok := listNav(k, msg, s.cursor, len(s.items), 10); ok {
			s.cursor = c
			return s, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return s, s.c.post(backMsg{})
		case key.Matches(msg, k.Add):
			s.adding, s.focus, s.err = true, 0, ""
			return s, s.name.Focus()
		case key.Matches(msg, k.Copy):
			return s, copyRecipientCmd(s.c)
		case key.Matches(msg, k.Detach) && len(s.items) > 0:
			name := s.items[s.cursor].Name
			return s, s.c.post(confirmMsg{prompt: fmt.Sprintf("Remove %s from the address book?\nFiles already handed over are not affected.", name), yes: contactRemoveMsg{name: name}})
		}
	}
	return s, nil
}

// updateForm handles a key in the form that adds a contact.
func (s contactsScreen) updateForm(msg tea.KeyPressMsg) (contactsScreen, tea.Cmd) {
	k := s.c.keys
	if s.busy {
		return s, nil
	}
	switch {
	case key.Matches(msg, k.Back):
		s.adding, s.err = false, ""
		s.name.Blur()
		s.key.Blur()
		return s, nil
	case key.Matches(msg, s.c.keys.NextStop, s.c.keys.PrevStop):
		return s, s.focusOn(1 - s.focus)
	case key.Matches(msg, k.Submit):
		name, recipient := strings.TrimSpace(s.name.Value()), strings.TrimSpace(s.key.Value())
		switch {
		case name == "":
			s.err = "type the colleague's name"
			return s, s.focusOn(0)
		case recipient == "" && s.focus == 0:
			return s, s.focusOn(1)
		case recipient == "":
			s.err = "paste the colleague's public key: they get it with confidant recipient, or age-keygen -y"
			return s, nil
		}
		s.busy, s.err = true, ""
		return s, addContactCmd(s.c.store, name, recipient)
	}
	var cmd tea.Cmd
	if s.focus == 0 {
		s.name, cmd = s.name.Update(msg)
	} else {
		s.key, cmd = s.key.Update(msg)
	}
	return s, cmd
}

// focusOn moves the cursor to the name (0) or the key (1).
func (s *contactsScreen) focusOn(i int) tea.Cmd {
	s.focus = i
	if i == 0 {
		s.key.Blur()
		return s.name.Focus()
	}
	s.name.Blur()
	return s.key.Focus()
}

func (s contactsScreen) View() string {
	c := s.c
	st := c.styles
	if s.adding {
		lines := []string{
			st.Title.Render("Add a contact"),
			st.Muted.Render("handoffs to them are encrypted to their public key; only they can open them"),
			"",
			row(c, s.focus == 0, "Name", s.name.View()),
			row(c, s.focus == 1, "Public key", s.key.View()),
			"",
		}
		if s.err != "" {
			lines = append(lines, wrapLines(s.err, c.width, 3, st.Error.Render)...)
		} else {
			lines = append(lines, st.Muted.Render("tab moves · enter adds · esc back"))
		}
		return fitLines(lines, c.width, max(4, c.height-2))
	}
	row := func(i int) string {
		ct := &s.items[i]
		return fmt.Sprintf("  %s %-28s added %s", pad(ct.Name, 24), abbreviateKey(ct.Recipient), ct.Added.Local().Format(time.DateOnly))
	}
	empty := "no contacts yet: a adds one"
	if s.loading {
		empty = "opening the address book…"
	}
	extra := []string{st.Muted.Render("handoffs (O) choose from these")}
	if rcpt, err := c.store.Recipient(); err == nil {
		extra = append(extra, st.Muted.Render("this vault's recipient: "+AbbreviateKey(rcpt)+" · y copies it for colleagues"))
	}
	return listScreen(c, "Address book", len(s.items), row, s.cursor, empty, extra)
}

func (s contactsScreen) help() keyHelp {
	k := s.c.keys
	if s.adding {
		add := withHelp(k.Submit, "enter", "add")
		move := withHelp(k.NextInput, "tab", "next")
		return keyHelp{short: []key.Binding{add, move, k.Back}, full: [][]key.Binding{{add, move, k.Back}, {k.Quit, k.Privacy, k.Lock}}}
	}
	add := withHelp(k.Add, "a", "add contact")
	remove := withHelp(k.Detach, "x", "remove")
	own := withHelp(k.Copy, "y", "copy this vault's recipient")
	return keyHelp{
		short: []key.Binding{add, remove, own, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, add, remove, own, k.Back}, globalKeys(k)},
	}
}

// copyRecipientCmd puts the vault's public recipient on the clipboard, for
// the person to send to colleagues (their confidant contacts add, or age
// -r). It is public: not logged, not cleared.
func copyRecipientCmd(c *common) tea.Cmd {
	rcpt, err := c.store.Recipient()
	if err != nil {
		return errCmd(err)
	}
	cmds := []tea.Cmd{tea.SetClipboard(rcpt), statusCmd("this vault's recipient is on the clipboard: send it to colleagues")}
	if c.sysClipboard != nil {
		write := c.sysClipboard
		cmds = append(cmds, func() tea.Msg { write(rcpt); return nil })
	}
	return tea.Batch(cmds...)
}
