package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"confidant/vault"
)

// picker chooses the template of a new dossier.
type picker struct {
	c      *common
	cursor int
}

func newPicker(c *common) picker { return picker{c: c} }

func (p picker) Update(msg tea.Msg) (picker, tea.Cmd) {
	k := p.c.keys
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, k.Up):
			p.cursor = clamp(p.cursor-1, 0, len(vault.Kinds)-1)
		case key.Matches(msg, k.Down):
			p.cursor = clamp(p.cursor+1, 0, len(vault.Kinds)-1)
		case key.Matches(msg, k.Submit), key.Matches(msg, k.Open):
			return p, p.c.post(openFormMsg{d: vault.New("", vault.Kinds[p.cursor])})
		case key.Matches(msg, k.Back):
			return p, p.c.post(backMsg{})
		}
	}
	return p, nil
}

func (p picker) View() string {
	st := p.c.styles
	lines := []string{st.Heading.Render("New dossier: choose a template"), ""}
	for i, kd := range vault.Kinds {
		var labels []string
		for _, f := range vault.Template(kd) {
			labels = append(labels, f.Label)
		}
		name := fmt.Sprintf("%-18s", kd.Title())
		desc := st.Muted.Render(truncate(strings.Join(labels, ", "), max(10, p.c.width-30)))
		if i == p.cursor {
			lines = append(lines, st.Cursor.Render("› "+name)+" "+desc)
		} else {
			lines = append(lines, "  "+name+" "+desc)
		}
	}
	return strings.Join(lines, "\n")
}

func (p picker) help() keyHelp {
	k := p.c.keys
	return keyHelp{
		short: []key.Binding{k.Up, k.Down, withHelp(k.Submit, "enter", "choose"), k.Back},
		full:  [][]key.Binding{{k.Up, k.Down, withHelp(k.Submit, "enter", "choose"), k.Back}, globalKeys(k)},
	}
}

// input is a one-line input that gives back the value it was given for as
// long as it shows it unchanged. A textinput draws a tab or a line break as
// a space and drops other control characters, so a value saved as it is
// shown would lose them: opening a dossier and saving a change to one part
// of it must leave the others as they were.
type input struct {
	textinput.Model
	given, shown string
}

// set gives the input v.
func (in *input) set(v string) {
	in.SetValue(v)
	in.given, in.shown = v, in.Value()
}

// text is the input's value: what was given, unless the person changed it.
func (in *input) text() string {
	if v := in.Value(); v != in.shown {
		return v
	}
	return in.given
}

// area is input for text of several lines: the notes, and the value of a
// field that holds lines. A textarea turns a tab into spaces and a \r into
// a line break of its own, and drops control characters.
type area struct {
	textarea.Model
	given, shown string
	// blurred is the area drawn while it is not focused, kept until it
	// could differ: bubbles' textarea draws every line of its text at each
	// frame, so a letter typed in the title of a dossier with 900 KB of
	// notes took 200 ms. Shared by the copies of one form.
	blurred *blurredView
}

type blurredView struct {
	s, text    string
	ok, textOK bool
}

func (a *area) set(v string) {
	a.SetValue(strings.ReplaceAll(v, "\r\n", "\n")) // one line break, not two
	a.given, a.shown = v, a.Value()
	a.stale()
}

// view is View, from the copy kept while the area is not focused. Its text
// changes only while it is focused, when it is drawn anew every time; the
// form drops the copy whenever the focus moves (setFocus), since a change
// need not have been drawn before the focus left.
func (a *area) view() string {
	if a.Focused() || a.blurred == nil {
		return a.View()
	}
	if !a.blurred.ok {
		a.blurred.s, a.blurred.ok = a.View(), true
	}
	return a.blurred.s
}

// stale drops the kept view: the text, size or styles changed.
func (a *area) stale() {
	if a.blurred != nil {
		*a.blurred = blurredView{}
	}
}

// heldText is text, kept as view is while the area is not focused: the
// textarea joins its lines anew at every call.
func (a *area) heldText() string {
	if a.Focused() || a.blurred == nil {
		return a.text()
	}
	if !a.blurred.textOK {
		a.blurred.text, a.blurred.textOK = a.text(), true
	}
	return a.blurred.text
}

func (a *area) text() string {
	if v := a.Value(); v != a.shown {
		return v
	}
	return a.given
}

// fieldRow is one field being edited.
type fieldRow struct {
	label, value input
	// lines edits the value in place of value when multi: a multiline
	// field, or one whose value has a line break.
	lines  area
	multi  bool
	typ    vault.FieldType
	secret bool
	// fresh is a row the person added here and whose type and secrecy
	// they have not chosen (ctrl+t, ctrl+o): its label decides them, as a
	// spreadsheet's header does a column's (vault.ReadLabel), so that a
	// field named "Passport number" is masked from the start.
	fresh bool
}

// text is the field's value.
func (r *fieldRow) text() string {
	if r.multi {
		return r.lines.text()
	}
	return r.value.text()
}

// dateRow is one date being edited.
type dateRow struct {
	label, day, remind input
	yearly             bool
	from               string // the date field it was proposed from, shown until saved
}

