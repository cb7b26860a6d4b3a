package vault_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/vault"
)

// plainWriter is a test "encryption" that writes the JSON as it is, so
// that what WriteBackup streams can be compared byte for byte with Encode.
type plainWriter struct{ io.Writer }

func (plainWriter) Close() error { return nil }

func plain(w io.Writer) (io.WriteCloser, error) { return plainWriter{w}, nil }

// backupVault is a closed vault with dossiers in many shards, some with
// attachments and history, a trash, a contact and
// a log; every kind of thing WriteBackup streams or gathers.
func backupVault(t *testing.T, n int) string {
	t.Helper()
	s, _ := newClockStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []vault.ID
	for i := range n {
		d, err := s.Add(generateDossier(rng, i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	for i, id := range ids {
		switch i % 7 {
		case 1:
			if _, err := s.Attach(id, "scan.pdf", "application/pdf", []byte("%PDF scan of "+id.String())); err != nil {
				t.Fatal(err)
			}
		case 2:
			d, err := s.Get(id)
			if err != nil {
				t.Fatal(err)
			}
			d.Notes += "\nedited"
			if _, err := s.Save(d); err != nil {
				t.Fatal(err)
			}
		case 3:
			if i < 30 {
				if err := s.Delete(id); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if _, err := s.AddContact("Maria", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// fixedStore opens path with a clock that stands still, so that two
// exports carry the same creation time.
func fixedStore(t *testing.T, path string) *vault.Store {
	t.Helper()
	at := time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC) // after newClock's writes, before the trash is purged
	return openUnlocked(t, path, &vault.Options{Now: func() time.Time { return at }})
}

// exportEncoded is what WriteBackup must write: Export, then Encode.
func exportEncoded(t *testing.T, s *vault.Store, o vault.ExportOptions) []byte {
	t.Helper()
	b, err := s.Export(o)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Wipe()
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeBackup(t *testing.T, s *vault.Store, o vault.ExportOptions) ([]byte, vault.Counts) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "backup.json")
	n, err := s.WriteBackup(out, o, plain, false)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data, n
}

// TestWriteBackup_AsExport: the streamed backup is byte for byte what
// Export and Encode write, with every option, on a vault whose dossiers
// fill many shards and have attachments, history and a trash; and it
// parses back to what it counts.
func TestWriteBackup_AsExport(t *testing.T) {
	path := backupVault(t, 700)
	s := fixedStore(t, path)
	noSecrets := vault.Backup()
	noSecrets.Secrets = false
	noHistory := vault.Backup()
	noHistory.History = false
	noAttachments := vault.Backup()
	noAttachments.Attachments = false
	for name, o := range map[string]vault.ExportOptions{"backup": vault.Backup(), "no secrets": noSecrets,
		"no history": noHistory, "no attachments": noAttachments} {
		o.From = "age1sender"
		got, n := writeBackup(t, s, o)
		want := exportEncoded(t, s, o)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: the streamed backup differs from Export+Encode (%d and %d bytes)", name, len(got), len(want))
		}
		b, err := vault.ParseBundle(got)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n.Dossiers != len(b.Dossiers) || n.Trash != len(b.Trash) || n.Contacts != len(b.Contacts) || n.Log != len(b.Log) || n.Unreadable != nil || n.Dossiers != 700-4 || n.Trash != 4 {
			t.Fatalf("%s: counts %+v, bundle holds %d, %d, %d, %d", name, n, len(b.Dossiers), len(b.Trash), len(b.Contacts), len(b.Log))
		}
	}
}

// TestWriteBackup_Damaged: with a shard that fails to open, the backup
// falls back to Export, which reads the dossiers from their own values:
// the result is the same.
func TestWriteBackup_Damaged(t *testing.T) {
	path := backupVault(t, 300)
	s := fixedStore(t, path)
	want := exportEncoded(t, s, vault.Backup())
	s.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		var keys [][]byte
		tx.Bucket([]byte("shards")).ForEach(func(k, _ []byte) error {
			keys = append(keys, bytes.Clone(k))
			return nil
		})
		for _, k := range keys[len(keys)/2 : len(keys)/2+2] {
			flip(t, tx, "shards", k)
		}
		return nil
	})
	s = fixedStore(t, path)
	got, n := writeBackup(t, s, vault.Backup())
	if !bytes.Equal(got, want) {
		t.Fatalf("with two damaged shards, the backup differs from the one before the damage")
	}
	if n.Dossiers != 300-4 {
		t.Fatalf("counted %d dossiers", n.Dossiers)
	}
}

// failingWriter fails once more than n bytes were written.
type failingWriter struct {
	w io.Writer
	n int
}

var errDiskFull = errors.New("no space left on device")

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, errDiskFull
	}
	f.n -= len(p)
	return f.w.Write(p)
}

func (f *failingWriter) Close() error { return nil }

// TestWriteBackup_WriteFails: a write that fails part way returns its
// error, leaves no file behind and does not touch an existing one; an
// existing path is not overwritten unless asked.
func TestWriteBackup_WriteFails(t *testing.T) {
	path := backupVault(t, 200)
	s := fixedStore(t, path)
	dir := t.TempDir()
	out := filepath.Join(dir, "backup.json")
	for _, after := range []int{0, 10, 100 << 10} {
		_, err := s.WriteBackup(out, vault.Backup(), func(w io.Writer) (io.WriteCloser, error) {
			return &failingWriter{w: w, n: after}, nil
		}, false)
		if !errors.Is(err, errDiskFull) {
			t.Fatalf("failing after %d bytes: %v", after, err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Fatalf("failing after %d bytes left %v behind", after, left)
		}
	}
	if err := os.WriteFile(out, []byte("older backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteBackup(out, vault.Backup(), plain, false); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("over an existing file without overwrite: %v", err)
	}
	if data, _ := os.ReadFile(out); string(data) != "older backup" {
		t.Fatalf("the existing file was changed")
	}
	if _, err := s.WriteBackup(out, vault.Backup(), plain, true); err != nil {
		t.Fatal(err)
	}
}

// TestWriteBackup_LeavesOutDamage: a damaged log entry, attachment, earlier
// version or trashed dossier does not stop a backup: it is left out and
// named, the rest is written, streamed exactly as Export writes it.
func TestWriteBackup_LeavesOutDamage(t *testing.T) {
	path := backupVault(t, 60)
	s := fixedStore(t, path)
	var edited vault.ID // a live dossier with an earlier version
	for _, d := range s.List() {
		if d.Version == 2 {
			edited = d.ID
		}
	}
	s.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		for _, bucket := range []string{"log", "attachments", "trash"} {
			k, _ := tx.Bucket([]byte(bucket)).Cursor().First()
			if k == nil {
				t.Fatalf("the fixture has no %s", bucket)
			}
			flip(t, tx, bucket, bytes.Clone(k))
		}
		flip(t, tx, "history", historyKey(edited, 1))
		return nil
	})
	s = fixedStore(t, path)
	got, n := writeBackup(t, s, vault.Backup())
	if len(n.Unreadable) != 4 {
		t.Fatalf("left out %q, want the 4 damaged values", n.Unreadable)
	}
	for _, prefix := range []string{"attachment ", "version 1 of dossier " + edited.Short(), "a dossier in the trash", "log entry 1"} {
		if !slices.ContainsFunc(n.Unreadable, func(u string) bool { return strings.HasPrefix(u, prefix) }) {
			t.Errorf("left out %q, none of them %s…", n.Unreadable, prefix)
		}
	}
	b, err := s.Export(vault.Backup())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Wipe()
	if !slices.Equal(b.Unreadable, n.Unreadable) {
		t.Errorf("Export left out %q, the stream %q", b.Unreadable, n.Unreadable)
	}
	if want := exportEncoded(t, s, vault.Backup()); !bytes.Equal(got, want) {
		t.Error("with damage, the streamed backup differs from Export+Encode")
	}
	parsed, err := vault.ParseBundle(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(parsed.Dossiers) != 60-4 || len(parsed.Trash) != 3 {
		t.Errorf("the backup holds %d dossiers and %d trashed, want 56 and 3", len(parsed.Dossiers), len(parsed.Trash))
	}
}
