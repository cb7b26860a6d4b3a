package crypto_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/pem"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"confidant/crypto"
)

func sshKey(t *testing.T) (pub string, priv []byte) {
	t.Helper()
	pk, sk, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(pk)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(sk, "")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp))), pem.EncodeToMemory(block)
}

// sshRSAKey is sshKey for a 2048-bit RSA key, made with Go's crypto/rsa.
func sshRSAKey(t *testing.T) (pub string, priv []byte) {
	t.Helper()
	sk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(&sk.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(sk, "")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp))), pem.EncodeToMemory(block)
}

func seal(t *testing.T, armored bool, rs ...crypto.Recipient) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := crypto.EncryptTo(&buf, rs, armored)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "the bundle")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEncryptTo_Decrypt(t *testing.T) {
	x, pq := newKeys(t, false), newKeys(t, true)
	sshPub, sshPriv := sshKey(t)
	sshIDs, err := crypto.ParseIdentities(sshPriv, "id_ed25519", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rsaPub, rsaPriv := sshRSAKey(t)
	rsaIDs, err := crypto.ParseIdentities(rsaPriv, "id_rsa", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, rcpt string
		ids        []crypto.Identity
	}{
		{"x25519", x.Recipient(), []crypto.Identity{x.HandoffIdentity()}},
		{"post-quantum", pq.Recipient(), []crypto.Identity{pq.HandoffIdentity()}},
		{"ssh-ed25519", sshPub, sshIDs},
		{"ssh-rsa", rsaPub, rsaIDs},
	} {
		for _, armored := range []bool{false, true} {
			r, err := crypto.ParseRecipient(tc.rcpt, nil)
			if err != nil {
				t.Fatal(err)
			}
			file := seal(t, armored, r)
			if armored != bytes.HasPrefix(file, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
				t.Fatalf("%s armored=%v: wrong file start", tc.name, armored)
			}
			plain, err := crypto.Decrypt(bytes.NewReader(file), 1<<20, tc.ids...)
			if err != nil || string(plain) != "the bundle" {
				t.Fatalf("%s armored=%v: %q, %v", tc.name, armored, plain, err)
			}
		}
	}
}

func TestDecrypt_Errors(t *testing.T) {
	k, other := newKeys(t, false), newKeys(t, false)
	r, _ := crypto.ParseRecipient(k.Recipient(), nil)
	file := seal(t, false, r)
	sshPub, _ := sshKey(t)
	sr, _ := crypto.ParseRecipient(sshPub, nil)
	sshFile := seal(t, false, sr)
	var pass bytes.Buffer
	w, _ := crypto.EncryptWithPassphrase(&pass, []byte("backup pass"), testWorkFactor, true)
	io.WriteString(w, "x")
	w.Close()
	passID := func(p string) crypto.Identity {
		return crypto.PassphraseIdentity(func() ([]byte, error) { return []byte(p), nil })
	}
	noPass := crypto.PassphraseIdentity(func() ([]byte, error) { return nil, nil })
	tampered := bytes.Clone(file)
	tampered[len(tampered)-3] ^= 1
	for _, tc := range []struct {
		name  string
		data  []byte
		limit int64
		ids   []crypto.Identity
		want  error
	}{
		{"not age", []byte("BEGIN:VCARD\n"), 1 << 20, []crypto.Identity{k.HandoffIdentity()}, crypto.ErrNotAgeFile},
		{"empty", nil, 1 << 20, []crypto.Identity{k.HandoffIdentity()}, crypto.ErrNotAgeFile},
		{"truncated", file[:len(file)-10], 1 << 20, []crypto.Identity{k.HandoffIdentity()}, crypto.ErrCorrupt},
		{"header only", file[:60], 1 << 20, []crypto.Identity{k.HandoffIdentity()}, crypto.ErrCorrupt},
		{"tampered", tampered, 1 << 20, []crypto.Identity{k.HandoffIdentity()}, crypto.ErrCorrupt},
		{"other vault", file, 1 << 20, []crypto.Identity{other.HandoffIdentity()}, crypto.ErrNotForYou},
		{"ssh key not held", sshFile, 1 << 20, []crypto.Identity{k.HandoffIdentity()}, crypto.ErrNotForYou},
		{"too large", file, 100, []crypto.Identity{k.HandoffIdentity()}, crypto.ErrTooLarge},
		{"passphrase right", pass.Bytes(), 1 << 20, []crypto.Identity{k.HandoffIdentity(), passID("backup pass")}, nil},
		{"passphrase wrong", pass.Bytes(), 1 << 20, []crypto.Identity{passID("nope")}, crypto.ErrWrongPassphrase},
		{"passphrase missing", pass.Bytes(), 1 << 20, []crypto.Identity{k.HandoffIdentity(), noPass}, crypto.ErrPassphraseNeeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := crypto.Decrypt(bytes.NewReader(tc.data), tc.limit, tc.ids...)
			if !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
				t.Fatalf("Decrypt = %v, want %v", err, tc.want)
			}
		})
	}
	_, err := crypto.Decrypt(bytes.NewReader(sshFile), 1<<20, k.HandoffIdentity())
	var nf *crypto.NotForYouError
	if !errors.As(err, &nf) || len(nf.SSHTags) != 1 || nf.SSHTags[0] != sr.Tag() || !strings.Contains(err.Error(), sr.Tag()) {
		t.Fatalf("not-for-you error %v does not name the ssh key's tag %s", err, sr.Tag())
	}
}

