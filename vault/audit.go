package vault

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"unicode"
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
	// Alike holds the groups of password fields whose passwords are not
	// one but differ only in case, in the digits and symbols at their
	// ends, and in letters written as digits or symbols ("Summer2024!",
	// "summer2025", "Summ3r"): one password, changed a little
	// for each site, which a leak of one gives away. Largest group first.
	Alike [][]PasswordUse
	// Short holds the password fields shorter than [ShortPassword]
	// characters, with their lengths.
	Short []ShortUse
	// Common holds the password fields whose password is a common one,
	// or one changed a little ([CommonPassword]: "P@ssw0rd",
	// "Summer2024!"), however long: the first guesses of any attack.
	Common []PasswordUse
	// Personal holds the password fields whose password is made of its
	// own dossier's details ([PersonalPassword]: "Vance1968!"), which
	// whoever knows the client tries first.
	Personal []PasswordUse
	// Checked counts the password fields read.
	Checked int
}

// Findings says what r found among its passwords, by counts, as "1
// common, 2 under 12 characters, 4 shared with another or a variant of
// one" (fields, not groups: a field may be in a group of each kind), or ""
// when it found nothing. It names no dossier and no password.
func (r AuditReport) Findings() string {
	shared := map[PasswordUse]bool{}
	for _, groups := range [][][]PasswordUse{r.Reused, r.Alike} {
		for _, g := range groups {
			for _, u := range g {
				shared[u] = true
			}
		}
	}
	var found []string
	for _, f := range []struct {
		n    int
		what string
	}{{len(r.Common), "common"}, {len(r.Personal), "made of their dossier's details"}, {len(r.Short), "under 12 characters"},
		{len(shared), "shared with another or a variant of one"}} {
		if f.n > 0 {
			found = append(found, fmt.Sprintf("%d %s", f.n, f.what))
		}
	}
	return strings.Join(found, ", ")
}

// ShortUse is a short password and its length.
type ShortUse struct {
	PasswordUse
	Length int
}

// IsPassword reports whether f holds a password, as [Audit] reads them.
func (f Field) IsPassword() bool { return isPassword(f) }

// isPassword reports whether f holds a password: a field of type password,
// or a secret labelled as one. A PIN, a card number, a key are not: they
// are short, or shared, by nature.
func isPassword(f Field) bool {
	if f.Value == "" || (f.Type != TypePassword && !f.Secret) {
		return false
	}
	named := func(words ...string) bool {
		for _, w := range words {
			if containsFold(f.Label, w) { // folds as it compares: no copy of the label
				return true
			}
		}
		return false
	}
	if f.Type == TypePassword {
		return !named("pin", "otp") && strings.TrimSpace(f.Value) != ""
	}
	return named("password", "passcode", "passwort", "mot de passe") && strings.TrimSpace(f.Value) != ""
}

// minStem is the fewest letters a password's stem ([passwordStem]) needs
// for two passwords sharing it to count as alike.
const minStem = 4

// passwordStem appends to b what is left of a password without case and
// without the digits, symbols and spaces at its ends ("Summer2024!" →
// "summer"), its digits and symbols that write a letter read as that
// letter ("Summ3r", "$ummer": summer; at the start only $ and @ are), the
// other symbols and spaces inside left out ("Sum-mer"), and l and i taken
// for one letter, as 1 writes either; and whether that is at least minStem
// runes long.
func passwordStem(b []byte, p string) ([]byte, bool) {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	p = strings.TrimRightFunc(p, notLetter)
	p = strings.TrimLeftFunc(p, func(r rune) bool { return notLetter(r) && r != '$' && r != '@' })
	n := 0
	for _, r := range p {
		r = unicode.ToLower(r)
		if r < utf8.RuneSelf && unleet[r] != 0 {
			r = rune(unleet[r])
		}
		if !unicode.IsLetter(r) {
			continue // "Sum-mer", "sum mer": a separator inside
		}
		if r == 'l' {
			r = 'i'
		}
		b = utf8.AppendRune(b, r)
		n++
	}
	return b, n >= minStem
}

