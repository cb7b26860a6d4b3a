package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"confidant/crypto"
)

// BundleFormat is the value of a bundle's "format" member. [ParseBundle]
// refuses any other.
const BundleFormat = "confidant-bundle/v1"

// Purposes of a bundle.
const (
	PurposeBackup  = "backup"
	PurposeHandoff = "handoff"
)

// MaxValue is the longest a field's value or the notes may be in a bundle,
// in bytes, and so the longest the command line reads for them.
const MaxValue = 1 << 20

// Limits [ParseBundle] enforces, so that a hostile bundle cannot exhaust
// memory or time. A bundle this program writes always stays within them.
const (
	MaxBundleSize     = 1 << 30 // bytes of JSON
	MaxBundleDossiers = 100_000
	MaxBundleContacts = 10_000
	MaxBundleEvents   = 10_000_000
	maxBundleDepth    = 8 // { dossiers [ { history [ { fields [ { …
	maxTitle          = 4 << 10
	maxLabel          = 1 << 10
	maxValue          = MaxValue
	maxFields         = 1000
	maxTags           = 256
	maxDates          = 256
	maxAttachments    = 256
)

// Bundle is the portable, plaintext form of dossiers that backups and
// handoffs carry inside an age file. docs/FORMAT.md describes its JSON.
type Bundle struct {
	Purpose  string    // PurposeBackup or PurposeHandoff
	From     string    // who made it: the sender's public recipient or name; may be empty
	Created  time.Time // when it was made
	Dossiers []BundleDossier
	Contacts []Contact // the address book, in backups

	// Identity is the vault's handoff identity in age's text form
	// ("AGE-SECRET-KEY-1…"), in backups only, so that a restored vault keeps
	// its recipient ([CreateOptions.Identity]). It is a secret. A handoff
	// never carries it; [ParseBundle] refuses one that does.
	Identity string
	// Trash holds the dossiers in the trash, in backups, each with its
	// Deleted time, history and attachment contents.
	Trash []BundleDossier
	// Log is the access log, oldest first, in backups. Events of one write
	// share their Seq.
	Log []Event

	// Unreadable names what [Store.Export] left out of a backup because it
	// did not open (damaged): "log entry 12", "attachment scan.pdf of
	// dossier 1a2b3c4d", "version 3 of dossier 1a2b3c4d", "a contact", "a
	// dossier in the trash". It is not part of the encoded bundle.
	Unreadable []string
}

// BundleDossier is one dossier of a bundle with what travels beside it.
type BundleDossier struct {
	Dossier Dossier
	// Content holds the content of the dossier's attachments by attachment
	// ID; an attachment whose content is absent was left behind.
	Content map[ID][]byte
	// History holds earlier versions, oldest first, when they were asked for.
	History []Dossier
	// Deleted is when the dossier was moved to the trash, for an entry of
	// [Bundle.Trash]; zero otherwise.
	Deleted time.Time
}

// List returns the bundle's dossiers, without their attachments' content
// or history.
func (b *Bundle) List() []Dossier {
	ds := make([]Dossier, len(b.Dossiers))
	for i := range b.Dossiers {
		ds[i] = b.Dossiers[i].Dossier
	}
	return ds
}

// Wipe overwrites the attachment contents and drops the dossiers. Strings
// cannot be zeroed in Go; they are left to the garbage collector.
func (b *Bundle) Wipe() {
	for _, ds := range [][]BundleDossier{b.Dossiers, b.Trash} {
		for _, d := range ds {
			for _, c := range d.Content {
				clear(c)
			}
		}
	}
	b.Dossiers, b.Trash, b.Log, b.Identity = nil, nil, nil, ""
}

// Encode writes the bundle as JSON to w, in writes of about a MiB, and
// returns the error of the first write that fails. The JSON holds every
// value in plaintext: w must be an age encrypting writer, never a file.
func (b *Bundle) Encode(w io.Writer) error {
	var err error
	flush := func(p []byte) []byte {
		if err == nil {
			_, err = w.Write(p)
		}
		return p[:0]
	}
	buf := appendBundle(make([]byte, 0, bundleSize(b, encodeChunk+encodeChunk/8)), b, flush)
	flush(buf)
	clear(buf[:cap(buf)])
	return err
}

