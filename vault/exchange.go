package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"confidant/crypto"

	bolt "go.etcd.io/bbolt"
)

// ExportOptions choose what [Store.Export] puts in a bundle.
type ExportOptions struct {
	// IDs are the dossiers to export; nil exports the whole vault as a
	// backup, with the address book, the trash, the access log and the
	// handoff identity.
	IDs []ID
	// Secrets keeps secret fields, and the secrets written in the notes
	// ("Door code: 4471"); without it they stay behind (KeepNoteSecrets).
	Secrets bool
	// KeepField, when set, chooses the fields that go in place of Secrets,
	// and KeepDate the dates (all go without it): a handoff chosen label
	// by label, "the passport number but not the bank PIN". The notes'
	// secrets go as a secret field of their label would.
	KeepField func(Field) bool
	KeepDate  func(Date) bool
	// NoNotes leaves the notes behind.
	NoNotes bool
	// KeepAttachment, when set, chooses the attachments that go in place of
	// Attachments: the passport scan, not the doctor's letter.
	KeepAttachment func(Attachment) bool
	// Attachments carries attachment contents; without it attachments stay
	// behind (their names too).
	Attachments bool
	// History carries the earlier versions kept of each dossier.
	History bool
	// From names the sender in the bundle: a recipient or a name.
	From string
}

// Backup returns the options for a complete backup: every dossier with its
// secrets, attachments and history, and with them the address book, the
// trash, the access log and the vault's handoff identity.
func Backup() ExportOptions {
	return ExportOptions{Secrets: true, Attachments: true, History: true}
}

// Export returns a bundle of the chosen dossiers (see [ExportOptions]). With
// no IDs it is a backup: the whole vault, with the address book, the trash,
// the access log and the handoff identity ([Bundle.Identity]). It reads one
// consistent view of the vault and writes nothing; the caller records the
// export with [Store.RecordEach] once the bundle is safely written. It
// returns [ErrNotFound] for an unknown ID and an error wrapping [ErrDamaged]
// for a value a backup needs that fails to decrypt (run [Store.Verify]).
// The bundle holds plaintext: encrypt it, and [Bundle.Wipe] it when done.
func (s *Store) Export(o ExportOptions) (*Bundle, error) {
	which := allShards
	if o.IDs != nil {
		which = nil
		for _, id := range o.IDs {
			which = append(which, int(id[0]))
		}
	}
	if err := s.need(which); err != nil {
		return nil, err
	}
	// The read lock keeps writes out, so the dossiers in memory and the
	// file agree for the whole export.
	s.mu.RLock()
	defer s.mu.RUnlock()
	keys := s.keys
	if keys == nil {
		return nil, ErrLocked
	}
	var ds []*Dossier
	purpose := PurposeHandoff
	if o.IDs == nil {
		// A backup lists the dossiers in the order of their IDs, as
		// WriteBackup streams them.
		purpose = PurposeBackup
		for i := range s.shards {
			start := len(ds)
			for _, d := range s.shards[i] {
				ds = append(ds, d)
			}
			slices.SortFunc(ds[start:], func(a, b *Dossier) int { return bytes.Compare(a.ID[:], b.ID[:]) })
		}
	} else {
		for _, id := range o.IDs {
			e, ok := s.shards[id[0]][id]
			if !ok {
				return nil, fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
			}
			ds = append(ds, e)
		}
	}
	b := &Bundle{Purpose: purpose, From: o.From, Created: s.now().UTC(), Dossiers: make([]BundleDossier, 0, len(ds))}
	err := s.view(func(tx *bolt.Tx) error {
		g := newGatherer(tx, keys, o)
		for _, d := range ds {
			bd, err := g.gather(*d)
			if err != nil {
				return err
			}
			b.Dossiers = append(b.Dossiers, bd)
		}
		if purpose != PurposeBackup {
			return nil
		}
		err := g.extras(b, true)
		b.Unreadable = g.unreadable
		return err
	})
	if err != nil {
		b.Wipe()
		return nil, err
	}
	return b, nil
}

// gatherer reads, in one transaction, what an export carries beside the
// dossiers themselves.
type gatherer struct {
	tx     *bolt.Tx
	keys   *crypto.Keys
	o      ExportOptions
	ab, hb *bolt.Bucket
	// unreadable names what a backup left out because it did not open
	// (see damaged).
	unreadable []string
}

