package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"confidant/crypto"
)

// FormatVersion is the vault format this program writes. It refuses to open
// a vault whose format is newer.
const FormatVersion = 1

// HistoryDepth is how many versions of a dossier are kept, the current one
// included.
const HistoryDepth = 32

// TrashRetention is how long a deleted dossier stays in the trash before
// [Store.Unlock] purges it.
const TrashRetention = 30 * 24 * time.Hour

// DefaultTimeout is how long [Open] waits for another process to let go of
// the vault before it returns [ErrInUse].
const DefaultTimeout = time.Second

var (
	bucketMeta        = []byte("meta")
	bucketDossiers    = []byte("dossiers")
	bucketShards      = []byte("shards")
	bucketHistory     = []byte("history")
	bucketTrash       = []byte("trash")
	bucketAttachments = []byte("attachments")
	bucketLog         = []byte("log")
	bucketContacts    = []byte("contacts")
	allBuckets        = [][]byte{bucketMeta, bucketDossiers, bucketShards, bucketHistory, bucketTrash,
		bucketAttachments, bucketLog, bucketContacts}

	keyFormat = []byte("format")
	keyKeys   = []byte("keys")
)

// Options tune [Open] and [Create]. The zero value is ready to use.
type Options struct {
	// Timeout is how long to wait for another process holding the vault;
	// zero means DefaultTimeout. It is never infinite.
	Timeout time.Duration
	// Now returns the current time; nil means time.Now. Tests set it.
	Now func() time.Time
}

// CreateOptions choose how a new vault's keys are made.
type CreateOptions struct {
	// WorkFactor is the scrypt work factor (log2 N) of the passphrase; zero
	// means crypto.DefaultWorkFactor (18).
	WorkFactor int
	// PostQuantum makes the handoff identity age's ML-KEM-768 + X25519 hybrid.
	// It is ignored when Identity is set.
	PostQuantum bool
	// Identity, if set, is the handoff identity to keep ("AGE-SECRET-KEY-1…"
	// or "AGE-SECRET-KEY-PQ-1…", as [Bundle.Identity] carries it) instead of
	// generating one: a vault restored from a backup stays the recipient of
	// handoffs sent to the old one. The vault key is new all the same. An
	// identity that does not parse makes [Create] return an error wrapping
	// [ErrInvalid].
	Identity string
}

// Store is an open vault. It is locked until [Store.Unlock] and holds the
// vault file's lock until [Store.Close].
type Store struct {
	path string
	db   *bolt.DB
	now  func() time.Time

	mu      sync.RWMutex
	keys    *crypto.Keys       // nil while locked
	shards  [256]map[ID]*entry // decrypted dossiers by the first byte of their ID
	count   int                // dossiers in shards
	sorted  []Dossier          // cache for List, by title; nil when stale
	damaged []ID               // dossiers that failed to decrypt at unlock
	// textReady says every entry has its search text (see ensureText).
	textReady bool
}

type entry struct {
	d    Dossier
	text string // searchText, lowercased; built by the first Search
}

// DefaultPath returns $XDG_DATA_HOME/confidant/vault.db, or
// ~/.local/share/confidant/vault.db when XDG_DATA_HOME is not set.
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "confidant", "vault.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the home directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "confidant", "vault.db"), nil
}

func (o *Options) timeout() time.Duration {
	if o == nil || o.Timeout <= 0 {
		return DefaultTimeout
	}
	return o.Timeout
}

func (o *Options) clock() func() time.Time {
	if o == nil || o.Now == nil {
		return time.Now
	}
	return o.Now
}

func openBolt(path string, o *Options) (*bolt.DB, error) {
	// InitialMmapSize reserves address space, not memory: without it a large
	// write (an import) makes bbolt remap the growing file again and again,
	// copying the pending transaction each time.
	var db *bolt.DB
	err := guarded(func() (err error) {
		db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: o.timeout(), FreelistType: bolt.FreelistMapType,
			InitialMmapSize: 1 << 30})
		return err
	})
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, ErrInUse
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, fmt.Errorf("%w: %s", ErrNotVault, path)
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("opening %s: %w", path, err)
	case errors.Is(err, ErrCorrupt):
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nil, fmt.Errorf("%w: %s: %v", ErrNotVault, path, err)
}

