package ui

import (
	"fmt"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"confidant/vault"
)

// listNav moves a cursor over n rows for the list keys; ok is false for
// other keys.
func listNav(k KeyMap, msg tea.KeyPressMsg, cursor, n, page int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return clamp(cursor-1, 0, n-1), true
	case key.Matches(msg, k.Down):
		return clamp(cursor+1, 0, n-1), true
	case key.Matches(msg, k.PageUp):
		return clamp(cursor-page, 0, n-1), true
	case key.Matches(msg, k.PageDown):
		return clamp(cursor+page, 0, n-1), true
	case key.Matches(msg, k.Top):
		return 0, true
	case key.Matches(msg, k.Bottom):
		return max(0, n-1), true
	}
	return cursor, false
}

// wheel moves a cursor for a mouse wheel message.
func wheel(msg tea.MouseWheelMsg, cursor, n int) int {
	switch msg.Button {
	case tea.MouseWheelUp:
		return clamp(cursor-3, 0, n-1)
	case tea.MouseWheelDown:
		return clamp(cursor+3, 0, n-1)
	}
	return cursor
}

// listScreen draws a titled list of n rows with a cursor in the body area,
// the selected row highlighted, followed by extra lines. row draws row i;
// only the rows on screen are drawn (the access log may hold tens of
// thousands of events: drawing them all took 12 ms a frame).
func listScreen(c *common, title string, n int, row func(i int) string, cursor int, empty string, extra []string) string {
	st := c.styles
	w, h := c.width, max(4, c.height-2)
	lines := []string{st.Title.Render(title)}
	listH := h - 1 - len(extra)
	if n == 0 {
		// Said whole, wrapped: it says what would fill the list.
		lines = append(lines, "")
		for _, l := range strings.Split(ansi.Wrap(empty, w, ""), "\n") {
			lines = append(lines, st.Muted.Render(l))
		}
	}
	off := window(cursor, max(0, cursor-listH/2), listH, n)
	for i := off; i < n && i < off+listH; i++ {
		// A row is text without styles, and holds titles and labels.
		if i == cursor {
			lines = append(lines, st.Selected.Render(pad(Plain(row(i)), w)))
		} else {
			lines = append(lines, pad(Plain(row(i)), w))
		}
	}
	for len(lines) < h-len(extra) {
		lines = append(lines, "")
	}
	return fitLines(append(lines, extra...), w, h)
}

func timeText(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }

// trashScreen lists deleted dossiers to restore or purge.
type trashScreen struct {
	c       *common
	items   []vault.Trashed
	cursor  int
	loading bool
}

func newTrash(c *common) (trashScreen, tea.Cmd) {
	return trashScreen{c: c, loading: true}, trashCmd(c.store)
}

func (t trashScreen) Update(msg tea.Msg) (trashScreen, tea.Cmd) {
	k := t.c.keys
	switch msg := msg.(type) {
	case trashMsg:
		t.items, t.loading = msg.items, false
		t.cursor = clamp(t.cursor, 0, len(t.items)-1)
		if msg.err != nil {
			return t, errCmd(msg.err)
		}
	case emptiedMsg:
		if msg.err != nil {
			return t, errCmd(msg.err)
		}
		return t, tea.Batch(statusCmd("purged %d dossier%s for good%s", msg.n, plural(msg.n), msg.note), trashCmd(t.c.store))
	case tea.MouseWheelMsg:
		t.cursor = wheel(msg, t.cursor, len(t.items))
	case tea.KeyPressMsg:
		if c, ok := listNav(k, msg, t.cursor, len(t.items), 10); ok {
			t.cursor = c
			return t, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return t, t.c.post(backMsg{})
		case key.Matches(msg, k.Restore) && len(t.items) > 0:
			return t, restoreCmd(t.c.store, t.items[t.cursor].Dossier.ID, false)
		case key.Matches(msg, k.EmptyTrash) && len(t.items) > 0:
			return t, t.c.post(confirmMsg{prompt: fmt.Sprintf("Delete the %d dossier%s in the trash for good?\nThis cannot be undone.", len(t.items), plural(len(t.items))), yes: emptyTrashMsg{}})
		case key.Matches(msg, k.Detach) && len(t.items) > 0:
			d := t.items[t.cursor].Dossier
			return t, t.c.post(confirmMsg{prompt: fmt.Sprintf("Delete %s for good, with its history and files?\nThis cannot be undone.", Plain(d.Title)),
				yes: purgeOneMsg{id: d.ID, title: d.Title}})
		}
	case emptyTrashMsg:
		return t, emptyTrashCmd(t.c.store)
	case purgeOneMsg:
		return t, purgeOneCmd(t.c.store, msg)
	case purgedOneMsg:
		if msg.err != nil {
			return t, errCmd(msg.err)
		}
		return t, tea.Batch(statusCmd("deleted %s for good%s", Plain(msg.title), msg.note), trashCmd(t.c.store))
	}
	return t, nil
}

