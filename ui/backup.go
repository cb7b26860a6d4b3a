package ui

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// backupScreen writes the whole vault to an encrypted backup file: to a
// backup passphrase (typed twice) or to public keys, armored or not, under a
// name that must not exist yet.
type backupScreen struct {
	c       *common
	useKeys bool
	pass    textinput.Model
	again   textinput.Model
	rcpt    recipients
	armor   bool
	path    textinput.Model
	focus   int
	busy    bool
	err     string
	done    *wroteMsg
	spinner spinner.Model
}

func newBackup(c *common) (backupScreen, tea.Cmd) {
	b := backupScreen{c: c, spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
	b.pass = newPassInput(c, "backup passphrase")
	b.again = newPassInput(c, "the same again")
	b.pass.Prompt, b.again.Prompt = "", ""
	b.path = newPathInput(c, "~/confidant-backup-"+c.now().Format("2006-01-02")+".age")
	var cmd tea.Cmd
	b.rcpt, cmd = newRecipients(c)
	b.focus = 1 // the passphrase
	return b, tea.Batch(cmd, focusStop(b.stops(), b.focus))
}

// newPathInput is an input for where to write a file.
func newPathInput(c *common, value string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.SetStyles(c.styles.TextInput)
	in.SetVirtualCursor(true)
	in.SetValue(value)
	in.SetWidth(max(20, c.width-22))
	return in
}

// stops lists where the keyboard can be, top to bottom. The inputs point
// into b: use them before b is copied.
func (b *backupScreen) stops() []stop {
	s := []stop{{id: "method"}}
	if b.useKeys {
		s = append(s, b.rcpt.stops()...)
	} else {
		s = append(s, stop{id: "pass", input: &b.pass}, stop{id: "again", input: &b.again})
	}
	return append(s, stop{id: "armor"}, stop{id: "path", input: &b.path}, stop{id: "go"})
}

func (b backupScreen) typing() bool {
	s := b.stops()
	return !b.busy && b.done == nil && b.focus < len(s) && s[b.focus].input != nil
}

func (b backupScreen) Update(msg tea.Msg) (backupScreen, tea.Cmd) {
	k := b.c.keys
	switch msg := msg.(type) {
	case contactsMsg:
		cmd, _ := b.rcpt.take(msg)
		return b, cmd
	case wroteMsg:
		b.busy = false
		if msg.err != nil {
			b.err = writeFileErr(msg.path, msg.err)
			return b, errCmd(msg.err)
		}
		b.done = &msg
		// The list's header says what no backup holds: now nothing.
		refresh := b.c.post(refreshMsg{})
		if len(msg.unreadable) > 0 {
			return b, tea.Batch(refresh, errCmd(fmt.Errorf("backed up %d dossier%s to %s, leaving out %d value%s it could not read or hold: see confidant verify", msg.dossiers, plural(msg.dossiers), msg.path, len(msg.unreadable), plural(len(msg.unreadable)))))
		}
		return b, tea.Batch(refresh, statusCmd("backed up %d dossier%s to %s", msg.dossiers, plural(msg.dossiers), msg.path))
	case spinner.TickMsg:
		if !b.busy {
			return b, nil
		}
		var cmd tea.Cmd
		b.spinner, cmd = b.spinner.Update(msg)
		return b, cmd
	case tea.PasteMsg:
		return b.updateInput(msg)
	case tea.KeyPressMsg:
		switch {
		case b.busy:
			return b, nil
		case b.done != nil:
			if key.Matches(msg, k.Back) || key.Matches(msg, k.Submit) {
				return b, b.c.post(backMsg{})
			}
			return b, nil
		case key.Matches(msg, k.Back):
			return b, b.c.post(backMsg{})
		case key.Matches(msg, k.Write):
			return b.start()
		}
		stops := b.stops()
		if f, cmd, ok := moveFocus(k, msg, stops, b.focus); ok {
			b.focus = f
			return b, cmd
		}
		cur := stops[clamp(b.focus, 0, len(stops)-1)]
		switch {
		case cur.id == "go" && (key.Matches(msg, k.Submit) || key.Matches(msg, k.Toggle)):
			return b.start()
		case cur.input == nil && key.Matches(msg, k.Toggle):
			b.err = ""
			switch cur.id {
			case "method":
				b.useKeys = !b.useKeys
			case "armor":
				b.armor = !b.armor
			default:
				b.rcpt.toggle(cur.id)
			}
			return b, nil
		case key.Matches(msg, k.Submit):
			b.focus = min(b.focus+1, len(stops)-1)
			return b, focusStop(stops, b.focus)
		}
		return b.updateInput(msg)
	}
	return b, nil
}

// updateInput gives msg to the focused input, if one is.
func (b backupScreen) updateInput(msg tea.Msg) (backupScreen, tea.Cmd) {
	stops := b.stops()
	if b.focus >= len(stops) || stops[b.focus].input == nil {
		return b, nil
	}
	in := stops[b.focus].input
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	b.err = ""
	return b, cmd
}

// start checks the choices and writes the backup in a command.
func (b backupScreen) start() (backupScreen, tea.Cmd) {
	c := b.c
	path := strings.TrimSpace(b.path.Value())
	if path == "" {
		b.err = "say where to write the backup"
		return b, nil
	}
	seal := vault.Seal{Armor: b.armor, WorkFactor: c.cfg.BackupWorkFactor}
	to := "a backup passphrase"
	if b.useKeys {
		rs, names, err := b.rcpt.list()
		if err != nil {
			b.err = errText(err)
			return b, nil
		}
		seal.To, to = rs, strings.Join(names, ", ")
	} else {
		switch {
		case vault.PassphraseProblem(b.pass.Value()) != "":
			b.err = "the backup passphrase " + vault.PassphraseProblem(b.pass.Value()) + "; a few unrelated words are best"
			return b, nil
		case b.pass.Value() != b.again.Value():
			b.err = "the two passphrases differ: type the second again"
			b.again.Reset()
			return b, nil
		}
		seal.Passphrase = []byte(b.pass.Value())
		b.pass.Reset()
		b.again.Reset()
	}
	b.busy, b.err = true, ""
	focusStop(b.stops(), -1)
	return b, tea.Batch(backupCmd(c.store, expandHome(path), seal, to), b.spinner.Tick)
}

// backupCmd exports the whole vault and writes it encrypted to path, then
// logs the backup. The passphrase is cleared when it is done.
func backupCmd(s *vault.Store, path string, seal vault.Seal, to string) tea.Cmd {
	return func() tea.Msg {
		defer clear(seal.Passphrase)
		opts := vault.Backup()
		opts.From, _ = s.Recipient()
		encrypt, err := seal.Encrypter()
		if err != nil {
			return wroteMsg{path: path, err: err}
		}
		n, err := s.WriteBackup(path, opts, encrypt, false)
		if err != nil {
			return wroteMsg{path: path, err: err}
		}
		if err := s.RecordBackup(n.At, "backup to "+filepath.Base(path)); err != nil {
			return wroteMsg{path: path, err: fmt.Errorf("the backup was written, but not logged: %w", err)}
		}
		return wroteMsg{path: path, dossiers: n.Dossiers, contacts: n.Contacts, to: to, unreadable: n.Unreadable}
	}
}

func (b backupScreen) View() string {
	c := b.c
	st := c.styles
	lines := []string{
		st.Title.Render("Backup of the whole vault"),
		st.Muted.Render("every dossier with its secrets, attachments and history, and the address book"),
		"",
	}
	if d := b.done; d != nil {
		lines = append(lines,
			st.OK.Render("Backup written"),
			"",
			"  "+d.path,
			fmt.Sprintf("  %d dossier%s and %d contact%s, encrypted to %s", d.dossiers, plural(d.dossiers), d.contacts, plural(d.contacts), d.to),
			"",
		)
		if len(d.unreadable) > 0 {
			lines = append(lines, wrapLines("  left out: "+strings.Join(d.unreadable, ", ")+"; confidant verify shows what is damaged", c.width, 3, st.Error.Render)...)
			lines = append(lines, "")
		}
		lines = append(lines,
			st.Muted.Render("  it opens with confidant restore, or age -d · keep it somewhere else than this laptop"),
		)
		return strings.Join(lines, "\n")
	}
	stops := b.stops()
	at := func(id string) bool { return b.focus < len(stops) && stops[b.focus].id == id }
	lines = append(lines, row(c, at("method"), "Encrypt with", radio(!b.useKeys, "a passphrase")+"   "+radio(b.useKeys, "public keys")))
	if b.useKeys {
		focusID := ""
		if b.focus < len(stops) {
			focusID = stops[b.focus].id
		}
		lines = append(lines, b.rcpt.rows(c, focusID)...)
	} else {
		lines = append(lines,
			row(c, at("pass"), "Passphrase", b.pass.View()),
			row(c, at("again"), "Again", b.again.View()),
			row(c, false, "", st.Muted.Render(strength(b.pass.Value()))),
		)
	}
	lines = append(lines,
		row(c, at("armor"), "Format", check(b.armor, "ASCII armor (text you can paste)")),
		row(c, at("path"), "Write to", b.path.View()),
		"",
		"  "+button(c, at("go"), "Write backup"),
		"",
	)
	lines = append(lines, formFoot(c, b.busy, b.spinner, "writing the backup…", b.err,
		"an existing file is never overwritten · space chooses · ctrl+s writes")...)
	return strings.Join(lines, "\n")
}

func (b backupScreen) help() keyHelp {
	k := b.c.keys
	if b.done != nil {
		return keyHelp{short: []key.Binding{withHelp(k.Submit, "enter", "done")}, full: [][]key.Binding{{withHelp(k.Submit, "enter", "done")}, globalKeys(k)}}
	}
	return keyHelp{
		short: []key.Binding{k.NextInput, k.Toggle, k.Write, k.Back},
		full:  [][]key.Binding{{k.NextInput, k.PrevInput, k.Toggle, k.Write, k.Back}, globalKeys(k)},
	}
}
