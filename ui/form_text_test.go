package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// editModel returns a model on the form editing d, added to a fresh vault.
func editModel(t *testing.T, d vault.Dossier) model {
	t.Helper()
	clk := newClock()
	s := newTestStore(t, clk)
	if _, err := s.Add(d); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	m := newTestModel(t, s, clk, 100, 40)
	m = typeText(t, m, testPass)
	m = press(t, m, "enter", "e")
	if m.screen != screenForm {
		t.Fatalf("e did not open the form:\n%s", view(m))
	}
	return m
}

// Opening a dossier in the editor and saving a change to one part of it
// leaves every other part as it was, byte for byte, though the inputs can
// show neither tabs, nor line breaks in a line, nor control characters.
func TestForm_KeepsWhatItCannotShow(t *testing.T) {
	long := strings.Repeat("a line of the notes\n", 150)
	d := vault.New("Tab\there", vault.KindNote)
	d.Fields = []vault.Field{
		{Label: "Address", Value: "12 Elm Row\nEdinburgh EH7 4AA\nScotland", Type: vault.TypeMultiline},
		{Label: "Directions", Value: "left at the gate\nthen the blue door", Type: vault.TypeText},
		{Label: "Wi-Fi", Value: "pass\tword\x01", Type: vault.TypePassword, Secret: true},
		{Label: "Label\twith tab", Value: "v", Type: vault.TypeText},
	}
	d.Notes = "windows\r\nline\tand tab\n" + long
	m := editModel(t, d)
	m = press(t, m, "tab") // to the tags
	m = typeText(t, m, "family")
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("not saved:\n%s", view(m))
	}
	got := m.browse.selected()
	if !got.HasTag("family") {
		t.Fatalf("the tag typed was not saved: %q", got.Tags)
	}
	if got.Title != d.Title || got.Notes != d.Notes {
		t.Errorf("title %q, notes %q...: changed by saving", got.Title, got.Notes[:min(40, len(got.Notes))])
	}
	if len(got.Fields) != len(d.Fields) {
		t.Fatalf("fields %+v", got.Fields)
	}
	for i := range d.Fields {
		if got.Fields[i] != d.Fields[i] {
			t.Errorf("field %d saved as %+v, was %+v", i, got.Fields[i], d.Fields[i])
		}
	}
}

// A multiline field takes line breaks: enter starts a new line in it, tab
// goes on to the next field, and up and down move between its lines before
// they leave it.
func TestForm_MultilineField(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "n", "enter") // a client profile
	m = typeText(t, m, "Marguerite Okafor")
	m = press(t, m, "tab", "tab", "tab", "tab", "tab") // Full name, Email, Phone, Address
	if sec, row, col := m.form.locate(m.form.focus); sec != secField || m.form.fields[row].label.Value() != "Address" || col != 1 {
		t.Fatalf("focus on %d %d %d", sec, row, col)
	}
	m = typeText(t, m, "12 Elm Row")
	m = press(t, m, "enter")
	m = typeText(t, m, "Edinburgh EH7")
	m = press(t, m, "up") // to the end of the shorter line above
	m = typeText(t, m, ",")
	m = press(t, m, "down", "down") // the second line, then the next field
	if _, row, _ := m.form.locate(m.form.focus); m.form.fields[row].label.Value() != "Date of birth" {
		t.Fatalf("down from the last line went to %q", m.form.fields[row].label.Value())
	}
	m = press(t, m, "up")
	if _, row, _ := m.form.locate(m.form.focus); m.form.fields[row].label.Value() != "Address" {
		t.Fatalf("up from the next field went to %q", m.form.fields[row].label.Value())
	}
	mustContain(t, view(m), "12 Elm Row,", "Edinburgh EH7")
	m = press(t, m, "tab")
	m = typeText(t, m, "3 Feb 1980")
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("not saved:\n%s", view(m))
	}
	got := m.browse.selected()
	if i := got.FieldIndex("Address"); i < 0 || got.Fields[i].Value != "12 Elm Row,\nEdinburgh EH7" {
		t.Fatalf("address saved as %+v", got.Fields)
	}
	if i := got.FieldIndex("Date of birth"); i < 0 || got.Fields[i].Value != "1980-02-03" {
		t.Fatalf("date of birth saved as %+v", got.Fields)
	}
}