// form edits a dossier. Nothing leaves it but through ctrl+s; leaving with
// changes asks first.
type form struct {
	c      *common
	orig   vault.Dossier
	like   string // the title of the dossier a new one copies
	title  input
	tags   input
	fields []fieldRow
	dates  []dateRow
	notes  area
	focus  int
	// entered is what the focused input held when the focus came to it, so
	// that leaving it can tell whether it was changed.
	entered string
	dirty   bool
	busy    bool
	err     string
	// generated is the value ctrl+p last made, and its kind: ctrl+p
	// again at once makes the next kind; any other key forgets it.
	generated     string
	generatedKind genKind
}

// genKind is a kind of password ctrl+p makes, in the order it offers them.
type genKind int

const (
	genChars   genKind = iota // letters, digits and symbols
	genWords                  // a passphrase to read aloud
	genNoSymbs                // letters and digits, for the sites that refuse symbols
	genKinds
)

// instead is the footer's word for ctrl+p making k next.
func (k genKind) instead() string {
	return [...]string{"symbols too", "words instead", "no symbols"}[k]
}

// Sections of the form's focus stops.
const (
	secTitle = iota
	secTags
	secField
	secDate
	secNotes
)

const formLabelW = 18

func (f *form) newInput(placeholder, value string) input {
	in := input{Model: textinput.New()}
	in.Prompt = ""
	in.Placeholder = placeholder
	in.SetStyles(f.c.styles.TextInput)
	in.set(value)
	in.SetVirtualCursor(true)
	return in
}

// newArea returns an area holding value, as tall as its lines up to
// maxLines, then scrolling.
func (f *form) newArea(placeholder, value string, maxLines int) area {
	a := area{Model: textarea.New(), blurred: &blurredView{}}
	a.Placeholder = placeholder
	a.ShowLineNumbers = false
	a.SetStyles(f.c.styles.TextArea)
	a.SetVirtualCursor(true)
	// The default blocks enter at 99 lines, which is a limit on the
	// height shown, not on the notes.
	a.MaxHeight = 0
	if maxLines > 0 { // a field's value, beside its label
		a.Prompt = ""
		a.DynamicHeight, a.MinHeight, a.MaxHeight = true, 1, maxLines
		a.MaxContentHeight = 10000 // MaxHeight would block enter at maxLines
	}
	a.set(value)
	return a
}

func newForm(c *common, d vault.Dossier) (form, tea.Cmd) {
	f := form{c: c, orig: d}
	f.title = f.newInput("title: a name people use", d.Title)
	f.tags = f.newInput("tags, comma separated", strings.Join(d.Tags, ", "))
	for _, fd := range d.Fields {
		f.fields = append(f.fields, f.newField(fd))
	}
	for _, dt := range d.Dates {
		f.dates = append(f.dates, f.newDate(dt))
	}
	f.notes = f.newArea("notes", d.Notes, 0)
	f.resize()
	return f, f.setFocus(0)
}

func (f *form) newField(fd vault.Field) fieldRow {
	r := fieldRow{label: f.newInput("label", fd.Label), value: f.newInput("value", ""), typ: fd.Type, secret: fd.Secret}
	if r.typ == "" {
		r.typ = vault.TypeText
	}
	r.multi = r.typ == vault.TypeMultiline || strings.ContainsAny(fd.Value, "\n\r")
	if r.multi {
		r.lines = f.newArea("value", fd.Value, fieldLines)
	} else if r.typ == vault.TypeDate {
		r.value.set(vault.DayText(fd.Value))
	} else {
		r.value.set(fd.Value)
	}
	return r
}

// fieldLines is the most lines a field's value takes on the form before it
// scrolls.
const fieldLines = 6

// reshape moves the value of field row between its one-line input and its
// area when its type changed: to the area for a multiline field, back to
// one line when the value has no line break.
func (f *form) reshape(row int) {
	r := &f.fields[row]
	v := r.text()
	multi := r.typ == vault.TypeMultiline || strings.ContainsAny(v, "\n\r")
	if multi == r.multi {
		return
	}
	r.multi = multi
	if multi {
		r.lines = f.newArea("value", v, fieldLines)
		r.lines.MoveToEnd()
	} else {
		r.value.set(v)
		r.value.CursorEnd()
	}
	f.resize()
}

func (f *form) newDate(dt vault.Date) dateRow {
	day := ""
	if !dt.On.IsZero() {
		day = vault.DayText(dt.On.Format(time.DateOnly))
	}
	return dateRow{
		label:  f.newInput("label", dt.Label),
		day:    f.newInput("YYYY-MM-DD", day),
		remind: f.newInput("6m", dt.Remind.String()),
		yearly: dt.Yearly,
	}
}

func (f *form) resize() {
	if f.c == nil {
		return
	}
	valueW := f.valueWidth()
	f.title.SetWidth(max(10, f.c.width-formLabelW-6))
	f.tags.SetWidth(max(10, f.c.width-formLabelW-6))
	for i := range f.fields {
		f.fields[i].label.SetWidth(formLabelW - 1)
		f.fields[i].value.SetWidth(valueW - 1)
		if f.fields[i].multi {
			f.fields[i].lines.SetWidth(valueW - 1)
		}
	}
	for i := range f.dates {
		f.dates[i].label.SetWidth(formLabelW - 1)
		f.dates[i].day.SetWidth(11)
		f.dates[i].remind.SetWidth(7)
	}
	f.notes.SetWidth(max(20, f.c.width-4))
	f.notes.SetHeight(clamp(f.c.height-16, 3, 12))
	f.notes.stale()
	for i := range f.fields {
		f.fields[i].lines.stale()
	}
}

