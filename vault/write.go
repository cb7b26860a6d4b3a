package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/crypto"
)

// batch is one write transaction. It seals what changes, rewrites each
// touched shard once at the end, and appends the transaction's events to the
// log as one sealed value. The in-memory dossiers change only after bbolt has
// committed, so a failed write leaves memory and file as they were.
type batch struct {
	s       *Store
	tx      *bolt.Tx
	keys    *crypto.Keys
	now     time.Time
	changed map[ID]*Dossier // nil: removed
	shards  map[byte]bool
	sums    map[byte][]Summary // the touched shards' summaries, once flushed
	events  []Event
	wipe    bool // overwrite what the write freed (see Store.wipeFree)
}

// write runs fn in one bbolt transaction with the store's write lock held.
func (s *Store) write(fn func(b *batch) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys == nil {
		return ErrLocked
	}
	b := &batch{s: s, keys: s.keys, now: s.now().UTC(), changed: map[ID]*Dossier{}, shards: map[byte]bool{},
		sums: map[byte][]Summary{}}
	err := s.update(func(tx *bolt.Tx) error {
		b.tx = tx
		if err := fn(b); err != nil {
			return err
		}
		return b.flush()
	})
	if err != nil {
		return err
	}
	s.writes++
	for id, d := range b.changed {
		s.damaged = slices.DeleteFunc(s.damaged, func(x ID) bool { return x == id })
		m := s.shards[id[0]]
		if d == nil {
			delete(m, id)
			continue
		}
		if m == nil {
			m = map[ID]*Dossier{}
			s.shards[id[0]] = m
		}
		m[id] = d
	}
	for i, l := range b.sums {
		s.count += len(l) - len(s.sums[i])
		s.sums[i] = l
	}
	if len(b.changed) > 0 {
		s.sorted, s.summaries = nil, nil
	}
	if b.wipe {
		if err := s.wipeFree(); err != nil {
			return fmt.Errorf("%w: %v", ErrNotWiped, err)
		}
	}
	return nil
}

// need reads the shard of id, if it is not yet, before anything in this
// transaction writes to it.
func (b *batch) need(id ID) {
	b.s.needLocked(b.tx, []int{int(id[0])})
}

// get returns the dossier as this transaction sees it.
func (b *batch) get(id ID) (Dossier, bool) {
	if d, ok := b.current(id); ok {
		return d.Clone(), true
	}
	return Dossier{}, false
}

// current is get without the copy: the caller must not change it.
func (b *batch) current(id ID) (*Dossier, bool) {
	if d, ok := b.changed[id]; ok {
		return d, d != nil
	}
	b.need(id)
	e, ok := b.s.shards[id[0]][id]
	return e, ok
}

func (b *batch) seal(plain []byte) ([]byte, error) {
	defer clear(plain)
	return b.keys.Seal(plain)
}

// put stores d as its current version; the version it replaces, if any,
// goes into its history (see putSealed).
func (b *batch) put(d Dossier) error {
	b.need(d.ID)
	rec, err := d.MarshalBinary()
	if err != nil {
		return err
	}
	sealed, err := b.seal(rec)
	if err != nil {
		return err
	}
	return b.putSealed(d, sealed)
}

// putMany is put for many dossiers at once, as an import or a restore
// writes them: it seals their records on every CPU, then stores them in the
// order of their IDs. bbolt keeps a transaction's new keys in sorted
// in-memory pages; putting 10,000 random IDs one by one moved those pages'
// entries along at every insert.
func (b *batch) putMany(ds []Dossier) error {
	sealed := make([][]byte, len(ds))
	errs := make([]error, len(ds))
	onEveryCPU(len(ds), func(next <-chan int) {
		var rec []byte // one buffer per worker: seal clears it
		for i := range next {
			rec = ds[i].appendRecord(rec[:0])
			sealed[i], errs[i] = b.seal(rec)
		}
	})
	order := make([]int, len(ds))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return bytes.Compare(ds[x].ID[:], ds[y].ID[:]) })
	// Keys in order fill pages: bbolt's default of half full pages, right
	// for keys arriving at random, doubled the file an import wrote. The
	// dossiers are filled whole: at about 1 KB a value, 90% held three to a
	// page where four fit (10,000 dossiers: 13.6 -> 10.2 MB of pages). The
	// next edit that grows a value on a full page splits it, once.
	b.tx.Bucket(bucketDossiers).FillPercent = 1.0
	b.tx.Bucket(bucketHistory).FillPercent = 0.9
	for _, i := range order {
		if errs[i] != nil {
			return errs[i]
		}
		b.need(ds[i].ID)
		if err := b.putSealed(ds[i], sealed[i]); err != nil {
			return err
		}
	}
	return nil
}

