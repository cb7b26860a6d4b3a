package vault

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"confidant/crypto"

	bolt "go.etcd.io/bbolt"
)

// Counts says how much a backup holds, and what it left out because it did
// not open (as [Bundle.Unreadable]).
type Counts struct {
	Dossiers, Trash, Contacts, Log int
	Unreadable                     []string
	At                             time.Time // the moment the backup holds the vault as of
}

// WriteBackup writes a backup of the whole vault (what [Store.Export] with
// [Backup] options returns, encoded by [Bundle.Encode]) to path, encrypted
// by encrypt, as [WriteFileAtomic] does: path holds the complete file or
// what it held before; without overwrite, an existing path is left alone
// and the error wraps [fs.ErrExist]. o.IDs must be nil.
//
// It streams: each shard is decrypted, decoded and encoded to JSON on its
// own, on every CPU, and written in order, so that the vault is never held
// in memory whole. On a vault with damaged dossiers it falls back to
// Export, which reads around the damage. The caller records the backup
// with [Store.RecordBackup] and the returned Counts.At once it is written.
func (s *Store) WriteBackup(path string, o ExportOptions, encrypt func(io.Writer) (io.WriteCloser, error), overwrite bool) (Counts, error) {
	if o.IDs != nil {
		return Counts{}, errors.New("vault: WriteBackup writes the whole vault; use Export for some dossiers")
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return Counts{}, fmt.Errorf("writing %s: %w", path, fs.ErrExist)
		}
	}
	write := func(fill func(w io.Writer) error) error {
		return WriteFileAtomic(path, overwrite, func(w io.Writer) error {
			ew, err := encrypt(&capped{w: w, left: maxBundleFile})
			if err != nil {
				return err
			}
			if err := fill(ew); err != nil {
				if errors.Is(err, errNoStream) {
					return err
				}
				return fmt.Errorf("writing %s: %w", path, err)
			}
			if err := ew.Close(); err != nil {
				return fmt.Errorf("writing %s: %w", path, err)
			}
			return nil
		})
	}
	var n Counts
	err := write(func(w io.Writer) (err error) {
		n, err = s.streamBackup(w, o)
		return err
	})
	if !errors.Is(err, errNoStream) {
		return n, err
	}
	b, err := s.Export(o)
	if err != nil {
		return n, err
	}
	defer b.Wipe()
	if err := write(b.Encode); err != nil {
		return n, err
	}
	return Counts{len(b.Dossiers), len(b.Trash), len(b.Contacts), len(b.Log), b.Unreadable, b.Created}, nil
}

// ErrBundleTooLarge is returned by [Store.WriteBackup] and
// [WriteBundleFile] for a file that would be larger than [MaxBundleSize],
// which no reader opens: rather than a backup that cannot be restored, no
// backup, and the reason.
var ErrBundleTooLarge = fmt.Errorf("the file would be larger than %d MiB, more than a restore or an import reads; attachments or many earlier versions make it so large: save the largest attachments elsewhere and detach them, or leave the history out (backup --no-history)", MaxBundleSize>>20)

// maxBundleFile is MaxBundleSize; a test lowers it.
var maxBundleFile int64 = MaxBundleSize

// CappedWriter passes writes on to w until a bundle file's limit
// ([MaxBundleSize]), then fails with [ErrBundleTooLarge]: for a caller that
// writes a bundle file itself (WriteFileAtomic), the same bound as
// WriteBundleFile's.
func CappedWriter(w io.Writer) io.Writer { return &capped{w: w, left: maxBundleFile} }

// capped passes writes on until left bytes are written, then fails with
// ErrBundleTooLarge.
type capped struct {
	w    io.Writer
	left int64
}

func (c *capped) Write(p []byte) (int, error) {
	if int64(len(p)) > c.left {
		return 0, ErrBundleTooLarge
	}
	c.left -= int64(len(p))
	return c.w.Write(p)
}

// errNoStream: streamBackup cannot write this backup; Export can.
var errNoStream = errors.New("vault: the backup cannot be streamed")

// streamedShard is one shard on its way through streamBackup: decrypted
// into plain, its dossiers decoded into ds (their strings point into
// plain) and encoded as JSON, comma-separated, into json. A dossier that
// needs a read of its own (attachments, history) is left for the writer:
// pieces then splits json around it.
type streamedShard struct {
	i      int
	plain  []byte
	json   []byte
	ds     []Dossier
	pieces []streamPiece
	err    error
}

