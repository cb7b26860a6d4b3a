package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
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
	maxValue          = 1 << 20 // a field's value, the notes
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

// The JSON shapes. Times are RFC 3339 in UTC, omitted when zero.
type (
	jsonBundle struct {
		Format   string        `json:"format"`
		Purpose  string        `json:"purpose"`
		From     string        `json:"from,omitempty"`
		Created  string        `json:"created"`
		Count    int           `json:"count"`
		Dossiers jsonDossiers  `json:"dossiers"`
		Contacts []jsonContact `json:"contacts,omitempty"`
		Identity string        `json:"identity,omitempty"`
		Trash    jsonDossiers  `json:"trash,omitempty"`
		Log      jsonEvents    `json:"log,omitempty"`
	}
	jsonEvent struct {
		Seq     uint64 `json:"seq"`
		Time    string `json:"time"`
		Action  string `json:"action"`
		Dossier string `json:"dossier,omitempty"`
		Detail  string `json:"detail,omitempty"`
	}
	jsonDossier struct {
		ID          string           `json:"id,omitempty"`
		Version     uint64           `json:"version,omitempty"`
		Title       string           `json:"title"`
		Kind        string           `json:"kind"`
		Fields      []jsonField      `json:"fields,omitempty"`
		Notes       string           `json:"notes,omitempty"`
		Tags        []string         `json:"tags,omitempty"`
		Dates       []jsonDate       `json:"dates,omitempty"`
		Attachments []jsonAttachment `json:"attachments,omitempty"`
		Created     string           `json:"created,omitempty"`
		Updated     string           `json:"updated,omitempty"`
		Reviewed    string           `json:"reviewed,omitempty"`
		Provenance  *jsonProvenance  `json:"provenance,omitempty"`
		Deleted     string           `json:"deleted,omitempty"`
		History     jsonHistory      `json:"history,omitempty"`
	}
	jsonField struct {
		Label  string `json:"label"`
		Value  string `json:"value"`
		Type   string `json:"type,omitempty"`
		Secret bool   `json:"secret,omitempty"`
	}
	jsonDate struct {
		Label  string `json:"label"`
		On     string `json:"on"`
		Remind string `json:"remind,omitempty"`
		Yearly bool   `json:"yearly,omitempty"`
	}
	jsonAttachment struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		MediaType string `json:"media_type,omitempty"`
		Size      int64  `json:"size"`
		SHA256    string `json:"sha256"`
		Added     string `json:"added,omitempty"`
		Content   []byte `json:"content,omitempty"`
	}
	jsonProvenance struct {
		Source   string `json:"source,omitempty"`
		From     string `json:"from,omitempty"`
		Imported string `json:"imported,omitempty"`
	}
	jsonContact struct {
		Name      string `json:"name"`
		Recipient string `json:"recipient"`
		Added     string `json:"added,omitempty"`
	}
)

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func toJSONDossier(d Dossier, content map[ID][]byte) jsonDossier {
	j := jsonDossier{
		Version: d.Version, Title: d.Title, Kind: string(d.Kind), Notes: d.Notes, Tags: d.Tags,
		Created: fmtTime(d.Created), Updated: fmtTime(d.Updated), Reviewed: fmtTime(d.Reviewed),
	}
	if !d.ID.IsZero() {
		j.ID = d.ID.String()
	}
	for _, f := range d.Fields {
		j.Fields = append(j.Fields, jsonField{Label: f.Label, Value: f.Value, Type: string(f.Type), Secret: f.Secret})
	}
	for _, dt := range d.Dates {
		j.Dates = append(j.Dates, jsonDate{Label: dt.Label, On: dt.On.Format(time.DateOnly), Remind: dt.Remind.String(), Yearly: dt.Yearly})
	}
	for _, a := range d.Attachments {
		j.Attachments = append(j.Attachments, jsonAttachment{ID: a.ID.String(), Name: a.Name, MediaType: a.MediaType,
			Size: a.Size, SHA256: hex.EncodeToString(a.SHA256[:]), Added: fmtTime(a.Added), Content: content[a.ID]})
	}
	if p := d.Provenance; p != nil {
		j.Provenance = &jsonProvenance{Source: p.Source, From: p.From, Imported: fmtTime(p.Imported)}
	}
	return j
}