// emptyTrashMsg is the confirmed request to empty the trash.
type emptyTrashMsg struct{}

// purgeOneMsg is the confirmed request to delete one trashed dossier for
// good; purgedOneMsg reports it.
type (
	purgeOneMsg struct {
		id    vault.ID
		title string
	}
	purgedOneMsg struct {
		title, note string // see wipeNote
		err         error
	}
)

func purgeOneCmd(s *vault.Store, p purgeOneMsg) tea.Cmd {
	return func() tea.Msg {
		note, err := wipeNote(s.PurgeTrashed(p.id))
		return purgedOneMsg{title: p.title, note: note, err: err}
	}
}

func (t trashScreen) View() string {
	row := func(i int) string {
		it := &t.items[i]
		left := t.c.now().Sub(it.Deleted)
		days := int((vault.TrashRetention - left).Hours() / 24)
		return fmt.Sprintf("  %s %-8s deleted %s · purge in %dd", pad(it.Dossier.Title, 28), it.Dossier.Kind, it.Deleted.Local().Format(time.DateOnly), max(0, days))
	}
	empty := "the trash is empty"
	if t.loading {
		empty = "opening the trash…"
	}
	return listScreen(t.c, "Trash", len(t.items), row, t.cursor, empty, nil)
}

func (t trashScreen) help() keyHelp {
	k := t.c.keys
	purgeOne := withHelp(k.Detach, "x", "delete for good")
	return keyHelp{
		short: []key.Binding{k.Restore, purgeOne, k.EmptyTrash, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.Restore, purgeOne, k.EmptyTrash, k.Back}, globalKeys(k)},
	}
}

// historyScreen lists a dossier's versions, what changed in each, and
// restores one.
type historyScreen struct {
	c        *common
	id       vault.ID
	versions []vault.Dossier
	cursor   int
	loading  bool
}

func newHistory(c *common, id vault.ID) (historyScreen, tea.Cmd) {
	return historyScreen{c: c, id: id, loading: true}, historyCmd(c.store, id)
}

func (h historyScreen) Update(msg tea.Msg) (historyScreen, tea.Cmd) {
	k := h.c.keys
	switch msg := msg.(type) {
	case historyMsg:
		h.versions, h.loading = msg.versions, false
		if msg.err != nil {
			return h, errCmd(msg.err)
		}
	case tea.MouseWheelMsg:
		h.cursor = wheel(msg, h.cursor, len(h.versions))
	case tea.KeyPressMsg:
		if c, ok := listNav(k, msg, h.cursor, len(h.versions), 10); ok {
			h.cursor = c
			return h, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return h, h.c.post(backMsg{})
		case key.Matches(msg, k.Revert) && len(h.versions) > 0:
			if h.cursor == 0 {
				return h, statusCmd("this is the current version")
			}
			v := h.versions[h.cursor]
			return h, h.c.post(confirmMsg{prompt: fmt.Sprintf("Restore version %d of %s?\nIt is saved as a new version; nothing is lost.", v.Version, v.Title), yes: revertMsg{id: v.ID, version: v.Version}})
		case key.Matches(msg, k.EmptyTrash) && len(h.versions) > 1:
			cur := h.versions[0]
			earlier := fmt.Sprintf("the %d earlier versions", len(h.versions)-1)
			if len(h.versions) == 2 {
				earlier = "the earlier version"
			}
			return h, h.c.post(confirmMsg{prompt: fmt.Sprintf("Forget %s of %s for good?\nThe current one stays. This cannot be undone.", earlier, Plain(cur.Title)),
				yes: forgetHistoryMsg{id: cur.ID}})
		}
	case revertMsg:
		return h, revertCmd(h.c.store, msg.id, msg.version)
	case forgetHistoryMsg:
		id := msg.id
		s := h.c.store
		return h, func() tea.Msg {
			n, err := s.ForgetHistory(id)
			note, err := wipeNote(err)
			return historyForgottenMsg{n: n, note: note, err: err}
		}
	case historyForgottenMsg:
		if msg.err != nil {
			return h, errCmd(msg.err)
		}
		h.cursor = 0
		return h, tea.Batch(statusCmd("forgot %d earlier version%s%s", msg.n, plural(msg.n), msg.note), historyCmd(h.c.store, h.id))
	}
	return h, nil
}

