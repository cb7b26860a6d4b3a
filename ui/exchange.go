package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// What the backup, handoff and import screens share: choosing recipients,
// a column of focus stops, and the commands that write and read files for
// other people. Only the encrypted file ever reaches the disk; the bundle's
// plaintext lives in a command, or (import) in the screen until it leaves.

// Messages of the backup, handoff and import screens.
type (
	// contactsMsg carries the address book.
	contactsMsg struct {
		seq      uint64
		contacts []vault.Contact
		err      error
	}
	// wroteMsg reports a backup or handoff file written (or not).
	wroteMsg struct {
		path       string
		dossiers   int
		contacts   int
		to         string   // whom it is encrypted to, for people
		unreadable []string // what a backup left out because it did not open
		err        error
	}
)

// nextSeq returns a new request number: a screen keeps the number of its
// latest request and ignores replies to earlier ones (from a screen left
// since, or before a lock).
func (c *common) nextSeq() uint64 {
	c.seq++
	return c.seq
}

func contactsCmd(s *vault.Store, seq uint64) tea.Cmd {
	return func() tea.Msg {
		cs, err := s.Contacts()
		return contactsMsg{seq: seq, contacts: cs, err: err}
	}
}

// abbreviateKey shortens a public key for people: age1qyqs…x7ke.
func abbreviateKey(k string) string { return AbbreviateKey(k) }

// AbbreviateKey shortens a public key for people, drawn plain:
// age1qyqs…x7ke, ssh-ed25519 …AAAAC3NzaC1l.
func AbbreviateKey(k string) string {
	k = Plain(strings.TrimSpace(k))
	if f := strings.Fields(k); len(f) >= 2 && strings.HasPrefix(k, "ssh-") {
		if len(f[1]) > 20 {
			return f[0] + " …" + f[1][len(f[1])-12:]
		}
		return f[0] + " " + f[1]
	}
	if len(k) > 24 {
		return k[:12] + "…" + k[len(k)-8:]
	}
	return k
}

// FromText says who wrote a bundle about to be imported, and whether that
// is proven: a handoff sealed by the vault it names, or only a name anyone
// could have written. It follows a label ("From", "from:"), and is "" when
// the bundle names nobody.
func FromText(f vault.From) (text string, verified bool) {
	if f.Key == "" {
		return "", false
	}
	who := AbbreviateKey(f.Key)
	if f.Contact != "" {
		who = Plain(f.Contact) + " (" + who + ")"
	}
	switch {
	case !f.Handoff && f.Own:
		return "a backup of this vault", false
	case !f.Handoff:
		return "a backup of the vault " + who, false
	case f.Verified:
		return who + ", sealed by their vault", true
	}
	return who + ", it says, but not sealed by their vault: anyone who knows your public key could have made it", false
}

// writeFileErr is the text a person reads when a file could not be
// written.
func writeFileErr(path string, err error) string {
	if errors.Is(err, fs.ErrExist) {
		return filepath.Base(path) + " already exists: choose another name"
	}
	return errText(err)
}

// recipients chooses whom a file is encrypted to: contacts from the
// address book, and public keys typed in, separated by commas.
type recipients struct {
	contacts []vault.Contact
	chosen   []bool
	input    textinput.Model
	loaded   bool
	seq      uint64
}

func newRecipients(c *common) (recipients, tea.Cmd) {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "age1… or ssh-ed25519 …, comma separated"
	in.SetStyles(c.styles.TextInput)
	in.SetVirtualCursor(true)
	in.SetWidth(max(20, c.width-22))
	r := recipients{input: in, seq: c.nextSeq()}
	return r, contactsCmd(c.store, r.seq)
}

// take installs the address book; ok is false for a stale reply.
func (r *recipients) take(msg contactsMsg) (tea.Cmd, bool) {
	if msg.seq != r.seq {
		return nil, false
	}
	r.contacts, r.chosen, r.loaded = msg.contacts, make([]bool, len(msg.contacts)), true
	if msg.err != nil {
		return errCmd(msg.err), true
	}
	return nil, true
}