// labelCell fits a row's label input, drawn, to the label column: a label
// too long for it is cut short of the column's last cell, so that it never
// runs into its value ("Wedding anniversa…1988-06-30"). Away from the
// focus a long label shows its start, cut with "…": the input itself
// would show where its cursor left it ("requent flyer PIN").
func labelCell(in *input) string {
	if v := in.Value(); !in.Focused() && lipgloss.Width(v) > formLabelW-1 {
		return in.Styles().Blurred.Text.Render(truncate(Plain(v), formLabelW-1)) + " "
	}
	view := in.View()
	if lipgloss.Width(view) > formLabelW {
		return truncate(view, formLabelW-1) + " "
	}
	return pad(view, formLabelW)
}

func (f *form) valueWidth() int { return max(12, f.c.width-2-formLabelW-1-18) }

func (f *form) restyle() {
	if f.c == nil {
		return
	}
	st := f.c.styles
	f.title.SetStyles(st.TextInput)
	f.tags.SetStyles(st.TextInput)
	for i := range f.fields {
		f.fields[i].label.SetStyles(st.TextInput)
		f.fields[i].value.SetStyles(st.TextInput)
		if f.fields[i].multi {
			f.fields[i].lines.SetStyles(st.TextArea)
		}
	}
	for i := range f.dates {
		f.dates[i].label.SetStyles(st.TextInput)
		f.dates[i].day.SetStyles(st.TextInput)
		f.dates[i].remind.SetStyles(st.TextInput)
	}
	f.notes.SetStyles(st.TextArea)
	f.notes.stale()
	for i := range f.fields {
		f.fields[i].lines.stale()
	}
}

func (f *form) stops() int { return 2 + 2*len(f.fields) + 3*len(f.dates) + 1 }

// locate returns the section, row and column of focus stop i.
func (f *form) locate(i int) (sec, row, col int) {
	switch {
	case i == 0:
		return secTitle, 0, 0
	case i == 1:
		return secTags, 0, 0
	case i < 2+2*len(f.fields):
		return secField, (i - 2) / 2, (i - 2) % 2
	case i < 2+2*len(f.fields)+3*len(f.dates):
		j := i - 2 - 2*len(f.fields)
		return secDate, j / 3, j % 3
	}
	return secNotes, 0, 0
}

func (f *form) fieldStop(row, col int) int { return 2 + 2*row + col }
func (f *form) dateStop(row, col int) int  { return 2 + 2*len(f.fields) + 3*row + col }

// input returns the one-line input at stop i, or nil for an area.
func (f *form) input(i int) *input {
	sec, row, col := f.locate(i)
	switch sec {
	case secTitle:
		return &f.title
	case secTags:
		return &f.tags
	case secField:
		if col == 0 {
			return &f.fields[row].label
		}
		if f.fields[row].multi {
			return nil
		}
		return &f.fields[row].value
	case secDate:
		return [...]*input{&f.dates[row].label, &f.dates[row].day, &f.dates[row].remind}[col]
	}
	return nil
}

// area returns the area at stop i (the notes, or a field's lines), or nil
// for a one-line input.
func (f *form) area(i int) *area {
	switch sec, row, col := f.locate(i); {
	case sec == secNotes:
		return &f.notes
	case sec == secField && col == 1 && f.fields[row].multi:
		return &f.fields[row].lines
	}
	return nil
}

func (f *form) setFocus(i int) tea.Cmd {
	for j := range f.stops() {
		if in := f.input(j); in != nil {
			in.Blur()
		} else {
			// Its text changes only while it has the focus: draw it anew
			// once it has left (see area.view).
			f.area(j).Blur()
			f.area(j).stale()
		}
	}
	f.focus = clamp(i, 0, f.stops()-1)
	for r := range f.fields {
		mode := textinput.EchoNormal
		if f.fields[r].isSecret() && f.focus != f.fieldStop(r, 1) {
			mode = textinput.EchoPassword
		}
		f.fields[r].value.EchoMode = mode
		f.fields[r].value.EchoCharacter = '•'
	}
	if in := f.input(f.focus); in != nil {
		f.entered = in.text()
		return in.Focus()
	}
	a := f.area(f.focus)
	f.entered = a.text()
	return a.Focus()
}

// syncDate keeps the form's important dates in step with the date field of
// row, once the person changed it: a field that implies a date
// (vault.ImpliedDate: an expiry, a date of birth) gets that date, reminder
// included, unless some date is on that day already; a date of the implied
// label that was on the field's earlier day moves with it. A date of that
// label on another day was set apart by the person and stays as it is, and
// a field left unchanged proposes nothing, so that a removed date stays
// removed.
func (f *form) syncDate(row int) {
	r := &f.fields[row]
	if r.text() == f.entered {
		return
	}
	field := vault.Field{Label: r.label.text(), Value: r.text(), Type: r.typ}
	implied, ok := vault.ImpliedDate(field)
	if !ok {
		return
	}
	day := vault.DayText(implied.On.Format(time.DateOnly))
	was := strings.TrimSpace(f.entered)
	for i := range f.dates {
		d := &f.dates[i]
		if !strings.EqualFold(strings.TrimSpace(d.label.text()), implied.Label) {
			continue
		}
		if on := strings.TrimSpace(d.day.text()); on == was || on == "" {
			d.day.set(day)
			d.from = strings.TrimSpace(field.Label)
		}
		return
	}
	for i := range f.dates {
		if strings.TrimSpace(f.dates[i].day.text()) == day {
			return
		}
	}
	d := f.newDate(implied)
	d.from = strings.TrimSpace(field.Label)
	f.dates = append(f.dates, d)
	f.resize()
}

