// Package ui is Confidant's interactive terminal interface: a Bubble Tea
// program over a [vault.Store].
//
// # Screens
//
// A root model owns which screen is active and routes messages to it: window
// size to every screen, then the keys that work everywhere (quit, help,
// privacy, lock), then the results of store commands, then the active
// screen. Every store call that decrypts or writes, key derivation and
// clipboard work run in a [tea.Cmd]; Update and View never block.
//
// # Secrets in memory
//
// Decrypted values live in the store and in the screens only while the vault
// is unlocked. Locking (by key or after the idle limit, measured on the wall
// clock) calls [vault.Store.Lock] and drops every screen's state. Nothing is
// written to disk but the vault, and attachments a person saves out.
package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"confidant/vault"
)

// Config is what main hands the interface.
type Config struct {
	Path           string              // the vault file (shown on first run)
	Store          *vault.Store        // opened and still locked; nil when no vault exists yet (first run)
	Create         vault.CreateOptions // used by the first-run screen with vault.Create(Path, ...)
	Options        *vault.Options      // passed to vault.Create
	IdleLock       time.Duration       // 0 means 5 minutes
	ClipboardClear time.Duration       // 0 means 30 seconds
	ReviewEvery    time.Duration       // 0 means 90 days: a dossier not reviewed for this long is listed as upcoming
	BackupEvery    time.Duration       // 0 means 7 days: a change not in a backup for this long brings a reminder; negative: never
	// BackupWorkFactor is the scrypt work factor of a backup passphrase set
	// in the backup screen; 0 means Create.WorkFactor, and that 0 means 18.
	BackupWorkFactor int
}

// Run runs the interface until the person quits. It returns the store it
// ended with (so main can Close it; nil if none was created) and an error:
// ctx's error if ctx ended the program, or the terminal's.
func Run(ctx context.Context, cfg Config) (*vault.Store, error) {
	m := newModel(cfg)
	c := m.c
	cellsByCodePoint.Store(true) // until the terminal says otherwise
	final, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if err != nil && ctx.Err() != nil && errors.Is(err, tea.ErrProgramKilled) {
		err = ctx.Err()
	}
	// Ended from outside (the terminal closed, a kill; Bubble Tea quits on
	// SIGTERM itself), the program did not quit through its own quit, which
	// clears a copied value: clear the system clipboard here if a copy is
	// still waiting for its clear. The terminal's own clipboard (OSC 52)
	// went with the terminal.
	if fm, ok := final.(model); ok && c.sysClipboard != nil && fm.clipLabel != "" && c.now().Before(fm.clipUntil) {
		c.sysClipboard("")
	}
	if c.store != nil {
		c.store.Lock()
	}
	return c.store, err
}

// screen names the active screen.
type screen int

const (
	screenSetup screen = iota
	screenUnlock
	screenMain
	screenPick
	screenForm
	screenTrash
	screenHistory
	screenUpcoming
	screenLog
	screenAttachments
	screenBackup
	screenHandoff
	screenImport
	screenContacts
	screenTags
	screenPasswd
)

// model is the root model.
type model struct {
	c      *common
	screen screen

	setup  setup
	unlock unlock
	browse browse
	pick   picker
	form   form
	// draft is the edit left in the form when the vault locked, sealed
	// with the vault key (formDraft); nil when there is none.
	draft     []byte
	trash     trashScreen
	history   historyScreen
	upcoming  upcomingScreen
	log       logScreen
	attach    attachScreen
	backup    backupScreen
	handoff   handoffScreen
	imp       importScreen
	contacts  contactsScreen
	passwd    passwdScreen
	tags      tagsScreen
	help      help.Model
	fullHelp  bool
	confirm   *confirmMsg
	quitting  bool
	lastInput time.Time

	status      string
	statusErr   bool
	statusUntil time.Time

	clipLabel string
	clipUntil time.Time

	// viewings are the attachments handed to the desktop's viewer, each
	// let go of ViewFor after, or at a lock.
	viewings []viewing

	privacy      bool
	privacyAt    time.Time
	privacyInput textinput.Model
	privacyBusy  bool
	privacyErr   string
}

func newModel(cfg Config) model {
	return newModelWith(newCommon(cfg))
}

