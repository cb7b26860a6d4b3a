package crypto

import (
	"crypto/ecdh"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"slices"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
)

// age tells a recipient nothing about who wrote a file: anyone who knows a
// vault's public recipient (it is public) can encrypt a file to it and write
// any sender's name inside. A handoff that claims to come from a colleague,
// and replaces a client's bank details on import, is the fraud an assistant
// has to fear. So a vault with an X25519 identity seals each handoff it
// writes as its own: for every X25519 recipient R the header gets one more
// stanza,
//
//	-> confidant-from
//	HMAC-SHA256(K, file key || SHA-256(plaintext))
//
// where K = HKDF-SHA256(X25519(s, R), salt = S || R, "confidant.handoff-from/v1")
// and s, S are the sending vault's private and public X25519 keys. Only the
// holder of s, or of R's private key, can compute K, so the recipient, who
// finds S in the bundle's "from", can check that the file was written by that
// vault and is this file, whole. Binding the plaintext's hash (not only the
// file key) keeps a co-recipient, who learns the file key, from reusing the
// stanza for a file of its own. age's readers skip stanzas of types they do not
// know, so `age -d` still opens the file.
//
// Post-quantum (age1pq1) identities and recipients have no X25519 key to
// agree on; files to or from them are not sealed, and say so.
const (
	senderStanza = "confidant-from"
	senderInfo   = "confidant.handoff-from/v1"
)

// x25519Key decodes an age X25519 key in its bech32 text form, "age1…"
// (hrp "age") or "AGE-SECRET-KEY-1…" (hrp "age-secret-key-"), into its 32
// bytes.
func x25519Key(s, hrp string) ([]byte, bool) {
	got, data, err := bech32Decode(s)
	if err != nil || got != hrp || len(data) != 32 {
		return nil, false
	}
	return data, true
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

var errBech32 = errors.New("not bech32")

// bech32Decode decodes a BIP 173 bech32 string (without its 90-character
// limit, as age does) into its lowercased human-readable part and its data
// converted to bytes. Mixed case is refused.
func bech32Decode(s string) (string, []byte, error) {
	if strings.ToLower(s) != s && strings.ToUpper(s) != s {
		return "", nil, errBech32
	}
	s = strings.ToLower(s)
	sep := strings.LastIndexByte(s, '1')
	if sep < 1 || sep+7 > len(s) {
		return "", nil, errBech32
	}
	hrp := s[:sep]
	values := make([]byte, 0, 2*len(hrp)+1+len(s)-sep-1)
	for i := 0; i < len(hrp); i++ {
		if hrp[i] < 33 || hrp[i] > 126 {
			return "", nil, errBech32
		}
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]&31)
	}
	for i := sep + 1; i < len(s); i++ {
		v := strings.IndexByte(bech32Charset, s[i])
		if v < 0 {
			return "", nil, errBech32
		}
		values = append(values, byte(v))
	}
	if bech32Polymod(values) != 1 {
		return "", nil, errBech32
	}
	data := values[2*len(hrp)+1 : len(values)-6]
	// 5-bit groups to bytes; leftover bits must be fewer than 5 and zero.
	out := make([]byte, 0, len(data)*5/8)
	var acc uint32
	bits := 0
	for _, v := range data {
		acc = acc<<5 | uint32(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return "", nil, errBech32
	}
	return hrp, out, nil
}

// senderKey returns the vault's X25519 handoff key, or false for a
// post-quantum identity (or after Wipe).
func (k *Keys) senderKey() (*ecdh.PrivateKey, bool) {
	raw, ok := x25519Key(k.idString, "age-secret-key-")
	if !ok {
		return nil, false
	}
	defer clear(raw)
	priv, err := ecdh.X25519().NewPrivateKey(raw)
	return priv, err == nil
}

// senderTag is the seal of a file (its file key and plaintext digest) from
// the holder of priv to the X25519 key peer, computed by either side: from
// is the sender's public key, to the recipient's.
func senderTag(priv *ecdh.PrivateKey, peer, from, to []byte, fileKey []byte, digest [32]byte) ([32]byte, bool) {
	pub, err := ecdh.X25519().NewPublicKey(peer)
	if err != nil {
		return [32]byte{}, false
	}
	shared, err := priv.ECDH(pub) // fails for a low-order point (all zeros)
	if err != nil {
		return [32]byte{}, false
	}
	salt := make([]byte, 0, 64)
	salt = append(append(salt, from...), to...)
	key := hkdfSHA256(shared, salt, senderInfo)
	clear(shared)
	tag := hmacSHA256(key[:], fileKey, digest[:])
	clear(key[:])
	return tag, true
}

// sealRecipient adds the sender's stanzas to a file's header. age calls its
// Wrap with the file key like any recipient's.
type sealRecipient struct {
	priv   *ecdh.PrivateKey
	to     [][]byte // the X25519 recipients' keys
	digest [32]byte
}

func (r *sealRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	from := r.priv.PublicKey().Bytes()
	var out []*age.Stanza
	for _, to := range r.to {
		tag, ok := senderTag(r.priv, to, from, to, fileKey, r.digest)
		if !ok {
			continue // a low-order key: nobody holds its private half
		}
		out = append(out, &age.Stanza{Type: senderStanza, Body: tag[:]})
	}
	return out, nil
}