// leaving is called before the focus leaves the current stop. It returns a
// note on what the stop's text changed, if any.
func (f *form) leaving() tea.Cmd {
	switch sec, row, col := f.locate(f.focus); {
	case sec == secField && col == 0:
		return f.readLabel(row)
	case sec == secField && col == 1:
		r := &f.fields[row]
		if r.fresh && r.typ == vault.TypeText && !r.multi && vault.ReadLabel(r.label.text()).Day {
			if _, err := vault.ReadDay(r.text()); err == nil {
				r.typ = vault.TypeDate // "Visa expires" holding a day: its reminder follows
			}
		}
		if !r.multi {
			readValue(&r.value, r.typ)
		}
		f.syncDate(row)
	case sec == secDate && col == 1:
		readValue(&f.dates[row].day, vault.TypeDate)
	}
	return nil
}

// readLabel gives a fresh field row the type and secrecy its label names:
// the kind's template field of that label, or what vault.ReadLabel reads
// in it. It says so when that masks the field.
func (f *form) readLabel(row int) tea.Cmd {
	r := &f.fields[row]
	label := strings.TrimSpace(r.label.text())
	if !r.fresh || label == "" || label == strings.TrimSpace(f.entered) {
		return nil
	}
	h := vault.ReadLabel(label)
	typ, secret := h.Type, h.Secret
	if _, err := vault.ReadDay(r.text()); err == nil && h.Day && !r.multi {
		typ = vault.TypeDate
	}
	if tf, ok := vault.TemplateField(f.orig.Kind, label); ok {
		typ, secret = tf.Type, tf.Secret
	}
	if typ == r.typ && secret == r.secret {
		return nil
	}
	was := r.isSecret()
	r.typ, r.secret = typ, secret
	f.reshape(row)
	if r.isSecret() && !was {
		return statusCmd("%s is masked as a secret: ctrl+o shows it as text", Plain(label))
	}
	return nil
}

// readValue rewrites a value typed the way people write it (a day as
// 14.03.2029, a web address as example.com) in the form it is kept in
// (2029-03-14, https://example.com; vault.ReadValue), so the person sees
// what will be saved; anything else is left for the warning under it.
func readValue(in *input, t vault.FieldType) {
	v := vault.ReadValue(t, in.text())
	if t == vault.TypeDate {
		v = vault.DayText(v) // --04-12, a day of no known year, as it reads
	}
	if v != in.text() {
		in.set(v)
	}
}

// step returns the focus stop dir (+1 or -1) away from the current one,
// passing over the labels of fields and dates that already have one: moving
// through a template's fields lands on their values, and ctrl+e edits a
// label. A new row's empty label is a stop, so it gets typed first.
func (f *form) step(dir int) int {
	n := f.stops()
	i := f.focus
	for range n {
		i = (i + dir + n) % n
		sec, row, col := f.locate(i)
		switch {
		case sec == secField && col == 0 && f.fields[row].label.text() != "":
		case sec == secDate && col == 0 && f.dates[row].label.text() != "":
		default:
			return i
		}
	}
	return f.focus
}

func (r fieldRow) isSecret() bool { return r.secret || r.typ == vault.TypePassword }