// A field made multiline (ctrl+t) keeps its value and then takes line
// breaks; made a single line again, it keeps them until they are removed.
func TestForm_MultilineType(t *testing.T) {
	d := vault.New("Okafor", vault.KindNote)
	d.Fields = []vault.Field{{Label: "Address", Value: "12 Elm Row", Type: vault.TypeText}}
	m := editModel(t, d)
	m = press(t, m, "tab", "tab") // tags, then the Address value
	for m.form.fields[0].typ != vault.TypeMultiline {
		m = press(t, m, "ctrl+t")
	}
	m = press(t, m, "ctrl+e", "tab") // to the end of the value, by way of its label
	m = press(t, m, "enter")
	m = typeText(t, m, "Edinburgh")
	m = press(t, m, "ctrl+t") // date: the lines stay
	if !m.form.fields[0].multi {
		t.Fatal("a value with a line break went back to one line")
	}
	for m.form.fields[0].typ != vault.TypeText {
		m = press(t, m, "ctrl+t")
	}
	m = press(t, m, "ctrl+s")
	got := m.browse.selected()
	if got.Fields[0].Value != "12 Elm Row\nEdinburgh" || got.Fields[0].Type != vault.TypeText {
		t.Fatalf("saved %+v", got.Fields[0])
	}
}

// A secret multiline field is masked, lines and all, unless it has the
// focus.
func TestForm_MultilineSecretMasked(t *testing.T) {
	d := vault.New("Okafor health", vault.KindHealth)
	d.Fields[1].Value = "penicillin\nshellfish" // Allergies: multiline, secret
	m := editModel(t, d)
	mustNotContain(t, view(m), "penicillin", "shellfish")
	for {
		if sec, row, col := m.form.locate(m.form.focus); sec == secField && row == 1 && col == 1 {
			break
		}
		m = press(t, m, "tab")
	}
	mustContain(t, view(m), "penicillin", "shellfish")
	m = press(t, m, "tab")
	mustNotContain(t, view(m), "penicillin", "shellfish")
}

// Notes take more lines than the textarea's default limit of 99.
func TestForm_LongNotes(t *testing.T) {
	d := vault.New("Minutes", vault.KindNote)
	d.Notes = strings.Repeat("item\n", 120)
	m := editModel(t, d)
	m = press(t, m, "shift+tab") // from the title back round to the notes
	if sec, _, _ := m.form.locate(m.form.focus); sec != secNotes {
		t.Fatalf("focus on section %d", sec)
	}
	for range 3 { // the cursor is at the end
		m = press(t, m, "enter")
	}
	m = typeText(t, m, "last")
	m = press(t, m, "ctrl+s")
	if got := m.browse.selected().Notes; got != d.Notes+"\n\n\nlast" {
		t.Fatalf("notes saved with %d lines, starting %q", strings.Count(got, "\n"), got[:min(20, len(got))])
	}
}

// Text pasted with Windows line breaks keeps one break per line.
func TestForm_PasteLines(t *testing.T) {
	d := vault.New("Okafor", vault.KindNote)
	d.Fields = []vault.Field{{Label: "Address", Type: vault.TypeMultiline}}
	m := editModel(t, d)
	m = press(t, m, "tab", "tab")
	m = send(t, m, tea.PasteMsg{Content: "12 Elm Row\r\nEdinburgh"})
	m = press(t, m, "ctrl+s")
	if got := m.browse.selected().Fields[0].Value; got != "12 Elm Row\nEdinburgh" {
		t.Fatalf("pasted %q", got)
	}
}

// A secret of several lines is masked as one, and revealed line by line.
func TestReveal_SecretLines(t *testing.T) {
	d := vault.New("Okafor health", vault.KindHealth)
	d.Fields[1].Value = "penicillin\nshellfish" // Allergies: multiline, secret
	m := editModel(t, d)
	m = press(t, m, "esc", "enter", "j")
	if f := m.browse.selected().Fields[m.browse.field]; f.Label != "Allergies" {
		t.Fatalf("selected %q", f.Label)
	}
	mustNotContain(t, view(m), "penicillin", "shellfish")
	m = press(t, m, "r")
	v := view(m)
	mustContain(t, v, "penicillin", "shellfish")
	if strings.Contains(v, "penicillin shellfish") {
		t.Fatalf("the lines were joined:\n%s", v)
	}
}