func TestParseRecipient_Invalid(t *testing.T) {
	for _, s := range []string{"", "age1notakey", "AGE-SECRET-KEY-1QQQ", "ssh-dss AAAA", "github:someone"} {
		if _, err := crypto.ParseRecipient(s, nil); !errors.Is(err, crypto.ErrRecipient) {
			t.Errorf("ParseRecipient(%q) = %v", s, err)
		}
	}
	x, pq := newKeys(t, false), newKeys(t, true)
	rx, _ := crypto.ParseRecipient(x.Recipient(), nil)
	rpq, _ := crypto.ParseRecipient(pq.Recipient(), nil)
	if _, err := crypto.EncryptTo(io.Discard, []crypto.Recipient{rx, rpq}, false); !errors.Is(err, crypto.ErrMixedRecipients) {
		t.Errorf("mixing classic and post-quantum = %v", err) // TestCheckRecipients_Mixed
	}
	// A key cut short or mistyped says so, not in bech32's words.
	k := x.Recipient()
	typo := k[:20] + map[bool]string{true: "q", false: "p"}[k[20] != 'q'] + k[21:]
	for s, want := range map[string]string{
		k[:40]:               "has 40 characters where an age public key has 62; check that it was copied whole",
		typo:                 "is not an age public key: a character is wrong; check that it was copied whole",
		pq.Recipient()[:100]: "is not a whole post-quantum age public key",
	} {
		_, err := crypto.ParseRecipient(s, nil)
		if !errors.Is(err, crypto.ErrRecipient) || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "separator") {
			t.Errorf("ParseRecipient(%.20q…) = %v", s, err)
		}
	}
	// A plugin recipient parses without running its plugin.
	if _, err := crypto.ParseRecipient("age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t", nil); err != nil {
		t.Errorf("plugin recipient: %v", err)
	}
}

func TestParseIdentities_Invalid(t *testing.T) {
	k := newKeys(t, false)
	for _, s := range []string{"", "# only a comment\n", k.Recipient() + "\n", "AGE-SECRET-KEY-1NOPE\n", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"} {
		if _, err := crypto.ParseIdentities([]byte(s), "f", nil, nil); !errors.Is(err, crypto.ErrIdentity) {
			t.Errorf("ParseIdentities(%q) = %v", s, err)
		}
	}
}

