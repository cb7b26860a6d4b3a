package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"confidant/vault"
)

// handoffScreen hands chosen dossiers to colleagues: choose the dossiers
// (marked in a filtered list), what of them goes (label by label: the
// passport number but not the bank PIN), whom to (contacts or typed keys)
// and where to write; see exactly what leaves and what stays behind; then
// write the file, encrypted to them.
type handoffScreen struct {
	c     *common
	stage int // handPick, handWhat, handOptions, handPreview, handDone

	// Choosing the dossiers.
	ix        index // the main list's index: read-only but for its memo
	filter    textinput.Model
	filtering bool
	visible   []int
	cursor    int
	marked    map[vault.ID]bool

	// Choosing what goes: fields and dates by label, notes, attachments.
	what       []whatItem
	whatCursor int

	// To whom and where.
	armor bool
	rcpt  recipients
	path  textinput.Model
	focus int

	// The preview, and the write.
	plan     handoffPlan
	preview  []previewDossier
	sealed   bool
	versions []uint64
	scroll   int
	seq      uint64
	busy     bool
	err      string
	done     *wroteMsg
	spinner  spinner.Model
}

const (
	handPick = iota
	handWhat
	handOptions
	handPreview
	handDone
)

// handoffPlan is what a handoff writes.
type handoffPlan struct {
	ids       []vault.ID
	choice    HandoffChoice
	to, names []string
	armor     bool
	path      string
}

// previewDossier says, by name only, what of one dossier leaves and what
// stays behind.
type previewDossier struct {
	title  string
	kind   vault.Kind
	leave  []string // field labels
	also   []string // notes, tags, dates
	attach []string // attachments that go, with their size
	stay   []string // fields, dates, notes and attachments left behind
}

// handoffPreviewMsg carries the preview of a handoff, and the version of
// each dossier it was made from.
type handoffPreviewMsg struct {
	seq      uint64
	items    []previewDossier
	versions []uint64
	sealed   bool // the file will be sealed as this vault's
	err      error
}

