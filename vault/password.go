package vault

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/sethvargo/go-diceware/diceware"
)

// Password lengths [GeneratePassword] takes.
const (
	DefaultPasswordLength = 20
	MinPasswordLength     = 12
	MaxPasswordLength     = 128
)

// passwordAlphabet is letters, digits and symbols that sites' password
// rules accept almost everywhere and that survive a paste into a form, a
// shell or a CSV: no quotes, spaces, backslashes or commas. 71 characters:
// about 6.15 bits each, 123 bits at the default length.
const (
	passwordLower   = "abcdefghijklmnopqrstuvwxyz"
	passwordUpper   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	passwordDigits  = "0123456789"
	passwordSymbols = "-_.!@#%+=" // 9
)

// GeneratePassword returns a password of n characters (from
// [MinPasswordLength] to [MaxPasswordLength]) drawn uniformly from
// letters, digits and a few symbols by the operating system's random
// source, with at least one of each kind, as most sites' rules ask: a
// draw that lacks one is thrown away and drawn again, which keeps every
// password that has all four equally likely.
func GeneratePassword(n int) (string, error) {
	return generate(n, passwordLower, passwordUpper, passwordDigits, passwordSymbols)
}

// GenerateLettersDigits is [GeneratePassword] without symbols, for the
// sites (many banks among them) that refuse them: 62 characters, about
// 5.95 bits each, 119 bits at the default length, with at least one
// lowercase and one capital letter and one digit.
func GenerateLettersDigits(n int) (string, error) {
	return generate(n, passwordLower, passwordUpper, passwordDigits)
}

// generate draws n characters uniformly from the kinds together, again
// until each kind has one.
func generate(n int, kinds ...string) (string, error) {
	if n < MinPasswordLength || n > MaxPasswordLength {
		return "", fmt.Errorf("%w: a generated password has %d to %d characters", ErrInvalid, MinPasswordLength, MaxPasswordLength)
	}
	alphabet := strings.Join(kinds, "")
	size := big.NewInt(int64(len(alphabet)))
	b := make([]byte, n)
	for {
		for i := range b {
			k, err := rand.Int(rand.Reader, size)
			if err != nil {
				return "", fmt.Errorf("the random source failed: %w", err)
			}
			b[i] = alphabet[k.Int64()]
		}
		s := string(b)
		if !slices.ContainsFunc(kinds, func(kind string) bool { return !strings.ContainsAny(s, kind) }) {
			clear(b)
			return s, nil
		}
	}
}

// Passphrase sizes [GeneratePassphrase] takes. A word of EFF's large list is
// one of 7,776: 12.9 bits. Six give 77 bits, as many as a password of 12.6
// of [GeneratePassword]'s characters; five, the fewest, 64.
const (
	DefaultPassphraseWords = 6
	MinPassphraseWords     = 5
	MaxPassphraseWords     = 20
)

// GeneratePassphrase returns n different words of EFF's large word list
// (github.com/sethvargo/go-diceware: five rolls of a die, by the operating
// system's random source, pick one of 7,776), joined by hyphens: a
// password a client can read on a phone and type on a television remote.
// Six words are about 47 characters to type, but far easier to read aloud
// than 20 random ones. Lowercase letters and hyphens only (four words of
// the list, such as t-shirt, hold one), so it survives any form; a site
// that asks for a digit or a capital needs [GeneratePassword].
func GeneratePassphrase(n int) (string, error) {
	if n < MinPassphraseWords || n > MaxPassphraseWords {
		return "", fmt.Errorf("%w: a generated passphrase has %d to %d words", ErrInvalid, MinPassphraseWords, MaxPassphraseWords)
	}
	words, err := diceware.Generate(n)
	if err != nil {
		return "", fmt.Errorf("the random source failed: %w", err)
	}
	return strings.Join(words, "-"), nil
}
