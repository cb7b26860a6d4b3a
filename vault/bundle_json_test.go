package vault

// The encoding/json implementation of the bundle codec that bundle_json.go
// replaced, kept as it was (names prefixed "old", the shapes' names kept
// because encoding/json's type errors print them) as the oracle of
// differential tests: the new Encode must write the same bytes, and the new
// ParseBundle must return the same bundle or the same error.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"confidant/crypto"
)

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

func oldFmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func oldToJSONDossier(d Dossier, content map[ID][]byte) jsonDossier {
	j := jsonDossier{
		Version: d.Version, Title: d.Title, Kind: string(d.Kind), Notes: d.Notes, Tags: d.Tags,
		Created: oldFmtTime(d.Created), Updated: oldFmtTime(d.Updated), Reviewed: oldFmtTime(d.Reviewed),
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
			Size: a.Size, SHA256: hex.EncodeToString(a.SHA256[:]), Added: oldFmtTime(a.Added), Content: content[a.ID]})
	}
	if p := d.Provenance; p != nil {
		j.Provenance = &jsonProvenance{Source: p.Source, From: p.From, Imported: oldFmtTime(p.Imported)}
	}
	return j
}

// oldEncode writes the bundle as JSON to w. The JSON holds every value in
// plaintext: w must be an age encrypting writer, never a file.
func oldEncode(b *Bundle, w io.Writer) error {
	j := jsonBundle{Format: BundleFormat, Purpose: b.Purpose, From: b.From, Created: oldFmtTime(b.Created),
		Count: len(b.Dossiers), Dossiers: make([]jsonDossier, 0, len(b.Dossiers))}
	withHistory := func(bd BundleDossier) jsonDossier {
		jd := oldToJSONDossier(bd.Dossier, bd.Content)
		for _, h := range bd.History {
			jd.History = append(jd.History, oldToJSONDossier(h, nil))
		}
		return jd
	}
	for _, bd := range b.Dossiers {
		j.Dossiers = append(j.Dossiers, withHistory(bd))
	}
	for _, c := range b.Contacts {
		j.Contacts = append(j.Contacts, jsonContact{Name: c.Name, Recipient: c.Recipient, Added: oldFmtTime(c.Added)})
	}
	if b.Purpose == PurposeBackup {
		j.Identity = b.Identity
		for _, bd := range b.Trash {
			jd := withHistory(bd)
			jd.Deleted = oldFmtTime(bd.Deleted)
			j.Trash = append(j.Trash, jd)
		}
		for _, e := range b.Log {
			je := jsonEvent{Seq: e.Seq, Time: oldFmtTime(e.Time), Action: string(e.Action), Detail: e.Detail}
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

// oldParseBundle decodes and checks a bundle written by [Bundle.Encode] (or by
// anyone following docs/FORMAT.md). It returns [ErrBundleVersion] for a
// "format" other than [BundleFormat], and an error wrapping [ErrBundle] for
// malformed JSON, a broken limit (size, nesting, counts, lengths), an
// attachment whose content does not match its hash, a dossier that does
// not validate, or a handoff that carries what only a backup may (the
// identity, the trash, the log). Errors never quote a value.
func oldParseBundle(data []byte) (*Bundle, error) {
	if len(data) > MaxBundleSize {
		return nil, fmt.Errorf("%w: it is over %d MiB", ErrBundle, MaxBundleSize>>20)
	}
	if err := oldCheckDepth(data, maxBundleDepth); err != nil {
		return nil, err
	}
	format, err := oldBundleFormat(data)
	if err != nil {
		return nil, err
	}
	if format != BundleFormat {
		return nil, fmt.Errorf("%w: %q (this program reads %s)", ErrBundleVersion, oldAbbreviate(format), BundleFormat)
	}
	var j jsonBundle
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, oldJSONError(err)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBundle}, a...)...)
	}
	if j.Purpose != PurposeBackup && j.Purpose != PurposeHandoff {
		return nil, bad("purpose %q is neither backup nor handoff", oldAbbreviate(j.Purpose))
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
	if b.Created, err = oldParseTime(j.Created); err != nil {
		return nil, bad("\"created\" is not an RFC 3339 time")
	}
	seen := make(map[ID]bool, len(j.Dossiers)+len(j.Trash))
	// dossier checks one dossier of "dossiers" (trashed false) or "trash".
	dossier := func(what string, jd jsonDossier, trashed bool) (BundleDossier, error) {
		bd, err := oldFromJSONDossier(jd, true)
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
			if bd.Deleted, err = oldParseTime(jd.Deleted); err != nil || bd.Deleted.IsZero() {
				return bd, bad("%s has no RFC 3339 \"deleted\" time", what)
			}
		} else if jd.Deleted != "" {
			return bd, bad("%s has a \"deleted\" time but is not in the trash", what)
		}
		if len(jd.History) > HistoryDepth {
			return bd, bad("%s has more than %d earlier versions", what, HistoryDepth)
		}
		for k, jh := range jd.History {
			h, err := oldFromJSONDossier(jh, false)
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
		t, err := oldParseTime(je.Time)
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
		if c.Added, err = oldParseTime(jc.Added); err != nil || c.Name == "" || c.Recipient == "" ||
			len(c.Name) > maxLabel || len(c.Recipient) > maxTitle {
			return nil, bad("contact %d is malformed", i+1)
		}
		b.Contacts = append(b.Contacts, c)
	}
	return b, nil
}

