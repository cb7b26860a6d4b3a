package vault

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestReadDay(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2029-03-14", "2029-03-14"},
		{"2029-3-4", "2029-03-04"},
		{"2029/03/14", "2029-03-14"},
		{"2029.03.14", "2029-03-14"},
		{"14.03.2029", "2029-03-14"},
		{"4.3.2029", "2029-03-04"},
		{" 14.03.2029 ", "2029-03-14"},
		{"14 March 2029", "2029-03-14"},
		{"14 mar 2029", "2029-03-14"},
		{"14  March   2029", "2029-03-14"},
		{"14-Mar-2029", "2029-03-14"},
		{"Mar 14, 2029", "2029-03-14"},
		{"MARCH 14, 2029", "2029-03-14"},
		{"march 14 2029", "2029-03-14"},
		{"29.02.2028", "2028-02-29"},
		{"0001-01-01", "0001-01-01"},
		// No year, as contacts write a birthday without it.
		{"--04-12", "1604-04-12"},
		{"--0412", "1604-04-12"},
		{"--02-29", "1604-02-29"},
		{"--13-01", ""},
		{"--4-12", ""},
		// With slashes, where a number over 12 says which is the day, or
		// both are one.
		{"14/03/2029", "2029-03-14"},
		{"03/14/2029", "2029-03-14"},
		{"4/4/2029", "2029-04-04"},
		// Refused: the order is in doubt, the day does not exist, the
		// year is short, or it is not a day.
		{"03/04/2029", ""},
		{"31/02/2029", ""},
		{"13/13/2029", ""},
		{"14/03/29", ""},
		{"31.02.2029", ""},
		{"29.02.2029", ""},
		{"14.03.29", ""},
		{"29-03-14", ""},
		{"2029-03-14T10:00", ""},
		{"2029-03", ""},
		{"", ""},
		{"tomorrow", ""},
	} {
		got, err := ReadDay(tc.in)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("ReadDay(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("ReadDay(%q): %v is not ErrInvalid", tc.in, err)
		}
	}
}

// TestNoYear: a day of no known year reads as --04-12, recurs yearly even
// when not marked so, and lends a password its day and month only.
func TestNoYear(t *testing.T) {
	if got := DayText("1604-04-12"); got != "--04-12" {
		t.Errorf("DayText = %q", got)
	}
	if got := DayText("2029-04-12"); got != "2029-04-12" {
		t.Errorf("DayText of a day with its year = %q", got)
	}
	on, _ := ParseDay("1604-04-12")
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	if next := (Date{Label: "Birthday", On: on}).Next(now); next.Format(time.DateOnly) != "2027-04-12" {
		t.Errorf("Next = %s", next)
	}
	d := Dossier{Title: "Sofia Vance", Dates: []Date{{Label: "Birthday", On: on, Yearly: true}}}
	if !PersonalPassword(&d, "Xq7z0412") {
		t.Error("day and month not found")
	}
	if PersonalPassword(&d, "Zq1604ab") {
		t.Error("1604, which is no year of hers, taken for a detail")
	}
	if f := (Field{Label: "Date of birth", Value: "--04-12", Type: TypeDate}); !func() bool { _, ok := ImpliedDate(f); return ok }() {
		t.Error("a date field showing --04-12 implies no birthday")
	}
}

// TestReadDay_InDoubt: a day whose order is in doubt says so, in ReadDay
// and in a date field's check, without the day.
func TestReadDay_InDoubt(t *testing.T) {
	if _, err := ReadDay("03/04/2029"); !errors.Is(err, ErrDayInDoubt) {
		t.Errorf("ReadDay: %v", err)
	}
	err := Field{Label: "Date of birth", Value: "03/04/1968", Type: TypeDate}.Validate()
	if err == nil || !strings.Contains(err.Error(), "day and month are in doubt") || strings.Contains(err.Error(), "1968") {
		t.Errorf("Validate: %v", err)
	}
	if err := (Field{Label: "Date of birth", Value: "31/04/1968", Type: TypeDate}).Validate(); err == nil || strings.Contains(err.Error(), "doubt") {
		t.Errorf("Validate of a day that does not exist: %v", err)
	}
}

