package vault

import (
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrNotWiped wraps the error of a change that was made and committed, but
// whose old copies could not then be overwritten in the vault file (see
// [Store.wipeFree]).
var ErrNotWiped = errors.New("the change is saved, but what it removed is still in the vault file's free space, until a passphrase change, purge or detach overwrites it")

// wipeFree overwrites with zeros every page of the vault file that holds
// nothing live. bbolt never writes a page in place: a change copies the page
// and frees the old copy, whose bytes stay in the file until bbolt happens
// to reuse it, so that without this
//
//   - after a passphrase change, the keys sealed under the old passphrase
//     stayed in the file, and whoever learns the old passphrase (the reason
//     to change it) still opened a copy of the vault taken after the change;
//   - a purged dossier, a detached file and a forgotten log stayed readable
//     to whoever holds the passphrase and the file.
//
// The changes that mean to make something unreadable call it after their
// commit (see batch.wipe); ordinary edits do not, as what they free is only
// an older version sealed under the same key, which the history keeps anyway.
//
// bbolt keeps the tree before the last commit as a fallback, in case the
// newest meta page is torn, and the pages of that tree are free. So first
// an empty commit, after which neither meta page refers to the tree from
// before the change; then every free page is zeroed and synced, with no
// transaction open that could read one (a transaction begun meanwhile reads
// the newest tree, which uses no free page); then another empty commit, so
// that the fallback again has a whole tree (the first empty commit's
// freelist page was zeroed). A crash at any point leaves the newest tree
// whole: only free pages are written. The caller holds the store's write
// lock.
func (s *Store) wipeFree() error {
	db, err := s.file()
	if err != nil {
		return err
	}
	empty := func(*bolt.Tx) error { return nil }
	if err := s.update(empty); err != nil {
		return err
	}
	s.fileMu.Lock()
	id := s.fileID
	s.fileMu.Unlock()
	if err := guarded(func() error { return zeroFree(db, id) }); err != nil {
		return err
	}
	return s.update(empty)
}

// zeroFree writes zeros over the free pages of db, and syncs them, if the
// file at its path is still id: zeros written by page number into another
// file would destroy it.
func zeroFree(db *bolt.DB, id os.FileInfo) error {
	tx, err := beginAlone(db)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	size := db.Info().PageSize
	var runs [][2]int // first page, count
	for id := 2; int64(id)*int64(size) < tx.Size(); id++ {
		info, err := tx.Page(id)
		if err != nil {
			return err
		}
		if info == nil || info.Type != "free" {
			continue
		}
		if n := len(runs); n > 0 && runs[n-1][0]+runs[n-1][1] == id {
			runs[n-1][1]++
		} else {
			runs = append(runs, [2]int{id, 1})
		}
	}
	if len(runs) == 0 {
		return nil
	}
	f, err := os.OpenFile(db.Path(), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if fi, err := f.Stat(); err != nil || id == nil || !os.SameFile(fi, id) {
		f.Close()
		return ErrReplaced
	}
	zeros := make([]byte, 64*size)
	for _, r := range runs {
		for off, end := int64(r[0])*int64(size), int64(r[0]+r[1])*int64(size); off < end; {
			n := min(int64(len(zeros)), end-off)
			if _, err := f.WriteAt(zeros[:n], off); err != nil {
				f.Close()
				return err
			}
			off += n
		}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// beginAlone begins a write transaction while no read transaction is open.
// bbolt keeps the pages an open reader may still read on its freelist, as
// pending; a reader that begins after this transaction reads only the
// newest tree. The store's write lock keeps its own readers out; this waits
// for any other (they are short) for up to a second.
func beginAlone(db *bolt.DB) (*bolt.Tx, error) {
	for wait := time.Millisecond; ; wait *= 2 {
		tx, err := db.Begin(true)
		if err != nil {
			return nil, err
		}
		if db.Stats().OpenTxN == 0 {
			return tx, nil
		}
		tx.Rollback()
		if wait > time.Second {
			return nil, fmt.Errorf("a read of the vault did not end")
		}
		time.Sleep(wait)
	}
}
