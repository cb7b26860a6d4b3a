package vault

import (
	"bytes"
	"time"
	"unicode"
	"unicode/utf8"
)

// personalLeft is how many letters and digits a password may hold beyond
// its dossier's details and a year, and still be called made of them
// ("Vance1968!" leaves none; a generated password most of itself).
const personalLeft = 4

// minPersonalWord is the shortest word of a dossier that is looked for in
// its passwords ("Ada", "Rex"), and minPersonalDigits the shortest run of
// digits (a year, a day and month, the end of a phone number).
const (
	minPersonalWord   = 3
	minPersonalDigits = 4
)

// PersonalPassword reports whether the password p is made of its own
// dossier's details, with at most a few characters more: a word of the
// title, of another field (a name, a street, a pet, a username) or of the
// notes (a husband's or a child's name, "Robert1966!"), a
// date's year or day ("Vance1968!", "Eleanor0402", "rover2019"), or
// digits of a phone number; letters written as digits or symbols read as
// letters ("V@nce"), and any year beside them. Whoever knows the client, or
// finds them online, tries these first, whatever the length. Case is
// ignored. p and the details are compared in memory and never kept.
func PersonalPassword(d *Dossier, p string) bool {
	var m personalMatch
	defer m.clear()
	if !m.start(p) {
		return false
	}
	m.dossier(d)
	return m.done()
}

// personalMatch finds which characters of a password a dossier's details
// cover. Rather than gather the details and then look for them, each word
// and run of digits of the dossier is looked for in the password as it is
// met: the audit does this for every password of a vault at every change
// of the list, and a password is short. Nothing is allocated.
type personalMatch struct {
	n             int
	lower, folded [maxPersonal]byte     // the password in lower case; and folded as foldPersonal folds
	gone          [maxPersonal]bool     // covered by a detail, or a year beside one
	pairs         [pairBits / 64]uint64 // which pairs of bytes folded holds (pairAt)
	found         bool                  // a detail was found
	scratch       [64]byte              // a word or run of digits; a longer one is nobody's detail
}

// pairAt hashes the pair of bytes b begins with into pairBits.
func pairAt(b []byte) uint {
	return (uint(b[0])*31 + uint(b[1])) % pairBits
}

const pairBits = 4096

// maxPersonal is the longest password PersonalPassword reads; a longer one
// is not made of a few details.
const maxPersonal = 256

func (m *personalMatch) clear() {
	clear(m.lower[:])
	clear(m.folded[:])
	clear(m.scratch[:])
}

// start takes the password, or reports that there is nothing to look for.
// Case is folded rune by rune, keeping the offsets those of p (all letters
// but a few keep their length in lower case; those few stay as typed, and
// then match nothing and count as left).
func (m *personalMatch) start(p string) bool {
	if len(p) < minPersonalWord || len(p) > maxPersonal {
		return false
	}
	lower := m.lower[:0]
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == size {
			lower = utf8.AppendRune(lower, l)
		} else {
			lower = append(lower, p[i:i+size]...)
		}
		i += size
	}
	m.n = len(lower)
	copy(m.folded[:], lower)
	foldPersonalInPlace(m.folded[:m.n])
	clear(m.gone[:])
	clear(m.pairs[:])
	for i := 0; i+1 < m.n; i++ {
		k := pairAt(m.folded[i:])
		m.pairs[k/64] |= 1 << (k % 64)
	}
	m.found = false
	return true
}

// look marks where tok occurs in the password: in its digits as typed, or
// (a word) in its folded letters.
func (m *personalMatch) look(tok []byte, word bool) {
	in := m.lower[:m.n]
	if word {
		// Most words of a long note begin with a pair of letters that
		// the password does not hold.
		if k := pairAt(tok); m.pairs[k/64]&(1<<(k%64)) == 0 {
			return
		}
		in = m.folded[:m.n]
	}
	for from := 0; from+len(tok) <= len(in); {
		i := bytes.Index(in[from:], tok)
		if i < 0 {
			return
		}
		i += from
		for j := i; j < i+len(tok); j++ {
			m.gone[j] = true
		}
		m.found = true
		from = i + 1
	}
}

// dossier looks for d's details. Password fields are left out: a password
// is not a detail of the client, and one password inside another is what
// the audit's variants find.
func (m *personalMatch) dossier(d *Dossier) {
	m.text(d.Title)
	for _, t := range d.Tags {
		m.text(t)
	}
	for _, f := range d.Fields {
		if isPassword(f) {
			continue
		}
		if f.Type == TypeDate {
			if t, err := ParseDay(f.Value); err == nil {
				m.day(t)
				continue
			}
		}
		m.text(f.Value)
	}
	for _, dt := range d.Dates {
		m.day(dt.On)
	}
	// The notes name who the client lives with ("Husband: Robert
	// Vance"), the dog, the house, the school: "Robert1966!".
	m.text(d.Notes)
}

