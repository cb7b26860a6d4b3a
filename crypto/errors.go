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
