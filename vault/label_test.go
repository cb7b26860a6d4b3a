package vault

import (
	"testing"
	"unicode/utf8"
)

func TestReadLabel(t *testing.T) {
	for label, want := range map[string]LabelHint{
		"Passport number":      {Type: TypeText, Secret: true},
		"Passport expiry":      {Type: TypeText, Day: true}, // a date to be reminded of, not a secret
		"PIN":                  {Type: TypePassword, Secret: true},
		"Card PIN":             {Type: TypePassword, Secret: true},
		"PIN changed on date":  {Type: TypeText, Day: true},
		"Door code":            {Type: TypeText, Secret: true},
		"Bank account number":  {Type: TypeText, Secret: true},
		"Blood type":           {Type: TypeText, Secret: true},
		"Allergies":            {Type: TypeText, Secret: true},
		"E-mail":               {Type: TypeEmail},
		"Work email":           {Type: TypeEmail},
		"Mobile":               {Type: TypePhone},
		"Télephone (bureau)":   {Type: TypePhone},
		"Login_URI":            {Type: TypeURL},
		"Home address":         {Type: TypeMultiline},
		"Visa expires":         {Type: TypeText, Day: true},
		"Date of birth":        {Type: TypeText, Day: true},
		"Place of birth":       {Type: TypeText, Day: true}, // named as a date; its value says it is not one
		"Company":              {Type: TypeText},
		"Spinach preference":   {Type: TypeText}, // "pin" only as a word
		"Passepartout":         {Type: TypeText},
		"":                     {Type: TypeText},
		"Frequent flyer (BA)":  {Type: TypeText},
		"Health insurance no.": {Type: TypeText, Secret: true},
		// Columns of other programs' exports, run together.
		"otpSecret":              {Type: TypeText, Secret: true},
		"PassportNumber":         {Type: TypeText, Secret: true},
		"cardNumber":             {Type: TypeText, Secret: true},
		"WhatsApp":               {Type: TypePhone},
		"DoB":                    {Type: TypeText, Day: true}, // not "do b"
		"createTime":             {Type: TypeText},
		"NHS number":             {Type: TypeText, Secret: true},
		"Driving licence":        {Type: TypeText, Secret: true},
		"Driver's license":       {Type: TypeText, Secret: true},
		"Driving licence expiry": {Type: TypeText, Day: true},
	} {
		if got := ReadLabel(label); got != want {
			t.Errorf("ReadLabel(%q) = %+v, want %+v", label, got, want)
		}
	}
}

// FuzzReadLabel: a label reads the same normalized as written, which the
// spreadsheet importer relies on (it passes normalized names), and a label
// never names both a secret and a day: an expiry is reminded of, not
// masked.
func FuzzReadLabel(f *testing.F) {
	for _, s := range []string{"Passport number", "E-mail 1 - Value", "PIN changed on date", "Télephone", "Login_URI", "  a\tb  ", "\xff pin"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, label string) {
		n := NormalizeLabel(label)
		if NormalizeLabel(n) != n {
			t.Fatalf("NormalizeLabel(%q) = %q, and again %q", label, n, NormalizeLabel(n))
		}
		if utf8.ValidString(label) && !utf8.ValidString(n) {
			t.Fatalf("NormalizeLabel(%q) = %q, not UTF-8", label, n)
		}
		h := ReadLabel(label)
		if ReadLabel(n) != h {
			t.Fatalf("ReadLabel(%q) = %+v, but of %q %+v", label, h, n, ReadLabel(n))
		}
		if h.Secret && h.Day {
			t.Fatalf("ReadLabel(%q) = %+v: a secret day", label, h)
		}
		if (h.Type == TypePassword) != (h.Type == TypePassword && h.Secret) {
			t.Fatalf("ReadLabel(%q) = %+v: a password not secret", label, h)
		}
	})
}
