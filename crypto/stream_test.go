package crypto

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// ageOpen is what Keys.Open replaces: age's own reader.
func ageOpen(k *Keys, sealed []byte) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), vkIdentity{k.vaultKey})
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func ageSeal(t testing.TB, k *Keys, plain []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := age.Encrypt(&b, vkRecipient{k.vaultKey})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func patterned(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

var chunkEdges = []int{0, 1, 100, chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize, 3*chunkSize + 5}

// TestSeal_AgeOpens: what Seal writes is an age file that age's own
// Decrypt reads back, at every size around the chunk boundaries.
func TestSeal_AgeOpens(t *testing.T) {
	k, err := GenerateKeys(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range chunkEdges {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			plain := patterned(n)
			sealed, err := k.Seal(plain)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ageOpen(k, sealed)
			if err != nil {
				t.Fatalf("age.Decrypt of a sealed value: %v", err)
			}
			if !bytes.Equal(got, plain) {
				t.Fatalf("age.Decrypt returned %d bytes that differ from the %d sealed", len(got), n)
			}
		})
	}
}

// TestOpen_ReadsAge: Open reads what age's own Encrypt writes.
func TestOpen_ReadsAge(t *testing.T) {
	k, err := GenerateKeys(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range chunkEdges {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			plain := patterned(n)
			got, err := k.Open(ageSeal(t, k, plain))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain) || len(got) != cap(got) {
				t.Fatalf("Open returned %d bytes (capacity %d), want the %d sealed", len(got), cap(got), n)
			}
		})
	}
}

// TestOpen_ChunkTampering: the attacks on a chunked payload that a
// per-chunk MAC alone would miss: chunks dropped from the end, swapped,
// duplicated, or an empty final chunk appended. Open and age must both
// refuse every one.
func TestOpen_ChunkTampering(t *testing.T) {
	k, err := GenerateKeys(false)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := k.Seal(patterned(3*chunkSize + 5))
	if err != nil {
		t.Fatal(err)
	}
	hdr, err := age.ExtractHeader(bytes.NewReader(sealed))
	if err != nil {
		t.Fatal(err)
	}
	head := len(hdr) + streamNonceSize
	chunk := func(i int) []byte {
		return sealed[head+i*encChunkSize : min(len(sealed), head+(i+1)*encChunkSize)]
	}
	join := func(parts ...[]byte) []byte { return bytes.Join(append([][]byte{sealed[:head]}, parts...), nil) }
	// The tag of an empty chunk sealed under the right key but without the
	// last-chunk flag would need the key; an empty final chunk is 16 bytes.
	emptyLast := make([]byte, chacha20poly1305.Overhead)
	cases := map[string][]byte{
		"last chunk dropped":    join(chunk(0), chunk(1), chunk(2)),
		"two chunks swapped":    join(chunk(1), chunk(0), chunk(2), chunk(3)),
		"a chunk repeated":      join(chunk(0), chunk(0), chunk(1), chunk(2), chunk(3)),
		"empty chunk appended":  join(chunk(0), chunk(1), chunk(2), chunk(3), emptyLast),
		"last chunk only":       join(chunk(3)),
		"payload nonce missing": sealed[:len(hdr)+streamNonceSize-1],
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := k.Open(bad); !errors.Is(err, ErrDamaged) {
				t.Errorf("Open = %v, want ErrDamaged", err)
			}
			if _, err := ageOpen(k, bad); err == nil {
				t.Errorf("age.Decrypt accepted it: the case is not an attack")
			}
		})
	}
}

// FuzzOpen checks Open against age's Decrypt on any input: both accept it
// with the same plaintext, or both refuse it.
func FuzzOpen(f *testing.F) {
	k, err := keysFromVaultKey(bytes.Repeat([]byte{7}, vaultKeySize))
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range []int{0, 5, 300, chunkSize + 3} {
		f.Add(ageSeal(f, k, patterned(n)))
	}
	f.Fuzz(func(t *testing.T, sealed []byte) {
		got, err := k.Open(sealed)
		want, ageErr := ageOpen(k, sealed)
		if (err == nil) != (ageErr == nil) {
			t.Fatalf("Open error %v, age.Decrypt error %v", err, ageErr)
		}
		if err != nil && !errors.Is(err, ErrDamaged) {
			t.Fatalf("Open = %v, want ErrDamaged", err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("Open and age.Decrypt disagree on the plaintext")
		}
	})
}

// keysFromVaultKey makes Keys with a fixed vault key, so that a fuzz corpus
// stays valid from run to run.
func keysFromVaultKey(vk []byte) (*Keys, error) {
	k, err := GenerateKeys(false)
	if err != nil {
		return nil, err
	}
	copy(k.vaultKey, vk)
	return k, nil
}

// TestVKHeader_SameShapeAsAge: the header Seal writes has the shape age
// writes for a lone confidant-vk stanza, and Open reads both itself rather
// than through age; a value sealed under another vault key, or with its
// MAC or stanza changed, fails in the fast path as it does in age.
func TestVKHeader_SameShapeAsAge(t *testing.T) {
	k, err := keysFromVaultKey(bytes.Repeat([]byte{7}, vaultKeySize))
	if err != nil {
		t.Fatal(err)
	}
	other, err := keysFromVaultKey(bytes.Repeat([]byte{8}, vaultKeySize))
	if err != nil {
		t.Fatal(err)
	}
	mine, err := k.Seal([]byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string][]byte{"Seal": mine, "age.Encrypt": ageSeal(t, k, []byte("hello"))} {
		fk, n, ok, err := k.vkFileKey(v)
		if !ok || err != nil || n != vkHeader || len(fk) != fileKeySize {
			t.Fatalf("%s: vkFileKey = %x, %d, %v, %v", name, fk, n, ok, err)
		}
		if _, _, ok, err := other.vkFileKey(v); !ok || err == nil {
			t.Fatalf("%s: another vault key: ok %v, err %v", name, ok, err)
		}
		for _, at := range []int{len(vkIntro) + 3, vkMACStart - 5, vkMACStart + 10} {
			bad := bytes.Clone(v)
			bad[at] ^= 1
			_, fastErr := k.Open(bad)
			_, ageErr := ageOpen(k, bad)
			if fastErr == nil || ageErr == nil {
				t.Fatalf("%s with byte %d changed: Open %v, age %v", name, at, fastErr, ageErr)
			}
		}
	}
}
