package vault

import (
	"strings"
	"testing"
	"unicode"
)

func TestPhoneDigits(t *testing.T) {
	for in, want := range map[string]string{
		"+81 90-1234-5678":  "819012345678",
		"(020) 7946 0958":   "02079460958",
		"020.7946.0958":     "02079460958",
		"٠٥٠ ١٢٣ ٤٥٦٧":      "0501234567",  // Arabic-Indic digits
		"０９０１２３４５６７８":       "09012345678", // full width
		"12345":             "",            // too few to be a number
		"2031-04-30":        "20310430",    // a day reads as digits too, and still finds itself
		"P1234567":          "",            // a passport number is text
		"+44 20 7946 0958x": "",            // an extension is not typed into a search
		"":                  "",
	} {
		if got := PhoneDigits(in); got != want {
			t.Errorf("PhoneDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSamePhone(t *testing.T) {
	for _, tc := range []struct {
		query, field string
		want         bool
	}{
		{"+81 90 1234 5678", "+81 90 1234 5678", true},
		{"+819012345678", "090-1234-5678", true},    // a caller ID, for a number kept as dialled at home
		{"090 1234 5678", "+81 90 1234 5678", true}, // and the other way
		{"1234 5678", "+81 90 1234 5678", true},     // part of it
		{"0044 20 7946 0958", "+44 20 7946 0958", true},
		{"+81 90 1234 5679", "+81 90 1234 5678", false},
		{"+44 90 1234 5678", "+81 90 1234 5678", false}, // another country
		{"+44 90 1234 5678", "090 1234 5678", true},     // a number kept without its country could be any's
		{"5678 1234", "+81 90 1234 5678", false},
		{"000000", "+81 90 1234 5678", false},
		{"+81 90 1234 5678", "5678", false}, // too short a field to end a number by chance
	} {
		f := Field{Label: "Phone", Value: tc.field, Type: TypePhone}
		if got := SamePhone(PhoneDigits(tc.query), phoneOf(&f)); got != tc.want {
			t.Errorf("SamePhone(%q, %q) = %v, want %v", tc.query, tc.field, got, tc.want)
		}
	}
	// A phone field keeps what comes before its extension; a secret field
	// has no number to find.
	if got := phoneOf(&Field{Value: "+44 20 7946 0958 x12", Type: TypePhone}); got != "442079460958" {
		t.Errorf("a phone field with an extension: %q", got)
	}
	if got := phoneOf(&Field{Value: "+44 20 7946 0958", Type: TypeText, Secret: true}); got != "" {
		t.Errorf("a secret field: %q", got)
	}
	if got := phoneOf(&Field{Value: "+44 20 7946 0958", Type: TypeText}); got != "442079460958" {
		t.Errorf("a text field holding a number: %q", got)
	}
}

// TestDigitValue: every decimal digit Unicode knows has the value its run
// from zero gives it, which digitValue relies on.
func TestDigitValue(t *testing.T) {
	n := 0
	for _, tab := range []*unicode.RangeTable{unicode.Nd} {
		for _, rg := range tab.R16 {
			if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
				t.Errorf("digits %U-%U are not runs of ten", rg.Lo, rg.Hi)
			}
			n += int(rg.Hi-rg.Lo) + 1
		}
		for _, rg := range tab.R32 {
			if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
				t.Errorf("digits %U-%U are not runs of ten", rg.Lo, rg.Hi)
			}
			n += int(rg.Hi-rg.Lo) + 1
		}
	}
	if n < 600 {
		t.Fatalf("only %d decimal digits", n)
	}
	for r, want := range map[rune]byte{'7': 7, '٣': 3, '۹': 9, '३': 3, '５': 5, '𝟖': 8} {
		if v, ok := digitValue(r); !ok || v != want {
			t.Errorf("digitValue(%q) = %d, %v", r, v, ok)
		}
	}
	for _, r := range "aⅫ½²-" {
		if _, ok := digitValue(r); ok {
			t.Errorf("%q taken as a digit", r)
		}
	}
}

// FuzzSamePhone: a number found by its digits is found however a person
// writes it: any separators, a trunk 0 or a country code before it.
func FuzzSamePhone(f *testing.F) {
	f.Add("819012345678", uint64(0x5a5a), " -")
	f.Add("02079460958", uint64(1), "()")
	f.Fuzz(func(t *testing.T, digits string, seps uint64, sep string) {
		if len(digits) < minPhoneDigits || len(digits) > 30 || strings.Trim(digits, "0123456789") != "" {
			return
		}
		if strings.Trim(sep, " +-.()/") != "" || sep == "" {
			sep = " "
		}
		// digits written with a separator after some of them
		var b strings.Builder
		for i := range len(digits) {
			b.WriteByte(digits[i])
			if seps>>(i%64)&1 == 1 {
				b.WriteString(sep)
			}
		}
		written := b.String()
		if got := PhoneDigits(written); got != digits {
			t.Fatalf("PhoneDigits(%q) = %q", written, got)
		}
		field := Field{Value: written, Type: TypePhone}
		qs := []string{digits, written, "+" + digits}
		if len(strings.TrimLeft(digits, "0")) >= minPhoneDigits { // a number, not 000001
			qs = append(qs, "0"+digits)
		}
		for _, q := range qs {
			if !SamePhone(PhoneDigits(q), phoneOf(&field)) {
				t.Fatalf("%q does not find %q", q, written)
			}
		}
		// Kept with a trunk 0, found by the caller ID with a country code.
		if national := strings.TrimLeft(digits, "0"); len(national) >= minPhoneDigits {
			kept := Field{Value: "0" + national, Type: TypePhone}
			if !SamePhone(PhoneDigits("+44 "+national), phoneOf(&kept)) {
				t.Fatalf("+44 %s does not find 0%s", national, national)
			}
		}
	})
}