// streamPiece is json[previous end:end] followed, unless nil, by a dossier
// for the writer to gather and encode.
type streamPiece struct {
	end  int
	hole *Dossier
}

// fill decrypts, decodes and encodes shard sealed (nil: no shard).
func (r *streamedShard) fill(keys *crypto.Keys, sealed []byte, g *gatherer) {
	if sealed == nil {
		return
	}
	if r.plain, r.err = keys.OpenInto(r.plain, sealed); r.err != nil {
		return
	}
	ds, unreadable, err := parseShard(r.plain)
	if err != nil || len(unreadable) > 0 {
		r.err = errNoStream // Export reads around the damage
		return
	}
	r.ds = ds
	if need := len(r.plain) * 3 / 2; cap(r.json) < need {
		r.json = make([]byte, 0, need) // the JSON of a record is a little longer
	}
	for j := range ds {
		d := &ds[j]
		if j > 0 {
			r.json = append(r.json, ',')
		}
		if g.needed(d) {
			r.pieces = append(r.pieces, streamPiece{end: len(r.json), hole: d})
			continue
		}
		fd := g.filter(*d)
		if r.err = restorable(&fd); r.err != nil {
			return
		}
		r.json = appendDossier(r.json, &fd, nil, nil, time.Time{})
	}
	r.pieces = append(r.pieces, streamPiece{end: len(r.json)})
}

// reset clears what r holds, for the next shard.
func (r *streamedShard) reset() {
	clear(r.plain)
	clear(r.json[:cap(r.json)])
	clear(r.ds)
	r.plain, r.json, r.ds, r.pieces, r.err = r.plain[:0], r.json[:0], r.ds[:0], r.pieces[:0], nil
}

// streamBackup writes the JSON of a backup to w, shard by shard. Workers
// decrypt and encode the shards ahead of the writer, at most a few at a
// time, each into buffers the writer hands back once it has written them.
// It returns errNoStream, possibly after writing part of the backup, when
// the vault holds damage that Export must read around.
func (s *Store) streamBackup(w io.Writer, o ExportOptions) (Counts, error) {
	var n Counts
	s.mu.RLock()
	defer s.mu.RUnlock()
	keys := s.keys
	if keys == nil {
		return n, ErrLocked
	}
	if len(s.damaged) > 0 {
		return n, errNoStream
	}
	b := &Bundle{Purpose: PurposeBackup, From: o.From, Created: s.now().UTC()}
	n.At = b.Created
	err := s.view(func(tx *bolt.Tx) error {
		g := newGatherer(tx, keys, o)
		var sealed [256][]byte
		sb := tx.Bucket(bucketShards)
		for i := range sealed {
			sealed[i] = sb.Get([]byte{byte(i)})
		}
		entries := sealedLog(tx)

		// Workers decrypt and encode shards ahead of the writer, up to a
		// window of them, each into buffers the writer hands back.
		workers := runtime.GOMAXPROCS(0)
		free := make(chan *streamedShard, max(16, 2*workers))
		for range cap(free) {
			free <- &streamedShard{}
		}
		var done [256]chan *streamedShard
		for i := range done {
			done[i] = make(chan *streamedShard, 1)
		}
		jobs := make(chan *streamedShard)
		quit := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			defer close(jobs)
			for i := range sealed {
				select {
				case r := <-free:
					r.i = i
					select {
					case jobs <- r:
					case <-quit:
						return
					}
				case <-quit:
					return
				}
			}
		})
		for range workers {
			wg.Go(func() {
				for r := range jobs {
					// Decrypting reads bbolt's memory map, which can
					// fault on a damaged file.
					if err := guarded(func() error { r.fill(keys, sealed[r.i], g); return nil }); err != nil {
						r.err = err
					}
					done[r.i] <- r
				}
			})
		}
		// Meanwhile another goroutine opens and encodes the access log,
		// which the backup ends with.
		var logJSON []byte
		var logN int
		var logSkipped []string
		var logErr error
		logDone := make(chan struct{})
		wg.Go(func() {
			defer close(logDone)
			logErr = guarded(func() error {
				logJSON, logN, logSkipped = appendLogEntries(nil, keys, entries)
				return nil
			})
		})
		defer func() {
			close(quit)
			wg.Wait() // the workers read the memory map: before the transaction ends
			for i := range done {
				select {
				case r := <-done[i]:
					r.reset()
				default:
				}
			}
			clear(logJSON)
		}()

		count, ok := countSummaries(tx, keys, sealed)
		if !ok {
			// Every current dossier has its own value: count their keys.
			// That reads every page of them, 8 ms at 10,000 dossiers.
			count = 0
			c := tx.Bucket(bucketDossiers).Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				count++
			}
		}
		var werr error
		put := func(p []byte) {
			if werr == nil {
				_, werr = w.Write(p)
			}
		}
		put(appendBundleHead(nil, b, count))
		var hole []byte
		defer func() { clear(hole[:cap(hole)]) }()
		for i := range done {
			r := <-done[i]
			if r.err != nil {
				err := r.err
				r.reset()
				if errors.Is(err, ErrInvalid) {
					return err // a dossier over the limits: Export would refuse it too
				}
				return errNoStream
			}
			if len(r.ds) > 0 && n.Dossiers > 0 {
				put([]byte{','})
			}
			n.Dossiers += len(r.ds)
			from := 0
			for _, p := range r.pieces {
				put(r.json[from:p.end])
				from = p.end
				if p.hole == nil {
					continue
				}
				bd, err := g.gather(*p.hole)
				if err != nil {
					r.reset()
					return err
				}
				clear(hole)
				hole = appendDossier(hole[:0], &bd.Dossier, bd.Content, bd.History, time.Time{})
				put(hole)
				for _, c := range bd.Content {
					clear(c)
				}
			}
			r.reset()
			free <- r
			if werr != nil {
				return werr
			}
		}
		if n.Dossiers != count {
			return errNoStream // the shards and the dossiers' own values disagree
		}
		if err := g.extras(b, false); err != nil {
			return err
		}
		defer b.Wipe()
		<-logDone
		if logErr != nil {
			return logErr
		}
		n.Trash, n.Contacts, n.Log = len(b.Trash), len(b.Contacts), logN
		n.Unreadable = append(g.unreadable, logSkipped...)
		buf := appendBundleTail(nil, b, logJSON, func(p []byte) []byte {
			put(p)
			clear(p)
			return p[:0]
		})
		put(buf)
		clear(buf)
		return werr
	})
	return n, err
}