func (b *batch) putSealed(d Dossier, sealed []byte) error {
	if cur, ok := b.current(d.ID); ok {
		if err := b.putHistory(cur); err != nil {
			return err
		}
	}
	if err := b.tx.Bucket(bucketDossiers).Put(d.ID[:], sealed); err != nil {
		return fmt.Errorf("writing dossier: %w", err)
	}
	cp := d
	b.changed[d.ID] = &cp
	b.shards[d.ID[0]] = true
	return nil
}

// putHistory keeps d, a version that stops being current (replaced or
// deleted), in its dossier's history, and drops the oldest versions beyond
// [HistoryDepth], counting the current one. The history holds only such
// versions: the current one is in the dossiers bucket (format 2 kept it in
// both, which doubled what an import wrote). It is sealed anew from the
// decoded record, so a damaged current value is not carried into history.
func (b *batch) putHistory(d *Dossier) error {
	hb := b.tx.Bucket(bucketHistory)
	sealed, err := b.seal(d.appendRecord(nil))
	if err != nil {
		return err
	}
	if err := hb.Put(historyKey(d.ID, d.Version), sealed); err != nil {
		return fmt.Errorf("writing history: %w", err)
	}
	if d.Version < HistoryDepth {
		// Versions are numbered from 1: there cannot be too many yet.
		return nil
	}
	var versions [][]byte
	c := hb.Cursor()
	for k, _ := c.Seek(d.ID[:]); k != nil && bytes.HasPrefix(k, d.ID[:]); k, _ = c.Next() {
		versions = append(versions, bytes.Clone(k))
	}
	for len(versions) > HistoryDepth-1 {
		if err := hb.Delete(versions[0]); err != nil {
			return err
		}
		versions = versions[1:]
	}
	return nil
}

// remove takes the dossier out of the current set; its last version joins
// its history, which stays.
func (b *batch) remove(id ID) error {
	b.need(id)
	if cur, ok := b.current(id); ok {
		if err := b.putHistory(cur); err != nil {
			return err
		}
	}
	if err := b.tx.Bucket(bucketDossiers).Delete(id[:]); err != nil {
		return err
	}
	b.changed[id] = nil
	b.shards[id[0]] = true
	return nil
}

// forget deletes a dossier's history and attachments, for good.
func (b *batch) forget(id ID, attachments []Attachment) error {
	hb := b.tx.Bucket(bucketHistory)
	var keys [][]byte
	c := hb.Cursor()
	for k, _ := c.Seek(id[:]); k != nil && bytes.HasPrefix(k, id[:]); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := hb.Delete(k); err != nil {
			return err
		}
	}
	ab := b.tx.Bucket(bucketAttachments)
	for _, a := range attachments {
		if err := ab.Delete(a.ID[:]); err != nil {
			return err
		}
	}
	return nil
}

func (b *batch) log(a Action, id ID, detail string) {
	b.events = append(b.events, Event{Time: b.now, Action: a, Dossier: id, Detail: clipDetail(detail)})
}

