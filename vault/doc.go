// Package vault keeps client dossiers in one bbolt file, every value sealed
// with age through package crypto.
//
// # Layout
//
// The file holds these top-level buckets; no key or bucket name carries
// anything about a client:
//
//	meta         "format" → format version (plaintext digits)
//	             "keys"   → the vault keys, an age scrypt file
//	dossiers     ID (16 random bytes) → sealed dossier record
//	shards       one byte (the ID's first byte) → sealed records of every
//	             dossier whose ID starts with it
//	history      ID ‖ version (8 bytes) → sealed earlier version
//	trash        ID → sealed deleted dossier with its deletion time
//	attachments  attachment ID (16 random bytes) → sealed content
//	log          sequence (8 bytes) → sealed access log event
//	contacts     contact ID (16 random bytes) → sealed contact
//
// The per-dossier values are the source of truth and make damage local: a
// value that fails to decrypt costs one dossier. The 256 shards are a sealed
// index of the same records, so that unlocking decrypts 256 age files instead
// of one per dossier; both are written in the same transaction.
//
// # Concurrency
//
// A [Store] holds bbolt's exclusive file lock from [Open] to [Store.Close];
// another process gets [ErrInUse]. A locked store can give the file up with
// [Store.Release] (the interface does, while locked); the next Unlock takes
// it back. Its methods are safe for concurrent use.
package vault
