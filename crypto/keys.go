package crypto

import (
	"bufio"
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

const (
	// DefaultWorkFactor is age's default scrypt work factor (2^18).
	DefaultWorkFactor = 18
	// MinWorkFactor and MaxWorkFactor bound the scrypt work factor a vault
	// may use. The upper bound is age's own decryption limit.
	MinWorkFactor = 1
	MaxWorkFactor = 22

	keysHeader    = "confidant-keys v1"
	vaultKeySize  = 32
	stanzaType    = "confidant-vk"
	stanzaLabel   = "confidant.vault-key/v1"
	stanzaSaltLen = 16
	fileKeySize   = 16
)

// Keys is an unlocked vault's secret key material. It is valid until [Keys.Wipe];
// a Keys value is safe for concurrent use.
type Keys struct {
	vaultKey []byte
	identity age.Identity
	idString string
	rcpt     string
}

// GenerateKeys returns fresh keys from the operating system's random source.
// With postQuantum set, the handoff identity is age's ML-KEM-768 + X25519
// hybrid (recipients start "age1pq1"); otherwise it is X25519 ("age1").
func GenerateKeys(postQuantum bool) (*Keys, error) {
	vk := make([]byte, vaultKeySize)
	if _, err := rand.Read(vk); err != nil {
		return nil, fmt.Errorf("generating vault key: %w", err)
	}
	var idString string
	if postQuantum {
		id, err := age.GenerateHybridIdentity()
		if err != nil {
			return nil, fmt.Errorf("generating identity: %w", err)
		}
		idString = id.String()
	} else {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return nil, fmt.Errorf("generating identity: %w", err)
		}
		idString = id.String()
	}
	return newKeys(vk, idString)
}

// KeysWithIdentity returns keys with a fresh vault key from the operating
// system's random source and the given handoff identity ("AGE-SECRET-KEY-1…"
// or "AGE-SECRET-KEY-PQ-1…"), so that a vault restored from a backup keeps
// the recipient colleagues encrypt handoffs to. It returns [ErrKeyFormat]
// for anything else, without quoting it.
func KeysWithIdentity(identity string) (*Keys, error) {
	vk := make([]byte, vaultKeySize)
	if _, err := rand.Read(vk); err != nil {
		return nil, fmt.Errorf("generating vault key: %w", err)
	}
	k, err := newKeys(vk, strings.TrimSpace(identity))
	if err != nil {
		clear(vk)
		return nil, err
	}
	return k, nil
}

// SecretIdentity returns the handoff identity in age's text form
// ("AGE-SECRET-KEY-1…"), for a whole-vault backup to carry. It is a secret:
// it must only ever be written inside an age file. It returns "" after
// [Keys.Wipe].
func (k *Keys) SecretIdentity() string { return k.idString }

func newKeys(vk []byte, idString string) (*Keys, error) {
	k := &Keys{vaultKey: vk, idString: idString}
	switch {
	case strings.HasPrefix(idString, "AGE-SECRET-KEY-PQ-1"):
		id, err := age.ParseHybridIdentity(idString)
		if err != nil {
			return nil, ErrKeyFormat
		}
		k.identity, k.rcpt = id, id.Recipient().String()
	case strings.HasPrefix(idString, "AGE-SECRET-KEY-1"):
		id, err := age.ParseX25519Identity(idString)
		if err != nil {
			return nil, ErrKeyFormat
		}
		k.identity, k.rcpt = id, id.Recipient().String()
	default:
		return nil, ErrKeyFormat
	}
	return k, nil
}

// Recipient returns the public age recipient ("age1…" or "age1pq1…") that
// handoffs to this vault are encrypted to. It is not secret.
func (k *Keys) Recipient() string { return k.rcpt }

// Identity returns the vault's age identity for decrypting handoffs addressed
// to it. It is valid until [Keys.Wipe].
func (k *Keys) Identity() age.Identity { return k.identity }

// PostQuantum reports whether the handoff identity is the hybrid kind.
func (k *Keys) PostQuantum() bool { return strings.HasPrefix(k.rcpt, "age1pq1") }

// Equal reports whether k and other hold the same vault key, in constant
// time.
func (k *Keys) Equal(other *Keys) bool {
	return k.vaultKey != nil && other.vaultKey != nil && subtle.ConstantTimeCompare(k.vaultKey, other.vaultKey) == 1
}

// Wipe overwrites the vault key. The identity is dropped; Go offers no way to
// zero the memory it used, so it is left to the garbage collector. After Wipe
// the Keys must not be used.
func (k *Keys) Wipe() {
	clear(k.vaultKey)
	k.vaultKey = nil
	k.identity = nil
	k.idString = ""
}

