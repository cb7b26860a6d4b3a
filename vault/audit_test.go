package vault

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestAudit: passwords shared between dossiers are grouped, largest group
// first; short ones are listed, shortest first; PINs, one-time keys and
// fields that are not passwords are left alone.
func TestAudit(t *testing.T) {
	pw := func(label, v string) Field { return Field{Label: label, Value: v, Type: TypePassword, Secret: true} }
	list := []Dossier{
		{Title: "Bank", Fields: []Field{pw("Password", "correct-horse-battery"), pw("PIN", "1234")}},
		{Title: "Airline", Fields: []Field{pw("Password", "correct-horse-battery")}},
		{Title: "Hotel", Fields: []Field{{Label: "Portal password", Value: "correct-horse-battery", Type: TypeText, Secret: true}}},
		{Title: "Club", Fields: []Field{pw("Password", "hunter2"), {Label: "Member number", Value: "hunter2", Secret: true}}},
		{Title: "Gym", Fields: []Field{pw("Password", "hunter2"), pw("TOTP", "JBSWY3DPEHPK3PXP")}},
		{Title: "Notes", Fields: []Field{{Label: "Password hint", Value: "hunter2"}}}, // not secret: not a password
		{Title: "Empty", Fields: []Field{pw("Password", "")}},
		{Title: "Mail", Fields: []Field{pw("Password", "P@ssw0rd2024!")}}, // long, but common
	}
	r := Audit(list)
	names := func(g []PasswordUse) []string {
		var out []string
		for _, u := range g {
			out = append(out, u.Dossier.Title+"/"+u.Label)
		}
		return out
	}
	var reused [][]string
	for _, g := range r.Reused {
		reused = append(reused, names(g))
	}
	want := [][]string{{"Bank/Password", "Airline/Password", "Hotel/Portal password"}, {"Club/Password", "Gym/Password"}}
	if fmt.Sprint(reused) != fmt.Sprint(want) {
		t.Errorf("reused %q, want %q", reused, want)
	}
	var short []string
	for _, s := range r.Short {
		short = append(short, fmt.Sprintf("%s/%s %d", s.Dossier.Title, s.Label, s.Length))
	}
	if !slices.Equal(short, []string{"Club/Password 7", "Gym/Password 7"}) {
		t.Errorf("short %q", short)
	}
	if got := names(r.Common); !slices.Equal(got, []string{"Club/Password", "Gym/Password", "Mail/Password"}) { // hunter2 too
		t.Errorf("common %q", got)
	}
	if r.Checked != 6 {
		t.Errorf("checked %d password fields, want 6", r.Checked)
	}
}

// TestAudit_CommonShared: each field that holds a common password is
// listed, when several share it too.
func TestAudit_CommonShared(t *testing.T) {
	pw := func(title, v string) Dossier {
		return Dossier{Title: title, Fields: []Field{{Label: "Password", Value: v, Type: TypePassword, Secret: true}}}
	}
	list := []Dossier{pw("Bank", "Letmein!2024"), pw("Gym", "x7#Kq9!mZ2-pL4"), pw("Club", "Letmein!2024"), pw("Spa", "Qwerty12345!")}
	var got []string
	for _, u := range Audit(list).Common {
		got = append(got, u.Dossier.Title)
	}
	if !slices.Equal(got, []string{"Bank", "Club", "Spa"}) {
		t.Errorf("common %q", got)
	}
}

// TestAudit_Alike: passwords that differ only in case and in the digits
// and symbols at their ends are grouped, an identical one with them; one
// password used twice alone is not alike, nor are stems under four
// letters, nor passwords that differ inside.
func TestAudit_Alike(t *testing.T) {
	pw := func(title, v string) Dossier {
		return Dossier{Title: title, Fields: []Field{{Label: "Password", Value: v, Type: TypePassword, Secret: true}}}
	}
	list := []Dossier{
		pw("Bank", "Summer2024!"), pw("Airline", "summer2025"), pw("Hotel", "SUMMER"), pw("Club", "Summer2024!"),
		pw("Gym", "Zürich1"), pw("Spa", "zürich2!"),
		pw("Car", "hunter2"), pw("Boat", "hunter2"), // one password twice: Reused, not Alike
		pw("Shop", "ab12xyz"), pw("Cafe", "ab13xyz"), // they differ inside
		pw("Pool", "abc1"), pw("Park", "ABC2"), // stems of three letters
		pw("Tax", "2024!!"), pw("Vat", "2025!!"), // no letters
		pw("Mail", "Sum!mer1"),                           // not summer
		pw("Wine", "Summ3r2026"), pw("Golf", "$ummer#1"), // letters written as digits or symbols
		pw("Ski", "He11oWorld"), pw("Surf", "helloworld7"), // 1 for l
		pw("Tea", "P@ssw0rd1"), pw("Bar", "password22"),
		pw("Yoga", "Sum-mer.2027"), pw("Dive", "sum mer"), // a separator inside
	}
	r := Audit(list)
	var alike []string
	for _, g := range r.Alike {
		var names []string
		for _, u := range g {
			names = append(names, u.Dossier.Title)
		}
		alike = append(alike, strings.Join(names, " "))
	}
	if want := []string{"Bank Airline Hotel Club Wine Golf Yoga Dive", "Gym Spa", "Ski Surf", "Tea Bar"}; !slices.Equal(alike, want) {
		t.Errorf("alike %q, want %q", alike, want)
	}
	if len(r.Reused) != 2 {
		t.Errorf("reused %d groups, want 2 (Summer2024!, hunter2)", len(r.Reused))
	}
}

