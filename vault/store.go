package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"confidant/crypto"
)

// FormatVersion is the vault format this program writes. It refuses to open
// a vault whose format is newer. Format 2 added the summaries bucket; a
// format 1 vault opens (its shards are read whole). Format 3 keeps only
// earlier versions in the history bucket, where format 2 also kept the
// current one; a format 2 vault opens as it is. An older vault becomes
// format 3 at its first write.
const FormatVersion = 3

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
	bucketSummaries   = []byte("summaries")
	// v1Buckets are the buckets of a format 1 vault; allBuckets, of the
	// current format.
	v1Buckets = [][]byte{bucketMeta, bucketDossiers, bucketShards, bucketHistory, bucketTrash,
		bucketAttachments, bucketLog, bucketContacts}
	allBuckets = append(v1Buckets[:len(v1Buckets):len(v1Buckets)], bucketSummaries)

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
// vault file's lock until [Store.Close], or while locked, until
// [Store.Release].
type Store struct {
	path string
	opts *Options
	now  func() time.Time

	// fileMu guards db, which is nil while the file is released (see
	// Release): every transaction goes through file().
	fileMu sync.Mutex
	db     *bolt.DB
	fileID os.FileInfo // the file db is, as it stood when opened (see stillThere)

	mu   sync.RWMutex
	keys *crypto.Keys // nil while locked
	// The dossiers, by the first byte of their ID (their shard). Nothing
	// is decrypted at unlock: the summaries are read the first time
	// something needs them (see needSummaries), a shard's dossiers the
	// first time something needs those (see need).
	shards    [256]map[ID]*Dossier // decrypted dossiers of the loaded shards
	loaded    [256]bool            // shards[i] holds every readable dossier of shard i
	sums      [256][]Summary       // summaries of the loaded shards, and of all once sumsRead
	sumsRead  bool                 // every shard's summaries are in sums
	count     int                  // dossiers, from sums
	sorted    []Dossier            // cache for List, by title; nil when stale
	summaries []Summary            // cache for Summaries, by title; nil when stale
	damaged   []ID                 // dossiers found unreadable so far
	writes    uint64               // transactions written, so that a plan knows it is stale
}

// DefaultPath returns $XDG_DATA_HOME/confidant/vault.db, or
// ~/.local/share/confidant/vault.db when XDG_DATA_HOME is not set.
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "confidant", "vault.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory to keep the vault in ($HOME is not set): set HOME or XDG_DATA_HOME, or choose a vault with --vault or CONFIDANT_VAULT")
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
	// copying the pending transaction each time. Where the address space is
	// limited (ulimit -v) it takes at most a quarter of it: under 1.5 GiB, a
	// map of 1 GiB fitted, and left the Go heap too little to grow, so that
	// a command died of "out of memory" once in a while, under load. Where
	// even that does not fit, the map is only as large as the file, as bbolt
	// makes it by default.
	mmapSize := 1 << 30
	if limit, ok := addressSpaceLimit(); ok {
		mmapSize = int(min(uint64(mmapSize), limit/4))
	}
	var db *bolt.DB
	open := func(mmapSize int) error {
		return guarded(func() (err error) {
			db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: o.timeout(), FreelistType: bolt.FreelistMapType,
				InitialMmapSize: mmapSize})
			return err
		})
	}
	err := open(mmapSize)
	if errors.Is(err, syscall.ENOMEM) {
		err = open(0)
	}
	if err != nil {
		return nil, openFailure(path, err)
	}
	return db, nil
}

