package vault

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:generate sh -c "python3 gen_fold.py && gofmt -w fold_table.go"

// Fold returns s as searches compare it: in lowercase, with the diacritics of
// Latin and Greek letters removed (é → e, Ø → o, ß → ss) and combining marks
// dropped, so that "jose" finds José and "muller" finds Müller, typed on any
// keyboard. A query is folded the same way, so "josé" finds Jose too. It
// returns s itself when s is already lowercase ASCII.
func Fold(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for start := 0; i < len(s); start = i {
		// Most text is ASCII: copy each run that needs no change whole.
		for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
			i++
		}
		b.WriteString(s[start:i])
		if i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			b.WriteByte(c + 'a' - 'A')
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		foldRune(&b, r)
		i += n
	}
	return b.String()
}

// FoldIndex is [Fold], with where each byte of the result came from: byte k
// of folded is part of the character of s that begins at from[k], and
// from[len(folded)] is len(s). A match found in folded text is drawn on s
// with it.
func FoldIndex(s string) (folded string, from []int) {
	var b strings.Builder
	b.Grow(len(s))
	from = make([]int, 0, len(s)+1)
	for i, r := range s {
		n := b.Len()
		foldRune(&b, r)
		for range b.Len() - n {
			from = append(from, i)
		}
	}
	return b.String(), append(from, len(s))
}

// foldRune writes what r is folded to: nothing for a combining mark.
func foldRune(b *strings.Builder, r rune) {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	case r >= 0x0300 && r < 0x0370: // combining diacritical marks
		return
	case r >= 0x00C0 && r < 0x1F00:
		if i, ok := slices.BinarySearchFunc(foldTable[:], r, func(e struct {
			r rune
			s string
		}, r rune) int {
			return cmp.Compare(e.r, r)
		}); ok {
			b.WriteString(foldTable[i].s)
			return
		}
	}
	b.WriteRune(unicode.ToLower(r))
}
