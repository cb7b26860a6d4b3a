package ui

import (
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/atotto/clipboard"

	"confidant/vault"
)

// common is what every screen shares: the store, the configuration, styles,
// keys, the window size and the clock. One pointer travels to every
// constructor, so that a resize or a new background reaches all screens.
type common struct {
	store  *vault.Store
	cfg    Config
	styles *Styles
	keys   KeyMap
	width  int
	height int

	// now returns the wall-clock time, without Go's monotonic reading, which
	// stops while a laptop sleeps.
	now func() time.Time
	// tick schedules the next once-a-second tickMsg; tests make it nil.
	tick func() tea.Cmd
	// sysClipboard writes the system clipboard, the fallback beside OSC 52;
	// nil where there is none (and in tests).
	sysClipboard func(string) error
	// viewer hands an attachment to the desktop's viewer from memory
	// (OpenInViewer); tests put a stand-in here.
	viewer func(name, mediaType string, data []byte) (*Viewing, error)

	// seq numbers the loads screens ask for (see nextSeq).
	seq uint64

	// pickDir is the folder the last file was picked from, where the next
	// file picker begins.
	pickDir string

	// notes is the last dossier's notes wrapped for the detail pane (see
	// wrapNotes); the interface's goroutine only.
	notes wrappedNotes

	// posted holds the messages screens handed the root model with post
	// during the Update being run.
	posted []tea.Msg
}

// post hands msg to the root model, which handles it within the same
// Update, before the next key is read, and returns a nil command for the
// caller to return. A screen changes, or a question opens, this way, so
// that the keys typed right after the one that asked for it reach the new
// screen: a tea.Cmd returning msg runs on another goroutine, and its
// message queued behind keys already read ("e" then "d" typed together
// opened the editor and moved the dossier to the trash). Only Update code
// calls it, never a tea.Cmd.
func (c *common) post(msg tea.Msg) tea.Cmd {
	c.posted = append(c.posted, msg)
	return nil
}

func newCommon(cfg Config) *common {
	if cfg.IdleLock <= 0 {
		cfg.IdleLock = 5 * time.Minute
	}
	if cfg.BackupWorkFactor == 0 {
		cfg.BackupWorkFactor = cfg.Create.WorkFactor
	}
	if cfg.ClipboardClear <= 0 {
		cfg.ClipboardClear = 30 * time.Second
	}
	if cfg.ReviewEvery <= 0 {
		cfg.ReviewEvery = defaultReviewEvery
	}
	switch {
	case cfg.BackupEvery == 0:
		cfg.BackupEvery = DefaultBackupEvery
	case cfg.BackupEvery < 0:
		cfg.BackupEvery = 0 // vault.BackupState.Due: never
	}
	c := &common{
		store:  cfg.Store,
		cfg:    cfg,
		styles: NewStyles(true),
		keys:   DefaultKeyMap(),
		width:  80,
		height: 24,
		now:    func() time.Time { return time.Now().Round(0) },
		tick: func() tea.Cmd {
			return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} })
		},
	}
	if !clipboard.Unsupported {
		c.sysClipboard = WriteClipboard
	}
	c.viewer = OpenInViewer
	return c
}

// Durations the interface keeps to.
const (
	revealFor    = 10 * time.Second // a revealed secret masks itself again
	privacyGrace = 5 * time.Second  // the privacy key brings the screen back without the passphrase
	undoFor      = 10 * time.Second // how long "u" undoes a delete
	statusFor    = 6 * time.Second  // how long a status message stays
	// defaultReviewEvery is how long a dossier may go unreviewed before the
	// upcoming screen lists it, unless Config.ReviewEvery says otherwise.
	defaultReviewEvery = 90 * 24 * time.Hour
	// DefaultBackupEvery is how long a change may wait for a backup before
	// the interface and confidant upcoming remind to make one.
	DefaultBackupEvery = 7 * 24 * time.Hour
	mask               = "•••••"
	minListWidth       = 28
	narrowLayout       = 70 // below this width the main screen shows one pane
	maxAttachRead      = vault.MaxAttachmentSize
)

// errText is the text a person reads for err: lowercase, no secret, with a
// hint where one helps.
// wipeNote turns [vault.ErrNotWiped], which says that a change was saved
// but what it removed is still in the vault file's free space, into a note
// to add to the status that says what was done. Any other error stays one.
func wipeNote(err error) (string, error) {
	if errors.Is(err, vault.ErrNotWiped) {
		return " · warning: " + err.Error(), nil
	}
	return "", err
}

func errText(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, vault.ErrWrongPassphrase):
		return "wrong passphrase, try again"
	case errors.Is(err, vault.ErrConflict):
		return "this dossier changed since you opened it: leave and edit again"
	case errors.Is(err, vault.ErrLocked):
		return "the vault is locked"
	case errors.Is(err, vault.ErrReplaced):
		return "the vault file was replaced (a sync program?): nothing saved; quit and reopen"
	case errors.Is(err, vault.ErrInUse):
		return "another program has the vault open (a backup, another Confidant): try again when it is done"
	case errors.Is(err, vault.ErrTooLarge):
		return "attachment is larger than 16 MiB"
	}
	s := err.Error()
	if s != "" {
		s = strings.ToLower(s[:1]) + s[1:]
	}
	return strings.TrimSuffix(s, ".")
}

// clamp returns v limited to [lo, hi].
func clamp(v, lo, hi int) int {
	if hi < lo {
		hi = lo
	}
	return max(lo, min(v, hi))
}