// Create makes a new vault at path, sealed with passphrase, and returns it
// unlocked. It creates missing directories 0700 and the file 0600, and
// refuses with [ErrExists] if anything is already at path.
func Create(path string, passphrase []byte, co CreateOptions, o *Options) (*Store, error) {
	wf := co.WorkFactor
	if wf == 0 {
		wf = crypto.DefaultWorkFactor
	}
	if wf < crypto.MinWorkFactor || wf > crypto.MaxWorkFactor {
		return nil, fmt.Errorf("%w: work factor %d (choose %d to %d)", ErrInvalid, wf, crypto.MinWorkFactor, crypto.MaxWorkFactor)
	}
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("%w: the passphrase is empty", ErrInvalid)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating the vault directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%w: %s", ErrExists, path)
	} else if err != nil {
		return nil, fmt.Errorf("creating the vault: %w", err)
	}
	f.Close()
	s, err := create(path, passphrase, wf, co, o)
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return s, nil
}

func create(path string, passphrase []byte, wf int, co CreateOptions, o *Options) (*Store, error) {
	var keys *crypto.Keys
	var err error
	if co.Identity != "" {
		keys, err = crypto.KeysWithIdentity(co.Identity)
		if errors.Is(err, crypto.ErrKeyFormat) {
			return nil, fmt.Errorf("%w: the handoff identity to keep is not an age identity", ErrInvalid)
		}
	} else {
		keys, err = crypto.GenerateKeys(co.PostQuantum)
	}
	if err != nil {
		return nil, err
	}
	sealed, err := crypto.SealKeys(keys, passphrase, wf)
	if err != nil {
		return nil, err
	}
	db, err := openBolt(path, o)
	if err != nil {
		return nil, err
	}
	err = guarded(func() error {
		return db.Update(func(tx *bolt.Tx) error {
			for _, name := range allBuckets {
				if _, err := tx.CreateBucket(name); err != nil {
					return err
				}
			}
			meta := tx.Bucket(bucketMeta)
			if err := meta.Put(keyFormat, []byte(strconv.Itoa(FormatVersion))); err != nil {
				return err
			}
			return meta.Put(keyKeys, sealed)
		})
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("writing the new vault: %w", err)
	}
	s := &Store{path: path, db: db, now: o.clock(), keys: keys}
	s.resetShards()
	return s, nil
}

// Open opens the vault at path, locked. It waits at most the options'
// timeout for another process and then returns [ErrInUse]; it returns
// [ErrNoVault] if there is no file, [ErrNotVault] for a file that is not a
// vault, and [ErrNewerFormat] for a vault from a newer program.
func Open(path string, o *Options) (*Store, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNoVault, path)
	}
	// bbolt would turn an empty file into a new database; leave it alone.
	if err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		return nil, fmt.Errorf("%w: %s is empty", ErrNotVault, path)
	}
	db, err := openBolt(path, o)
	if err != nil {
		return nil, err
	}
	err = guarded(func() error {
		return db.View(func(tx *bolt.Tx) error {
			meta := tx.Bucket(bucketMeta)
			if meta == nil || meta.Get(keyKeys) == nil {
				return fmt.Errorf("%w: %s", ErrNotVault, path)
			}
			v, err := strconv.Atoi(string(meta.Get(keyFormat)))
			if err != nil || v < 1 {
				return fmt.Errorf("%w: %s has no readable format version", ErrNotVault, path)
			}
			if v > FormatVersion {
				return fmt.Errorf("%w: format %d, this program reads up to %d", ErrNewerFormat, v, FormatVersion)
			}
			for _, name := range allBuckets {
				if tx.Bucket(name) == nil {
					return fmt.Errorf("%w: %s lacks a part of the vault", ErrNotVault, path)
				}
			}
			return nil
		})
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{path: path, db: db, now: o.clock()}, nil
}

// Path returns the vault file's path.
func (s *Store) Path() string { return s.path }

// Close locks the vault and releases the file.
func (s *Store) Close() error {
	s.Lock()
	return s.db.Close()
}

// Locked reports whether the vault is locked.
func (s *Store) Locked() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.keys == nil
}

