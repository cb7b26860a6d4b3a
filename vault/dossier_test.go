package vault

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestImpliedDate(t *testing.T) {
	day := func(s string) time.Time { d, _ := ParseDay(s); return d }
	for _, c := range []struct {
		f    Field
		want Date
		ok   bool
	}{
		{Field{Label: "Expires", Value: "2031-04-30", Type: TypeDate}, Date{Label: "Expires", On: day("2031-04-30"), Remind: Period{Months: 6}}, true},
		{Field{Label: " expiry date ", Value: " 2031-04-30 ", Type: TypeDate}, Date{Label: "expiry date", On: day("2031-04-30"), Remind: Period{Months: 6}}, true},
		{Field{Label: "Valid until", Value: "2030-01-01", Type: TypeDate}, Date{Label: "Valid until", On: day("2030-01-01"), Remind: Period{Months: 6}}, true},
		{Field{Label: "Date of birth", Value: "1980-02-29", Type: TypeDate}, Date{Label: "Birthday", On: day("1980-02-29"), Remind: Period{Days: 14}, Yearly: true}, true},
		{Field{Label: "Issued", Value: "2020-01-01", Type: TypeDate}, Date{}, false},                // no reminder wanted
		{Field{Label: "Expires", Value: "2031-04-30", Type: TypeText}, Date{}, false},               // not a date field
		{Field{Label: "Expires", Value: "30/04/2031", Type: TypeDate}, Date{}, false},               // not a valid day
		{Field{Label: "Expires", Value: "", Type: TypeDate}, Date{}, false},                         // empty
		{Field{Label: "Passport expires soon", Value: "2031-04-30", Type: TypeDate}, Date{}, false}, // nothing after the word
		{Field{Label: "Passport  expiry", Value: "2031-04-30", Type: TypeDate}, Date{Label: "Passport  expiry", On: day("2031-04-30"), Remind: Period{Months: 6}}, true},
		{Field{Label: "Visa expires", Value: "2031-04-30", Type: TypeDate}, Date{Label: "Visa expires", On: day("2031-04-30"), Remind: Period{Months: 6}}, true},
		{Field{Label: "Inexpiry", Value: "2031-04-30", Type: TypeDate}, Date{}, false}, // the word, not its letters
		{Field{Label: "Birthday", Value: "1961-07-02", Type: TypeDate}, Date{Label: "Birthday", On: day("1961-07-02"), Remind: Period{Days: 14}, Yearly: true}, true},
		{Field{Label: "Wedding anniversary", Value: "2001-06-30", Type: TypeDate}, Date{Label: "Wedding anniversary", On: day("2001-06-30"), Remind: Period{Days: 14}, Yearly: true}, true},
		{Field{Label: "DOB", Value: "1961-07-02", Type: TypeDate}, Date{Label: "Birthday", On: day("1961-07-02"), Remind: Period{Days: 14}, Yearly: true}, true},
	} {
		got, ok := ImpliedDate(c.f)
		if ok != c.ok || got.Label != c.want.Label || !got.On.Equal(c.want.On) || got.Remind != c.want.Remind || got.Yearly != c.want.Yearly {
			t.Errorf("ImpliedDate(%+v) = %+v, %v; want %+v, %v", c.f, got, ok, c.want, c.ok)
		}
	}
}

func TestFollowField(t *testing.T) {
	day := func(s string) time.Time {
		d, err := ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	expires := func(v string) Field { return Field{Label: "Expires", Type: TypeDate, Value: v} }
	for _, c := range []struct {
		name  string
		dates []Date
		f     Field
		was   string
		want  []Date
	}{
		{"a new expiry brings its reminder", nil, expires("2031-04-30"), "",
			[]Date{{Label: "Expires", On: day("2031-04-30"), Remind: Period{Months: 6}}}},
		{"a date of birth a yearly birthday", nil, Field{Label: "Date of birth", Type: TypeDate, Value: "1980-04-02"}, "",
			[]Date{{Label: "Birthday", On: day("1980-04-02"), Remind: Period{Days: 14}, Yearly: true}}},
		{"the date moves with its field", []Date{{Label: "Expires", On: day("2031-04-30"), Remind: Period{Months: 3}}}, expires("2032-05-01"), "2031-04-30",
			[]Date{{Label: "Expires", On: day("2032-05-01"), Remind: Period{Months: 3}}}},
		{"a date set apart stays", []Date{{Label: "Expires", On: day("2030-01-01")}}, expires("2032-05-01"), "2031-04-30",
			[]Date{{Label: "Expires", On: day("2030-01-01")}}},
		{"a date on that day already is enough", []Date{{Label: "Passport expiry", On: day("2031-04-30")}}, expires("2031-04-30"), "",
			[]Date{{Label: "Passport expiry", On: day("2031-04-30")}}},
		{"an unchanged field proposes nothing", nil, expires("2031-04-30"), "2031-04-30", nil},
		{"a text field proposes nothing", nil, Field{Label: "Expires", Type: TypeText, Value: "2031-04-30"}, "", nil},
		{"another label proposes nothing", nil, Field{Label: "Issued", Type: TypeDate, Value: "2021-04-30"}, "", nil},
	} {
		d := Dossier{Dates: slices.Clone(c.dates)}
		d.FollowField(c.f, c.was)
		if !reflect.DeepEqual(d.Dates, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, d.Dates, c.want)
		}
	}
}

