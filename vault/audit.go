package vault

import (
	"crypto/sha256"
	"slices"
	"strings"
	"unicode/utf8"
)

// ShortPassword is the length under which [Audit] calls a password short:
// what a generated one of [MinPasswordLength] has.
const ShortPassword = MinPasswordLength

// PasswordUse is a password field of a dossier, named, never its value.
type PasswordUse struct {
	Dossier *Dossier
	Label   string
}

// AuditReport is what [Audit] finds in the passwords of a vault.
type AuditReport struct {
	// Reused holds the groups of password fields that hold one password,
	// in two dossiers or more (or twice in one), largest group first.
	Reused [][]PasswordUse
	// Short holds the password fields shorter than [ShortPassword]
	// characters, with their lengths.
	Short []ShortUse
	// Checked counts the password fields read.
	Checked int
}

// ShortUse is a short password and its length.
type ShortUse struct {
	PasswordUse
	Length int
}

// isPassword reports whether f holds a password: a field of type password,
// or a secret labelled as one. A PIN, a card number, a key are not: they
// are short, or shared, by nature.
func isPassword(f Field) bool {
	if strings.TrimSpace(f.Value) == "" {
		return false
	}
	if f.Type == TypePassword {
		l := strings.ToLower(f.Label)
		return !strings.Contains(l, "pin") && !strings.Contains(l, "totp") && !strings.Contains(l, "otp")
	}
	l := strings.ToLower(f.Label)
	return f.Secret && (strings.Contains(l, "password") || strings.Contains(l, "passcode") || strings.Contains(l, "passwort") || strings.Contains(l, "mot de passe"))
}

// Audit reads the password fields of list and reports those that share a
// password and those that are short. It compares the passwords' SHA-256,
// and keeps no password.
func Audit(list []Dossier) AuditReport {
	var r AuditReport
	groups := map[[32]byte][]PasswordUse{}
	var order [][32]byte
	for i := range list {
		d := &list[i]
		for _, f := range d.Fields {
			if !isPassword(f) {
				continue
			}
			r.Checked++
			use := PasswordUse{Dossier: d, Label: f.Label}
			sum := sha256.Sum256([]byte(f.Value))
			if _, ok := groups[sum]; !ok {
				order = append(order, sum)
			}
			groups[sum] = append(groups[sum], use)
			if n := utf8.RuneCountInString(f.Value); n < ShortPassword {
				r.Short = append(r.Short, ShortUse{use, n})
			}
		}
	}
	for _, sum := range order {
		if g := groups[sum]; len(g) > 1 {
			r.Reused = append(r.Reused, g)
		}
	}
	slices.SortStableFunc(r.Reused, func(a, b []PasswordUse) int { return len(b) - len(a) })
	slices.SortStableFunc(r.Short, func(a, b ShortUse) int { return a.Length - b.Length })
	return r
}