// flush reseals each touched shard and its summaries, and appends the
// events. The first write to a vault of format 1 adds the summaries bucket
// and marks the vault format 2, so that an older program, which would not
// keep the summaries up to date, refuses it.
func (b *batch) flush() error {
	sb := b.tx.Bucket(bucketShards)
	sumb := b.tx.Bucket(bucketSummaries)
	if sumb == nil { // format 1; a missing summary makes its shard be read whole
		var err error
		if sumb, err = b.tx.CreateBucket(bucketSummaries); err != nil {
			return err
		}
	}
	// Mark the format this program writes, so that an older program, which
	// would not keep the summaries up to date (format 1) or would expect the
	// current version in the history too (format 2), refuses the vault.
	meta := b.tx.Bucket(bucketMeta)
	if format := strconv.Itoa(FormatVersion); string(meta.Get(keyFormat)) != format {
		if err := meta.Put(keyFormat, []byte(format)); err != nil {
			return err
		}
	}
	touched := slices.Sorted(maps.Keys(b.shards)) // bbolt writes keys in order fastest
	// Each touched shard's dossiers, gathered here (they read the store's
	// maps), then encoded and sealed on every CPU (an import touches all 256
	// shards: 7.5 MB at 10,000 dossiers), then written here in order.
	type resealed struct {
		ds          []*Dossier
		unreadable  []ID
		shard, sums []byte
		err         error
	}
	work := make([]resealed, len(touched))
	// One pass over the changes, not one per shard: an import changes
	// 10,000 dossiers across all 256 shards.
	var byShard [256][]*Dossier
	for id, d := range b.changed {
		if d != nil {
			byShard[id[0]] = append(byShard[id[0]], d)
		}
	}
	var busy []int
	for w, i := range touched {
		r := &work[w]
		for id, e := range b.s.shards[i] {
			if _, ok := b.changed[id]; !ok {
				r.ds = append(r.ds, e)
			}
		}
		r.ds = append(r.ds, byShard[i]...)
		for _, id := range b.s.damaged {
			if _, changed := b.changed[id]; id[0] == i && !changed {
				r.unreadable = append(r.unreadable, id)
			}
		}
		if len(r.ds) > 0 || len(r.unreadable) > 0 {
			busy = append(busy, w)
		}
	}
	onEveryCPU(len(busy), func(next <-chan int) {
		var plain []byte // one buffer per worker: seal clears it
		for k := range next {
			r := &work[busy[k]]
			slices.SortFunc(r.ds, func(a, b *Dossier) int { return bytes.Compare(a.ID[:], b.ID[:]) })
			plain = appendShard(plain[:0], r.ds, r.unreadable)
			if r.shard, r.err = b.seal(plain); r.err != nil {
				continue
			}
			plain = appendSummaries(plain[:0], r.ds, r.unreadable)
			r.sums, r.err = b.seal(plain)
		}
	})
	for w, i := range touched {
		r := &work[w]
		if len(r.ds) == 0 && len(r.unreadable) == 0 {
			if err := sb.Delete([]byte{i}); err != nil {
				return err
			}
			if err := sumb.Delete([]byte{i}); err != nil {
				return err
			}
			b.sums[i] = nil
			continue
		}
		if r.err != nil {
			return r.err
		}
		if err := sb.Put([]byte{i}, r.shard); err != nil {
			return fmt.Errorf("writing index: %w", err)
		}
		if err := sumb.Put([]byte{i}, r.sums); err != nil {
			return fmt.Errorf("writing index: %w", err)
		}
		l := make([]Summary, len(r.ds))
		for j, d := range r.ds {
			l[j] = summaryOf(d)
		}
		b.sums[i] = l
	}
	if len(b.events) == 0 {
		return nil
	}
	lb := b.tx.Bucket(bucketLog)
	seq, err := lb.NextSequence()
	if err != nil {
		return err
	}
	sealed, err := b.seal(appendEvents(nil, b.events))
	if err != nil {
		return err
	}
	return lb.Put(binary.BigEndian.AppendUint64(nil, seq), sealed)
}

func historyKey(id ID, version uint64) []byte {
	return binary.BigEndian.AppendUint64(bytes.Clone(id[:]), version)
}

// normalize trims what a person typed and drops empty tags and duplicates.
func normalize(d *Dossier) {
	d.Title = strings.TrimSpace(d.Title)
	var tags []string
	for _, t := range d.Tags {
		t = strings.TrimSpace(t)
		if t != "" && !slices.ContainsFunc(tags, func(x string) bool { return strings.EqualFold(x, t) }) {
			tags = append(tags, t)
		}
	}
	d.Tags = tags
	for i := range d.Fields {
		d.Fields[i].Label = strings.TrimSpace(d.Fields[i].Label)
		if d.Fields[i].Type == "" {
			d.Fields[i].Type = TypeText
		}
	}
}

// Add stores a new dossier and returns it with its ID, version and times
// set. A fresh random ID is chosen unless d.ID is set and names no dossier,
// current, in the trash or in the history.
// It returns an error wrapping [ErrInvalid] for a dossier that does not
// validate.
func (s *Store) Add(d Dossier) (Dossier, error) {
	d = d.Clone()
	normalize(&d)
	if err := d.Validate(); err != nil {
		return Dossier{}, err
	}
	err := s.write(func(b *batch) error {
		if err := b.room(1); err != nil {
			return err
		}
		if d.ID.IsZero() || b.idInUse(d.ID) {
			d.ID = NewID()
		}
		d.Version = 1
		if d.Created.IsZero() {
			d.Created = b.now
		}
		d.Updated = b.now
		d.Attachments = nil
		b.log(ActCreated, d.ID, "")
		return b.put(d)
	})
	if err != nil {
		return Dossier{}, err
	}
	return d, nil
}

