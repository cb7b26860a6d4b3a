package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"rsc.io/qr"

	"confidant/vault"
)

// sortMode is the order of the main list.
type sortMode int

const (
	sortTitle sortMode = iota
	sortUpdated
	sortNext
	sortModes
)

func (m sortMode) String() string {
	return [...]string{"title", "recently updated", "next date"}[m]
}

// copiedMsg tells the root a value went to the clipboard, to start the
// countdown that clears it.
type copiedMsg struct{ label string }

// browse is the main screen: the list of dossiers beside the selected one.
type browse struct {
	c *common

	ix      index
	sort    sortMode
	input   textinput.Model
	typing  bool // the filter has the keyboard
	q       query
	visible []int // positions in ix.entries, in display order

	cursor, offset int
	detailFocus    bool
	field          int // selected field of the detail
	detailOffset   int
	// detailScroll is how many lines the dossier is scrolled past where the
	// selected field keeps it: what is below the last field (dates, notes,
	// attachments) is read by scrolling on, with down, pgdn or G.
	detailScroll int

	revealID    vault.ID
	revealField int
	revealUntil time.Time
	// large is a field shown in large type over the screen, until a key.
	large *large
	// rel keeps the selected dossier's related ones (View fills it);
	// pick lists them to go to one (R), or the dossiers that may be the
	// same person, to merge one (M).
	rel  *relatedCache
	pick *dossierPick
	// found keeps where the filter's words first show in the selected
	// dossier's notes (View fills it).
	found *foundInNotes

	undoID    vault.ID
	undoUntil time.Time
	// deleting is the dossier being moved to the trash, until the store
	// answers: keys pressed on it before the list moves on (a second d,
	// an e) are ignored rather than acting on a dossier in the trash.
	deleting vault.ID

	gen     uint64 // counts the indexes asked for; see refresh
	loading bool   // no index yet: the first is being built
	spinner spinner.Model
}

func newBrowse(c *common) browse {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "find: words, #tag, kind:travel"
	in.SetStyles(c.styles.TextInput)
	in.SetVirtualCursor(true)
	return browse{c: c, input: in, revealField: -1, loading: true, spinner: spinner.New(spinner.WithSpinner(spinner.Dot)), rel: &relatedCache{}, found: &foundInNotes{}}
}

// refresh asks for the list to be read again from the store and indexed,
// keeping the filter; the returned command does the work and sends an
// indexedMsg. When it arrives the dossier with id is selected if shown
// (with a zero id, the one selected then). Until it does the screen keeps
// showing the list it has, or a spinner when it has none yet.
func (b *browse) refresh(id vault.ID) tea.Cmd {
	b.gen++
	cmd := indexCmd(b.c.store, b.gen, b.ix.cache, b.c.now(), b.c.cfg.ReviewEvery, id)
	if b.loading {
		return tea.Batch(cmd, b.spinner.Tick)
	}
	return cmd
}

// indexedMsg carries an index built off the interface's goroutine. gen is
// the browse generation it was asked for: an older one is stale.
type indexedMsg struct {
	gen uint64
	ix  index
	sel vault.ID
}

// indexCmd reads the list from the store and indexes it, reusing the
// haystacks in old (which it only reads).
func indexCmd(s *vault.Store, gen uint64, old map[vault.ID]haystack, now time.Time, every time.Duration, sel vault.ID) tea.Cmd {
	return func() tea.Msg {
		list := s.List()
		ix := buildIndex(list, old, now, every)
		ix.backup = vault.BackupStateOf(list, s.LastBackup())
		return indexedMsg{gen: gen, ix: ix, sel: sel}
	}
}

// install takes a fresh index unless a later one was asked for since.
func (b *browse) install(msg indexedMsg) {
	if msg.gen != b.gen {
		return
	}
	id := msg.sel
	if id.IsZero() {
		if d := b.selected(); d != nil {
			id = d.ID
		}
	}
	b.ix, b.loading = msg.ix, false
	b.reselect(id)
}

