package vault

import (
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/crypto"
)

// Action is what an access log event records.
type Action string

// The actions the access log records.
const (
	ActCreated   Action = "created"
	ActEdited    Action = "edited"
	ActReviewed  Action = "reviewed"
	ActRevealed  Action = "revealed"
	ActCopied    Action = "copied"
	ActExported  Action = "exported"
	ActImported  Action = "imported"
	ActHandedOff Action = "handed-off"
	ActDeleted   Action = "deleted"
	ActRestored  Action = "restored"
	ActReverted  Action = "reverted"
	ActPurged    Action = "purged"
	ActAttached  Action = "attached"
	ActDetached  Action = "detached"
	ActSavedOut  Action = "saved-attachment"
	ActViewed    Action = "viewed-attachment" // shown in the desktop's viewer, from memory

	// ActPassphraseChanged records a change of the vault passphrase.
	ActPassphraseChanged Action = "passphrase-changed"

	// ActLogForgotten records that the events before a day were removed
	// from the log ([Store.ForgetLog]); its detail says how many, and the day.
	ActLogForgotten Action = "log-forgotten"

	// ActHistoryForgotten records that a dossier's earlier versions were
	// deleted ([Store.ForgetHistory]); its detail says how many.
	ActHistoryForgotten Action = "history-forgotten"

	// ActContactAdded and ActContactRemoved are about the address book; their
	// detail is the contact's name.
	ActContactAdded   Action = "contact-added"
	ActContactRemoved Action = "contact-removed"
)

// Event is one entry of the sealed access log. Detail names a field,
// attachment or file; it never holds a value.
type Event struct {
	Seq     uint64 // the write it belongs to, increasing
	Time    time.Time
	Action  Action
	Dossier ID // zero for events about the whole vault, such as a backup
	Detail  string
}

const eventsVersion = 1

func appendEvents(b []byte, events []Event) []byte {
	b = append(b, eventsVersion)
	b = binary.AppendUvarint(b, uint64(len(events)))
	for _, e := range events {
		b = appendTime(b, e.Time)
		b = appendString(b, string(e.Action))
		b = append(b, e.Dossier[:]...)
		b = appendString(b, e.Detail)
	}
	return b
}

func parseEvents(data []byte) ([]Event, error) {
	r := stringReader(data)
	if v := r.bytes(1, "log version"); v == nil || v[0] != eventsVersion {
		return nil, fmt.Errorf("%w: unknown log entry", ErrDamaged)
	}
	n := r.count("events", 1+1+16+1)
	out := make([]Event, 0, n)
	for range n {
		e := Event{Time: r.time("time"), Action: Action(r.string("action"))}
		e.Dossier = r.id("dossier")
		e.Detail = r.string("detail")
		out = append(out, e)
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("stray bytes after log entry")
	}
	return out, r.err
}

// Record appends one event to the access log in its own transaction: a
// secret revealed, a field copied, a file exported.
func (s *Store) Record(a Action, id ID, detail string) error {
	return s.write(func(b *batch) error {
		b.log(a, id, detail)
		return nil
	})
}