// room returns an error if n more dossiers would make the vault hold more
// than a backup carries ([MaxBundleDossiers]): a vault larger than that
// would write backups that cannot be restored. It knows the count once the
// summaries are read (the interface, an import, list); a one-shot command
// that reads one shard does not pay for reading them all.
func (b *batch) room(n int) error {
	if b.s.sumsRead && b.s.count+n > maxDossiers {
		return fmt.Errorf("%w: the vault would hold more than %d dossiers, the most a backup can carry; delete or hand off some first", ErrInvalid, maxDossiers)
	}
	return nil
}

// maxDossiers is MaxBundleDossiers; a test lowers it.
var maxDossiers = MaxBundleDossiers

// idInUse reports whether id names a current dossier, one in the trash, or
// one whose history is kept: reusing it would mix two dossiers' versions.
func (b *batch) idInUse(id ID) bool {
	if _, ok := b.current(id); ok { // no copy: only whether it is there
		return true
	}
	if b.tx.Bucket(bucketTrash).Get(id[:]) != nil {
		return true
	}
	k, _ := b.tx.Bucket(bucketHistory).Cursor().Seek(id[:])
	return k != nil && bytes.HasPrefix(k, id[:])
}

// Save writes d as the next version of an existing dossier. d must come from
// [Store.Get] (or [Store.Resolve]): if the dossier was saved since, Save
// returns [ErrConflict]. Attachments change only through [Store.Attach] and
// [Store.Detach]; those in d are ignored.
func (s *Store) Save(d Dossier) (Dossier, error) {
	d = d.Clone()
	normalize(&d)
	if err := d.Validate(); err != nil {
		return Dossier{}, err
	}
	err := s.write(func(b *batch) error {
		cur, ok := b.get(d.ID)
		if !ok {
			return fmt.Errorf("dossier %s: %w", d.ID.Short(), ErrNotFound)
		}
		if cur.Version != d.Version {
			return ErrConflict
		}
		d.Version = cur.Version + 1
		d.Created = cur.Created
		d.Updated = b.now
		d.Attachments = cur.Attachments
		b.log(ActEdited, d.ID, changedSummary(cur, d))
		return b.put(d)
	})
	if err != nil {
		return Dossier{}, err
	}
	return d, nil
}

// MarkReviewed records that a person has looked the dossier over now.
func (s *Store) MarkReviewed(id ID) (Dossier, error) {
	var d Dossier
	err := s.write(func(b *batch) error {
		var ok bool
		if d, ok = b.get(id); !ok {
			return fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
		}
		d.Version++
		d.Reviewed = b.now
		b.log(ActReviewed, id, "")
		return b.put(d)
	})
	return d, err
}

// changedSummary names what changed, by label only: never a value.
func changedSummary(a, b Dossier) string {
	var parts []string
	for _, c := range Diff(a, b) {
		parts = append(parts, c.What)
	}
	return strings.Join(parts, ", ")
}

// Change is one difference between two versions of a dossier. It names what
// changed (a field's label, "title", "notes"…) and never holds a value.
type Change struct {
	What string // "title", "kind", "notes", "tags", "field Phone", "date Birthday", "attachment scan.pdf"
	How  string // "added", "removed", "changed"
}

// Diff lists what differs from a to b, by name, in a stable order.
func Diff(a, b Dossier) []Change {
	var out []Change
	add := func(what, how string) { out = append(out, Change{What: what, How: how}) }
	if a.Title != b.Title {
		add("title", "changed")
	}
	if a.Kind != b.Kind {
		add("kind", "changed")
	}
	diffNamed(a.Fields, b.Fields, func(f Field) string { return f.Label }, func(x, y Field) bool { return x == y },
		func(name, how string) { add("field "+name, how) })
	if a.Notes != b.Notes {
		add("notes", "changed")
	}
	if !slices.Equal(a.Tags, b.Tags) {
		add("tags", "changed")
	}
	diffNamed(a.Dates, b.Dates, func(d Date) string { return d.Label }, func(x, y Date) bool { return x == y },
		func(name, how string) { add("date "+name, how) })
	diffNamed(a.Attachments, b.Attachments, func(x Attachment) string { return x.Name },
		func(x, y Attachment) bool { return x.ID == y.ID },
		func(name, how string) { add("attachment "+name, how) })
	if !a.Reviewed.Equal(b.Reviewed) {
		add("reviewed", "changed")
	}
	return out
}

