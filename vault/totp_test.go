package vault

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTOTP: RFC 6238's test vectors (appendix B) for SHA1, SHA256 and
// SHA512, through an otpauth URI and a bare secret.
func TestTOTP(t *testing.T) {
	const (
		sha1Key   = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"                                                                        // "12345678901234567890"
		sha256Key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"                                                    // 32 bytes
		sha512Key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA" // 64 bytes
	)
	for _, c := range []struct {
		at   int64
		want [3]string
	}{
		{59, [3]string{"94287082", "46119246", "90693936"}},
		{1111111109, [3]string{"07081804", "68084774", "25091201"}},
		{1111111111, [3]string{"14050471", "67062674", "99943326"}},
		{1234567890, [3]string{"89005924", "91819424", "93441116"}},
		{2000000000, [3]string{"69279037", "90698825", "38618901"}},
		{20000000000, [3]string{"65353130", "77737706", "47863826"}},
	} {
		for i, uri := range []string{
			"otpauth://totp/Example:alice@example.com?secret=" + sha1Key + "&digits=8&issuer=Example",
			"otpauth://totp/x?secret=" + sha256Key + "&digits=8&algorithm=SHA256",
			"otpauth://totp/x?secret=" + strings.ToLower(sha512Key) + "&digits=8&algorithm=sha512&period=30",
		} {
			k, err := ParseTOTP(uri)
			if err != nil {
				t.Fatal(err)
			}
			code, left := k.Code(time.Unix(c.at, 0))
			if code != c.want[i] {
				t.Errorf("T=%d algorithm %d: %s, want %s", c.at, i, code, c.want[i])
			}
			if want := time.Duration(30-c.at%30) * time.Second; left != want {
				t.Errorf("T=%d: valid %v more, want %v", c.at, left, want)
			}
		}
	}
	// A secret alone, as sites show it to type: six digits, 30 seconds.
	k, err := ParseTOTP("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := k.Code(time.Unix(59, 0)); code != "287082" {
		t.Errorf("a bare secret: %s, want 287082", code)
	}
	for _, bad := range []string{"", "not base32!", "GEZDGNBV", "otpauth://hotp/x?secret=" + sha1Key,
		"otpauth://totp/x?secret=" + sha1Key + "&digits=4", "otpauth://totp/x?secret=" + sha1Key + "&algorithm=MD5",
		"otpauth://totp/x?secret=" + sha1Key + "&period=0"} {
		if _, err := ParseTOTP(bad); !errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), sha1Key) {
			t.Errorf("ParseTOTP(%q) = %v", bad, err)
		}
	}
}

func TestFieldTOTP(t *testing.T) {
	const key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	for _, c := range []struct {
		f    Field
		want bool
	}{
		{Field{Label: "TOTP", Value: key}, true},
		{Field{Label: "2FA secret", Value: strings.ToLower(key)}, true},
		{Field{Label: "One-time password", Value: key}, true},
		{Field{Label: "otpSecret", Value: key}, true}, // Dashlane's column
		{Field{Label: "Authenticator_key", Value: key}, true},
		{Field{Label: "Recovery", Value: "otpauth://totp/Bank?secret=" + key}, true},
		{Field{Label: "Password", Value: key}, false},  // a password that happens to be base32
		{Field{Label: "TOTP", Value: "123456"}, false}, // not a key
		{Field{Label: "TOTP", Value: ""}, false},
	} {
		if _, ok := FieldTOTP(c.f); ok != c.want {
			t.Errorf("FieldTOTP(%+v) = %v", c.f, ok)
		}
	}
}

// FuzzParseTOTP: a key is read or refused without panicking, a refusal is
// one of the fixed messages (it never quotes the text), and a key read
// gives codes of its digits.
var totpRefusals = []string{
	"not an otpauth://totp/ address",
	"a one-time password has 6 to 10 digits",
	"a one-time password's period is 1 to 3600 seconds",
	"a one-time password's algorithm is SHA1, SHA256 or SHA512",
	"a one-time password's key is a base32 secret of 16 characters or more",
}

func FuzzParseTOTP(f *testing.F) {
	for _, s := range []string{"JBSWY3DPEHPK3PXP", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=8&period=60&algorithm=SHA256", "otpauth://totp/?secret=", "gezd gnbv gy3t qojq"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseTOTP(s)
		if err != nil {
			if msg := strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": "); !slices.Contains(totpRefusals, msg) {
				t.Fatalf("the refusal is not a fixed message: %v", err)
			}
			return
		}
		code, left := k.Code(time.Unix(1234567890, 0))
		if len(code) != k.digits || left <= 0 || left > k.period {
			t.Fatalf("code %q, valid %v, of a key of %d digits and %v", code, left, k.digits, k.period)
		}
	})
}

// TestTOTP_URI: the URI a key is shown as reads back as the same key,
// giving the same codes, with its digits, period and algorithm; issuer
// and account are escaped.
func TestTOTP_URI(t *testing.T) {
	now := time.Unix(1_900_000_000, 0)
	for _, in := range []string{
		"JBSWY3DPEHPK3PXP",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXPJBSWY3DP&digits=8&period=60&algorithm=SHA256",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=sha512",
	} {
		k, err := ParseTOTP(in)
		if err != nil {
			t.Fatal(err)
		}
		uri := k.URI("Bank & Trust", "ana lima@example.com")
		if !strings.HasPrefix(uri, "otpauth://totp/Bank%20&%20Trust:ana%20lima@example.com?") || !strings.Contains(uri, "issuer=Bank+%26+Trust") {
			t.Errorf("%q: %s", in, uri)
		}
		back, err := ParseTOTP(uri)
		if err != nil {
			t.Fatalf("%s: %v", uri, err)
		}
		want, _ := k.Code(now)
		if got, _ := back.Code(now); got != want || back.digits != k.digits || back.period != k.period || back.alg != k.alg {
			t.Errorf("%s reads back as another key: %s, %s", uri, got, want)
		}
	}
}