func newGatherer(tx *bolt.Tx, keys *crypto.Keys, o ExportOptions) *gatherer {
	return &gatherer{tx: tx, keys: keys, o: o, ab: tx.Bucket(bucketAttachments), hb: tx.Bucket(bucketHistory)}
}

// damaged handles what failed to open: a backup leaves it out and names it
// in unreadable, so that one damaged value does not stop every backup of
// everything else; a handoff, whose sender chose what it carries, fails.
func (g *gatherer) damaged(what string, err error) error {
	if g.o.IDs != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	g.unreadable = append(g.unreadable, what)
	return nil
}

// filter leaves out what the options leave out.
func (g *gatherer) filter(d Dossier) Dossier {
	o := &g.o
	if o.Secrets && o.Attachments && o.KeepField == nil && o.KeepDate == nil && !o.NoNotes && o.KeepAttachment == nil {
		// Nothing is left out: the bundle may share the store's
		// dossiers, which nothing changes (Wipe only drops them).
		return d
	}
	d = d.Clone()
	switch {
	case o.KeepField != nil:
		d.Fields = slices.DeleteFunc(d.Fields, func(f Field) bool { return !o.KeepField(f) })
	case !o.Secrets:
		d.Fields = slices.DeleteFunc(d.Fields, func(f Field) bool { return f.Secret })
	}
	if o.KeepDate != nil {
		d.Dates = slices.DeleteFunc(d.Dates, func(dt Date) bool { return !o.KeepDate(dt) })
	}
	if o.NoNotes {
		d.Notes = ""
	} else if !o.Secrets || o.KeepField != nil {
		// A secret written in the notes goes as a secret field of its
		// label would: "Door code: 4471" stays with the door code.
		d.Notes = KeepNoteSecrets(d.Notes, func(label string) bool {
			if o.KeepField != nil {
				return o.KeepField(Field{Label: label, Secret: true})
			}
			return o.Secrets
		})
	}
	switch {
	case o.KeepAttachment != nil:
		d.Attachments = slices.DeleteFunc(d.Attachments, func(a Attachment) bool { return !o.KeepAttachment(a) })
	case !o.Attachments:
		d.Attachments = nil
	}
	return d
}

// attachments reports whether any attachment may go.
func (o *ExportOptions) attachments() bool { return o.Attachments || o.KeepAttachment != nil }

// needed reports whether gather reads anything for d: with nothing to read,
// d goes into the bundle as it is.
func (g *gatherer) needed(d *Dossier) bool {
	return (g.o.attachments() && len(d.Attachments) > 0) || (g.o.History && d.Version > 1)
}

// gather returns d as a bundle carries it: filtered, with the contents of
// its attachments and its earlier versions, as the options say.
func (g *gatherer) gather(d Dossier) (BundleDossier, error) {
	bd := BundleDossier{Dossier: g.filter(d)}
	if err := restorable(&bd.Dossier); err != nil {
		return bd, err
	}
	if g.o.attachments() {
		for _, a := range bd.Dossier.Attachments { // those that go
			data, err := openAttachment(g.keys, a, g.ab.Get(a.ID[:]))
			if err != nil {
				if err := g.damaged(fmt.Sprintf("attachment %s of dossier %s", a.Name, d.ID.Short()), err); err != nil {
					return bd, err
				}
				// Its content is lost: the backup leaves the attachment
				// out, so that what it holds is whole (a copy: bd may
				// share the store's dossier).
				bd.Dossier = bd.Dossier.Clone()
				bd.Dossier.Attachments = slices.DeleteFunc(bd.Dossier.Attachments, func(x Attachment) bool { return x.ID == a.ID })
				continue
			}
			if bd.Content == nil {
				bd.Content = map[ID][]byte{}
			}
			bd.Content[a.ID] = data
		}
	}
	if g.o.History && d.Version > 1 { // history keeps versions before the current one
		c := g.hb.Cursor()
		for k, v := c.Seek(d.ID[:]); k != nil && bytes.HasPrefix(k, d.ID[:]); k, v = c.Next() {
			if len(k) != len(ID{})+8 || binary.BigEndian.Uint64(k[len(ID{}):]) >= d.Version {
				continue
			}
			h, err := openDossier(g.keys, d.ID, v)
			if err != nil {
				version := binary.BigEndian.Uint64(k[len(ID{}):])
				if err := g.damaged(fmt.Sprintf("version %d of dossier %s", version, d.ID.Short()), err); err != nil {
					return bd, err
				}
				continue
			}
			h = g.filter(h)
			if h.OverLimit() != "" {
				// Kept from before the limits; it cannot be edited, so
				// the backup leaves it out and says so.
				version := binary.BigEndian.Uint64(k[len(ID{}):])
				if err := g.damaged(fmt.Sprintf("version %d of dossier %s (over the limits a backup is read with)", version, d.ID.Short()), ErrInvalid); err != nil {
					return bd, err
				}
				continue
			}
			bd.History = append(bd.History, h)
		}
	}
	return bd, nil
}

