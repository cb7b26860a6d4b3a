package vault

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"confidant/crypto"
)

// TestStreamBackup_Streams: on a sound vault the backup streams (the
// fallback through Export writes the same bytes, so only this test can
// tell them apart), counting its dossiers from the summaries or, without
// them, from the dossiers' own keys; a damaged shard makes it fall back.
func TestStreamBackup_Streams(t *testing.T) {
	path := lazyVault(t, 300)
	s := unlockLazy(t, path)
	n, err := s.streamBackup(io.Discard, Backup())
	if err != nil || n.Dossiers != 300 {
		t.Fatalf("streamBackup = %+v, %v; want 300 dossiers streamed", n, err)
	}
	s.Close()

	var shard []byte
	rawUpdateInternal(t, path, func(tx *bolt.Tx) error {
		// A vault of format 1: no summaries.
		if err := tx.DeleteBucket(bucketSummaries); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMeta).Put(keyFormat, []byte("1")); err != nil {
			return err
		}
		shard, _ = tx.Bucket(bucketShards).Cursor().First()
		shard = bytes.Clone(shard)
		return nil
	})
	s = unlockLazy(t, path)
	if n, err := s.streamBackup(io.Discard, Backup()); err != nil || n.Dossiers != 300 {
		t.Fatalf("without summaries: streamBackup = %+v, %v; want 300 dossiers streamed", n, err)
	}
	s.Close()

	rawUpdateInternal(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketShards)
		v := bytes.Clone(b.Get(shard))
		v[len(v)-1] ^= 1
		return b.Put(shard, v)
	})
	s = unlockLazy(t, path)
	if _, err := s.streamBackup(io.Discard, Backup()); !errors.Is(err, errNoStream) {
		t.Fatalf("with a damaged shard: streamBackup = %v, want errNoStream", err)
	}
}

