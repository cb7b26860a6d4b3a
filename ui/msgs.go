package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// Messages. Every store call that decrypts or writes runs in a command and
// comes back as one of these.
type (
	// tickMsg arrives once a second; the root checks the wall clock against
	// the idle limit, the clipboard countdown and a revealed secret.
	tickMsg struct{}

	// createdMsg carries the vault the first-run screen made, and how many
	// dossiers it restored from a backup.
	createdMsg struct {
		store    *vault.Store
		err      error
		restored int
	}
	// unlockedMsg reports the end of key derivation, and whether the
	// passphrase that unlocked is one a new vault may no longer have
	// (a common password: vault.PassphraseProblem).
	unlockedMsg struct {
		err  error
		weak bool
	}
	// privacyCheckedMsg reports the passphrase check behind the privacy
	// screen (vault.ErrWrongPassphrase when it did not match).
	privacyCheckedMsg struct{ err error }

	// savedMsg reports a write that leaves a dossier in the vault: the list
	// is refreshed and d selected.
	savedMsg struct {
		d      vault.Dossier
		status string
		back   bool // return to the main screen
		err    error
	}
	// deletedMsg reports a dossier moved to the trash.
	deletedMsg struct {
		id    vault.ID
		title string
		err   error
	}
	// recordedMsg reports an access log write.
	recordedMsg struct{ err error }
	// trashMsg carries the trash.
	trashMsg struct {
		items []vault.Trashed
		err   error
	}
	// emptiedMsg reports an emptied trash.
	emptiedMsg struct {
		n    int
		note string // see wipeNote
		err  error
	}
	// historyMsg carries a dossier's versions, newest first.
	historyMsg struct {
		versions []vault.Dossier
		err      error
	}
	// logMsg carries the access log and, when asked for, the title of
	// every dossier by ID (built in the command: 10,000 of them take time).
	logMsg struct {
		seq    uint64
		events []vault.Event
		titles map[vault.ID]string
		err    error
	}
	// savedOutMsg reports an attachment written out of the vault.
	savedOutMsg struct {
		path string
		err  error
	}

	// statusMsg shows a line in the status bar.
	statusMsg struct {
		text string
		err  bool
	}
	// backMsg returns to the main screen.
	backMsg struct{}
	// confirmMsg asks a yes/no question; yes is sent on yes.
	confirmMsg struct {
		prompt string
		yes    tea.Msg
	}
	// quitMsg leaves the program after any confirmation.
	quitMsg struct{}
	// leaveFormMsg drops the form and its unsaved changes.
	leaveFormMsg struct{}
	// openFormMsg opens the edit form on d (new when d.ID is zero).
	// openFormMsg opens the editor on d; like names the dossier a new d
	// copies (N on the list).
	openFormMsg struct {
		d    vault.Dossier
		like string
	}
	// pickKindMsg opens the template picker.
	pickKindMsg struct{}
	// openScreenMsg opens a screen about a dossier (zero for all).
	openScreenMsg struct {
		to screen
		id vault.ID
		// shown are the dossiers the list's filter shows, and query the
		// filter: the tags screen tags them all (a).
		shown []vault.ID
		query string
	}
	// showMsg goes back to the list with the dossier id selected.
	showMsg struct{ id vault.ID }
	// refreshMsg has the list read and indexed again, where nothing was
	// saved that would (a backup).
	refreshMsg struct{}
	// mergeMsg merges other into keep (M, once confirmed).
	mergeMsg struct{ keep, other vault.ID }
)

