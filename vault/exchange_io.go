package vault

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"confidant/crypto"
)

// Bundle files: a bundle's age-encrypted form on disk, written and read for
// callers that do not import package crypto (the interactive interface).

// Errors about files for and from other people. They are package crypto's
// own values, so that errors.Is matches either name; their text never holds
// a secret.
var (
	// ErrNotAgeFile is returned by [Store.DecryptFile] for a file that is
	// not age-encrypted, binary or armored.
	ErrNotAgeFile = crypto.ErrNotAgeFile

	// ErrFileCorrupt is returned by [Store.DecryptFile] for an age file that
	// is truncated, malformed or was tampered with.
	ErrFileCorrupt = crypto.ErrCorrupt

	// ErrNotForYou is returned by [Store.DecryptFile] when the file is
	// addressed neither to this vault nor to a passphrase; the detail after
	// it says whom it is for, where age can tell.
	ErrNotForYou = crypto.ErrNotForYou

	// ErrPassphraseNeeded is returned by [Store.DecryptFile] for a
	// passphrase-encrypted file when no passphrase was given: ask for one
	// and call it again.
	ErrPassphraseNeeded = crypto.ErrPassphraseNeeded

	// ErrFileTooLarge is returned by [Store.DecryptFile] for a file over the
	// limit; nothing past the limit is read.
	ErrFileTooLarge = crypto.ErrTooLarge

	// ErrIdentity is returned by [Store.DecryptFile] for an identity file
	// that cannot be used: not an identity, a passphrase-protected ssh key,
	// a plugin's identity without [FileKeys.Prompts].
	ErrIdentity = crypto.ErrIdentity

	// ErrPlugin is returned by [Store.DecryptFile] when a plugin's identity
	// (a hardware key's) did not open the file: a wrong PIN, a question
	// canceled, a key not plugged in. The plugin's words follow it.
	ErrPlugin = crypto.ErrPlugin

	// ErrRecipient is returned by [CheckRecipient] and [WriteBundleFile] for
	// a string that is not a public key a file can be encrypted to.
	ErrRecipient = crypto.ErrRecipient
)

// CheckRecipient returns nil if r is a public key a bundle file can be
// encrypted to: "age1…", "age1pq1…", "ssh-ed25519 …", "ssh-rsa …" or an age
// plugin recipient. Otherwise it returns an error wrapping [ErrRecipient],
// which may quote r (a public key) but never a secret.
func CheckRecipient(r string) error {
	_, err := crypto.ParseRecipient(r, nil)
	return err
}

// CheckRecipients returns nil if one file can be encrypted to all of to:
// each is a recipient ([CheckRecipient]), and post-quantum ones are not
// mixed with classic ones (an error wrapping [ErrMixedRecipients]).
func CheckRecipients(to []string) error {
	rs, err := Seal{To: to}.recipients()
	if err != nil {
		return err
	}
	return crypto.CheckRecipients(rs)
}

// ErrMixedRecipients is returned by [CheckRecipients] and
// [WriteBundleFile] for post-quantum and classic recipients together.
var ErrMixedRecipients = crypto.ErrMixedRecipients

// Seal says how [WriteBundleFile] encrypts a bundle.
type Seal struct {
	// To are the public recipients (see [CheckRecipient]). When empty, the
	// file is encrypted with Passphrase instead.
	To []string
	// Passphrase encrypts the file with age's scrypt recipient when To is
	// empty. WriteBundleFile does not keep or clear it.
	Passphrase []byte
	// WorkFactor is the scrypt work factor of Passphrase; zero means
	// crypto.DefaultWorkFactor (18).
	WorkFactor int
	// Armor writes ASCII armor instead of binary.
	Armor bool
	// Sender, for a handoff to To, seals the file as written by this vault
	// ([Store.HandoffEncrypter]), so that the recipients can tell.
	Sender *Store
}

