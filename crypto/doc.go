// Package crypto holds a vault's keys and seals values with age.
//
// # Keys
//
// A vault has two secrets, generated once by [GenerateKeys]:
//
//   - a 256-bit vault key, from which every stored value's age file key is
//     wrapped through the "confidant-vk" stanza (see [Keys.Seal]);
//   - an age identity (X25519, or the ML-KEM-768 + X25519 hybrid of age
//     v1.3) whose public recipient colleagues encrypt handoffs to.
//
// Both are sealed together by [SealKeys] into one age file encrypted with age's
// passphrase (scrypt) recipient. Changing the passphrase makes a new vault key
// (the identity stays) and the vault seals every value again with it.
//
// # Sealed values
//
// Every value [Keys.Seal] returns is a complete age file (version line,
// header, MAC, ChaCha20-Poly1305 payload). Its one recipient stanza is
//
//	-> confidant-vk <base64 salt>
//	<base64 ChaCha20-Poly1305(HKDF-SHA256(vault key, salt, label), file key)>
//
// which wraps the file key exactly the way age's scrypt stanza does, with an
// HKDF of the vault key in place of the expensive scrypt derivation: opening a
// value costs microseconds, and the passphrase is stretched once per unlock.
package crypto