func msgCmd(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func statusCmd(format string, a ...any) tea.Cmd {
	return msgCmd(statusMsg{text: fmt.Sprintf(format, a...)})
}

func errCmd(err error) tea.Cmd { return msgCmd(statusMsg{text: errText(err), err: true}) }

// Command builders: each runs one store call off the interface's goroutine.

func createCmd(path string, pass []byte, co vault.CreateOptions, o *vault.Options) tea.Cmd {
	return func() tea.Msg {
		s, err := vault.Create(path, pass, co, o)
		clear(pass)
		return createdMsg{store: s, err: err}
	}
}

func unlockCmd(s *vault.Store, pass []byte) tea.Cmd {
	return func() tea.Msg {
		err := s.Unlock(pass)
		weak := err == nil && vault.PassphraseProblem(pass) != ""
		clear(pass)
		if err == nil {
			// The interface lists and filters every dossier: decrypt them
			// now, off the update loop, and learn here of a damaged file.
			err = s.Load()
		}
		return unlockedMsg{err: err, weak: weak}
	}
}

// privacyCheckCmd checks the passphrase typed behind the privacy screen
// without reloading the vault: one key derivation, nothing decrypted again.
func privacyCheckCmd(s *vault.Store, pass []byte) tea.Cmd {
	return func() tea.Msg {
		err := s.CheckPassphrase(pass)
		clear(pass)
		return privacyCheckedMsg{err: err}
	}
}

func addCmd(s *vault.Store, d vault.Dossier) tea.Cmd {
	return func() tea.Msg {
		d, err := s.Add(d)
		status := "added " + d.Title
		if err == nil {
			// A second "Eleanor Vance" is often a mistake: say so.
			switch n := len(s.Namesakes(d)); n {
			case 0:
			case 1:
				status += " · another dossier has this title"
			default:
				status += fmt.Sprintf(" · %d other dossiers have this title", n)
			}
		}
		return savedMsg{d: d, status: status, back: true, err: err}
	}
}

func saveCmd(s *vault.Store, d vault.Dossier) tea.Cmd {
	return func() tea.Msg {
		d, err := s.Save(d)
		return savedMsg{d: d, status: "saved " + d.Title, back: true, err: err}
	}
}

func deleteCmd(s *vault.Store, id vault.ID, title string) tea.Cmd {
	return func() tea.Msg { return deletedMsg{id: id, title: title, err: s.Delete(id)} }
}

func restoreCmd(s *vault.Store, id vault.ID, back bool) tea.Cmd {
	return func() tea.Msg {
		d, err := s.RestoreTrash(id)
		return savedMsg{d: d, status: "restored " + d.Title, back: back, err: err}
	}
}

func revertCmd(s *vault.Store, id vault.ID, version uint64) tea.Cmd {
	return func() tea.Msg {
		d, err := s.Revert(id, version)
		return savedMsg{d: d, status: fmt.Sprintf("restored version %d of %s", version, d.Title), back: true, err: err}
	}
}

func mergeCmd(s *vault.Store, keep, other vault.ID) tea.Cmd {
	return func() tea.Msg {
		o, err := s.Get(other)
		if err != nil {
			return savedMsg{err: err}
		}
		d, err := s.Merge(keep, other)
		return savedMsg{d: d, status: fmt.Sprintf("merged %s into %s · it is in the trash (T); H undoes the merge", Plain(o.Title), Plain(d.Title)), err: err}
	}
}

// secureNotesMsg is the confirmed request to move the secrets written in
// a dossier's notes into masked fields (S).
type secureNotesMsg struct{ id vault.ID }

// secureNotesCmd moves each secret written in the dossier's notes into a
// masked field, in one save; one whose label a field holds already stays
// in the notes, and the status says so.
func secureNotesCmd(s *vault.Store, id vault.ID) tea.Cmd {
	return func() tea.Msg {
		d, err := s.Get(id)
		if err != nil {
			return savedMsg{err: err}
		}
		var moved, kept []string
		for _, l := range vault.NoteSecretLabels(&d) {
			if err := vault.SecretFromNotes(&d, l); err != nil {
				kept = append(kept, Plain(l))
				continue
			}
			moved = append(moved, Plain(l))
		}
		if len(moved) == 0 {
			return savedMsg{err: fmt.Errorf("%s: a field of that label is there already; rename it first", strings.Join(kept, ", "))}
		}
		d, err = s.Save(d)
		status := fmt.Sprintf("moved %s from the notes into masked fields", strings.Join(moved, ", "))
		if len(kept) > 0 {
			status += fmt.Sprintf("; %s stayed (a field of that label is there already)", strings.Join(kept, ", "))
		}
		return savedMsg{d: d, status: status, err: err}
	}
}

func reviewedCmd(s *vault.Store, id vault.ID) tea.Cmd {
	return func() tea.Msg {
		d, err := s.MarkReviewed(id)
		return savedMsg{d: d, status: "marked " + d.Title + " reviewed", err: err}
	}
}

func recordCmd(s *vault.Store, a vault.Action, id vault.ID, detail string) tea.Cmd {
	return func() tea.Msg { return recordedMsg{err: s.Record(a, id, detail)} }
}

func trashCmd(s *vault.Store) tea.Cmd {
	return func() tea.Msg {
		items, err := s.Trash()
		return trashMsg{items: items, err: err}
	}
}

func emptyTrashCmd(s *vault.Store) tea.Cmd {
	return func() tea.Msg {
		n, err := s.EmptyTrash()
		note, err := wipeNote(err)
		return emptiedMsg{n: n, note: note, err: err}
	}
}

func historyCmd(s *vault.Store, id vault.ID) tea.Cmd {
	return func() tea.Msg {
		v, err := s.History(id)
		return historyMsg{versions: v, err: err}
	}
}

func logCmd(s *vault.Store, seq uint64, about vault.ID, titles bool) tea.Cmd {
	return func() tea.Msg {
		ev, err := s.Log(about)
		msg := logMsg{seq: seq, events: ev, err: err}
		if titles {
			list := s.List()
			msg.titles = make(map[vault.ID]string, len(list))
			for _, d := range list {
				msg.titles[d.ID] = d.Title
			}
		}
		return msg
	}
}

func attachCmd(s *vault.Store, id vault.ID, path string) tea.Cmd {
	return func() tea.Msg {
		st, err := os.Stat(path)
		if err != nil {
			return savedMsg{err: fmt.Errorf("reading %s: %w", filepath.Base(path), err)}
		}
		if st.Size() > maxAttachRead {
			return savedMsg{err: vault.ErrTooLarge}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return savedMsg{err: fmt.Errorf("reading %s: %w", filepath.Base(path), err)}
		}
		name := filepath.Base(path)
		d, err := s.Attach(id, name, mediaType(name, data), data)
		clear(data)
		return savedMsg{d: d, status: "attached " + name + " · the file picked is still on the disk unencrypted: delete it if the vault should keep the only copy", err: err}
	}
}

func detachCmd(s *vault.Store, id vault.ID, name string) tea.Cmd {
	return func() tea.Msg {
		d, err := s.Detach(id, name)
		note, err := wipeNote(err)
		return savedMsg{d: d, status: "removed " + name + note, err: err}
	}
}

// saveOutCmd writes a copy of an attachment to path, refusing to overwrite.
// It is the one place a decrypted value goes to disk, because the person
// asked for exactly that.
func saveOutCmd(s *vault.Store, id vault.ID, name, path string) tea.Cmd {
	return func() tea.Msg {
		data, _, err := s.Attachment(id, name)
		if err != nil {
			return savedOutMsg{err: err}
		}
		defer clear(data)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			if errors.Is(err, os.ErrExist) {
				return savedOutMsg{err: fmt.Errorf("%s already exists: choose another name", filepath.Base(path))}
			}
			return savedOutMsg{err: err}
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path)
			return savedOutMsg{err: err}
		}
		if err := f.Close(); err != nil {
			return savedOutMsg{err: err}
		}
		s.Record(vault.ActSavedOut, id, name)
		return savedOutMsg{path: path}
	}
}