// FuzzReadDay checks that ReadDay takes every day ParseDay takes, as it is,
// and that what it returns is a day ParseDay takes and ReadDay returns
// unchanged.
func FuzzReadDay(f *testing.F) {
	for _, s := range []string{"2029-03-14", "14.03.2029", "Mar 14, 2029", "14 March 2029", "03/04/2029", "2029/3/4", " 1.1.0001 ", "14/03/2029", "02/30/2029", "--04-12", "--0229"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ReadDay(s)
		// It reads what trying every layout reads: it skips only those
		// that cannot take s.
		want := ""
		for _, layout := range dayLayouts {
			if day, err := time.Parse(layout, strings.Join(strings.Fields(s), " ")); err == nil {
				want = day.Format(time.DateOnly)
				break
			}
		}
		if want == "" {
			// No year: --MM-DD or --MMDD, kept in NoYear.
			norm := strings.Join(strings.Fields(s), " ")
			for _, layout := range []string{"--01-02", "--0102"} {
				if md, err := time.Parse(layout, norm); err == nil && len(norm) == len(layout) {
					want = time.Date(NoYear, md.Month(), md.Day(), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
				}
			}
		}
		if want == "" {
			// Slashes and the year last: day first or month first, when
			// only one reads or both read the same.
			norm := strings.Join(strings.Fields(s), " ")
			dm, e1 := time.Parse("2/1/2006", norm)
			md, e2 := time.Parse("1/2/2006", norm)
			switch {
			case e1 == nil && (e2 != nil || md.Equal(dm)):
				want = dm.Format(time.DateOnly)
			case e2 == nil && e1 != nil:
				want = md.Format(time.DateOnly)
			}
		}
		if got != want {
			t.Fatalf("ReadDay(%q) = %q; every layout tried gives %q", s, got, want)
		}
		if day, perr := ParseDay(s); perr == nil && (err != nil || got != day.Format(time.DateOnly)) {
			t.Fatalf("ParseDay takes %q as %s; ReadDay gives %q, %v", s, day.Format(time.DateOnly), got, err)
		}
		if err != nil {
			if got != "" {
				t.Fatalf("ReadDay(%q) failed and returned %q", s, got)
			}
			return
		}
		if _, err := ParseDay(got); err != nil {
			t.Fatalf("ReadDay(%q) = %q, which ParseDay refuses", s, got)
		}
		if again, err := ReadDay(got); err != nil || again != got {
			t.Fatalf("ReadDay(%q) = %q, but ReadDay(%q) = %q, %v", s, got, got, again, err)
		}
	})
}

func TestReadValue(t *testing.T) {
	for _, tc := range []struct {
		t       FieldType
		in, out string
	}{
		{TypeURL, "example.com", "https://example.com"},
		{TypeURL, " www.acme.example/portal?a=1 ", "https://www.acme.example/portal?a=1"},
		{TypeURL, "acme.example:8443/x", "https://acme.example:8443/x"},
		{TypeURL, "https://acme.example", "https://acme.example"},
		{TypeURL, "ftp://files.example", "ftp://files.example"},
		{TypeURL, "localhost", "localhost"},           // no dot: not taken for a host
		{TypeURL, "see the portal", "see the portal"}, // words
		{TypeURL, "mailto:a@b.example", "mailto:a@b.example"},
		{TypeURL, ".example.com", ".example.com"},
		{TypeURL, "", ""},
		{TypeDate, "14.03.2029", "2029-03-14"},
		{TypeDate, "soon", "soon"},
		{TypeText, "example.com", "example.com"},
		{TypeEmail, " a@b.example ", " a@b.example "},
	} {
		if got := ReadValue(tc.t, tc.in); got != tc.out {
			t.Errorf("ReadValue(%s, %q) = %q, want %q", tc.t, tc.in, got, tc.out)
		}
	}
}

// FuzzReadValue checks that ReadValue takes its own answers unchanged, and
// that a web address it rewrote validates.
func FuzzReadValue(f *testing.F) {
	for _, s := range []string{"example.com", "a.b/c?d#e", "https://x.example", "14 March 2029", "a..b", "[::1].x", "x.y:99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, typ := range []FieldType{TypeURL, TypeDate} {
			v := ReadValue(typ, s)
			if again := ReadValue(typ, v); again != v {
				t.Fatalf("ReadValue(%s, %q) = %q, then %q", typ, s, v, again)
			}
			if v != s {
				if err := (Field{Label: "L", Value: v, Type: typ}).Validate(); err != nil {
					t.Fatalf("ReadValue(%s, %q) = %q, which does not validate: %v", typ, s, v, err)
				}
			}
		}
	})
}