func (f form) Update(msg tea.Msg) (form, tea.Cmd) {
	if f.c == nil {
		return f, nil
	}
	k := f.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if f.busy {
			return f, nil
		}
		if !key.Matches(msg, k.Generate) {
			f.generated = "" // ctrl+p makes the next kind only right after
		}
		sec, row, _ := f.locate(f.focus)
		// enter, up and down move between the stops, but not in an area:
		// there enter starts a line, and up and down move between its lines,
		// leaving a field's from its first and last.
		a := f.area(f.focus)
		first := a == nil || (sec == secField && a.Line() == 0 && a.LineInfo().RowOffset == 0)
		last := a == nil || (sec == secField && a.Line() == a.LineCount()-1 && a.LineInfo().RowOffset == a.LineInfo().Height-1)
		switch {
		case key.Matches(msg, k.Save):
			f.leaving() // the field is saved as read; a note on it would be lost in the save's
			d, err := f.build()
			if err != nil {
				var at *stopErr
				if errors.As(err, &at) && at.stop != f.focus {
					cmd := f.setFocus(at.stop)
					f.err = at.msg
					return f, cmd
				}
				f.err = errText(err)
				return f, nil
			}
			f.busy, f.err = true, ""
			if d.ID.IsZero() {
				return f, addCmd(f.c.store, d)
			}
			return f, saveCmd(f.c.store, d)
		case key.Matches(msg, k.Back):
			if f.dirty {
				return f, f.c.post(confirmMsg{prompt: "Leave without saving? The changes will be lost.", yes: leaveFormMsg{}})
			}
			return f, f.c.post(leaveFormMsg{})
		case key.Matches(msg, k.NextStop) || (last && key.Matches(msg, k.ArrowDown)) || (a == nil && key.Matches(msg, k.Submit)):
			note := f.leaving()
			return f, tea.Batch(f.setFocus(f.step(+1)), note)
		case key.Matches(msg, k.PrevStop) || (first && key.Matches(msg, k.ArrowUp)):
			note := f.leaving()
			return f, tea.Batch(f.setFocus(f.step(-1)), note)
		case key.Matches(msg, k.EditLabel) && (sec == secField || sec == secDate):
			if sec == secField {
				return f, f.setFocus(f.fieldStop(row, 0))
			}
			return f, f.setFocus(f.dateStop(row, 0))
		case key.Matches(msg, k.AddField):
			at := len(f.fields)
			if sec == secField {
				at = row + 1
			}
			r := f.newField(vault.Field{Type: vault.TypeText})
			r.fresh = true
			f.fields = slices.Insert(f.fields, at, r)
			f.dirty = true
			f.resize()
			return f, f.setFocus(f.fieldStop(at, 0))
		case key.Matches(msg, k.AddDate):
			f.dates = append(f.dates, f.newDate(vault.Date{}))
			f.dirty = true
			f.resize()
			return f, f.setFocus(f.dateStop(len(f.dates)-1, 0))
		case key.Matches(msg, k.RemoveRow):
			switch sec {
			case secField:
				f.fields = slices.Delete(f.fields, row, row+1)
				f.dirty = true
				if len(f.fields) == 0 {
					return f, f.setFocus(1)
				}
				return f, f.setFocus(f.fieldStop(min(row, len(f.fields)-1), 0))
			case secDate:
				f.dates = slices.Delete(f.dates, row, row+1)
				f.dirty = true
				if len(f.dates) == 0 {
					return f, f.setFocus(f.stops() - 1)
				}
				return f, f.setFocus(f.dateStop(min(row, len(f.dates)-1), 0))
			}
			return f, nil
		case key.Matches(msg, k.MoveUp), key.Matches(msg, k.MoveDown):
			if sec != secField {
				return f, nil
			}
			to := row - 1
			if key.Matches(msg, k.MoveDown) {
				to = row + 1
			}
			if to < 0 || to >= len(f.fields) {
				return f, nil
			}
			_, _, col := f.locate(f.focus)
			f.fields[row], f.fields[to] = f.fields[to], f.fields[row]
			f.dirty = true
			return f, f.setFocus(f.fieldStop(to, col))
		case key.Matches(msg, k.CycleType):
			if sec == secField {
				r := &f.fields[row]
				i := slices.Index(vault.FieldTypes, r.typ)
				r.typ = vault.FieldTypes[(i+1)%len(vault.FieldTypes)]
				r.fresh = false
				f.dirty = true
				f.reshape(row)
				return f, f.setFocus(f.focus)
			}
			return f, nil
		case key.Matches(msg, k.Generate):
			return f.generate(sec, row)
		case key.Matches(msg, k.ToggleSecret):
			switch sec {
			case secField:
				f.fields[row].secret = !f.fields[row].secret
				f.fields[row].fresh = false
				f.dirty = true
				return f, f.setFocus(f.focus)
			case secDate:
				f.dates[row].yearly = !f.dates[row].yearly
				f.dirty = true
			}
			return f, nil
		}
		return f.updateInput(msg)
	case tea.PasteMsg:
		// A line break pasted as \r\n is one, not two.
		msg.Content = strings.ReplaceAll(msg.Content, "\r\n", "\n")
		return f.updateInput(msg)
	}
	return f, nil
}

// generate fills the focused one-line field with a new random password,
// making it a secret password field; elsewhere it adds a Password field
// holding one, after the focused field or at the end. Pressed again at
// once, it makes a passphrase of words instead, for a client to read aloud
// and type on a phone or a television; a third time, letters and digits
// only, for a site that refuses symbols; then characters again. Like any secret in the editor it
// shows while its field has the focus, and is masked once the focus
// leaves; y copies it once saved.
func (f form) generate(sec, row int) (form, tea.Cmd) {
	inField := sec == secField && !f.fields[row].multi
	kind := genChars
	if inField && f.generated != "" && f.fields[row].text() == f.generated {
		kind = (f.generatedKind + 1) % genKinds
	}
	var pw, what string
	var err error
	switch kind {
	case genWords:
		pw, err = vault.GeneratePassphrase(vault.DefaultPassphraseWords)
		what = fmt.Sprintf("a new passphrase of %d words", vault.DefaultPassphraseWords)
	case genNoSymbs:
		pw, err = vault.GenerateLettersDigits(vault.DefaultPasswordLength)
		what = fmt.Sprintf("a new %d-character password of letters and digits", vault.DefaultPasswordLength)
	default:
		pw, err = vault.GeneratePassword(vault.DefaultPasswordLength)
		what = fmt.Sprintf("a new %d-character password", vault.DefaultPasswordLength)
	}
	if err != nil {
		f.err = errText(err)
		return f, nil
	}
	f.dirty, f.err = true, ""
	prev := f.generated
	f.generated, f.generatedKind = pw, kind
	if inField {
		r := &f.fields[row]
		// A value typed or saved before is replaced; one ctrl+p made just
		// now is not worth a word.
		replaced := strings.TrimSpace(r.text()) != "" && r.text() != prev
		r.typ, r.secret, r.fresh = vault.TypePassword, true, false
		r.value.set(pw)
		r.value.CursorEnd()
		note := fmt.Sprintf("%s: %s, masked once you move on", Plain(r.label.text()), what)
		if replaced {
			note = fmt.Sprintf("%s: %s; once saved, the old one stays in the history", Plain(r.label.text()), what)
		}
		return f, tea.Batch(f.setFocus(f.fieldStop(row, 1)), statusCmd("%s", note))
	}
	at := len(f.fields)
	if sec == secField {
		at = row + 1
	}
	f.fields = slices.Insert(f.fields, at, f.newField(vault.Field{Label: "Password", Value: pw, Type: vault.TypePassword, Secret: true}))
	f.resize()
	return f, tea.Batch(f.setFocus(f.fieldStop(at, 1)), statusCmd("Password: %s, masked once you move on", what))
}