// EncryptFrom is [EncryptTo] for a handoff the vault of k writes: when every
// recipient is X25519 or ssh and k's identity is X25519, the file is sealed
// as k's for each X25519 recipient, who can then check with [Sender.Verify]
// that k's vault wrote it. digest is the SHA-256 of exactly what will be
// written to the returned writer. It reports whether the file is sealed.
func EncryptFrom(dst io.Writer, rs []Recipient, armored bool, k *Keys, digest [32]byte) (io.WriteCloser, bool, error) {
	to := sealTargets(rs)
	priv, ok := k.senderKey()
	if !ok || len(to) == 0 {
		w, err := EncryptTo(dst, rs, armored)
		return w, false, err
	}
	seal := &sealRecipient{priv: priv, to: to, digest: digest}
	w, err := EncryptTo(dst, append(slices.Clip(rs), Recipient{r: seal, text: "seal"}), armored)
	return w, err == nil, err
}

// Sealable reports whether [EncryptFrom] seals a file for rs from k's
// vault.
func Sealable(rs []Recipient, k *Keys) bool {
	_, ok := k.senderKey()
	return ok && len(sealTargets(rs)) > 0
}

// sealTargets returns the keys of the X25519 recipients among rs, or none
// when a recipient is of a kind that age might refuse to mix with the
// seal's stanzas (post-quantum, plugins).
func sealTargets(rs []Recipient) [][]byte {
	var to [][]byte
	for _, r := range rs {
		switch r.r.(type) {
		case *age.X25519Recipient:
			raw, ok := x25519Key(r.text, "age")
			if !ok {
				return nil // cannot happen: ParseRecipient parsed it
			}
			to = append(to, raw)
		case *agessh.Ed25519Recipient, *agessh.RSARecipient:
		default:
			return nil
		}
	}
	return to
}

// Sender is what an age file holds about its writer: the seals described
// above, with what they were computed over. Verify checks them against the
// sender a bundle names.
type Sender struct {
	tags   [][32]byte
	msg    []byte       // file key || SHA-256(plaintext); nil when not sealed
	opened age.Identity // the identity that opened the file
}

// Sealed reports whether the file carries seals at all.
func (s *Sender) Sealed() bool { return s != nil && len(s.tags) > 0 }

// SealedFor reports whether the file carries seals and k's vault opened it:
// a file sealed by its writer holds a seal for every X25519 vault it is
// addressed to, so for k's vault a seal that does not verify is a forgery.
// A file opened with another identity (an identity file) cannot be checked
// with k.
func (s *Sender) SealedFor(k *Keys) bool {
	return s.Sealed() && s.opened != nil && s.opened == k.identity
}

// Verify reports whether the vault whose public recipient is from wrote the
// file, sealed for k's vault, which opened it. It is false for a file
// without seals, for a from that is not an X25519 recipient, and for a
// post-quantum k.
func (s *Sender) Verify(k *Keys, from string) bool {
	if !s.SealedFor(k) || len(s.msg) != fileKeySize+sha256.Size {
		return false
	}
	fromKey, ok := x25519Key(strings.TrimSpace(from), "age")
	if !ok {
		return false
	}
	priv, ok := k.senderKey()
	if !ok {
		return false
	}
	var digest [32]byte
	copy(digest[:], s.msg[fileKeySize:])
	want, ok := senderTag(priv, fromKey, fromKey, priv.PublicKey().Bytes(), s.msg[:fileKeySize], digest)
	if !ok {
		return false
	}
	found := 0
	for _, t := range s.tags {
		found |= subtle.ConstantTimeCompare(t[:], want[:])
	}
	return found == 1
}

// Wipe clears the file key kept for Verify, which is false from then on.
func (s *Sender) Wipe() {
	if s != nil {
		clear(s.msg)
		s.msg = nil
	}
}

// stanzaSpy is given a file's header before the real identities: it keeps
// the stanzas of the sender's type and opens nothing. The identities then
// tell it which of them opened the file.
type stanzaSpy struct {
	tags   [][32]byte
	opened age.Identity
}

func (s *stanzaSpy) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	s.tags = s.tags[:0]
	for _, st := range stanzas {
		if st.Type == senderStanza && len(st.Args) == 0 && len(st.Body) == 32 && len(s.tags) < 64 {
			s.tags = append(s.tags, [32]byte(st.Body))
		}
	}
	return nil, age.ErrIncorrectIdentity
}

// opener is an identity that tells the spy when it opened a file. (age
// tries its own identity types before others; wrapped, all are tried in the
// order given, which Decrypt's callers choose anyway.)
type opener struct {
	age.Identity
	spy *stanzaSpy
}

func (o opener) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	key, err := o.Identity.Unwrap(stanzas)
	if err == nil {
		o.spy.opened = o.Identity
	}
	return key, err
}

// sender is what Decrypt returns about the writer of a file it opened.
func (s *stanzaSpy) sender(fileKey, plain []byte) *Sender {
	if len(s.tags) == 0 {
		return &Sender{}
	}
	digest := sha256.Sum256(plain)
	msg := make([]byte, 0, fileKeySize+len(digest))
	msg = append(append(msg, fileKey...), digest[:]...)
	return &Sender{tags: s.tags, msg: msg, opened: s.opened}
}