func TestUnmasked(t *testing.T) {
	list := []Dossier{
		{Title: "Ana", Fields: []Field{
			{Label: "Passport number", Value: "533401234", Type: TypeText},    // shown: listed
			{Label: "Door code", Value: "4471", Type: TypeText, Secret: true}, // masked
			{Label: "Bank account number", Value: "", Type: TypeText},         // empty
			{Label: "Phone", Value: "+44 20 7946 0000", Type: TypePhone},      // not a secret
			{Label: "PIN", Value: "1234", Type: TypePassword},                 // a password type is masked
			{Label: "Passport expiry", Value: "2029-03-14", Type: TypeDate},   // a date, not a secret
		}},
		{Title: "Bruno", Fields: []Field{{Label: "Passport number", Value: "X1", Type: TypeText}}},
	}
	got := Unmasked(list)
	if len(got) != 2 || got[0].Dossier.Title != "Ana" || got[0].Label != "Passport number" || got[1].Dossier.Title != "Bruno" {
		t.Errorf("Unmasked = %+v", got)
	}
}

// TestSharedContacts: an email address written in two cases, and a phone
// number written with its country code and with its trunk 0, are found in
// each dossier that holds them, the most shared first; a dossier counts
// once, and secret fields are left alone.
func TestSharedContacts(t *testing.T) {
	field := func(label, value string, typ FieldType, secret bool) Field {
		return Field{Label: label, Value: value, Type: typ, Secret: secret}
	}
	list := []Dossier{
		{Title: "Eleanor Vance", Fields: []Field{field("Email", "Eleanor@Vance.example", TypeEmail, false), field("Phone", "+44 20 7946 0958", TypePhone, false)}},
		{Title: "Eleanor M. Vance", Fields: []Field{field("E-mail", " eleanor@vance.example", TypeEmail, false), field("Work email", "eleanor@vance.example", TypeEmail, false)}},
		{Title: "Vance household", Fields: []Field{field("Home", "020 7946 0958", TypePhone, false)}},
		{Title: "Robert Vance", Fields: []Field{field("Mobile", "020-7946-0958", TypeText, false)}},
		{Title: "Bank", Fields: []Field{field("PIN phone", "+44 20 7946 0958", TypePhone, true)}},
		{Title: "Acme", Fields: []Field{field("Phone", "+1 212 555 0100", TypePhone, false)}},
	}
	var got []string
	for _, s := range SharedContacts(list) {
		line := "email:"
		if s.Phone {
			line = "phone:"
		}
		for _, u := range s.Uses {
			line += " " + u.Dossier.Title + "/" + u.Label
		}
		got = append(got, line)
	}
	want := []string{"phone: Eleanor Vance/Phone Vance household/Home Robert Vance/Mobile", "email: Eleanor Vance/Email Eleanor M. Vance/E-mail"}
	if !slices.Equal(got, want) {
		t.Errorf("SharedContacts:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestNoteSecrets: a line of the notes that is a secret's label, a colon
// and a short value is found, by label; prose, health details, a label that
// is no secret and a long value are not. SecretFromNotes moves one into a
// masked field, typed by its label, and takes its line out.
func TestNoteSecrets(t *testing.T) {
	d := Dossier{Title: "Villa", Notes: "Gate opens at 7:30.\n- Door code: 4471\r\nAlarm PIN: 9031\nAllergies: penicillin\nPassword: ask Robert before using it\nWi-Fi: VillaGuest\nPassport number: 533401234"}
	var got []string
	for _, u := range NoteSecrets([]Dossier{d}) {
		got = append(got, u.Label)
	}
	if want := []string{"notes: Door code", "notes: Alarm PIN", "notes: Passport number"}; !slices.Equal(got, want) {
		t.Errorf("NoteSecrets = %q, want %q", got, want)
	}
	// Other ways of writing a line: = and dashes between, an indented
	// bullet, and the first separator in the line deciding.
	other := Dossier{Notes: "Safe combination = 12 34 56\n  - Garage code – 2209\nAlarm PIN - 9031\nDoor code = 4471 (since 10:30)\nMeeting at 10:30 - Door code is on the card"}
	masked, _ := MaskNoteSecrets(other.Notes, "••")
	if want := "Safe combination = ••\n  - Garage code – ••\nAlarm PIN - ••\nDoor code = ••\nMeeting at 10:30 - Door code is on the card"; masked != want {
		t.Errorf("MaskNoteSecrets = %q", masked)
	}
	masked, n := MaskNoteSecrets(d.Notes, "••")
	if want := "Gate opens at 7:30.\n- Door code: ••\r\nAlarm PIN: ••\nAllergies: penicillin\nPassword: ask Robert before using it\nWi-Fi: VillaGuest\nPassport number: ••"; masked != want || n != 3 {
		t.Errorf("MaskNoteSecrets = %q, %d", masked, n)
	}
	if h := d.Hits("door"); len(h) != 1 || h[0].Text != "- Door code: ••••••••" {
		t.Errorf("Hits(door) = %+v", h)
	}
	if err := SecretFromNotes(&d, "alarm pin"); err != nil {
		t.Fatal(err)
	}
	if f, ok := d.Field("Alarm PIN"); !ok || f.Value != "9031" || !f.Secret || f.Type != TypePassword {
		t.Errorf("the field made: %+v", f)
	}
	if err := SecretFromNotes(&d, "Door code"); err != nil {
		t.Fatal(err)
	}
	if f, _ := d.Field("Door code"); f.Value != "4471" || !f.Secret || f.Type != TypeText {
		t.Errorf("the field made: %+v", f)
	}
	if want := "Gate opens at 7:30.\nAllergies: penicillin\nPassword: ask Robert before using it\nWi-Fi: VillaGuest\nPassport number: 533401234"; d.Notes != want {
		t.Errorf("notes now %q", d.Notes)
	}
	if err := SecretFromNotes(&d, "Door code"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a second time: %v", err)
	}
	d.Fields = append(d.Fields, Field{Label: "Passport number", Value: "X"})
	if err := SecretFromNotes(&d, "Passport number"); !errors.Is(err, ErrInvalid) || !strings.Contains(d.Notes, "533401234") {
		t.Errorf("over a field of that label: %v", err)
	}
}

// TestNoteSecrets_Prose: a secret written into a sentence, or after its
// label with nothing between, is found, masked and moved; the sentence
// going on is not.
func TestNoteSecrets_Prose(t *testing.T) {
	notes := strings.Join([]string{
		"Key under the mat; the door code is 4471, then press #.",
		"Her Wi-Fi password is bluefish22. The safe combination is 12 34 56.",
		"Robert's PIN is 9031",
		"Her frequent flyer PIN is 4321 — do not share.",
		"NHS number is 943 476 5919.",
		"PIN 2209",
		"Gate code 7781 (side gate)",
		// The sentence going on, or what is not a secret:
		"The alarm code is on the card in the study.",
		"The PIN is 4 digits; the password is the dog's name.",
		"Renew passport 2027",
		"Door code changes on 1 May",
		"Flight is BA117 at 10:30",
		"Her allergy is 100% certain",
	}, "\n")
	d := Dossier{Notes: notes}
	var got []string
	for _, l := range noteSecretLines(notes) {
		got = append(got, l.fieldLabel()+"="+l.value)
	}
	want := []string{"Door code=4471", "Wi-Fi password=bluefish22", "Safe combination=12 34 56", "Robert's PIN=9031",
		"Frequent flyer PIN=4321", "NHS number=943 476 5919", "PIN=2209", "Gate code=7781 (side gate)"}
	if !slices.Equal(got, want) {
		t.Errorf("found %q, want %q", got, want)
	}
	masked, n := MaskNoteSecrets(notes, "••")
	for _, line := range []string{
		"Key under the mat; the door code is ••, then press #.",
		"Her Wi-Fi password is ••. The safe combination is ••.",
		"Robert's PIN is ••\nHer frequent flyer PIN is •• — do not share.\nNHS number is ••.\nPIN ••\nGate code ••\nThe alarm code is on the card",
	} {
		if !strings.Contains(masked, line) {
			t.Errorf("masked notes lack %q:\n%s", line, masked)
		}
	}
	if n != len(want) {
		t.Errorf("masked %d", n)
	}
	// Search finds the line that holds the value, and shows it masked.
	if h := d.Hits("bluefish22"); len(h) != 1 || h[0].Text != "Her Wi-Fi password is ••••••••. The safe combination is ••••••••." {
		t.Errorf("Hits(bluefish22) = %+v", h)
	}
	if err := SecretFromNotes(&d, "wi-fi password"); err != nil {
		t.Fatal(err)
	}
	if err := SecretFromNotes(&d, "door code"); err != nil {
		t.Fatal(err)
	}
	if err := SecretFromNotes(&d, "PIN"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []Field{
		{Label: "Wi-Fi password", Value: "bluefish22", Type: TypePassword, Secret: true},
		{Label: "Door code", Value: "4471", Type: TypeText, Secret: true},
		{Label: "PIN", Value: "2209", Type: TypePassword, Secret: true},
	} {
		if got, ok := d.Field(f.Label); !ok || got != f {
			t.Errorf("field %q: %+v", f.Label, got)
		}
	}
	for _, line := range []string{
		"Key under the mat; the door code is [Door code], then press #.\n",
		"Her Wi-Fi password is [Wi-Fi password]. The safe combination is 12 34 56.\n",
		"Robert's PIN is 9031\nHer frequent flyer PIN is 4321 — do not share.\nNHS number is 943 476 5919.\nGate code 7781",
	} {
		if !strings.Contains(d.Notes, line) {
			t.Errorf("notes lack %q:\n%s", line, d.Notes)
		}
	}
	if got := NoteSecretLabels(&d); !slices.Equal(got, []string{"Safe combination", "Robert's PIN", "Frequent flyer PIN", "NHS number", "Gate code"}) {
		t.Errorf("left: %q", got)
	}
}

// TestKeepNoteSecrets: a handoff that leaves secrets behind takes out a
// secret's line, whatever its line break, and keeps a sentence with
// KeptBack in the value's place; the secrets it keeps stay as they are.
func TestKeepNoteSecrets(t *testing.T) {
	notes := "Gate opens at 7:30.\r\nDoor code: 4471\r\nThe alarm code is 9031, then press #.\nPIN 2209"
	none := func(string) bool { return false }
	if got, want := KeepNoteSecrets(notes, none), "Gate opens at 7:30.\r\nThe alarm code is [kept back], then press #.\n"; got != want {
		t.Errorf("none kept: %q, want %q", got, want)
	}
	alarm := func(l string) bool { return l == "Alarm code" }
	if got, want := KeepNoteSecrets(notes, alarm), "Gate opens at 7:30.\r\nThe alarm code is 9031, then press #.\n"; got != want {
		t.Errorf("the alarm kept: %q, want %q", got, want)
	}
	if got := KeepNoteSecrets("Husband: Robert.", none); got != "Husband: Robert." {
		t.Errorf("no secret: %q", got)
	}
}

// FuzzNoteSecrets: whatever the notes, each secret line found lies within
// them and holds its label and value; moving the first into a field takes
// out that line and nothing else.
func FuzzNoteSecrets(f *testing.F) {
	for _, s := range []string{"Door code: 4471\nPIN: 1", "- Password:x\r\n\r\nOTP : 123 456", "•PIN:\n:1", "Passport number: 5334 01 234 extra",
		"the door code is 4471, and the PIN is 12 34.", "PIN 2209\nRenew passport 2027", "Her Wi-Fi password is blue22!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, notes string) {
		lines := noteSecretLines(notes)
		for i, l := range lines {
			if l.start < 0 || l.end > len(notes) || l.start > l.valueAt || l.valueAt > l.valueEnd || l.valueEnd > l.end ||
				!strings.Contains(notes[l.start:l.valueAt], l.label) || !strings.HasPrefix(notes[l.valueAt:l.valueEnd], l.value) ||
				i > 0 && l.valueAt < lines[i-1].valueEnd {
				t.Fatalf("%q: secret %+v", notes, l)
			}
		}
		if KeepNoteSecrets(notes, func(string) bool { return true }) != notes {
			t.Fatalf("%q: keeping every secret changed the notes", notes)
		}
		if len(lines) == 0 {
			return
		}
		if left := noteSecretLines(KeepNoteSecrets(notes, func(string) bool { return false })); len(left) != 0 {
			t.Fatalf("%q: a handoff keeping them back still holds %+v", notes, left)
		}
		if masked, n := MaskNoteSecrets(notes, "0000"); n != len(lines) || strings.Count(masked, "\n") != strings.Count(notes, "\n") || len(noteSecretLines(masked)) != n {
			t.Fatalf("%q masked as %q (%d)", notes, masked, n)
		}
		d := Dossier{Notes: notes}
		if err := SecretFromNotes(&d, lines[0].label); err != nil {
			t.Fatal(err)
		}
		l := lines[0]
		if l.prose {
			if want := notes[:l.valueAt] + "[" + l.fieldLabel() + "]" + notes[l.valueEnd:]; d.Notes != want {
				t.Fatalf("%q became %q, want %q", notes, d.Notes, want)
			}
		} else if !strings.HasPrefix(notes, d.Notes[:l.start]) || !strings.HasSuffix(notes, d.Notes[l.start:]) || len(d.Notes) >= len(notes) {
			t.Fatalf("%q became %q", notes, d.Notes)
		}
	})
}