// reselect re-runs the filter and puts the cursor on the dossier with id if
// it is shown, else keeps the cursor's place.
func (b *browse) reselect(id vault.ID) {
	b.apply()
	if !id.IsZero() {
		for k, i := range b.visible {
			if b.ix.entries[i].d.ID == id {
				b.cursor = k
				break
			}
		}
	}
	b.cursor = clamp(b.cursor, 0, len(b.visible)-1)
	b.clampField()
}

// drop forgets every decrypted value the screen holds. The generation goes
// on, so that an index asked for before is not installed after.
func (b *browse) drop() {
	c, gen := b.c, b.gen
	*b = newBrowse(c)
	b.gen = gen + 1
	b.input.SetStyles(c.styles.TextInput)
}

// setFilter shows the dossiers query finds, as if it had been typed after
// /: the tags screen shows a tag's dossiers this way.
func (b *browse) setFilter(query string) {
	b.typing = false
	b.input.Blur()
	b.input.SetValue(query)
	b.cursor, b.offset, b.field, b.detailFocus = 0, 0, 0, false
	b.hide()
	b.apply()
}

// show selects the dossier with id, clearing the filter if it hides it.
func (b *browse) show(id vault.ID) {
	b.detailFocus, b.field = false, 0
	b.hide()
	b.reselect(id)
	if d := b.selected(); d == nil || d.ID != id {
		b.setFilter("")
		b.reselect(id)
	}
}

// apply re-runs the filter over the index.
func (b *browse) apply() {
	b.q = parseQuery(b.input.Value())
	b.visible = b.ix.filter(b.q, b.sort)
	b.cursor = clamp(b.cursor, 0, len(b.visible)-1)
}

func (b *browse) selected() *vault.Dossier {
	if e := b.selectedEntry(); e != nil {
		return e.d
	}
	return nil
}

// selectedEntry is the index entry of the selected dossier, or nil.
func (b *browse) selectedEntry() *entry {
	if b.cursor < 0 || b.cursor >= len(b.visible) {
		return nil
	}
	return &b.ix.entries[b.visible[b.cursor]]
}

func (b *browse) clampField() {
	if d := b.selected(); d != nil {
		b.field = clamp(b.field, 0, len(d.Fields)-1)
	} else {
		b.field = 0
	}
}

func (b *browse) move(delta int) {
	old := b.cursor
	b.cursor = clamp(b.cursor+delta, 0, len(b.visible)-1)
	if old != b.cursor {
		b.field, b.detailOffset, b.detailScroll = 0, 0, 0
		b.hide()
	}
}

func (b *browse) hide() { b.revealField, b.revealID = -1, vault.ID{} }

func (b *browse) listHeight() int { return max(1, b.bodyHeight()-2-2) }

func (b *browse) bodyHeight() int { return max(4, b.c.height-2) }

func (b browse) Update(msg tea.Msg) (browse, tea.Cmd) {
	b, cmd := b.update(msg)
	b.offset = window(b.cursor, b.offset, b.listHeight(), len(b.visible))
	return b, cmd
}