// Lock drops the keys and every decrypted value. The store stays open and
// can be unlocked again.
func (s *Store) Lock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys != nil {
		s.keys.Wipe()
	}
	s.keys = nil
	s.resetShards()
	s.damaged = nil
}

func (s *Store) resetShards() {
	for i := range s.shards {
		s.shards[i] = nil
	}
	s.count = 0
	s.sorted = nil
	s.textReady = false
}

// WorkFactor returns the scrypt work factor of the vault's passphrase.
func (s *Store) WorkFactor() (int, error) {
	sealed, err := s.sealedKeys()
	if err != nil {
		return 0, err
	}
	return crypto.WorkFactor(sealed)
}

func (s *Store) sealedKeys() ([]byte, error) {
	var sealed []byte
	err := s.view(func(tx *bolt.Tx) error {
		sealed = bytes.Clone(tx.Bucket(bucketMeta).Get(keyKeys))
		return nil
	})
	return sealed, err
}

// Unlock derives the key from passphrase, decrypts every dossier and purges
// trash older than [TrashRetention]. It returns [ErrWrongPassphrase] when the
// passphrase is wrong; a dossier that fails to decrypt does not fail Unlock
// and is listed by [Store.Damaged].
func (s *Store) Unlock(passphrase []byte) error {
	sealed, err := s.sealedKeys()
	if err != nil {
		return err
	}
	keys, err := crypto.OpenKeys(sealed, passphrase)
	switch {
	case errors.Is(err, crypto.ErrWrongPassphrase):
		return ErrWrongPassphrase
	case err != nil:
		return fmt.Errorf("%w: the vault keys cannot be read (restore from a backup): %v", ErrDamaged, err)
	}
	return s.unlockWith(keys)
}

// CheckPassphrase reports whether passphrase opens this unlocked vault,
// without reloading anything: the interface asks for it to leave the privacy
// screen. It costs one key derivation. It returns [ErrWrongPassphrase] when it
// does not, and [ErrLocked] while the vault is locked.
func (s *Store) CheckPassphrase(passphrase []byte) error {
	sealed, err := s.sealedKeys()
	if err != nil {
		return err
	}
	keys, err := crypto.OpenKeys(sealed, passphrase)
	if errors.Is(err, crypto.ErrWrongPassphrase) {
		return ErrWrongPassphrase
	} else if err != nil {
		return fmt.Errorf("%w: the vault keys cannot be read: %v", ErrDamaged, err)
	}
	defer keys.Wipe()
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return ErrLocked
	}
	if !s.keys.Equal(keys) {
		return ErrWrongPassphrase
	}
	return nil
}

func (s *Store) unlockWith(keys *crypto.Keys) error {
	var shards [256]map[ID]*entry
	var damaged []ID
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		shards, damaged, err = load(tx, keys)
		return err
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	if s.keys != nil {
		s.keys.Wipe()
	}
	s.keys, s.shards, s.damaged, s.sorted, s.textReady = keys, shards, damaged, nil, false
	s.count = 0
	for _, m := range shards {
		s.count += len(m)
	}
	s.mu.Unlock()
	return s.purgeTrash()
}

