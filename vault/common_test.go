package vault

import (
	"strings"
	"testing"
)

// TestCommonPassword: the list's passwords and the ways people change one
// are found; passwords that only share letters with one, generated ones,
// and non-ASCII ones are not.
func TestCommonPassword(t *testing.T) {
	for _, p := range []string{
		"password", "PASSWORD", "Password", // the list, in any case
		"123456789", "qwertyuiop", "trustno1", "iloveyou",
		"P@ssw0rd", "p4ssw0rd", "Pa$$word", "$ummer", // letters written as digits or symbols
		"Summer2024!", "summer2025", "Password1!", "Qwerty123", "Dragon99", // added at the end
		"1qwerty", "!!monkey", "2024summer", // at the start
		"Trustno1!", "TRUSTNO1#", // one added to a list password that ends in a digit
		"$ummer2024", "4dmin123", "M0nk3y!", "L3tm31n2024", // both
		"1ll1n01s", // '1' as l and as i
	} {
		if !CommonPassword(p) {
			t.Errorf("%q is not found common", p)
		}
	}
	for _, p := range []string{
		"", "abc", "pass", // short: the short check's, and "pass" is in the list but under its 4-letter cores
		"hunter2hunter2", "Coutts-Online-2024", "quiet river stone",
		"password-manager-for-assistants", "passwordx", "xpassword", // more letters than the list's
		"love8349201934", "2024!!!Summer!!!2024", // more than six characters added
		"pässword", "пароль12", // beyond ASCII
		strings.Repeat("password", 9), // longer than any
	} {
		if p != "pass" && CommonPassword(p) {
			t.Errorf("%q is found common", p)
		}
	}
	if !CommonPassword("pass") { // it is in the list, as a whole
		t.Error(`"pass" is not found common`)
	}
	for range 2000 {
		p, err := GeneratePassword(MinPasswordLength)
		if err != nil {
			t.Fatal(err)
		}
		w, err := GeneratePassphrase(MinPassphraseWords)
		if err != nil {
			t.Fatal(err)
		}
		if CommonPassword(p) || CommonPassword(w) {
			t.Fatalf("a generated password is found common")
		}
	}
}

// TestCommonList: the embedded list holds what its header says.
func TestCommonList(t *testing.T) {
	set := common()
	if len(set) < 9_900 || len(set) > 10_000 {
		t.Fatalf("%d passwords in the list", len(set))
	}
	for p := range set {
		if len(p) < 4 || p != strings.ToLower(p) || strings.HasPrefix(p, "#") {
			t.Fatalf("%q in the list", p)
		}
	}
}

// FuzzCommonPassword: no panic, and the answer does not depend on case.
func FuzzCommonPassword(f *testing.F) {
	for _, s := range []string{"P@ssw0rd", "Summer2024!", "1qwerty", "x", "pässword", "!!!!!!!!", "trustno1!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got := CommonPassword(p)
		if up := strings.ToUpper(p); isASCII(p) && CommonPassword(up) != got {
			t.Fatalf("%q: %v, in capitals %v", p, got, !got)
		}
		if got && (len(p) < 4 || len(p) > 64) {
			t.Fatalf("%q of %d bytes found common", p, len(p))
		}
	})
}

// BenchmarkCommonPassword: what the audit pays for each distinct password.
func BenchmarkCommonPassword(b *testing.B) {
	common()
	ps := []string{"Summer2024!", "kT9#mQ2-vLx8_pR4wZ", "hunter2hunter2", "correct horse battery"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		CommonPassword(ps[i%len(ps)])
	}
}