func (b browse) update(msg tea.Msg) (browse, tea.Cmd) {
	k := b.c.keys
	if b.large != nil {
		switch msg.(type) {
		case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg:
			b.large = nil // any key puts it away, and does nothing else
			return b, nil
		}
	}
	if b.pick != nil {
		switch msg := msg.(type) {
		case tea.KeyPressMsg:
			return b.updatePick(msg)
		case tea.MouseClickMsg, tea.MouseWheelMsg:
			return b, nil // the list under it stays as it is
		}
	}
	switch msg := msg.(type) {
	case indexedMsg:
		b.install(msg)
		return b, nil
	case spinner.TickMsg:
		if !b.loading {
			return b, nil
		}
		var cmd tea.Cmd
		b.spinner, cmd = b.spinner.Update(msg)
		return b, cmd
	case tickMsg:
		if b.revealField >= 0 && !b.c.now().Before(b.revealUntil) {
			b.hide()
		}
		if b.large != nil && !b.c.now().Before(b.large.until) {
			b.large = nil
		}
		return b, nil
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			b.move(-3)
		case tea.MouseWheelDown:
			b.move(3)
		}
		return b, nil
	case tea.MouseClickMsg:
		if msg.Button == tea.MouseLeft && msg.X < b.listWidth() {
			row := msg.Y - 3 // header, filter line, top border
			if row >= 0 && row < b.listHeight() && b.offset+row < len(b.visible) {
				b.move(b.offset + row - b.cursor)
				b.detailFocus = false
			}
		} else if msg.Button == tea.MouseLeft && len(b.visible) > 0 {
			b.detailFocus = true
		}
		return b, nil
	case tea.PasteMsg:
		if b.typing {
			var cmd tea.Cmd
			b.input, cmd = b.input.Update(msg)
			b.apply()
			return b, cmd
		}
		return b, nil
	case tea.KeyPressMsg:
		if b.typing {
			return b.updateFilter(msg)
		}
		if b.detailFocus {
			if cmd, ok := b.updateDetail(msg); ok {
				return b, cmd
			}
		}
		switch {
		case key.Matches(msg, k.Filter):
			b.typing = true
			b.detailFocus = false
			return b, b.input.Focus()
		case key.Matches(msg, k.ClearFilter) && b.input.Value() != "":
			b.input.Reset()
			b.apply()
			return b, nil
		case key.Matches(msg, k.Up):
			b.move(-1)
		case key.Matches(msg, k.Down):
			b.move(1)
		case key.Matches(msg, k.PageUp):
			b.move(-b.listHeight())
		case key.Matches(msg, k.PageDown):
			b.move(b.listHeight())
		case key.Matches(msg, k.Top):
			b.move(-len(b.visible))
		case key.Matches(msg, k.Bottom):
			b.move(len(b.visible))
		case key.Matches(msg, k.Open):
			if b.selected() != nil {
				b.detailFocus = true
				b.clampField()
			}
		case key.Matches(msg, k.Sort):
			var id vault.ID
			if d := b.selected(); d != nil {
				id = d.ID
			}
			b.sort = (b.sort + 1) % sortModes
			b.reselect(id)
			return b, statusCmd("sorted by %s", b.sort)
		case key.Matches(msg, k.New):
			return b, b.c.post(pickKindMsg{})
		case key.Matches(msg, k.Undo):
			if !b.undoID.IsZero() && b.c.now().Before(b.undoUntil) {
				id := b.undoID
				b.undoID = vault.ID{}
				return b, restoreCmd(b.c.store, id, false)
			}
			return b, statusCmd("nothing to undo")
		case key.Matches(msg, k.Upcoming):
			return b, b.c.post(openScreenMsg{to: screenUpcoming})
		case key.Matches(msg, k.Trash):
			return b, b.c.post(openScreenMsg{to: screenTrash})
		case key.Matches(msg, k.Backup):
			return b, b.c.post(openScreenMsg{to: screenBackup})
		case key.Matches(msg, k.Import):
			return b, b.c.post(openScreenMsg{to: screenImport})
		case key.Matches(msg, k.Contacts):
			return b, b.c.post(openScreenMsg{to: screenContacts})
		case key.Matches(msg, k.Passwd):
			return b, b.c.post(openScreenMsg{to: screenPasswd})
		case key.Matches(msg, k.Tags):
			open := openScreenMsg{to: screenTags}
			if b.q.raw != "" {
				open.query = b.q.raw
				for _, i := range b.visible {
					open.shown = append(open.shown, b.ix.entries[i].d.ID)
				}
			}
			return b, b.c.post(open)
		case key.Matches(msg, k.Handoff):
			var id vault.ID
			if d := b.selected(); d != nil {
				id = d.ID
			}
			return b, b.c.post(openScreenMsg{to: screenHandoff, id: id})
		case key.Matches(msg, k.Log):
			var id vault.ID
			if d := b.selected(); d != nil && b.detailFocus {
				id = d.ID
			}
			return b, b.c.post(openScreenMsg{to: screenLog, id: id})
		default:
			return b, b.dossierKey(msg)
		}
	}
	return b, nil
}