// ParseBundle decodes and checks a bundle written by [Bundle.Encode] (or by
// anyone following docs/FORMAT.md). It returns [ErrBundleVersion] for a
// "format" other than [BundleFormat], and an error wrapping [ErrBundle] for
// malformed JSON, a broken limit (size, nesting, counts, lengths), an
// attachment whose content does not match its hash, a dossier that does
// not validate, or a handoff that carries what only a backup may (the
// identity, the trash, the log). Errors never quote a value.
func ParseBundle(data []byte) (*Bundle, error) {
	if len(data) > MaxBundleSize {
		return nil, fmt.Errorf("%w: it is over %d MiB", ErrBundle, MaxBundleSize>>20)
	}
	j, err := decodeBundle(data)
	if err != nil {
		// Too deep a nesting is the first thing said about a bundle.
		if derr := checkDepth(data, maxBundleDepth); derr != nil {
			return nil, derr
		}
		return nil, err
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBundle}, a...)...)
	}
	if j.Purpose != PurposeBackup && j.Purpose != PurposeHandoff {
		return nil, bad("purpose %q is neither backup nor handoff", abbreviate(j.Purpose))
	}
	if len(j.Dossiers) > MaxBundleDossiers {
		return nil, bad("more than %d dossiers", MaxBundleDossiers)
	}
	if len(j.Contacts) > MaxBundleContacts {
		return nil, bad("more than %d contacts", MaxBundleContacts)
	}
	if j.Count != len(j.Dossiers) {
		return nil, bad("it says %d dossiers but holds %d; it is incomplete", j.Count, len(j.Dossiers))
	}
	// A post-quantum vault's recipient, which "from" holds, is 1,960
	// characters: the bound is a contact's recipient's, not a label's.
	if len(j.From) > maxTitle {
		return nil, bad("\"from\" is too long")
	}
	if j.Purpose != PurposeBackup && (j.Identity != "" || len(j.Trash) > 0 || len(j.Log) > 0) {
		return nil, bad("a handoff carries an identity, a trash or a log, which only a backup may")
	}
	if len(j.Trash) > MaxBundleDossiers || len(j.Log) > MaxBundleEvents {
		return nil, bad("more than %d trashed dossiers or %d log events", MaxBundleDossiers, MaxBundleEvents)
	}
	b := &Bundle{Purpose: j.Purpose, From: j.From, Dossiers: make([]BundleDossier, 0, len(j.Dossiers))}
	if b.Created, err = parseTime(j.Created); err != nil {
		return nil, bad("\"created\" is not an RFC 3339 time")
	}
	seen := make(map[ID]bool, len(j.Dossiers)+len(j.Trash))
	// dossier checks entry i of "dossiers" (trashed false) or "trash".
	dossier := func(i int, jd *rawDossier, trashed bool) (BundleDossier, error) {
		what := func() string {
			if trashed {
				return fmt.Sprintf("trashed dossier %d", i+1)
			}
			return fmt.Sprintf("dossier %d", i+1)
		}
		bd, err := fromRawDossier(jd, true)
		if err != nil {
			return bd, fmt.Errorf("%s: %w", what(), err)
		}
		if !bd.Dossier.ID.IsZero() {
			if seen[bd.Dossier.ID] {
				return bd, bad("%s repeats the ID %s", what(), bd.Dossier.ID)
			}
			seen[bd.Dossier.ID] = true
		}
		if trashed {
			if bd.Dossier.ID.IsZero() || bd.Dossier.Version == 0 {
				return bd, bad("%s lacks an ID or version", what())
			}
			if bd.Deleted, err = parseTime(jd.Deleted); err != nil || bd.Deleted.IsZero() {
				return bd, bad("%s has no RFC 3339 \"deleted\" time", what())
			}
		} else if jd.Deleted != "" {
			return bd, bad("%s has a \"deleted\" time but is not in the trash", what())
		}
		if len(jd.History) > HistoryDepth {
			return bd, bad("%s has more than %d earlier versions", what(), HistoryDepth)
		}
		if len(jd.History) > 0 {
			bd.History = make([]Dossier, 0, len(jd.History))
		}
		for k := range jd.History {
			jh := &jd.History[k]
			h, err := fromRawDossier(jh, false)
			if err != nil {
				return bd, fmt.Errorf("%s, earlier version %d: %w", what(), k+1, err)
			}
			if len(jh.History) > 0 || jh.Deleted != "" || h.Dossier.ID != bd.Dossier.ID || h.Dossier.Version >= bd.Dossier.Version {
				return bd, bad("%s, earlier version %d does not belong to it", what(), k+1)
			}
			bd.History = append(bd.History, h.Dossier)
		}
		return bd, nil
	}
	for i := range j.Dossiers {
		bd, err := dossier(i, &j.Dossiers[i], false)
		if err != nil {
			return nil, err
		}
		b.Dossiers = append(b.Dossiers, bd)
	}
	if len(j.Trash) > 0 {
		b.Trash = make([]BundleDossier, 0, len(j.Trash))
	}
	for i := range j.Trash {
		bd, err := dossier(i, &j.Trash[i], true)
		if err != nil {
			return nil, err
		}
		b.Trash = append(b.Trash, bd)
	}
	if j.Identity != "" {
		k, err := crypto.KeysWithIdentity(j.Identity)
		if err != nil {
			return nil, bad("\"identity\" is not an age identity")
		}
		k.Wipe()
		b.Identity = j.Identity
	}
	if len(j.Log) > 0 {
		b.Log = make([]Event, 0, len(j.Log))
	}
	var last uint64
	for i := range j.Log {
		je := &j.Log[i]
		e := Event{Seq: je.Seq, Action: Action(je.Action), Detail: je.Detail}
		t, err := parseTime(je.Time)
		if err != nil || t.IsZero() || je.Seq == 0 || je.Seq < last || je.Action == "" ||
			len(je.Action) > maxLabel || len(je.Detail) > maxTitle {
			return nil, bad("log event %d is malformed", i+1)
		}
		if je.Dossier != "" {
			var ok bool
			if e.Dossier, ok = parseHexID(je.Dossier); !ok {
				return nil, bad("log event %d names no dossier ID", i+1)
			}
		}
		e.Time, last = t, je.Seq
		b.Log = append(b.Log, e)
	}
	if len(j.Contacts) > 0 {
		b.Contacts = make([]Contact, 0, len(j.Contacts))
	}
	for i, jc := range j.Contacts {
		c := Contact{Name: jc.Name, Recipient: jc.Recipient}
		if c.Added, err = parseTime(jc.Added); err != nil || c.Name == "" || c.Recipient == "" ||
			len(c.Name) > maxLabel || len(c.Recipient) > maxTitle {
			return nil, bad("contact %d is malformed", i+1)
		}
		b.Contacts = append(b.Contacts, c)
	}
	return b, nil
}