// Locking (ctrl+l, or after the idle limit) keeps an edit in progress,
// sealed, and unlocking goes back to it: an assistant called away from a
// half-written note loses nothing, and the note is not in the clear while
// the vault is locked.
func TestLock_KeepsTheEdit(t *testing.T) {
	m, clk := mainModel(t, 100, 40)
	m = press(t, m, "e") // Dr. Amara Okafor
	m = typeText(t, m, " Jr")
	m = press(t, m, "ctrl+g") // a date whose day is half typed
	m = typeText(t, m, "Visit")
	m = press(t, m, "tab")
	m = typeText(t, m, "14 Mar")
	m = press(t, m, "ctrl+l")
	if m.screen != screenUnlock || m.draft == nil {
		t.Fatalf("ctrl+l kept no draft: screen %d", m.screen)
	}
	mustContain(t, view(m), "the edit you left comes back when you unlock")
	mustNotContain(t, view(m), "Okafor")
	if strings.Contains(string(m.draft), "Okafor") || strings.Contains(string(m.draft), "14 Mar") || m.form.c != nil {
		t.Fatal("the edit is kept in the clear while locked")
	}

	// Quitting now asks first.
	m = press(t, m, "ctrl+c")
	if m.confirm == nil || m.quitting {
		t.Fatal("quitting with an edit left did not ask")
	}
	m = press(t, m, "n")

	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	if m.screen != screenForm || m.draft != nil {
		t.Fatalf("unlocking did not go back to the edit:\n%s", view(m))
	}
	mustContain(t, view(m), "back to the edit you left", "Dr. Amara Okafor Jr", "Visit", "14 Mar", "● unsaved")
	m = press(t, m, "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	m = typeText(t, m, "2027-03-14")

	// The idle lock keeps it too.
	clk.advance(m.c.cfg.IdleLock + time.Second)
	m = send(t, m, tickMsg{})
	if m.screen != screenUnlock || m.draft == nil {
		t.Fatalf("the idle lock kept no draft: screen %d", m.screen)
	}
	m = typeText(t, m, testPass)
	m = press(t, m, "enter", "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("the edit was not saved:\n%s", view(m))
	}
	d := m.browse.selected()
	if d.Title != "Dr. Amara Okafor Jr" || d.Version != 2 || len(d.Dates) != 1 || d.Dates[0].Label != "Visit" {
		t.Fatalf("saved %q v%d %+v", d.Title, d.Version, d.Dates)
	}

	// A new dossier too; and a form left unchanged keeps nothing.
	m = press(t, m, "n", "enter")
	m = typeText(t, m, "Marco Bellini")
	m = press(t, m, "ctrl+l")
	m = typeText(t, m, testPass)
	m = press(t, m, "enter", "ctrl+s")
	if d := m.browse.selected(); d.Title != "Marco Bellini" || d.Version != 1 {
		t.Fatalf("the new dossier saved as %q v%d", d.Title, d.Version)
	}
	m = press(t, m, "e", "ctrl+l")
	if m.draft != nil {
		t.Fatal("an unchanged form left a draft")
	}
	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	if m.screen != screenMain {
		t.Fatal("unlocking went back to a form that had no change")
	}
}

// A web address typed without its scheme gets https:// when the field is
// left, as a day typed 14.03.2029 becomes 2029-03-14.
func TestForm_WebAddress(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "n", "j", "j", "j", "j", "enter") // a vendor
	if m.form.orig.Kind != vault.KindVendor {
		t.Fatalf("form on %q", m.form.orig.Kind)
	}
	m = typeText(t, m, "Acme")
	for {
		if sec, row, col := m.form.locate(m.form.focus); sec == secField && col == 1 && m.form.fields[row].label.text() == "Website" {
			break
		}
		m = press(t, m, "tab")
	}
	m = typeText(t, m, "acme.example/portal")
	mustNotContain(t, view(m), "⚠")
	m = press(t, m, "tab")
	mustContain(t, view(m), "https://acme.example/portal")
	m = press(t, m, "ctrl+s")
	d := m.browse.selected()
	if i := d.FieldIndex("Website"); i < 0 || d.Fields[i].Value != "https://acme.example/portal" {
		t.Fatalf("saved %+v", d.Fields)
	}
}

