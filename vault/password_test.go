package vault

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestGeneratePassword: the length asked, every kind of character, only
// the alphabet's, and no two alike; the characters come out about equally
// often (a chi-square test over 200,000 of them, which fails for a
// modulo-biased draw).
func TestGeneratePassword(t *testing.T) {
	const alphabet = passwordLower + passwordUpper + passwordDigits + passwordSymbols
	seen := map[string]bool{}
	counts := map[rune]int{}
	total := 0
	for range 10_000 {
		p, err := GeneratePassword(DefaultPasswordLength)
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != DefaultPasswordLength {
			t.Fatalf("%d characters", len(p))
		}
		for _, kind := range []string{passwordLower, passwordUpper, passwordDigits, passwordSymbols} {
			if !strings.ContainsAny(p, kind) {
				t.Fatalf("%q has none of %q", p, kind)
			}
		}
		for _, r := range p {
			if !strings.ContainsRune(alphabet, r) {
				t.Fatalf("%q holds %q", p, r)
			}
			counts[r]++
			total++
		}
		if seen[p] {
			t.Fatalf("%q twice", p)
		}
		seen[p] = true
	}
	// The four-kinds rule makes rarer kinds (9 symbols, 10 digits) a little
	// more frequent than 1/71: compare each kind's share, not each
	// character's, against what 20 draws with the rule give, and each
	// character against the others of its kind.
	for _, kind := range []string{passwordLower, passwordUpper, passwordDigits, passwordSymbols} {
		n := 0
		for _, r := range kind {
			n += counts[r]
		}
		mean := float64(n) / float64(len(kind))
		chi := 0.0
		for _, r := range kind {
			d := float64(counts[r]) - mean
			chi += d * d / mean
		}
		// len(kind)-1 degrees of freedom (at most 25): 60 is far in the tail.
		if chi > 60 {
			t.Errorf("characters of %q are not uniform: chi-square %.1f (%v)", kind, chi, counts)
		}
		if share := float64(n) / float64(total); math.Abs(share-float64(len(kind))/float64(len(alphabet))) > 0.02 {
			t.Errorf("characters of %q are %.3f of the total", kind, share)
		}
	}
	for _, n := range []int{MinPasswordLength - 1, MaxPasswordLength + 1} {
		if _, err := GeneratePassword(n); !errors.Is(err, ErrInvalid) {
			t.Errorf("length %d: %v", n, err)
		}
	}
	if p, err := GeneratePassword(MaxPasswordLength); err != nil || len(p) != MaxPasswordLength {
		t.Errorf("length %d: %q, %v", MaxPasswordLength, p, err)
	}
}