// openFailure says in one line why bbolt could not open the file at path,
// and what to do.
func openFailure(path string, err error) error {
	switch {
	case errors.Is(err, syscall.ENOMEM):
		return fmt.Errorf("opening %s: %w (is the address space limited, as by ulimit -v? Confidant needs about 2 GiB of it)", path, err)
	case errors.Is(err, berrors.ErrTimeout):
		return ErrInUse
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return fmt.Errorf("%w: %s", ErrNotVault, path)
	case errors.Is(err, fs.ErrPermission):
		// bbolt's words were "opening v.db: open v.db: permission
		// denied", which said neither why nor what to do.
		return fmt.Errorf("%s: %w: Confidant reads and writes the vault file, so it needs both; check its owner and mode (ls -l), or copy it to a folder of yours", path, fs.ErrPermission)
	case errors.Is(err, ErrCorrupt):
		return fmt.Errorf("%s: %w", path, err)
	case isWriteFailure(err):
		// bbolt writes a new file's first pages in Open: no room for them
		// is a full disk, not a damaged vault.
		return err // it names the file: "write …/vault.db: no space left on device"
	}
	var errno syscall.Errno
	if errors.As(err, &errno) && errno != syscall.EINVAL {
		// The system refused (a read error, a file system that cannot map
		// files): the file may be a good vault, and restoring it from a
		// backup, as "not a vault" advises, would lose what the backup lacks.
		return fmt.Errorf("opening %s: %w", path, err)
	}
	return fmt.Errorf("%w: %s: %v", ErrNotVault, path, err)
}

func isWriteFailure(err error) bool {
	var pe *fs.PathError
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		errors.As(err, &pe) && pe.Op == "write"
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
		return nil, fmt.Errorf("writing the new vault: %w", err)
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
	s := &Store{path: path, opts: o, db: db, fileID: fileID(path), now: o.clock(), keys: keys}
	s.resetShards()
	for i := range s.loaded {
		s.loaded[i] = true
	}
	s.sumsRead = true
	return s, nil
}

// Open opens the vault at path, locked. It waits at most the options'
// timeout for another process and then returns [ErrInUse]; it returns
// [ErrNoVault] if there is no file, [ErrNotVault] for a file that is not a
// vault, and [ErrNewerFormat] for a vault from a newer program.
func Open(path string, o *Options) (*Store, error) {
	db, err := openVault(path, o)
	if err != nil {
		return nil, err
	}
	return &Store{path: path, opts: o, db: db, fileID: fileID(path), now: o.clock()}, nil
}

// fileID returns what the file at path is, just after bbolt opened it, for
// stillThere; nil if it cannot say.
func fileID(path string) os.FileInfo {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	return fi
}

// openVault opens the vault file at path for Open, and again after Release.
func openVault(path string, o *Options) (*bolt.DB, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNoVault, path)
	}
	// bbolt would turn an empty file into a new database; leave it alone.
	if err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
		return nil, fmt.Errorf("%w: %s is empty", ErrNotVault, path)
	}
	// A directory, a named pipe or a device is not a vault: bbolt would
	// begin a new database in a pipe, and report "illegal seek".
	if err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s is not a regular file", ErrNotVault, path)
	}
	db, err := openBolt(path, o)
	if err != nil {
		return nil, err
	}
	if err := checkVault(db, path); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// checkVault returns an error if the open file at path is not a vault this
// program reads.
func checkVault(db *bolt.DB, path string) error {
	return guarded(func() error {
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
			need := allBuckets
			if v == 1 {
				need = v1Buckets
			}
			for _, name := range need {
				if tx.Bucket(name) == nil {
					return fmt.Errorf("%w: %s lacks a part of the vault", ErrNotVault, path)
				}
			}
			return nil
		})
	})
}

// Path returns the vault file's path.
func (s *Store) Path() string { return s.path }

// Close locks the vault and releases the file.
func (s *Store) Close() error {
	s.Lock()
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	if s.db == nil {
		return nil
	}
	db := s.db
	s.db = nil
	return db.Close()
}

// Release closes the file of a locked vault, so that another process can
// open it: an interface left locked all day held the vault, and a scheduled
// `confidant backup` failed "in use" every night. The next Unlock opens the
// file again, waiting for another process as Open does (ErrInUse after the
// timeout); until then anything else returns ErrLocked. Nothing decrypted is
// kept while locked, so everything is read anew from the file, as another
// process may have left it. While the vault is unlocked it does nothing and
// returns an error.
func (s *Store) Release() error {
	s.mu.RLock()
	unlocked := s.keys != nil
	s.mu.RUnlock()
	if unlocked {
		return fmt.Errorf("releasing the vault file: the vault is unlocked")
	}
	return s.Close()
}

// file returns the open bbolt database, or ErrLocked while it is released.
func (s *Store) file() (*bolt.DB, error) {
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	if s.db == nil {
		return nil, ErrLocked
	}
	return s.db, nil
}