// Notes longer than the pane are read by scrolling on past the last field:
// down, pgdn and G scroll, up and pgup come back, and the first line of the
// dossier and its last can both be reached.
func TestDetail_ScrollsToTheEnd(t *testing.T) {
	d := vault.New("Long notes", vault.KindNote)
	d.Fields = []vault.Field{{Label: "Code", Value: "A-1", Type: vault.TypeText}}
	var notes []string
	for i := range 60 {
		notes = append(notes, fmt.Sprintf("line %02d of the notes", i))
	}
	d.Notes = strings.Join(notes, "\n")
	m := editModel(t, d)
	m = press(t, m, "esc", "enter") // out of the form, into the fields
	mustContain(t, view(m), "Long notes", "line 00")
	mustNotContain(t, view(m), "line 59")
	for range 70 {
		m = press(t, m, "down")
	}
	mustContain(t, view(m), "line 59")
	mustNotContain(t, view(m), "secure note · v1") // the top scrolled away
	for range 70 {
		m = press(t, m, "up")
	}
	mustContain(t, view(m), "› Code", "line 00")
	m = press(t, m, "G")
	mustContain(t, view(m), "line 59")
	m = press(t, m, "g")
	mustNotContain(t, view(m), "line 59")
	m = press(t, m, "pgdown", "pgdown", "pgdown")
	mustContain(t, view(m), "line 59")
	m = press(t, m, "pgup", "pgup", "pgup")
	mustContain(t, view(m), "line 00")
	// Another dossier starts at its top.
	m = press(t, m, "G", "esc", "j", "k", "enter")
	mustContain(t, view(m), "line 00")
}

// A multiline field moves and goes like any other, its lines with it.
func TestForm_MultilineRowsMove(t *testing.T) {
	d := vault.New("Okafor", vault.KindNote)
	d.Fields = []vault.Field{
		{Label: "Phone", Value: "+44 20 7946 0018", Type: vault.TypePhone},
		{Label: "Address", Value: "12 Elm Row\nEdinburgh", Type: vault.TypeMultiline},
		{Label: "Gate", Value: "4471", Type: vault.TypeText},
	}
	m := editModel(t, d)
	m = press(t, m, "tab", "tab", "tab") // tags, Phone, Address
	m = press(t, m, "ctrl+up")           // Address above Phone
	m = press(t, m, "ctrl+n")            // a new field below it
	m = typeText(t, m, "Floor")
	m = press(t, m, "tab")
	m = typeText(t, m, "3")
	m = press(t, m, "ctrl+r") // and gone again
	m = press(t, m, "ctrl+s")
	got := m.browse.selected().Fields
	if len(got) != 3 || got[0].Label != "Address" || got[0].Value != "12 Elm Row\nEdinburgh" || got[1].Label != "Phone" || got[2].Label != "Gate" {
		t.Fatalf("saved %+v", got)
	}
}

// A save that cannot be made moves to what stops it: a reminder typed
// wrong in the dates, with the focus down in the notes, once left the
// person to look for it.
func TestForm_SaveGoesToTheProblem(t *testing.T) {
	d := vault.New("Eleanor Vance", vault.KindClient)
	d.Fields = []vault.Field{{Label: "Email", Value: "ev@example.com", Type: vault.TypeEmail}}
	d.Dates = []vault.Date{{Label: "Birthday", On: time.Date(1980, 4, 2, 0, 0, 0, 0, time.UTC), Yearly: true}}
	m := editModel(t, d)
	remind := m.form.dateStop(0, 2)
	for i := 0; m.form.focus != remind; i++ {
		if i > 10 {
			t.Fatal("tab never reached the reminder")
		}
		m = press(t, m, "tab")
	}
	m = typeText(t, m, "soon")
	m = press(t, m, "tab") // on to the notes
	if m.form.focus == remind {
		t.Fatal("tab did not leave the reminder")
	}
	m = press(t, m, "ctrl+s")
	if m.screen != screenForm || m.form.focus != remind {
		t.Fatalf("saving did not go to the reminder (focus %d, want %d):\n%s", m.form.focus, remind, view(m))
	}
	mustContain(t, view(m), "Birthday: write the reminder like 6m, 2w or 10d")
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, "2w")
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain || m.browse.selected().Dates[0].Remind != (vault.Period{Days: 14}) {
		t.Fatalf("not saved once put right:\n%s", view(m))
	}

	// A title taken away: to the title.
	m = press(t, m, "e", "end", "ctrl+u", "tab", "tab", "tab", "ctrl+s")
	if m.form.focus != 0 || !strings.Contains(view(m), "give the dossier a title") {
		t.Fatalf("saving without a title: focus %d\n%s", m.form.focus, view(m))
	}
}