func newHandoff(c *common, ix index, sel vault.ID) (handoffScreen, tea.Cmd) {
	h := handoffScreen{c: c, ix: ix, marked: map[vault.ID]bool{}, spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
	h.filter = textinput.New()
	h.filter.Prompt = "/ "
	h.filter.Placeholder = "find: words, #tag, kind:travel"
	h.filter.SetStyles(c.styles.TextInput)
	h.filter.SetVirtualCursor(true)
	h.filter.SetWidth(max(10, c.width-24))
	h.path = newPathInput(c, "~/confidant-handoff-"+c.now().Format("2006-01-02")+".age")
	h.apply()
	if !sel.IsZero() {
		h.marked[sel] = true
		for k, i := range h.visible {
			if h.ix.entries[i].d.ID == sel {
				h.cursor = k
			}
		}
	}
	var cmd tea.Cmd
	h.rcpt, cmd = newRecipients(c)
	return h, cmd
}

func (h *handoffScreen) apply() {
	h.visible = h.ix.filter(parseQuery(h.filter.Value()), sortTitle)
	h.cursor = clamp(h.cursor, 0, len(h.visible)-1)
}

// chosen returns the marked dossiers' IDs in the list's order.
func (h *handoffScreen) chosen() []vault.ID {
	ds := h.chosenDossiers()
	ids := make([]vault.ID, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

func (h *handoffScreen) stops() []stop {
	s := h.rcpt.stops()
	return append(s, stop{id: "armor"}, stop{id: "path", input: &h.path}, stop{id: "go"})
}

// chosenDossiers returns the marked dossiers, in the list's order.
func (h *handoffScreen) chosenDossiers() []*vault.Dossier {
	var ds []*vault.Dossier
	for _, i := range h.ix.order(sortTitle) {
		if d := h.ix.entries[i].d; h.marked[d.ID] {
			ds = append(ds, d)
		}
	}
	return ds
}

func (h handoffScreen) typing() bool {
	switch h.stage {
	case handPick:
		return h.filtering
	case handOptions:
		s := h.stops()
		return !h.busy && h.focus < len(s) && s[h.focus].input != nil
	}
	return false
}

func (h handoffScreen) Update(msg tea.Msg) (handoffScreen, tea.Cmd) {
	k := h.c.keys
	switch msg := msg.(type) {
	case contactsMsg:
		cmd, _ := h.rcpt.take(msg)
		return h, cmd
	case handoffPreviewMsg:
		if msg.seq != h.seq {
			return h, nil
		}
		h.busy = false
		if msg.err != nil {
			h.err = errText(msg.err)
			return h, nil
		}
		h.preview, h.versions, h.sealed, h.stage, h.scroll = msg.items, msg.versions, msg.sealed, handPreview, 0
		return h, nil
	case wroteMsg:
		h.busy = false
		if msg.err != nil {
			h.err = writeFileErr(msg.path, msg.err)
			return h, errCmd(msg.err)
		}
		h.done, h.stage = &msg, handDone
		return h, statusCmd("handed %d dossier%s to %s", msg.dossiers, plural(msg.dossiers), msg.to)
	case spinner.TickMsg:
		if !h.busy {
			return h, nil
		}
		var cmd tea.Cmd
		h.spinner, cmd = h.spinner.Update(msg)
		return h, cmd
	case tea.MouseWheelMsg:
		if h.stage == handPick {
			h.cursor = wheel(msg, h.cursor, len(h.visible))
		}
		return h, nil
	case tea.PasteMsg:
		switch {
		case h.stage == handPick && h.filtering:
			var cmd tea.Cmd
			h.filter, cmd = h.filter.Update(msg)
			h.apply()
			return h, cmd
		case h.stage == handOptions:
			return h.updateInput(msg)
		}
		return h, nil
	case tea.KeyPressMsg:
		if h.busy {
			return h, nil
		}
		switch h.stage {
		case handPick:
			return h.updatePick(msg)
		case handWhat:
			return h.updateWhat(msg)
		case handOptions:
			return h.updateOptions(msg)
		case handPreview:
			switch {
			case key.Matches(msg, k.Back):
				h.stage, h.err = handOptions, ""
				return h, focusStop(h.stops(), h.focus)
			case key.Matches(msg, k.Submit), key.Matches(msg, k.Write):
				h.busy, h.err = true, ""
				return h, tea.Batch(handoffCmd(h.c.store, h.plan, h.versions), h.spinner.Tick)
			case key.Matches(msg, k.Up):
				h.scroll = max(0, h.scroll-1)
			case key.Matches(msg, k.Down):
				h.scroll++
			case key.Matches(msg, k.PageUp):
				h.scroll = max(0, h.scroll-10)
			case key.Matches(msg, k.PageDown):
				h.scroll += 10
			}
			return h, nil
		case handDone:
			if key.Matches(msg, k.Back) || key.Matches(msg, k.Submit) {
				return h, h.c.post(backMsg{})
			}
		}
	}
	return h, nil
}

func (h handoffScreen) updatePick(msg tea.KeyPressMsg) (handoffScreen, tea.Cmd) {
	k := h.c.keys
	if h.filtering {
		switch {
		case key.Matches(msg, k.ClearFilter):
			h.filtering = false
			h.filter.Blur()
			h.filter.Reset()
			h.apply()
			return h, nil
		case key.Matches(msg, k.Submit):
			h.filtering = false
			h.filter.Blur()
			return h, nil
		case key.Matches(msg, k.ArrowUp, k.ArrowDown):
			h.cursor, _ = listNav(k, msg, h.cursor, len(h.visible), 10)
			return h, nil
		}
		before := h.filter.Value()
		var cmd tea.Cmd
		h.filter, cmd = h.filter.Update(msg)
		if h.filter.Value() != before {
			h.cursor = 0
			h.apply()
		}
		return h, cmd
	}
	if c, ok := listNav(k, msg, h.cursor, len(h.visible), max(1, h.c.height-8)); ok {
		h.cursor = c
		return h, nil
	}
	switch {
	case key.Matches(msg, k.Filter):
		h.filtering = true
		return h, h.filter.Focus()
	case key.Matches(msg, k.ClearFilter) && h.filter.Value() != "":
		h.filter.Reset()
		h.apply()
	case key.Matches(msg, k.Back):
		return h, h.c.post(backMsg{})
	case key.Matches(msg, k.Toggle) && len(h.visible) > 0:
		id := h.ix.entries[h.visible[h.cursor]].d.ID
		h.marked[id] = !h.marked[id]
		if !h.marked[id] {
			delete(h.marked, id)
		}
		h.cursor = clamp(h.cursor+1, 0, len(h.visible)-1)
	case key.Matches(msg, k.MarkAll) && len(h.visible) > 0:
		id := func(i int) vault.ID { return h.ix.entries[h.visible[i]].d.ID }
		toggleAll(len(h.visible), func(i int) bool { return h.marked[id(i)] }, func(i int, on bool) {
			if on {
				h.marked[id(i)] = true
			} else {
				delete(h.marked, id(i))
			}
		})
	case key.Matches(msg, k.Submit):
		if len(h.marked) == 0 {
			return h, statusCmd("mark the dossiers to hand over with space")
		}
		h.what = whatGoes(h.chosenDossiers(), h.what)
		h.whatCursor = clamp(h.whatCursor, 0, len(h.what)-1)
		h.stage, h.err = handWhat, ""
	}
	return h, nil
}

// toggleAll turns n check boxes all off if all are on, else all on (a on
// a list).
func toggleAll(n int, on func(int) bool, set func(int, bool)) {
	all := true
	for i := range n {
		all = all && on(i)
	}
	for i := range n {
		set(i, !all)
	}
}

// updateWhat handles a key on the list of what goes.
func (h handoffScreen) updateWhat(msg tea.KeyPressMsg) (handoffScreen, tea.Cmd) {
	k := h.c.keys
	if c, ok := listNav(k, msg, h.whatCursor, len(h.what), max(1, h.c.height-8)); ok {
		h.whatCursor = c
		return h, nil
	}
	switch {
	case key.Matches(msg, k.Back):
		h.stage = handPick
	case key.Matches(msg, k.Toggle) && len(h.what) > 0:
		h.what[h.whatCursor].on = !h.what[h.whatCursor].on
		h.whatCursor = clamp(h.whatCursor+1, 0, len(h.what)-1)
	case key.Matches(msg, k.MarkAll) && len(h.what) > 0:
		toggleAll(len(h.what), func(i int) bool { return h.what[i].on }, func(i int, on bool) { h.what[i].on = on })
	case key.Matches(msg, k.Submit):
		h.stage, h.err = handOptions, ""
		return h, focusStop(h.stops(), h.focus)
	}
	return h, nil
}

func (h handoffScreen) updateOptions(msg tea.KeyPressMsg) (handoffScreen, tea.Cmd) {
	k := h.c.keys
	switch {
	case key.Matches(msg, k.Back):
		h.stage, h.err = handWhat, ""
		focusStop(h.stops(), -1)
		return h, nil
	case key.Matches(msg, k.Write):
		return h.startPreview()
	}
	stops := h.stops()
	if f, cmd, ok := moveFocus(k, msg, stops, h.focus); ok {
		h.focus = f
		return h, cmd
	}
	cur := stops[clamp(h.focus, 0, len(stops)-1)]
	switch {
	case cur.id == "go" && (key.Matches(msg, k.Submit) || key.Matches(msg, k.Toggle)):
		return h.startPreview()
	case cur.input == nil && key.Matches(msg, k.Toggle):
		h.err = ""
		switch cur.id {
		case "armor":
			h.armor = !h.armor
		default:
			h.rcpt.toggle(cur.id)
		}
		return h, nil
	case key.Matches(msg, k.Submit):
		h.focus = min(h.focus+1, len(stops)-1)
		return h, focusStop(stops, h.focus)
	}
	return h.updateInput(msg)
}

func (h handoffScreen) updateInput(msg tea.Msg) (handoffScreen, tea.Cmd) {
	stops := h.stops()
	if h.focus >= len(stops) || stops[h.focus].input == nil {
		return h, nil
	}
	in := stops[h.focus].input
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	h.err = ""
	return h, cmd
}

// startPreview checks the choices and works out the preview in a command.
func (h handoffScreen) startPreview() (handoffScreen, tea.Cmd) {
	to, names, err := h.rcpt.list()
	if err != nil {
		h.err = errText(err)
		return h, nil
	}
	path := strings.TrimSpace(h.path.Value())
	if path == "" {
		h.err = "say where to write the handoff"
		return h, nil
	}
	h.plan = handoffPlan{ids: h.chosen(), choice: choiceOf(h.what), to: to, names: names, armor: h.armor, path: expandHome(path)}
	h.seq = h.c.nextSeq()
	h.busy, h.err = true, ""
	return h, tea.Batch(handoffPreviewCmd(h.c.store, h.seq, h.plan), h.spinner.Tick)
}

func (p handoffPlan) export(s *vault.Store) (*vault.Bundle, error) {
	from, _ := s.Recipient()
	return s.Export(p.choice.Export(p.ids, from))
}

// handoffPreviewCmd exports the chosen dossiers as the handoff would and
// says, by name only, what leaves and what stays; the bundle is wiped.
func handoffPreviewCmd(s *vault.Store, seq uint64, p handoffPlan) tea.Cmd {
	return func() tea.Msg {
		b, err := p.export(s)
		if err != nil {
			return handoffPreviewMsg{seq: seq, err: err}
		}
		defer b.Wipe()
		msg := handoffPreviewMsg{seq: seq, sealed: s.SealsHandoffTo(p.to)}
		for _, bd := range b.Dossiers {
			d := bd.Dossier
			orig, err := s.Get(d.ID)
			if err != nil {
				return handoffPreviewMsg{seq: seq, err: err}
			}
			msg.items = append(msg.items, previewOf(&d, &orig))
			msg.versions = append(msg.versions, d.Version)
		}
		return msg
	}
}

// previewOf compares what leaves of a dossier (d) with all of it (orig),
// in text to draw.
func previewOf(d, orig *vault.Dossier) previewDossier {
	p := previewDossier{title: Plain(d.Title), kind: d.Kind}
	p.leave, p.also, p.attach, p.stay = HandoffParts(d, orig)
	return p
}

// HandoffParts says, by name only, what of a dossier a handoff carries (d)
// and what of it (orig) stays behind: the fields that leave, with "(secret)"
// after a secret one; the notes, tags and dates; the attachments, with their
// sizes; and the fields, dates, notes and attachments left behind.
func HandoffParts(d, orig *vault.Dossier) (leave, also, attach, stay []string) {
	secret := func(f vault.Field) string {
		if f.Secret {
			return Plain(f.Label) + " (secret)"
		}
		return Plain(f.Label)
	}
	for _, f := range d.Fields {
		leave = append(leave, secret(f))
	}
	for _, f := range orig.Fields {
		if !slices.ContainsFunc(d.Fields, func(x vault.Field) bool { return x.Label == f.Label }) {
			stay = append(stay, secret(f))
		}
	}
	for _, dt := range orig.Dates {
		if !slices.ContainsFunc(d.Dates, func(x vault.Date) bool { return x.Label == dt.Label }) {
			stay = append(stay, "date "+Plain(dt.Label))
		}
	}
	if d.Notes != "" {
		also = append(also, "notes")
		gone := vault.NoteSecretLabels(d)
		for _, l := range vault.NoteSecretLabels(orig) {
			if i := slices.Index(gone, l); i >= 0 {
				gone = slices.Delete(gone, i, i+1)
			} else {
				stay = append(stay, Plain(l)+" (in the notes)")
			}
		}
	} else if orig.Notes != "" {
		stay = append(stay, "notes")
	}
	if len(d.Tags) > 0 {
		also = append(also, "tags")
	}
	if n := len(d.Dates); n > 0 {
		also = append(also, fmt.Sprintf("%d date%s", n, plural(n)))
	}
	for _, a := range d.Attachments {
		attach = append(attach, Plain(a.Name)+" ("+humanSize(a.Size)+")")
	}
	if len(d.Attachments) == 0 {
		for _, a := range orig.Attachments {
			stay = append(stay, "attachment "+Plain(a.Name))
		}
	}
	return leave, also, attach, stay
}

// handoffCmd exports the dossiers again, checks they are the versions the
// preview showed, writes the file encrypted to the recipients and logs the
// handoff on each dossier.
func handoffCmd(s *vault.Store, p handoffPlan, versions []uint64) tea.Cmd {
	return func() tea.Msg {
		to := strings.Join(p.names, ", ")
		b, err := p.export(s)
		if err != nil {
			return wroteMsg{path: p.path, err: err}
		}
		defer b.Wipe()
		for i, bd := range b.Dossiers {
			if i >= len(versions) || bd.Dossier.Version != versions[i] {
				return wroteMsg{path: p.path, err: errors.New("a dossier changed since the preview: look at it again")}
			}
		}
		if err := vault.WriteBundleFile(p.path, b, vault.Seal{To: p.to, Armor: p.armor, Sender: s}, false); err != nil {
			return wroteMsg{path: p.path, err: err}
		}
		detail := fmt.Sprintf("to %s in %s", to, filepath.Base(p.path))
		if err := s.RecordEach(vault.ActHandedOff, p.ids, detail); err != nil {
			return wroteMsg{path: p.path, err: fmt.Errorf("the handoff was written, but not logged: %w", err)}
		}
		return wroteMsg{path: p.path, dossiers: len(b.Dossiers), to: to}
	}
}

func (h handoffScreen) View() string {
	switch h.stage {
	case handWhat:
		return h.whatView()
	case handOptions:
		return h.optionsView()
	case handPreview:
		return h.previewView()
	case handDone:
		st := h.c.styles
		d := h.done
		return strings.Join([]string{
			st.Title.Render("Hand over"), "",
			st.OK.Render("Handoff written"), "",
			"  " + d.path,
			fmt.Sprintf("  %d dossier%s, encrypted to %s", d.dossiers, plural(d.dossiers), d.to),
			"",
			st.Muted.Render("  only they can open it: send it any way you like"),
		}, "\n")
	}
	return h.pickView()
}

func (h handoffScreen) pickView() string {
	c := h.c
	st := c.styles
	w := c.width
	row := func(i int) string {
		d := h.ix.entries[h.visible[i]].d
		kind := fmt.Sprintf("%10s", truncate(string(d.Kind), 10))
		return "  " + check(h.marked[d.ID], pad(Plain(d.Title), max(8, w-18))) + kind
	}
	title := "Hand over: mark the dossiers" + st.TitleAside.Render(fmt.Sprintf("  %d marked", len(h.marked)))
	var extra []string
	if h.filtering || h.filter.Value() != "" {
		extra = append(extra, h.filter.View()+st.Muted.Render(fmt.Sprintf("  %d match%s", len(h.visible), pluralES(len(h.visible)))))
	}
	extra = append(extra, st.Muted.Render("space marks · enter goes on to what leaves and to whom"))
	return listScreen(c, title, len(h.visible), row, h.cursor, "no dossier to hand over", extra)
}

func (h handoffScreen) whatView() string {
	c := h.c
	st := c.styles
	w := 0
	for _, it := range h.what {
		w = max(w, lipgloss.Width(Plain(it.label)))
	}
	w = min(w, max(12, c.width/2))
	row := func(i int) string {
		it := h.what[i]
		return "  " + check(it.on, pad(Plain(it.label), w)+"  "+it.aside())
	}
	n := len(h.marked)
	title := "Hand over: what goes" + st.TitleAside.Render(fmt.Sprintf("  of %d dossier%s", n, plural(n)))
	extra := []string{st.Muted.Render(truncate("space chooses · what stays is not named in the file · enter: to whom", c.width))}
	return listScreen(c, title, len(h.what), row, h.whatCursor, "the marked dossiers hold no fields, dates, notes or attachments", extra)
}

// whatSummary says in a few words what a handoff carries.
func whatSummary(items []whatItem) string {
	var on, off int
	for _, it := range items {
		if it.on {
			on++
		} else {
			off++
		}
	}
	switch {
	case off == 0:
		return "everything"
	case on == 0:
		return "only titles, kinds and tags"
	}
	var kept []string
	for _, it := range items {
		if !it.on {
			kept = append(kept, Plain(it.label))
		}
	}
	return "all but " + strings.Join(kept, ", ")
}

func (h handoffScreen) optionsView() string {
	c := h.c
	st := c.styles
	stops := h.stops()
	focusID := ""
	if h.focus < len(stops) {
		focusID = stops[h.focus].id
	}
	n := len(h.marked)
	lines := []string{
		st.Title.Render("Hand over") + st.TitleAside.Render(fmt.Sprintf("  %d dossier%s marked", n, plural(n))),
		st.Muted.Render(truncate("what goes: "+whatSummary(h.what)+" (esc changes it) · history always stays behind", c.width)),
		"",
	}
	lines = append(lines, h.rcpt.rows(c, focusID)...)
	lines = append(lines,
		row(c, focusID == "armor", "Format", check(h.armor, "ASCII armor (text you can paste)")),
		row(c, focusID == "path", "Write to", h.path.View()),
		"",
		"  "+button(c, focusID == "go", "Preview"),
		"",
	)
	lines = append(lines, formFoot(c, h.busy, h.spinner, "working out what leaves…", h.err,
		"space chooses · ctrl+s shows what leaves before anything is written")...)
	return strings.Join(lines, "\n")
}

// previewLines draws what leaves and what stays, by name only.
func (h handoffScreen) previewLines() []string {
	st := h.c.styles
	w := h.c.width
	var lines []string
	item := func(label string, parts []string, style func(...string) string) {
		if len(parts) > 0 {
			lines = append(lines, "    "+st.Label.Render(pad(label, 8))+style(truncate(strings.Join(parts, ", "), w-12)))
		}
	}
	for _, p := range h.preview {
		lines = append(lines, "  "+st.Heading.Render(p.title)+st.Muted.Render(" ("+string(p.kind)+")"))
		leave := p.leave
		if len(leave) == 0 {
			leave = []string{"(no field)"}
		}
		item("leaves", leave, st.Value.Render)
		item("also", p.also, st.Value.Render)
		item("files", p.attach, st.Value.Render)
		item("stays", p.stay, st.Warn.Render)
	}
	return lines
}

// sealedLine says whether the recipients will be able to tell who wrote
// the handoff (vault.Store.SealsHandoffTo).
func sealedLine(st *Styles, sealed bool, width int) string {
	if sealed {
		return st.OK.Render(truncate("sealed by this vault: their vault will show it came from you", width))
	}
	return st.Warn.Render(truncate("not sealed (their key or this vault's cannot check a seal): tell them to expect it", width))
}

func (h handoffScreen) previewView() string {
	c := h.c
	st := c.styles
	n := len(h.preview)
	head := []string{
		st.Title.Render(fmt.Sprintf("Hand over %d dossier%s", n, plural(n))) + st.TitleAside.Render("  nothing is written yet"),
		truncate("to "+strings.Join(h.plan.names, ", "), c.width),
		truncate("into "+h.plan.path, c.width),
		sealedLine(st, h.sealed, c.width),
		"",
	}
	var foot []string
	switch {
	case h.busy:
		foot = []string{h.spinner.View() + " writing the handoff…"}
	case h.err != "":
		foot = wrapLines(h.err, c.width, 3, st.Error.Render)
	default:
		foot = []string{st.Muted.Render("enter writes the file · esc goes back · history always stays behind")}
	}
	body := h.previewLines()
	room := max(1, c.height-2-len(head)-len(foot)-1)
	off := clamp(h.scroll, 0, max(0, len(body)-room))
	end := min(len(body), off+room)
	lines := append(head, body[off:end]...)
	for len(lines) < len(head)+room {
		lines = append(lines, "")
	}
	return strings.Join(append(append(lines, ""), foot...), "\n")
}

func (h handoffScreen) help() keyHelp {
	k := h.c.keys
	switch h.stage {
	case handWhat:
		choose := withHelp(k.Toggle, "space", "go / stay")
		next := withHelp(k.Submit, "enter", "next")
		all := withHelp(k.MarkAll, "a", "all / none")
		return keyHelp{
			short: []key.Binding{choose, all, next, k.Back},
			full:  [][]key.Binding{{k.Up, k.Down, choose, all, next, k.Back}, globalKeys(k)},
		}
	case handPick:
		if h.filtering {
			return keyHelp{
				short: []key.Binding{withHelp(k.Submit, "enter", "keep filter"), withHelp(k.ClearFilter, "esc", "clear")},
				full:  [][]key.Binding{{withHelp(k.Submit, "enter", "keep filter"), withHelp(k.ClearFilter, "esc", "clear")}, {k.Quit, k.Privacy, k.Lock}},
			}
		}
		mark := withHelp(k.Toggle, "space", "mark")
		next := withHelp(k.Submit, "enter", "next")
		return keyHelp{
			short: []key.Binding{mark, k.MarkAll, k.Filter, next, k.Back},
			full:  [][]key.Binding{{k.Up, k.Down, mark, k.MarkAll, k.Filter, next, k.Back}, globalKeys(k)},
		}
	case handOptions:
		pre := withHelp(k.Write, "ctrl+s", "preview")
		return keyHelp{
			short: []key.Binding{k.NextInput, k.Toggle, pre, k.Back},
			full:  [][]key.Binding{{k.NextInput, k.PrevInput, k.Toggle, pre, k.Back}, globalKeys(k)},
		}
	case handPreview:
		wr := withHelp(k.Submit, "enter", "write")
		return keyHelp{
			short: []key.Binding{wr, k.Up, k.Down, k.Back},
			full:  [][]key.Binding{{wr, k.Up, k.Down, k.PageUp, k.PageDown, k.Back}, globalKeys(k)},
		}
	}
	return keyHelp{short: []key.Binding{withHelp(k.Submit, "enter", "done")}, full: [][]key.Binding{{withHelp(k.Submit, "enter", "done")}, globalKeys(k)}}
}