// forgetHistoryMsg is the confirmed request to delete a dossier's earlier
// versions; historyForgottenMsg reports it.
type (
	forgetHistoryMsg    struct{ id vault.ID }
	historyForgottenMsg struct {
		n    int
		note string // see wipeNote
		err  error
	}
)

// revertMsg is the confirmed request to restore a version.
type revertMsg struct {
	id      vault.ID
	version uint64
}

// changes says what version i changed from the one before it.
func (h historyScreen) changes(i int) string {
	if i == len(h.versions)-1 {
		if h.versions[i].Version == 1 {
			return "created"
		}
		return "oldest kept"
	}
	var parts []string
	for _, ch := range vault.Diff(h.versions[i+1], h.versions[i]) {
		parts = append(parts, ch.What+" "+ch.How)
	}
	if len(parts) == 0 {
		return "no visible change"
	}
	return strings.Join(parts, ", ")
}

func (h historyScreen) View() string {
	row := func(i int) string {
		cur := ""
		if i == 0 {
			cur = " (current)"
		}
		v := &h.versions[i]
		return fmt.Sprintf("  v%-3d %s%s  %s", v.Version, timeText(v.Updated), cur, h.changes(i))
	}
	title := "History"
	if len(h.versions) > 0 {
		title += " of " + Plain(h.versions[0].Title)
	}
	empty := "no versions"
	if h.loading {
		empty = "opening the history…"
	}
	var extra []string
	if h.cursor < len(h.versions) && h.c.height >= 20 {
		v := h.versions[h.cursor]
		dt := detailLines(h.c, &v, detailView{sel: -1, revealed: -1, width: h.c.width - 4})
		extra = append([]string{h.c.styles.Label.Render(strings.Repeat("─", h.c.width))}, dt.show(0, (h.c.height-2)/2)...)
	}
	return listScreen(h.c, title, len(h.versions), row, h.cursor, empty, extra)
}

func (h historyScreen) help() keyHelp {
	k := h.c.keys
	forget := withHelp(k.EmptyTrash, "X", "forget earlier versions")
	return keyHelp{
		short: []key.Binding{k.Up, k.Down, k.Revert, forget, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.Revert, forget, k.Back}, globalKeys(k)},
	}
}

// upcomingItem is one thing coming: a date in its reminder window, a
// dossier due for review, or a backup.
type upcomingItem struct {
	d      *vault.Dossier // nil for the backup
	what   string
	when   time.Time
	isDue  bool
	backup bool // the vault is due for a backup (vault.BackupState.Due)
}

// upcomingScreen shows what is coming, each by its own lead time.
type upcomingScreen struct {
	c *common
	// within shows every date of the next six months too, reminder or
	// not: "which passports expire before the summer?"
	within  bool
	items   []upcomingItem
	cursor  int
	seq     uint64 // the latest request; older replies are dropped
	loading bool
}

// upcomingMsg carries what is coming, worked out off the interface's
// goroutine (every dossier's dates: tens of milliseconds at 10,000).
type upcomingMsg struct {
	seq   uint64
	items []upcomingItem
}

func upcomingCmd(s *vault.Store, seq uint64, now time.Time, every, backupEvery time.Duration, within vault.Period) tea.Cmd {
	return func() tea.Msg {
		list := s.List()
		items := upcoming(list, now, every, within)
		if st := vault.BackupStateOf(list, s.LastBackup()); st.Due(now, backupEvery) {
			items = slices.Insert(items, 0, upcomingItem{what: backupShort(st),
				when: st.DueSince(backupEvery), backup: true})
		}
		return upcomingMsg{seq: seq, items: items}
	}
}