func rawUpdateInternal(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// TestBackup_RefusesWhatCannotBeRestored: a dossier over a bundle's limits,
// saved before the vault kept them, stops a backup with its ID and what to
// do, instead of a backup that restore would refuse whole; a handoff of it
// likewise. The log's long details are cut to what a bundle reads back.
func TestBackup_RefusesWhatCannotBeRestored(t *testing.T) {
	path := lazyVault(t, 20)
	s := unlockLazy(t, path)
	long := New(strings.Repeat("T", maxTitle+1), KindNote)
	if _, err := s.Add(long); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Add of a title over %d bytes: %v", maxTitle, err)
	}
	// As a vault before the limits would have taken it.
	long.ID = NewID()
	if err := s.write(func(b *batch) error {
		long.Version, long.Created, long.Updated = 1, b.now, b.now
		b.log(ActCreated, long.ID, strings.Repeat("d", 3*maxTitle))
		return b.put(long)
	}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup.age")
	pass := []byte("a backup passphrase")
	_, err := s.WriteBackup(out, Backup(), func(w io.Writer) (io.WriteCloser, error) {
		return crypto.EncryptWithPassphrase(w, pass, 10, false)
	}, false)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "dossier "+long.ID.Short()+": the title is longer than 4 KiB") {
		t.Fatalf("backup with a dossier over the limits: %v", err)
	}
	if _, serr := os.Stat(out); serr == nil {
		t.Fatal("a backup file was left")
	}
	if _, err := s.Export(ExportOptions{IDs: []ID{long.ID}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("handoff of it: %v", err)
	}
	// In the trash, where it cannot be edited, the backup says how to get
	// at it.
	if err := s.Delete(long.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.WriteBackup(out, Backup(), func(w io.Writer) (io.WriteCloser, error) {
		return crypto.EncryptWithPassphrase(w, pass, 10, false)
	}, false)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "restore it from the trash to shorten it, or empty the trash") {
		t.Fatalf("backup with a trashed dossier over the limits: %v", err)
	}
	if _, err := s.RestoreTrash(long.ID); err != nil {
		t.Fatal(err)
	}
	if long, err = s.Get(long.ID); err != nil {
		t.Fatal(err)
	}
	// verify names it, as whole but too long, not as damaged.
	rep, err := s.Verify()
	if err != nil || rep.OK() || len(rep.Problems) != 0 || len(rep.TooLong) != 1 || rep.TooLong[0].Dossier != long.ID {
		t.Fatalf("verify: %+v, %v", rep, err)
	}

	// Once shortened, the backup is written and restores; the long version
	// kept in the history, which cannot be edited, is left out and named.
	long.Title = "Shortened"
	if _, err := s.Save(long); err != nil {
		t.Fatal(err)
	}
	n, err := s.WriteBackup(out, Backup(), func(w io.Writer) (io.WriteCloser, error) {
		return crypto.EncryptWithPassphrase(w, pass, 10, false)
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	// Versions 1 and 2 (before and after the trash) were over the limits.
	if len(n.Unreadable) != 2 || !strings.Contains(n.Unreadable[0], "version 1 of dossier "+long.ID.Short()) ||
		!strings.Contains(n.Unreadable[1], "version 2 of dossier "+long.ID.Short()) {
		t.Errorf("left out: %q", n.Unreadable)
	}
	b, err := ReadBackup(out, FileKeys{Passphrase: pass})
	if err != nil {
		t.Fatalf("the backup does not read back: %v", err)
	}
	defer b.Wipe()
	clipped := false
	for _, e := range b.Log {
		if len(e.Detail) > maxTitle {
			t.Fatalf("a detail of %d bytes", len(e.Detail))
		}
		clipped = clipped || strings.HasSuffix(e.Detail, "d…")
	}
	if !clipped {
		t.Error("the long detail is not in the backup, cut")
	}
}

// TestRoom: the vault holds no more dossiers than a backup carries
// (MaxBundleDossiers; lowered here to the 3 dossiers the vault has plus one).
func TestRoom(t *testing.T) {
	s := unlockLazy(t, lazyVault(t, 3))
	s.Len() // reads the summaries, which count the dossiers
	defer func(n int) { maxDossiers = n }(maxDossiers)
	maxDossiers = 4
	if _, err := s.Add(New("the last one", KindNote)); err != nil {
		t.Fatalf("the last dossier there is room for: %v", err)
	}
	if _, err := s.Add(New("one more", KindNote)); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "the most a backup can carry") {
		t.Fatalf("one past the limit: %v", err)
	}
	b := &Bundle{Purpose: PurposeHandoff, Dossiers: []BundleDossier{{Dossier: New("in", KindNote)}}}
	if _, err := s.Import(b, ImportOptions{Source: "f"}); !errors.Is(err, ErrInvalid) || s.Len() != 4 {
		t.Fatalf("an import past the limit: %v, %d dossiers", err, s.Len())
	}
	maxDossiers = 5
	if _, err := s.Import(b, ImportOptions{Source: "f"}); err != nil || s.Len() != 5 {
		t.Fatalf("an import with room: %v, %d dossiers", err, s.Len())
	}
}

// TestBackup_TooLargeToRestore: a backup or handoff file larger than any
// reader opens (MaxBundleSize, lowered here to 64 KiB) is not written,
// rather than written and never restored.
func TestBackup_TooLargeToRestore(t *testing.T) {
	s := unlockLazy(t, lazyVault(t, 3))
	d := s.List()[0]
	if _, err := s.Attach(d.ID, "scan.pdf", "application/pdf", bytes.Repeat([]byte{7}, 100<<10)); err != nil {
		t.Fatal(err)
	}
	defer func(n int64) { maxBundleFile = n }(maxBundleFile)
	maxBundleFile = 64 << 10
	dir := t.TempDir()
	out := filepath.Join(dir, "backup.age")
	pass := []byte("a backup passphrase")
	_, err := s.WriteBackup(out, Backup(), func(w io.Writer) (io.WriteCloser, error) {
		return crypto.EncryptWithPassphrase(w, pass, 10, false)
	}, false)
	if !errors.Is(err, ErrBundleTooLarge) {
		t.Fatalf("a backup over the limit: %v", err)
	}
	b, err := s.Export(ExportOptions{IDs: []ID{d.ID}, Attachments: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Wipe()
	rcpt, _ := s.Recipient()
	if err := WriteBundleFile(filepath.Join(dir, "handoff.age"), b, Seal{To: []string{rcpt}, Sender: s}, false); !errors.Is(err, ErrBundleTooLarge) {
		t.Fatalf("a handoff over the limit: %v", err)
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Fatalf("files left: %v", names)
	}
	// Without the attachment's content it fits.
	maxBundleFile = 64 << 10
	if err := WriteBundleFile(filepath.Join(dir, "handoff.age"), &Bundle{Purpose: PurposeHandoff, Created: b.Created, Dossiers: []BundleDossier{{Dossier: d}}}, Seal{To: []string{rcpt}}, false); err != nil {
		t.Fatal(err)
	}
}

// TestCopyTo_NotRecorded: when the vault cannot record the copy's time (its
// disk full, say; here, its file reopened read-only under the store), the
// copy is still written whole and opens, the error wraps
// ErrBackupNotRecorded (backup --copy warns and succeeds on it), and the
// last backup stays what it was.
func TestCopyTo_NotRecorded(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	s, err := Create(path, []byte("correct horse battery"), CreateOptions{WorkFactor: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(New("Eleanor Vance", KindClient)); err != nil {
		t.Fatal(err)
	}
	s.fileMu.Lock()
	s.db.Close()
	s.db, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	s.fileMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	copyPath := filepath.Join(dir, "copy.db")
	err = s.CopyTo(copyPath)
	if !errors.Is(err, ErrBackupNotRecorded) || !errors.Is(err, bolt.ErrDatabaseReadOnly) {
		t.Fatalf("CopyTo on a vault that cannot be written: %v", err)
	}
	if !s.LastBackup().IsZero() {
		t.Errorf("the last backup is %v", s.LastBackup())
	}
	c, err := Open(copyPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Unlock([]byte("correct horse battery")); err != nil {
		t.Fatal(err)
	}
	if err := c.Load(); err != nil || len(c.List()) != 1 || c.List()[0].Title != "Eleanor Vance" {
		t.Fatalf("the copy: %v, %d dossiers", err, len(c.List()))
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "*")); len(entries) != 2 {
		t.Errorf("left in the folder: %q", entries)
	}
}