func newModelWith(c *common) model {
	m := model{c: c, help: help.New(), lastInput: c.now()}
	m.help.Styles = c.styles.Help
	m.browse = newBrowse(c)
	m.privacyInput = newPassInput(c, "passphrase")
	if c.store == nil {
		m.screen = screenSetup
		m.setup, _ = newSetup(c)
	} else {
		m.screen = screenUnlock
		m.unlock, _ = newUnlock(c, "")
		c.store.Release() // until unlocked, as when it locks (see lock)
	}
	return m
}

func (m model) Init() tea.Cmd {
	var focus tea.Cmd
	if m.screen == screenSetup {
		focus = m.setup.inputs[0].Focus()
	} else {
		focus = m.unlock.input.Focus()
	}
	return tea.Batch(tea.RequestBackgroundColor, focus, m.c.tick())
}

// typing reports whether the active screen takes typed text, so that q
// and ? are letters rather than commands.
func (m model) typing() bool {
	switch m.screen {
	case screenSetup, screenUnlock, screenForm:
		return true
	case screenMain:
		return m.browse.typing
	case screenAttachments:
		return m.attach.typing()
	case screenBackup:
		return m.backup.typing()
	case screenHandoff:
		return m.handoff.typing()
	case screenImport:
		return m.imp.typing()
	case screenContacts:
		return m.contacts.typing()
	case screenPasswd:
		return m.passwd.typing()
	}
	return false
}

func (m model) unlocked() bool {
	return m.c.store != nil && m.screen != screenSetup && m.screen != screenUnlock
}

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	tm, cmd := m.update(msg)
	// What the screens posted (common.post) is handled now, in order,
	// before the program reads the next key.
	for len(m.c.posted) > 0 {
		next := m.c.posted[0]
		m.c.posted = m.c.posted[1:]
		var more tea.Cmd
		tm, more = tm.(model).update(next)
		cmd = tea.Batch(cmd, more)
	}
	return tm, cmd
}