// reacquire opens the file again after Release, as Open does. It reports
// whether it did.
func (s *Store) reacquire() (bool, error) {
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	if s.db != nil {
		return false, nil
	}
	db, err := openVault(s.path, s.opts)
	if err != nil {
		return false, err
	}
	s.db, s.fileID = db, fileID(s.path)
	return true, nil
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
	s.shards, s.loaded, s.sums, s.sumsRead = [256]map[ID]*Dossier{}, [256]bool{}, [256][]Summary{}, false
	s.count = 0
	s.sorted, s.summaries = nil, nil
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
// and is listed by [Store.Damaged]. After [Store.Release] it opens the file
// again first, and returns [ErrInUse] if another process holds it.
func (s *Store) Unlock(passphrase []byte) (err error) {
	reopened, err := s.reacquire()
	if err != nil {
		return err
	}
	if reopened {
		defer func() {
			if err != nil { // a wrong passphrase: hold the file no longer than before
				s.Close()
			}
		}()
	}
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

// unlockWith takes the keys. It decrypts nothing else: the summaries are
// read when something first needs them (see needSummaries), the shards
// when something needs their dossiers (see need). A search or an export,
// which read every shard, then never pay for the summaries.
func (s *Store) unlockWith(keys *crypto.Keys) error {
	s.mu.Lock()
	if s.keys != nil {
		s.keys.Wipe()
	}
	s.resetShards()
	s.keys, s.damaged = keys, nil
	s.mu.Unlock()
	return s.purgeTrash()
}

// allShards lists every shard number.
var allShards = func() []int {
	all := make([]int, 256)
	for i := range all {
		all[i] = i
	}
	return all
}()

// shardSet is what reading summaries and shards found, before [Store.install]
// puts it in the store.
type shardSet struct {
	shards  [256]map[ID]*Dossier
	loaded  [256]bool
	sums    [256][]Summary
	damaged []ID
}

// install takes the shards of set named in which (those read) into the
// store. The caller holds the write lock.
func (s *Store) install(set *shardSet, which []int) {
	for _, i := range which {
		if set.loaded[i] {
			s.shards[i], s.loaded[i] = set.shards[i], true
		}
		if set.loaded[i] || set.sums[i] != nil {
			s.sums[i] = set.sums[i]
		}
	}
	for _, id := range set.damaged {
		if !slices.Contains(s.damaged, id) {
			s.damaged = append(s.damaged, id)
		}
	}
	s.count = 0
	all := true
	for i, l := range s.sums {
		s.count += len(l)
		all = all && s.loaded[i]
	}
	s.sumsRead = s.sumsRead || all
	s.sorted, s.summaries = nil, nil
}

// parallel runs fn for each of which on one goroutine per CPU, each call
// guarded: fn reads bbolt's memory map, which can fault on a damaged file.
// A call that fails or faults is left out, as if fn had found nothing.
func parallel(which []int, fn func(i int) error) {
	onEveryCPU(len(which), func(next <-chan int) {
		for k := range next {
			guarded(func() error { return fn(which[k]) })
		}
	})
}

// onEveryCPU runs work on one goroutine per CPU (at most n), each taking
// the numbers 0 to n-1 from next until none are left, and waits for them
// all. A worker keeps its own buffers across the numbers it takes.
func onEveryCPU(n int, work func(next <-chan int)) {
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() { work(next) })
	}
	wg.Wait()
}

// openEach decrypts the values of b under the keys named by which (one
// byte each), in parallel, and passes each plaintext to fn; a value that
// fails to open is left out, as parallel leaves out a call that fails. It
// returns the sealed values it found. They stay valid until the
// transaction ends: the workers decrypt them in place, straight from
// bbolt's memory map.
func openEach(b *bolt.Bucket, keys *crypto.Keys, which []int, fn func(i int, plain []byte) error) (sealed [256][]byte) {
	for _, i := range which {
		sealed[i] = b.Get([]byte{byte(i)})
	}
	parallel(which, func(i int) error {
		if sealed[i] == nil {
			return nil
		}
		plain, err := keys.Open(sealed[i])
		if err != nil {
			return err
		}
		return fn(i, plain)
	})
	return sealed
}