// list returns the recipients chosen and how to name each for people, or
// the first typed key that is not a recipient, or that they cannot share a
// file (post-quantum beside classic keys).
func (r recipients) list() (to, names []string, err error) {
	for i, c := range r.contacts {
		if r.chosen[i] {
			to = append(to, c.Recipient)
			names = append(names, fmt.Sprintf("%s (%s)", c.Name, abbreviateKey(c.Recipient)))
		}
	}
	for _, t := range strings.Split(r.input.Value(), ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if err := vault.CheckRecipient(t); err != nil {
			return nil, nil, err
		}
		to, names = append(to, t), append(names, abbreviateKey(t))
	}
	if len(to) == 0 {
		return nil, nil, errors.New("choose a contact or type a public key (age1… or ssh-ed25519 …)")
	}
	if err := vault.CheckRecipients(to); err != nil {
		return nil, nil, err
	}
	return to, names, nil
}

// stop is one place the keyboard can be in a screen's column of choices.
type stop struct {
	id    string           // what the screen calls it
	input *textinput.Model // typed into; nil for a toggle or a button
}

// stops moves the focus through a column of stops: tab and ↓ go on,
// shift+tab and ↑ go back. It returns the new focus and the command that
// focuses an input.
func moveFocus(k KeyMap, msg tea.KeyPressMsg, stops []stop, focus int) (int, tea.Cmd, bool) {
	next := focus
	switch {
	case key.Matches(msg, k.NextInput):
		next = min(focus+1, len(stops)-1)
	case key.Matches(msg, k.PrevInput):
		next = max(focus-1, 0)
	default:
		return focus, nil, false
	}
	return next, focusStop(stops, next), true
}

// focusStop focuses stop i's input and blurs the others.
func focusStop(stops []stop, i int) tea.Cmd {
	var cmd tea.Cmd
	for j, s := range stops {
		if s.input == nil {
			continue
		}
		if j == i {
			cmd = s.input.Focus()
		} else {
			s.input.Blur()
		}
	}
	return cmd
}

// row draws one line of a column of choices: a marker where the focus is,
// a label, and what is chosen.
// formFoot is the last lines of a form: while busy, the spinner and what
// it does; else the error, wrapped; else a hint.
func formFoot(c *common, busy bool, sp spinner.Model, doing, err, hint string) []string {
	switch {
	case busy:
		return []string{sp.View() + " " + doing}
	case err != "":
		return wrapLines(err, c.width, 3, c.styles.Error.Render)
	}
	return []string{c.styles.Muted.Render(hint)}
}

func row(c *common, focused bool, label, value string) string {
	st := c.styles
	const labelW = 15
	if focused {
		return st.Cursor.Render("› "+pad(label, labelW)) + " " + value
	}
	return "  " + st.Label.Render(pad(label, labelW)) + " " + value
}

// check draws a toggle.
func check(on bool, text string) string {
	if on {
		return "[x] " + text
	}
	return "[ ] " + text
}

// radio draws one of several choices.
func radio(on bool, text string) string {
	if on {
		return "(•) " + text
	}
	return "( ) " + text
}

// button draws the action at the end of a column.
func button(c *common, focused bool, text string) string {
	if focused {
		return c.styles.Selected.Render("[ " + text + " ]")
	}
	return c.styles.Cursor.Render("[ " + text + " ]")
}

// recipientRows draws the address book and the typed keys as stops named
// "contact:N" and "to".
func (r recipients) rows(c *common, focusID string) []string {
	st := c.styles
	var lines []string
	switch {
	case !r.loaded:
		lines = append(lines, row(c, false, "Contacts", st.Muted.Render("opening the address book…")))
	case len(r.contacts) == 0:
		lines = append(lines, row(c, false, "Contacts", st.Muted.Render("none yet: C on the list adds them")))
	}
	for i, ct := range r.contacts {
		label := ""
		if i == 0 {
			label = "Contacts"
		}
		id := fmt.Sprintf("contact:%d", i)
		lines = append(lines, row(c, focusID == id, label, check(r.chosen[i], ct.Name+" "+st.Muted.Render(abbreviateKey(ct.Recipient)))))
	}
	lines = append(lines, row(c, focusID == "to", "Public keys", r.input.View()))
	return lines
}

// stops returns the recipients' stops, in order.
func (r *recipients) stops() []stop {
	var out []stop
	for i := range r.contacts {
		out = append(out, stop{id: fmt.Sprintf("contact:%d", i)})
	}
	return append(out, stop{id: "to", input: &r.input})
}

// toggle flips the contact a stop names; ok is false for other stops.
func (r *recipients) toggle(id string) bool {
	var i int
	if _, err := fmt.Sscanf(id, "contact:%d", &i); err != nil || i < 0 || i >= len(r.chosen) {
		return false
	}
	r.chosen[i] = !r.chosen[i]
	return true
}
