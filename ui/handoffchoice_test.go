package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"confidant/vault"
)

// TestWhatGoes: the handoff's list has a line per field label, date label,
// the notes and each attachment's name across the marked dossiers;
// secrets and attachments start off; a choice survives a new list; the
// choice it makes keeps and leaves what the lines say.
func TestWhatGoes(t *testing.T) {
	a := vault.Dossier{Fields: []vault.Field{{Label: "Phone"}, {Label: "Passport number", Secret: true}},
		Attachments: []vault.Attachment{{Name: "passport.pdf", Size: 2048}, {Name: "letter.pdf", Size: 1024}}, Notes: "n"}
	// A secret written in the notes is a line of its own, as a secret
	// field is; one a field of its label holds too is that field's line.
	b := vault.Dossier{Fields: []vault.Field{{Label: "phone "}}, Dates: []vault.Date{{Label: "Birthday"}},
		Notes: "Door code: 4471\nThe passport number is 532840177."}
	items := whatGoes([]*vault.Dossier{&a, &b}, nil)
	var lines []string
	for _, it := range items {
		lines = append(lines, fmt.Sprintf("%v %s (%s)", it.on, it.label, it.aside()))
	}
	want := []string{"true Phone (2 dossiers)", "false Passport number (secret · 2 dossiers)", "false Door code (secret, in the notes · 1 dossier)",
		"true Birthday (date · 1 dossier)", "true Notes (2 dossiers)", "false passport.pdf (attachment · 2.0 KiB)", "false letter.pdf (attachment · 1.0 KiB)"}
	if !slices.Equal(lines, want) {
		t.Fatalf("what goes:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	items[0].on, items[1].on, items[3].on, items[5].on = false, true, false, true
	items = whatGoes([]*vault.Dossier{&a, &b}, items) // the dossiers marked again: the choice stays
	c := choiceOf(items)
	for _, tc := range []struct {
		what string
		got  bool
		want bool
	}{
		{"Phone", c.Field(vault.Field{Label: "PHONE"}), false},
		{"Passport number", c.Field(vault.Field{Label: "Passport number", Secret: true}), true},
		{"another secret", c.Field(vault.Field{Label: "Bank PIN", Secret: true}), false},
		{"Birthday", c.Date(vault.Date{Label: "birthday"}), false},
		{"passport.pdf", c.Attachment(vault.Attachment{Name: "passport.pdf"}), true},
		{"letter.pdf", c.Attachment(vault.Attachment{Name: "letter.pdf"}), false},
		{"notes", !c.NoNotes, true},
	} {
		if tc.got != tc.want {
			t.Errorf("%s goes: %v, want %v", tc.what, tc.got, tc.want)
		}
	}
}