// Encode writes the bundle as JSON to w. The JSON holds every value in
// plaintext: w must be an age encrypting writer, never a file.
func (b *Bundle) Encode(w io.Writer) error {
	j := jsonBundle{Format: BundleFormat, Purpose: b.Purpose, From: b.From, Created: fmtTime(b.Created),
		Count: len(b.Dossiers), Dossiers: make([]jsonDossier, 0, len(b.Dossiers))}
	withHistory := func(bd BundleDossier) jsonDossier {
		jd := toJSONDossier(bd.Dossier, bd.Content)
		for _, h := range bd.History {
			jd.History = append(jd.History, toJSONDossier(h, nil))
		}
		return jd
	}
	for _, bd := range b.Dossiers {
		j.Dossiers = append(j.Dossiers, withHistory(bd))
	}
	for _, c := range b.Contacts {
		j.Contacts = append(j.Contacts, jsonContact{Name: c.Name, Recipient: c.Recipient, Added: fmtTime(c.Added)})
	}
	if b.Purpose == PurposeBackup {
		j.Identity = b.Identity
		for _, bd := range b.Trash {
			jd := withHistory(bd)
			jd.Deleted = fmtTime(bd.Deleted)
			j.Trash = append(j.Trash, jd)
		}
		for _, e := range b.Log {
			je := jsonEvent{Seq: e.Seq, Time: fmtTime(e.Time), Action: string(e.Action), Detail: e.Detail}
			if !e.Dossier.IsZero() {
				je.Dossier = e.Dossier.String()
			}
			j.Log = append(j.Log, je)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(j)
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
	if err := checkDepth(data, maxBundleDepth); err != nil {
		return nil, err
	}
	format, err := bundleFormat(data)
	if err != nil {
		return nil, err
	}
	if format != BundleFormat {
		return nil, fmt.Errorf("%w: %q (this program reads %s)", ErrBundleVersion, abbreviate(format), BundleFormat)
	}
	var j jsonBundle
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, jsonError(err)
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
	if len(j.From) > maxLabel {
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
	// dossier checks one dossier of "dossiers" (trashed false) or "trash".
	dossier := func(what string, jd jsonDossier, trashed bool) (BundleDossier, error) {
		bd, err := fromJSONDossier(jd, true)
		if err != nil {
			return bd, fmt.Errorf("%s: %w", what, err)
		}
		if !bd.Dossier.ID.IsZero() {
			if seen[bd.Dossier.ID] {
				return bd, bad("%s repeats the ID %s", what, bd.Dossier.ID)
			}
			seen[bd.Dossier.ID] = true
		}
		if trashed {
			if bd.Dossier.ID.IsZero() || bd.Dossier.Version == 0 {
				return bd, bad("%s lacks an ID or version", what)
			}
			if bd.Deleted, err = parseTime(jd.Deleted); err != nil || bd.Deleted.IsZero() {
				return bd, bad("%s has no RFC 3339 \"deleted\" time", what)
			}
		} else if jd.Deleted != "" {
			return bd, bad("%s has a \"deleted\" time but is not in the trash", what)
		}
		if len(jd.History) > HistoryDepth {
			return bd, bad("%s has more than %d earlier versions", what, HistoryDepth)
		}
		for k, jh := range jd.History {
			h, err := fromJSONDossier(jh, false)
			if err != nil {
				return bd, fmt.Errorf("%s, earlier version %d: %w", what, k+1, err)
			}
			if len(jh.History) > 0 || jh.Deleted != "" || h.Dossier.ID != bd.Dossier.ID || h.Dossier.Version >= bd.Dossier.Version {
				return bd, bad("%s, earlier version %d does not belong to it", what, k+1)
			}
			bd.History = append(bd.History, h.Dossier)
		}
		return bd, nil
	}
	for i, jd := range j.Dossiers {
		bd, err := dossier(fmt.Sprintf("dossier %d", i+1), jd, false)
		if err != nil {
			return nil, err
		}
		b.Dossiers = append(b.Dossiers, bd)
	}
	for i, jd := range j.Trash {
		bd, err := dossier(fmt.Sprintf("trashed dossier %d", i+1), jd, true)
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
	var last uint64
	for i, je := range j.Log {
		e := Event{Seq: je.Seq, Action: Action(je.Action), Detail: je.Detail}
		t, err := parseTime(je.Time)
		if err != nil || t.IsZero() || je.Seq == 0 || je.Seq < last || je.Action == "" ||
			len(je.Action) > maxLabel || len(je.Detail) > maxTitle {
			return nil, bad("log event %d is malformed", i+1)
		}
		if je.Dossier != "" {
			if e.Dossier, err = ParseID(je.Dossier); err != nil {
				return nil, bad("log event %d names no dossier ID", i+1)
			}
		}
		e.Time, last = t, je.Seq
		b.Log = append(b.Log, e)
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

// bundleFormat returns the "format" member, checked before the rest is
// decoded so that a future version gets a clear error rather than a type
// error. Bundles write it first; elsewhere costs one more pass.
func bundleFormat(data []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
		if key, err := dec.Token(); err == nil && key == "format" {
			var f string
			if err := dec.Decode(&f); err != nil {
				return "", fmt.Errorf("%w: \"format\" is not a string", ErrBundle)
			}
			return f, nil
		}
	}
	var head struct {
		Format *string `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", jsonError(err)
	}
	if head.Format == nil {
		return "", fmt.Errorf("%w: it has no \"format\" member", ErrBundle)
	}
	return *head.Format, nil
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

// jsonError describes a JSON error without the value that caused it.
// jsonDossiers, jsonHistory and jsonEvents are arrays that refuse to grow
// past their limit while they are decoded, so that a file claiming a
// million dossiers is refused before they are all in memory.
type (
	jsonDossiers []jsonDossier
	jsonHistory  []jsonDossier
	jsonEvents   []jsonEvent
)

func (l *jsonDossiers) UnmarshalJSON(b []byte) error {
	return decodeBounded(b, (*[]jsonDossier)(l), MaxBundleDossiers, "dossiers")
}

func (l *jsonHistory) UnmarshalJSON(b []byte) error {
	return decodeBounded(b, (*[]jsonDossier)(l), HistoryDepth, "versions in a dossier's history")
}

func (l *jsonEvents) UnmarshalJSON(b []byte) error {
	return decodeBounded(b, (*[]jsonEvent)(l), MaxBundleEvents, "log events")
}

// decodeBounded decodes the JSON array b element by element into out,
// failing as soon as it holds more than max.
func decodeBounded[T any](b []byte, out *[]T, max int, what string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil { // null
		*out = nil
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%w: %q has the wrong type (want a list)", ErrBundle, what)
	}
	for dec.More() {
		if len(*out) >= max {
			return fmt.Errorf("%w: more than %d %s", ErrBundle, max, what)
		}
		var v T
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*out = append(*out, v)
	}
	_, err = dec.Token()
	return err
}

func jsonError(err error) error {
	if errors.Is(err, ErrBundle) {
		return err
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%w: JSON syntax error at byte %d", ErrBundle, syn.Offset)
	case errors.As(err, &typ):
		return fmt.Errorf("%w: %q has the wrong type (want %s)", ErrBundle, typ.Field, typ.Type)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: the JSON ends early", ErrBundle)
	}
	return fmt.Errorf("%w: not valid JSON", ErrBundle)
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

// fromJSONDossier checks one dossier; withContent decodes attachment contents.
func fromJSONDossier(j jsonDossier, withContent bool) (BundleDossier, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBundle}, a...)...)
	}
	var bd BundleDossier
	d := Dossier{Version: j.Version, Title: j.Title, Notes: j.Notes}
	if j.ID != "" {
		id, err := ParseID(j.ID)
		if err != nil {
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
	for i, f := range j.Fields {
		if len(f.Label) > maxLabel || len(f.Value) > maxValue {
			return bd, bad("field %d is too long", i+1)
		}
		t := TypeText
		if f.Type != "" {
			if t, err = ParseFieldType(f.Type); err != nil {
				return bd, bad("field %d has an unknown type", i+1)
			}
		}
		d.Fields = append(d.Fields, Field{Label: f.Label, Value: f.Value, Type: t, Secret: f.Secret})
	}
	for _, t := range j.Tags {
		if len(t) > maxLabel {
			return bd, bad("a tag is too long")
		}
	}
	d.Tags = j.Tags
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
	for i, ja := range j.Attachments {
		a := Attachment{Name: ja.Name, MediaType: ja.MediaType, Size: ja.Size}
		id, err := ParseID(ja.ID)
		sum, herr := hex.DecodeString(ja.SHA256)
		if err != nil || herr != nil || len(sum) != 32 || ja.Name == "" || len(ja.Name) > maxLabel ||
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
