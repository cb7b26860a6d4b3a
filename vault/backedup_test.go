package vault_test

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/vault"
)

// TestBackupState: what no backup holds follows the vault's writes. A new
// vault's dossiers are in none; an encrypted backup, a copy of the file
// and a restore each record their time, in the file, so that only later
// changes count; a change is due for a backup once it has waited every.
func TestBackupState(t *testing.T) {
	s, c := newClockStore(t)
	state := func() vault.BackupState {
		t.Helper()
		return vault.BackupStateOf(s.List(), s.LastBackup())
	}
	if !s.LastBackup().IsZero() {
		t.Fatalf("a new vault's last backup: %v", s.LastBackup())
	}
	first, err := s.Add(vault.New("Eleanor Vance", vault.KindClient))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(vault.New("Robert Vance", vault.KindClient)); err != nil {
		t.Fatal(err)
	}
	st := state()
	if st.Changed != 2 || !st.Oldest.Equal(first.Updated) || !st.Last.IsZero() {
		t.Fatalf("never backed up: %+v, want 2 changed since %v", st, first.Updated)
	}
	week := 7 * 24 * time.Hour
	for _, tc := range []struct {
		now   time.Time
		every time.Duration
		due   bool
	}{
		{first.Updated.Add(week - time.Second), week, false},
		{first.Updated.Add(week), week, true},
		{first.Updated.Add(week), 0, false}, // never
	} {
		if got := st.Due(tc.now, tc.every); got != tc.due {
			t.Errorf("Due(%v, %v) = %v, want %v", tc.now, tc.every, got, tc.due)
		}
	}
	if got := st.DueSince(week); !got.Equal(first.Updated.Add(week)) {
		t.Errorf("DueSince = %v", got)
	}

	// An encrypted backup: its time is kept, with the log's event.
	n, err := s.WriteBackup(filepath.Join(t.TempDir(), "backup.json"), vault.Backup(), plain, false)
	if err != nil {
		t.Fatal(err)
	}
	if n.At.IsZero() {
		t.Fatal("WriteBackup gave no time")
	}
	// A save while the backup was being written comes after its time, and
	// is still not backed up once it is recorded.
	d, err := s.Get(first.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.Notes = "aisle seat"
	saved, err := s.Save(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RecordBackup(n.At, "backup to backup.json"); err != nil {
		t.Fatal(err)
	}
	if got := s.LastBackup(); !got.Equal(n.At) {
		t.Fatalf("LastBackup = %v, want %v", got, n.At)
	}
	if st := state(); st.Changed != 1 || !st.Oldest.Equal(saved.Updated) || !st.Last.Equal(n.At) {
		t.Fatalf("after a backup and a save: %+v", st)
	}
	if events, err := s.Log(vault.ID{}); err != nil || events[0].Action != vault.ActExported || events[0].Detail != "backup to backup.json" {
		t.Fatalf("the log: %+v, %v", events[:1], err)
	}
	s = reopenClock(t, s, c)
	if got := s.LastBackup(); !got.Equal(n.At) {
		t.Fatalf("LastBackup after reopening = %v, want %v", got, n.At)
	}

	// A copy of the file, made by a locked store.
	s.Lock()
	if err := s.CopyTo(filepath.Join(t.TempDir(), "copy.db")); err != nil {
		t.Fatal(err)
	}
	s = reopenClock(t, s, c)
	if st := state(); st.Changed != 0 || !st.Last.After(n.At) {
		t.Fatalf("after a copy: %+v", st)
	}

	// A restore: the backup holds everything the new vault does.
	b, err := s.Export(vault.Backup())
	if err != nil {
		t.Fatal(err)
	}
	r := newTestStore(t)
	if err := r.Restore(encodeParse(t, b), "backup.age"); err != nil {
		t.Fatal(err)
	}
	if st := vault.BackupStateOf(r.List(), r.LastBackup()); st.Changed != 0 || st.Last.IsZero() {
		t.Fatalf("after a restore: %+v", st)
	}
}

// TestLastBackup_Unreadable: a record that does not read is no backup, not
// an error: the reminder comes, nothing else changes.
func TestLastBackup_Unreadable(t *testing.T) {
	s := newTestStore(t)
	path := s.Path()
	s.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("backed-up"), []byte("yesterday"))
	})
	s = openUnlocked(t, path, nil)
	if got := s.LastBackup(); !got.IsZero() {
		t.Fatalf("LastBackup of an unreadable record = %v", got)
	}
}