func diffNamed[T any](a, b []T, name func(T) string, equal func(x, y T) bool, add func(name, how string)) {
	for _, x := range a {
		i := slices.IndexFunc(b, func(y T) bool { return name(y) == name(x) })
		switch {
		case i < 0:
			add(name(x), "removed")
		case !equal(x, b[i]):
			add(name(x), "changed")
		}
	}
	for _, y := range b {
		if !slices.ContainsFunc(a, func(x T) bool { return name(x) == name(y) }) {
			add(name(y), "added")
		}
	}
}

// Trashed is a deleted dossier waiting in the trash.
type Trashed struct {
	Dossier Dossier
	Deleted time.Time
}

const trashVersion = 1

func (b *batch) sealTrashed(t Trashed) ([]byte, error) {
	p := []byte{trashVersion}
	p = appendTime(p, t.Deleted)
	p = t.Dossier.appendRecord(p)
	return b.seal(p)
}

func openTrashed(keys *crypto.Keys, id ID, sealed []byte) (Trashed, error) {
	plain, err := keys.Open(sealed)
	if err != nil {
		return Trashed{}, fmt.Errorf("trashed dossier %s: %w", id, ErrDamaged)
	}
	r := reader{b: plain}
	if v := r.bytes(1, "trash version"); v == nil || v[0] != trashVersion {
		return Trashed{}, fmt.Errorf("trashed dossier %s: %w", id, ErrDamaged)
	}
	t := Trashed{Deleted: r.time("deleted")}
	if r.err != nil {
		return Trashed{}, r.err
	}
	if err := t.Dossier.UnmarshalBinary(r.b); err != nil || t.Dossier.ID != id {
		return Trashed{}, fmt.Errorf("trashed dossier %s: %w", id, ErrDamaged)
	}
	return t, nil
}

// Delete moves a dossier to the trash. A dossier listed by [Store.Damaged]
// cannot be read, so it cannot go to the trash: Delete removes it and its
// history for good. It returns [ErrNotFound] if there is no such dossier.
func (s *Store) Delete(id ID) error {
	return s.write(func(b *batch) error {
		d, ok := b.get(id)
		if !ok && slices.Contains(b.s.damaged, id) {
			if err := b.forget(id, nil); err != nil {
				return err
			}
			b.log(ActPurged, id, "unreadable")
			return b.remove(id)
		}
		if !ok {
			return fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
		}
		sealed, err := b.sealTrashed(Trashed{Dossier: d, Deleted: b.now})
		if err != nil {
			return err
		}
		if err := b.tx.Bucket(bucketTrash).Put(id[:], sealed); err != nil {
			return err
		}
		b.log(ActDeleted, id, "")
		return b.remove(id)
	})
}

// Trash returns the dossiers in the trash, most recently deleted first. A
// damaged trash entry is skipped and reported in the error, wrapped in
// [ErrDamaged], alongside the entries that did open.
func (s *Store) Trash() ([]Trashed, error) {
	return readAll(s, readTrash)
}

// readTrash opens the trash as tx sees it, most recently deleted first; bad
// reports a damaged entry, which is left out.
func readTrash(tx *bolt.Tx, keys *crypto.Keys) (out []Trashed, bad error) {
	out, bad = readBucket(tx, bucketTrash, keys, openTrashed)
	slices.SortFunc(out, func(a, b Trashed) int { return b.Deleted.Compare(a.Deleted) })
	return out, bad
}

func (s *Store) unlockedKeys() (*crypto.Keys, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return nil, ErrLocked
	}
	return s.keys, nil
}