// oldBundleFormat returns the "format" member, checked before the rest is
// decoded so that a future version gets a clear error rather than a type
// error. Bundles write it first; elsewhere costs one more pass.
func oldBundleFormat(data []byte) (string, error) {
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
		return "", oldJSONError(err)
	}
	if head.Format == nil {
		return "", fmt.Errorf("%w: it has no \"format\" member", ErrBundle)
	}
	return *head.Format, nil
}

func oldAbbreviate(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:37]) + "…"
	}
	return s
}

func oldParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// oldJSONError describes a JSON error without the value that caused it.
// jsonDossiers, jsonHistory and jsonEvents are arrays that refuse to grow
// past their limit while they are decoded, so that a file claiming a
// million dossiers is refused before they are all in memory.
type (
	jsonDossiers []jsonDossier
	jsonHistory  []jsonDossier
	jsonEvents   []jsonEvent
)

func (l *jsonDossiers) UnmarshalJSON(b []byte) error {
	return oldDecodeBounded(b, (*[]jsonDossier)(l), MaxBundleDossiers, "dossiers")
}

func (l *jsonHistory) UnmarshalJSON(b []byte) error {
	return oldDecodeBounded(b, (*[]jsonDossier)(l), HistoryDepth, "versions in a dossier's history")
}

func (l *jsonEvents) UnmarshalJSON(b []byte) error {
	return oldDecodeBounded(b, (*[]jsonEvent)(l), MaxBundleEvents, "log events")
}

