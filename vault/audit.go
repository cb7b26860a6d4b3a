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

// NoteSecrets returns the secrets written into notes: as a line of their
// own, "Door code: 4471" or "Password: hunter2" (a label that ReadLabel
// calls secret, health details aside, a colon, =, a dash or nothing, and a
// value of three words at most), or in a sentence, "the alarm code is
// 9031" (a value with a digit). In the notes such a value is shown in the
// clear, found by search and read by anyone looking over the screen; a
// masked field keeps it (`edit --from-notes LABEL`). Each use names the
// dossier and the label ("notes: Door code"), never the value.
func NoteSecrets(list []Dossier) []PasswordUse {
	var out []PasswordUse
	for i := range list {
		d := &list[i]
		for _, l := range noteSecretLines(d.Notes) {
			out = append(out, PasswordUse{Dossier: d, Label: "notes: " + l.fieldLabel()})
		}
	}
	return out
}

// NoteSecretLabels returns the labels of the secrets written in d's notes
// (NoteSecrets), in the order they come.
func NoteSecretLabels(d *Dossier) []string {
	var out []string
	for _, l := range noteSecretLines(d.Notes) {
		out = append(out, l.fieldLabel())
	}
	return out
}

// noteSecretLine is a secret written in the notes: a line of its own
// ("Door code: 4471"), or a sentence's ("the door code is 4471"). It has
// its label and value as written, and where they are in the notes.
type noteSecretLine struct {
	label, value      string
	start, end        int  // the line, without its line break
	valueAt, valueEnd int  // the value
	prose             bool // in a sentence: moving it leaves the line
}

// fieldLabel is the label of the field the secret moves into: as written,
// with a capital in a sentence ("the door code is" gives "Door code").
func (l noteSecretLine) fieldLabel() string {
	if !l.prose {
		return l.label
	}
	r, size := utf8.DecodeRuneInString(l.label)
	return string(unicode.ToUpper(r)) + l.label[size:]
}

// noteSecretSeps are what may stand between a label and its value in a
// line of notes: "Door code: 4471", "Alarm PIN = 9031", "Garage code –
// 2209", "Safe - 12 34 56".
var noteSecretSeps = []string{":", "=", " – ", " - "}

// noteSecretLines finds the secrets that NoteSecrets reports, in order.
func noteSecretLines(notes string) []noteSecretLine {
	var out []noteSecretLine
	start := 0
	for line := range strings.Lines(notes) {
		end := start + len(strings.TrimRight(line, "\r\n"))
		// After a bullet or an indent, the separator met first is the one.
		text := notes[start:end]
		lead := len(text) - len(strings.TrimLeft(text, "-*• \t"))
		m := readMarks(text[lead:])
		if l, ok := noteSecretOwnLine(notes, start, end, lead, m); ok {
			out = append(out, l)
		} else if m.is && m.digit >= 0 {
			out = proseSecrets(out, notes, start, end)
		}
		start += len(line)
	}
	return out
}

// marks are what a line of notes holds that a secret needs: where its
// first separator is (noteSecretSeps), and which; where its first digit
// is; whether it says " is ".
type marks struct {
	sepAt, digit int
	sep          string
	is           bool
}

// readMarks reads text's marks. The notes of a vault are read at every
// change of its list, and most lines have no separator, digit or "is":
// each is looked for by the fastest scan there is for it.
func readMarks(text string) marks {
	m := marks{sepAt: -1, digit: -1}
	for _, s := range noteSecretSeps {
		if j := strings.Index(text, s); j >= 0 && (m.sepAt < 0 || j < m.sepAt) {
			m.sepAt, m.sep = j, s
		}
	}
	for i := 0; i < len(text); i++ {
		if text[i]-'0' < 10 {
			m.digit = i
			break
		}
	}
	m.is = m.digit >= 0 && (strings.Contains(text, " is ") || strings.Contains(text, " Is ") || strings.Contains(text, " IS "))
	return m
}

