package vault

import (
	bolt "go.etcd.io/bbolt"

	"confidant/crypto"
)

// readAll runs read in a read transaction of the unlocked store: the
// public face of readContacts and readTrash.
func readAll[T any](s *Store, read func(*bolt.Tx, *crypto.Keys) ([]T, error)) ([]T, error) {
	keys, err := s.unlockedKeys()
	if err != nil {
		return nil, err
	}
	var out []T
	var bad error
	if err := s.view(func(tx *bolt.Tx) error {
		out, bad = read(tx, keys)
		return nil
	}); err != nil {
		return nil, err
	}
	return out, bad
}

// readBucket opens every value of a bucket keyed by ID. A value that fails
// to open is left out and the last such failure returned as bad, beside
// the values that opened.
func readBucket[T any](tx *bolt.Tx, bucket []byte, keys *crypto.Keys, open func(*crypto.Keys, ID, []byte) (T, error)) (out []T, bad error) {
	tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		if len(k) != len(ID{}) {
			return nil
		}
		x, err := open(keys, ID(k), v)
		if err != nil {
			bad = err
			return nil
		}
		out = append(out, x)
		return nil
	})
	return out, bad
}