// restorable returns an error for a dossier that a bundle could not be
// read back with: one saved before the vault kept the bundle's limits
// (Dossier.OverLimit). Writing it would make a backup that cannot be
// restored, so the backup stops and says which dossier to shorten.
func restorable(d *Dossier) error {
	if what := d.OverLimit(); what != "" {
		return fmt.Errorf("%w: dossier %s: %s, and a backup or handoff holding it could not be read back; shorten it, then try again",
			ErrInvalid, d.ID.Short(), what)
	}
	return nil
}

// clipDetail shortens an event's detail to what a bundle reads back: a
// handoff to a long list of colleagues once logged more.
func clipDetail(s string) string {
	if len(s) <= maxTitle {
		return s
	}
	cut := maxTitle - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// extras fills in what a backup carries beside the dossiers: the address
// book, the trash, the handoff identity and, with log, the access log.
//
// What does not open is left out and named in g.unreadable (see damaged):
// a damaged contact or trashed dossier, a log entry.
func (g *gatherer) extras(b *Bundle, log bool) error {
	var bad error
	if b.Contacts, bad = readContacts(g.tx, g.keys); bad != nil {
		if err := g.damaged("a contact", bad); err != nil {
			return err
		}
	}
	trash, bad := readTrash(g.tx, g.keys)
	if bad != nil {
		if err := g.damaged("a dossier in the trash", bad); err != nil {
			return err
		}
	}
	slices.Reverse(trash) // oldest deletion first
	for _, t := range trash {
		bd, err := g.gather(t.Dossier)
		if errors.Is(err, ErrInvalid) {
			return fmt.Errorf("in the trash, %w (restore it from the trash to shorten it, or empty the trash)", err)
		}
		if err != nil {
			return fmt.Errorf("the trash: %w", err)
		}
		bd.Deleted = t.Deleted
		b.Trash = append(b.Trash, bd)
	}
	if log {
		for _, en := range sealedLog(g.tx) {
			events, bad := openLog(g.keys, []logEntry{en}, ID{})
			if bad != nil {
				if err := g.damaged(fmt.Sprintf("log entry %d", en.seq), bad); err != nil {
					return err
				}
				continue
			}
			for i := range events {
				events[i].Detail = clipDetail(events[i].Detail)
			}
			b.Log = append(b.Log, events...)
		}
	}
	b.Identity = g.keys.SecretIdentity()
	return nil
}

// RecordEach appends one event per dossier to the access log, in one
// transaction: a handoff of each dossier, say. With no IDs it records one
// event about the whole vault.
func (s *Store) RecordEach(a Action, ids []ID, detail string) error {
	return s.write(func(b *batch) error {
		if len(ids) == 0 {
			b.log(a, ID{}, detail)
		}
		for _, id := range ids {
			b.log(a, id, detail)
		}
		return nil
	})
}

// Policy says what [Store.Import] does with an incoming dossier that matches
// one already in the vault.
type Policy string

// The conflict policies.
const (
	Skip     Policy = "skip"      // keep the vault's dossier, drop the incoming one
	Replace  Policy = "replace"   // the incoming dossier becomes the next version of the vault's
	KeepBoth Policy = "keep-both" // add the incoming one beside it, titled "… (imported)"
)

// ParsePolicy accepts "skip", "replace" or "keep-both".
func ParsePolicy(s string) (Policy, error) {
	p := Policy(strings.ToLower(strings.TrimSpace(s)))
	switch p {
	case Skip, Replace, KeepBoth:
		return p, nil
	}
	return "", fmt.Errorf("%w: --on-conflict %q (choose skip, replace or keep-both)", ErrInvalid, s)
}

// ImportAction is what an import does with one incoming dossier.
type ImportAction string

// The import actions.
const (
	ActionNew      ImportAction = "new"
	ActionSkip     ImportAction = "skip"
	ActionReplace  ImportAction = "replace"
	ActionKeepBoth ImportAction = "keep-both"
)

// ImportItem is one incoming dossier of an [ImportPlan].
type ImportItem struct {
	Incoming Dossier
	// Index is the dossier's place in what was imported (the plan lists
	// the dossiers by title).
	Index int
	// Match is the vault's dossier it matches (zero if none), by MatchBy:
	// "id" or "title and kind".
	Match      ID
	MatchTitle string
	MatchBy    string
	// Changes lists what differs from the vault's dossier to the incoming
	// one, by name only.
	Changes []Change
	// Older is set when the vault's dossier was changed after the incoming
	// one last was (by their Updated times): replacing it would go back to
	// an earlier state, as an old handoff sent again would (a seal proves who
	// wrote a file, not that it is their latest). Only for a dossier that
	// differs and carries its time (a bundle's; vCards and CSV have none).
	Older  bool
	Action ImportAction
	// Written is the ID the dossier was written under, after [Store.Import];
	// zero when skipped or only planned.
	Written ID
}

// ImportPlan is the preview of an import, and after [Store.Import] its
// outcome.
type ImportPlan struct {
	Items []ImportItem

	// What the plan was made of, so that Import can use it rather than
	// plan again when nothing was written since.
	bundle *Bundle
	policy Policy
	writes uint64
}

// Count returns how many items have action a.
func (p *ImportPlan) Count(a ImportAction) int {
	n := 0
	for _, it := range p.Items {
		if it.Action == a {
			n++
		}
	}
	return n
}

// CountOlder returns how many items match a dossier the vault changed after
// the incoming copy ([ImportItem.Older]).
func (p *ImportPlan) CountOlder() int {
	n := 0
	for _, it := range p.Items {
		if it.Older {
			n++
		}
	}
	return n
}

// Conflicts returns how many incoming dossiers match one in the vault.
func (p *ImportPlan) Conflicts() int {
	n := 0
	for _, it := range p.Items {
		if !it.Match.IsZero() {
			n++
		}
	}
	return n
}

// ImportOptions describe an import.
type ImportOptions struct {
	Policy Policy
	// Source names the file for provenance and the log (its base name).
	Source string
	// SHA256 is the hash of the file as received (the encrypted file).
	SHA256 [32]byte
	// From overrides the sender the bundle names.
	From string
	// Sender is who wrote the file, as CheckSender found; the log names a
	// sender who sealed it.
	Sender From
	// Plan, if not nil, is what PlanImport returned for the same bundle
	// and policy: Import carries it out as it is if nothing was written to
	// the vault since, and plans again otherwise.
	Plan *ImportPlan
}

func titleKey(d *Dossier) string {
	return string(d.Kind) + "\x00" + strings.ToLower(strings.TrimSpace(d.Title))
}

// plan matches incoming dossiers against the vault. get and byTitle see the
// vault as it is; the caller holds the lock that keeps it so.
func (s *Store) plan(incoming []Dossier, p Policy, get func(ID) (Dossier, bool)) *ImportPlan {
	byTitle := map[string]*Dossier{}
	for _, m := range s.shards {
		for _, e := range m {
			k := titleKey(e)
			if old, ok := byTitle[k]; !ok || bytes.Compare(e.ID[:], old.ID[:]) < 0 {
				byTitle[k] = e
			}
		}
	}
	if p == "" {
		p = Skip
	}
	// The plan lists the dossiers as the vault lists its own: by title. A
	// backup carries them in the order of their IDs.
	keys := make([]string, len(incoming))
	order := make([]int, len(incoming))
	for i := range incoming {
		keys[i], order[i] = strings.ToLower(strings.TrimSpace(incoming[i].Title)), i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	out := &ImportPlan{Items: make([]ImportItem, 0, len(incoming))}
	for _, i := range order {
		d := incoming[i]
		d = d.Clone()
		normalize(&d)
		it := ImportItem{Incoming: d, Index: i, Action: ActionNew}
		var cur Dossier
		found := false
		if !d.ID.IsZero() {
			if cur, found = get(d.ID); found {
				it.MatchBy = "id"
			}
		}
		if !found {
			if m, ok := byTitle[titleKey(&d)]; ok {
				cur, found = *m, true
				it.MatchBy = "title and kind"
			}
		}
		if found {
			it.Match, it.MatchTitle = cur.ID, cur.Title
			it.Changes = Diff(cur, merge(cur, d))
			it.Older = len(it.Changes) > 0 && !d.Updated.IsZero() && cur.Updated.After(d.Updated)
			switch {
			case len(it.Changes) == 0 && p != KeepBoth:
				it.Action = ActionSkip // already the same
			case p == Replace:
				it.Action = ActionReplace
			case p == KeepBoth:
				it.Action = ActionKeepBoth
			default:
				it.Action = ActionSkip
			}
		}
		out.Items = append(out.Items, it)
	}
	return out
}

// PlanImport previews an import of the bundle's dossiers under policy p
// without writing anything. Dossiers match by ID first, then by the same
// title (case-insensitively) and kind. An incoming dossier identical to the
// one it matches is skipped whatever the policy, except keep-both.
func (s *Store) PlanImport(b *Bundle, p Policy) (*ImportPlan, error) {
	if err := s.need(allShards); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.keys == nil {
		return nil, ErrLocked
	}
	get := func(id ID) (Dossier, bool) {
		e, ok := s.shards[id[0]][id]
		if !ok {
			return Dossier{}, false
		}
		return *e, true
	}
	plan := s.plan(dossiersOf(b), p, get)
	plan.bundle, plan.policy, plan.writes = b, p, s.writes
	return plan, nil
}

func dossiersOf(b *Bundle) []Dossier {
	out := make([]Dossier, len(b.Dossiers))
	for i, bd := range b.Dossiers {
		out[i] = bd.Dossier
	}
	return out
}

// Import writes the bundle's dossiers into the vault in one transaction:
// all of them or, on any error, none. Each written dossier records its
// provenance (the file's name and SHA-256, the sender, the time) and an
// "imported" event. Attachment contents the bundle carries are sealed anew;
// history in the bundle is not imported (see [Store.Restore]). It returns
// the plan as carried out, or an error wrapping [ErrInvalid] for a dossier
// that does not validate.
func (s *Store) Import(b *Bundle, o ImportOptions) (*ImportPlan, error) {
	if o.Policy == "" {
		o.Policy = Skip
	}
	if _, err := ParsePolicy(string(o.Policy)); err != nil {
		return nil, err
	}
	from := o.From
	if from == "" {
		from = b.From
	}
	source := fmt.Sprintf("%s sha256:%x", o.Source, o.SHA256)
	if len(from) > maxTitle || len(source) > maxTitle || !utf8.ValidString(from) || !utf8.ValidString(source) {
		// Every imported dossier keeps them, and must stay restorable
		// (Dossier.OverLimit) and editable.
		return nil, fmt.Errorf("%w: the sender or the file's name is not text of at most %s", ErrInvalid, sizeText(maxTitle))
	}
	var plan *ImportPlan
	err := s.write(func(bt *batch) error {
		s.needLocked(bt.tx, allShards) // the plan matches titles across the vault
		if p := o.Plan; p != nil && p.bundle == b && p.policy == o.Policy && p.writes == s.writes {
			plan = p // nothing was written since it was made
		} else {
			plan = s.plan(dossiersOf(b), o.Policy, bt.get)
		}
		for _, it := range plan.Items {
			if err := it.Incoming.Validate(); err != nil {
				return fmt.Errorf("dossier %d of the file: %w", it.Index+1, err)
			}
		}
		prov := &Provenance{Source: source, From: from, Imported: bt.now}
		ab := bt.tx.Bucket(bucketAttachments)
		// The dossiers are written together at the end; assigned holds the
		// IDs given out before that.
		toPut := make([]Dossier, 0, len(plan.Items))
		assigned := map[ID]bool{}
		taken := func(id ID) bool { return id.IsZero() || assigned[id] || bt.idInUse(id) }
		for i := range plan.Items {
			it := &plan.Items[i]
			in := it.Incoming
			var d Dossier
			switch it.Action {
			case ActionSkip:
				continue
			case ActionNew, ActionKeepBoth:
				d = in
				if it.Action == ActionKeepBoth || taken(d.ID) {
					d.ID = NewID()
				}
				if it.Action == ActionKeepBoth {
					d.Title += " (imported)"
				}
				d.Version = 1
				if d.Created.IsZero() {
					d.Created = bt.now
				}
				d.Attachments = nil
			case ActionReplace:
				cur, _ := bt.get(it.Match)
				d = merge(cur, in)
				// What the vault's dossier keeps and the file brings, together,
				// may be more than one dossier holds.
				if err := d.Validate(); err != nil {
					return fmt.Errorf("dossier %d of the file, replacing %s here: %w", it.Index+1, cur.ID.Short(), err)
				}
				d.ID, d.Version, d.Created = cur.ID, cur.Version+1, cur.Created
			}
			d.Updated = bt.now
			p := *prov
			d.Provenance = &p
			for _, a := range in.Attachments {
				data, ok := b.Dossiers[it.Index].Content[a.ID]
				if !ok || slices.ContainsFunc(d.Attachments, func(x Attachment) bool { return x.Name == a.Name }) {
					continue
				}
				if ab.Get(a.ID[:]) != nil || a.ID.IsZero() {
					a.ID = NewID()
				}
				if err := bt.putAttachment(a, data); err != nil {
					return err
				}
				d.Attachments = append(d.Attachments, a)
			}
			detail := o.Source
			if it.Action == ActionReplace {
				detail = "replaced from " + o.Source
			}
			if o.Sender.Verified {
				detail += ", sealed by " + o.Sender.Name()
			}
			bt.log(ActImported, d.ID, detail)
			it.Written = d.ID
			if it.Action == ActionReplace {
				// Now, so that another incoming dossier matching the same
				// one replaces this version.
				if err := bt.put(d); err != nil {
					return err
				}
				continue
			}
			assigned[d.ID] = true
			toPut = append(toPut, d)
		}
		if err := bt.room(len(toPut)); err != nil {
			return err
		}
		return bt.putMany(toPut)
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// merge returns what replacing cur with in gives: in's title, kind, fields,
// notes, tags and dates, plus what in lacks of cur: its fields and dates of
// other labels, its notes when in has none, its attachments and review
// time. A handoff leaves secrets behind, and its sender may keep back any
// field, date or the notes; the file does not say which (their labels
// would tell the colleague what was kept from them), so replacing takes
// what the file brings and never erases what it lacks.
func merge(cur, in Dossier) Dossier {
	d := in.Clone()
	for _, f := range cur.Fields {
		if d.FieldIndex(f.Label) < 0 {
			d.Fields = append(d.Fields, f)
		}
	}
	for _, dt := range cur.Dates {
		if !slices.ContainsFunc(d.Dates, func(x Date) bool { return strings.EqualFold(x.Label, dt.Label) }) {
			d.Dates = append(d.Dates, dt)
		}
	}
	if d.Notes == "" {
		d.Notes = cur.Notes
	}
	d.Attachments = slices.Clone(cur.Attachments)
	d.Reviewed = cur.Reviewed
	return d
}

func (b *batch) putAttachment(a Attachment, data []byte) error {
	plain := make([]byte, 0, len(a.ID)+len(data))
	plain = append(append(plain, a.ID[:]...), data...)
	sealed, err := b.seal(plain)
	if err != nil {
		return err
	}
	if err := b.tx.Bucket(bucketAttachments).Put(bytes.Clone(a.ID[:]), sealed); err != nil {
		return fmt.Errorf("writing attachment: %w", err)
	}
	return nil
}

// Restore writes a backup into an empty vault exactly as it was: IDs,
// versions, times, history, attachments, the address book, the trash (with
// deletion times) and the access log, in one transaction. The log keeps its
// order, and in a new vault its sequence numbers. Each dossier gets a
// "restored" event naming source. The handoff identity is not set here: pass
// [Bundle.Identity] to [Create] as [CreateOptions.Identity]. It returns an
// error wrapping [ErrInvalid] if the vault already holds dossiers, trash or
// contacts, if the bundle is a handoff, or if an ID repeats.
func (s *Store) Restore(b *Bundle, source string) error {
	if b.Purpose != PurposeBackup {
		return fmt.Errorf("%w: the file is a handoff, not a backup; use `confidant import`", ErrInvalid)
	}
	notEmpty := fmt.Errorf("%w: a backup is restored only into an empty vault", ErrInvalid)
	if s.Len() > 0 {
		return notEmpty
	}
	return s.write(func(bt *batch) error {
		for _, name := range [][]byte{bucketContacts, bucketTrash} {
			if k, _ := bt.tx.Bucket(name).Cursor().First(); k != nil {
				return notEmpty
			}
		}
		hb := bt.tx.Bucket(bucketHistory)
		seen := map[ID]bool{}
		// place writes one dossier's history and attachment contents and
		// returns it with the attachments whose content came along.
		place := func(what string, bd BundleDossier) (Dossier, error) {
			d := bd.Dossier
			if d.ID.IsZero() || d.Version == 0 {
				return d, fmt.Errorf("%w: %s of the backup lacks an ID or version", ErrInvalid, what)
			}
			if seen[d.ID] {
				return d, fmt.Errorf("%w: %s of the backup repeats an ID", ErrInvalid, what)
			}
			seen[d.ID] = true
			for _, h := range bd.History {
				sealed, err := bt.seal(h.appendRecord(nil))
				if err != nil {
					return d, err
				}
				if err := hb.Put(historyKey(h.ID, h.Version), sealed); err != nil {
					return d, err
				}
			}
			kept := d.Attachments[:0:0]
			for _, a := range d.Attachments {
				data, ok := bd.Content[a.ID]
				if !ok {
					continue
				}
				if err := bt.putAttachment(a, data); err != nil {
					return d, err
				}
				kept = append(kept, a)
			}
			d.Attachments = kept
			return d, nil
		}
		toPut := make([]Dossier, 0, len(b.Dossiers))
		for i, bd := range b.Dossiers {
			d, err := place(fmt.Sprintf("dossier %d", i+1), bd)
			if err != nil {
				return err
			}
			bt.log(ActRestored, d.ID, "from backup "+source)
			toPut = append(toPut, d)
		}
		if err := bt.putMany(toPut); err != nil {
			return err
		}
		tb := bt.tx.Bucket(bucketTrash)
		for i, bd := range b.Trash {
			d, err := place(fmt.Sprintf("trashed dossier %d", i+1), bd)
			if err != nil {
				return err
			}
			// As in a live vault, the trashed version is also in the history.
			sealed, err := bt.seal(d.appendRecord(nil))
			if err != nil {
				return err
			}
			if err := hb.Put(historyKey(d.ID, d.Version), sealed); err != nil {
				return err
			}
			if sealed, err = bt.sealTrashed(Trashed{Dossier: d, Deleted: bd.Deleted}); err != nil {
				return err
			}
			if err := tb.Put(bytes.Clone(d.ID[:]), sealed); err != nil {
				return err
			}
		}
		for _, c := range b.Contacts {
			c.ID = NewID()
			if err := bt.putContact(c); err != nil {
				return err
			}
		}
		// The backup restored from holds all that the vault now does.
		if err := putBackedUp(bt.tx, bt.now); err != nil {
			return err
		}
		return bt.restoreLog(b.Log)
	})
}

// restoreLog writes a backup's log events, grouped by their Seq, after what
// the log already holds; the restore's own events follow them.
func (bt *batch) restoreLog(events []Event) error {
	lb := bt.tx.Bucket(bucketLog)
	base, last := lb.Sequence(), uint64(0)
	for i := 0; i < len(events); {
		j := i + 1
		for j < len(events) && events[j].Seq == events[i].Seq {
			j++
		}
		if events[i].Seq < last || events[i].Seq == 0 {
			return fmt.Errorf("%w: the backup's log is out of order", ErrInvalid)
		}
		last = events[i].Seq
		sealed, err := bt.seal(appendEvents(nil, events[i:j]))
		if err != nil {
			return err
		}
		if err := lb.Put(binary.BigEndian.AppendUint64(nil, base+last), sealed); err != nil {
			return fmt.Errorf("writing the log: %w", err)
		}
		i = j
	}
	return lb.SetSequence(base + last)
}
