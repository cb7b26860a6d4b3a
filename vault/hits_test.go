package vault

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHits(t *testing.T) {
	on, _ := ParseDay("2029-03-14")
	d := Dossier{
		Title: "Margaret Okafor", Kind: KindClient, Tags: []string{"vip"},
		Fields: []Field{
			{Label: "Phone", Value: "+44 20 7946 0321", Type: TypePhone},
			{Label: "Address", Value: "14 Chester Square\nLondon SW1W 9HH", Type: TypeMultiline},
			{Label: "Passport number", Value: "533401234", Secret: true},
			{Label: "Portal", Value: "chester-pw", Type: TypePassword},
		},
		Notes:       "Prefers aisle seats.\nDriver: Samuel, +44 7700 900123.\n" + strings.Repeat("filler ", 30) + "the word quince here " + strings.Repeat("more ", 30),
		Dates:       []Date{{Label: "Visa expiry", On: on}},
		Attachments: []Attachment{{Name: "passport-scan.pdf"}},
	}
	for query, want := range map[string][]Hit{
		"samuel":          {{"notes", "Driver: Samuel, +44 7700 900123."}},
		"SAMUEL okafor":   {{"notes", "Driver: Samuel, +44 7700 900123."}}, // the title is shown already
		"london":          {{"Address", "London SW1W 9HH"}},
		"chester":         {{"Address", "14 Chester Square"}}, // not the password that holds it
		"passport":        {{"Passport number", "•••••"}},     // the label; never the value
		"533401234":       nil,                                // secrets are not searched
		"#vip kind:cli":   nil,
		"visa":            {{"date", "Visa expiry 2029-03-14"}},
		"scan":            {{"attachment", "passport-scan.pdf"}},
		"020 7946 0321":   {{"Phone", "+44 20 7946 0321"}},
		"samuel driver":   {{"notes", "Driver: Samuel, +44 7700 900123."}}, // once
		"aisle samuel":    {{"notes", "Prefers aisle seats."}, {"notes", "Driver: Samuel, +44 7700 900123."}},
		"quince":          {{"notes", "…r filler filler the word quince here more more more more more more more more m…"}}, // 80 characters, the word a third in
		"nothing-of-this": nil,
	} {
		got := d.Hits(query)
		if len(got) != len(want) {
			t.Errorf("Hits(%q) = %q, want %q", query, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Hits(%q) = %q, want %q", query, got, want)
				break
			}
		}
	}
}

// FuzzHitWindow: a hit's text is at most HitWidth characters, valid UTF-8
// from a valid line, the line itself when it fits, and holds the word when
// it was found and is short enough to fit.
func FuzzHitWindow(f *testing.F) {
	f.Add(strings.Repeat("filler ", 30)+"the word Quince here", "quince")
	f.Add("Größe "+strings.Repeat("é", 200)+" straße", "strasse")
	f.Add("ﬁ"+strings.Repeat("x", 100), "fi")
	f.Fuzz(func(t *testing.T, line, word string) {
		term := Fold(word)
		got := window(line, term, HitWidth)
		if n := utf8.RuneCountInString(got); n > HitWidth {
			t.Fatalf("window is %d characters", n)
		}
		if utf8.ValidString(line) && !utf8.ValidString(got) {
			t.Fatalf("window(%q) = %q, not UTF-8", line, got)
		}
		if utf8.RuneCountInString(line) <= HitWidth && got != line {
			t.Fatalf("window(%q) = %q: it fits", line, got)
		}
		if term != "" && utf8.ValidString(line) && utf8.RuneCountInString(term) < HitWidth/2 && utf8.RuneCountInString(term) == utf8.RuneCountInString(word) &&
			strings.Contains(Fold(line), term) && !strings.Contains(Fold(got), term) {
			t.Fatalf("window(%q, %q) = %q lost the word", line, term, got)
		}
	})
}