// RestoreTrash moves a dossier from the trash back into the vault as a new
// version and returns it.
func (s *Store) RestoreTrash(id ID) (Dossier, error) {
	var d Dossier
	err := s.write(func(b *batch) error {
		tb := b.tx.Bucket(bucketTrash)
		v := tb.Get(id[:])
		if v == nil {
			return fmt.Errorf("trashed dossier %s: %w", id.Short(), ErrNotFound)
		}
		t, err := openTrashed(b.keys, id, v)
		if err != nil {
			return err
		}
		if err := b.room(1); err != nil {
			return err
		}
		if err := tb.Delete(id[:]); err != nil {
			return err
		}
		d = t.Dossier
		d.Version++
		d.Updated = b.now
		b.log(ActRestored, id, "")
		return b.put(d)
	})
	return d, err
}

// ResolveTrash finds a trashed dossier by full ID, ID prefix or title.
func (s *Store) ResolveTrash(ref string) (Trashed, error) {
	items, _ := s.Trash()
	var found []Trashed
	lower := strings.ToLower(strings.TrimSpace(ref))
	for _, t := range items {
		if (len(lower) >= 4 && strings.HasPrefix(t.Dossier.ID.String(), lower)) || strings.EqualFold(t.Dossier.Title, ref) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return Trashed{}, fmt.Errorf("nothing in the trash matches %q: %w", ref, ErrNotFound)
	case 1:
		return found[0], nil
	}
	return Trashed{}, fmt.Errorf("%w: %d trashed dossiers match %q; use the ID", ErrAmbiguous, len(found), ref)
}

// EmptyTrash deletes every dossier in the trash for good, with its history
// and attachments, and returns how many went.
func (s *Store) EmptyTrash() (int, error) {
	return s.purge(func(Trashed) bool { return true })
}

// purgeTrash empties trash older than TrashRetention.
// PurgeTrashed deletes one dossier of the trash for good, as EmptyTrash
// does all of them: its record, history and files, and then what they
// leave in the file (see wipeFree). A client who ends the engagement and
// asks that their details be erased need not wait 30 days, nor take the
// rest of the trash with them. It returns [ErrNotFound] if id is not in
// the trash.
func (s *Store) PurgeTrashed(id ID) error {
	n, err := s.purge(func(t Trashed) bool { return t.Dossier.ID == id })
	if err == nil && n == 0 {
		return fmt.Errorf("trashed dossier %s: %w", id.Short(), ErrNotFound)
	}
	return err
}

func (s *Store) purgeTrash() error {
	cutoff := s.now().Add(-TrashRetention)
	_, err := s.purge(func(t Trashed) bool { return t.Deleted.Before(cutoff) })
	if errors.Is(err, ErrNotWiped) {
		// The purge is done; unlocking must not fail for the wiping.
		// The next wipe (another purge, a detach) overwrites what is left.
		return nil
	}
	return err
}

func (s *Store) purge(match func(Trashed) bool) (int, error) {
	// Look first: unlocking purges old trash, and a command that only reads
	// must not write (and fsync, and touch the file) when there is none.
	items, _ := s.Trash()
	if !slices.ContainsFunc(items, match) {
		return 0, nil
	}
	n := 0
	err := s.write(func(b *batch) error {
		tb := b.tx.Bucket(bucketTrash)
		var doomed []Trashed
		err := tb.ForEach(func(k, v []byte) error {
			if len(k) != len(ID{}) {
				return nil
			}
			if t, err := openTrashed(b.keys, ID(k), v); err == nil && match(t) {
				doomed = append(doomed, t)
			}
			return nil
		})
		if err != nil {
			return err
		}
		gone := map[ID]bool{}
		for _, t := range doomed {
			id := t.Dossier.ID
			if err := tb.Delete(id[:]); err != nil {
				return err
			}
			if err := b.forget(id, b.allAttachments(id)); err != nil {
				return err
			}
			gone[id] = true
		}
		if err := b.eraseDetails(gone); err != nil {
			return err
		}
		for _, t := range doomed {
			b.log(ActPurged, t.Dossier.ID, "")
		}
		n = len(doomed)
		b.wipe = true
		return nil
	})
	return n, err
}

// allAttachments lists the attachments named by any stored version of id.
func (b *batch) allAttachments(id ID) []Attachment {
	var out []Attachment
	if cur, ok := b.current(id); ok {
		out = append(out, cur.Attachments...)
	}
	c := b.tx.Bucket(bucketHistory).Cursor()
	for k, v := c.Seek(id[:]); k != nil && bytes.HasPrefix(k, id[:]); k, v = c.Next() {
		if d, err := openDossier(b.keys, id, v); err == nil {
			out = append(out, d.Attachments...)
		}
	}
	if t := b.tx.Bucket(bucketTrash).Get(id[:]); t != nil {
		if tr, err := openTrashed(b.keys, id, t); err == nil {
			out = append(out, tr.Dossier.Attachments...)
		}
	}
	return out
}