// readSummaries decrypts the summaries of every shard not in skip, in
// parallel, and returns the shards whose summaries are missing, fail to
// open or name unreadable dossiers: those are read whole. A vault of format
// 1 has none.
func (set *shardSet) readSummaries(tx *bolt.Tx, keys *crypto.Keys, skip [256]bool) (need []int) {
	var which []int
	for i := range skip {
		if !skip[i] {
			which = append(which, i)
		}
	}
	sb := tx.Bucket(bucketSummaries)
	if sb == nil {
		return which
	}
	var ok [256]bool
	sealed := openEach(sb, keys, which, func(i int, plain []byte) error {
		l, unreadable, err := parseSummaries(plain)
		if err != nil || len(unreadable) > 0 || slices.ContainsFunc(l, func(x Summary) bool { return x.ID[0] != byte(i) }) {
			return err
		}
		set.sums[i], ok[i] = l, true
		return nil
	})
	shards, dossiers := tx.Bucket(bucketShards), tx.Bucket(bucketDossiers).Cursor()
	for _, i := range which {
		if ok[i] {
			continue
		}
		// No summary, or one that failed: an empty shard has none; any
		// other is read whole.
		k, _ := dossiers.Seek([]byte{byte(i)})
		if sealed[i] != nil || shards.Get([]byte{byte(i)}) != nil || k != nil && k[0] == byte(i) {
			need = append(need, i)
		}
	}
	return need
}

// readShards decrypts the named shards, in parallel, and sets their
// summaries from what they hold. It reads nothing else: the per-dossier
// values stay on disk, unread, unless a shard is missing or fails to open,
// when the dossiers under its first byte are opened one by one instead and
// those that fail are reported as damaged. A shard also names the dossiers
// that were already unreadable when it was written, so that they stay
// reported.
func (set *shardSet) readShards(tx *bolt.Tx, keys *crypto.Keys, which []int) {
	if len(which) == 0 {
		return
	}
	var unreadable [256][]ID
	openEach(tx.Bucket(bucketShards), keys, which, func(i int, plain []byte) error {
		ds, bad, err := parseShard(plain)
		if err != nil || slices.ContainsFunc(ds, func(d Dossier) bool { return d.ID[0] != byte(i) }) {
			return err // damaged, or moved here from another shard
		}
		m := make(map[ID]*Dossier, len(ds))
		for j := range ds {
			m[ds[j].ID] = &ds[j]
		}
		set.shards[i], set.loaded[i], unreadable[i] = m, true, bad
		return nil
	})
	db := tx.Bucket(bucketDossiers)
	for _, i := range which {
		for _, id := range unreadable[i] {
			// Known to be damaged when the shard was written; still try it, in
			// case the damage was repaired.
			if v := db.Get(id[:]); v != nil {
				if d, err := openDossier(keys, id, v); err == nil && set.shards[i] != nil {
					set.shards[i][id] = &d
				} else {
					set.damaged = append(set.damaged, id)
				}
			}
		}
	}
	c := db.Cursor()
	for _, i := range which {
		if set.loaded[i] {
			continue
		}
		set.loaded[i] = true
		set.shards[i] = map[ID]*Dossier{}
		prefix := []byte{byte(i)}
		for k, v := c.Seek(prefix); k != nil && k[0] == byte(i); k, v = c.Next() {
			if len(k) != len(ID{}) {
				continue
			}
			id := ID(k)
			d, err := openDossier(keys, id, v)
			if err != nil {
				set.damaged = append(set.damaged, id)
				continue
			}
			set.shards[i][id] = &d
		}
	}
	for _, i := range which {
		l := make([]Summary, 0, len(set.shards[i]))
		for _, e := range set.shards[i] {
			l = append(l, summaryOf(e))
		}
		set.sums[i] = l
	}
}

// Load decrypts every dossier not yet decrypted. [Store.List],
// [Store.Search] and [Store.Damaged] do the same when they need to, but
// have no error to return: a failure leaves them empty. Call Load first to
// learn it (an error wrapping [ErrCorrupt] for a damaged file).
func (s *Store) Load() error { return s.need(allShards) }