// updateInput hands msg to the focused input and notes whether it changed
// anything.
func (f form) updateInput(msg tea.Msg) (form, tea.Cmd) {
	var cmd tea.Cmd
	f.err = ""
	if in := f.input(f.focus); in != nil {
		before := in.Value()
		in.Model, cmd = in.Update(msg)
		f.dirty = f.dirty || in.Value() != before
		return f, cmd
	}
	a := f.area(f.focus)
	before := a.Value()
	a.Model, cmd = a.Update(msg)
	f.dirty = f.dirty || a.Value() != before
	return f, cmd
}

// stopErr is what the form cannot hold, and the stop that holds it: saving
// moves there, so that the person need not look for it.
type stopErr struct {
	stop int
	msg  string
}

func (e *stopErr) Error() string { return e.msg }

// details is the dossier as the form holds it now, unchecked, for what is
// read from it as it is typed (vault.PersonalPassword): a date not yet a
// day is left out.
func (f *form) details() vault.Dossier {
	d := vault.Dossier{Title: f.title.text(), Notes: f.notes.heldText()}
	for _, t := range strings.Split(f.tags.text(), ",") {
		d.Tags = append(d.Tags, strings.TrimPrefix(strings.TrimSpace(t), "#"))
	}
	for _, r := range f.fields {
		d.Fields = append(d.Fields, vault.Field{Label: r.label.text(), Value: vault.ReadValue(r.typ, r.text()), Type: r.typ, Secret: r.secret})
	}
	for _, r := range f.dates {
		if day, err := vault.ReadDay(strings.TrimSpace(r.day.text())); err == nil {
			if on, err := vault.ParseDay(day); err == nil {
				d.Dates = append(d.Dates, vault.Date{Label: r.label.text(), On: on})
			}
		}
	}
	return d
}

// build returns the dossier the form describes, or an error for what it
// cannot hold (a person reads it), a *stopErr where one stop holds it.
func (f *form) build() (vault.Dossier, error) {
	at := func(stop int, format string, a ...any) error {
		return &stopErr{stop: stop, msg: fmt.Sprintf(format, a...)}
	}
	d := f.orig.Clone()
	d.Title = strings.TrimSpace(f.title.text())
	if d.Title == "" {
		return d, at(0, "give the dossier a title")
	}
	d.Tags = nil
	for _, t := range strings.Split(f.tags.text(), ",") {
		if t = strings.TrimPrefix(strings.TrimSpace(t), "#"); t != "" {
			d.Tags = append(d.Tags, t)
		}
	}
	d.Fields = nil
	for i, r := range f.fields {
		label, value := strings.TrimSpace(r.label.text()), r.text()
		if label == "" && value == "" {
			continue
		}
		if label == "" {
			return d, at(f.fieldStop(i, 0), "a field needs a label")
		}
		value = vault.ReadValue(r.typ, value)
		fd := vault.Field{Label: label, Value: value, Type: r.typ, Secret: r.secret}
		if err := fd.Validate(); err != nil {
			return d, at(f.fieldStop(i, 1), "%s: %s", label, errText(err))
		}
		d.Fields = append(d.Fields, fd)
	}
	d.Dates = nil
	for i, r := range f.dates {
		label, day, remind := strings.TrimSpace(r.label.text()), strings.TrimSpace(r.day.text()), strings.TrimSpace(r.remind.text())
		if label == "" && day == "" && remind == "" {
			continue
		}
		if label == "" {
			return d, at(f.dateStop(i, 0), "a date needs a label")
		}
		day, err := vault.ReadDay(day)
		if err != nil {
			return d, at(f.dateStop(i, 1), "%s: write the day as YYYY-MM-DD or DD.MM.YYYY", label)
		}
		on, err := vault.ParseDay(day)
		if err != nil {
			return d, at(f.dateStop(i, 1), "%s: %s", label, errText(err))
		}
		p, err := vault.ParsePeriod(remind)
		if err != nil {
			return d, at(f.dateStop(i, 2), "%s: write the reminder like 6m, 2w or 10d", label)
		}
		d.Dates = append(d.Dates, vault.Date{Label: label, On: on, Remind: p, Yearly: r.yearly})
	}
	d.Notes = f.notes.text()
	if err := d.Validate(); err != nil {
		return d, err
	}
	return d, nil
}