// backupShort is BackupText in the few cells the Upcoming screen has at
// 80 columns: "3 changed since 2026-11-14", "5 never backed up".
func backupShort(st vault.BackupState) string {
	if st.Last.IsZero() {
		return fmt.Sprintf("%d never backed up", st.Changed)
	}
	return fmt.Sprintf("%d changed since %s", st.Changed, st.Last.Local().Format(time.DateOnly))
}

// BackupText says what no backup holds yet: "3 dossiers changed since the
// backup of 2026-11-14", or "5 dossiers, none in a backup yet".
func BackupText(st vault.BackupState) string {
	if st.Last.IsZero() {
		return fmt.Sprintf("%d dossier%s, none in a backup yet", st.Changed, plural(st.Changed))
	}
	return fmt.Sprintf("%d dossier%s changed since the backup of %s", st.Changed, plural(st.Changed), st.Last.Local().Format(time.DateOnly))
}

// upcomingWithin is how far w looks ahead.
var upcomingWithin = vault.Period{Months: 6}

func newUpcoming(c *common) (upcomingScreen, tea.Cmd) {
	u := upcomingScreen{c: c, loading: true}
	return u, u.refresh()
}

// refresh asks for the items to be worked out again from the store's
// in-memory list; an upcomingMsg brings them.
func (u *upcomingScreen) refresh() tea.Cmd {
	u.seq = u.c.nextSeq()
	var within vault.Period
	if u.within {
		within = upcomingWithin
	}
	return upcomingCmd(u.c.store, u.seq, u.c.now(), u.c.cfg.ReviewEvery, u.c.cfg.BackupEvery, within)
}

func upcoming(list []vault.Dossier, now time.Time, every time.Duration, within vault.Period) []upcomingItem {
	coming := vault.Upcoming(list, now, every, within)
	items := make([]upcomingItem, len(coming))
	for i, c := range coming {
		items[i] = upcomingItem{d: c.Dossier, what: c.Date.Label, when: c.When, isDue: !c.Review}
		if c.Review {
			items[i].what = "not reviewed since " + c.Since.Local().Format(time.DateOnly)
		}
	}
	return items
}

func (u upcomingScreen) Update(msg tea.Msg) (upcomingScreen, tea.Cmd) {
	k := u.c.keys
	switch msg := msg.(type) {
	case upcomingMsg:
		if msg.seq == u.seq {
			u.items, u.loading = msg.items, false
			u.cursor = clamp(u.cursor, 0, len(u.items)-1)
		}
	case tea.MouseWheelMsg:
		u.cursor = wheel(msg, u.cursor, len(u.items))
	case tea.KeyPressMsg:
		if c, ok := listNav(k, msg, u.cursor, len(u.items), 10); ok {
			u.cursor = c
			return u, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return u, u.c.post(backMsg{})
		case key.Matches(msg, k.Within):
			u.within, u.loading = !u.within, true
			return u, u.refresh()
		case len(u.items) == 0:
		case key.Matches(msg, k.Submit) && u.items[u.cursor].backup:
			return u, u.c.post(openScreenMsg{to: screenBackup})
		case key.Matches(msg, k.Submit):
			return u, u.c.post(showMsg{id: u.items[u.cursor].d.ID})
		case key.Matches(msg, k.Reviewed) && !u.items[u.cursor].backup:
			return u, reviewedCmd(u.c.store, u.items[u.cursor].d.ID)
		}
	}
	return u, nil
}

func (u upcomingScreen) View() string {
	st := u.c.styles
	now := u.c.now()
	row := func(i int) string {
		it := &u.items[i]
		when := it.when.Format(time.DateOnly)
		title := "the vault"
		switch {
		case it.backup:
			when += " backup"
		case it.isDue:
			when += " " + DueText(it.when, now)
		default:
			when += " review"
		}
		if it.d != nil {
			title = it.d.Title
		}
		return fmt.Sprintf("  %-22s %s %s", when, pad(title, 28), it.what)
	}
	name := "Upcoming"
	if u.within {
		name = "Upcoming, and every date of the next 6 months"
	}
	title := name + st.TitleAside.Render(fmt.Sprintf("  %d item%s", len(u.items), plural(len(u.items))))
	empty := "nothing is due: no date inside its reminder, every dossier reviewed in the last 90 days · w shows the next 6 months"
	if u.within {
		empty = "nothing is due, and no date in the next 6 months"
	}
	if u.loading {
		title, empty = name, "working out what is coming…"
	}
	return listScreen(u.c, title, len(u.items), row, u.cursor, empty, nil)
}

