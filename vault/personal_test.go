package vault

import (
	"strings"
	"testing"
	"time"
)

func personalDossier() *Dossier {
	d := New("Eleanor Vance", KindClient)
	d.Fields = []Field{
		{Label: "Phone", Value: "+44 20 7946 0958", Type: TypePhone},
		{Label: "Email", Value: "e.vance@example.com", Type: TypeEmail},
		{Label: "Pet", Value: "Rover", Type: TypeText},
		{Label: "Username", Value: "mara.lind", Type: TypeText},
		{Label: "Anniversary", Value: "2011-09-17", Type: TypeDate},
		{Label: "Password", Value: "the password itself", Type: TypePassword, Secret: true},
	}
	d.Dates = []Date{{Label: "Birthday", On: time.Date(1968, 4, 2, 0, 0, 0, 0, time.UTC), Yearly: true}}
	return &d
}

// TestPersonalPassword: passwords made of the dossier's own details, with a
// few characters more, are found, however they are written; others are not.
func TestPersonalPassword(t *testing.T) {
	d := personalDossier()
	for _, p := range []string{
		"Vance1968!",         // surname and birth year
		"eleanor0402",        // first name, month and day
		"ELEANOR0204",        // day and month, in capitals
		"V@nce1968",          // a letter written as a symbol
		"3leanorVance",       // a digit for a letter, both names
		"Rover2019!",         // the pet, and a year not in the dossier
		"vance0958",          // the end of the phone number
		"442079460958",       // the whole of it
		"L1nd2024",           // a word of the username, 1 for l
		"mara.lind",          // the username itself
		"eleanor 02.04.1968", // a day written with dots
		"rover17092011",      // the anniversary field
		"Eleanor-Vance-19680402",
		"Vance", // a detail alone
		"1968",  // the birth year alone
	} {
		if !PersonalPassword(d, p) {
			t.Errorf("%q is not found made of the dossier's details", p)
		}
	}
	for _, p := range []string{
		"",
		"xK9#mP2$vQ7!wL4&",             // generated
		"Vance-x7Q!kPz9",               // a name, and more than a few characters
		"correct horse battery staple", // words not in the dossier
		"Summer2024!",                  // common, but not the client's
		"the password itself",          // another password field is not a detail
		"2019",                         // a year alone, not the dossier's
	} {
		if PersonalPassword(d, p) {
			t.Errorf("%q is found made of the dossier's details", p)
		}
	}
	// A dossier with no details finds nothing.
	empty := &Dossier{Title: "X"}
	if PersonalPassword(empty, "X1234") {
		t.Error("a one-letter title made a password personal")
	}
}

// TestPersonalPassword_Notes: the notes name who a client lives with, a
// child, a dog; a password made of those is made of the dossier's details.
// A long note of ordinary words leaves a generated password, or six words
// it does not hold, alone.
func TestPersonalPassword_Notes(t *testing.T) {
	d := New("Eleanor Vance", KindClient)
	d.Notes = "Husband: Robert Vance\nDaughter: Sofía, at St Anne's\nDog: Biscuit\n" +
		strings.Repeat("Prefers aisle seats on morning flights, no shellfish, tea not coffee. ", 40)
	for _, p := range []string{
		"Robert1966!",   // the husband, and his birth year
		"biscuit2020",   // the dog
		"B1scuitRobert", // both, a digit for a letter
		"Sofía2012",     // a word beyond ASCII
		"SOFÍA2012",     // in capitals
		"AisleSeats!22", // what she likes
	} {
		if !PersonalPassword(&d, p) {
			t.Errorf("%q is not found made of the notes", p)
		}
	}
	for _, p := range []string{
		"xK9#mP2$vQ7!wL4&",
		"kebab-jugular-pulverize-coexist-onset-reoccupy",
		"Robert-x7Q!kPz9", // a name, and more than a few characters
	} {
		if PersonalPassword(&d, p) {
			t.Errorf("%q is found made of the notes", p)
		}
	}
}

// TestAudit_Personal: the audit lists a password made of its own dossier's
// details, not one made of another dossier's, and says so in its findings.
func TestAudit_Personal(t *testing.T) {
	a := *personalDossier()
	a.Fields[5].Value = "Vance1968!"
	b := New("Marcus Bell", KindClient)
	b.Fields = []Field{{Label: "Password", Value: "Vance1968!xyzzyplugh", Type: TypePassword, Secret: true}}
	r := Audit([]Dossier{a, b})
	if len(r.Personal) != 1 || r.Personal[0].Dossier.Title != "Eleanor Vance" || r.Personal[0].Label != "Password" {
		t.Fatalf("personal: %+v", r.Personal)
	}
	if got := r.Findings(); got != "1 made of their dossier's details, 1 under 12 characters" {
		t.Errorf("findings: %q", got)
	}
}

func FuzzPersonalPassword(f *testing.F) {
	f.Add("Eleanor Vance", "+44 20 7946 0958", "Vance1968!")
	f.Add("山田 太郎", "İstanbul", "İİİ")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, title, field, p string) {
		d := &Dossier{Title: title, Fields: []Field{{Label: "Note", Value: field, Type: TypeText}}}
		got := PersonalPassword(d, p)
		if got != PersonalPassword(d, p) {
			t.Fatal("not the same twice")
		}
		// Whatever is made only of the title, with a digit, is found, if
		// the title has a word to find (of 60 letters at most: a longer
		// one is no name) and the password is not longer than any is read.
		if w := asciiWord(title); w != "" && len(w) <= 60 && !PersonalPassword(d, w+"1") {
			t.Errorf("%q in a dossier titled %q is not found", w+"1", title)
		}
	})
}

// asciiWord returns title's first word of ASCII letters long enough to be
// looked for, or "".
func asciiWord(title string) string {
	start := -1
	for i := 0; i <= len(title); i++ {
		letter := i < len(title) && (title[i] >= 'a' && title[i] <= 'z' || title[i] >= 'A' && title[i] <= 'Z')
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			// A word must stand alone: ASCII letters beside other letters
			// are part of a longer word.
			before := start == 0 || title[start-1] < 0x80
			after := i == len(title) || title[i] < 0x80
			if i-start >= minPersonalWord && before && after {
				return title[start:i]
			}
			start = -1
		}
	}
	return ""
}