// day looks for the ways a day is written in digits: 1968, 0402, 0204,
// 19680402, 02041968, 04021968, 680402, 020468, 040268.
func (m *personalMatch) day(t time.Time) {
	y, mo, dd := t.Date()
	var b [8]byte
	two := func(at, n int) { b[at], b[at+1] = byte('0'+n/10%10), byte('0'+n%10) }
	for _, parts := range [...]string{"MD", "DM", "Y", "YMD", "DMY", "MDY", "yMD", "DMy", "MDy"} {
		if y == NoYear && parts != "MD" && parts != "DM" { // a day of no known year
			break
		}
		n := 0
		for _, p := range parts {
			switch p {
			case 'Y':
				two(n, y/100)
				two(n+2, y)
				n += 4
			case 'y':
				two(n, y)
				n += 2
			case 'M':
				two(n, int(mo))
				n += 2
			case 'D':
				two(n, dd)
				n += 2
			}
		}
		m.look(b[:n], false)
	}
}

// text looks for the words and runs of digits of s, the last 4 and 6
// digits of each run (the end of a phone number), and, for a value mostly
// of digits (a phone number as typed), all its digits and their last 4.
func (m *personalMatch) text(s string) {
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	digitsIn := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isDigit(c):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			digitsIn += j - i
			if run := s[i:j]; len(run) >= minPersonalDigits && len(run) <= len(m.scratch) {
				b := append(m.scratch[:0], run...)
				m.look(b, false)
				for _, n := range [...]int{4, 6} {
					if len(b) > n {
						m.look(b[len(b)-n:], false)
					}
				}
			}
			i = j
		case c < utf8.RuneSelf && !('a' <= c|0x20 && c|0x20 <= 'z'):
			i++
		default:
			// A word: letters, folded as the password is.
			w := m.scratch[:0]
			runes, j, ascii, long := 0, i, true, false // long: longer than any password
			for j < len(s) {
				if c := s[j] | 0x20; s[j] < utf8.RuneSelf { // most text: no decoding, and folded here
					if c < 'a' || c > 'z' {
						break
					}
					if c == 'l' {
						c = 'i'
					}
					if len(w)+utf8.UTFMax <= len(m.scratch) {
						w = append(w, c)
					} else {
						long = true
					}
					runes++
					j++
					continue
				}
				ascii = false
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) {
					break
				}
				if len(w)+utf8.UTFMax <= len(m.scratch) {
					w = utf8.AppendRune(w, unicode.ToLower(r))
				} else {
					long = true
				}
				runes++
				j += size
			}
			if j == i { // not a letter: a symbol beyond ASCII
				_, size := utf8.DecodeRuneInString(s[i:])
				i += size
				continue
			}
			if !long && runes >= minPersonalWord && len(w) <= m.n {
				if !ascii {
					foldPersonalInPlace(w)
				}
				m.look(w, true)
			}
			i = j
		}
	}
	if digitsIn >= minPersonalDigits && digitsIn > len(s)/2 && digitsIn <= len(m.scratch) {
		all := m.scratch[:0]
		for i := 0; i < len(s); i++ {
			if isDigit(s[i]) {
				all = append(all, s[i])
			}
		}
		m.look(all, false)
		if len(all) > 4 {
			m.look(all[len(all)-4:], false)
		}
	}
}

// done reports whether the details found leave at most personalLeft
// letters and digits of the password.
func (m *personalMatch) done() bool {
	if !m.found {
		return false
	}
	lower, gone := m.lower[:m.n], m.gone[:m.n]
	// Beside a detail, any year is one more guess ("Rover2019!").
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	for i := 0; i+4 <= len(lower); i++ {
		y := lower[i : i+4]
		if (y[0] == '1' && y[1] == '9' || y[0] == '2' && y[1] == '0') && isDigit(y[2]) && isDigit(y[3]) {
			for j := i; j < i+4; j++ {
				gone[j] = true
			}
		}
	}
	// What is left counts by its letters and digits: symbols and spaces
	// between the details are what people add to pass a site's rules.
	left := 0
	for i := 0; i < len(lower); {
		r, size := utf8.DecodeRune(lower[i:])
		if !gone[i] && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			left++
		}
		i += size
	}
	return left <= personalLeft
}

// foldPersonalInPlace reads b's ASCII digits and symbols that write a
// letter as that letter, and l as i (1 writes either), as the common
// password check and the audit's stems read them, and returns b.
func foldPersonalInPlace(b []byte) []byte {
	for i, c := range b {
		if c < utf8.RuneSelf && unleet[c] != 0 {
			c = unleet[c]
		}
		if c == 'l' {
			c = 'i'
		}
		b[i] = c
	}
	return b
}