func (u upcomingScreen) help() keyHelp {
	k := u.c.keys
	within := k.Within
	if u.within {
		within = withHelp(k.Within, "w", "only what is due")
	}
	keys := []key.Binding{k.Up, k.Down, withHelp(k.Submit, "enter", "show"), k.Reviewed, within, k.Back}
	if len(u.items) > 0 && u.items[u.cursor].backup {
		keys = []key.Binding{k.Up, k.Down, withHelp(k.Submit, "enter", "back up"), within, k.Back}
	}
	return keyHelp{
		short: keys,
		full:  [][]key.Binding{keys, globalKeys(k)},
	}
}

// logScreen shows the sealed access log, newest first.
type logScreen struct {
	c       *common
	about   vault.ID // the dossier the screen was opened on
	all     bool     // showing every event rather than about's
	events  []vault.Event
	titles  map[vault.ID]string
	cursor  int
	loading bool
	seq     uint64 // the latest request; older replies are dropped
}

func newLog(c *common, about vault.ID) (logScreen, tea.Cmd) {
	l := logScreen{c: c, about: about, all: about.IsZero(), loading: true}
	l.seq = c.nextSeq()
	return l, logCmd(c.store, l.seq, l.filterID(), true)
}

func (l logScreen) filterID() vault.ID {
	if l.all {
		return vault.ID{}
	}
	return l.about
}

func (l logScreen) Update(msg tea.Msg) (logScreen, tea.Cmd) {
	k := l.c.keys
	switch msg := msg.(type) {
	case logMsg:
		if msg.seq != l.seq {
			return l, nil
		}
		if msg.titles != nil {
			l.titles = msg.titles
		}
		l.events, l.loading = msg.events, false
		l.cursor = clamp(l.cursor, 0, len(l.events)-1)
		if msg.err != nil {
			return l, errCmd(msg.err)
		}
	case tea.MouseWheelMsg:
		l.cursor = wheel(msg, l.cursor, len(l.events))
	case tea.KeyPressMsg:
		if c, ok := listNav(k, msg, l.cursor, len(l.events), 10); ok {
			l.cursor = c
			return l, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return l, l.c.post(backMsg{})
		case key.Matches(msg, k.ByDossier):
			if l.about.IsZero() && len(l.events) > 0 {
				l.about = l.events[l.cursor].Dossier
			}
			if l.about.IsZero() {
				return l, nil
			}
			l.all = !l.all
			l.loading, l.cursor = true, 0
			l.seq = l.c.nextSeq()
			return l, logCmd(l.c.store, l.seq, l.filterID(), l.titles == nil)
		}
	}
	return l, nil
}

func (l logScreen) View() string {
	row := func(i int) string {
		e := &l.events[i]
		title := l.titles[e.Dossier]
		switch {
		case e.Dossier.IsZero():
			title = "—"
		case title == "":
			title = "(" + e.Dossier.Short() + ")"
		}
		return fmt.Sprintf("  %s  %-16s %s %s", timeText(e.Time), e.Action, pad(title, 28), e.Detail)
	}
	title := "Access log"
	if !l.all {
		title += " of " + Plain(l.titles[l.about])
	}
	empty := "nothing logged"
	if l.loading {
		empty = "opening the log…"
	}
	return listScreen(l.c, title, len(l.events), row, l.cursor, empty, nil)
}

func (l logScreen) help() keyHelp {
	k := l.c.keys
	return keyHelp{
		short: []key.Binding{k.Up, k.Down, k.ByDossier, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.ByDossier, k.Back}, globalKeys(k)},
	}
}

// attachScreen lists a dossier's attachments, shows one (a text here, any
// other in the desktop's viewer), adds one with a file picker, saves a copy
// out and removes one.
type attachScreen struct {
	c      *common
	id     vault.ID
	d      vault.Dossier
	cursor int
	mode   int // attachList, attachPick, attachSaveAs, attachText
	pick   filePick
	path   textinput.Model
	// text is the attachment shown here, by lines, from textTop; textName
	// its name. Dropped when it is put away, and at a lock.
	text     []string
	textTop  int
	textName string
}