// ForgetLog removes from the access log, in one write, every event older
// than before, and records that it did, with how many and from when: a log
// kept for years costs room in the vault file and time at each reading,
// and holds who saw what about clients long gone. An entry (the events of
// one write) goes whole, once its newest event is older; a damaged entry
// stays, for verify to report. It returns how many events went.
func (s *Store) ForgetLog(before time.Time) (int, error) {
	n := 0
	err := s.write(func(b *batch) error {
		lb := b.tx.Bucket(bucketLog)
		var gone [][]byte
		for _, en := range sealedLog(b.tx) {
			plain, err := b.keys.Open(en.sealed)
			if err != nil {
				continue
			}
			events, err := parseEvents(plain)
			clear(plain)
			if err != nil || len(events) == 0 {
				continue
			}
			newest := events[0].Time
			for _, e := range events[1:] {
				if e.Time.After(newest) {
					newest = e.Time
				}
			}
			if newest.Before(before) {
				gone = append(gone, binary.BigEndian.AppendUint64(nil, en.seq))
				n += len(events)
			}
		}
		for _, k := range gone {
			if err := lb.Delete(k); err != nil {
				return err
			}
		}
		b.log(ActLogForgotten, ID{}, fmt.Sprintf("%d events before %s", n, before.UTC().Format(time.DateOnly)))
		b.wipe = len(gone) > 0
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Log returns the access log, newest first: every event, or only those about
// one dossier when about is not the zero ID. Damaged entries are skipped and
// reported in the error, wrapped in [ErrDamaged], beside the events that
// opened.
func (s *Store) Log(about ID) ([]Event, error) {
	keys, err := s.unlockedKeys()
	if err != nil {
		return nil, err
	}
	var out []Event
	var bad error
	err = s.view(func(tx *bolt.Tx) error {
		out, bad = readLog(tx, keys, about)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Reverse(out)
	return out, bad
}

// readLog opens the access log as tx sees it, oldest first; bad reports a
// damaged entry, which is left out.
func readLog(tx *bolt.Tx, keys *crypto.Keys, about ID) (out []Event, bad error) {
	return openLog(keys, sealedLog(tx), about)
}

// logEntry is one sealed entry of the access log: the events of one write.
type logEntry struct {
	seq    uint64
	sealed []byte
}

// sealedLog returns the entries of the access log, oldest first. The values
// are bbolt's: valid until tx ends.
func sealedLog(tx *bolt.Tx) []logEntry {
	var out []logEntry
	tx.Bucket(bucketLog).ForEach(func(k, v []byte) error {
		if len(k) == 8 {
			out = append(out, logEntry{binary.BigEndian.Uint64(k), v})
		}
		return nil
	})
	return out
}

// openLog opens entries and returns their events about the dossier about
// (all of them if zero); bad reports a damaged entry, which is left out.
func openLog(keys *crypto.Keys, entries []logEntry, about ID) (out []Event, bad error) {
	var parts [][]Event // one per entry, so that out is allocated once
	total := 0
	for _, en := range entries {
		plain, err := keys.Open(en.sealed)
		if err != nil {
			bad = fmt.Errorf("log entry %d: %w", en.seq, ErrDamaged)
			continue
		}
		events, err := parseEvents(plain)
		if err != nil {
			bad = fmt.Errorf("log entry %d: %w", en.seq, ErrDamaged)
			continue
		}
		kept := events[:0]
		for _, e := range events {
			if about.IsZero() || e.Dossier == about {
				e.Seq = en.seq
				kept = append(kept, e)
			}
		}
		if len(kept) > 0 {
			parts = append(parts, kept)
			total += len(kept)
		}
	}
	if len(parts) == 1 {
		return parts[0], bad
	}
	out = make([]Event, 0, total)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out, bad
}

// eraseDetails empties the details of the log's events about the dossiers
// ids (a file's name, a field's label, a source), keeping when and what was
// done to which ID: a purge is meant to leave nothing of a client, and a
// file named "Eleanor Vance passport.png" names one. Entries are sealed
// again only where something changed; one that cannot be opened stays,
// for verify to report.
func (b *batch) eraseDetails(ids map[ID]bool) error {
	if len(ids) == 0 {
		return nil
	}
	lb := b.tx.Bucket(bucketLog)
	for _, en := range sealedLog(b.tx) {
		plain, err := b.keys.Open(en.sealed)
		if err != nil {
			continue
		}
		// The events' strings are read in place from plain (parseEvents),
		// so plain is cleared only once they are written anew.
		events, err := parseEvents(plain)
		changed := false
		for i := range events {
			if ids[events[i].Dossier] && events[i].Detail != "" {
				events[i].Detail, changed = "", true
			}
		}
		if err != nil || !changed {
			clear(plain)
			continue
		}
		sealed, err := b.seal(appendEvents(nil, events))
		clear(plain)
		if err != nil {
			return err
		}
		if err := lb.Put(binary.BigEndian.AppendUint64(nil, en.seq), sealed); err != nil {
			return err
		}
	}
	return nil
}
