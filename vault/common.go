package vault

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// commonList is the 10,000 most common passwords of zxcvbn's list, one a
// line, lowercased, those under 4 characters left out (see its header).
//
//go:embed common_passwords.txt
var commonList string

var (
	commonOnce sync.Once
	commonSet  map[string]struct{}
)

// common returns the set of commonList, made at the first call: a command
// that checks no password pays nothing at its start.
func common() map[string]struct{} {
	commonOnce.Do(func() {
		commonSet = make(map[string]struct{}, 10_000)
		for line := range strings.Lines(commonList) {
			line = strings.TrimRight(line, "\r\n")
			if line != "" && line[0] != '#' {
				commonSet[line] = struct{}{}
			}
		}
	})
	return commonSet
}

// MinPassphrase is the fewest characters a new vault or backup passphrase
// may have.
const MinPassphrase = 8

// PassphraseProblem says why p may not be a new vault or backup passphrase,
// as the end of a sentence about it ("has fewer than 8 characters"), or
// returns "". The scrypt work of each guess is all that holds a stolen
// vault file or backup against an attack: a common password, however
// changed, falls to the attack's first guesses.
func PassphraseProblem[T string | []byte](p T) string {
	n := 0
	for i := range len(p) {
		if p[i]&0xC0 != 0x80 { // the first byte of a UTF-8 sequence
			n++
		}
	}
	switch {
	case n < MinPassphrase:
		return fmt.Sprintf("has fewer than %d characters", MinPassphrase)
	case isCommon(p):
		return "is a common password, or one changed a little, which an attack guesses first"
	}
	return ""
}

// maxCommonAdded is the most digits, symbols or spaces that may stand at
// the ends of a common password for [CommonPassword] to see it there:
// a year and an exclamation mark ("Summer2024!").
const maxCommonAdded = 6

// unleet is the letter each digit or symbol stands for when a password
// writes a letter as one ("P@ssw0rd"); '1', '!' and '|' stand for i or l,
// which [CommonPassword] tries both of.
var unleet = [128]byte{
	'4': 'a', '@': 'a', '8': 'b', '(': 'c', '<': 'c', '{': 'c', '[': 'c', '3': 'e',
	'6': 'g', '9': 'g', '0': 'o', '$': 's', '5': 's', '7': 't', '+': 't', '2': 'z', '%': 'x',
	'1': 'i', '!': 'i', '|': 'i',
}

// CommonPassword reports whether p is one of the 10,000 most common
// passwords, or one of them changed the ways people change a password to
// pass a site's rules: in case, with letters written as digits or symbols
// ("P@ssw0rd"), or with up to six digits, symbols or spaces added at its
// ends ("Summer2024!", "1qwerty"). Such a password falls to the first
// guesses of any attack, whatever its length. p is never kept or copied
// beyond a buffer it clears.
func CommonPassword(p string) bool { return isCommon(p) }

// isCommon is [CommonPassword] of a string or of bytes, which a
// passphrase read from a terminal or a file is kept in, to be cleared.
func isCommon[T string | []byte](p T) bool {
	if len(p) < 4 || len(p) > 64 { // the list's longest is far shorter
		return false
	}
	var arr [64]byte
	defer clear(arr[:])
	lower := arr[:len(p)]
	for i := range len(p) {
		c := p[i]
		if c >= utf8.RuneSelf {
			return false // the list is ASCII: a letter beyond it is in none of its passwords
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	set := common()
	if _, ok := set[string(lower)]; ok {
		return true
	}
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' }
	head := 0 // the digits, symbols and spaces at the start
	for head < len(lower) && !isLetter(lower[head]) {
		head++
	}
	tail := 0 // and at the end
	for tail < len(lower)-head && !isLetter(lower[len(lower)-1-tail]) {
		tail++
	}
	var buf [64]byte
	defer clear(buf[:])
	// Cut nothing or all of what was added at the start, and nothing, all
	// or one of what was added at the end: the list holds "trustno1", to
	// which "Trustno1!" added one.
	heads, tails := []int{0}, []int{0}
	if head > 0 {
		heads = append(heads, head)
	}
	if tail > 0 {
		tails = append(tails, tail)
	}
	if tail > 1 {
		tails = append(tails, 1)
	}
	for _, h := range heads {
		for _, t := range tails {
			if h+t > maxCommonAdded {
				continue
			}
			if checkCommon(set, lower[h:len(lower)-t], h+t > 0, &buf) {
				return true
			}
		}
	}
	return false
}

// checkCommon reports whether core, once cut from a password, is in set:
// as it is (when cut, since the whole was looked up first) or with its
// digits and symbols read as letters, '1' as i and then as l.
func checkCommon(set map[string]struct{}, core []byte, cut bool, buf *[64]byte) bool {
	if len(core) < 4 {
		return false
	}
	if cut {
		if _, ok := set[string(core)]; ok {
			return true
		}
	}
	for _, one := range []byte{'i', 'l'} {
		w, changed, either := buf[:0], false, false
		for _, c := range core {
			if l := unleet[c]; l != 0 { // core is ASCII
				if l == 'i' {
					l, either = one, true
				}
				c, changed = l, true
			}
			w = append(w, c)
		}
		if !changed {
			break
		}
		if _, ok := set[string(w)]; ok {
			return true
		}
		if !either {
			break
		}
	}
	return false
}