// dossierKey handles the keys that act on the selected dossier.
func (b *browse) dossierKey(msg tea.KeyPressMsg) tea.Cmd {
	k := b.c.keys
	d := b.selected()
	if d == nil || d.ID == b.deleting {
		return nil // a dossier going to the trash takes no more keys
	}
	switch {
	case key.Matches(msg, k.Related):
		names, namedBy := b.related()
		if len(names)+len(namedBy) == 0 {
			return statusCmd("%s names no other dossier, and none names it", Plain(d.Title))
		}
		p := &dossierPick{title: "Related to " + Plain(d.Title)}
		for _, r := range names {
			p.items, p.how = append(p.items, r), append(p.how, "named by it")
		}
		for _, r := range namedBy {
			p.items, p.how = append(p.items, r), append(p.how, "names it")
		}
		b.pick = p
		return nil
	case key.Matches(msg, k.SecureNotes):
		labels := vault.NoteSecretLabels(d)
		if len(labels) == 0 {
			return statusCmd("no secret written in the notes of %s (\"Door code: …\", \"the door code is …\")", Plain(d.Title))
		}
		for i, l := range labels {
			labels[i] = Plain(l)
		}
		return b.c.post(confirmMsg{
			prompt: fmt.Sprintf("Move %s from the notes of %s into masked fields?\nThe notes keep the rest; H shows the version before.", strings.Join(labels, ", "), Plain(d.Title)),
			yes:    secureNotesMsg{id: d.ID},
		})
	case key.Matches(msg, k.Merge):
		p := &dossierPick{title: "Merge into " + Plain(d.Title) + ": the same person?", merge: true, into: d}
		p.items, p.how = b.ix.sameAs(d)
		if len(p.items) == 0 {
			return statusCmd("no other dossier shares a title, an email or a phone with %s: confidant merge KEEP OTHER merges any two", Plain(d.Title))
		}
		b.pick = p
		return nil
	case key.Matches(msg, k.Edit):
		return b.c.post(openFormMsg{d: d.Clone()})
	case key.Matches(msg, k.NewLike):
		// Its fields, secrets too, tags, dates and notes; an attachment
		// stays with the original.
		cmd := b.c.post(openFormMsg{d: d.Like(d.Title + " (copy)"), like: d.Title})
		switch n := len(d.Attachments); {
		case n == 1:
			cmd = tea.Batch(cmd, statusCmd("its attachment stays with %s", Plain(d.Title)))
		case n > 1:
			cmd = tea.Batch(cmd, statusCmd("its %d attachments stay with %s", n, Plain(d.Title)))
		}
		return cmd
	case key.Matches(msg, k.Delete):
		b.hide()
		b.deleting = d.ID
		return deleteCmd(b.c.store, d.ID, d.Title)
	case key.Matches(msg, k.History):
		return b.c.post(openScreenMsg{to: screenHistory, id: d.ID})
	case key.Matches(msg, k.Attachments):
		return b.c.post(openScreenMsg{to: screenAttachments, id: d.ID})
	case key.Matches(msg, k.Reviewed):
		return reviewedCmd(b.c.store, d.ID)
	case key.Matches(msg, k.QR):
		// From the list: a Wi-Fi network to join, or a contact to add.
		text, caption, i, ok := dossierQR(d)
		if !ok {
			return statusCmd("no Wi-Fi network or phone number here: enter, then Q on a field")
		}
		code, err := qr.Encode(text, qr.L)
		if err != nil {
			return statusCmd("too much for a QR code: enter, then Q on one field")
		}
		label := "contact card"
		if i >= 0 {
			label = d.Fields[i].Label
		}
		b.large = &large{label: label, code: code, caption: caption, until: b.c.now().Add(largeFor)}
		if i >= 0 && isSecret(d.Fields[i]) {
			return recordCmd(b.c.store, vault.ActRevealed, d.ID, d.Fields[i].Label+" as a QR code")
		}
		return nil
	case key.Matches(msg, k.Copy):
		// From the list, as from the command line (confidant copy TITLE):
		// the password, or the only secret. "/ airline enter y" copies a
		// login's password without moving into its fields.
		switch i, n := d.MainSecret(); {
		case i >= 0:
			return b.copyField(d, d.Fields[i])
		case n == 0:
			return statusCmd("no password or other secret here: enter, then y on a field")
		default:
			return statusCmd("%d secrets here: enter, then y on the one to copy", n)
		}
	}
	return nil
}

