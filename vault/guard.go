package vault

import (
	"fmt"
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
	return guarded(func() error { return s.db.View(fn) })
}

func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	return guarded(func() error { return s.db.Update(fn) })
}