// TestForm_NotesDrawnWhenChanged: the notes and a multiline field are drawn
// from a kept copy while another input has the focus (bubbles' textarea
// draws all its text at each frame); what was typed into them, a resize and
// a draft brought back after a lock all show.
func TestForm_NotesDrawnWhenChanged(t *testing.T) {
	d := vault.New("Minutes", vault.KindNote)
	d.Notes = "first line"
	d.Fields = []vault.Field{{Label: "Address", Value: "12 Elm Row\nEdinburgh", Type: vault.TypeMultiline}}
	m := editModel(t, d)
	mustContain(t, view(m), "first line", "Edinburgh")
	m = press(t, m, "shift+tab") // the notes
	m = typeText(t, m, " and more")
	m = press(t, m, "tab") // back to the title
	mustContain(t, view(m), "first line and more")
	m = press(t, m, "tab", "tab") // past the tags to the address's lines (tab passes over labels)
	m = press(t, m, "end")        // on its last line: down would leave it for the notes
	m = typeText(t, m, " EH1")
	m = press(t, m, "shift+tab")
	mustContain(t, view(m), "Edinburgh EH1", "first line and more")
	mm, _ := m.Update(tea.WindowSizeMsg{Width: 60, Height: 30})
	m = mm.(model)
	mustContain(t, view(m), "Edinburgh EH1", "first line and more")
}

// TestForm_LongLabelKeepsItsGap: a field or date label too long for the
// label column is cut short of its last cell, so that it never runs into
// the value after it.
func TestForm_LongLabelKeepsItsGap(t *testing.T) {
	d := vault.New("Margaret Chen", vault.KindNote)
	d.Fields = []vault.Field{{Label: "Wedding anniversary", Value: "1988-06-30", Type: vault.TypeDate}}
	on, _ := vault.ParseDay("1988-06-30")
	d.Dates = []vault.Date{{Label: "Wedding anniversary", On: on, Yearly: true}}
	m := editModel(t, d)
	v := view(m)
	for _, want := range []string{"  Wedding annivers… 1988-06-30", "  Wedding annivers… 1988-06-30  remind"} {
		if !strings.Contains(v, want) {
			t.Errorf("the editor lacks %q:\n%s", want, v)
		}
	}
	// A long label typed here shows its start once the focus leaves it,
	// not where the cursor left it.
	m = press(t, m, "ctrl+n")
	m = typeText(t, m, "Frequent flyer number")
	m = press(t, m, "tab")
	if v := view(m); !strings.Contains(v, " Frequent flyer n… value") {
		t.Errorf("the editor lacks the new label's start:\n%s", v)
	}
}