func (b *browse) updateFilter(msg tea.KeyPressMsg) (browse, tea.Cmd) {
	k := b.c.keys
	switch {
	case key.Matches(msg, k.ClearFilter):
		b.typing = false
		b.input.Blur()
		b.input.Reset()
		b.apply()
		return *b, nil
	case key.Matches(msg, k.Submit):
		b.typing = false
		b.input.Blur()
		return *b, nil
	case key.Matches(msg, k.TypedUp):
		b.move(-1)
		return *b, nil
	case key.Matches(msg, k.TypedDown):
		b.move(1)
		return *b, nil
	case key.Matches(msg, k.PageUp), key.Matches(msg, k.PageDown):
		return *b, nil
	}
	before := b.input.Value()
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	if b.input.Value() != before {
		b.cursor, b.offset, b.field = 0, 0, 0
		b.hide()
		b.apply()
	}
	return *b, cmd
}

// updateDetail handles keys while the detail has the keyboard; ok is false
// for keys it leaves to the list.
func (b *browse) updateDetail(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := b.c.keys
	d := b.selected()
	if d == nil {
		b.detailFocus = false
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Close):
		b.detailFocus, b.detailScroll = false, 0
		b.hide()
	case key.Matches(msg, k.Up):
		// Back up what was scrolled first, then from field to field.
		if b.detailScroll > 0 {
			b.detailScroll--
		} else {
			b.field = clamp(b.field-1, 0, len(d.Fields)-1)
		}
	case key.Matches(msg, k.Down):
		if b.detailScroll == 0 && b.field < len(d.Fields)-1 {
			b.field++
		} else {
			b.detailScroll = min(b.detailScroll+1, b.detailScrollMax())
		}
	case key.Matches(msg, k.PageDown):
		b.detailScroll = min(b.detailScroll+max(1, b.detailRows()-1), b.detailScrollMax())
	case key.Matches(msg, k.PageUp):
		b.detailScroll = max(0, b.detailScroll-max(1, b.detailRows()-1))
	case key.Matches(msg, k.Top):
		b.field, b.detailScroll = 0, 0
	case key.Matches(msg, k.Bottom):
		b.field = max(0, len(d.Fields)-1)
		b.detailScroll = b.detailScrollMax()
	case key.Matches(msg, k.Reveal):
		if b.field >= len(d.Fields) {
			return nil, true
		}
		f := d.Fields[b.field]
		if !isSecret(f) {
			return statusCmd("%s is not secret", f.Label), true
		}
		if b.revealField == b.field && b.revealID == d.ID {
			b.hide()
			return nil, true
		}
		b.revealID, b.revealField, b.revealUntil = d.ID, b.field, b.c.now().Add(revealFor)
		return recordCmd(b.c.store, vault.ActRevealed, d.ID, f.Label), true
	case key.Matches(msg, k.Copy):
		if b.field >= len(d.Fields) || d.Fields[b.field].Value == "" {
			return statusCmd("nothing to copy"), true
		}
		return b.copyField(d, d.Fields[b.field]), true
	case key.Matches(msg, k.Large):
		if b.field >= len(d.Fields) || d.Fields[b.field].Value == "" {
			return statusCmd("nothing to show"), true
		}
		f := d.Fields[b.field]
		b.large = &large{label: f.Label, value: f.Value, until: b.c.now().Add(largeFor)}
		if isSecret(f) {
			return recordCmd(b.c.store, vault.ActRevealed, d.ID, f.Label+" in large type"), true
		}
	case key.Matches(msg, k.QR):
		if b.field >= len(d.Fields) || d.Fields[b.field].Value == "" {
			return statusCmd("nothing to show"), true
		}
		f := d.Fields[b.field]
		text, caption := qrContent(d, f)
		code, err := qr.Encode(text, qr.L) // a screen is not a torn label: the least correction, the smallest code
		if err != nil {
			return statusCmd("%s is too long for a QR code", Plain(f.Label)), true
		}
		b.large = &large{label: f.Label, code: code, caption: caption, until: b.c.now().Add(largeFor)}
		if isSecret(f) {
			return recordCmd(b.c.store, vault.ActRevealed, d.ID, f.Label+" as a QR code"), true
		}
	default:
		return nil, false
	}
	return nil, true
}