func (m model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	c := m.c
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		c.width, c.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.form.resize()
		m.setup.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		mono := c.styles.Mono
		*c.styles = *NewStyles(msg.IsDark())
		c.styles.SetMono(mono)
		m.restyle()
		return m, nil
	case tea.ColorProfileMsg:
		c.styles.SetMono(msg.Profile == colorprofile.Ascii || msg.Profile == colorprofile.NoTTY)
		m.restyle()
		return m, nil
	case tea.ModeReportMsg:
		// Bubble Tea counts cells by cluster from here on, as lipgloss does
		// (the same test as its own).
		if msg.Mode == ansi.ModeUnicodeCore && (msg.Value == ansi.ModeSet || msg.Value == ansi.ModeReset || msg.Value == ansi.ModePermanentlySet) {
			cellsByCodePoint.Store(false)
		}
		return m, nil
	case tickMsg:
		return m.onTick()
	case tea.KeyPressMsg, tea.MouseMsg, tea.PasteMsg:
		m.lastInput = c.now()
	}

	if m.quitting {
		return m, nil
	}
	if m.screen == screenUnlock {
		if cmd, drop := m.whileLocked(msg); drop {
			return m, cmd
		}
	}
	if m.privacy {
		if mm, cmd, ok := m.updatePrivacy(msg); ok {
			return mm, cmd
		}
		// Results of commands still reach the screens behind it.
	}
	if m.confirm != nil {
		if msg, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case key.Matches(msg, c.keys.Yes):
				yes := m.confirm.yes
				m.confirm = nil
				return m, m.c.post(yes)
			case key.Matches(msg, c.keys.No), key.Matches(msg, c.keys.Quit):
				m.confirm = nil
			}
			return m, nil
		}
	}

	if msg, ok := msg.(tea.KeyPressMsg); ok {
		k := c.keys
		switch {
		case key.Matches(msg, k.Quit):
			return m.askQuit()
		case key.Matches(msg, k.Privacy) && m.unlocked():
			m.privacy, m.privacyAt, m.privacyErr = true, c.now(), ""
			m.privacyInput.Reset()
			m.fullHelp = false
			return m, m.privacyInput.Focus()
		case key.Matches(msg, k.Lock) && m.unlocked():
			return m.lock("locked")
		case m.fullHelp && (key.Matches(msg, k.Help) || key.Matches(msg, k.Back) || key.Matches(msg, k.QuitQ)):
			m.fullHelp = false
			return m, nil
		case !m.typing() && key.Matches(msg, k.Help):
			m.fullHelp = true
			return m, nil
		case !m.typing() && key.Matches(msg, k.QuitQ):
			return m.askQuit()
		}
	}

	switch msg := msg.(type) {
	case quitMsg:
		m.quitting = true
		if !m.clipUntil.IsZero() {
			m.clipLabel, m.clipUntil = "", time.Time{} // cleared here, not again in Run
			return m, tea.Sequence(clearClipboardCmd(c), tea.Quit)
		}
		return m, tea.Quit
	case confirmMsg:
		m.confirm = &msg
		return m, nil
	case statusMsg:
		m.setStatus(msg.text, msg.err)
		return m, nil
	case recordedMsg:
		if msg.err != nil {
			m.setStatus("could not write the access log: "+errText(msg.err), true)
		}
		return m, nil
	case copiedMsg:
		m.clipLabel, m.clipUntil = msg.label, c.now().Add(c.cfg.ClipboardClear)
		return m, nil
	case viewingMsg:
		if msg.err != nil {
			m.setStatus(errText(msg.err), true)
			return m, nil
		}
		if !m.unlocked() { // locked while it was decrypted
			msg.v.Close()
			return m, nil
		}
		m.viewings = append(m.viewings, viewing{v: msg.v, until: c.now().Add(ViewFor)})
		m.setStatus(fmt.Sprintf("%s is open in the viewer, from memory: no copy is on disk", Plain(msg.v.Name)), false)
		return m, nil
	case createdMsg:
		if msg.err != nil {
			var cmd tea.Cmd
			m.setup, cmd = m.setup.Update(msg)
			return m, cmd
		}
		c.store = msg.store
		m.screen = screenMain
		m.setStatus("vault created: press n to add a first dossier", false)
		if m.setup.restoring {
			m.setStatus(fmt.Sprintf("vault restored from the backup: %d dossier%s", msg.restored, plural(msg.restored)), false)
		}
		return m, m.browse.refresh(vault.ID{})
	case unlockedMsg:
		if msg.err != nil {
			var cmd tea.Cmd
			m.unlock, cmd = m.unlock.Update(msg)
			return m, cmd
		}
		m.screen = screenMain
		m.lastInput = c.now()
		if msg.weak { // a vault made before common passphrases were refused
			m.setStatus("the vault passphrase is a common password: P changes it", true)
		}
		if n := len(c.store.Damaged()); n > 0 {
			m.setStatus(fmt.Sprintf("%d dossier%s could not be opened (damaged): run confidant verify", n, plural(n)), true)
		}
		index := m.browse.refresh(vault.ID{})
		if m.draft != nil {
			mm, cmd := m.restoreDraft()
			return mm, tea.Batch(index, cmd)
		}
		return m, index
	case savedMsg:
		if msg.err != nil {
			m.setStatus(errText(msg.err), true)
			if m.screen == screenForm {
				m.form.busy = false
			}
			return m, nil
		}
		index := m.browse.refresh(msg.d.ID)
		m.setStatus(msg.status, false)
		if msg.back {
			m.toMain()
		}
		mm, cmd := m.refreshScreen()
		return mm, tea.Batch(index, cmd)
	case deletedMsg:
		m.browse.deleting = vault.ID{}
		if msg.err != nil {
			m.setStatus(errText(msg.err), true)
			return m, nil
		}
		m.browse.undoID, m.browse.undoUntil = msg.id, c.now().Add(undoFor)
		m.setStatus("moved "+msg.title+" to the trash · u undoes", false)
		return m, m.browse.refresh(vault.ID{})
	case backMsg:
		m.toMain()
		return m, nil
	case leaveFormMsg:
		m.form = form{}
		m.toMain()
		return m, nil
	case pickKindMsg:
		m.pick = newPicker(c)
		m.screen = screenPick
		return m, nil
	case openFormMsg:
		var cmd tea.Cmd
		m.form, cmd = newForm(c, msg.d)
		m.form.like = msg.like
		m.screen = screenForm
		return m, cmd
	case openScreenMsg:
		return m.open(msg)
	case filterMsg:
		m.toMain()
		m.browse.setFilter(msg.query)
		return m, nil
	case showMsg:
		m.toMain()
		m.browse.show(msg.id)
		return m, nil
	case refreshMsg:
		return m, m.browse.refresh(vault.ID{})
	case mergeMsg:
		return m, mergeCmd(c.store, msg.keep, msg.other)
	case secureNotesMsg:
		return m, secureNotesCmd(c.store, msg.id)
	case indexedMsg:
		m.browse, _ = m.browse.Update(msg)
		return m, nil
	case importedMsg:
		if m.screen != screenImport {
			return m, nil
		}
		var index, cmd tea.Cmd
		if msg.err == nil {
			index = m.browse.refresh(vault.ID{})
		}
		m.imp, cmd = m.imp.Update(msg)
		return m, tea.Batch(index, cmd)
	case importOpenedMsg:
		if m.screen != screenImport && msg.bundle != nil {
			msg.bundle.Wipe() // the screen was left: nobody wants it
			return m, nil
		}
	}

	var cmd tea.Cmd
	switch m.screen {
	case screenSetup:
		m.setup, cmd = m.setup.Update(msg)
	case screenUnlock:
		m.unlock, cmd = m.unlock.Update(msg)
	case screenMain:
		m.browse, cmd = m.browse.Update(msg)
	case screenPick:
		m.pick, cmd = m.pick.Update(msg)
	case screenForm:
		m.form, cmd = m.form.Update(msg)
	case screenTrash:
		m.trash, cmd = m.trash.Update(msg)
	case screenHistory:
		m.history, cmd = m.history.Update(msg)
	case screenUpcoming:
		m.upcoming, cmd = m.upcoming.Update(msg)
	case screenLog:
		m.log, cmd = m.log.Update(msg)
	case screenAttachments:
		m.attach, cmd = m.attach.Update(msg)
	case screenBackup:
		m.backup, cmd = m.backup.Update(msg)
	case screenHandoff:
		m.handoff, cmd = m.handoff.Update(msg)
	case screenImport:
		m.imp, cmd = m.imp.Update(msg)
	case screenContacts:
		m.contacts, cmd = m.contacts.Update(msg)
	case screenPasswd:
		m.passwd, cmd = m.passwd.Update(msg)
	case screenTags:
		m.tags, cmd = m.tags.Update(msg)
	}
	return m, cmd
}