// TestForm_GeneratePassword: ctrl+p on a field fills it with a new random
// password and makes it a secret password field; elsewhere it adds a
// Password field holding one. Like any secret in the editor it shows while
// its field has the focus and is masked once the focus leaves; saving
// keeps it, and the footer offers the key on a secret.
func TestForm_GeneratePassword(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "n", "j", "j", "j", "j", "enter") // a vendor
	if m.screen != screenForm || m.form.orig.Kind != vault.KindVendor {
		t.Fatalf("form on %q", m.form.orig.Kind)
	}
	m = typeText(t, m, "Airline portal")
	m = press(t, m, "ctrl+p") // on the title: a Password field is added
	r := m.form.fields[len(m.form.fields)-1]
	pw := r.text()
	if r.label.text() != "Password" || len(pw) != vault.DefaultPasswordLength || r.typ != vault.TypePassword || !r.secret {
		t.Fatalf("added %q %q %s secret=%v", r.label.text(), pw, r.typ, r.secret)
	}
	if _, row, col := m.form.locate(m.form.focus); row != len(m.form.fields)-1 || col != 1 {
		t.Errorf("the focus is on row %d column %d, not the new password", row, col)
	}
	mustContain(t, view(m), "Password: a new 20-character password, masked once you move on", "ctrl+p words instead")
	m = press(t, m, "shift+tab")
	mustNotContain(t, view(m), pw)
	m = press(t, m, "tab")

	// On a field with a value: replaced, and it says where the old one is.
	m = press(t, m, "ctrl+p")
	again := m.form.fields[len(m.form.fields)-1].text()
	if again == pw || len(again) != vault.DefaultPasswordLength {
		t.Fatalf("a second ctrl+p gave %q after %q", again, pw)
	}
	mustContain(t, view(m), "Password: a new 20-character password; once saved, the old one stays in the history", "ctrl+p words instead")

	// ctrl+p again at once: words instead, then no symbols, then
	// characters again; the value it made just now is not called the old
	// one.
	m = press(t, m, "ctrl+p")
	words := m.form.fields[len(m.form.fields)-1].text()
	if strings.Count(words, "-") < vault.DefaultPassphraseWords-1 || strings.Trim(words, "abcdefghijklmnopqrstuvwxyz-") != "" {
		t.Fatalf("ctrl+p twice gave %q", words)
	}
	mustContain(t, view(m), "Password: a new passphrase of 6 words, masked once you move on", "ctrl+p no symbols")
	// A third time: letters and digits only, for a site that refuses symbols.
	m = press(t, m, "ctrl+p")
	plain := m.form.fields[len(m.form.fields)-1].text()
	if len(plain) != vault.DefaultPasswordLength || strings.Trim(plain, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
		t.Fatalf("ctrl+p three times gave %q", plain)
	}
	mustContain(t, view(m), "Password: a new 20-character password of letters and digits, masked once you move on", "ctrl+p symbols too")
	m = press(t, m, "ctrl+p")
	if again = m.form.fields[len(m.form.fields)-1].text(); len(again) != vault.DefaultPasswordLength || again == pw ||
		strings.Trim(again, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == "" {
		t.Fatalf("ctrl+p four times gave %q", again)
	}
	mustContain(t, view(m), "ctrl+p words instead")
	m = press(t, m, "shift+tab")
	mustNotContain(t, view(m), again)

	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("not saved:\n%s", view(m))
	}
	d := m.browse.selected()
	if f, ok := d.Field("Password"); !ok || f.Value != again || !f.Secret || f.Type != vault.TypePassword {
		t.Errorf("saved %+v", f)
	}
}

// TestForm_CommonPassword: a common password typed into a password field
// is marked under it as it is typed, and ctrl+p's new one is not.
func TestForm_CommonPassword(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "n", "j", "j", "j", "j", "enter") // a vendor
	m = typeText(t, m, "Wine club")
	m = press(t, m, "ctrl+p") // adds a Password field, the focus on its value
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, "Summer2024!!")
	mustContain(t, view(m), "⚠ a common password: ctrl+p makes a new one")
	m = press(t, m, "ctrl+p")
	mustNotContain(t, view(m), "⚠ a common password")
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, "x7#Kq9!mZ2-pL4vw")
	mustNotContain(t, view(m), "⚠ a common password")
	// Made of the dossier's own title, as it is typed.
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, "WineClub2024!")
	mustContain(t, view(m), "⚠ made of this dossier's details: ctrl+p makes a new one")
	m = typeText(t, m, "q8Zr") // four more: still a few
	mustContain(t, view(m), "⚠ made of this dossier's details")
	m = typeText(t, m, "5") // five are not
	mustNotContain(t, view(m), "⚠ made of")
}

// TestForm_PersonalPassword_Notes: the notes are details too ("Dog:
// Marzipan"), read as they are typed, and again once they are left.
func TestForm_PersonalPassword_Notes(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "n", "j", "j", "j", "j", "enter") // a vendor
	m = typeText(t, m, "Wine club")
	m = press(t, m, "ctrl+p", "ctrl+u")
	m = typeText(t, m, "Marzipan2020!")
	mustNotContain(t, view(m), "⚠ made of")
	toNotes := func() {
		t.Helper()
		for i := 0; m.form.focus != m.form.stops()-1 && i < 40; i++ {
			m = press(t, m, "tab")
		}
		if m.form.focus != m.form.stops()-1 {
			t.Fatalf("tab never reached the notes:\n%s", view(m))
		}
	}
	toNotes()
	m = typeText(t, m, "Dog: Marzipan")
	mustContain(t, view(m), "⚠ made of this dossier's details")
	m = press(t, m, "shift+tab")
	mustContain(t, view(m), "⚠ made of this dossier's details")
	toNotes()
	for range len("Marzipan") {
		m = press(t, m, "backspace")
	}
	mustNotContain(t, view(m), "⚠ made of")
	m = press(t, m, "shift+tab")
	mustNotContain(t, view(m), "⚠ made of")
}