// copyField copies f of d: its value, or the code a one-time password key
// gives now, since what a login asks for is the code, not the key.
func (b *browse) copyField(d *vault.Dossier, f vault.Field) tea.Cmd {
	label, value := f.Label, f.Value
	if k, ok := vault.FieldTOTP(f); ok {
		label = f.Label + " code"
		value, _ = k.Code(b.c.now())
	}
	return tea.Batch(copyCmd(b.c, d.ID, label, value), msgCmd(copiedMsg{label: label}))
}

func (b *browse) listWidth() int {
	if b.c.width < narrowLayout {
		return b.c.width
	}
	return clamp(b.c.width*2/5, minListWidth, 56)
}

// View draws the screen in c.width × (c.height-2) cells; the root adds the
// status line and the help footer.
func (b browse) View() string {
	st := b.c.styles
	w, h := b.c.width, b.bodyHeight()
	if b.large != nil {
		return largeView(st, b.large, b.large.until.Sub(b.c.now()), w, h)
	}
	if b.pick != nil {
		return b.pickView()
	}

	// Header.
	left := st.Title.Render("Confidant")
	n := len(b.ix.entries)
	aside := fmt.Sprintf("%d dossier%s", n, plural(n))
	if b.ix.due > 0 {
		aside += " · " + st.Due.Render(fmt.Sprintf("%d due", b.ix.due))
	}
	if bk := b.ix.backup; bk.Due(b.c.now(), b.c.cfg.BackupEvery) {
		text := fmt.Sprintf("%d changed since backup", bk.Changed)
		if bk.Last.IsZero() {
			text = "never backed up"
		}
		aside += " · " + st.Due.Render(text)
	}
	aside += " · by " + b.sort.String()
	header := left + "  " + st.TitleAside.Render(aside)

	// Filter line: blank until there is a filter. The keys are in the
	// footer, and an empty vault says what to do in the list.
	var filter string
	if b.typing || b.input.Value() != "" {
		b.input.SetWidth(max(10, w-24))
		filter = b.input.View() + st.Muted.Render(fmt.Sprintf("  %d match%s", len(b.visible), pluralES(len(b.visible))))
	}

	paneH := h - 2
	listW := b.listWidth()
	detailW := w - listW
	var body string
	switch {
	case w < narrowLayout && b.detailFocus:
		body = b.detailPane(w, paneH)
	case w < narrowLayout:
		body = b.listPane(w, paneH)
	default:
		body = lipgloss.JoinHorizontal(lipgloss.Top, b.listPane(listW, paneH), b.detailPane(detailW, paneH))
	}
	return strings.Join([]string{pad(header, w), pad(filter, w), body}, "\n")
}

func (b *browse) listPane(w, h int) string {
	st := b.c.styles
	style := st.PaneFocus
	if b.detailFocus || b.typing {
		style = st.Pane
	}
	iw := w - style.GetHorizontalFrameSize()
	rows := h - style.GetVerticalFrameSize()
	var lines []string
	switch {
	case b.loading:
		lines = []string{b.spinner.View() + st.Muted.Render(" opening the dossiers…")}
	case len(b.ix.entries) == 0:
		as := func(s ...string) string { return strings.Join(s, " ") }
		lines = []string{st.Muted.Render("Your vault is empty."), ""}
		lines = append(lines, wrapLines("Press "+st.Cursor.Render("n")+" to add a first dossier: a client profile, a passport, a contact, a secure note.", iw, 5, as)...)
		lines = append(lines, "")
		lines = append(lines, wrapLines("Or "+st.Cursor.Render("I")+" to bring in a client list kept as a spreadsheet (CSV), contacts, or another password manager's export.", iw, 6, as)...)
	case len(b.visible) == 0:
		lines = []string{st.Muted.Render("nothing matches"), st.Muted.Render("esc clears the filter")}
	default:
		b.offset = window(b.cursor, b.offset, rows, len(b.visible))
		for row := b.offset; row < len(b.visible) && row < b.offset+rows; row++ {
			lines = append(lines, b.listRow(&b.ix.entries[b.visible[row]], row == b.cursor, iw))
		}
	}
	return pane(style, "", lines, w, h)
}