// needSummaries makes sure every dossier's summary is in s.sums, reading
// the summaries of the shards not decrypted yet. It returns [ErrLocked]
// while the vault is locked, and an error wrapping [ErrCorrupt] for a
// damaged file.
func (s *Store) needSummaries() error {
	s.mu.RLock()
	locked, read := s.keys == nil, s.sumsRead
	s.mu.RUnlock()
	if locked {
		return ErrLocked
	}
	if read {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil {
		return ErrLocked
	}
	if s.sumsRead {
		return nil
	}
	return s.view(func(tx *bolt.Tx) error {
		var set shardSet
		need := set.readSummaries(tx, s.keys, s.loaded)
		set.readShards(tx, s.keys, need)
		s.install(&set, allShards)
		s.sumsRead = true
		return nil
	})
}

// need makes sure the named shards are decrypted, reading those that are
// not. It returns [ErrLocked] while the vault is locked.
func (s *Store) need(which []int) error {
	s.mu.RLock()
	locked, missing := s.keys == nil, s.missing(which)
	s.mu.RUnlock()
	if locked {
		return ErrLocked
	}
	if missing == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil {
		return ErrLocked
	}
	return s.view(func(tx *bolt.Tx) error {
		s.needLocked(tx, which)
		return nil
	})
}

// needLocked is need inside a transaction, with the write lock held.
func (s *Store) needLocked(tx *bolt.Tx, which []int) {
	missing := s.missing(which)
	if missing == nil {
		return
	}
	var set shardSet
	set.readShards(tx, s.keys, missing)
	s.install(&set, missing)
}

func (s *Store) missing(which []int) []int {
	var out []int
	for _, i := range which {
		if !s.loaded[i] {
			out = append(out, i)
		}
	}
	return out
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

// Damaged returns the IDs of dossiers that fail to decrypt. It decrypts
// every shard not yet read to know; [Store.DamagedFound] does not.
func (s *Store) Damaged() []ID {
	if s.need(allShards) != nil {
		return nil
	}
	return s.DamagedFound()
}

// DamagedFound returns the IDs of the damaged dossiers found so far: those
// the shards read until now could not give.
func (s *Store) DamagedFound() []ID {
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

// SealMemo seals b for the interface to keep what it must not lose through
// a lock (an edit in progress) without holding it in the clear: the sealed
// bytes stay in its memory, never on disk, and only OpenMemo opens them,
// once the vault is unlocked again. They are an age file to the vault's own
// handoff recipient rather than to the vault key, which a passphrase
// change in another process, while the interface is locked, replaces.
func (s *Store) SealMemo(b []byte) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return nil, ErrLocked
	}
	r, err := crypto.ParseRecipient(s.keys.Recipient(), io.Discard)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w, err := crypto.EncryptTo(&buf, []crypto.Recipient{r}, false)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// OpenMemo opens what SealMemo sealed.
func (s *Store) OpenMemo(sealed []byte) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return nil, ErrLocked
	}
	return crypto.Decrypt(bytes.NewReader(sealed), int64(len(sealed)), s.keys.HandoffIdentity())
}

// Len returns the number of dossiers, or 0 while locked.
func (s *Store) Len() int {
	if s.needSummaries() != nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count
}

// List returns every dossier sorted by title (see sortedByTitle), or nil
// while locked. The dossiers are shared with the store: read them, do not
// change them. The slice stays valid after later writes.
func (s *Store) List() []Dossier {
	if s.need(allShards) != nil {
		return nil
	}
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
	ptrs := make([]*Dossier, 0, s.count)
	for _, m := range s.shards {
		for _, e := range m {
			ptrs = append(ptrs, e)
		}
	}
	return sortedByTitle(ptrs, func(d *Dossier) (string, ID) { return d.Title, d.ID })
}