// whileLocked reports whether msg, arriving while the vault is locked, is
// the result of a command started before the lock, to drop: a save or a
// delete finishing just after ctrl+l would otherwise print a client's name
// under the lock screen, or a save leave it for an empty main screen. It
// returns what must still be done: a copy that landed after the lock is
// cleared from the clipboard at once, a plugin still asking is told no.
func (m model) whileLocked(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case unlockedMsg, quitMsg, confirmMsg:
		return nil, false
	case copiedMsg:
		return clearClipboardCmd(m.c), true
	case importOpenedMsg:
		if msg.bundle != nil {
			msg.bundle.Wipe()
		}
		return nil, true
	case pluginAskMsg:
		if msg.ask.answer != nil {
			msg.ask.answer <- pluginAnswer{err: errPluginCanceled}
		}
		return nil, true
	}
	// Every other message of this package is a result for an unlocked
	// vault; keys, spinner ticks and the terminal's messages pass.
	return nil, reflect.TypeOf(msg) != nil && reflect.TypeOf(msg).PkgPath() == reflect.TypeOf(m).PkgPath()
}

// open switches to a screen reached from the main one and starts loading
// what it shows.
func (m model) open(msg openScreenMsg) (tea.Model, tea.Cmd) {
	c := m.c
	var cmd tea.Cmd
	switch msg.to {
	case screenTrash:
		m.trash, cmd = newTrash(c)
	case screenHistory:
		m.history, cmd = newHistory(c, msg.id)
	case screenUpcoming:
		m.upcoming, cmd = newUpcoming(c)
	case screenLog:
		m.log, cmd = newLog(c, msg.id)
	case screenAttachments:
		m.attach, cmd = newAttach(c, msg.id)
	case screenBackup:
		m.backup, cmd = newBackup(c)
	case screenPasswd:
		m.passwd, cmd = newPasswd(c)
	case screenHandoff:
		if m.browse.loading {
			return m, statusCmd("the dossiers are still opening")
		}
		m.handoff, cmd = newHandoff(c, m.browse.ix, msg.id)
	case screenImport:
		m.imp, cmd = newImport(c)
	case screenContacts:
		m.contacts, cmd = newContacts(c)
	case screenTags:
		m.tags, cmd = newTags(c)
		m.tags.shown, m.tags.query = msg.shown, msg.query
	}
	m.screen = msg.to
	return m, cmd
}