func (b *browse) listRow(e *entry, selected bool, w int) string {
	st := b.c.styles
	base, match, muted, due := st.Value, st.Match, st.Muted, st.Due
	if selected {
		base, muted, due = st.Selected, st.Selected.Bold(false), st.Selected.Inherit(st.Due)
		match = st.Selected.Inherit(st.Match)
	}
	marker := base.Render("  ")
	if e.due || e.overdue {
		marker = due.Render("● ")
	}
	kind := string(e.d.Kind)
	kindW := 8
	if w < 34 {
		kindW = 0
	}
	titleW := max(4, w-2-kindW)
	text := Plain(e.d.Title)
	title := highlight(text, highlightSpans(text, b.q.words, true), titleW, base, match)
	if tw := lipgloss.Width(title); tw < titleW && len(e.d.Tags) > 0 {
		tags := Plain(" #" + strings.Join(e.d.Tags, " #"))
		title += muted.Render(truncate(tags, titleW-tw))
	}
	if tw := lipgloss.Width(title); tw < titleW {
		title += base.Render(strings.Repeat(" ", titleW-tw))
	}
	row := marker + title
	if kindW > 0 {
		row += muted.Render(fmt.Sprintf("%*s", kindW, truncate(kind, kindW-1)))
	}
	return row
}

func (b *browse) detailPane(w, h int) string {
	st := b.c.styles
	style := st.Pane
	if b.detailFocus {
		style = st.PaneFocus
	}
	iw := w - style.GetHorizontalFrameSize()
	rows := h - style.GetVerticalFrameSize()
	d := b.selected()
	if d == nil {
		return pane(style, "", []string{st.Muted.Render("no dossier selected")}, w, h)
	}
	v := detailView{sel: -1, revealed: -1, words: b.q.words, width: iw}
	if e := b.selectedEntry(); e != nil {
		v.reused, v.alike, v.short, v.common, v.unmasked = e.reused, e.alike, e.short, e.common, e.unmasked
		v.personal = e.personal
	}
	names, namedBy := b.related()
	v.names, v.namedBy = titlesOf(names), titlesOf(namedBy)
	if b.detailFocus {
		v.sel = b.field
	}
	if b.revealID == d.ID {
		v.revealed = b.revealField
		v.revealLeft = b.revealUntil.Sub(b.c.now())
	}
	dt := detailLines(b.c, d, v)
	if b.detailFocus {
		b.detailOffset = window(dt.sel, b.detailOffset, rows, len(dt.lines))
	} else {
		b.detailOffset = 0
		// Found in notes below the pane's height ("aisle" in a client's
		// preferences): the pane shows that line, a little below its top,
		// rather than the top of a dossier that seems not to hold it.
		// Its title stays on the first line.
		if at := b.found.at(d, b.q, iw, dt); at >= rows && rows > 2 && b.detailScroll == 0 {
			off := clamp(at-2, 1, max(1, len(dt.lines)-rows+1))
			return pane(style, "", append([]string{dt.lines[0]}, dt.show(off, rows-1)...), w, h)
		}
	}
	off := clamp(b.detailOffset+b.detailScroll, 0, max(0, len(dt.lines)-rows))
	return pane(style, "", dt.show(off, rows), w, h)
}

// foundInNotes is the first line of a dossier's drawn notes that holds a
// word of the filter, kept for the dossier's version, the query and the
// width, so that a frame does not look for it again.
type foundInNotes struct {
	id      vault.ID
	version uint64
	q       string
	width   int
	line    int
}

// maxFoundLines is how far into the notes a word is looked for: the
// wrapped lines of 900 KB of notes took milliseconds at each keystroke.
const maxFoundLines = 2000