// oldDecodeBounded decodes the JSON array b element by element into out,
// failing as soon as it holds more than max.
func oldDecodeBounded[T any](b []byte, out *[]T, max int, what string) error {
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

func oldJSONError(err error) error {
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

// oldCheckDepth refuses JSON nested deeper than max arrays and objects, before
// it is decoded.
func oldCheckDepth(data []byte, max int) error {
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

// oldFromJSONDossier checks one dossier; withContent decodes attachment contents.
func oldFromJSONDossier(j jsonDossier, withContent bool) (BundleDossier, error) {
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
		return bd, bad("kind %q is unknown", oldAbbreviate(j.Kind))
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
		if a.Added, err = oldParseTime(ja.Added); err != nil {
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
		if *pair.t, err = oldParseTime(pair.s); err != nil {
			return bd, bad("a time is not RFC 3339")
		}
	}
	if p := j.Provenance; p != nil {
		if len(p.Source) > maxTitle || len(p.From) > maxTitle {
			return bd, bad("the provenance is too long")
		}
		d.Provenance = &Provenance{Source: p.Source, From: p.From}
		if d.Provenance.Imported, err = oldParseTime(p.Imported); err != nil {
			return bd, bad("the provenance time is not RFC 3339")
		}
	}
	if err := d.Validate(); err != nil {
		return bd, fmt.Errorf("%w: %w", ErrBundle, err)
	}
	bd.Dossier = d
	return bd, nil
}

// # Generated bundles

// bundleGen makes random bundles. With valid set they pass ParseBundle;
// otherwise anything goes anywhere, for the encoder and for errors.
type bundleGen struct {
	rng      *rand.Rand
	valid    bool
	identity string // an age identity for valid backups
}

// genPieces are what generated strings are made of: plain text, what JSON
// escapes, what encoding/json escapes for safety, and bytes that are not
// UTF-8 (a lone continuation byte, a cut sequence, an encoded surrogate, a
// rune past U+10FFFF).
var genPieces = []string{"a", "Z", " ", "é", "中文", "😀", "\x00", "\x01", "\x1f", "\x7f", "\b", "\f", "\n", "\r", "\t",
	`"`, `\`, "/", "<", ">", "&", "\u2028", "\u2029", "\ufffd", "\xff", "\x80", "\xc3", "\xe2\x80", "\xed\xa0\x80",
	"\xf4\x90\x80\x80", "plain text of some length ", "0123456789abcdef", "AGE-", ",", "'", "K", "ſ"}

func (g *bundleGen) str(max int) string {
	n := g.rng.IntN(max + 1)
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(genPieces[g.rng.IntN(len(genPieces))])
	}
	return b.String()
}

// text is a string that is never blank and holds no comma or line break
// when the bundle must be valid.
func (g *bundleGen) text(max int) string {
	s := g.str(max)
	if g.valid {
		s = "t" + strings.NewReplacer(",", ";", "\n", " ", "\r", " ").Replace(s)
	}
	return s
}

func (g *bundleGen) id() ID {
	var id ID
	if g.valid || g.rng.IntN(4) > 0 {
		for k := range id {
			id[k] = byte(g.rng.Uint32())
		}
	}
	return id
}

var genZones = []*time.Location{time.UTC, time.FixedZone("", 5*3600+1800), time.FixedZone("X", -7*3600)}

// time returns a time, or often none when zero is allowed.
func (g *bundleGen) time(zero bool) time.Time {
	if zero && g.rng.IntN(3) == 0 {
		return time.Time{}
	}
	t := time.Unix(g.rng.Int64N(4e9), 0)
	if g.rng.IntN(2) == 0 {
		t = t.Add(time.Duration(g.rng.IntN(1e9)))
	}
	if !g.valid && g.rng.IntN(8) == 0 {
		t = time.Date(10000+g.rng.IntN(5), 1, 2, 3, 4, 5, 6, time.UTC) // no RFC 3339 year
	}
	return t.In(genZones[g.rng.IntN(len(genZones))])
}

func (g *bundleGen) dossier(id ID, version uint64, withContent bool) (Dossier, map[ID][]byte) {
	d := Dossier{ID: id, Version: version, Title: g.text(30), Kind: Kinds[g.rng.IntN(len(Kinds))],
		Created: g.time(true), Updated: g.time(true), Reviewed: g.time(true)}
	if !g.valid && g.rng.IntN(4) == 0 {
		d.Kind = Kind(g.str(10))
	}
	if g.rng.IntN(3) > 0 {
		d.Notes = g.str(80)
	}
	for range g.rng.IntN(4) {
		f := Field{Label: g.text(12), Value: g.str(40), Secret: g.rng.IntN(2) == 0}
		switch {
		case !g.valid && g.rng.IntN(3) == 0:
			f.Type = FieldType(g.str(8))
		case g.rng.IntN(4) > 0:
			f.Type = []FieldType{TypeText, TypeMultiline, TypePassword}[g.rng.IntN(3)]
		}
		d.Fields = append(d.Fields, f)
	}
	switch g.rng.IntN(4) {
	case 0:
		d.Tags = []string{}
	case 1:
		d.Tags = []string{g.text(8), g.text(8)}
	}
	for range g.rng.IntN(3) {
		dt := Date{Label: g.text(10), On: time.Date(1900+g.rng.IntN(200), time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC),
			Remind: Period{Years: g.rng.IntN(3), Months: g.rng.IntN(13), Days: g.rng.IntN(30)}, Yearly: g.rng.IntN(2) == 0}
		if !g.valid && g.rng.IntN(4) == 0 {
			dt.On, dt.Remind.Days = time.Time{}, -g.rng.IntN(9)
		}
		d.Dates = append(d.Dates, dt)
	}
	var content map[ID][]byte
	for range g.rng.IntN(3) {
		data := []byte(g.str(40))
		a := Attachment{ID: g.id(), Name: g.text(10), Size: int64(len(data)), SHA256: sha256.Sum256(data), Added: g.time(true)}
		if a.ID.IsZero() {
			a.ID[15] = 1
		}
		if g.rng.IntN(2) == 0 {
			a.MediaType = g.text(10)
		}
		if !g.valid && g.rng.IntN(4) == 0 {
			a.Size = g.rng.Int64() - math.MaxInt64/2
		}
		if withContent && g.rng.IntN(3) > 0 {
			if content == nil {
				content = map[ID][]byte{}
			}
			content[a.ID] = data
		}
		d.Attachments = append(d.Attachments, a)
	}
	if g.rng.IntN(3) == 0 {
		d.Provenance = &Provenance{Imported: g.time(true)}
		if g.rng.IntN(2) == 0 {
			d.Provenance.Source = g.str(20)
		}
		if g.rng.IntN(2) == 0 {
			d.Provenance.From = g.str(20)
		}
	}
	return d, content
}

func (g *bundleGen) entry(trashed bool) BundleDossier {
	id, version := g.id(), uint64(1+g.rng.IntN(40))
	if trashed && g.valid && id.IsZero() {
		id[0] = 1
	}
	if !g.valid && g.rng.IntN(5) == 0 {
		version = []uint64{0, math.MaxUint64}[g.rng.IntN(2)]
	}
	d, content := g.dossier(id, version, true)
	bd := BundleDossier{Dossier: d, Content: content}
	for range g.rng.IntN(3) {
		v := g.rng.Uint64N(max(version, 1)) // lower than the dossier's
		if !g.valid && g.rng.IntN(4) == 0 {
			v = version + uint64(g.rng.IntN(2))
		}
		h, _ := g.dossier(id, v, false)
		bd.History = append(bd.History, h)
	}
	if trashed || !g.valid {
		bd.Deleted = g.time(!g.valid)
	}
	return bd
}

func (g *bundleGen) bundle() *Bundle {
	b := &Bundle{Purpose: []string{PurposeBackup, PurposeHandoff}[g.rng.IntN(2)], Created: g.time(true)}
	if !g.valid && g.rng.IntN(6) == 0 {
		b.Purpose = g.str(6)
	}
	if g.rng.IntN(2) == 0 {
		b.From = g.str(30)
	}
	for range g.rng.IntN(5) {
		b.Dossiers = append(b.Dossiers, g.entry(false))
	}
	for range g.rng.IntN(3) {
		c := Contact{Name: g.text(10), Recipient: g.text(30), Added: g.time(true)}
		b.Contacts = append(b.Contacts, c)
	}
	if b.Purpose == PurposeHandoff && g.valid {
		return b
	}
	if g.rng.IntN(2) == 0 {
		b.Identity = g.identity
		if !g.valid && g.rng.IntN(2) == 0 {
			b.Identity = g.str(20)
		}
	}
	for range g.rng.IntN(3) {
		b.Trash = append(b.Trash, g.entry(true))
	}
	seq := uint64(0)
	for range g.rng.IntN(5) {
		seq += uint64(g.rng.IntN(2))
		e := Event{Seq: seq + 1, Time: g.time(!g.valid), Action: Action(g.text(10)), Detail: g.str(20)}
		if g.rng.IntN(2) == 0 {
			e.Dossier = g.id()
		}
		b.Log = append(b.Log, e)
	}
	return b
}

func newBundleGen(t testing.TB, seed uint64, valid bool) *bundleGen {
	k, err := crypto.GenerateKeys(seed%2 == 0)
	if err != nil {
		t.Fatal(err)
	}
	return &bundleGen{rng: rand.New(rand.NewPCG(seed, 11)), valid: valid, identity: k.SecretIdentity()}
}

// # Comparing with the oracle

func encodeNew(t testing.TB, b *Bundle) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameEncoding fails unless Encode and oldEncode write the same bytes.
func sameEncoding(t testing.TB, b *Bundle) []byte {
	t.Helper()
	got := encodeNew(t, b)
	var want bytes.Buffer
	if err := oldEncode(b, &want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		i := 0
		for i < len(got) && i < want.Len() && got[i] == want.Bytes()[i] {
			i++
		}
		t.Fatalf("Encode differs from encoding/json at byte %d:\n new %q\n old %q", i, clip(got[i:]), clip(want.Bytes()[i:]))
	}
	return got
}

func clip(b []byte) []byte {
	if len(b) > 300 {
		return b[:300]
	}
	return b
}

// sameParse fails unless ParseBundle and oldParseBundle return equal
// bundles, or errors with the same text and sentinels.
func sameParse(t testing.TB, data []byte) (*Bundle, error) {
	t.Helper()
	got, gerr := ParseBundle(data)
	want, werr := oldParseBundle(data)
	switch {
	case gerr == nil && werr == nil:
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("ParseBundle(%q) differs from encoding/json:\n new %+v\n old %+v", clip(data), got, want)
		}
	case gerr == nil || werr == nil || gerr.Error() != werr.Error() ||
		errors.Is(gerr, ErrBundle) != errors.Is(werr, ErrBundle) || errors.Is(gerr, ErrBundleVersion) != errors.Is(werr, ErrBundleVersion):
		t.Fatalf("ParseBundle(%q):\n new error %v\n old error %v", clip(data), gerr, werr)
	}
	return got, gerr
}

// mutate changes data in one of the ways that make JSON invalid, or
// valid with members of the wrong type, repeated, renamed or unknown.
func mutate(rng *rand.Rand, data []byte) []byte {
	values := []string{`null`, `0`, `1`, `-1`, `-0`, `1.5`, `1e2`, `1e999`, `18446744073709551616`, `256`, `"x"`, `""`,
		`"\ud800"`, `"QQ=="`, `"Q Q=="`, "\"QQ\\n==\"", `true`, `false`, `{}`, `[]`, `[null]`, `[1,2]`, `["a",null]`,
		`[{}]`, `{"a":[1]}`, `[[[[]]]]`, `{"title":"x","kind":"note"}`, `"2026-01-01T00:00:00Z"`, `"00000000000000000000000000000001"`}
	names := []string{"format", "purpose", "from", "created", "count", "dossiers", "contacts", "identity", "trash", "log",
		"id", "version", "title", "kind", "fields", "notes", "tags", "dates", "attachments", "updated", "reviewed",
		"provenance", "deleted", "history", "label", "value", "type", "secret", "on", "remind", "yearly", "name",
		"media_type", "size", "sha256", "added", "content", "source", "imported", "recipient", "seq", "time", "action",
		"dossier", "detail", "KIND", "\u212aind", "\u017fecret", "Title", "unknown", "form\\u0061t"}
	data = bytes.Clone(data)
	at := func(b byte) int { // a random position of b, or -1
		var pos []int
		for i, c := range data {
			if c == b {
				pos = append(pos, i)
			}
		}
		if len(pos) == 0 {
			return -1
		}
		return pos[rng.IntN(len(pos))]
	}
	if len(data) == 0 {
		return []byte(values[rng.IntN(len(values))])
	}
	i := rng.IntN(len(data))
	switch rng.IntN(9) {
	case 0: // delete a byte
		return append(data[:i], data[i+1:]...)
	case 1: // insert a byte
		c := []byte(`"\{}[],: n0-x` + "\x00\xff\t")[rng.IntN(16)]
		return append(data[:i], append([]byte{c}, data[i:]...)...)
	case 2: // change a byte
		data[i] = byte(rng.IntN(256))
		return data
	case 3: // cut short
		return data[:i]
	case 4, 5: // another value for a member
		if j := at(':'); j >= 0 {
			end := j + 1
			if v := valueEnd(data, end); v > end {
				return append(data[:j+1], append([]byte(values[rng.IntN(len(values))]), data[v:]...)...)
			}
		}
	case 6, 7: // one more member, maybe repeated, renamed or unknown
		if j := at('{'); j >= 0 {
			m := fmt.Sprintf(`"%s":%s,`, names[rng.IntN(len(names))], values[rng.IntN(len(values))])
			if rest := bytes.TrimLeft(data[j+1:], " \t\r\n"); len(rest) > 0 && rest[0] == '}' {
				m = strings.TrimSuffix(m, ",")
			}
			return append(data[:j+1], append([]byte(m), data[j+1:]...)...)
		}
	case 8: // a name in other letters
		if j := at('"'); j >= 0 && j+1 < len(data) {
			switch c := data[j+1]; {
			case 'a' <= c && c <= 'z':
				data[j+1] -= 'a' - 'A'
			case c == 'k':
				return append(data[:j+1], append([]byte("\u212a"), data[j+2:]...)...)
			}
		}
	}
	return data
}

// valueEnd returns where the JSON value starting at i (after spaces) ends,
// roughly: good enough to replace it.
func valueEnd(data []byte, i int) int {
	depth, inString, escaped := 0, false, false
	for ; i < len(data); i++ {
		c := data[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if depth == 0 {
					return i + 1
				}
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case c == ',' && depth == 0:
			return i
		}
	}
	return i
}

// # Tests

func TestBundleEncode_LikeEncodingJSON(t *testing.T) {
	for seed := range uint64(400) {
		g := newBundleGen(t, seed, seed%3 == 0)
		sameEncoding(t, g.bundle())
	}
	sameEncoding(t, &Bundle{})
	sameEncoding(t, &Bundle{Purpose: PurposeBackup, Dossiers: []BundleDossier{{Dossier: Dossier{Provenance: &Provenance{}}}}})
	sameEncoding(t, benchBundle(3000)) // more than one write
}

// failingWriter fails every write.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestBundleEncode_WriteError(t *testing.T) {
	want := errors.New("disk full")
	if err := benchBundle(3).Encode(failingWriter{want}); err != want {
		t.Fatalf("Encode to a failing writer = %v, want the writer's error", err)
	}
	w := &countingWriter{failAt: 2, err: want}
	if err := benchBundle(10000).Encode(w); err != want || w.writes != 2 {
		t.Fatalf("Encode to a writer failing its second write = %v after %d writes, want its error after 2", err, w.writes)
	}
}

// countingWriter counts writes and fails write failAt, if not 0.
type countingWriter struct {
	bytes.Buffer
	writes, failAt int
	err            error
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes == w.failAt {
		return 0, w.err
	}
	return w.Buffer.Write(p)
}

// TestBundleEncode_FewWrites: a large bundle is written in a few writes.
func TestBundleEncode_FewWrites(t *testing.T) {
	b := benchBundle(10000)
	w := &countingWriter{}
	if err := b.Encode(w); err != nil {
		t.Fatal(err)
	}
	if max := w.Len()/encodeChunk + 1; w.writes > max {
		t.Errorf("%d bytes in %d writes, want at most %d", w.Len(), w.writes, max)
	}
	var want bytes.Buffer
	if err := oldEncode(b, &want); err != nil || !bytes.Equal(w.Bytes(), want.Bytes()) {
		t.Errorf("written in chunks, the JSON differs from encoding/json's (%v)", err)
	}
}

func TestParseBundle_LikeEncodingJSON(t *testing.T) {
	for seed := range uint64(300) {
		g := newBundleGen(t, seed, seed%2 == 0)
		data := sameEncoding(t, g.bundle())
		if _, err := sameParse(t, data); err != nil && g.valid {
			t.Fatalf("a valid bundle does not parse: %v\n%q", err, clip(data))
		}
		for range 40 {
			m := data
			for range 1 + g.rng.IntN(3) {
				m = mutate(g.rng, m)
			}
			sameParse(t, m)
		}
	}
}

// bundleHead starts a bundle that the members of a test case follow.
const bundleHead = `{"format":"confidant-bundle/v1","purpose":"backup","count":1,"dossiers":[`

func TestParseBundle_LikeEncodingJSON_Cases(t *testing.T) {
	many := func(n int, s string) string { return strings.TrimSuffix(strings.Repeat(s+",", n), ",") }
	id := `"00000000000000000000000000000001"`
	cases := []string{
		``, ` `, `null`, `"x"`, `5`, `[]`, `{}`, `{"format":null}`, `{"a":1,"format":null}`, `{"a":1}`,
		`{"a":1,"format":5}`, `{"a":1,"FORMAT":"confidant-bundle/v2"}`, `{"a":1,"format":"x","format":null}`,
		`{"format":"confidant-bundle/v1"`, `{"format":"confidant-bundle/v2",`, `{"format":nullx`, `{"format":nul`,
		`{"format" "x"}`, `{"format"`, `{"format":`, `{"format":1}`, `{"format":{"a":[`, `{"form\u0061t":"x"}`,
		`{"Format":"confidant-bundle/v1","purpose":"handoff","count":0,"dossiers":[]}`,
		`{"a":[1,{"b":null}],"format":"confidant-bundle/v1","purpose":"handoff","count":0,"dossiers":[]}`,
		"\ufeff{}", `{"format":"confidant-bundle/v1","purpose":"handoff","count":0,"dossiers":[]} x`,
		`{"format":"confidant-bundle/v1","purpose":"handoff","count":0,"dossiers":[]}` + " \t\r\n",
		`{"format":"confidant-bundle/v1","format":5,"purpose":"handoff","count":0,"dossiers":[]}`,
		`{"format":"confidant-bundle/v1","format":"v9","purpose":"handoff","count":0,"dossiers":[]}`,
		`{"format":"confidant-bundle/v1","purpose":"handoff","count":1,"dossiers":[{"title":"a","kind":"note"}],"dossiers":[{"title":"b","kind":"note"}]}`,
		`{"format":"confidant-bundle/v1","purpose":"handoff","count":2,"dossiers":[{"title":"a","kind":"note"}],"dossiers":[{"title":"b","kind":"note"}]}`,
		`{"format":"confidant-bundle/v1","purpose":"handoff","count":0,"dossiers":[{"title":"a","kind":"note"}],"dossiers":null}`,
		`{"format":"confidant-bundle/v1","purpose":"handoff","count":1e0,"dossiers":[]}`,
		`{"format":"confidant-bundle/v1","purpose":"handoff","count":-0,"dossiers":[]}`,
		`{"format":"confidant-bundle/v1","purpose":5,"count":"x","dossiers":[]}`,
		`{"format":"confidant-bundle/v1","purpose":5,"dossiers":"x"}`,
		`{"format":"confidant-bundle/v1","purpose":5,"dossiers":1e999}`,
		`{"format":"confidant-bundle/v1","purpose":5,"dossiers":-1}`,
		`{"format":"confidant-bundle/v1","purpose":5,"dossiers":true}`,
		`{"format":"confidant-bundle/v1","purpose":5,"dossiers":{}}`,
		`{"format":"confidant-bundle/v1","purpose":5,"trash":"x"}`,
		`{"format":"confidant-bundle/v1","purpose":5,"log":{}}`,
		`{"format":"confidant-bundle/v1","purpose":"backup","count":1,"dossiers":[5]}`,
		`{"format":"confidant-bundle/v1","purpose":"backup","count":1,"dossiers":[5],"x":}`,
		`{"format":"confidant-bundle/v1","purpose":"backup","count":1,"dossiers":[null]}`,
		`{"format":"confidant-bundle/v1","purpose":"backup","count":0,"dossiers":[],"log":[{"seq":1.5}]}`,
		`{"format":"confidant-bundle/v1","purpose":"backup","count":0,"dossiers":[],"contacts":[5,{"name":5}]}`,
		`{"format":"confidant-bundle/v1","purpose":"backup","count":0,"dossiers":[],"contacts":[{"name":"a","recipient":"b"}],"contacts":[{"added":"2026-01-01T00:00:00Z"}]}`,
		bundleHead + `{"title":"a","kind":"note","history":"x"}]}`,
		bundleHead + `{"title":"a","kind":"note","history":[5]}]}`,
		bundleHead + `{"title":5,"kind":"note","history":[{"title":5}]}]}`,
		bundleHead + `{"title":5,"kind":"note","history":7}]}`,
		bundleHead + `{"title":5,"kind":"note","history":1e400}]}`,
		bundleHead + `{"title":"a","kind":"note","fields":[{"label":5,"value":[],"type":{},"secret":"x"}]}]}`,
		bundleHead + `{"title":"a","kind":"note","fields":{"label":"a"}}]}`,
		bundleHead + `{"title":"a","kind":"note","fields":[{"label":"a","value":"x"}],"fields":[{"label":"b"}]}]}`,
		bundleHead + `{"title":"a","kind":"note","tags":["a","b"],"tags":["c"],"tags":[null,null]}]}`,
		bundleHead + `{"title":"a","kind":"note","tags":["a","b"],"tags":[],"tags":[null,null]}]}`,
		bundleHead + `{"title":"a","kind":"note","tags":[]}]}`,
		bundleHead + `{"title":"a","kind":"note","tags":[1,"a"]}]}`,
		bundleHead + `{"title":"a","kind":"note","tags":"a"}]}`,
		bundleHead + `{"title":"a","kind":"note","provenance":{"source":"a"},"provenance":{"from":"b"}}]}`,
		bundleHead + `{"title":"a","kind":"note","provenance":{"source":"a"},"provenance":null}]}`,
		bundleHead + `{"title":"a","kind":"note","provenance":[]}]}`,
		bundleHead + `{"title":"a","kind":"note","provenance":"x"}]}`,
		bundleHead + `{"title":"a","kind":"note","provenance":{}}]}`,
		bundleHead + `{"title":"a","\u212aind":"note","\u017fecret":1}]}`,
		bundleHead + `{"TITLE":"a","Kind":"NOTE","Notes":"x"}]}`,
		bundleHead + `{"title":"a","kind":"note","version":18446744073709551615}]}`,
		bundleHead + `{"title":"a","kind":"note","version":18446744073709551616}]}`,
		bundleHead + `{"title":"a","kind":"note","version":-1}]}`,
		bundleHead + `{"title":"a","kind":"note","version":1.0}]}`,
		bundleHead + `{"title":"a","kind":"note","version":00}]}`,
		bundleHead + `{"title":"a","kind":"note","version":-}]}`,
		bundleHead + `{"title":"a","kind":"note","version":1.}]}`,
		bundleHead + `{"title":"a","kind":"note","version":1e}]}`,
		bundleHead + `{"title":"a","kind":"note","version":tru}]}`,
		bundleHead + `{"title":"a\ud800\udc00\ud800x\udc00\u00e9\u0000\/\"\\","kind":"note"}]}`,
		bundleHead + `{"title":"a\x","kind":"note"}]}`,
		bundleHead + `{"title":"a\u12G4","kind":"note"}]}`,
		bundleHead + "{\"title\":\"a\x01\",\"kind\":\"note\"}]}",
		bundleHead + "{\"title\":\"a\xff\xc3\xed\xa0\x80b\",\"kind\":\"note\",\"n\xffo\":1}]}",
		bundleHead + `{"title":"a","kind":"note",}]}`,
		bundleHead + `{"title":"a","kind":"note"},]}`,
		bundleHead + `{"title":"a","kind":"note"}]`,
		bundleHead + `{"title":"a","kind":"note","x":[[[[[[1]]]]]]}]}`,
		bundleHead + `{"title":"a","kind":"note","x":[[[[[1]]]]]}]}`,
		bundleHead + `{"title":"a","kind":"note","x":[[[[[[1]]]]]],"y":tru}]}`,
		bundleHead + `{"title":5,"kind":"note","x":[[[[[[1]]]]]]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":1,"sha256":"` + hex.EncodeToString(sha256.New().Sum(nil)) + `","content":"QQ=="}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":1,"sha256":"559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd","content":"QQ=="}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":1,"sha256":"559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd","content":"Q\nQ=\r="}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":1,"sha256":"559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd","content":[65]}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":1,"sha256":"559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd","content":"QUI=","content":[65]}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":2,"sha256":"00","content":"QUI=","content":[65,null,null]}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":1,"sha256":"00","content":[256]}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":1,"sha256":"00","content":"Q"}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":1,"sha256":"00","content":5}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":"1","sha256":"00","content":""}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":0,"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","content":""}]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[{"id":` + id + `,"name":"x","size":0,"sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","content":[]}]}]}`,
		bundleHead + `{"title":"a","kind":"note","dates":[{"label":"d","on":"2030-01-02","remind":"1y2m","yearly":true},null]}]}`,
		// Lists over their limits, with an error after them.
		bundleHead + `{"title":"a","kind":"note","fields":[` + many(maxFields+1, `{"label":"l"}`) + `]}]}`,
		bundleHead + `{"title":"a","kind":"note","fields":[` + many(maxFields+5, `{"label":"l"}`) + `,{"label":5}]}]}`,
		bundleHead + `{"title":"a","kind":"note","fields":[` + many(maxFields+5, `{"label":"l"}`) + `]},5]}`,
		bundleHead + `{"title":"a","kind":"note","fields":[` + many(maxFields+5, `{"label":"l"}`) + `],"fields":[{"label":"m"}]}]}`,
		bundleHead + `{"title":"a","kind":"note","tags":[` + many(maxTags+3, `"t"`) + `],"notes":1}]}`,
		bundleHead + `{"id":"x","title":"a","kind":"note","dates":[` + many(maxDates+3, `{}`) + `]}]}`,
		bundleHead + `{"title":"a","kind":"note","attachments":[` + many(maxAttachments+3, `{}`) + `]}]}`,
		bundleHead + `{"title":"a","kind":"note","history":[` + many(HistoryDepth+1, `{}`) + `]}]}`,
		`{"format":"confidant-bundle/v1","purpose":"backup","count":0,"dossiers":[],"contacts":[` + many(MaxBundleContacts+2, `{}`) + `]}`,
		`{"format":"confidant-bundle/v1","purpose":"x","count":0,"dossiers":[],"contacts":[` + many(MaxBundleContacts+2, `{}`) + `]}`,
		`{"format":"confidant-bundle/v1","purpose":"backup","count":100000,"dossiers":[{}]}`,
	}
	for _, c := range cases {
		sameParse(t, []byte(c))
	}
	for _, c := range []string{"{", "[", "{\"a\":", "[\"", "{\"format\":\"x\",\"y\":["} {
		sameParse(t, []byte(strings.Repeat(c, 20)))
		sameParse(t, []byte(`{"format":"confidant-bundle/v1","x":`+strings.Repeat(c, 20)))
	}
}

// TestParseBundle_LongListBounded: a dossier with a million fields is
// refused without a million fields in memory.
func TestParseBundle_LongListBounded(t *testing.T) {
	data := []byte(bundleHead + `{"title":"a","kind":"note","fields":[` + strings.TrimSuffix(strings.Repeat(`{},`, 1_000_000), ",") + `]}]}`)
	allocs := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParseBundle(data); !errors.Is(err, ErrBundle) {
				b.Fatal(err)
			}
		}
	}).AllocedBytesPerOp()
	if allocs > 1<<20 {
		t.Errorf("refusing a million fields allocated %d bytes", allocs)
	}
	sameParse(t, data)
}