// SealKeys encrypts keys with passphrase through age's scrypt recipient at
// 2^workFactor. The result is an ordinary age file: `age -d` opens it with the
// passphrase, which is what a person locked out of this program would do.
func SealKeys(k *Keys, passphrase []byte, workFactor int) ([]byte, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	if workFactor < MinWorkFactor || workFactor > MaxWorkFactor {
		return nil, fmt.Errorf("%w: %d is not between %d and %d", ErrWorkFactor, workFactor, MinWorkFactor, MaxWorkFactor)
	}
	r, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(workFactor)
	var plain bytes.Buffer
	fmt.Fprintf(&plain, "%s\nvault-key %s\nidentity %s\n", keysHeader,
		base64.RawStdEncoding.EncodeToString(k.vaultKey), k.idString)
	defer clear(plain.Bytes())
	var out bytes.Buffer
	w, err := age.Encrypt(&out, r)
	if err != nil {
		return nil, fmt.Errorf("sealing keys: %w", err)
	}
	if _, err := w.Write(plain.Bytes()); err != nil {
		return nil, fmt.Errorf("sealing keys: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("sealing keys: %w", err)
	}
	return out.Bytes(), nil
}

// OpenKeys decrypts keys sealed by [SealKeys]. It returns [ErrWrongPassphrase]
// when the passphrase does not match, and [ErrKeyFormat] or [ErrDamaged] when
// the sealed keys cannot be read.
func OpenKeys(sealed, passphrase []byte) (*Keys, error) {
	if len(passphrase) == 0 {
		return nil, ErrWrongPassphrase
	}
	id, err := age.NewScryptIdentity(string(passphrase))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	r, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		if errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, ErrWrongPassphrase
		}
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer clear(plain)
	return parseKeys(plain)
}

func parseKeys(plain []byte) (*Keys, error) {
	sc := bufio.NewScanner(bytes.NewReader(plain))
	if !sc.Scan() || sc.Text() != keysHeader {
		return nil, ErrKeyFormat
	}
	var vk []byte
	var idString string
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			return nil, ErrKeyFormat
		}
		switch name {
		case "vault-key":
			b, err := base64.RawStdEncoding.DecodeString(value)
			if err != nil || len(b) != vaultKeySize {
				return nil, ErrKeyFormat
			}
			vk = b
		case "identity":
			idString = value
		}
	}
	if vk == nil || idString == "" {
		return nil, ErrKeyFormat
	}
	return newKeys(vk, idString)
}

// WorkFactor returns the scrypt work factor recorded in keys sealed by
// [SealKeys], without decrypting them.
func WorkFactor(sealed []byte) (int, error) {
	hdr, err := age.ExtractHeader(bytes.NewReader(sealed))
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	for line := range strings.SplitSeq(string(hdr), "\n") {
		f := strings.Fields(line)
		if len(f) == 4 && f[0] == "->" && f[1] == "scrypt" {
			n, err := strconv.Atoi(f[3])
			if err != nil {
				return 0, ErrDamaged
			}
			return n, nil
		}
	}
	return 0, ErrKeyFormat
}

// vkRecipient and vkIdentity implement the confidant-vk stanza.
type vkRecipient struct{ vk []byte }
type vkIdentity struct{ vk []byte }

// stanzaAEAD is the cipher that wraps a file key under the vault key and a
// stanza's salt.
func stanzaAEAD(vk, salt []byte) cipher.AEAD {
	k := hkdfSHA256(vk, salt, stanzaLabel)
	defer clear(k[:])
	aead, err := chacha20poly1305.New(k[:])
	if err != nil {
		panic("crypto: " + err.Error())
	}
	return aead
}

var zeroNonce = make([]byte, chacha20poly1305.NonceSize)

func (r vkRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	s, _, err := r.WrapWithLabels(fileKey)
	return s, err
}

// WrapWithLabels keeps a vault-key stanza alone in its file, as age does for
// scrypt: a value sealed to the vault key is authenticated by it.
func (r vkRecipient) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	salt := make([]byte, stanzaSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, nil, err
	}
	aead := stanzaAEAD(r.vk, salt)
	s := &age.Stanza{
		Type: stanzaType,
		Args: []string{base64.RawStdEncoding.EncodeToString(salt)},
		Body: aead.Seal(nil, zeroNonce, fileKey, nil),
	}
	return []*age.Stanza{s}, []string{stanzaType + "-alone"}, nil
}

func (i vkIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	if len(stanzas) != 1 || stanzas[0].Type != stanzaType {
		return nil, fmt.Errorf("%w: not a vault value", age.ErrIncorrectIdentity)
	}
	s := stanzas[0]
	if len(s.Args) != 1 {
		return nil, errors.New("invalid confidant-vk stanza")
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(s.Args[0])
	if err != nil || len(salt) != stanzaSaltLen {
		return nil, errors.New("invalid confidant-vk stanza")
	}
	if len(s.Body) != fileKeySize+chacha20poly1305.Overhead {
		return nil, errors.New("invalid confidant-vk stanza")
	}
	aead := stanzaAEAD(i.vk, salt)
	fk, err := aead.Open(nil, zeroNonce, s.Body, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: vault key does not open this value", age.ErrIncorrectIdentity)
	}
	return fk, nil
}