// TestOverLimit: the vault refuses what a backup of it could not be read
// back with (the bundle's limits), and says what.
func TestOverLimit(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	for _, c := range []struct {
		want string
		edit func(d *Dossier)
	}{
		{"", func(d *Dossier) {}},
		{"", func(d *Dossier) { d.Title = long(maxTitle) }},
		{"the title is longer than 4 KiB", func(d *Dossier) { d.Title = long(maxTitle + 1) }},
		{"the notes are longer than 1 MiB", func(d *Dossier) { d.Notes = long(maxValue + 1) }},
		{"it has more than 1000 fields", func(d *Dossier) { d.Fields = make([]Field, maxFields+1) }},
		{"it has more than 256 tags", func(d *Dossier) { d.Tags = make([]string, maxTags+1) }},
		{"it has more than 256 dates", func(d *Dossier) { d.Dates = make([]Date, maxDates+1) }},
		{"it has more than 256 attachments", func(d *Dossier) { d.Attachments = make([]Attachment, maxAttachments+1) }},
		{"the label of field 1 is longer than 1 KiB", func(d *Dossier) { d.Fields = []Field{{Label: long(maxLabel + 1)}} }},
		{"field 1 is longer than 1 MiB", func(d *Dossier) { d.Fields = []Field{{Label: "a", Value: long(maxValue + 1)}} }},
		{"a tag is longer than 1 KiB", func(d *Dossier) { d.Tags = []string{long(maxLabel + 1)} }},
		{"a date's label is longer than 1 KiB", func(d *Dossier) { d.Dates = []Date{{Label: long(maxLabel + 1)}} }},
		{"an attachment's name or type is longer than 1 KiB", func(d *Dossier) { d.Attachments = []Attachment{{Name: long(maxLabel + 1)}} }},
		{"its provenance is longer than 4 KiB", func(d *Dossier) { d.Provenance = &Provenance{From: long(maxTitle + 1)} }},
	} {
		d := New("t", KindNote)
		c.edit(&d)
		if got := d.OverLimit(); got != c.want {
			t.Errorf("OverLimit = %q, want %q", got, c.want)
		}
		if err := d.Validate(); c.want != "" && (!errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("Validate with %q: %v", c.want, err)
		}
	}
}

// TestValidate_NotText: text that is not UTF-8 (a Latin-1 terminal's "é",
// a CSV in another encoding) is refused by name: a backup, in JSON, would
// bring it back changed.
func TestValidate_NotText(t *testing.T) {
	for what, edit := range map[string]func(d *Dossier){
		"the title": func(d *Dossier) { d.Title = "Jos\xe9" },
		"the notes": func(d *Dossier) { d.Notes = "caf\xe9" },
		"field 1":   func(d *Dossier) { d.Fields = []Field{{Label: "PIN", Value: "\xff\xfe"}} },
		"a tag":     func(d *Dossier) { d.Tags = []string{"\xe9t\xe9"} },
	} {
		d := New("t", KindNote)
		edit(&d)
		if err := d.Validate(); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), what+" is not UTF-8 text") {
			t.Errorf("%s: %v", what, err)
		}
	}
	d := New("José Müller 日本", KindNote)
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestDates: when a date next falls, when it is due, and which of a
// dossier's dates comes first (what list shows and the interface sorts by).
func TestDates(t *testing.T) {
	day := func(s string) time.Time {
		d, err := ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	now := time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		date Date
		next string
		due  bool
	}{
		{Date{Label: "Birthday", On: day("1980-12-05"), Remind: Period{Days: 14}, Yearly: true}, "2026-12-05", true},
		{Date{Label: "Birthday", On: day("1980-12-20"), Remind: Period{Days: 14}, Yearly: true}, "2026-12-20", false},
		{Date{Label: "Birthday", On: day("1980-03-10"), Remind: Period{Days: 14}, Yearly: true}, "2027-03-10", false},
		{Date{Label: "Birthday", On: day("1980-11-28"), Yearly: true}, "2026-11-28", true},             // today
		{Date{Label: "Leap day", On: day("1980-02-29"), Yearly: true}, "2027-03-01", false},            // a common year
		{Date{Label: "Expires", On: day("2026-06-30"), Remind: Period{Months: 6}}, "2026-06-30", true}, // passed, still due
		{Date{Label: "Expires", On: day("2027-05-01"), Remind: Period{Months: 6}}, "2027-05-01", true},
		{Date{Label: "Expires", On: day("2027-06-30"), Remind: Period{Months: 6}}, "2027-06-30", false},
	} {
		if got := tc.date.Next(now).Format(time.DateOnly); got != tc.next {
			t.Errorf("%s %s: next %s, want %s", tc.date.Label, tc.date.On.Format(time.DateOnly), got, tc.next)
		}
		if got := tc.date.Due(now); got != tc.due {
			t.Errorf("%s %s: due %v, want %v", tc.date.Label, tc.date.On.Format(time.DateOnly), got, tc.due)
		}
	}
	d := Dossier{Dates: []Date{
		{Label: "Birthday", On: day("1980-12-05"), Remind: Period{Days: 14}, Yearly: true},
		{Label: "Expires", On: day("2026-06-30"), Remind: Period{Months: 6}},
		{Label: "Visa", On: day("2026-12-01")},
	}}
	if got, ok := d.NextDate(now); !ok || got.Label != "Expires" {
		t.Errorf("first date: %q, want the expired passport", got.Label)
	}
	d.Dates = d.Dates[:1]
	if got, ok := d.NextDate(now); !ok || got.Label != "Birthday" {
		t.Errorf("first date: %q, want the birthday", got.Label)
	}
	if _, ok := (&Dossier{}).NextDate(now); ok {
		t.Error("a dossier without dates has a first one")
	}
}
