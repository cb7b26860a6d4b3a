package vault

import "errors"

// Errors returned by this package. Callers compare with [errors.Is]; their
// text never contains a decrypted value.
var (
	// ErrInUse is returned by [Open] when another process holds the vault.
	ErrInUse = errors.New("vault is in use by another process")

	// ErrNoVault is returned by [Open] when there is no vault at the path.
	ErrNoVault = errors.New("no vault here")

	// ErrExists is returned by [Create] when the path already holds a file.
	ErrExists = errors.New("a vault already exists here")

	// ErrNewerFormat is returned by [Open] for a vault written by a newer
	// version of this program.
	ErrNewerFormat = errors.New("vault was written by a newer version of confidant")

	// ErrNotVault is returned by [Open] for a file that is not a vault.
	ErrNotVault = errors.New("file is not a confidant vault")

	// ErrLocked is returned by methods that need the decrypted vault when it
	// has not been unlocked, or has been locked again.
	ErrLocked = errors.New("vault is locked")

	// ErrWrongPassphrase is returned by [Store.Unlock] when the passphrase
	// does not open the vault.
	ErrWrongPassphrase = errors.New("wrong passphrase")

	// ErrNotFound is returned when no dossier, version, attachment or contact
	// matches.
	ErrNotFound = errors.New("not found")

	// ErrAmbiguous is returned by [Store.Resolve] when a reference matches
	// more than one dossier.
	ErrAmbiguous = errors.New("more than one dossier matches")

	// ErrConflict is returned by [Store.Save] when the dossier changed since
	// the copy being saved was read.
	ErrConflict = errors.New("dossier changed since it was read")

	// ErrDamaged is returned for a value that fails to decrypt or does not
	// belong where it is stored.
	ErrDamaged = errors.New("damaged or tampered value")

	// ErrCorrupt is returned when the vault file itself is damaged below
	// the sealed values (bbolt's pages): no command can read it.
	ErrCorrupt = errors.New("the vault file is damaged")

	// ErrInvalid is returned for a dossier, field, date or period that does
	// not validate; the detail follows it.
	ErrInvalid = errors.New("invalid")

	// ErrTooLarge is returned for an attachment over [MaxAttachmentSize].
	ErrTooLarge = errors.New("attachment is larger than 16 MiB")
)

// Errors about bundles, imports and contacts.
var (
	// ErrBundle is returned by [ParseBundle] for data that is not a readable
	// bundle, or breaks one of its limits; the detail says where, never a
	// value.
	ErrBundle = errors.New("not a readable confidant bundle")

	// ErrBundleVersion is returned by [ParseBundle] for a bundle whose
	// "format" this program does not know.
	ErrBundleVersion = errors.New("unknown bundle format")

	// ErrContactExists is returned by [Store.AddContact] when the address
	// book already has a contact of that name.
	ErrContactExists = errors.New("a contact of that name already exists")
)
