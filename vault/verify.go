package vault

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Problem is one value [Store.Verify] could not open, or that does not match
// where it is stored.
type Problem struct {
	Dossier ID     // the dossier it belongs to; zero for the log and the address book
	Where   string // "dossier", "index", "history version 3", "trash", "attachment scan.pdf", "contact 1a2b3c4d", "log entry 12"
}

// Report is the outcome of [Store.Verify].
type Report struct {
	Dossiers int // dossiers in the vault
	Values   int // sealed values opened
	Problems []Problem
	// TooLong are dossiers that open but are over the limits a backup is
	// read back with (Where says what): saved before the vault kept them,
	// they stop a backup until shortened.
	TooLong []Problem
}

// OK reports whether every value opened and no dossier stops a backup.
func (r Report) OK() bool { return len(r.Problems) == 0 && len(r.TooLong) == 0 }

// Verify decrypts every value in the vault (dossiers, the index and its summaries, history,
// trash, attachments, the address book and the log) and reports each one
// that fails. It returns an error only if the vault cannot be read at all.
func (s *Store) Verify() (Report, error) {
	keys, err := s.unlockedKeys()
	if err != nil {
		return Report{}, err
	}
	var rep Report
	bad := func(id ID, where string) { rep.Problems = append(rep.Problems, Problem{Dossier: id, Where: where}) }
	err = s.view(func(tx *bolt.Tx) error {
		current := map[ID]Dossier{}
		var inShard [256][]ID
		err := tx.Bucket(bucketDossiers).ForEach(func(k, v []byte) error {
			rep.Values++
			if len(k) != len(ID{}) {
				bad(ID{}, "stray key in dossiers")
				return nil
			}
			id := ID(k)
			rep.Dossiers++
			inShard[id[0]] = append(inShard[id[0]], id)
			d, err := openDossier(keys, id, v)
			if err != nil {
				bad(id, "dossier")
				return nil
			}
			if what := d.OverLimit(); what != "" {
				// Saved before the vault kept a bundle's limits: whole, but
				// a backup stops at it (restorable).
				rep.TooLong = append(rep.TooLong, Problem{Dossier: id, Where: what})
			}
			current[id] = d
			return nil
		})
		if err != nil {
			return err
		}
		sb := tx.Bucket(bucketShards)
		for i, ids := range inShard {
			if len(ids) == 0 {
				continue
			}
			rep.Values++
			indexed := map[ID]uint64{}
			plain, err := keys.Open(sb.Get([]byte{byte(i)}))
			if err == nil {
				ds, _, perr := parseShard(plain)
				err = perr
				for _, d := range ds {
					indexed[d.ID] = d.Version
				}
			}
			for _, id := range ids {
				v, ok := indexed[id]
				if err != nil || !ok {
					bad(id, "index")
				} else if d, ok := current[id]; ok && d.Version != v {
					bad(id, "index (out of date)")
				}
			}
		}
		if sumb := tx.Bucket(bucketSummaries); sumb != nil { // format 1 has none
			for i, ids := range inShard {
				if len(ids) == 0 {
					continue
				}
				rep.Values++
				summarized := map[ID]uint64{}
				plain, err := keys.Open(sumb.Get([]byte{byte(i)}))
				if err == nil {
					var l []Summary
					l, _, err = parseSummaries(plain)
					for _, x := range l {
						summarized[x.ID] = x.Version
					}
				}
				for _, id := range ids {
					v, ok := summarized[id]
					if err != nil || !ok {
						bad(id, "summary")
					} else if d, ok := current[id]; ok && d.Version != v {
						bad(id, "summary (out of date)")
					}
				}
			}
		}
		c := tx.Bucket(bucketHistory).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			rep.Values++
			if len(k) != len(ID{})+8 {
				bad(ID{}, "stray key in history")
				continue
			}
			id, version := ID(k[:16]), binary.BigEndian.Uint64(k[16:])
			if d, err := openDossier(keys, id, v); err != nil || d.Version != version {
				bad(id, fmt.Sprintf("history version %d", version))
			}
		}
		err = tx.Bucket(bucketTrash).ForEach(func(k, v []byte) error {
			rep.Values++
			if len(k) != len(ID{}) {
				bad(ID{}, "stray key in trash")
			} else if _, err := openTrashed(keys, ID(k), v); err != nil {
				bad(ID(k), "trash")
			}
			return nil
		})
		if err != nil {
			return err
		}
		ab := tx.Bucket(bucketAttachments)
		for id, d := range current {
			for _, a := range d.Attachments {
				rep.Values++
				if _, err := openAttachment(keys, a, ab.Get(a.ID[:])); err != nil {
					bad(id, "attachment "+a.Name)
				}
			}
		}
		err = tx.Bucket(bucketContacts).ForEach(func(k, v []byte) error {
			rep.Values++
			if len(k) != len(ID{}) {
				bad(ID{}, "stray key in contacts")
			} else if _, err := openContact(keys, ID(k), v); err != nil {
				bad(ID{}, "contact "+ID(k).Short())
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketLog).ForEach(func(k, v []byte) error {
			rep.Values++
			plain, err := keys.Open(v)
			if err == nil {
				_, err = parseEvents(plain)
			}
			if err != nil || len(k) != 8 {
				bad(ID{}, fmt.Sprintf("log entry %x", k))
			}
			return nil
		})
	})
	slices.SortStableFunc(rep.Problems, func(a, b Problem) int { return bytes.Compare(a.Dossier[:], b.Dossier[:]) })
	return rep, err
}
