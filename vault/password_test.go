package vault

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/sethvargo/go-diceware/diceware"
)

// TestGeneratePassword: the length asked, every kind of character, only
// the alphabet's, and no two alike; the characters come out about equally
// often (a chi-square test over 200,000 of them, which fails for a
// modulo-biased draw).
func TestGeneratePassword(t *testing.T) {
	checkGenerated(t, GeneratePassword, passwordLower, passwordUpper, passwordDigits, passwordSymbols)
}

// TestGenerateLettersDigits: the same, without symbols.
func TestGenerateLettersDigits(t *testing.T) {
	checkGenerated(t, GenerateLettersDigits, passwordLower, passwordUpper, passwordDigits)
}

func checkGenerated(t *testing.T, generate func(int) (string, error), kinds ...string) {
	t.Helper()
	alphabet := strings.Join(kinds, "")
	seen := map[string]bool{}
	counts := map[rune]int{}
	total := 0
	for range 10_000 {
		p, err := generate(DefaultPasswordLength)
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != DefaultPasswordLength {
			t.Fatalf("%d characters", len(p))
		}
		for _, kind := range kinds {
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
	// The every-kind rule makes rarer kinds (9 symbols, 10 digits) a little
	// more frequent than their share of the alphabet: compare each kind's share, not each
	// character's, against what 20 draws with the rule give, and each
	// character against the others of its kind.
	for _, kind := range kinds {
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
		if _, err := generate(n); !errors.Is(err, ErrInvalid) {
			t.Errorf("length %d: %v", n, err)
		}
	}
	if p, err := generate(MaxPasswordLength); err != nil || len(p) != MaxPasswordLength {
		t.Errorf("length %d: %q, %v", MaxPasswordLength, p, err)
	}
}

// TestGeneratePassphrase: n different words of EFF's large list joined by
// hyphens, drawn across the whole list; sizes outside the range refused.
func TestGeneratePassphrase(t *testing.T) {
	list := map[string]bool{}
	eff := diceware.WordListEffLarge()
	for i := range 7776 {
		n := 0
		for k := 4; k >= 0; k-- { // base 6, digits 1 to 6
			n = n*10 + (i/pow6(k))%6 + 1
		}
		list[eff.WordAt(n)] = true
	}
	if len(list) != 7776 {
		t.Fatalf("the list has %d words", len(list))
	}
	drawn := map[string]bool{}
	const runs = 2000
	for range runs {
		p, err := GeneratePassphrase(DefaultPassphraseWords)
		if err != nil {
			t.Fatal(err)
		}
		tokens := strings.Split(p, "-")
		var words []string
		for i := 0; i < len(tokens); i++ {
			if i+1 < len(tokens) && list[tokens[i]+"-"+tokens[i+1]] { // t-shirt
				words = append(words, tokens[i]+"-"+tokens[i+1])
				i++
				continue
			}
			if !list[tokens[i]] {
				t.Fatalf("%q holds %q, not a word of the list", p, tokens[i])
			}
			words = append(words, tokens[i])
		}
		if len(words) != DefaultPassphraseWords || strings.Trim(p, "abcdefghijklmnopqrstuvwxyz-") != "" {
			t.Fatalf("%q: %d words", p, len(words))
		}
		slices.Sort(words)
		if len(slices.Compact(words)) != DefaultPassphraseWords {
			t.Fatalf("%q repeats a word", p)
		}
		for _, w := range words {
			drawn[w] = true
		}
	}
	// 12,000 uniform draws from 7,776 words reach about 6,114 of them
	// (7776 × (1 − e^(−12000/7776)), give or take 40); a draw from part of
	// the list reaches fewer.
	if len(drawn) < 5900 {
		t.Errorf("%d draws reached %d words of 7,776", runs*DefaultPassphraseWords, len(drawn))
	}
	for _, n := range []int{0, MinPassphraseWords - 1, MaxPassphraseWords + 1} {
		if _, err := GeneratePassphrase(n); !errors.Is(err, ErrInvalid) {
			t.Errorf("%d words: %v", n, err)
		}
	}
	if p, err := GeneratePassphrase(MaxPassphraseWords); err != nil || strings.Count(p, "-") < MaxPassphraseWords-1 {
		t.Errorf("%d words: %q, %v", MaxPassphraseWords, p, err)
	}
}

func pow6(k int) int {
	n := 1
	for range k {
		n *= 6
	}
	return n
}