// refreshScreen reloads the active screen after a write.
func (m model) refreshScreen() (tea.Model, tea.Cmd) {
	switch m.screen {
	case screenUpcoming:
		return m, m.upcoming.refresh()
	case screenAttachments:
		m.attach.refresh()
	case screenTrash:
		return m, trashCmd(m.c.store)
	case screenTags:
		return m, m.tags.refresh()
	}
	return m, nil
}

// restoreDraft opens the edit sealed when the vault locked and goes back to
// it.
func (m model) restoreDraft() (tea.Model, tea.Cmd) {
	sealed := m.draft
	m.draft = nil
	raw, err := m.c.store.OpenMemo(sealed)
	if err != nil {
		m.setStatus("the edit left when the vault locked could not be opened: "+errText(err), true)
		return m, nil
	}
	defer clear(raw)
	var dr formDraft
	if err := json.Unmarshal(raw, &dr); err != nil {
		m.setStatus("the edit left when the vault locked could not be read", true)
		return m, nil
	}
	f, cmd, err := formFromDraft(m.c, dr)
	if err != nil {
		m.setStatus("the edit left when the vault locked could not be read", true)
		return m, nil
	}
	m.form, m.screen = f, screenForm
	m.setStatus("back to the edit you left: ctrl+s saves it", false)
	return m, cmd
}

func (m *model) toMain() {
	m.screen = screenMain
	m.trash, m.history, m.log, m.upcoming, m.attach, m.pick = trashScreen{}, historyScreen{}, logScreen{}, upcomingScreen{}, attachScreen{}, picker{}
	m.tags = tagsScreen{}
	m.dropExchange()
}

// dropExchange leaves the backup, handoff and import screens, wiping a
// file's content the import screen holds.
func (m *model) dropExchange() {
	m.imp.drop()
	m.backup, m.handoff, m.imp = backupScreen{}, handoffScreen{}, importScreen{}
}

func (m model) askQuit() (tea.Model, tea.Cmd) {
	if m.screen == screenForm && m.form.dirty {
		return m, m.c.post(confirmMsg{prompt: "Quit and lose the changes to this dossier?", yes: quitMsg{}})
	}
	if m.draft != nil {
		return m, m.c.post(confirmMsg{prompt: "Quit and lose the edit you left?\nUnlock first to get it back.", yes: quitMsg{}})
	}
	return m, m.c.post(quitMsg{})
}

// lock locks the store and drops every decrypted value the screens hold. An
// edit in progress is kept, sealed (formDraft).
func (m model) lock(note string) (tea.Model, tea.Cmd) {
	c := m.c
	if m.screen == screenForm && m.form.dirty && !m.form.busy {
		if raw, err := json.Marshal(m.form.draft()); err == nil {
			if m.draft, err = c.store.SealMemo(raw); err == nil {
				note += ": the edit you left comes back when you unlock"
			}
			clear(raw)
		}
	}
	c.store.Lock()
	// Let other programs open the vault while it is locked: a scheduled
	// backup, a one-shot command. Unlocking opens it again.
	c.store.Release()
	c.notes = wrappedNotes{}
	m.browse.drop()
	m.form, m.pick = form{}, picker{}
	m.trash, m.history, m.log, m.upcoming, m.attach, m.tags = trashScreen{}, historyScreen{}, logScreen{}, upcomingScreen{}, attachScreen{}, tagsScreen{}
	m.dropExchange()
	m.passwd.drop()
	m.passwd = passwdScreen{}
	m.fullHelp, m.confirm, m.privacy = false, nil, false
	m.privacyInput.Reset()
	m.status, m.statusErr = "", false
	m.screen = screenUnlock
	var cmd tea.Cmd
	m.unlock, cmd = newUnlock(c, note)
	if !m.clipUntil.IsZero() {
		m.clipLabel, m.clipUntil = "", time.Time{}
		cmd = tea.Batch(cmd, clearClipboardCmd(c))
	}
	for _, v := range m.viewings {
		v.v.Close()
	}
	m.viewings = nil
	return m, cmd
}