// sortedByTitle returns copies of *ptrs sorted by the titles key gives,
// folded ([Fold]: in any case, Émile beside Emil and not after Zoë), then
// lowercased (Emile before Émile), then by ID. Each title is folded once
// rather than at every comparison, and the sort moves small keys; each
// value is copied once, into its place.
func sortedByTitle[T any](ptrs []*T, key func(*T) (string, ID)) []T {
	type sortKey struct {
		folded, lower string
		id            ID
		p             *T
	}
	keys := make([]sortKey, len(ptrs))
	for i, p := range ptrs {
		t, id := key(p)
		lower := strings.ToLower(t)
		keys[i] = sortKey{Fold(lower), lower, id, p} // folding lowercase ASCII copies nothing
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		if c := strings.Compare(a.folded, b.folded); c != 0 {
			return c
		}
		if c := strings.Compare(a.lower, b.lower); c != 0 {
			return c
		}
		return bytes.Compare(a.id[:], b.id[:])
	})
	out := make([]T, len(keys))
	for j, k := range keys {
		out[j] = *k.p
	}
	return out
}

// Summaries returns the summary of every dossier sorted by title
// (folded, as List), reading the summaries if nothing has yet. Unlike
// [Store.List] it needs no dossier decrypted. The slice is shared with the
// store: do not change it. It stays valid after later writes. It returns
// [ErrLocked] while the vault is locked, and an error wrapping [ErrCorrupt]
// for a damaged file.
func (s *Store) Summaries() ([]Summary, error) {
	if err := s.needSummaries(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	if s.summaries != nil || s.keys == nil {
		defer s.mu.RUnlock()
		return s.summaries, nil
	}
	s.mu.RUnlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.summaries == nil && s.keys != nil {
		ptrs := make([]*Summary, 0, s.count)
		for _, l := range s.sums {
			for i := range l {
				ptrs = append(ptrs, &l[i])
			}
		}
		s.summaries = sortedByTitle(ptrs, func(x *Summary) (string, ID) { return x.Title, x.ID })
	}
	return s.summaries, nil
}

// Get returns a copy of the dossier with id, [ErrNotFound], or [ErrLocked].
// It returns an error wrapping [ErrDamaged] for a dossier whose summary
// exists but whose contents fail to decrypt.
func (s *Store) Get(id ID) (Dossier, error) {
	if err := s.need([]int{int(id[0])}); err != nil {
		return Dossier{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return Dossier{}, ErrLocked
	}
	e, ok := s.shards[id[0]][id]
	if !ok {
		if slices.Contains(s.damaged, id) {
			return Dossier{}, fmt.Errorf("dossier %s: %w (run confidant verify)", id.Short(), ErrDamaged)
		}
		return Dossier{}, fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
	}
	return e.Clone(), nil
}

// Resolve finds the dossier a person named: a full ID, an ID prefix of at
// least 4 hex digits, or a title (case-insensitively). It returns a copy,
// [ErrNotFound], or [ErrAmbiguous] when more than one dossier matches. It
// decrypts only the shard of the dossier found.
func (s *Store) Resolve(ref string) (Dossier, error) {
	id, err := s.resolve(ref)
	if err != nil {
		return Dossier{}, err
	}
	return s.Get(id)
}

func (s *Store) resolve(ref string) (ID, error) {
	if err := s.needSummaries(); err != nil {
		return ID{}, err
	}
	ref = strings.TrimSpace(ref)
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return ID{}, ErrLocked
	}
	full, fullErr := ParseID(ref)
	var byID, byTitle, within []*Summary
	lower := strings.ToLower(ref)
	prefix := len(ref) >= 4 && isHex(lower)
	folded := Fold(ref) // a title matches in any case, with or without accents
	for _, l := range s.sums {
		for i := range l {
			id := l[i].ID
			if fullErr == nil && id == full {
				return id, nil
			}
			if prefix && strings.HasPrefix(id.String(), lower) {
				byID = append(byID, &l[i])
			}
			switch title := Fold(l[i].Title); {
			case title == folded:
				byTitle = append(byTitle, &l[i])
			case folded != "" && strings.Contains(title, folded):
				within = append(within, &l[i])
			}
		}
	}
	for _, found := range [][]*Summary{byID, byTitle} {
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0].ID, nil
		default:
			return ID{}, fmt.Errorf("%w: %d dossiers match %q: %s; use one of these IDs", ErrAmbiguous, len(found), ref, which(found))
		}
	}
	switch n := len(within); {
	case n == 0:
		return ID{}, fmt.Errorf("no dossier has the title or ID %q: %w", ref, ErrNotFound)
	case n <= 5:
		return ID{}, fmt.Errorf("no dossier has the title or ID %q: %w; %s in the title: %s",
			ref, ErrNotFound, countWord(n, "dossier has it", "dossiers have it"), which(within))
	default:
		return ID{}, fmt.Errorf("no dossier has the title or ID %q: %w; %d dossiers have it in the title (search lists them)", ref, ErrNotFound, n)
	}
}

