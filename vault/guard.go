package vault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// guarded runs fn and turns a panic or a memory fault inside it into an
// error wrapping [ErrCorrupt]. bbolt trusts the pages of its file: a
// damaged page can make it panic, and a truncated file faults when its
// mapping is read past the end. Without this a damaged vault would crash
// every command with a stack trace instead of saying what to do. bbolt rolls
// back a transaction that panics, so the file is left as it was.
func guarded(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (%v)", ErrCorrupt, r)
		}
	}()
	return fn()
}

// view and update are db.View and db.Update, guarded.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	db, err := s.file()
	if err != nil {
		return err
	}
	return guarded(func() error { return db.View(fn) })
}

// update also gives back the disk space a write that failed for lack of it
// had taken (see giveBackSpace), and writes nothing to a file that is no
// longer the vault's (see stillThere).
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	db, err := s.file()
	if err != nil {
		return err
	}
	if err := s.stillThere(); err != nil {
		return err
	}
	err = guarded(func() error { return db.Update(fn) })
	if err != nil && isWriteFailure(err) {
		s.giveBackSpace()
	}
	return err
}

// giveBackSpace frees the disk blocks of the file past the committed
// database. bbolt writes a transaction's pages before its meta page; when a
// page write fails (the disk is full) the transaction rolls back, but the
// pages written so far past the end of the database stay allocated, so
// that a failed import left the disk full (finding 6 of
// docs/RELIABILITY.md). Nothing refers to those pages: bbolt writes a page
// before it uses it, and the file keeps its length (bbolt maps it), so the
// blocks are punched out rather than the file cut. It runs while the
// store's write lock and the file's lock are held, and does nothing where
// the system cannot punch holes.
func (s *Store) giveBackSpace() {
	if s.stillThere() != nil {
		return // the holes would be punched in another file
	}
	var size int64
	if err := s.view(func(tx *bolt.Tx) error { size = tx.Size(); return nil }); err != nil {
		return
	}
	punchTail(s.path, size)
}

// ErrReplaced is returned for a write to a vault whose file was moved,
// deleted or replaced since it was opened.
var ErrReplaced = errors.New("the vault file was moved or replaced since Confidant opened it (by a sync program, or a copy put in its place?); nothing was written: quit and open it again")

// stillThere returns [ErrReplaced] when the vault's path no longer names
// the file the store has open. A sync program (Syncthing, Dropbox) puts a
// new version of a file in place by renaming a new file over it; writes
// to the open file would then go to one that no longer has a name, and be
// lost at exit, while another process could open the new file beside this
// one, as the lock is on the old. One stat a write.
func (s *Store) stillThere() error {
	s.fileMu.Lock()
	id := s.fileID
	s.fileMu.Unlock()
	if id == nil {
		return nil
	}
	fi, err := os.Stat(s.path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !os.SameFile(fi, id) {
		return ErrReplaced
	}
	if err != nil {
		return fmt.Errorf("checking the vault file: %w", err)
	}
	return nil
}