// Audit reads the password fields of list and reports those that share a
// password, those alike, those that are short, those that are common and
// those made of their dossier's details. It compares SHA-256
// sums of the passwords and of their stems, and keeps no password.
func Audit(list []Dossier) AuditReport {
	var r AuditReport
	// Each distinct password's first use and how many share it; a group
	// is made only for those shared (the interface audits at every
	// change of a 10,000-dossier list).
	type slot struct {
		first  PasswordUse
		n      int
		group  int  // in r.Reused, once n > 1
		common bool // CommonPassword, asked once a password
	}
	var slots []slot
	at := map[[32]byte]int{}
	// The same for stems, with the sum of each use's password: a group
	// whose passwords are not all one is alike.
	type stemUse struct {
		use PasswordUse
		sum [32]byte
	}
	type stemSlot struct {
		first stemUse
		more  []stemUse // the others, when shared
	}
	stemAt := map[[32]byte]int{}
	var stems []stemSlot // in the order first met, as Reused
	var buf []byte
	var pm personalMatch
	defer pm.clear()
	for i := range list {
		d := &list[i]
		for _, f := range d.Fields {
			if !isPassword(f) {
				continue
			}
			r.Checked++
			use := PasswordUse{Dossier: d, Label: f.Label}
			sum := sha256.Sum256([]byte(f.Value))
			k, ok := at[sum]
			if !ok {
				k = len(slots)
				at[sum] = k
				slots = append(slots, slot{first: use, n: 1, common: CommonPassword(f.Value)})
			} else {
				sl := &slots[k]
				if sl.n == 1 {
					sl.group = len(r.Reused)
					r.Reused = append(r.Reused, []PasswordUse{sl.first})
				}
				sl.n++
				r.Reused[sl.group] = append(r.Reused[sl.group], use)
			}
			if slots[k].common {
				r.Common = append(r.Common, use)
			}
			if n := utf8.RuneCountInString(f.Value); n < ShortPassword {
				r.Short = append(r.Short, ShortUse{use, n})
			}
			if pm.start(f.Value) {
				if pm.dossier(d); pm.done() {
					r.Personal = append(r.Personal, use)
				}
			}
			var stemmed bool
			if buf, stemmed = passwordStem(buf[:0], f.Value); stemmed {
				stem := sha256.Sum256(buf)
				if j, seen := stemAt[stem]; seen {
					stems[j].more = append(stems[j].more, stemUse{use, sum})
				} else {
					stemAt[stem] = len(stems)
					stems = append(stems, stemSlot{first: stemUse{use, sum}})
				}
			}
		}
	}
	clear(buf)
	for _, s := range stems {
		if !slices.ContainsFunc(s.more, func(u stemUse) bool { return u.sum != s.first.sum }) {
			continue
		}
		group := []PasswordUse{s.first.use}
		for _, u := range s.more {
			group = append(group, u.use)
		}
		r.Alike = append(r.Alike, group)
	}
	slices.SortStableFunc(r.Reused, func(a, b []PasswordUse) int { return len(b) - len(a) })
	slices.SortStableFunc(r.Alike, func(a, b []PasswordUse) int { return len(b) - len(a) })
	slices.SortStableFunc(r.Short, func(a, b ShortUse) int { return a.Length - b.Length })
	return r
}

// Unmasked returns the fields of list that hold a value and are shown,
// though their labels name a secret ([ReadLabel]: a passport or account
// number, a door code, health details): fields made before the editor and
// `add --field` masked such a label, or unmasked since. It names fields,
// never a value. Labels repeat across a vault, so each is read once.
func Unmasked(list []Dossier) []PasswordUse {
	var out []PasswordUse
	secret := map[string]bool{}
	for i := range list {
		d := &list[i]
		for _, f := range d.Fields {
			if f.Secret || f.Type == TypePassword || strings.TrimSpace(f.Value) == "" {
				continue
			}
			s, ok := secret[f.Label]
			if !ok {
				s = ReadLabel(f.Label).Secret
				secret[f.Label] = s
			}
			if s {
				out = append(out, PasswordUse{Dossier: d, Label: f.Label})
			}
		}
	}
	return out
}