// noteSecretOwnLine reads the line of notes from start to end, whose text
// after lead has marks m, as a secret of its own: a label, a separator and
// a value of three words at most ("Door code: 4471"), or a label and a
// value beginning with a digit ("PIN 9031", "Door code 4471 then #").
func noteSecretOwnLine(notes string, start, end, lead int, m marks) (noteSecretLine, bool) {
	text := notes[start+lead : end]
	i, sep := m.sepAt, m.sep
	direct := false
	if i < 0 {
		// No separator: the words before the first that holds a digit,
		// within a label's length.
		digit := m.digit
		if digit < 0 || digit > 48 {
			return noteSecretLine{}, false
		}
		var buf [8]span
		w := wordsOf(text[:digit], buf[:0])
		valueAt := digit
		if len(w) > 0 && w[len(w)-1].end == digit { // "BA117": the digit's word
			valueAt = w[len(w)-1].at
			w = w[:len(w)-1]
		}
		if !labelRun(text, w) || strings.TrimSpace(text[w[len(w)-1].end:valueAt]) != "" {
			return noteSecretLine{}, false
		}
		if utf8.RuneCountInString(text[valueAt:valueAt+tokenLen(text[valueAt:])]) < 3 {
			return noteSecretLine{}, false
		}
		i, sep, direct = w[len(w)-1].end, text[w[len(w)-1].end:valueAt], true // the space, whatever it is
	}
	l, v := strings.TrimSpace(text[:i]), text[i+len(sep):]
	trimmed := strings.TrimSpace(v)
	if l == "" || len(l) > 40 || trimmed == "" || strings.HasPrefix(trimmed, "//") || len(strings.Fields(trimmed)) > 3 {
		return noteSecretLine{}, false
	}
	n := NormalizeLabel(l)
	if len(strings.Fields(n)) > 4 || !secretLabel(n) {
		return noteSecretLine{}, false
	}
	// "Renew passport 2027": a year after a document is a plan, not its
	// number; after a code or a PIN it may be the code. "Her PIN is 9031"
	// is a sentence (proseSecrets).
	if direct && (LabelHas(n, "is", "was", "are") || isYear(strings.Fields(trimmed)[0]) && !LabelHas(n, passwordWords...) && !LabelHas(n, "code", "combination")) {
		return noteSecretLine{}, false
	}
	// "Password is: hunter2" is a label; "PIN is kept back - 0" is not.
	if verb := strings.LastIndexFunc(n, func(r rune) bool { return r == ' ' }); LabelHas(n[:max(0, verb)], "is", "was", "are") {
		return noteSecretLine{}, false
	}
	valueAt := start + lead + i + len(sep) + strings.Index(v, trimmed)
	return noteSecretLine{label: l, value: trimmed, start: start, end: end, valueAt: valueAt, valueEnd: end}, true
}

// secretLabel reports whether the normalized label n names a secret that
// notes hold as a credential written down (health details aside).
func secretLabel(n string) bool {
	return ReadLabel(n).Secret && !LabelHas(n, noteSecretSkip...)
}

func isYear(s string) bool {
	return len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) && strings.Trim(s, "0123456789") == ""
}

// span is a word of a line: letters and digits, from at to end.
type span struct{ at, end int }

// wordsOf appends the words of text to w.
func wordsOf(text string, w []span) []span {
	at := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && at < 0:
			at = i
		case !word && at >= 0:
			w, at = append(w, span{at, i}), -1
		}
	}
	if at >= 0 {
		w = append(w, span{at, len(text)})
	}
	return w
}

// labelRun reports whether the words w of text could be one label: no
// digits, and only spaces, hyphens, apostrophes or slashes between them
// ("Wi-Fi password", "Robert's PIN").
func labelRun(text string, w []span) bool {
	for k, s := range w {
		if strings.ContainsAny(text[s.at:s.end], "0123456789") {
			return false
		}
		if k > 0 && strings.Trim(text[w[k-1].end:s.at], " -'’/") != "" {
			return false
		}
	}
	return len(w) > 0
}

// secretLast are the words a label naming a secret ends with ("code",
// "number", "PIN"): "she is", "this is" are looked at no further.
var secretLast = func() []string {
	var out []string
	for _, w := range slices.Concat(secretWords, secretPhrases) {
		if last := w[strings.LastIndexByte(w, ' ')+1:]; !slices.Contains(out, last) {
			out = append(out, last)
		}
	}
	return out
}()

// proseStop are words that begin no label: "the door code is", "her new
// PIN is".
var proseStop = []string{"the", "a", "an", "my", "our", "your", "his", "her", "their", "its", "this", "that", "new", "old", "current", "and", "or", "but", "so", "then", "also", "is", "was"}