// load decrypts every dossier from the 256 shards, in parallel. It reads
// nothing else: the per-dossier values stay on disk, unread, unless a shard
// is missing or fails to open, when the dossiers under its first byte are
// opened one by one instead and those that fail are reported as damaged. A
// shard also names the dossiers that were already unreadable when it was
// written, so that they stay reported.
func load(tx *bolt.Tx, keys *crypto.Keys) (shards [256]map[ID]*entry, damaged []ID, err error) {
	// Gather the values first: a bbolt transaction is not for use by more
	// than one goroutine, but the slices it returns stay valid until it ends.
	var sealed [256][]byte
	sb := tx.Bucket(bucketShards)
	for i := range sealed {
		// A copy: the workers then never touch bbolt's mapping, which can
		// fault on a damaged file (see guarded).
		sealed[i] = bytes.Clone(sb.Get([]byte{byte(i)}))
	}
	var opened [256]bool
	var unreadable [256][]ID
	var wg sync.WaitGroup
	next := make(chan int, len(sealed))
	for i := range sealed {
		if sealed[i] != nil {
			next <- i
		}
	}
	close(next)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				plain, err := keys.Open(sealed[i])
				if err != nil {
					continue
				}
				ds, bad, err := parseShard(plain)
				if err != nil || slices.ContainsFunc(ds, func(d Dossier) bool { return d.ID[0] != byte(i) }) {
					continue // damaged, or moved here from another shard
				}
				m := make(map[ID]*entry, len(ds))
				for _, d := range ds {
					m[d.ID] = &entry{d: d}
				}
				shards[i], opened[i], unreadable[i] = m, true, bad
			}
		})
	}
	wg.Wait()
	db := tx.Bucket(bucketDossiers)
	for i := range sealed {
		for _, id := range unreadable[i] {
			// Known to be damaged when the shard was written; still try it, in
			// case the damage was repaired.
			if v := db.Get(id[:]); v != nil {
				if d, err := openDossier(keys, id, v); err == nil && shards[i] != nil {
					shards[i][id] = &entry{d: d}
				} else {
					damaged = append(damaged, id)
				}
			}
		}
	}
	c := db.Cursor()
	for i := range sealed {
		if opened[i] {
			continue
		}
		prefix := []byte{byte(i)}
		for k, v := c.Seek(prefix); k != nil && k[0] == byte(i); k, v = c.Next() {
			if len(k) != len(ID{}) {
				continue
			}
			id := ID(k)
			d, err := openDossier(keys, id, v)
			if err != nil {
				damaged = append(damaged, id)
				continue
			}
			if shards[i] == nil {
				shards[i] = map[ID]*entry{}
			}
			shards[i][id] = &entry{d: d}
		}
	}
	return shards, damaged, nil
}

// openDossier decrypts and decodes one sealed dossier record and checks that
// it is the dossier stored under id.
func openDossier(keys *crypto.Keys, id ID, sealed []byte) (Dossier, error) {
	var d Dossier
	plain, err := keys.Open(sealed)
	if err != nil {
		return d, fmt.Errorf("dossier %s: %w", id, ErrDamaged)
	}
	if err := d.UnmarshalBinary(plain); err != nil {
		return d, fmt.Errorf("dossier %s: %w", id, err)
	}
	if d.ID != id {
		return Dossier{}, fmt.Errorf("dossier %s: %w: it holds another dossier", id, ErrDamaged)
	}
	return d, nil
}

// Damaged returns the IDs of dossiers that failed to decrypt at unlock.
func (s *Store) Damaged() []ID {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.damaged)
}

// Recipient returns the vault's public age recipient for handoffs. It
// returns [ErrLocked] while the vault is locked.
func (s *Store) Recipient() (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return "", ErrLocked
	}
	return s.keys.Recipient(), nil
}

// Len returns the number of dossiers, or 0 while locked.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count
}

// List returns every dossier sorted by title (case-insensitively), or nil
// while locked. The dossiers are shared with the store: read them, do not
// change them. The slice stays valid after later writes.
func (s *Store) List() []Dossier {
	s.mu.RLock()
	if s.sorted != nil || s.keys == nil {
		defer s.mu.RUnlock()
		return s.sorted
	}
	s.mu.RUnlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sorted == nil && s.keys != nil {
		s.sorted = s.sortedLocked()
	}
	return s.sorted
}

func (s *Store) sortedLocked() []Dossier {
	out := make([]Dossier, 0, s.count)
	for _, m := range s.shards {
		for _, e := range m {
			out = append(out, e.d)
		}
	}
	sortByTitle(out)
	return out
}