// viewing is an attachment in the desktop's viewer, and when to let it go.
type viewing struct {
	v     *Viewing
	until time.Time
}

func (m model) onTick() (tea.Model, tea.Cmd) {
	c := m.c
	now := c.now()
	next := c.tick()
	if m.quitting {
		return m, nil
	}
	if m.unlocked() && now.Sub(m.lastInput) >= c.cfg.IdleLock {
		mm, cmd := m.lock(fmt.Sprintf("locked after %s without use", c.cfg.IdleLock))
		return mm, tea.Batch(cmd, next)
	}
	var cmds []tea.Cmd
	m.viewings = slices.DeleteFunc(m.viewings, func(v viewing) bool {
		if now.Before(v.until) {
			return false
		}
		v.v.Close()
		return true
	})
	if !m.clipUntil.IsZero() && !now.Before(m.clipUntil) {
		m.clipLabel, m.clipUntil = "", time.Time{}
		m.setStatus("clipboard cleared", false)
		cmds = append(cmds, clearClipboardCmd(c))
	}
	if m.status != "" && !now.Before(m.statusUntil) {
		m.status = ""
	}
	if m.screen == screenMain {
		m.browse, _ = m.browse.Update(tickMsg{})
	}
	return m, tea.Batch(append(cmds, next)...)
}

// updatePrivacy handles what the privacy screen takes: keys, mouse and
// paste (all swallowed), and the passphrase check. ok is false for other
// messages, which go on to the screens behind it.
func (m model) updatePrivacy(msg tea.Msg) (mm tea.Model, cmd tea.Cmd, ok bool) {
	c := m.c
	switch msg := msg.(type) {
	case privacyCheckedMsg:
		m.privacyBusy = false
		if msg.err != nil {
			m.privacyErr = errText(msg.err)
			return m, nil, true
		}
		m.privacy = false
		return m, nil, true
	case tea.MouseMsg, tea.PasteMsg:
		return m, nil, true
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, c.keys.Quit):
			m.privacy = false
			mm, cmd := m.askQuit()
			return mm, cmd, true
		case key.Matches(msg, c.keys.Lock):
			mm, cmd := m.lock("locked")
			return mm, cmd, true
		case m.privacyBusy:
			return m, nil, true
		case key.Matches(msg, c.keys.Privacy) && c.now().Sub(m.privacyAt) < privacyGrace:
			m.privacy = false
			m.privacyInput.Reset()
			return m, nil, true
		case key.Matches(msg, c.keys.Submit) && m.privacyInput.Value() != "":
			pass := []byte(m.privacyInput.Value())
			m.privacyInput.Reset()
			m.privacyBusy, m.privacyErr = true, ""
			return m, privacyCheckCmd(c.store, pass), true
		}
		var cmd tea.Cmd
		m.privacyInput, cmd = m.privacyInput.Update(msg)
		return m, cmd, true
	}
	return m, nil, false
}

func (m *model) setStatus(text string, isErr bool) {
	m.status, m.statusErr, m.statusUntil = text, isErr, m.c.now().Add(statusFor)
}

func (m *model) restyle() {
	st := m.c.styles
	m.help.Styles = st.Help
	m.browse.input.SetStyles(st.TextInput)
	m.unlock.input.SetStyles(st.TextInput)
	m.setup.inputs[0].SetStyles(st.TextInput)
	m.setup.inputs[1].SetStyles(st.TextInput)
	m.privacyInput.SetStyles(st.TextInput)
	m.form.restyle()
}

func (m model) View() tea.View {
	v := tea.NewView(safeScreen(m.render()))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Confidant"
	return v
}

// render draws the whole screen.
func (m model) render() string {
	c := m.c
	st := c.styles
	if m.quitting {
		return ""
	}
	if m.privacy {
		return m.privacyView()
	}
	var body string
	switch {
	case m.fullHelp:
		body = center(c, st.Dialog.Render(m.fullHelpView()))
	case m.confirm != nil:
		// A question naming long titles and labels is wrapped to the
		// screen, never cut: its end is what it asks.
		prompt := lipgloss.Wrap(PlainLines(m.confirm.prompt), max(20, c.width-st.Dialog.GetHorizontalFrameSize()), "")
		body = center(c, st.Dialog.Render(prompt+"\n\n"+st.Muted.Render("y yes · n no")))
	default:
		body = m.screenView()
	}
	bodyH := max(1, c.height-2)
	body = fitLines(strings.Split(body, "\n"), c.width, bodyH)
	keys := m.screenHelp().ShortHelp()
	if m.confirm != nil {
		keys = []key.Binding{c.keys.Yes, c.keys.No} // the screen's keys wait behind the question
	}
	return body + "\n" + m.statusLine() + "\n" + pad(m.help.ShortHelpView(keys), c.width)
}