// WriteBundleFile encrypts b as seal says and writes it to path, mode 0600.
// The file is written under a temporary name beside path, synced, then
// moved into place, so that path holds either the complete file or what it
// held before, never part of one. Only the encrypted file touches the disk.
//
// Without overwrite an existing path is left alone and the error wraps
// [fs.ErrExist]. A bad recipient returns an error wrapping [ErrRecipient];
// nothing is left behind on any failure.
func WriteBundleFile(path string, b *Bundle, seal Seal, overwrite bool) error {
	encrypt, err := seal.Encrypter()
	if err != nil {
		return err
	}
	if seal.Sender != nil && len(seal.To) > 0 {
		rs, err := seal.recipients()
		if err != nil {
			return err
		}
		if encrypt, err = seal.Sender.HandoffEncrypter(rs, seal.Armor, b); err != nil {
			return err
		}
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("writing %s: %w", path, fs.ErrExist)
		}
	}
	return WriteFileAtomic(path, overwrite, func(w io.Writer) error {
		ew, err := encrypt(&capped{w: w, left: maxBundleFile})
		if err != nil {
			return err
		}
		if err := b.Encode(ew); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if err := ew.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	})
}

// Encrypter returns what encrypts a file as seal says: a writer onto an
// age file for the recipients, or for the passphrase. A bad recipient
// returns an error wrapping [ErrRecipient].
func (seal Seal) Encrypter() (func(io.Writer) (io.WriteCloser, error), error) {
	if len(seal.To) > 0 {
		rs, err := seal.recipients()
		if err != nil {
			return nil, err
		}
		return func(w io.Writer) (io.WriteCloser, error) { return crypto.EncryptTo(w, rs, seal.Armor) }, nil
	}
	wf := seal.WorkFactor
	if wf == 0 {
		wf = crypto.DefaultWorkFactor
	}
	return func(w io.Writer) (io.WriteCloser, error) {
		return crypto.EncryptWithPassphrase(w, seal.Passphrase, wf, seal.Armor)
	}, nil
}

