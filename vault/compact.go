package vault

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Compact writes the vault anew into a file beside it, holding only what is
// live, every page full, and moves that file into the vault's place. bbolt
// never gives space back: the file keeps the size of its largest moment (a
// passphrase change rewrites every value once; removed attachments, purged
// dossiers and forgotten log events leave free pages, overwritten but
// kept). Nothing is decrypted, so it needs no passphrase: the copy is sealed
// as the vault is. Before the move, the copy must be a vault this program
// reads, with as many keys in each part as the vault; otherwise it is
// removed and the vault left as it was. A crash before the move leaves the
// vault and, at worst, the copy under a temporary name beside it; after,
// the compacted vault.
//
// The store is closed after, locked or not: its file is no longer the
// vault's. Another process that waited on the old file and opens it then
// reads what it held, and any write there is refused with [ErrReplaced].
// It returns the file's size before and after.
func (s *Store) Compact() (before, after int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	db, err := s.file()
	if err != nil {
		return 0, 0, err
	}
	if err := s.stillThere(); err != nil {
		return 0, 0, err
	}
	// The file itself, where the vault's path is a symbolic link (into a
	// folder that is backed up, say): the link stays, and points to the
	// compacted file.
	path, err := filepath.EvalSymlinks(s.path)
	if err != nil {
		return 0, 0, fmt.Errorf("compacting the vault: %w", err)
	}
	if fi, err := os.Stat(path); err == nil {
		before = fi.Size()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".compact-*")
	if err != nil {
		return 0, 0, fmt.Errorf("compacting the vault: %w", err)
	}
	tmp := f.Name()
	f.Close()
	moved := false
	defer func() {
		if !moved {
			os.Remove(tmp)
		}
	}()
	if err := compactInto(db, tmp); err != nil {
		return 0, 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, 0, fmt.Errorf("compacting the vault: %w", err)
	}
	moved = true
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	if s.keys != nil {
		s.keys.Wipe()
		s.keys = nil
	}
	s.resetShards()
	s.fileMu.Lock()
	s.db, s.fileID = nil, nil
	s.fileMu.Unlock()
	db.Close()
	if fi, err := os.Stat(path); err == nil {
		after = fi.Size()
	}
	return before, after, nil
}

// compactInto copies db into a new bbolt file at path (which exists, empty)
// and checks the copy: a vault, with the same number of keys in each part.
func compactInto(db *bolt.DB, path string) error {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("compacting the vault: %w", err)
	}
	err = guarded(func() error { return bolt.Compact(dst, db, 64<<20) })
	if err == nil {
		err = checkVault(dst, path)
	}
	if err == nil {
		var want, got map[string]int
		if want, err = countKeys(db); err == nil {
			got, err = countKeys(dst)
		}
		if err == nil && !maps.Equal(want, got) {
			err = errors.New("the copy does not hold what the vault holds")
		}
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("compacting the vault: %w; the vault is as it was", err)
	}
	// bbolt syncs each commit's data; sync the file once more for its size.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("compacting the vault: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("compacting the vault: %w", err)
	}
	return nil
}

// countKeys counts the keys of each top-level bucket of db.
func countKeys(db *bolt.DB) (map[string]int, error) {
	n := map[string]int{}
	err := guarded(func() error {
		return db.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
				n[string(name)] = b.Stats().KeyN
				return nil
			})
		})
	})
	return n, err
}