func (f form) View() string {
	if f.c == nil {
		return ""
	}
	st := f.c.styles
	w, h := f.c.width, max(4, f.c.height-2)
	var lines []string
	focusLine := 0
	mark := func(stop int) string {
		if f.focus == stop {
			focusLine = len(lines)
			return st.Cursor.Render("›")
		}
		return " "
	}
	row := func(stop int, label string, in *input, width int) string {
		return mark(stop) + " " + st.Label.Render(pad(label, formLabelW-2)) + pad(in.View(), width)
	}

	heading := "Edit " + Plain(f.orig.Title)
	switch {
	case f.orig.ID.IsZero() && f.like != "":
		heading = "New " + f.orig.Kind.Title() + ", like " + Plain(f.like)
	case f.orig.ID.IsZero():
		heading = "New " + f.orig.Kind.Title()
	}
	if f.dirty {
		heading += st.Warn.Render("  ● unsaved")
	}
	lines = append(lines, st.Heading.Render(heading))
	lines = append(lines, row(0, "Title", &f.title, w-formLabelW))
	lines = append(lines, row(1, "Tags", &f.tags, w-formLabelW))

	lines = append(lines, "", st.Label.Render("FIELDS")+st.Muted.Render("   ctrl+n add · ctrl+e label · ctrl+r remove · ctrl+t type · ctrl+o secret"))
	valueW := f.valueWidth()
	var details *vault.Dossier // f.details(), once a password needs it
	for i, r := range f.fields {
		m := mark(f.fieldStop(i, 0))
		if f.focus == f.fieldStop(i, 1) {
			m = mark(f.fieldStop(i, 1))
		}
		attrs := string(r.typ)
		if r.secret {
			attrs += " · secret"
		}
		if !r.multi {
			lines = append(lines, m+" "+labelCell(&r.label)+pad(r.value.View(), valueW)+" "+st.Muted.Render(attrs))
		} else {
			at := f.fieldStop(i, 1)
			value := strings.Split(r.lines.view(), "\n")
			if r.isSecret() && f.focus != at {
				// Masked like a one-line secret, without telling its lines.
				value = []string{strings.Repeat("•", min(valueW-1, utf8.RuneCountInString(r.lines.Value())))}
			}
			if f.focus == at {
				focusLine = len(lines) + r.lines.Line() - r.lines.ScrollYOffset()
			}
			for j, v := range value {
				if j == 0 {
					lines = append(lines, m+" "+labelCell(&r.label)+pad(v, valueW)+" "+st.Muted.Render(attrs))
				} else {
					lines = append(lines, "  "+strings.Repeat(" ", formLabelW)+v)
				}
			}
		}
		// Taken as it is typed, and rewritten on leaving the field.
		fd := vault.Field{Label: r.label.text(), Value: vault.ReadValue(r.typ, r.text()), Type: r.typ, Secret: r.secret}
		if err := fd.Validate(); err != nil && fd.Value != "" {
			// It stands under its field: "should be a date like …", not
			// "invalid: field "Date of birth" should be …", wrapped.
			msg := errText(err)
			if _, rest, ok := strings.Cut(msg, fmt.Sprintf("field %q ", fd.Label)); ok {
				msg = rest
			}
			indent := "  " + strings.Repeat(" ", formLabelW)
			for _, l := range strings.Split(ansi.Wrap("⚠ "+msg, max(20, f.c.width-len(indent)), ""), "\n") {
				lines = append(lines, indent+st.Warn.Render(l))
			}
		} else if fd.IsPassword() && vault.CommonPassword(fd.Value) {
			lines = append(lines, "  "+strings.Repeat(" ", formLabelW)+st.Warn.Render("⚠ a common password: ctrl+p makes a new one"))
		} else if fd.IsPassword() && fd.Value != "" {
			if details == nil {
				d := f.details()
				details = &d
			}
			if vault.PersonalPassword(details, fd.Value) {
				lines = append(lines, "  "+strings.Repeat(" ", formLabelW)+st.Warn.Render("⚠ made of this dossier's details: ctrl+p makes a new one"))
			}
		}
	}
	if len(f.fields) == 0 {
		lines = append(lines, st.Muted.Render("  no fields: ctrl+n adds one"))
	}

	lines = append(lines, "", st.Label.Render("DATES")+st.Muted.Render("   ctrl+g add · ctrl+o yearly · remind like 6m, 2w"))
	for i, r := range f.dates {
		m := " "
		for col := range 3 {
			if f.focus == f.dateStop(i, col) {
				m = mark(f.dateStop(i, col))
			}
		}
		attrs := ""
		if r.yearly {
			attrs = "yearly"
		}
		if r.from != "" {
			attrs = strings.TrimPrefix(attrs+" · from "+r.from, " · ")
		}
		line := m + " " + labelCell(&r.label) + pad(r.day.View(), 12) + st.Muted.Render("remind ") + pad(r.remind.View(), 8) + " " + st.Muted.Render(attrs)
		lines = append(lines, line)
		if day := strings.TrimSpace(r.day.text()); day != "" {
			if _, err := vault.ReadDay(day); err != nil {
				lines = append(lines, "  "+strings.Repeat(" ", formLabelW)+st.Warn.Render("⚠ write the day as YYYY-MM-DD or DD.MM.YYYY"))
			}
		}
		if _, err := vault.ParsePeriod(strings.TrimSpace(r.remind.text())); err != nil {
			lines = append(lines, "  "+strings.Repeat(" ", formLabelW)+st.Warn.Render("⚠ write the reminder like 6m, 2w or 10d"))
		}
	}
	if len(f.dates) == 0 {
		lines = append(lines, st.Muted.Render("  no dates: ctrl+g adds one"))
	}

	lines = append(lines, "", mark(f.stops()-1)+" "+st.Label.Render("NOTES"))
	notesAt := len(lines)
	lines = append(lines, strings.Split(f.notes.view(), "\n")...)
	if f.focus == f.stops()-1 {
		focusLine = min(len(lines)-1, notesAt+f.notes.Height()-1)
	}
	if f.err != "" {
		lines = append(lines, "", st.Error.Render(f.err))
	}
	if f.busy {
		lines = append(lines, "", st.Muted.Render("saving…"))
	}

	// Keep the focused line in sight; the heading stays on top.
	rows := h - 1
	body := lines[1:]
	fl := focusLine - 1
	off := clamp(fl-rows/2, 0, max(0, len(body)-rows))
	if f.err != "" || f.busy {
		off = max(0, len(body)-rows) // the message is at the bottom
		if fl < off {
			off = clamp(fl, 0, max(0, len(body)-rows))
		}
	}
	body = body[off:]
	return fitLines(append([]string{lines[0]}, body...), w, h)
}

