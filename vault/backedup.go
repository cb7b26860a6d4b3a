package vault

import (
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
)

// keyBackedUp, in the meta bucket, holds when the vault was last backed up,
// in plaintext (RFC 3339, UTC, to the nanosecond): backup --copy writes it without the vault
// key. It says nothing about a client, and changing it only moves the day
// the interface reminds to back up.
var keyBackedUp = []byte("backed-up")

// ErrBackupNotRecorded is returned for a backup that was written whole but
// whose time the vault could not keep (its disk is full, say): it is a good
// backup, and only the reminder to make one may come early.
var ErrBackupNotRecorded = errors.New("the backup was written, but the vault could not record its time, so the reminder to back up may come early")

// LastBackup returns when the vault was last backed up (an encrypted backup,
// a copy of the vault file, or the restore it was made by), and the zero
// time if never or if the record does not read.
func (s *Store) LastBackup() time.Time {
	var t time.Time
	s.view(func(tx *bolt.Tx) error {
		t = readBackedUp(tx)
		return nil
	})
	return t
}

func readBackedUp(tx *bolt.Tx) time.Time {
	v := tx.Bucket(bucketMeta).Get(keyBackedUp)
	if v == nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, string(v))
	if err != nil {
		return time.Time{}
	}
	return t
}

func putBackedUp(tx *bolt.Tx, t time.Time) error {
	return tx.Bucket(bucketMeta).Put(keyBackedUp, []byte(t.UTC().Format(time.RFC3339Nano)))
}

// RecordBackup logs a backup that was written (detail says where, as "backup
// to FILE") and keeps at, the moment it holds the vault as of ([Counts].At),
// for [Store.LastBackup], in one write. A change saved while the backup was
// being written is after at, so it still counts as not backed up.
func (s *Store) RecordBackup(at time.Time, detail string) error {
	return s.write(func(b *batch) error {
		b.log(ActExported, ID{}, detail)
		return putBackedUp(b.tx, at)
	})
}

// BackupState says what of a vault's dossiers no backup holds yet.
type BackupState struct {
	Last    time.Time // the last backup; zero if there was none
	Changed int       // dossiers changed (or made, or imported) since then
	Oldest  time.Time // when the earliest of those changes was made
}

// BackupStateOf returns which dossiers of list changed after last, when the
// vault was last backed up (zero: never).
func BackupStateOf(list []Dossier, last time.Time) BackupState {
	st := BackupState{Last: last}
	for i := range list {
		d := &list[i]
		if !d.Updated.After(last) {
			continue
		}
		if st.Changed == 0 || d.Updated.Before(st.Oldest) {
			st.Oldest = d.Updated
		}
		st.Changed++
	}
	return st
}

// Due reports whether a change has waited at least every for a backup. An
// every of zero never makes a backup due.
func (b BackupState) Due(now time.Time, every time.Duration) bool {
	return every > 0 && b.Changed > 0 && now.Sub(b.Oldest) >= every
}

// DueSince returns the day the backup fell due: every after the oldest
// change no backup holds.
func (b BackupState) DueSince(every time.Duration) time.Time { return b.Oldest.Add(every) }
