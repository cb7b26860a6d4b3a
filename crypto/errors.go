package crypto

import "errors"

// Errors returned by this package. Callers compare with [errors.Is]; the text
// never contains key material or a decrypted value.
var (
	// ErrWrongPassphrase is returned by [OpenKeys] when the passphrase does not
	// unseal the keys. It never says which part of the passphrase was wrong.
	ErrWrongPassphrase = errors.New("wrong passphrase")

	// ErrDamaged is returned by [Keys.Open] when a sealed value fails to
	// decrypt or authenticate: the value was damaged, tampered with, or sealed
	// by another vault.
	ErrDamaged = errors.New("sealed value is damaged or was tampered with")

	// ErrKeyFormat is returned by [OpenKeys] when the sealed keys decrypt but
	// do not hold key material this program understands.
	ErrKeyFormat = errors.New("vault keys are in an unknown format")

	// ErrWorkFactor is returned when a scrypt work factor is out of range.
	ErrWorkFactor = errors.New("scrypt work factor out of range")

	// ErrEmptyPassphrase is returned when a passphrase is empty.
	ErrEmptyPassphrase = errors.New("passphrase is empty")
)

// Errors returned when encrypting to other people's keys and decrypting files
// from outside the vault (backups, handoffs). The text names public keys at
// most, never a secret.
var (
	// ErrNotAgeFile is returned by [Decrypt] for input that is not an age
	// file, binary or armored.
	ErrNotAgeFile = errors.New("file is not age-encrypted")

	// ErrCorrupt is returned by [Decrypt] for an age file that is truncated,
	// malformed or was tampered with.
	ErrCorrupt = errors.New("file is truncated or was tampered with")

	// ErrNotForYou is returned by [Decrypt] when none of the identities
	// opens the file; the detail after it says whom the file is for when the
	// header tells (an ssh key's tag, a plugin, a passphrase).
	ErrNotForYou = errors.New("file is not addressed to this vault or the given identities")

	// ErrPassphraseNeeded is returned by [Decrypt] for a passphrase-encrypted
	// file when no passphrase was offered.
	ErrPassphraseNeeded = errors.New("file is encrypted with a passphrase")

	// ErrTooLarge is returned by [Decrypt] when the input is longer than the
	// limit it was given. Nothing past the limit is read.
	ErrTooLarge = errors.New("file is larger than the limit")

	// ErrRecipient is returned by [ParseRecipient] for a string that is not a
	// recipient this program can encrypt to.
	ErrRecipient = errors.New("not a recipient")

	// ErrMixedRecipients is returned by [CheckRecipients] and [EncryptTo]
	// for post-quantum and classic recipients together, which age refuses
	// to put in one file.
	ErrMixedRecipients = errors.New("post-quantum (age1pq1…) and classic keys cannot share a file: age refuses, so that a file is as strong as its strongest key; write one file for each kind")

	// ErrIdentity is returned by [ParseIdentities] for a file that holds no
	// usable identity.
	ErrIdentity = errors.New("not an identity file")

	// ErrPlugin is returned by [Decrypt] when a plugin's identity (a
	// hardware key's) failed to open the file: a wrong PIN, a canceled
	// question, a key not plugged in. The plugin's own words follow it.
	ErrPlugin = errors.New("the identity's plugin did not open the file")
)