// ForgetHistory deletes every earlier version of a live dossier, and the
// files only they held, keeping the current one, and overwrites what they
// leave in the file (see wipeFree); it returns how many versions went. A
// value typed into the wrong client's notes and taken out again stays in
// the history, for 32 changes: this is how it goes for good. The access log
// records it. It returns [ErrNotFound] for a dossier that is not live.
func (s *Store) ForgetHistory(id ID) (int, error) {
	n := 0
	err := s.write(func(b *batch) error {
		cur, ok := b.current(id)
		if !ok {
			return fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
		}
		keep := map[ID]bool{}
		for _, a := range cur.Attachments {
			keep[a.ID] = true
		}
		var orphans []Attachment
		c := b.tx.Bucket(bucketHistory).Cursor()
		found := false
		for k, v := c.Seek(id[:]); k != nil && bytes.HasPrefix(k, id[:]); k, v = c.Next() {
			found = true
			if len(k) != len(id)+8 || binary.BigEndian.Uint64(k[len(id):]) < cur.Version {
				n++ // format 2 kept the current version here too: not an earlier one
			}
			if d, err := openDossier(b.keys, id, v); err == nil {
				for _, a := range d.Attachments {
					if !keep[a.ID] {
						keep[a.ID] = true
						orphans = append(orphans, a)
					}
				}
			}
		}
		if !found {
			return nil
		}
		if err := b.forget(id, orphans); err != nil {
			return err
		}
		b.log(ActHistoryForgotten, id, fmt.Sprintf("%d earlier versions", n))
		b.wipe = true
		return nil
	})
	return n, err
}