// at returns the line of dt, the drawn dossier d, that is the first of its
// notes (and other runs of plain text) to hold one of q's words, or -1.
func (f *foundInNotes) at(d *vault.Dossier, q query, width int, dt detail) int {
	if len(q.words) == 0 {
		return -1
	}
	if f.id == d.ID && f.version == d.Version && f.q == q.raw && f.width == width {
		return f.line
	}
	*f = foundInNotes{id: d.ID, version: d.Version, q: q.raw, width: width, line: -1}
	seen := 0
	for _, r := range dt.plain {
		for i := r.from; i < r.to && seen < maxFoundLines; i, seen = i+1, seen+1 {
			line := vault.Fold(dt.lines[i])
			for _, w := range q.words {
				if strings.Contains(line, w) {
					f.line = i
					return i
				}
			}
		}
	}
	return -1
}

// detailSize returns the inner width and height of the detail pane, as View
// lays it out.
func (b *browse) detailSize() (int, int) {
	w, h := b.c.width, b.bodyHeight()-2
	if w >= narrowLayout {
		w -= b.listWidth()
	}
	frame := b.c.styles.PaneFocus
	return w - frame.GetHorizontalFrameSize(), h - frame.GetVerticalFrameSize()
}

func (b *browse) detailRows() int { _, rows := b.detailSize(); return rows }

// detailScrollMax is the most detailScroll can be for the selected dossier:
// until its last line shows at the bottom of the pane. It draws the dossier
// once, on a key that scrolls.
func (b *browse) detailScrollMax() int {
	d := b.selected()
	if d == nil {
		return 0
	}
	iw, rows := b.detailSize()
	v := detailView{sel: b.field, revealed: -1, words: b.q.words, width: iw}
	if e := b.selectedEntry(); e != nil {
		v.unmasked = e.unmasked // a secret in the notes adds a line
	}
	dt := detailLines(b.c, d, v)
	return max(0, len(dt.lines)-rows-window(dt.sel, b.detailOffset, rows, len(dt.lines)))
}

func (b browse) help() keyHelp {
	k := b.c.keys
	switch {
	case b.large != nil:
		away := key.NewBinding(key.WithKeys("esc"), key.WithHelp("any key", "put it away"))
		return keyHelp{short: []key.Binding{away}, full: [][]key.Binding{{away}, globalKeys(k)}}
	case b.pick != nil:
		enter := withHelp(k.Submit, "enter", "go to it")
		if b.pick.merge {
			enter = withHelp(k.Submit, "enter", "merge it")
		}
		keys := []key.Binding{k.Up, k.Down, enter, k.Back}
		return keyHelp{short: keys, full: [][]key.Binding{keys, globalKeys(k)}}
	case b.typing:
		return keyHelp{
			short: []key.Binding{withHelp(k.Submit, "enter", "keep filter"), withHelp(k.ClearFilter, "esc", "clear"), withHelp(k.Up, "↑/↓", "move")},
			full:  [][]key.Binding{{withHelp(k.Submit, "enter", "keep filter"), withHelp(k.ClearFilter, "esc", "clear")}, {k.Quit, k.Privacy, k.Lock}},
		}
	case b.detailFocus:
		return keyHelp{
			short: []key.Binding{k.Reveal, k.Copy, k.Large, k.Edit, k.Close, k.Help},
			full: [][]key.Binding{
				{k.Up, k.Down, withHelp(k.PageDown, "pgdn", "scroll down"), withHelp(k.PageUp, "pgup", "scroll up"), k.Reveal, k.Copy, k.Large, k.QR, k.Close},
				{k.Edit, k.Delete, k.Related, k.Merge, k.SecureNotes, k.History, k.Attachments, k.Reviewed, k.Log},
				{k.Handoff, k.Backup, k.Import, k.Contacts},
				globalKeys(k),
			},
		}
	}
	return keyHelp{
		short: []key.Binding{k.Filter, k.Open, k.Copy, k.New, k.Edit, k.Upcoming, k.Help},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.Filter, k.Open, withHelp(k.Copy, "y", "copy secret"), k.QR, k.Sort, k.New, k.NewLike, k.Edit, k.Delete, k.Undo},
			{k.Upcoming, k.Tags, k.Related, k.Merge, k.Trash, k.History, k.Log, k.Attachments, k.Reviewed},
			{k.Backup, k.Handoff, k.Import, k.Contacts, k.Passwd},
			globalKeys(k),
		},
	}
}

// withHelp returns b with other help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func pluralES(n int) string {
	if n == 1 {
		return ""
	}
	return "es"
}
