package crypto

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"math/rand/v2"
	"testing"
)

func stdHMAC(key []byte, parts ...[]byte) []byte {
	h := hmac.New(sha256.New, key)
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// TestHMAC compares hmacSHA256 and hkdfSHA256 with the standard library for
// keys and messages of every length around the block size and the stack
// buffer, split into parts at random.
func TestHMAC(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fill := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	for kl := 0; kl <= 130; kl++ {
		for _, ml := range []int{0, 1, 31, 32, 55, 56, 63, 64, 65, 119, 120, 191, 192, 193, 255, 256, 257, 1000} {
			key, msg := fill(kl), fill(ml)
			cut := 0
			if ml > 0 {
				cut = r.IntN(ml + 1)
			}
			got := hmacSHA256(key, msg[:cut], msg[cut:])
			if want := stdHMAC(key, msg); !bytes.Equal(got[:], want) {
				t.Fatalf("HMAC, key %d bytes, message %d: %x, want %x", kl, ml, got, want)
			}
			info := string(fill(r.IntN(40)))
			gotK := hkdfSHA256(msg, key, info)
			wantK, err := hkdf.Key(sha256.New, msg, key, info, sha256.Size)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gotK[:], wantK) {
				t.Fatalf("HKDF, salt %d bytes, secret %d: %x, want %x", kl, ml, gotK, wantK)
			}
		}
	}
	// RFC 4231, test case 2.
	got := hmacSHA256([]byte("Jefe"), []byte("what do ya want "), []byte("for nothing?"))
	want := "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if hexOf(got[:]) != want {
		t.Errorf("RFC 4231 case 2: %x", got)
	}
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestHMAC_NoAllocations(t *testing.T) {
	fileKey, nonce := make([]byte, 16), make([]byte, 16)
	header := make([]byte, 140)
	if n := testing.AllocsPerRun(100, func() {
		hkdfSHA256(fileKey, nonce, "payload")
		hmacSHA256(fileKey, header)
	}); n != 0 {
		t.Errorf("%v allocations a run, want 0", n)
	}
}

func FuzzHKDF(f *testing.F) {
	f.Add([]byte("secret"), []byte("salt"), "info", []byte("message"))
	f.Add([]byte{}, []byte{}, "", []byte{})
	f.Fuzz(func(t *testing.T, secret, salt []byte, info string, msg []byte) {
		got := hmacSHA256(salt, msg)
		if want := stdHMAC(salt, msg); !bytes.Equal(got[:], want) {
			t.Fatalf("HMAC: %x, want %x", got, want)
		}
		gotK := hkdfSHA256(secret, salt, info)
		wantK, err := hkdf.Key(sha256.New, secret, salt, info, sha256.Size)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gotK[:], wantK) {
			t.Fatalf("HKDF: %x, want %x", gotK, wantK)
		}
	})
}
