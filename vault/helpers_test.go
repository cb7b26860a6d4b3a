package vault_test

import (
	"bytes"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/vault"
)

// clock is a fake time source that moves one second forward on every call,
// so that events and deletions have distinct, ordered times.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

// newClockStore is newTestStore with a fake clock.
func newClockStore(t testing.TB) (*vault.Store, *clock) {
	t.Helper()
	c := newClock()
	path := filepath.Join(t.TempDir(), "vault.db")
	s, err := vault.Create(path, testPassphrase, vault.CreateOptions{WorkFactor: 10}, &vault.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c
}

// idWith returns an ID whose first byte, which chooses its shard, is shard
// and whose last byte is n.
func idWith(shard, n byte) vault.ID {
	var id vault.ID
	id[0], id[15] = shard, n
	return id
}

// addAs adds d under a chosen ID.
func addAs(t testing.TB, s *vault.Store, id vault.ID, d vault.Dossier) vault.Dossier {
	t.Helper()
	d.ID = id
	got, err := s.Add(d)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != id {
		t.Fatalf("Add chose ID %s, want %s", got.ID, id)
	}
	return got
}

// rawUpdate changes the vault file directly with bbolt, as an attacker or a
// failing disk would. The store must be closed.
func rawUpdate(t testing.TB, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// rawView reads the vault file directly with bbolt. The store must be closed.
func rawView(t testing.TB, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(fn); err != nil {
		t.Fatal(err)
	}
}

// flip damages the value under key in bucket by inverting its last byte,
// which is inside the final ChaCha20-Poly1305 tag of the age payload.
func flip(t testing.TB, tx *bolt.Tx, bucket string, key []byte) {
	t.Helper()
	b := tx.Bucket([]byte(bucket))
	v := b.Get(key)
	if v == nil {
		t.Fatalf("no value under %x in %s", key, bucket)
	}
	v = bytes.Clone(v)
	v[len(v)-1] ^= 0xff
	if err := b.Put(key, v); err != nil {
		t.Fatal(err)
	}
}

// swap exchanges the values under two keys of a bucket.
func swap(t testing.TB, tx *bolt.Tx, bucket string, k1, k2 []byte) {
	t.Helper()
	b := tx.Bucket([]byte(bucket))
	v1, v2 := bytes.Clone(b.Get(k1)), bytes.Clone(b.Get(k2))
	if v1 == nil || v2 == nil {
		t.Fatalf("swap: missing value in %s", bucket)
	}
	if err := b.Put(k1, v2); err != nil {
		t.Fatal(err)
	}
	if err := b.Put(k2, v1); err != nil {
		t.Fatal(err)
	}
}

// openUnlocked opens and unlocks the vault at path, closing it when the test
// ends.
func openUnlocked(t testing.TB, path string, o *vault.Options) *vault.Store {
	t.Helper()
	s, err := vault.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Unlock(testPassphrase); err != nil {
		t.Fatal(err)
	}
	return s
}

func ids(ds []vault.Dossier) []vault.ID {
	out := make([]vault.ID, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// reopenClock is reopen with the store's fake clock, so that its trash is
// not purged as old by the real one.
func reopenClock(t *testing.T, s *vault.Store, c *clock) *vault.Store {
	t.Helper()
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return openUnlocked(t, path, &vault.Options{Now: c.Now})
}