// sortByTitle sorts dossiers by title, case-insensitively, then by ID. Each
// title is lowercased once rather than at every comparison, and the sort
// moves small keys, not whole dossiers.
func sortByTitle(ds []Dossier) {
	type key struct {
		title string
		i     int
	}
	keys := make([]key, len(ds))
	for i := range ds {
		keys[i] = key{strings.ToLower(ds[i].Title), i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.title, b.title); c != 0 {
			return c
		}
		return bytes.Compare(ds[a.i].ID[:], ds[b.i].ID[:])
	})
	sorted := make([]Dossier, len(ds))
	for j, k := range keys {
		sorted[j] = ds[k.i]
	}
	copy(ds, sorted)
}

// Get returns a copy of the dossier with id, [ErrNotFound], or [ErrLocked].
func (s *Store) Get(id ID) (Dossier, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return Dossier{}, ErrLocked
	}
	e, ok := s.shards[id[0]][id]
	if !ok {
		return Dossier{}, fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
	}
	return e.d.Clone(), nil
}

// Resolve finds the dossier a person named: a full ID, an ID prefix of at
// least 4 hex digits, or a title (case-insensitively). It returns a copy,
// [ErrNotFound], or [ErrAmbiguous] when more than one dossier matches.
func (s *Store) Resolve(ref string) (Dossier, error) {
	ref = strings.TrimSpace(ref)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return Dossier{}, ErrLocked
	}
	if id, err := ParseID(ref); err == nil {
		if e, ok := s.shards[id[0]][id]; ok {
			return e.d.Clone(), nil
		}
	}
	var byID, byTitle []*entry
	lower := strings.ToLower(ref)
	prefix := len(ref) >= 4 && isHex(lower)
	for _, m := range s.shards {
		for id, e := range m {
			if prefix && strings.HasPrefix(id.String(), lower) {
				byID = append(byID, e)
			}
			if strings.EqualFold(e.d.Title, ref) {
				byTitle = append(byTitle, e)
			}
		}
	}
	for _, found := range [][]*entry{byID, byTitle} {
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0].d.Clone(), nil
		default:
			return Dossier{}, fmt.Errorf("%w: %d dossiers match %q; use the ID", ErrAmbiguous, len(found), ref)
		}
	}
	return Dossier{}, fmt.Errorf("no dossier matches %q: %w", ref, ErrNotFound)
}

func isHex(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// Search returns the dossiers whose title, kind, tags, notes, field labels,
// values of fields that are not secret, date labels or attachment names
// contain every word of query, case-insensitively, sorted by title. Secret
// values are not searched: a search must not confirm a guess at a password.
// An empty query matches everything. The dossiers are shared with the store;
// do not change them.
func (s *Store) Search(query string) []Dossier {
	terms := strings.Fields(strings.ToLower(query))
	if len(terms) == 0 {
		return s.List()
	}
	s.ensureText()
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Dossier
	for _, m := range s.shards {
	entries:
		for _, e := range m {
			for _, t := range terms {
				if !strings.Contains(e.text, t) {
					continue entries
				}
			}
			out = append(out, e.d)
		}
	}
	sortByTitle(out)
	return out
}

// ensureText builds the search text of every dossier that lacks one. Only a
// search needs it, so unlocking does not pay for it: a command that shows
// one dossier never builds it.
func (s *Store) ensureText() {
	s.mu.RLock()
	ready := s.textReady
	s.mu.RUnlock()
	if ready {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil || s.textReady {
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, len(s.shards))
	for i := range s.shards {
		next <- i
	}
	close(next)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				for _, e := range s.shards[i] {
					if e.text == "" {
						e.text = e.d.searchText()
					}
				}
			}
		})
	}
	wg.Wait()
	s.textReady = true
}

// ChangePassphrase re-seals the vault keys with a new passphrase at the same
// work factor, or at workFactor if it is not zero. Nothing else is
// re-encrypted. It returns [ErrLocked] while the vault is locked.
func (s *Store) ChangePassphrase(passphrase []byte, workFactor int) error {
	if workFactor == 0 {
		wf, err := s.WorkFactor()
		if err != nil {
			return err
		}
		workFactor = wf
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil {
		return ErrLocked
	}
	sealed, err := crypto.SealKeys(s.keys, passphrase, workFactor)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyKeys, sealed)
	})
}