// History returns every kept version of a dossier, newest first; the first is
// the current one (for a dossier in the trash, the version deleted). A
// damaged version is left out and reported in the error alongside the
// versions that opened.
func (s *Store) History(id ID) ([]Dossier, error) {
	keys, err := s.unlockedKeys()
	if err != nil {
		return nil, err
	}
	var bad error
	cur, err := s.Get(id)
	current := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		bad = err
	}
	var out []Dossier
	err = s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketHistory).Cursor()
		for k, v := c.Seek(id[:]); k != nil && bytes.HasPrefix(k, id[:]); k, v = c.Next() {
			if current && len(k) == len(id)+8 && binary.BigEndian.Uint64(k[len(id):]) >= cur.Version {
				continue // format 2 kept the current version here too
			}
			d, err := openDossier(keys, id, v)
			if err != nil || len(k) != len(id)+8 || d.Version != binary.BigEndian.Uint64(k[len(id):]) {
				bad = fmt.Errorf("a version of dossier %s: %w", id.Short(), ErrDamaged)
				continue
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if current {
		out = append(out, cur)
	}
	if len(out) == 0 && bad == nil {
		return nil, fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
	}
	slices.Reverse(out)
	return out, bad
}

// Revert makes an earlier version of a dossier its current one, saved as a
// new version, and returns it. Attachments detached since are left out.
func (s *Store) Revert(id ID, version uint64) (Dossier, error) {
	var d Dossier
	err := s.write(func(b *batch) error {
		cur, ok := b.get(id)
		if !ok {
			return fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
		}
		old := cur
		if version != cur.Version {
			v := b.tx.Bucket(bucketHistory).Get(historyKey(id, version))
			if v == nil || version > cur.Version {
				return fmt.Errorf("version %d of dossier %s: %w", version, id.Short(), ErrNotFound)
			}
			var err error
			if old, err = openDossier(b.keys, id, v); err != nil {
				return err
			}
		}
		ab := b.tx.Bucket(bucketAttachments)
		old.Attachments = slices.DeleteFunc(old.Attachments, func(a Attachment) bool { return ab.Get(a.ID[:]) == nil })
		d = old
		d.Version = cur.Version + 1
		d.Updated = b.now
		b.log(ActReverted, id, fmt.Sprintf("to version %d", version))
		return b.put(d)
	})
	return d, err
}

// Attach seals data as an attachment of the dossier under name. It returns
// [ErrTooLarge] past [MaxAttachmentSize], and [ErrInvalid] if the dossier
// already has an attachment of that name.
func (s *Store) Attach(id ID, name, mediaType string, data []byte) (Dossier, error) {
	// A file's name need not be UTF-8; a backup, in JSON, could not carry
	// it as it is.
	name = strings.ToValidUTF8(strings.TrimSpace(name), "\uFFFD")
	mediaType = strings.ToValidUTF8(mediaType, "\uFFFD")
	if len(data) > MaxAttachmentSize {
		return Dossier{}, ErrTooLarge
	}
	if name == "" || strings.ContainsAny(name, "/\\\x00") {
		return Dossier{}, fmt.Errorf("%w: an attachment needs a plain file name", ErrInvalid)
	}
	if len(name) > maxLabel || len(mediaType) > maxLabel {
		return Dossier{}, fmt.Errorf("%w: an attachment's name or type is longer than %s", ErrInvalid, sizeText(maxLabel))
	}
	var d Dossier
	err := s.write(func(b *batch) error {
		var ok bool
		if d, ok = b.get(id); !ok {
			return fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
		}
		if slices.ContainsFunc(d.Attachments, func(a Attachment) bool { return a.Name == name }) {
			return fmt.Errorf("%w: the dossier already has an attachment named %q; detach it first", ErrInvalid, name)
		}
		if len(d.Attachments) >= maxAttachments {
			return fmt.Errorf("%w: the dossier has %d attachments, the most it keeps; detach one first", ErrInvalid, maxAttachments)
		}
		a := Attachment{ID: NewID(), Name: name, MediaType: mediaType, Size: int64(len(data)),
			SHA256: sha256.Sum256(data), Added: b.now}
		if err := b.putAttachment(a, data); err != nil {
			return err
		}
		d.Attachments = append(d.Attachments, a)
		d.Version++
		d.Updated = b.now
		b.log(ActAttached, id, name)
		return b.put(d)
	})
	return d, err
}

// Detach removes an attachment from the dossier and deletes its content.
func (s *Store) Detach(id ID, name string) (Dossier, error) {
	var d Dossier
	err := s.write(func(b *batch) error {
		var ok bool
		if d, ok = b.get(id); !ok {
			return fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
		}
		i := slices.IndexFunc(d.Attachments, func(a Attachment) bool { return a.Name == name })
		if i < 0 {
			return fmt.Errorf("attachment %q: %w", name, ErrNotFound)
		}
		if err := b.tx.Bucket(bucketAttachments).Delete(d.Attachments[i].ID[:]); err != nil {
			return err
		}
		d.Attachments = slices.Delete(d.Attachments, i, i+1)
		d.Version++
		d.Updated = b.now
		b.log(ActDetached, id, name)
		b.wipe = true
		return b.put(d)
	})
	return d, err
}

// Attachment decrypts the attachment of the dossier called name and checks
// it against its recorded hash. The returned bytes belong to the caller.
func (s *Store) Attachment(id ID, name string) ([]byte, Attachment, error) {
	d, err := s.Get(id)
	if err != nil {
		return nil, Attachment{}, err
	}
	i := slices.IndexFunc(d.Attachments, func(a Attachment) bool { return a.Name == name })
	if i < 0 {
		return nil, Attachment{}, fmt.Errorf("attachment %q: %w", name, ErrNotFound)
	}
	a := d.Attachments[i]
	keys, err := s.unlockedKeys()
	if err != nil {
		return nil, a, err
	}
	var data []byte
	err = s.view(func(tx *bolt.Tx) error {
		data, err = openAttachment(keys, a, tx.Bucket(bucketAttachments).Get(a.ID[:]))
		return err
	})
	return data, a, err
}

func openAttachment(keys *crypto.Keys, a Attachment, sealed []byte) ([]byte, error) {
	if sealed == nil {
		return nil, fmt.Errorf("attachment %q: %w: its content is missing", a.Name, ErrDamaged)
	}
	plain, err := keys.Open(sealed)
	if err != nil || len(plain) < len(a.ID) || !bytes.Equal(plain[:len(a.ID)], a.ID[:]) ||
		sha256.Sum256(plain[len(a.ID):]) != a.SHA256 {
		return nil, fmt.Errorf("attachment %q: %w", a.Name, ErrDamaged)
	}
	return plain[len(a.ID):], nil
}