// TestKeysWithIdentity: keys made from another's identity keep its
// recipient and can open what was sent to it, but have their own vault key.
func TestKeysWithIdentity(t *testing.T) {
	for _, pq := range []bool{false, true} {
		old := newKeys(t, pq)
		k, err := crypto.KeysWithIdentity(old.SecretIdentity())
		if err != nil {
			t.Fatal(err)
		}
		if k.Recipient() != old.Recipient() || k.PostQuantum() != pq {
			t.Fatalf("recipient %s, want %s", k.Recipient(), old.Recipient())
		}
		if k.Equal(old) {
			t.Error("the vault key was kept; it must be new")
		}
		r, _ := crypto.ParseRecipient(old.Recipient(), nil)
		plain, err := crypto.Decrypt(bytes.NewReader(seal(t, false, r)), 1<<20, k.HandoffIdentity())
		if err != nil || string(plain) != "the bundle" {
			t.Errorf("a handoff to the old recipient: %q, %v", plain, err)
		}
		sealed, err := k.Seal([]byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.Open(sealed); err == nil {
			t.Error("the old vault key opens a value sealed by the new keys")
		}
	}
	for _, bad := range []string{"", "AGE-SECRET-KEY-1NOTVALID", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"} {
		if _, err := crypto.KeysWithIdentity(bad); !errors.Is(err, crypto.ErrKeyFormat) || (bad != "" && strings.Contains(err.Error(), bad)) {
			t.Errorf("KeysWithIdentity(%q) = %v, want ErrKeyFormat without the input", bad, err)
		}
	}
}

// A handoff is sealed only where the sender and a recipient have X25519
// keys, and no recipient kind could make age refuse the mix.
func TestEncryptFrom_NotSealed(t *testing.T) {
	recipients := func(ks ...*crypto.Keys) []crypto.Recipient {
		var rs []crypto.Recipient
		for _, k := range ks {
			r, err := crypto.ParseRecipient(k.Recipient(), nil)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		return rs
	}
	x, pq, other := newKeys(t, false), newKeys(t, true), newKeys(t, false)
	ssh, _ := sshKey(t)
	sshR, err := crypto.ParseRecipient(ssh, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		from   *crypto.Keys
		to     []crypto.Recipient
		sealed bool
	}{
		{"from a post-quantum vault", pq, recipients(other), false},
		{"to a post-quantum vault", x, recipients(pq), false},
		{"to an ssh key only", x, []crypto.Recipient{sshR}, false},
		{"to an ssh key and a vault", x, append([]crypto.Recipient{sshR}, recipients(other)...), true},
	} {
		_, sealed, err := crypto.EncryptFrom(io.Discard, c.to, false, c.from, sha256.Sum256([]byte("x")))
		if err != nil {
			t.Fatal(err)
		}
		if sealed != c.sealed {
			t.Errorf("%s: sealed %v", c.name, sealed)
		}
	}
}

// Post-quantum and classic keys cannot share a file; the error says so,
// before anything is written, rather than age's words behind "not a
// recipient".
func TestCheckRecipients_Mixed(t *testing.T) {
	pq, err := crypto.ParseRecipient(newKeys(t, true).Recipient(), nil)
	if err != nil {
		t.Fatal(err)
	}
	x, err := crypto.ParseRecipient(newKeys(t, false).Recipient(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := crypto.CheckRecipients([]crypto.Recipient{pq, x}); !errors.Is(err, crypto.ErrMixedRecipients) || errors.Is(err, crypto.ErrRecipient) {
		t.Fatalf("mixed: %v", err)
	}
	var buf bytes.Buffer
	if _, err := crypto.EncryptTo(&buf, []crypto.Recipient{x, pq}, false); !errors.Is(err, crypto.ErrMixedRecipients) || buf.Len() != 0 {
		t.Fatalf("EncryptTo mixed: %v, %d bytes written", err, buf.Len())
	}
	for _, rs := range [][]crypto.Recipient{{pq}, {x}, {pq, pq}, {x, x}} {
		if err := crypto.CheckRecipients(rs); err != nil {
			t.Fatalf("%d of one kind: %v", len(rs), err)
		}
	}
}