// appendLogEntries opens the access log's entries and appends the "log"
// member of a backup to dst, entry by entry: no slice of every event. An
// entry that does not open is left out and named in skipped, as Export's
// extras does.
func appendLogEntries(dst []byte, keys *crypto.Keys, entries []logEntry) (_ []byte, n int, skipped []string) {
	for _, en := range entries {
		plain, err := keys.Open(en.sealed)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("log entry %d", en.seq))
			continue
		}
		events, err := parseEvents(plain)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("log entry %d", en.seq))
			clear(plain)
			continue
		}
		// The JSON of an event is about four times its record.
		dst = slices.Grow(dst, 4*len(plain)+64)
		for i := range events {
			if n == 0 {
				dst = append(dst, `,"log":[`...)
			} else {
				dst = append(dst, ',')
			}
			events[i].Seq = en.seq
			events[i].Detail = clipDetail(events[i].Detail)
			dst = appendEvent(dst, &events[i])
			n++
		}
		clear(events)
		clear(plain)
	}
	if n > 0 {
		dst = append(dst, ']')
	}
	return dst, n, skipped
}

// countSummaries returns how many dossiers the summaries of the shards in
// sealed list: the count each begins with, so that only the summaries
// are decrypted and none is decoded. It returns false if a shard has no
// summary (a vault of format 1) or one that fails to open; the shards
// streamed must then add up to the count, or the backup falls back to
// Export.
func countSummaries(tx *bolt.Tx, keys *crypto.Keys, sealed [256][]byte) (int, bool) {
	b := tx.Bucket(bucketSummaries)
	if b == nil {
		return 0, false
	}
	count := 0
	var buf []byte
	defer func() { clear(buf[:cap(buf)]) }()
	for i := range sealed {
		if sealed[i] == nil {
			continue
		}
		v := b.Get([]byte{byte(i)})
		if v == nil {
			return 0, false
		}
		plain, err := keys.OpenInto(buf, v)
		if err != nil {
			return 0, false
		}
		buf = plain
		r := stringReader(plain)
		if v := r.bytes(1, "summary version"); v == nil || v[0] != summaryVersion {
			return 0, false
		}
		n := r.uvarint("summaries")
		if r.err != nil {
			return 0, false
		}
		count += int(n)
		clear(plain)
	}
	return count, true
}