func (seal Seal) recipients() ([]crypto.Recipient, error) {
	rs := make([]crypto.Recipient, 0, len(seal.To))
	for _, t := range seal.To {
		r, err := crypto.ParseRecipient(t, nil)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// writeback writes to f and, every writebackEvery bytes, starts writing
// them to the disk: a 12 MB backup's fsync took 10 to 30 ms after the last
// write, and now most of it is on the disk by then.
type writeback struct {
	f             *os.File
	written, sent int64
}

const writebackEvery = 2 << 20

func (w *writeback) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if w.written-w.sent >= writebackEvery {
		startWriteback(w.f, w.sent, w.written-w.sent)
		w.sent = w.written
	}
	return n, err
}

// WriteFileAtomic writes a file, 0600, through fn to a temporary name
// beside path, syncs it and moves it to path, so that path holds either the
// complete new file or what it held before: a failure or a killed process
// never leaves half a file under that name. Without overwrite the move is a
// hard link, which fails with [fs.ErrExist] rather than replace a file that
// appeared meanwhile. fn's errors are returned as they are.
func WriteFileAtomic(path string, overwrite bool, fn func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		// The temporary name means nothing to the person: say what is
		// wrong with the place they chose.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		switch fi, serr := os.Stat(dir); {
		case errors.Is(serr, fs.ErrNotExist):
			return fmt.Errorf("writing %s: there is no folder %s", path, dir)
		case serr == nil && !fi.IsDir():
			return fmt.Errorf("writing %s: %s is not a folder", path, dir)
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
		}
		os.Remove(tmp) // after a link or a failure; gone after a rename
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(&writeback{f: f}, 256<<10)
	if err = fn(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if overwrite {
		err = os.Rename(tmp, path)
	} else if err = os.Link(tmp, path); err != nil && !errors.Is(err, fs.ErrExist) {
		// No hard links here (some network and FUSE file systems): check,
		// then rename.
		if _, serr := os.Lstat(path); serr == nil {
			err = fs.ErrExist
		} else {
			err = os.Rename(tmp, path)
		}
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("writing %s: %w", path, fs.ErrExist)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// FileKeys are what [Store.DecryptFile] may open a file with, beside the
// vault's own handoff identity.
type FileKeys struct {
	// Passphrase opens a passphrase-encrypted file. DecryptFile does not
	// keep or clear it.
	Passphrase []byte
	// IdentityFile is the path of an identity file: age identities, or an
	// OpenSSH private key without a passphrase. Plugin identities (a
	// YubiKey's) need Prompts, since their plugins ask for a PIN or a touch
	// and the caller holds the terminal; without Prompts they are refused.
	IdentityFile string
	// Prompts carries a plugin's questions to the person and the answers
	// back; see [PluginPrompts].
	Prompts *PluginPrompts
	// Plaintext reads a file that is not age-encrypted (a plaintext export)
	// as it is, rather than refusing it with [ErrNotAgeFile].
	Plaintext bool
}

// PluginPrompts is how an age plugin reaches the person while it opens a
// file for an interface that holds the terminal: Message shows its text,
// Ask asks for a value (secret: a PIN, not echoed) and Confirm for a choice,
// both blocking until answered (an error cancels), and Waiting says that
// it waits for something outside the program (a touch).
type PluginPrompts = crypto.PluginPrompts

// DecryptFile reads the age file at path, binary or armored, and returns
// its plaintext and the SHA-256 of the file as it is on disk (for
// [ImportOptions.SHA256]). It opens files addressed to this vault's handoff
// identity and to what keys gives. A file over limit bytes (zero means
// [MaxBundleSize]) is refused before it is read.
//
// Failures wrap [ErrNotAgeFile], [ErrFileCorrupt], [ErrNotForYou],
// [ErrPassphraseNeeded] (ask, then call again), [ErrWrongPassphrase] (for
// the file's passphrase), [ErrIdentity], [ErrFileTooLarge] or [ErrLocked].
// The plaintext belongs to the caller, who should clear it when done.
func (s *Store) DecryptFile(path string, limit int64, keys FileKeys) ([]byte, [32]byte, *Sender, error) {
	id, ok := s.HandoffIdentity()
	if !ok {
		return nil, [32]byte{}, nil, ErrLocked
	}
	return decryptFile(path, limit, keys, id)
}

// ReadBackup decrypts the backup at path with what keys gives (a
// passphrase or an identity file; there is no vault yet whose identity
// could open it) and parses it, for [CreateFromBackup]. A handoff is
// refused with an error wrapping [ErrInvalid]; other failures are those of
// [Store.DecryptFile] and [ParseBundle]. The bundle holds plaintext:
// [Bundle.Wipe] it when done.
func ReadBackup(path string, keys FileKeys) (*Bundle, error) {
	keys.Plaintext = false
	plain, _, sender, err := decryptFile(path, 0, keys)
	if err != nil {
		return nil, err
	}
	sender.Wipe()
	defer clear(plain)
	b, err := ParseBundle(plain)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if b.Purpose != PurposeBackup {
		b.Wipe()
		return nil, fmt.Errorf("%w: %s is a handoff, not a backup; create a vault and import it", ErrInvalid, filepath.Base(path))
	}
	return b, nil
}

// CreateFromBackup creates a new vault at path sealed with passphrase, as
// [Create] does with co (set co.Identity to b.Identity to keep the backup's
// handoff identity, so that handoffs sent to the old vault still open), and
// restores b into it ([Store.Restore]). If the restore fails, the new file
// is removed: nothing is left half restored.
func CreateFromBackup(path string, passphrase []byte, b *Bundle, source string, co CreateOptions, o *Options) (*Store, error) {
	s, err := Create(path, passphrase, co, o)
	if err != nil {
		return nil, err
	}
	if err := s.Restore(b, source); err != nil {
		s.Close()
		os.Remove(path)
		return nil, err
	}
	return s, nil
}

// decryptFile is DecryptFile with the identities ids beside what keys
// gives.
func decryptFile(path string, limit int64, keys FileKeys, ids ...crypto.Identity) ([]byte, [32]byte, *Sender, error) {
	var sum [32]byte
	if limit <= 0 {
		limit = MaxBundleSize
	}
	if keys.IdentityFile != "" {
		more, err := readIdentityFile(keys.IdentityFile, keys.Prompts)
		if err != nil {
			return nil, sum, nil, err
		}
		ids = append(ids, more...)
	}
	f, size, err := OpenInput(path) // size 0 when unknown: Decrypt then grows its buffer as it reads
	if err != nil {
		return nil, sum, nil, err
	}
	defer f.Close()
	if size > limit {
		return nil, sum, nil, fmt.Errorf("%s: %w (%s)", filepath.Base(path), ErrFileTooLarge, sizeText(limit))
	}
	passphrase := keys.Passphrase
	pass := crypto.PassphraseIdentity(func() ([]byte, error) {
		if len(passphrase) == 0 {
			return nil, nil
		}
		return bytes.Clone(passphrase), nil // Decrypt clears what it is given
	})
	h := sha256.New()
	plain, sender, err := crypto.DecryptSender(crypto.Sized(io.TeeReader(f, h), size), limit, append(ids, pass)...)
	if errors.Is(err, crypto.ErrNotAgeFile) && keys.Plaintext {
		plain, sum, err := ReadPlainFile(path, limit)
		return plain, sum, &Sender{}, err
	}
	if errors.Is(err, crypto.ErrWrongPassphrase) {
		return nil, sum, nil, fmt.Errorf("%s: %w", filepath.Base(path), ErrWrongPassphrase)
	}
	if err != nil {
		return nil, sum, nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	// Hash whatever followed the age payload too (armor trailers).
	if _, err := io.Copy(h, io.LimitReader(f, limit)); err != nil {
		clear(plain)
		sender.Wipe()
		return nil, sum, nil, err
	}
	copy(sum[:], h.Sum(nil))
	return plain, sum, sender, nil
}

// readIdentityFile reads the identities in the file at path for
// DecryptFile; a plugin's asks through prompts, and without them is
// refused, since there is no terminal to ask on.
func readIdentityFile(path string, prompts *PluginPrompts) ([]crypto.Identity, error) {
	f, err := os.Open(path)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, fmt.Errorf("%w: cannot read %s: %v", ErrIdentity, filepath.Base(path), pe.Err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIdentity, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20+1))
	defer clear(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIdentity, err)
	}
	if prompts != nil {
		return crypto.ParseIdentitiesPrompting(data, filepath.Base(path), prompts)
	}
	ids, err := crypto.ParseIdentities(data, filepath.Base(path), nil, io.Discard)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if id.Plugin() {
			return nil, fmt.Errorf("%w: %s is an age plugin's identity, whose plugin may ask for a PIN or a touch; import the file from the command line with confidant import --identity", ErrIdentity, filepath.Base(path))
		}
	}
	return ids, nil
}

// ReadPlainFile reads a file that is not encrypted (a plaintext export)
// whole and returns it with its SHA-256. A file over max bytes is refused,
// before it is read when its size is known, with an error wrapping
// [ErrFileTooLarge]; nothing is read past max.
func ReadPlainFile(path string, max int64) ([]byte, [32]byte, error) {
	var sum [32]byte
	f, known, err := OpenInput(path)
	if err != nil {
		return nil, sum, err
	}
	defer f.Close()
	// Read a file of known size into a buffer of its size: io.ReadAll
	// doubled its way to over twice the limit just to find a file too
	// large.
	size := int64(bytes.MinRead)
	if known > 0 {
		if known > max {
			return nil, sum, fmt.Errorf("%s: %w (%s)", filepath.Base(path), ErrFileTooLarge, sizeText(max))
		}
		size = known + 1
	}
	h := sha256.New()
	buf := bytes.NewBuffer(make([]byte, 0, min(size, max+1)+bytes.MinRead)) // MinRead: no growth for the read that finds EOF
	_, err = buf.ReadFrom(io.LimitReader(io.TeeReader(f, h), max+1))
	data := buf.Bytes()
	if err != nil {
		clear(data)
		return nil, sum, err
	}
	if int64(len(data)) > max {
		clear(data)
		return nil, sum, fmt.Errorf("%s: %w (%s)", filepath.Base(path), ErrFileTooLarge, sizeText(max))
	}
	copy(sum[:], h.Sum(nil))
	return data, sum, nil
}

// OpenInput opens the file at path to read a backup, a handoff or an
// export from, and returns its size, or 0 when it is not a regular file (a
// pipe). A folder is refused in words a person can act on, rather than
// read as an empty file.
func OpenInput(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if fi.IsDir() {
		f.Close()
		return nil, 0, fmt.Errorf("%s is a folder, not a file; name a file in it", path)
	}
	if !fi.Mode().IsRegular() {
		return f, 0, nil
	}
	return f, fi.Size(), nil
}

// sizeText says a limit the way a person reads it: "64 MiB", "1 GiB",
// "512 bytes".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