// A field the person adds takes the type and secrecy its label names, as a
// spreadsheet column does: "Passport number" is masked before its value is
// typed, "Mobile" is a phone, "Visa expires" holding a day is a date with
// its reminder. A choice the person made (ctrl+o, ctrl+t) stands.
func TestForm_LabelDecidesNewField(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "n", "j", "j", "j", "j", "j", "enter") // a secure note: no template fields
	if m.screen != screenForm || m.form.orig.Kind != vault.KindNote {
		t.Fatalf("form on %q", m.form.orig.Kind)
	}
	m = typeText(t, m, "Ana Lima")
	add := func(label, value string) fieldRow {
		t.Helper()
		m = press(t, m, "ctrl+n")
		m = typeText(t, m, label)
		m = press(t, m, "tab")
		m = typeText(t, m, value)
		m = press(t, m, "tab")
		return m.form.fields[len(m.form.fields)-1]
	}
	if r := add("Passport number", "533401234"); !r.secret || r.typ != vault.TypeText {
		t.Errorf("Passport number: %s secret=%v", r.typ, r.secret)
	}
	mustNotContain(t, view(m), "533401234")
	if r := add("Mobile", "+351 912 345 678"); r.secret || r.typ != vault.TypePhone {
		t.Errorf("Mobile: %s secret=%v", r.typ, r.secret)
	}
	if r := add("Visa expires", "14.03.2029"); r.secret || r.typ != vault.TypeDate || r.text() != "2029-03-14" {
		t.Errorf("Visa expires: %s %q secret=%v", r.typ, r.text(), r.secret)
	}
	if r := add("Place of birth", "Porto"); r.secret || r.typ != vault.TypeText {
		t.Errorf("Place of birth: %s secret=%v", r.typ, r.secret)
	}
	if r := add("Door code", "4471"); !r.secret {
		t.Errorf("Door code: %s secret=%v", r.typ, r.secret)
	}
	// The person's choice stands: ctrl+o shows the door code, and coming
	// back to its label does not mask it again.
	m = press(t, m, "shift+tab", "ctrl+o", "ctrl+e")
	m = typeText(t, m, " (side door)")
	m = press(t, m, "tab")
	if r := m.form.fields[len(m.form.fields)-1]; r.secret {
		t.Errorf("Door code masked again after ctrl+o")
	}
	// And ctrl+t's: a type chosen stays when the label changes after.
	m = press(t, m, "ctrl+n")
	m = typeText(t, m, "Home phone")
	m = press(t, m, "tab", "ctrl+t")
	chosen := m.form.fields[len(m.form.fields)-1].typ
	m = press(t, m, "ctrl+e")
	m = typeText(t, m, " 2")
	m = press(t, m, "tab")
	if r := m.form.fields[len(m.form.fields)-1]; chosen == vault.TypePhone || r.typ != chosen {
		t.Errorf("Home phone 2: %s after ctrl+t chose %s", r.typ, chosen)
	}
	m = press(t, m, "ctrl+r")
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("not saved:\n%s", view(m))
	}
	d := m.browse.selected()
	for _, want := range []vault.Field{
		{Label: "Passport number", Value: "533401234", Type: vault.TypeText, Secret: true},
		{Label: "Mobile", Value: "+351 912 345 678", Type: vault.TypePhone},
		{Label: "Visa expires", Value: "2029-03-14", Type: vault.TypeDate},
		{Label: "Place of birth", Value: "Porto", Type: vault.TypeText},
		{Label: "Door code (side door)", Value: "4471", Type: vault.TypeText},
	} {
		if f, ok := d.Field(want.Label); !ok || f != want {
			t.Errorf("saved %+v, want %+v", f, want)
		}
	}
	if i := slices.IndexFunc(d.Dates, func(dt vault.Date) bool { return dt.Label == "Visa expires" }); i < 0 {
		t.Errorf("no reminder for the visa: %+v", d.Dates)
	}
}