// proseSecrets appends the secrets written into the sentences of the line
// of notes from start to end: a label naming a secret, "is", and a value
// with a digit, of three characters or more ("The door code is 4471.",
// "her Wi-Fi password is bluefish22", "the safe combination is 12 34
// 56"). A value without a digit ("is on the card", "is the dog's name")
// is not taken: it is more often the sentence going on.
func proseSecrets(out []noteSecretLine, notes string, start, end int) []noteSecretLine {
	text := notes[start:end]
	var buf [64]span
	w := wordsOf(text, buf[:0])
	taken := 0 // where the last secret found in the line ends
	for k := 1; k < len(w); k++ {
		if !strings.EqualFold(text[w[k].at:w[k].end], "is") || strings.Trim(text[w[k-1].end:w[k].at], " ") != "" ||
			!slices.ContainsFunc(secretLast, func(s string) bool { return strings.EqualFold(s, text[w[k-1].at:w[k-1].end]) }) {
			continue
		}
		// The label: the longest run of words before "is" that names a
		// secret, of four words at most, after any word that begins none.
		from := k - 1
		for from > 0 && k-from < 4 && labelRun(text, w[from-1:k]) && !slices.Contains(proseStop, strings.ToLower(text[w[from-1].at:w[from-1].end])) {
			from--
		}
		label := ""
		for ; from < k; from++ {
			if w[from].at < taken || slices.Contains(proseStop, strings.ToLower(text[w[from].at:w[from].end])) || !labelRun(text, w[from:k]) {
				continue // a word of the last secret's value ("PIN is 0!PIN is 12") is no label
			}
			if l := text[w[from].at:w[k-1].end]; secretLabel(NormalizeLabel(l)) {
				label = l
				break
			}
		}
		if label == "" {
			continue
		}
		// The value: the word after "is" and any words of digits and
		// symbols after it, without the sentence's punctuation.
		at := w[k].end
		if at >= len(text) || text[at] != ' ' {
			continue
		}
		at++
		valueEnd := at + tokenLen(text[at:])
		for valueEnd < len(text) && text[valueEnd] == ' ' {
			next := valueEnd + 1 + tokenLen(text[valueEnd+1:])
			if tok := text[valueEnd+1 : next]; !strings.ContainsAny(tok, "0123456789") || strings.IndexFunc(tok, unicode.IsLetter) >= 0 {
				break // "4321 — do not share": a dash is the sentence's
			}
			valueEnd = next
		}
		value := strings.TrimRight(text[at:valueEnd], ".,;:!?)]\"'’")
		if utf8.RuneCountInString(value) < 3 || !strings.ContainsAny(value, "0123456789") {
			continue
		}
		out = append(out, noteSecretLine{label: label, value: value, start: start, end: end,
			valueAt: start + at, valueEnd: start + at + len(value), prose: true})
		taken = at + len(value)
	}
	return out
}

// tokenLen is the length of text's first run of anything but spaces.
func tokenLen(text string) int {
	if i := strings.IndexAny(text, " \t"); i >= 0 {
		return i
	}
	return len(text)
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
		at = l.valueEnd
	}
	b.WriteString(notes[at:])
	return b.String(), len(lines)
}

// KeptBack is what a handoff writes in a sentence of the notes in place of
// a secret that stays behind: "the alarm code is [kept back], then press #".
const KeptBack = "[kept back]"

// KeepNoteSecrets returns notes without the secrets written in them (as
// NoteSecrets finds them) whose labels keep refuses: a line of its own is
// taken out, so that what stays is not named; in a sentence, KeptBack
// takes the value's place. A handoff that leaves secrets behind leaves
// these too.
func KeepNoteSecrets(notes string, keep func(label string) bool) string {
	lines := noteSecretLines(notes)
	var b strings.Builder
	at := 0
	for _, l := range lines {
		if keep(l.fieldLabel()) {
			continue
		}
		if l.prose {
			b.WriteString(notes[at:l.valueAt])
			b.WriteString(KeptBack)
			at = l.valueEnd
			continue
		}
		b.WriteString(notes[at:l.start])
		at = l.end
		for _, brk := range []string{"\r\n", "\n"} {
			if strings.HasPrefix(notes[at:], brk) {
				at += len(brk)
				break
			}
		}
	}
	if at == 0 {
		return notes
	}
	b.WriteString(notes[at:])
	return b.String()
}

// SecretFromNotes moves the first secret of d's notes labelled label (any
// case) into a masked field of that label, typed as ReadLabel says. A line
// of its own, "Door code: 4471", is taken out of the notes; in a sentence,
// the field's label in brackets takes the value's place ("the door code is
// [Door code], then press #"). It returns
// ErrNotFound where no such line is there, and ErrInvalid where d has a
// field of that label already.
func SecretFromNotes(d *Dossier, label string) error {
	for _, l := range noteSecretLines(d.Notes) {
		if !strings.EqualFold(l.label, strings.TrimSpace(label)) {
			continue
		}
		name := l.fieldLabel()
		if d.FieldIndex(name) >= 0 {
			return fmt.Errorf("%w: %s has a field %q already; rename one first", ErrInvalid, d.ID.Short(), name)
		}
		f := Field{Label: name, Value: l.value, Type: TypeText, Secret: true}
		if ReadLabel(name).Type == TypePassword {
			f.Type = TypePassword
		}
		d.Fields = append(d.Fields, f)
		if l.prose {
			// The sentence stays, naming the field: "the door code is
			// [Door code]".
			d.Notes = d.Notes[:l.valueAt] + "[" + name + "]" + d.Notes[l.valueEnd:]
			return nil
		}
		end := l.end
		if end < len(d.Notes) && d.Notes[end] == '\r' {
			end++
		}
		if end < len(d.Notes) && d.Notes[end] == '\n' {
			end++
		}
		d.Notes = d.Notes[:l.start] + d.Notes[end:]
		return nil
	}
	return fmt.Errorf("no line %q in the notes of %s: %w", label, d.ID.Short(), ErrNotFound)
}
