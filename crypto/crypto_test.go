package crypto_test

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"filippo.io/age"

	"confidant/crypto"
)

// testWorkFactor keeps scrypt cheap in tests, as age's own tests do.
const testWorkFactor = 10

var testPassphrase = []byte("correct horse battery staple")

func newKeys(t testing.TB, postQuantum bool) *crypto.Keys {
	t.Helper()
	k, err := crypto.GenerateKeys(postQuantum)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestKeys_Seal_Open(t *testing.T) {
	k := newKeys(t, false)
	// Sizes around age's 64 KiB chunk boundary, and an empty value.
	for _, size := range []int{0, 1, 1000, 64<<10 - 1, 64 << 10, 64<<10 + 1, 1 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			plain := randomBytes(t, size)
			sealed, err := k.Seal(plain)
			if err != nil {
				t.Fatal(err)
			}
			if size >= 16 && bytes.Contains(sealed, plain[:16]) {
				t.Fatal("sealed value contains its plaintext")
			}
			got, err := k.Open(sealed)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain) {
				t.Fatalf("Open returned %d bytes that differ from the %d sealed", len(got), len(plain))
			}
		})
	}
}

func TestKeys_Seal_FreshFileKey(t *testing.T) {
	k := newKeys(t, false)
	a, err := k.Seal([]byte("same"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := k.Seal([]byte("same"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same plaintext are identical")
	}
}

func TestKeys_Seal_IsAgeFile(t *testing.T) {
	k := newKeys(t, false)
	sealed, err := k.Seal([]byte("value"))
	if err != nil {
		t.Fatal(err)
	}
	hdr, err := age.ExtractHeader(bytes.NewReader(sealed))
	if err != nil {
		t.Fatalf("a sealed value is not an age file: %v", err)
	}
	lines := strings.Split(string(hdr), "\n")
	if lines[0] != "age-encryption.org/v1" {
		t.Fatalf("first header line is %q", lines[0])
	}
	stanzas := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "-> ") {
			stanzas++
			if f := strings.Fields(l); len(f) != 3 || f[1] != "confidant-vk" {
				t.Errorf("unexpected stanza line %q", l)
			}
		}
	}
	if stanzas != 1 {
		t.Fatalf("header has %d stanzas, want 1", stanzas)
	}
	// The vault's own handoff identity must not open a vault-key value.
	if _, err := age.Decrypt(bytes.NewReader(sealed), k.Identity()); !errors.Is(err, age.ErrIncorrectIdentity) {
		t.Fatalf("age.Decrypt with the handoff identity = %v, want ErrIncorrectIdentity", err)
	}
}

func TestKeys_Open_OtherKeys(t *testing.T) {
	a, b := newKeys(t, false), newKeys(t, false)
	sealed, err := a.Seal([]byte("belongs to a"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Open(sealed); !errors.Is(err, crypto.ErrDamaged) {
		t.Fatalf("Open with other keys = %v, want ErrDamaged", err)
	}
}

func TestKeys_Open_NotSealed(t *testing.T) {
	k := newKeys(t, false)
	var x25519 bytes.Buffer
	w, err := age.Encrypt(&x25519, k.Identity().(*age.X25519Identity).Recipient())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "a handoff, not a vault value")
	w.Close()
	tests := []struct {
		name  string
		value []byte
	}{
		{"nil", nil},
		{"empty", []byte{}},
		{"text", []byte("hello, world\n")},
		{"age header only", []byte("age-encryption.org/v1\n")},
		{"armored", []byte("-----BEGIN AGE ENCRYPTED FILE-----\n")},
		{"x25519 file to the vault's own identity", x25519.Bytes()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := k.Open(tc.value); !errors.Is(err, crypto.ErrDamaged) {
				t.Fatalf("Open = %v, want ErrDamaged", err)
			}
		})
	}
}

// TestKeys_Open_Tampered flips each bit pattern of every byte, truncates at
// every length and appends a byte; each must be refused.
func TestKeys_Open_Tampered(t *testing.T) {
	k := newKeys(t, false)
	sealed, err := k.Seal([]byte("Passport P<GBRVANCE<<ELEANOR"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("flipped", func(t *testing.T) {
		for i := range sealed {
			for _, mask := range []byte{0x01, 0x80, 0xff} {
				bad := bytes.Clone(sealed)
				bad[i] ^= mask
				if _, err := k.Open(bad); !errors.Is(err, crypto.ErrDamaged) {
					t.Errorf("byte %d ^ %#x: Open = %v, want ErrDamaged", i, mask, err)
				}
			}
		}
	})
	t.Run("truncated", func(t *testing.T) {
		for n := range len(sealed) {
			if _, err := k.Open(sealed[:n]); !errors.Is(err, crypto.ErrDamaged) {
				t.Errorf("first %d of %d bytes: Open = %v, want ErrDamaged", n, len(sealed), err)
			}
		}
	})
	t.Run("extended", func(t *testing.T) {
		if _, err := k.Open(append(bytes.Clone(sealed), 0)); !errors.Is(err, crypto.ErrDamaged) {
			t.Errorf("with a trailing byte: Open = %v, want ErrDamaged", err)
		}
	})
}

func TestSealKeys_OpenKeys(t *testing.T) {
	for _, tc := range []struct {
		name        string
		postQuantum bool
		prefix      string
	}{
		{"x25519", false, "age1"},
		{"post-quantum", true, "age1pq1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKeys(t, tc.postQuantum)
			if !strings.HasPrefix(k.Recipient(), tc.prefix) || k.PostQuantum() != tc.postQuantum {
				t.Fatalf("recipient %q, PostQuantum %v", k.Recipient(), k.PostQuantum())
			}
			if !tc.postQuantum && strings.HasPrefix(k.Recipient(), "age1pq1") {
				t.Fatalf("X25519 keys have a post-quantum recipient %q", k.Recipient())
			}
			value, err := k.Seal([]byte("sealed before the keys were"))
			if err != nil {
				t.Fatal(err)
			}
			sealed, err := crypto.SealKeys(k, testPassphrase, testWorkFactor)
			if err != nil {
				t.Fatal(err)
			}
			got, err := crypto.OpenKeys(sealed, testPassphrase)
			if err != nil {
				t.Fatal(err)
			}
			if got.Recipient() != k.Recipient() || got.PostQuantum() != tc.postQuantum {
				t.Fatalf("reopened recipient %q, want %q", got.Recipient(), k.Recipient())
			}
			plain, err := got.Open(value)
			if err != nil || string(plain) != "sealed before the keys were" {
				t.Fatalf("reopened keys do not open a value: %q, %v", plain, err)
			}

			// A handoff encrypted to the recipient with plain age opens with
			// the reopened identity.
			r, err := age.ParseRecipients(strings.NewReader(k.Recipient()))
			if err != nil {
				t.Fatal(err)
			}
			var handoff bytes.Buffer
			w, err := age.Encrypt(&handoff, r...)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, "handoff")
			w.Close()
			dr, err := age.Decrypt(&handoff, got.Identity())
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := io.ReadAll(dr); string(b) != "handoff" {
				t.Fatalf("handoff decrypted to %q", b)
			}
		})
	}
}

func TestOpenKeys_WrongPassphrase(t *testing.T) {
	k := newKeys(t, false)
	sealed, err := crypto.SealKeys(k, testPassphrase, testWorkFactor)
	if err != nil {
		t.Fatal(err)
	}
	for _, pass := range []string{"", "wrong", "correct horse battery stapl", "correct horse battery staple ", "Correct horse battery staple"} {
		t.Run(fmt.Sprintf("%q", pass), func(t *testing.T) {
			_, err := crypto.OpenKeys(sealed, []byte(pass))
			if !errors.Is(err, crypto.ErrWrongPassphrase) {
				t.Fatalf("OpenKeys = %v, want ErrWrongPassphrase", err)
			}
			// It never says which part was wrong, nor echoes anything.
			if err.Error() != "wrong passphrase" {
				t.Fatalf("error text %q, want exactly \"wrong passphrase\"", err)
			}
		})
	}
}

func TestOpenKeys_Damaged(t *testing.T) {
	k := newKeys(t, false)
	sealed, err := crypto.SealKeys(k, testPassphrase, testWorkFactor)
	if err != nil {
		t.Fatal(err)
	}
	last := bytes.Clone(sealed)
	last[len(last)-1] ^= 1
	_, err = crypto.OpenKeys(last, testPassphrase)
	if !errors.Is(err, crypto.ErrDamaged) {
		t.Fatalf("OpenKeys of a damaged payload = %v, want ErrDamaged", err)
	}
	if _, err := crypto.OpenKeys([]byte("not an age file"), testPassphrase); !errors.Is(err, crypto.ErrDamaged) {
		t.Fatalf("OpenKeys of text = %v, want ErrDamaged", err)
	}
}

func TestOpenKeys_KeyFormat(t *testing.T) {
	for _, tc := range []struct{ name, plain string }{
		{"empty", ""},
		{"other header", "confidant-keys v2\nvault-key AAAA\n"},
		{"no identity", "confidant-keys v1\nvault-key " + base64.RawStdEncoding.EncodeToString(make([]byte, 32)) + "\n"},
		{"short vault key", "confidant-keys v1\nvault-key AAAA\nidentity AGE-SECRET-KEY-1X\n"},
		{"bad identity", "confidant-keys v1\nvault-key " + base64.RawStdEncoding.EncodeToString(make([]byte, 32)) +
			"\nidentity AGE-SECRET-KEY-1NOTAKEY\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := age.NewScryptRecipient(string(testPassphrase))
			if err != nil {
				t.Fatal(err)
			}
			r.SetWorkFactor(testWorkFactor)
			var buf bytes.Buffer
			w, err := age.Encrypt(&buf, r)
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(w, tc.plain)
			w.Close()
			if _, err := crypto.OpenKeys(buf.Bytes(), testPassphrase); !errors.Is(err, crypto.ErrKeyFormat) {
				t.Fatalf("OpenKeys = %v, want ErrKeyFormat", err)
			}
		})
	}
}