func (f form) help() keyHelp {
	k := f.c.keys
	short := []key.Binding{k.Save, withHelp(k.NextInput, "tab", "next"), k.AddField, k.AddDate, k.Back}
	// On a password or a secret, the key that makes a new one.
	if sec, row, _ := f.locate(f.focus); sec == secField && row < len(f.fields) &&
		(f.fields[row].typ == vault.TypePassword || f.fields[row].secret) && !f.fields[row].multi {
		gen := k.Generate
		if f.generated != "" {
			gen = withHelp(gen, "ctrl+p", ((f.generatedKind + 1) % genKinds).instead())
		}
		short = slices.Insert(short, 0, gen)
	}
	return keyHelp{
		short: short,
		full: [][]key.Binding{
			{k.Save, k.NextInput, k.PrevInput, withHelp(k.Back, "esc", "leave")},
			{k.AddField, k.EditLabel, k.AddDate, k.RemoveRow, k.MoveUp, k.MoveDown},
			{k.CycleType, k.ToggleSecret, k.Generate},
			{k.Privacy, k.Lock, k.Quit},
		},
	}
}

// formDraft is an edit in progress as text, whatever it holds (a day not
// yet a date, a field without a label). When the vault locks, the form's
// draft is sealed with the vault key and kept in memory only; once the vault
// is unlocked again it is opened and the form comes back as it was left
// (model.lock, model.restoreDraft).
type formDraft struct {
	Orig   []byte // the dossier edited, as its record
	Title  string
	Tags   string
	Fields []draftField
	Dates  []draftDate
	Notes  string
	Focus  int
}

type draftField struct {
	Label, Value string
	Type         vault.FieldType
	Secret       bool
}

type draftDate struct {
	Label, Day, Remind, From string
	Yearly                   bool
}

func (f *form) draft() formDraft {
	orig, _ := f.orig.MarshalBinary()
	dr := formDraft{Orig: orig, Title: f.title.text(), Tags: f.tags.text(), Notes: f.notes.text(), Focus: f.focus}
	for i := range f.fields {
		r := &f.fields[i]
		dr.Fields = append(dr.Fields, draftField{r.label.text(), r.text(), r.typ, r.secret})
	}
	for _, r := range f.dates {
		dr.Dates = append(dr.Dates, draftDate{r.label.text(), r.day.text(), r.remind.text(), r.from, r.yearly})
	}
	return dr
}

// formFromDraft returns the form as dr left it.
func formFromDraft(c *common, dr formDraft) (form, tea.Cmd, error) {
	var orig vault.Dossier
	if err := orig.UnmarshalBinary(dr.Orig); err != nil {
		return form{}, nil, err
	}
	f, _ := newForm(c, orig)
	f.title.set(dr.Title)
	f.tags.set(dr.Tags)
	f.notes.set(dr.Notes)
	f.fields = nil
	for _, x := range dr.Fields {
		f.fields = append(f.fields, f.newField(vault.Field{Label: x.Label, Value: x.Value, Type: x.Type, Secret: x.Secret}))
	}
	f.dates = nil
	for _, x := range dr.Dates {
		d := f.newDate(vault.Date{})
		d.label.set(x.Label)
		d.day.set(x.Day)
		d.remind.set(x.Remind)
		d.from, d.yearly = x.From, x.Yearly
		f.dates = append(f.dates, d)
	}
	f.dirty = true
	f.resize()
	return f, f.setFocus(dr.Focus), nil
}