// TestLock_KeepsTheEditThroughPasswd: the edit kept while locked survives
// a passphrase change made meanwhile by another program (confidant passwd,
// which the locked interface lets in), though that change makes a new
// vault key: the edit is sealed to the vault's own recipient, which stays.
func TestLock_KeepsTheEditThroughPasswd(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "e") // Dr. Amara Okafor
	m = typeText(t, m, " Jr")
	m = press(t, m, "ctrl+l")
	if m.screen != screenUnlock || m.draft == nil {
		t.Fatalf("ctrl+l kept no draft: screen %d", m.screen)
	}
	other, err := vault.Open(m.c.store.Path(), nil)
	if err != nil {
		t.Fatalf("another program opening the locked vault: %v", err)
	}
	const next = "lantern orbit quarry velvet"
	if err := other.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if err := other.ChangePassphrase([]byte(next), 0); err != nil {
		t.Fatal(err)
	}
	other.Close()
	m = typeText(t, m, next)
	m = press(t, m, "enter")
	if m.screen != screenForm {
		t.Fatalf("unlocking did not go back to the edit:\n%s", view(m))
	}
	mustContain(t, view(m), "back to the edit you left", "Dr. Amara Okafor Jr")
	m = press(t, m, "ctrl+s")
	if d := m.browse.selected(); m.screen != screenMain || d.Title != "Dr. Amara Okafor Jr" {
		t.Fatalf("the edit was not saved: %q\n%s", d.Title, view(m))
	}
}

// TestForm_NoYear: a birthday of no known year (a phone's contact) shows
// as --04-12 in the pane and the editor, is saved as it was, and one typed
// --0412 is read so, with its yearly birthday.
func TestForm_NoYear(t *testing.T) {
	on, _ := vault.ParseDay("1604-04-12")
	d := vault.New("Sofia Vance", vault.KindContact)
	d.Fields = []vault.Field{{Label: "Date of birth", Value: "1604-04-12", Type: vault.TypeDate}}
	d.Dates = []vault.Date{{Label: "Birthday", On: on, Remind: vault.Period{Days: 14}, Yearly: true}}
	m := editModel(t, d)
	mustContain(t, view(m), "--04-12")
	mustNotContain(t, view(m), "1604")
	m = press(t, m, "tab")
	m = typeText(t, m, "family")
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("not saved:\n%s", view(m))
	}
	got := m.browse.selected()
	if f, _ := got.Field("Date of birth"); f.Value != "1604-04-12" || len(got.Dates) != 1 || !got.Dates[0].On.Equal(on) {
		t.Fatalf("saved %+v, %+v", got.Fields, got.Dates)
	}
	mustContain(t, view(m), "Date of birth --04-12")
	mustNotContain(t, view(m), "1604")

	// Typed into a new contact's date of birth, a field added to it.
	m = press(t, m, "n", "j", "j", "j", "enter") // a contact
	m = typeText(t, m, "Max Vance")
	m = press(t, m, "ctrl+n")
	m = typeText(t, m, "Date of birth")
	m = press(t, m, "tab")
	m = typeText(t, m, "--0412")
	m = press(t, m, "tab")
	mustContain(t, view(m), "--04-12")
	m = press(t, m, "ctrl+s")
	if got := m.browse.selected(); got.Title != "Max Vance" || len(got.Dates) != 1 || got.Dates[0].On.Format(time.DateOnly) != "1604-04-12" || !got.Dates[0].Yearly {
		t.Fatalf("Max Vance saved with %+v\n%s", got.Dates, view(m))
	}
}

// TestForm_FieldWarningWraps: the warning under a field says what the
// value should be, without repeating the field's label beside it, and
// wraps at 80 columns rather than losing its end.
func TestForm_FieldWarningWraps(t *testing.T) {
	m, _ := mainModel(t, 80, 30)
	m = press(t, m, "n", "enter") // a client profile
	m = typeText(t, m, "Zoe Lind")
	for m.form.focus != m.form.fieldStop(4, 1) { // Date of birth
		m = press(t, m, "tab")
	}
	m = typeText(t, m, "03/04/2012")
	m = press(t, m, "tab")
	v := view(m)
	mustContain(t, v, "⚠ should be a date like 2031-04-30: day and month are in", "doubt")
	mustNotContain(t, v, `field "Date of birth"`, "…")
}