// SharedContact is an email address or a phone number that several
// dossiers hold: a list brought in from several places (a spreadsheet,
// vCards, another password manager) often holds one person twice, and a
// household shares a phone. Uses name the dossiers and fields, never the
// value.
type SharedContact struct {
	Phone bool // a phone number; otherwise an email address
	Uses  []PasswordUse
}

// PhoneKey is what two ways of writing one number share, from its digits
// (PhoneDigits): its last nine digits, which drop a country code and a
// trunk 0 alike (+44 20 7946 0958 and 020 7946 0958; +81 90 1234 5678 and
// 090-1234-5678).
func PhoneKey(digits string) string {
	if len(digits) > 9 {
		return digits[len(digits)-9:]
	}
	return digits
}

// contactKey is what an email address (without case) or a phone number
// (PhoneKey) in f is compared by, "e…" or "p…"; "" for a field that holds
// neither, or is secret.
func contactKey(f *Field) string {
	switch {
	case f.Secret:
		return ""
	case f.Type == TypeEmail && strings.Contains(f.Value, "@"):
		return "e" + strings.ToLower(strings.TrimSpace(f.Value))
	}
	if p := phoneOf(f); p != "" {
		return "p" + PhoneKey(p)
	}
	return ""
}

// ContactKeys returns what d's email addresses and phone numbers are
// compared by in SharedContacts: "e" and the address without case, "p" and
// the number's last nine digits. Secret fields have none.
func ContactKeys(d *Dossier) []string {
	var keys []string
	for i := range d.Fields {
		if k := contactKey(&d.Fields[i]); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// SharedContacts returns the email addresses (compared without case) and
// phone numbers (by PhoneKey) that fields of two dossiers or more of list
// hold, the most shared first. Secret fields are left alone, as search
// leaves them.
func SharedContacts(list []Dossier) []SharedContact {
	type group struct {
		phone bool
		uses  []PasswordUse
	}
	var groups []*group
	at := map[string]*group{}
	for i := range list {
		d := &list[i]
		for j := range d.Fields {
			key := contactKey(&d.Fields[j])
			if key == "" {
				continue
			}
			f := &d.Fields[j]
			g := at[key]
			if g == nil {
				g = &group{phone: key[0] == 'p'}
				at[key] = g
				groups = append(groups, g)
			}
			if n := len(g.uses); n > 0 && g.uses[n-1].Dossier == d {
				continue // the same dossier twice is not two
			}
			g.uses = append(g.uses, PasswordUse{Dossier: d, Label: f.Label})
		}
	}
	var out []SharedContact
	for _, g := range groups {
		if len(g.uses) > 1 {
			out = append(out, SharedContact{Phone: g.phone, Uses: g.uses})
		}
	}
	slices.SortStableFunc(out, func(a, b SharedContact) int { return len(b.Uses) - len(a.Uses) })
	return out
}

// noteSecretSkip are the words of secret labels that notes hold as prose
// (health), not as a credential written down: "Allergies: penicillin" is
// how an assistant writes it, and a field is no safer for it than for
// the rest of the notes' prose.
var noteSecretSkip = []string{"allergies", "allergy", "medication", "medications", "diagnosis", "medical"}

// NoteSecrets returns the secrets written into notes as a line of their
// own, "Door code: 4471" or "Password: hunter2": a label that ReadLabel
// calls secret (health details aside), a colon, and a value of three words
// at most. In the notes such a value is shown in the clear, found by
// search and read by anyone looking over the screen; a masked field keeps
// it (`edit --from-notes LABEL`). Each use names the dossier and the label
// ("notes: Door code"), never the value.
func NoteSecrets(list []Dossier) []PasswordUse {
	var out []PasswordUse
	for i := range list {
		d := &list[i]
		for _, l := range noteSecretLines(d.Notes) {
			out = append(out, PasswordUse{Dossier: d, Label: "notes: " + l.label})
		}
	}
	return out
}

// NoteSecretLabels returns the labels of the secrets written as lines of
// d's notes (NoteSecrets), in the order they come.
func NoteSecretLabels(d *Dossier) []string {
	var out []string
	for _, l := range noteSecretLines(d.Notes) {
		out = append(out, l.label)
	}
	return out
}

// noteSecretLine is a line of notes that holds a secret: its label, its
// value, and where the line is in the notes.
type noteSecretLine struct {
	label, value string
	start, end   int // the line, without its line break
	valueAt      int // where the value begins
}

// noteSecretSeps are what may stand between a label and its value in a
// line of notes: "Door code: 4471", "Alarm PIN = 9031", "Garage code –
// 2209", "Safe - 12 34 56".
var noteSecretSeps = []string{":", "=", " – ", " - "}

// noteSecretLines finds the lines of notes that NoteSecrets reports.
func noteSecretLines(notes string) []noteSecretLine {
	var out []noteSecretLine
	start := 0
	for line := range strings.Lines(notes) {
		end := start + len(strings.TrimRight(line, "\r\n"))
		// After a bullet or an indent, the separator met first is the one.
		text := notes[start:end]
		lead := len(text) - len(strings.TrimLeft(text, "-*• \t"))
		text = text[lead:]
		i, sep := -1, ""
		for _, s := range noteSecretSeps {
			if j := strings.Index(text, s); j >= 0 && (i < 0 || j < i) {
				i, sep = j, s
			}
		}
		if i >= 0 {
			l, v := strings.TrimSpace(text[:i]), text[i+len(sep):]
			trimmed := strings.TrimSpace(v)
			if l != "" && len(l) <= 40 && trimmed != "" && !strings.HasPrefix(trimmed, "//") && len(strings.Fields(trimmed)) <= 3 {
				if n := NormalizeLabel(l); len(strings.Fields(n)) <= 4 && ReadLabel(l).Secret && !LabelHas(n, noteSecretSkip...) {
					valueAt := start + lead + i + len(sep) + strings.Index(v, trimmed)
					out = append(out, noteSecretLine{label: l, value: trimmed, start: start, end: end, valueAt: valueAt})
				}
			}
		}
		start += len(line)
	}
	return out
}

// MaskNoteSecrets returns notes with the value of each secret written as
// a line of its own (NoteSecrets) replaced by mask, and how many it
// replaced: "Door code: •••••". show prints notes so without --reveal,
// and search's hits always, so that the scrollback keeps no such value.
func MaskNoteSecrets(notes, mask string) (string, int) {
	lines := noteSecretLines(notes)
	if len(lines) == 0 {
		return notes, 0
	}
	var b strings.Builder
	at := 0
	for _, l := range lines {
		b.WriteString(notes[at:l.valueAt])
		b.WriteString(mask)
		at = l.end
	}
	b.WriteString(notes[at:])
	return b.String(), len(lines)
}

// SecretFromNotes moves the first line of d's notes labelled label (any
// case), "Door code: 4471", into a masked field of that label, typed as
// ReadLabel says, and takes the line out of the notes. It returns
// ErrNotFound where no such line is there, and ErrInvalid where d has a
// field of that label already.
func SecretFromNotes(d *Dossier, label string) error {
	for _, l := range noteSecretLines(d.Notes) {
		if !strings.EqualFold(l.label, strings.TrimSpace(label)) {
			continue
		}
		if d.FieldIndex(l.label) >= 0 {
			return fmt.Errorf("%w: %s has a field %q already; rename one first", ErrInvalid, d.ID.Short(), l.label)
		}
		f := Field{Label: l.label, Value: l.value, Type: TypeText, Secret: true}
		if ReadLabel(l.label).Type == TypePassword {
			f.Type = TypePassword
		}
		end := l.end
		if end < len(d.Notes) && d.Notes[end] == '\r' {
			end++
		}
		if end < len(d.Notes) && d.Notes[end] == '\n' {
			end++
		}
		d.Notes = d.Notes[:l.start] + d.Notes[end:]
		d.Fields = append(d.Fields, f)
		return nil
	}
	return fmt.Errorf("no line %q in the notes of %s: %w", label, d.ID.Short(), ErrNotFound)
}
