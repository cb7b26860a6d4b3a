package vault

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"confidant/crypto"
)

// Who wrote a handoff. age authenticates a file's contents but not its
// writer: anyone who knows this vault's public recipient can encrypt a
// bundle to it and name any colleague in "from". A vault with an X25519
// identity therefore seals every handoff it writes for each X25519 vault it
// is addressed to (crypto.EncryptFrom, docs/FORMAT.md), and an import checks
// the seal against the writer the bundle names ([Store.CheckSender]).

// Sender is what a decrypted file says about who wrote it, as
// [Store.DecryptFile] returns it, for [Store.CheckSender]. Wipe it when done.
type Sender = crypto.Sender

// ErrForged is returned by [Store.CheckSender] for a file that carries seals
// but none from the vault it names as its writer: someone else made it, or
// changed who it says it is from.
var ErrForged = errors.New("it was not sealed by the vault it names as its writer, so it may be forged")

// From is who wrote a bundle, as far as this vault can tell.
type From struct {
	// Key is the public recipient the bundle names as its writer; "" when
	// it names none.
	Key string
	// Contact is the address book's name for Key; "" when it is not there.
	Contact string
	// Handoff is set when the bundle is a handoff, whose writer is
	// checked; a backup's is not.
	Handoff bool
	// Own is set when Key is this vault's own recipient.
	Own bool
	// Verified is set when the file was sealed by Key's vault for this
	// vault: Key's vault wrote it, and nobody changed it since.
	Verified bool
}

// Name is the address book's name for the sender, else its key.
func (f From) Name() string {
	if f.Contact != "" {
		return f.Contact
	}
	return f.Key
}

// CheckSender tells who wrote b, which came in a file decrypted with sd. A
// handoff whose file is sealed for this vault must be sealed by the vault
// it names, or CheckSender returns an error wrapping [ErrForged]; an
// unsealed one (written by stock age, an older Confidant, or a post-quantum
// vault) is returned unverified. A backup is never checked: it is the
// vault's own, encrypted to a passphrase or to keys.
func (s *Store) CheckSender(b *Bundle, sd *Sender) (From, error) {
	f := From{Key: b.From}
	if f.Key != "" {
		if cs, err := s.Contacts(); err == nil {
			for _, c := range cs {
				if c.Recipient == f.Key {
					f.Contact = c.Name
					break
				}
			}
		}
	}
	keys, err := s.unlockedKeys()
	if err != nil {
		return f, err
	}
	f.Own = f.Key != "" && f.Key == keys.Recipient()
	if f.Handoff = b.Purpose == PurposeHandoff; !f.Handoff {
		return f, nil
	}
	if !sd.SealedFor(keys) {
		return f, nil
	}
	if f.Verified = sd.Verify(keys, f.Key); !f.Verified {
		return f, ErrForged
	}
	return f, nil
}

// SealsHandoffTo reports whether a handoff from this vault to the
// recipients to is sealed as the vault's, so that their vaults can check
// who wrote it ([CheckSender]). It is false for a post-quantum vault, and
// for recipients none of whom has an X25519 key, or one of whom is
// post-quantum or a plugin's.
func (s *Store) SealsHandoffTo(to []string) bool {
	keys, err := s.unlockedKeys()
	if err != nil {
		return false
	}
	rs, err := Seal{To: to}.recipients()
	return err == nil && crypto.Sealable(rs, keys)
}

// HandoffEncrypter returns what encrypts b for rs as this vault's handoff,
// sealed as the vault's when the recipients allow it (see [CheckSender]):
// its writer must be given exactly b's encoding.
func (s *Store) HandoffEncrypter(rs []crypto.Recipient, armored bool, b *Bundle) (func(io.Writer) (io.WriteCloser, error), error) {
	keys, err := s.unlockedKeys()
	if err != nil {
		return nil, err
	}
	// The seal covers the plaintext's hash, which the header holds before
	// the payload: the bundle is encoded twice, first only to hash it,
	// rather than held whole (a handoff with attachments can be large).
	h := sha256.New()
	if err := b.Encode(h); err != nil {
		return nil, fmt.Errorf("encoding the handoff: %w", err)
	}
	digest := [32]byte(h.Sum(nil))
	return func(w io.Writer) (io.WriteCloser, error) {
		ew, _, err := crypto.EncryptFrom(w, rs, armored, keys, digest)
		return ew, err
	}, nil
}