const (
	attachList = iota
	attachPick
	attachSaveAs
	attachText
)

func newAttach(c *common, id vault.ID) (attachScreen, tea.Cmd) {
	a := attachScreen{c: c, id: id}
	a.refresh()
	return a, nil
}

func (a *attachScreen) refresh() {
	if d, err := a.c.store.Get(a.id); err == nil {
		a.d = d
	}
	a.cursor = clamp(a.cursor, 0, len(a.d.Attachments)-1)
	a.mode = attachList
}

func (a attachScreen) typing() bool {
	return a.mode == attachSaveAs || (a.mode == attachPick && a.pick.typing)
}

// detachMsg is the confirmed request to remove an attachment.
type detachMsg struct{ name string }

func (a attachScreen) Update(msg tea.Msg) (attachScreen, tea.Cmd) {
	k := a.c.keys
	switch msg := msg.(type) {
	case attachTextMsg:
		a.mode, a.text, a.textTop, a.textName = attachText, strings.Split(msg.text, "\n"), 0, msg.name
		return a, nil
	case savedOutMsg:
		a.mode = attachList
		if msg.err != nil {
			return a, errCmd(msg.err)
		}
		return a, statusCmd("saved a copy to %s", msg.path)
	case detachMsg:
		return a, detachCmd(a.c.store, a.id, msg.name)
	}
	switch a.mode {
	case attachText:
		return a.updateText(msg), nil
	case attachPick:
		if msg, ok := msg.(tea.KeyPressMsg); ok && key.Matches(msg, k.Back) && !a.pick.typing {
			a.mode = attachList
			return a, nil
		}
		path, cmd := a.pick.update(msg)
		if path != "" {
			a.mode = attachList
			// In sequence: a small file is sealed before a status sent
			// beside it would arrive, which then said "attaching" for good.
			return a, tea.Batch(cmd, tea.Sequence(statusCmd("attaching %s…", filepath.Base(path)), attachCmd(a.c.store, a.id, path)))
		}
		return a, cmd
	case attachSaveAs:
		if msg, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case key.Matches(msg, k.Back):
				a.mode = attachList
				return a, nil
			case key.Matches(msg, k.Submit) && a.path.Value() != "":
				name := a.d.Attachments[a.cursor].Name
				return a, saveOutCmd(a.c.store, a.id, name, expandHome(a.path.Value()))
			}
		}
		var cmd tea.Cmd
		a.path, cmd = a.path.Update(msg)
		return a, cmd
	}
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		a.cursor = wheel(msg, a.cursor, len(a.d.Attachments))
	case tea.KeyPressMsg:
		if c, ok := listNav(k, msg, a.cursor, len(a.d.Attachments), 10); ok {
			a.cursor = c
			return a, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return a, a.c.post(backMsg{})
		case key.Matches(msg, k.Add):
			var cmd tea.Cmd
			a.pick, cmd = newFilePick(a.c, max(3, a.c.height-6))
			a.mode = attachPick
			return a, cmd
		case key.Matches(msg, k.View) && len(a.d.Attachments) > 0:
			return a, viewCmd(a.c, a.id, a.d.Attachments[a.cursor].Name, true)
		case key.Matches(msg, k.ViewOut) && len(a.d.Attachments) > 0:
			name := a.d.Attachments[a.cursor].Name
			return a, tea.Sequence(statusCmd("opening %s…", Plain(name)), viewCmd(a.c, a.id, name, false))
		case key.Matches(msg, k.SaveOut) && len(a.d.Attachments) > 0:
			a.path = textinput.New()
			a.path.Prompt = "save to › "
			a.path.SetStyles(a.c.styles.TextInput)
			dir, _ := os.Getwd()
			a.path.SetValue(filepath.Join(dir, a.d.Attachments[a.cursor].Name))
			a.path.SetWidth(max(20, a.c.width-14))
			a.mode = attachSaveAs
			return a, a.path.Focus()
		case key.Matches(msg, k.Detach) && len(a.d.Attachments) > 0:
			name := a.d.Attachments[a.cursor].Name
			return a, a.c.post(confirmMsg{prompt: "Remove " + name + " from " + a.d.Title + "?", yes: detachMsg{name: name}})
		}
	}
	return a, nil
}

