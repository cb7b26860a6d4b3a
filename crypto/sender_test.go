package crypto

import (
	"bytes"
	"crypto/ecdh"
	"crypto/sha256"
	"io"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
)

func testKeys(t testing.TB, postQuantum bool) *Keys {
	t.Helper()
	k, err := GenerateKeys(postQuantum)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func recipients(t testing.TB, ks ...*Keys) []Recipient {
	t.Helper()
	var rs []Recipient
	for _, k := range ks {
		r, err := ParseRecipient(k.Recipient(), nil)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	return rs
}

// handoff encrypts plain to rs as from's vault does, and reports whether it
// was sealed.
func handoff(t testing.TB, from *Keys, plain []byte, armored bool, rs ...Recipient) ([]byte, bool) {
	t.Helper()
	var buf bytes.Buffer
	w, sealed, err := EncryptFrom(&buf, rs, armored, from, sha256.Sum256(plain))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), sealed
}

func open(t testing.TB, file []byte, k *Keys) ([]byte, *Sender) {
	t.Helper()
	plain, sender, err := DecryptSender(bytes.NewReader(file), 1<<20, k.HandoffIdentity())
	if err != nil {
		t.Fatal(err)
	}
	return plain, sender
}

func TestX25519Key(t *testing.T) {
	for range 20 {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			t.Fatal(err)
		}
		priv, ok := x25519Key(id.String(), "age-secret-key-")
		if !ok {
			t.Fatal("an identity did not decode")
		}
		pub, ok := x25519Key(id.Recipient().String(), "age")
		if !ok {
			t.Fatal("a recipient did not decode")
		}
		k, err := ecdh.X25519().NewPrivateKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(k.PublicKey().Bytes(), pub) {
			t.Fatal("the decoded identity's public key is not the decoded recipient")
		}
		if _, ok := x25519Key(id.Recipient().String(), "age-secret-key-"); ok {
			t.Fatal("a recipient decoded as an identity")
		}
	}
	r := testKeys(t, false).Recipient()
	other := "q" // a checksum character changed (not to itself: one key in 32 ends with q)
	if strings.HasSuffix(r, "q") {
		other = "p"
	}
	for _, bad := range []string{
		"", "age1", r[:len(r)-1], r[:len(r)-1] + other, strings.ToUpper(r[:10]) + r[10:],
		r + "qqqqqq", "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
	} {
		if _, ok := x25519Key(bad, "age"); ok {
			t.Errorf("%q decoded", bad)
		}
	}
	if _, ok := x25519Key(strings.ToUpper(r), "age"); !ok {
		t.Error("an upper-case recipient did not decode (bech32 allows one case)")
	}
}

// FuzzX25519Key checks the bech32 decoder against age's: both accept the
// same recipients, and the key decoded is the one age encrypts to.
func FuzzX25519Key(f *testing.F) {
	for range 4 {
		id, _ := age.GenerateX25519Identity()
		f.Add(id.Recipient().String())
		f.Add(id.String())
	}
	f.Add("age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq")
	f.Fuzz(func(t *testing.T, s string) {
		key, ok := x25519Key(s, "age")
		r, err := age.ParseX25519Recipient(s)
		if ok != (err == nil) {
			t.Fatalf("%q: decoded %v, age parsed it: %v", s, ok, err)
		}
		if ok && !strings.EqualFold(r.String(), s) {
			t.Fatalf("%q: age reads it as %s", s, r)
		}
		_ = key
	})
}

func TestSender_Verify(t *testing.T) {
	bob, alice, carol := testKeys(t, false), testKeys(t, false), testKeys(t, false)
	plain := []byte(`{"format":"confidant-bundle/v1","purpose":"handoff"}`)
	for _, armored := range []bool{false, true} {
		file, sealed := handoff(t, bob, plain, armored, recipients(t, alice, carol)...)
		if !sealed {
			t.Fatal("a handoff between X25519 vaults was not sealed")
		}
		for _, k := range []*Keys{alice, carol} {
			got, sender := open(t, file, k)
			if !bytes.Equal(got, plain) {
				t.Fatal("plaintext changed")
			}
			if !sender.Sealed() || !sender.Verify(k, bob.Recipient()) {
				t.Fatal("the seal of the real sender did not verify")
			}
			if sender.Verify(k, carol.Recipient()) || sender.Verify(k, alice.Recipient()) || sender.Verify(k, "age1bogus") {
				t.Fatal("the seal verified for a vault that did not write the file")
			}
			// The same seal over other contents, as a co-recipient who
			// learned the file key could copy it onto a file of its own.
			sender.msg[len(sender.msg)-1] ^= 1
			if sender.Verify(k, bob.Recipient()) {
				t.Fatal("the seal verified for other contents")
			}
			sender.msg[len(sender.msg)-1] ^= 1
			sender.msg[0] ^= 1
			if sender.Verify(k, bob.Recipient()) {
				t.Fatal("the seal verified for another file key")
			}
			sender.Wipe()
			if sender.Verify(k, bob.Recipient()) {
				t.Fatal("a wiped sender verified")
			}
		}
		// The stock age library still opens it: it skips the stanzas it
		// does not know.
		var r io.Reader = bytes.NewReader(file)
		if armored {
			r = armorReader(r)
		}
		ar, err := age.Decrypt(r, alice.Identity())
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := io.ReadAll(ar); !bytes.Equal(got, plain) {
			t.Fatal("age read other contents")
		}
	}
}

// A file anyone can make: encrypted to Alice with age, naming Bob inside.
func TestSender_Unsealed(t *testing.T) {
	bob, alice := testKeys(t, false), testKeys(t, false)
	plain := []byte("x")
	file := seal(t, false, recipients(t, alice)...)
	_, sender := open(t, file, alice)
	if sender.Sealed() || sender.Verify(alice, bob.Recipient()) {
		t.Fatal("a file age made verified as Bob's")
	}
	// Sealed by Carol, claiming Bob.
	carol := testKeys(t, false)
	file, _ = handoff(t, carol, plain, false, recipients(t, alice)...)
	_, sender = open(t, file, alice)
	if !sender.Sealed() || sender.Verify(alice, bob.Recipient()) || !sender.Verify(alice, carol.Recipient()) {
		t.Fatal("Carol's seal did not verify as Carol's only")
	}
}

func seal(t *testing.T, armored bool, rs ...Recipient) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := EncryptTo(&buf, rs, armored)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("x"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func armorReader(r io.Reader) io.Reader { return armor.NewReader(r) }