// parseHexID is [ParseID] without the error, which a bundle does not
// quote: it reports whether s is 32 hex digits.
func parseHexID(s string) (ID, bool) {
	var id ID
	if len(s) != 2*len(id) {
		return id, false
	}
	var digits [2 * len(id)]byte
	copy(digits[:], s)
	_, err := hex.Decode(id[:], digits[:])
	return id, err == nil
}

func abbreviate(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:37]) + "…"
	}
	return s
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// checkDepth refuses JSON nested deeper than max arrays and objects, before
// it is decoded.
func checkDepth(data []byte, max int) error {
	depth := 0
	inString, escaped := false, false
	for _, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > max {
				return fmt.Errorf("%w: nested deeper than %d levels", ErrBundle, max)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// fromRawDossier checks one dossier; withContent keeps attachment contents.
func fromRawDossier(j *rawDossier, withContent bool) (BundleDossier, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBundle}, a...)...)
	}
	var bd BundleDossier
	d := Dossier{Version: j.Version, Title: j.Title, Notes: j.Notes}
	if j.ID != "" {
		id, ok := parseHexID(j.ID)
		if !ok {
			return bd, bad("\"id\" is not 32 hex digits")
		}
		d.ID = id
	}
	if len(j.Title) > maxTitle || len(j.Notes) > maxValue {
		return bd, bad("the title or notes are too long")
	}
	if len(j.Fields) > maxFields || len(j.Tags) > maxTags || len(j.Dates) > maxDates || len(j.Attachments) > maxAttachments {
		return bd, bad("too many fields, tags, dates or attachments")
	}
	k, err := ParseKind(j.Kind)
	if err != nil {
		return bd, bad("kind %q is unknown", abbreviate(j.Kind))
	}
	d.Kind = k
	for i := range j.Fields {
		f := &j.Fields[i]
		if len(f.Label) > maxLabel || len(f.Value) > maxValue {
			return bd, bad("field %d is too long", i+1)
		}
		t := TypeText
		if f.Type != "" {
			if t, err = ParseFieldType(string(f.Type)); err != nil {
				return bd, bad("field %d has an unknown type", i+1)
			}
		}
		f.Type = t
	}
	if len(j.Fields) > 0 {
		d.Fields = j.Fields
	}
	for _, t := range j.Tags {
		if len(t) > maxLabel {
			return bd, bad("a tag is too long")
		}
	}
	d.Tags = j.Tags
	if len(j.Dates) > 0 {
		d.Dates = make([]Date, 0, len(j.Dates))
	}
	for i, jd := range j.Dates {
		on, err := ParseDay(jd.On)
		if err != nil || len(jd.Label) > maxLabel {
			return bd, bad("date %d is not YYYY-MM-DD", i+1)
		}
		p, err := ParsePeriod(jd.Remind)
		if err != nil {
			return bd, bad("date %d has an unreadable reminder", i+1)
		}
		d.Dates = append(d.Dates, Date{Label: jd.Label, On: on, Remind: p, Yearly: jd.Yearly})
	}
	if len(j.Attachments) > 0 {
		d.Attachments = make([]Attachment, 0, len(j.Attachments))
	}
	for i, ja := range j.Attachments {
		a := Attachment{Name: ja.Name, MediaType: ja.MediaType, Size: ja.Size}
		id, ok := parseHexID(ja.ID)
		sum, herr := hex.DecodeString(ja.SHA256)
		if !ok || herr != nil || len(sum) != 32 || ja.Name == "" || len(ja.Name) > maxLabel ||
			len(ja.MediaType) > maxLabel || ja.Size < 0 || ja.Size > MaxAttachmentSize {
			return bd, bad("attachment %d is malformed", i+1)
		}
		a.ID = id
		copy(a.SHA256[:], sum)
		if a.Added, err = parseTime(ja.Added); err != nil {
			return bd, bad("attachment %d has an unreadable time", i+1)
		}
		if ja.Content != nil && withContent {
			if int64(len(ja.Content)) != a.Size || sha256.Sum256(ja.Content) != a.SHA256 {
				return bd, bad("the content of attachment %d does not match its size and SHA-256", i+1)
			}
			if bd.Content == nil {
				bd.Content = map[ID][]byte{}
			}
			bd.Content[a.ID] = ja.Content
		}
		d.Attachments = append(d.Attachments, a)
	}
	for _, pair := range []struct {
		s string
		t *time.Time
	}{{j.Created, &d.Created}, {j.Updated, &d.Updated}, {j.Reviewed, &d.Reviewed}} {
		if *pair.t, err = parseTime(pair.s); err != nil {
			return bd, bad("a time is not RFC 3339")
		}
	}
	if p := j.Provenance; p != nil {
		if len(p.Source) > maxTitle || len(p.From) > maxTitle {
			return bd, bad("the provenance is too long")
		}
		d.Provenance = &Provenance{Source: p.Source, From: p.From}
		if d.Provenance.Imported, err = parseTime(p.Imported); err != nil {
			return bd, bad("the provenance time is not RFC 3339")
		}
	}
	if err := d.Validate(); err != nil {
		return bd, fmt.Errorf("%w: %w", ErrBundle, err)
	}
	bd.Dossier = d
	return bd, nil
}