// fullHelpView draws every key of the screen: its own in columns, then the
// keys that work everywhere (each screen's last group) on one line.
func (m model) fullHelpView() string {
	groups := m.screenHelp().FullHelp()
	h := m.help
	h.SetWidth(max(20, m.c.width-8))
	s := m.c.styles.Heading.Render("Keys") + "\n\n"
	if len(groups) > 1 {
		s += h.FullHelpView(groups[:len(groups)-1]) + "\n\n"
	}
	if len(groups) > 0 {
		s += h.ShortHelpView(groups[len(groups)-1])
	}
	return s
}

func (m model) screenView() string {
	switch m.screen {
	case screenSetup:
		return m.setup.View()
	case screenUnlock:
		return m.unlock.View()
	case screenMain:
		return m.browse.View()
	case screenPick:
		return m.pick.View()
	case screenForm:
		return m.form.View()
	case screenTrash:
		return m.trash.View()
	case screenHistory:
		return m.history.View()
	case screenUpcoming:
		return m.upcoming.View()
	case screenLog:
		return m.log.View()
	case screenAttachments:
		return m.attach.View()
	case screenBackup:
		return m.backup.View()
	case screenHandoff:
		return m.handoff.View()
	case screenImport:
		return m.imp.View()
	case screenContacts:
		return m.contacts.View()
	case screenPasswd:
		return m.passwd.View()
	case screenTags:
		return m.tags.View()
	}
	return ""
}

func (m model) screenHelp() help.KeyMap {
	switch m.screen {
	case screenSetup:
		return m.setup.help()
	case screenUnlock:
		return m.unlock.help()
	case screenMain:
		return m.browse.help()
	case screenPick:
		return m.pick.help()
	case screenForm:
		return m.form.help()
	case screenTrash:
		return m.trash.help()
	case screenHistory:
		return m.history.help()
	case screenUpcoming:
		return m.upcoming.help()
	case screenLog:
		return m.log.help()
	case screenAttachments:
		return m.attach.help()
	case screenBackup:
		return m.backup.help()
	case screenHandoff:
		return m.handoff.help()
	case screenImport:
		return m.imp.help()
	case screenContacts:
		return m.contacts.help()
	case screenPasswd:
		return m.passwd.help()
	case screenTags:
		return m.tags.help()
	}
	return keyHelp{}
}

func (m model) statusLine() string {
	c := m.c
	st := c.styles
	var right string
	if !m.clipUntil.IsZero() {
		left := max(0, int((m.clipUntil.Sub(c.now())+time.Second-1)/time.Second))
		right = st.Status.Render(fmt.Sprintf("⧉ %s on clipboard · clears in %ds", Plain(m.clipLabel), left))
	}
	var left string
	if m.status != "" {
		style := st.Status
		if m.statusErr {
			style = st.Error
		}
		left = style.Render(Plain(m.status)) // it may name a dossier
	}
	space := c.width - lipgloss.Width(right)
	if right != "" {
		space--
	}
	line := pad(left, max(0, space))
	if right != "" {
		line += " " + right
	}
	return truncate(line, c.width)
}

func (m model) privacyView() string {
	c := m.c
	st := c.styles
	var lines []string
	if c.now().Sub(m.privacyAt) < privacyGrace {
		lines = []string{st.Muted.Render("hidden · ctrl+x brings it back")}
	} else {
		lines = []string{st.Muted.Render("hidden · passphrase to show"), m.privacyInput.View()}
		if m.privacyBusy {
			lines = append(lines, st.Muted.Render("checking…"))
		} else if m.privacyErr != "" {
			lines = append(lines, st.Error.Render(m.privacyErr))
		}
	}
	return lipgloss.Place(c.width, c.height, lipgloss.Center, lipgloss.Bottom, strings.Join(lines, "\n"))
}