// Namesakes returns the other current dossiers whose title is d's, as a
// title is resolved: in any case, with or without accents. A person adding a
// second "Eleanor Vance" is told, since commands that take a title then
// need an ID. It reads the summaries; on a locked vault or an error it
// returns none.
func (s *Store) Namesakes(d Dossier) []Summary {
	if s.needSummaries() != nil {
		return nil
	}
	folded := Fold(strings.TrimSpace(d.Title))
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Summary
	for _, l := range s.sums {
		for i := range l {
			if l[i].ID != d.ID && Fold(l[i].Title) == folded {
				out = append(out, l[i])
			}
		}
	}
	slices.SortFunc(out, func(a, b Summary) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	return out
}

// which lists dossiers by ID and kind, in ID order: it tells them apart
// and says nothing of a client.
func which(found []*Summary) string {
	slices.SortFunc(found, func(a, b *Summary) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	var l []string
	for _, x := range found {
		l = append(l, x.ID.Short()+" ("+string(x.Kind)+")")
	}
	return strings.Join(l, ", ")
}

func countWord(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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
// contain every word of query, ignoring case and diacritics ([Fold]: "jose"
// finds José), sorted by title; "#vip" asks for a tag and "kind:travel" a
// kind that begins so. A query that reads as a phone number also finds the
// fields that hold that number however it is written ([SamePhone]). Secret
// values are not searched: a search must not confirm a guess at a password.
// An empty query matches everything. The dossiers are shared with the store;
// do not change them.
func (s *Store) Search(query string) []Dossier {
	terms := strings.Fields(Fold(query))
	if len(terms) == 0 {
		return s.List()
	}
	phone := PhoneDigits(query)
	if s.need(allShards) != nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	// One pass over the decrypted dossiers, a shard per worker: building
	// and keeping a lowercased copy of every dossier cost more than a
	// search that folds case as it compares.
	var found [256][]*Dossier
	parallel(allShards, func(i int) error {
		for _, e := range s.shards[i] {
			if e.matches(terms) || phone != "" && e.hasPhone(phone) {
				found[i] = append(found[i], e)
			}
		}
		return nil
	})
	var ptrs []*Dossier
	for _, l := range found {
		ptrs = append(ptrs, l...)
	}
	return sortedByTitle(ptrs, func(d *Dossier) (string, ID) { return d.Title, d.ID })
}

// ChangePassphrase seals the vault's keys with a new passphrase at the same
// work factor, or at workFactor if it is not zero, after making a new vault
// key and sealing every value again with it (see rekey), in one write; then
// overwrites the file's free pages, where the old keys and values stay
// (see wipeFree). The handoff identity stays, so that colleagues' handoffs
// still reach the vault. It returns [ErrLocked] while the vault is locked.
func (s *Store) ChangePassphrase(passphrase []byte, workFactor int) error {
	return s.ChangeKeys(passphrase, KeyChange{WorkFactor: workFactor})
}

// KeyChange says what [Store.ChangeKeys] changes beside the passphrase and
// the vault key.
type KeyChange struct {
	// WorkFactor is the new scrypt work factor; zero keeps the vault's.
	WorkFactor int
	// NewRecipient also replaces the handoff identity with a new one of
	// the same kind (X25519, or post-quantum): after the old passphrase
	// leaked and a copy of the vault may have been opened with it, whoever
	// did holds the identity, reads the handoffs addressed to the vault and
	// seals handoffs in its name. Handoffs to the old recipient no longer
	// open; colleagues need the new one.
	NewRecipient bool
}

// ChangeKeys is [Store.ChangePassphrase] that may also replace the handoff
// identity (see KeyChange).
func (s *Store) ChangeKeys(passphrase []byte, c KeyChange) error {
	workFactor := c.WorkFactor
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
	var next *crypto.Keys
	var err error
	if c.NewRecipient {
		next, err = crypto.GenerateKeys(s.keys.PostQuantum())
	} else {
		next, err = crypto.KeysWithIdentity(s.keys.SecretIdentity())
	}
	if err != nil {
		return err
	}
	sealed, err := crypto.SealKeys(next, passphrase, workFactor)
	if err != nil {
		next.Wipe()
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		if err := rekey(tx, s.keys, next); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMeta).Put(keyKeys, sealed); err != nil {
			return err
		}
		// The log says when, in the same write. The write lock is held
		// already (the keys must not be wiped while scrypt seals them), so
		// not through Store.write.
		b := &batch{s: s, tx: tx, keys: next, now: s.now().UTC(), changed: map[ID]*Dossier{}, shards: map[byte]bool{},
			sums: map[byte][]Summary{}}
		detail := ""
		if c.NewRecipient {
			detail = "and the recipient, now " + next.Recipient()
		}
		b.log(ActPassphraseChanged, ID{}, detail)
		return b.flush()
	})
	if err != nil {
		next.Wipe()
		return err
	}
	s.keys.Wipe()
	s.keys = next
	// The keys sealed under the old passphrase are still in the file, in
	// the pages this write freed, and in older ones.
	if err := s.wipeFree(); err != nil {
		return fmt.Errorf("%w: %v", ErrNotWiped, err)
	}
	return nil
}

// rekey seals every value of the vault sealed with old again with next, in
// tx: the dossiers, the index and its summaries, the history, the trash,
// the attachments, the address book and the log. A value old cannot open
// (damaged) is left as it is, as unreadable as before, for verify to go on
// reporting. Together with wipeFree, it makes what the old passphrase
// opened useless against the file after a passphrase change: the keys
// sealed under it (in a copy made before, say) open no value written since.
func rekey(tx *bolt.Tx, old, next *crypto.Keys) error {
	for _, name := range allBuckets {
		b := tx.Bucket(name)
		if b == nil || bytes.Equal(name, bucketMeta) {
			continue // format 1 has no summaries
		}
		// The keys first, then each value read, sealed and put in turn: a
		// vault of large attachments is not held twice over in memory
		// (bbolt holds what the write changes until it commits).
		var keys [][]byte
		if err := b.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil }); err != nil {
			return err
		}
		for _, k := range keys {
			plain, err := old.Open(b.Get(k))
			if err != nil {
				continue
			}
			v, err := next.Seal(plain)
			clear(plain)
			if err != nil {
				return err
			}
			if err := b.Put(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// CopyTo writes a copy of the vault file as it stands, every value still
// sealed, to path (0600, under a temporary name, synced, then renamed, as
// [WriteFileAtomic] does), from one read transaction: a consistent copy even
// while nothing else could be written meanwhile anyway. It needs no
// passphrase, so a scheduled backup need not keep one in a file; the copy
// opens with the vault's passphrase, as the vault does. It refuses to write
// over the vault itself. The copy's time is recorded for [Store.LastBackup];
// if that fails, the copy is whole and the error wraps [ErrBackupNotRecorded].
func (s *Store) CopyTo(path string) error {
	if same, _ := sameFile(path, s.path); same {
		return fmt.Errorf("%w: %s is the vault itself; copy it to another file", ErrInvalid, path)
	}
	// The read lock keeps this process's writes out until the copy holds
	// the vault as of at, which it then records for LastBackup.
	s.mu.RLock()
	at := s.now().UTC()
	err := WriteFileAtomic(path, true, func(w io.Writer) error {
		return s.view(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	if err := s.update(func(tx *bolt.Tx) error { return putBackedUp(tx, at) }); err != nil {
		return fmt.Errorf("%w: %w", ErrBackupNotRecorded, err)
	}
	return nil
}

// sameFile reports whether a and b name one file (both exist and are it).
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// IsVaultFile reports whether the file at path begins as a bbolt database,
// which is what a vault, or a copy of one (confidant backup --copy), is: a
// command that expected an age file can then say what it was given.
func IsVaultFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [20]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false
	}
	// The first page's header (16 bytes), then the meta page's magic.
	return binary.LittleEndian.Uint32(head[16:]) == 0xED0CDAED
}
