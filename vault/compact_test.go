package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestCompact: the vault file is written anew with only what is live: it
// shrinks after what filled it was removed, holds everything it held, and
// opens and verifies; the store is closed after; the copy's temporary file
// is gone; a replaced file is refused.
func TestCompact(t *testing.T) {
	s := newWipeStore(t)
	id := s.List()[0].ID
	big := bytes.Repeat([]byte("passport scan "), 100000) // 1.4 MB
	for i := range 3 {
		if _, err := s.Attach(id, fmt.Sprintf("scan%d.png", i), "image/png", big); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Attach(id, "kept.png", "image/png", []byte("small")); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := s.Detach(id, fmt.Sprintf("scan%d.png", i)); err != nil {
			t.Fatal(err)
		}
	}
	want := sealedValues(t, s)
	path := s.path
	used := func() int64 {
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int64
		db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
		return n
	}
	before, after, err := s.Compact()
	if err != nil {
		t.Fatal(err)
	}
	if after >= before || after > 1<<20 {
		t.Errorf("the file went from %d to %d bytes", before, after)
	}
	if _, err := s.Add(New("After", KindClient)); !errors.Is(err, ErrLocked) {
		t.Errorf("the store after Compact: %v", err)
	}
	if n := used(); n > 1<<20 {
		t.Errorf("the compacted vault uses %d bytes", n)
	}
	r, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Unlock([]byte("old passphrase here")); err != nil {
		t.Fatal(err)
	}
	got := sealedValues(t, r)
	if len(got) != len(want) {
		t.Errorf("%d sealed values after, %d before", len(got), len(want))
	}
	for v := range want {
		if !got[v] {
			t.Error("a sealed value is missing after compaction")
			break
		}
	}
	if data, _, err := r.Attachment(id, "kept.png"); err != nil || string(data) != "small" {
		t.Errorf("the kept attachment: %q, %v", data, err)
	}
	if names, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*compact*")); len(names) != 0 {
		t.Errorf("left beside the vault: %v", names)
	}
	checkWhole(t, r, "old passphrase here", 3)

	// A file replaced under the store is not compacted over.
	r2, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	data, _ := os.ReadFile(path)
	os.WriteFile(path+".new", data, 0o600)
	os.Rename(path+".new", path)
	if _, _, err := r2.Compact(); !errors.Is(err, ErrReplaced) {
		t.Errorf("Compact of a replaced file: %v", err)
	}
}

// TestCompact_Symlink: where the vault's path is a symbolic link, the link
// stays a link and the file it points to is compacted.
func TestCompact_Symlink(t *testing.T) {
	s := newWipeStore(t)
	real := s.path
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "vault.db")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	l, err := Open(link, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, _, err := l.Compact(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is now %v, %v", fi.Mode(), err)
	}
	if names, _ := filepath.Glob(filepath.Join(filepath.Dir(real), ".*compact*")); len(names) != 0 {
		t.Errorf("left beside the vault: %v", names)
	}
	r, err := Open(link, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Unlock([]byte("old passphrase here")); err != nil {
		t.Fatal(err)
	}
	checkWhole(t, r, "old passphrase here", 3)
}
