package crypto

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// fixedX25519 is a constant identity, so that a fuzz corpus stays valid.
func fixedX25519(t testing.TB) *age.X25519Identity {
	id, err := age.ParseX25519Identity("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func ageEncrypt(t testing.TB, r age.Recipient, armored bool, plain []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	var dst io.Writer = &b
	var aw io.WriteCloser
	if armored {
		aw = armor.NewWriter(&b)
		dst = aw
	}
	w, err := age.Encrypt(dst, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if aw != nil {
		aw.Close()
	}
	return b.Bytes()
}

// ageDecrypt is what Decrypt replaced: age's own reader, read to the end.
func ageDecrypt(file []byte, id age.Identity) ([]byte, error) {
	var src io.Reader = bytes.NewReader(file)
	if bytes.HasPrefix(bytes.TrimLeft(file, " \t\r\n"), []byte(armor.Header)) {
		src = armor.NewReader(src)
	}
	r, err := age.Decrypt(src, id)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// TestDecrypt_InPlace: Decrypt opens what age wrote, at every size around
// the chunk boundaries, binary and armored, whatever size it is told.
func TestDecrypt_InPlace(t *testing.T) {
	id := fixedX25519(t)
	for _, n := range chunkEdges {
		for _, armored := range []bool{false, true} {
			plain := patterned(n)
			file := ageEncrypt(t, id.Recipient(), armored, plain)
			for _, size := range []int64{0, 1, int64(len(file)), int64(len(file)) * 2} {
				got, err := Decrypt(Sized(bytes.NewReader(file), size), 1<<30, Identity{id: id})
				if err != nil {
					t.Fatalf("%d bytes, armored %v, told %d: %v", n, armored, size, err)
				}
				if !bytes.Equal(got, plain) {
					t.Fatalf("%d bytes, armored %v, told %d: wrong plaintext", n, armored, size)
				}
			}
		}
	}
}

// FuzzDecrypt: Decrypt, which reads the whole file and opens it in place,
// accepts exactly what age's streaming reader accepts, with the same
// plaintext.
func FuzzDecrypt(f *testing.F) {
	id := fixedX25519(f)
	for _, n := range []int{0, 5, chunkSize, chunkSize + 3} {
		f.Add(ageEncrypt(f, id.Recipient(), false, patterned(n)))
	}
	f.Add(ageEncrypt(f, id.Recipient(), true, patterned(300)))
	f.Fuzz(func(t *testing.T, file []byte) {
		want, ageErr := ageDecrypt(file, id)
		got, err := Decrypt(Sized(bytes.NewReader(file), int64(len(file))), 1<<30, Identity{id: id})
		if (err == nil) != (ageErr == nil) {
			t.Fatalf("Decrypt error %v, age.Decrypt error %v", err, ageErr)
		}
		if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotAgeFile) && !errors.Is(err, ErrNotForYou) {
			t.Fatalf("Decrypt = %v, want a classified error", err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("Decrypt and age.Decrypt disagree on the plaintext")
		}
	})
}