func TestSealKeys_Invalid(t *testing.T) {
	k := newKeys(t, false)
	for _, tc := range []struct {
		name       string
		passphrase []byte
		workFactor int
		want       error
	}{
		{"empty passphrase", nil, testWorkFactor, crypto.ErrEmptyPassphrase},
		{"work factor 0", testPassphrase, 0, crypto.ErrWorkFactor},
		{"work factor 23", testPassphrase, crypto.MaxWorkFactor + 1, crypto.ErrWorkFactor},
		{"negative work factor", testPassphrase, -1, crypto.ErrWorkFactor},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := crypto.SealKeys(k, tc.passphrase, tc.workFactor); !errors.Is(err, tc.want) {
				t.Fatalf("SealKeys = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestSealKeys_IsScryptAgeFile opens sealed keys with nothing but age's own
// scrypt identity, as a person locked out of Confidant would with `age -d`.
func TestSealKeys_IsScryptAgeFile(t *testing.T) {
	for _, pq := range []bool{false, true} {
		t.Run(fmt.Sprintf("postQuantum=%v", pq), func(t *testing.T) {
			k := newKeys(t, pq)
			sealed, err := crypto.SealKeys(k, testPassphrase, testWorkFactor)
			if err != nil {
				t.Fatal(err)
			}
			id, err := age.NewScryptIdentity(string(testPassphrase))
			if err != nil {
				t.Fatal(err)
			}
			r, err := age.Decrypt(bytes.NewReader(sealed), id)
			if err != nil {
				t.Fatalf("age cannot open sealed keys with the passphrase: %v", err)
			}
			plain, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(bytes.NewReader(plain))
			var lines []string
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
			if len(lines) != 3 || lines[0] != "confidant-keys v1" || !strings.HasPrefix(lines[1], "vault-key ") ||
				!strings.HasPrefix(lines[2], "identity AGE-SECRET-KEY-") {
				t.Fatalf("sealed keys hold %d lines in an unexpected layout", len(lines))
			}
			ids, err := age.ParseIdentities(strings.NewReader(strings.TrimPrefix(lines[2], "identity ")))
			if err != nil || len(ids) != 1 {
				t.Fatalf("the identity line is not an age identity: %v", err)
			}
			var rcpt string
			switch id := ids[0].(type) {
			case *age.X25519Identity:
				rcpt = id.Recipient().String()
			case *age.HybridIdentity:
				rcpt = id.Recipient().String()
			default:
				t.Fatalf("identity of type %T", id)
			}
			if rcpt != k.Recipient() {
				t.Fatalf("identity in the file has recipient %q, want %q", rcpt, k.Recipient())
			}
			wrong, _ := age.NewScryptIdentity("wrong")
			if _, err := age.Decrypt(bytes.NewReader(sealed), wrong); err == nil {
				t.Fatal("age opened sealed keys with a wrong passphrase")
			}
		})
	}
}

func TestWorkFactor(t *testing.T) {
	k := newKeys(t, false)
	for _, wf := range []int{1, 5, testWorkFactor, 12} {
		t.Run(fmt.Sprint(wf), func(t *testing.T) {
			sealed, err := crypto.SealKeys(k, testPassphrase, wf)
			if err != nil {
				t.Fatal(err)
			}
			got, err := crypto.WorkFactor(sealed)
			if err != nil || got != wf {
				t.Fatalf("WorkFactor = %d, %v; want %d", got, err, wf)
			}
		})
	}
	t.Run("not an age file", func(t *testing.T) {
		if _, err := crypto.WorkFactor([]byte("garbage")); !errors.Is(err, crypto.ErrDamaged) {
			t.Fatalf("WorkFactor = %v, want ErrDamaged", err)
		}
	})
	t.Run("no scrypt stanza", func(t *testing.T) {
		sealed, err := k.Seal([]byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := crypto.WorkFactor(sealed); !errors.Is(err, crypto.ErrKeyFormat) {
			t.Fatalf("WorkFactor = %v, want ErrKeyFormat", err)
		}
	})
}

func TestKeys_Wipe(t *testing.T) {
	k := newKeys(t, false)
	sealed, err := k.Seal([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	k.Wipe()
	if k.Identity() != nil {
		t.Fatal("Identity survives Wipe")
	}
	if _, err := k.Open(sealed); err == nil {
		t.Fatal("wiped keys still open a value")
	}
}

func ExampleKeys_Seal() {
	keys, err := crypto.GenerateKeys(false)
	if err != nil {
		panic(err)
	}
	sealed, err := keys.Seal([]byte("passport number 123456789"))
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.SplitN(string(sealed), "\n", 2)[0])
	plain, err := keys.Open(sealed)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(plain))
	// Output:
	// age-encryption.org/v1
	// passport number 123456789
}

func ExampleOpenKeys() {
	keys, err := crypto.GenerateKeys(false)
	if err != nil {
		panic(err)
	}
	sealed, err := crypto.SealKeys(keys, []byte("correct horse battery staple"), 10)
	if err != nil {
		panic(err)
	}
	wf, _ := crypto.WorkFactor(sealed)
	fmt.Println("work factor", wf)
	if _, err := crypto.OpenKeys(sealed, []byte("wrong")); errors.Is(err, crypto.ErrWrongPassphrase) {
		fmt.Println(err)
	}
	reopened, err := crypto.OpenKeys(sealed, []byte("correct horse battery staple"))
	if err != nil {
		panic(err)
	}
	fmt.Println(reopened.Recipient() == keys.Recipient())
	// Output:
	// work factor 10
	// wrong passphrase
	// true
}
