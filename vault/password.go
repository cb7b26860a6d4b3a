package vault

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
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
	if n < MinPasswordLength || n > MaxPasswordLength {
		return "", fmt.Errorf("%w: a generated password has %d to %d characters", ErrInvalid, MinPasswordLength, MaxPasswordLength)
	}
	const alphabet = passwordLower + passwordUpper + passwordDigits + passwordSymbols
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
		if strings.ContainsAny(s, passwordLower) && strings.ContainsAny(s, passwordUpper) &&
			strings.ContainsAny(s, passwordDigits) && strings.ContainsAny(s, passwordSymbols) {
			clear(b)
			return s, nil
		}
	}
}