func TestParseBundle_Testdata_LikeEncodingJSON(t *testing.T) {
	files, _ := filepath.Glob("testdata/bundle/*.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if b, err := sameParse(t, data); err == nil {
			sameEncoding(t, b)
		}
	}
}

// FuzzParseBundleDifferential compares ParseBundle with the encoding/json
// implementation it replaced: the same bundle or the same error, and the
// same JSON when the bundle is written again.
func FuzzParseBundleDifferential(f *testing.F) {
	files, _ := filepath.Glob("testdata/bundle/*.json")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for seed := range uint64(6) {
		g := newBundleGen(f, seed, seed < 4)
		f.Add(encodeNew(f, g.bundle()))
	}
	f.Add([]byte(bundleHead + `{"title":"a","\u212aind":"note","tags":["a","b"],"tags":[null],"x":[{"y":1e999}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := sameParse(t, data)
		if err == nil {
			sameEncoding(t, b)
		}
	})
}

// FuzzBundleEncodeDifferential compares Encode with encoding/json on
// bundles whose strings, numbers and times come from the fuzzer.
func FuzzBundleEncodeDifferential(f *testing.F) {
	f.Add("Eleanor Vance", "passport <scan> & \u2028", "\xff\x00\"\\", int64(1767225600), uint64(3), byte(1))
	f.Add("", "", "", int64(0), uint64(0), byte(0))
	f.Add("a\u2029b", "é中😀", "\xed\xa0\x80", int64(-62135596800), uint64(math.MaxUint64), byte(255))
	f.Fuzz(func(t *testing.T, s1, s2, s3 string, n int64, u uint64, flags byte) {
		tm := time.Unix(n%(1<<40), int64(u%1e9)).In(genZones[int(flags)%len(genZones)])
		d := Dossier{ID: ID{byte(u), 1}, Version: u, Title: s1, Kind: Kind(s2), Notes: s3, Tags: []string{s1, s2},
			Fields:      []Field{{Label: s1, Value: s2, Type: FieldType(s3), Secret: flags&1 != 0}},
			Dates:       []Date{{Label: s3, On: tm, Remind: Period{Years: int(n % 100), Days: int(u % 1000)}, Yearly: flags&2 != 0}},
			Attachments: []Attachment{{ID: ID{byte(n)}, Name: s2, MediaType: s1, Size: n, Added: tm}},
			Created:     tm, Updated: tm, Reviewed: tm, Provenance: &Provenance{Source: s1, From: s2, Imported: tm}}
		if flags&4 != 0 {
			d.ID, d.Version, d.Provenance = ID{}, 0, &Provenance{}
		}
		purpose := []string{PurposeBackup, PurposeHandoff, s1}[int(flags>>4)%3]
		b := &Bundle{Purpose: purpose, From: s3, Created: tm, Identity: s2,
			Dossiers: []BundleDossier{{Dossier: d, Content: map[ID][]byte{{byte(n)}: []byte(s3)}, History: []Dossier{d}}},
			Trash:    []BundleDossier{{Dossier: d, Deleted: tm}},
			Contacts: []Contact{{Name: s1, Recipient: s2, Added: tm}},
			Log:      []Event{{Seq: u, Time: tm, Action: Action(s1), Dossier: d.ID, Detail: s2}}}
		data := sameEncoding(t, b)
		sameParse(t, data)
		if !utf8.ValidString(s1) {
			return
		}
		if got, err := json.Marshal(s1); err == nil && !strings.ContainsAny(s1, "<>&") && !bytes.Equal(appendJSONString(nil, s1), got) {
			t.Fatalf("appendJSONString(%q) = %s, json.Marshal = %s", s1, appendJSONString(nil, s1), got)
		}
	})
}

// # Benchmarks

// benchBundle is a backup of n dossiers of about 850 bytes of JSON each:
// a client with a username field, a secret password field, two tags and
// about 500 bytes of notes.
func benchBundle(n int) *Bundle {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	words := strings.Fields(`client prefers morning calls and asked us to confirm every booking by email
	before paying the invoice renewal passport visa embassy appointment insurance policy broker flight hotel`)
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	b := &Bundle{Purpose: PurposeBackup, From: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p", Created: t0}
	for i := range n {
		var id ID
		for k := range id {
			id[k] = byte(rng.Uint32())
		}
		var notes strings.Builder
		for notes.Len() < 500 {
			notes.WriteString(words[rng.IntN(len(words))])
			notes.WriteByte(' ')
		}
		d := Dossier{ID: id, Version: 1 + uint64(rng.IntN(5)), Title: fmt.Sprintf("Client %d", i), Kind: KindClient,
			Fields: []Field{
				{Label: "Username", Value: fmt.Sprintf("client.%d@example.com", i), Type: TypeText},
				{Label: "Password", Value: fmt.Sprintf("%016x", rng.Uint64()), Type: TypePassword, Secret: true},
			},
			Notes: notes.String(), Tags: []string{"client", "vip"},
			Created: t0.Add(time.Duration(i) * time.Second), Updated: t0.Add(time.Duration(i) * time.Minute)}
		b.Dossiers = append(b.Dossiers, BundleDossier{Dossier: d})
	}
	return b
}

func benchEncode(b *testing.B, encode func(*Bundle, io.Writer) error) {
	bundle := benchBundle(10000)
	var buf bytes.Buffer
	if err := encode(bundle, &buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := encode(bundle, &buf); err != nil {
			b.Fatal(err)
		}
	}
}

func benchParse(b *testing.B, parse func([]byte) (*Bundle, error)) {
	var buf bytes.Buffer
	if err := benchBundle(10000).Encode(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBundleEncode writes a backup of 10,000 dossiers.
func BenchmarkBundleEncode(b *testing.B) { benchEncode(b, (*Bundle).Encode) }

// BenchmarkParseBundle reads a backup of 10,000 dossiers.
func BenchmarkParseBundle(b *testing.B) { benchParse(b, ParseBundle) }

// BenchmarkBundleEncode_Oracle is BenchmarkBundleEncode with encoding/json.
func BenchmarkBundleEncode_Oracle(b *testing.B) { benchEncode(b, oldEncode) }

// BenchmarkParseBundle_Oracle is BenchmarkParseBundle with encoding/json.
func BenchmarkParseBundle_Oracle(b *testing.B) { benchParse(b, oldParseBundle) }

// A value's length is checked on its JSON before it is copied: a string
// longer than any value could be is refused by the decoder, naming the
// member; one that only decodes too long is refused after, as before; the
// longest a value may be is taken even when every byte of it is escaped.
func TestParseBundle_LongStrings(t *testing.T) {
	bundleWith := func(value string) []byte {
		t.Helper()
		d := New("Long", KindNote)
		d.Fields = []Field{{Label: "L", Value: value, Type: TypeText}}
		b := &Bundle{Purpose: PurposeHandoff, Dossiers: []BundleDossier{{Dossier: d}}}
		var buf bytes.Buffer
		if err := b.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	escaped := strings.Repeat("\x01", maxValue) // \u0001: six bytes of JSON each
	if b, err := ParseBundle(bundleWith(escaped)); err != nil || b.Dossiers[0].Dossier.Fields[0].Value != escaped {
		t.Fatalf("the longest value, every byte escaped: %v", err)
	}
	if _, err := ParseBundle(bundleWith(strings.Repeat("x", maxValue+1))); err == nil || !strings.Contains(err.Error(), "field 1 is too long") {
		t.Fatalf("a value a byte too long: %v", err)
	}
	_, err := ParseBundle(bundleWith(strings.Repeat("x", maxText+1)))
	if !errors.Is(err, ErrBundle) || !strings.Contains(err.Error(), "dossiers.fields.value is too long") {
		t.Fatalf("a value longer than any JSON of one: %v", err)
	}
}