// updateText scrolls the text shown; esc puts it away.
func (a attachScreen) updateText(msg tea.Msg) attachScreen {
	k := a.c.keys
	page := max(1, a.c.height-4)
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		a.textTop = wheel(msg, a.textTop, len(a.text))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Back):
			a.mode, a.text, a.textName = attachList, nil, ""
		case key.Matches(msg, k.Down):
			a.textTop++
		case key.Matches(msg, k.Up):
			a.textTop--
		case key.Matches(msg, k.PageDown), msg.String() == "space":
			a.textTop += page
		case key.Matches(msg, k.PageUp):
			a.textTop -= page
		case key.Matches(msg, k.Top):
			a.textTop = 0
		case key.Matches(msg, k.Bottom):
			a.textTop = len(a.text) - page
		}
	}
	a.textTop = clamp(a.textTop, 0, max(0, len(a.text)-1))
	return a
}

// textView draws the text shown from textTop, each line made plain and
// wrapped to the width, a line number beside its first row.
func (a attachScreen) textView() string {
	st := a.c.styles
	w, h := a.c.width, max(4, a.c.height-2)
	lines := []string{st.Title.Render(Plain(a.textName)) + st.TitleAside.Render(fmt.Sprintf("  line %d of %d · shown here, from memory", a.textTop+1, len(a.text)))}
	numW := len(fmt.Sprint(len(a.text)))
	for i := a.textTop; i < len(a.text) && len(lines) < h; i++ {
		rows := strings.Split(ansi.Wrap(Plain(strings.TrimRight(a.text[i], "\r")), max(10, w-numW-2), ""), "\n")
		for j, r := range rows {
			num := strings.Repeat(" ", numW)
			if j == 0 {
				num = fmt.Sprintf("%*d", numW, i+1)
			}
			lines = append(lines, st.Muted.Render(num)+"  "+r)
		}
	}
	return fitLines(lines, w, h)
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

func (a attachScreen) View() string {
	if a.mode == attachText {
		return a.textView()
	}
	st := a.c.styles
	title := "Attachments of " + Plain(a.d.Title)
	if a.mode == attachPick {
		return fitLines(append([]string{st.Title.Render("Attach a file to " + Plain(a.d.Title))}, a.pick.lines()...), a.c.width, max(4, a.c.height-2))
	}
	row := func(i int) string {
		at := &a.d.Attachments[i]
		return fmt.Sprintf("  %s %10s  %s added %s", pad(at.Name, 36), humanSize(at.Size), pad(at.MediaType, 24), at.Added.Local().Format(time.DateOnly))
	}
	var extra []string
	if a.mode == attachSaveAs {
		extra = []string{a.path.View(), st.Muted.Render("the copy on disk is not encrypted · enter saves · esc cancels")}
	}
	return listScreen(a.c, title, len(a.d.Attachments), row, a.cursor, "no attachments: a adds a file (up to 16 MiB)", extra)
}

func (a attachScreen) help() keyHelp {
	k := a.c.keys
	if a.mode == attachPick {
		open := withHelp(k.Submit, "enter", "attach")
		return keyHelp{
			short: []key.Binding{k.Up, k.Down, open, typePath, k.Back},
			full:  [][]key.Binding{{k.Up, k.Down, open, withHelp(k.Close, "h/←", "up a folder"), typePath, k.Back}, globalKeys(k)},
		}
	}
	if a.mode == attachText {
		keys := []key.Binding{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom, withHelp(k.Back, "esc", "put it away")}
		return keyHelp{short: []key.Binding{k.Down, k.Up, k.PageDown, withHelp(k.Back, "esc", "put it away")}, full: [][]key.Binding{keys, globalKeys(k)}}
	}
	return keyHelp{
		short: []key.Binding{k.View, k.ViewOut, k.Add, k.SaveOut, k.Detach, k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, k.View, k.ViewOut, k.Add, k.SaveOut, k.Detach, k.Back}, globalKeys(k)},
	}
}

// mediaType guesses a file's media type from its name, then its content.
func mediaType(name string, data []byte) string {
	if t := mime.TypeByExtension(filepath.Ext(name)); t != "" {
		return t
	}
	return http.DetectContentType(data)
}
