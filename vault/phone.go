package vault

import (
	"strings"
	"unicode"
)

// A person looking up who is calling types the number as the phone shows it:
// +81 90-1234-5678, 09012345678 or (090) 1234 5678, for a field that holds
// +81 90 1234 5678. Text search finds none of these, so a query that reads
// as a phone number also matches a field that holds the same number however
// it is written: by its digits, with or without its country code.

// minPhoneDigits is the fewest digits a query needs to be taken as a phone
// number: with fewer, a year typed in the filter would find every number
// that holds it. (Text search still applies to a query taken as a number.)
const minPhoneDigits = 6

// PhoneDigits returns the digits of s if s reads as a phone number: digits
// (of any script) and the separators people write between them (space, + - .
// ( ) /), with at least six digits. Otherwise it returns "".
func PhoneDigits(s string) string {
	var b strings.Builder
	appendPhone(&b, s)
	return b.String()
}

// appendPhone writes the digits of s to b if s reads as a phone number (see
// PhoneDigits), and reports whether it did.
func appendPhone(b *strings.Builder, s string) bool {
	n := 0
	for _, r := range s {
		if _, ok := digitValue(r); ok {
			n++
		} else if !strings.ContainsRune(phoneSeparators, r) {
			return false
		}
	}
	if n < minPhoneDigits {
		return false
	}
	b.Grow(n + 1)
	for _, r := range s {
		if v, ok := digitValue(r); ok {
			b.WriteByte('0' + v)
		}
	}
	return true
}

const phoneSeparators = " +-.()/"

// phoneOf returns the digits of a field's number, for matching: a phone
// field's digits before an extension ("x12"), or the digits of a text field
// that reads as a phone number (an import's untyped "Mobile"). Secret fields
// have none: a search must not confirm a guess.
func phoneOf(f *Field) string {
	var b strings.Builder
	appendPhoneOf(&b, f)
	return b.String()
}

func appendPhoneOf(b *strings.Builder, f *Field) bool {
	switch {
	case f.Secret:
		return false
	case f.Type == TypePhone:
		v, _, _ := strings.Cut(f.Value, "x") // Validate keeps it to digits and separators
		return appendPhone(b, v)
	case f.Type == TypeText || f.Type == TypeMultiline || f.Type == "":
		return appendPhone(b, f.Value)
	}
	return false // a day, an email or web address, a password
}

// SamePhone reports whether the number typed as digits q (from PhoneDigits)
// is, or is part of, the number whose digits are f: q occurs in f, or does
// once its trunk prefix (leading zeros) is dropped (090… for +81 90…), or f
// without its own ends q (a caller ID with a country code, for a number kept
// as dialled at home).
func SamePhone(q, f string) bool {
	if q == "" || f == "" {
		return false
	}
	if strings.Contains(f, q) {
		return true
	}
	q0, f0 := strings.TrimLeft(q, "0"), strings.TrimLeft(f, "0")
	return len(q0) >= minPhoneDigits && strings.Contains(f, q0) ||
		len(f0) >= minPhoneDigits && strings.HasSuffix(q0, f0)
}

// Phones returns the digits of every number in d's fields (see PhoneDigits),
// each followed by a newline, for an index to keep and PhonesMatch to search.
func (d *Dossier) Phones() string {
	var b strings.Builder
	for i := range d.Fields {
		if appendPhoneOf(&b, &d.Fields[i]) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// hasPhone reports whether a field of d holds the number typed as q.
func (d *Dossier) hasPhone(q string) bool {
	for i := range d.Fields {
		if SamePhone(q, phoneOf(&d.Fields[i])) {
			return true
		}
	}
	return false
}

// PhonesMatch reports whether one of phones (as Dossier.Phones returns them)
// is the number typed as q (SamePhone).
func PhonesMatch(phones, q string) bool {
	for phones != "" {
		var p string
		p, phones, _ = strings.Cut(phones, "\n")
		if SamePhone(q, p) {
			return true
		}
	}
	return false
}

// digitValue returns the value of a decimal digit of any script: ٣ (Arabic-
// Indic) and ３ (full width) are 3, as unicode.IsDigit counts them. Unicode
// encodes each script's decimal digits as a run from 0 to 9.
func digitValue(r rune) (byte, bool) {
	if r >= '0' && r <= '9' {
		return byte(r - '0'), true
	}
	if r < 0x80 || !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return byte((r - rune(rg.Lo)) % 10), true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return byte((r - rune(rg.Lo)) % 10), true
		}
	}
	return 0, false
}
