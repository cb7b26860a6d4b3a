package vault

import (
	"bytes"
	"errors"
	"io"
	"testing"

	bolt "go.etcd.io/bbolt"
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
