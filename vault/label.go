package vault

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// LabelHint is what a field's label says of the value it holds, as a
// person reads it: "Passport number" is secret, "Mobile" a phone number,
// "Visa expires" a day. The spreadsheet importer reads a column's header
// with it, and the editor and `add --field` a new field's label, so that a
// field named like a secret is masked wherever it is made.
type LabelHint struct {
	Type   FieldType // TypeText unless the label names an email, phone, web address, address or password
	Secret bool      // the label names a password, a document or account number, health details
	Day    bool      // the label names a date; whether the value is one is for its reader to say
}

// Words in a label, written as [NormalizeLabel] leaves them.
var (
	passwordWords = []string{"password", "passcode", "passwd", "pin", "cvv", "cvc", "cvv2"}
	secretWords   = []string{"password", "passcode", "passwd", "pin", "cvv", "cvc", "cvv2", "secret", "passport", "ssn", "nino", "iban", "tin", "totp", "otp", "2fa", "memorable", "allergies", "allergy", "medication", "medications", "diagnosis", "medical", "token", "seed"}
	secretPhrases = []string{"social security", "national insurance", "ni number", "tax id", "tax number", "tax code", "account number", "account no", "routing number", "sort code", "card number", "credit card", "licence number", "license number", "insurance number", "policy number", "security question", "security answer", "blood type", "blood group", "health", "recovery code", "backup code", "private key", "api key", "door code", "alarm code", "gate code", "garage code", "lockbox code", "key safe code", "access code", "entry code", "security code", "pin code", "safe combination", "nhs number", "medicare number", "driving licence", "driving license", "driver licence", "driver license", "drivers licence", "drivers license", "driver s licence", "driver s license"}
	dayWords      = []string{"date", "birthday", "dob", "born", "birth", "birthdate", "expiry", "expires", "expiration", "expire", "exp", "anniversary", "issued", "valid", "until", "since", "renewal", "due", "deadline"}
	emailWords    = []string{"email", "mail"}
	phoneWords    = []string{"phone", "mobile", "cell", "tel", "telephone", "fax", "whatsapp", "whats app", "landline"}
	urlWords      = []string{"url", "website", "homepage", "link", "uri"}
	addressWords  = []string{"address", "street"}
)

// ReadLabel returns what label says of its field's value.
func ReadLabel(label string) LabelHint {
	n := NormalizeLabel(label)
	h := LabelHint{Type: TypeText, Day: LabelHas(n, dayWords...)}
	switch {
	case LabelHas(n, passwordWords...) && !h.Day: // "PIN", not "PIN changed on"
		h.Type, h.Secret = TypePassword, true
	case LabelHas(n, emailWords...) || strings.Contains(n, "email"):
		h.Type = TypeEmail
	case LabelHas(n, phoneWords...):
		h.Type = TypePhone
	case LabelHas(n, urlWords...):
		h.Type = TypeURL
	case LabelHas(n, addressWords...):
		h.Type = TypeMultiline
	default:
		// A passport's expiry is a date to be reminded of, not a secret.
		h.Secret = (LabelHas(n, secretWords...) || LabelHas(n, secretPhrases...)) && !h.Day
	}
	return h
}

// NormalizeLabel writes a label for matching words in it: lower case,
// without accents, every run of other characters than letters and digits
// one space: "E-mail" is "e mail", "Login_URI" is "login uri", and
// "otpSecret" (as some programs name their export's columns) "otp secret".
func NormalizeLabel(s string) string {
	s = Fold(splitCamel(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitCamel puts a space before each capital that begins a word inside
// another: "otpSecret", "createTime", "PassportNumber"; not "DoB", "IBAN"
// or "OTPAuth", whose capitals begin no word of lower-case letters.
func splitCamel(s string) string {
	var b []byte // made once a space goes in
	prev := utf8.RuneError
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			if next, _ := utf8.DecodeRuneInString(s[i+size:]); unicode.IsLower(next) {
				if b == nil {
					b = append(make([]byte, 0, len(s)+4), s[:i]...)
				}
				b = append(b, ' ')
			}
		}
		if b != nil {
			b = append(b, s[i:i+size]...)
		}
		prev = r
		i += size
	}
	if b == nil {
		return s
	}
	return string(b)
}

// LabelHas reports whether the normalized label n holds one of words as a
// word, or one of phrases as words in a row.
func LabelHas(n string, words ...string) bool {
	padded := " " + n + " "
	for _, w := range words {
		if strings.Contains(padded, " "+w+" ") {
			return true
		}
	}
	return false
}