// viewingMsg is an attachment handed to the desktop's viewer, or why not.
type viewingMsg struct {
	v   *Viewing
	err error
}

// attachTextMsg is an attachment of text, to show on the attachments
// screen.
type attachTextMsg struct{ name, text string }

// viewCmd decrypts an attachment and, logging it, shows it: a text here
// when here is true (attachTextMsg), anything else in the desktop's viewer
// from memory (viewingMsg).
func viewCmd(c *common, id vault.ID, name string, here bool) tea.Cmd {
	show := c.viewer
	s := c.store
	return func() tea.Msg {
		data, a, err := s.Attachment(id, name)
		if err != nil {
			return viewingMsg{err: err}
		}
		if here && isText(a.MediaType, name, data) {
			text := string(data)
			clear(data)
			if err := s.Record(vault.ActViewed, id, name+" (here)"); err != nil {
				return viewingMsg{err: fmt.Errorf("not shown: the access log could not record it: %w", err)}
			}
			return attachTextMsg{name: name, text: text}
		}
		if show == nil {
			clear(data)
			return viewingMsg{err: errors.New("no viewer can be started here: save a copy instead")}
		}
		v, err := show(name, a.MediaType, data)
		if err != nil {
			return viewingMsg{err: err}
		}
		if err := v.Started(3 * time.Second); err != nil {
			v.Close()
			return viewingMsg{err: err}
		}
		if err := s.Record(vault.ActViewed, id, name); err != nil {
			v.Close()
			return viewingMsg{err: fmt.Errorf("not shown: the access log could not record it: %w", err)}
		}
		return viewingMsg{v: v}
	}
}

// copyCmd puts value on the clipboard by OSC 52 and, where there is one, the
// system clipboard, and logs the copy.
func copyCmd(c *common, id vault.ID, label, value string) tea.Cmd {
	cmds := []tea.Cmd{tea.SetClipboard(value), recordCmd(c.store, vault.ActCopied, id, label)}
	if c.sysClipboard != nil {
		write := c.sysClipboard
		cmds = append(cmds, func() tea.Msg { write(value); return nil })
	}
	return tea.Batch(cmds...)
}

func clearClipboardCmd(c *common) tea.Cmd {
	// A space, not nothing: tmux ignores an OSC 52 without data, and would
	// keep the secret in its clipboard and the terminal's outside it.
	cmds := []tea.Cmd{tea.SetClipboard(" ")}
	if c.sysClipboard != nil {
		write := c.sysClipboard
		cmds = append(cmds, func() tea.Msg { write(""); return nil })
	}
	return tea.Batch(cmds...)
}
