package vault

// The JSON of bundles, written and read by hand for speed: a backup of
// 10,000 dossiers is about 10 MB. Both sides follow what encoding/json did
// before them, byte for byte on output and error for error on input;
// bundle_json_test.go keeps that implementation and compares the two.

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// # Writing

// encodeChunk is how much JSON Encode gathers before it writes: a few
// writes for a large bundle, in a buffer that stays small.
const encodeChunk = 1 << 20

// appendBundle appends the JSON of b and a newline to dst, the way
// encoding/json's Encoder wrote it with HTML escaping off: members in the
// order of docs/FORMAT.md, optional ones left out when empty, compact.
// Between entries of "dossiers", "trash" and "log", once dst holds
// encodeChunk bytes, it hands dst to flush, if not nil, and goes on with
// what flush returns.
func appendBundle(dst []byte, b *Bundle, flush func([]byte) []byte) []byte {
	dst = appendBundleHead(dst, b, len(b.Dossiers))
	for i := range b.Dossiers {
		if i > 0 {
			dst = append(dst, ',')
		}
		bd := &b.Dossiers[i]
		dst = appendDossier(dst, &bd.Dossier, bd.Content, bd.History, time.Time{})
		if flush != nil && len(dst) >= encodeChunk {
			dst = flush(dst)
		}
	}
	return appendBundleTail(dst, b, nil, flush)
}

// appendBundleHead appends the JSON of b up to the first dossier: the
// members before "dossiers", with count as "count", and `"dossiers":[`.
func appendBundleHead(dst []byte, b *Bundle, count int) []byte {
	dst = append(dst, `{"format":`...)
	dst = appendJSONString(dst, BundleFormat)
	dst = append(dst, `,"purpose":`...)
	dst = appendJSONString(dst, b.Purpose)
	if b.From != "" {
		dst = append(dst, `,"from":`...)
		dst = appendJSONString(dst, b.From)
	}
	dst = append(dst, `,"created":`...)
	dst = appendJSONTime(dst, b.Created)
	dst = append(dst, `,"count":`...)
	dst = strconv.AppendInt(dst, int64(count), 10)
	return append(dst, `,"dossiers":[`...)
}

// appendBundleTail appends the JSON of b after its last dossier: the end of
// "dossiers", the members after it, the end of the object and a newline.
// The "log" member is log when not nil (appendLog's output), else that of
// b.Log.
func appendBundleTail(dst []byte, b *Bundle, log []byte, flush func([]byte) []byte) []byte {
	full := func() bool { return flush != nil && len(dst) >= encodeChunk }
	dst = append(dst, ']')
	if len(b.Contacts) > 0 {
		dst = append(dst, `,"contacts":[`...)
		for i, c := range b.Contacts {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"name":`...)
			dst = appendJSONString(dst, c.Name)
			dst = append(dst, `,"recipient":`...)
			dst = appendJSONString(dst, c.Recipient)
			if !c.Added.IsZero() {
				dst = append(dst, `,"added":`...)
				dst = appendJSONTime(dst, c.Added)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if b.Purpose == PurposeBackup {
		if b.Identity != "" {
			dst = append(dst, `,"identity":`...)
			dst = appendJSONString(dst, b.Identity)
		}
		if len(b.Trash) > 0 {
			dst = append(dst, `,"trash":[`...)
			for i := range b.Trash {
				if i > 0 {
					dst = append(dst, ',')
				}
				bd := &b.Trash[i]
				dst = appendDossier(dst, &bd.Dossier, bd.Content, bd.History, bd.Deleted)
				if full() {
					dst = flush(dst)
				}
			}
			dst = append(dst, ']')
		}
		if log != nil && flush != nil {
			dst = flush(dst) // log is written as it is, not copied
			flush(log)
		} else if log != nil {
			dst = append(dst, log...)
		} else {
			dst = appendLog(dst, b.Log, flush)
		}
	}
	return append(dst, '}', '\n')
}

// appendLog appends the "log" member of a backup holding events, if any,
// handing dst to flush, if not nil, between events once it is full.
func appendLog(dst []byte, events []Event, flush func([]byte) []byte) []byte {
	if len(events) == 0 {
		return dst
	}
	dst = append(dst, `,"log":[`...)
	for i := range events {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendEvent(dst, &events[i])
		if flush != nil && len(dst) >= encodeChunk {
			dst = flush(dst)
		}
	}
	return append(dst, ']')
}

// appendEvent appends one event of "log".
func appendEvent(dst []byte, e *Event) []byte {
	dst = append(dst, `{"seq":`...)
	dst = strconv.AppendUint(dst, e.Seq, 10)
	dst = append(dst, `,"time":`...)
	dst = appendJSONTime(dst, e.Time)
	dst = append(dst, `,"action":`...)
	dst = appendJSONString(dst, string(e.Action))
	if !e.Dossier.IsZero() {
		dst = append(dst, `,"dossier":"`...)
		dst = hex.AppendEncode(dst, e.Dossier[:])
		dst = append(dst, '"')
	}
	if e.Detail != "" {
		dst = append(dst, `,"detail":`...)
		dst = appendJSONString(dst, e.Detail)
	}
	return append(dst, '}')
}

// appendDossier appends one dossier of "dossiers", "trash" or "history":
// with the contents of its attachments found in content, its earlier
// versions and, unless zero, its deletion time.
func appendDossier(dst []byte, d *Dossier, content map[ID][]byte, history []Dossier, deleted time.Time) []byte {
	dst = append(dst, '{')
	if !d.ID.IsZero() {
		dst = append(dst, `"id":"`...)
		dst = hex.AppendEncode(dst, d.ID[:])
		dst = append(dst, `",`...)
	}
	if d.Version != 0 {
		dst = append(dst, `"version":`...)
		dst = strconv.AppendUint(dst, d.Version, 10)
		dst = append(dst, ',')
	}
	dst = append(dst, `"title":`...)
	dst = appendJSONString(dst, d.Title)
	dst = append(dst, `,"kind":`...)
	dst = appendJSONString(dst, string(d.Kind))
	if len(d.Fields) > 0 {
		dst = append(dst, `,"fields":[`...)
		for i := range d.Fields {
			f := &d.Fields[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"label":`...)
			dst = appendJSONString(dst, f.Label)
			dst = append(dst, `,"value":`...)
			dst = appendJSONString(dst, f.Value)
			if f.Type != "" {
				dst = append(dst, `,"type":`...)
				dst = appendJSONString(dst, string(f.Type))
			}
			if f.Secret {
				dst = append(dst, `,"secret":true`...)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if d.Notes != "" {
		dst = append(dst, `,"notes":`...)
		dst = appendJSONString(dst, d.Notes)
	}
	if len(d.Tags) > 0 {
		dst = append(dst, `,"tags":[`...)
		for i, t := range d.Tags {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, t)
		}
		dst = append(dst, ']')
	}
	if len(d.Dates) > 0 {
		dst = append(dst, `,"dates":[`...)
		for i := range d.Dates {
			dt := &d.Dates[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"label":`...)
			dst = appendJSONString(dst, dt.Label)
			dst = append(dst, `,"on":"`...)
			dst = dt.On.AppendFormat(dst, time.DateOnly) // digits and hyphens: nothing to escape
			dst = append(dst, '"')
			if !dt.Remind.IsZero() {
				if p := dt.Remind.String(); p != "" {
					dst = append(dst, `,"remind":`...)
					dst = appendJSONString(dst, p)
				}
			}
			if dt.Yearly {
				dst = append(dst, `,"yearly":true`...)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if len(d.Attachments) > 0 {
		dst = append(dst, `,"attachments":[`...)
		for i := range d.Attachments {
			a := &d.Attachments[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"id":"`...)
			dst = hex.AppendEncode(dst, a.ID[:])
			dst = append(dst, `","name":`...)
			dst = appendJSONString(dst, a.Name)
			if a.MediaType != "" {
				dst = append(dst, `,"media_type":`...)
				dst = appendJSONString(dst, a.MediaType)
			}
			dst = append(dst, `,"size":`...)
			dst = strconv.AppendInt(dst, a.Size, 10)
			dst = append(dst, `,"sha256":"`...)
			dst = hex.AppendEncode(dst, a.SHA256[:])
			dst = append(dst, '"')
			if !a.Added.IsZero() {
				dst = append(dst, `,"added":`...)
				dst = appendJSONTime(dst, a.Added)
			}
			if c := content[a.ID]; len(c) > 0 {
				dst = append(dst, `,"content":"`...)
				dst = base64.StdEncoding.AppendEncode(dst, c)
				dst = append(dst, '"')
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	for _, t := range [...]struct {
		name string
		t    time.Time
	}{{`,"created":`, d.Created}, {`,"updated":`, d.Updated}, {`,"reviewed":`, d.Reviewed}} {
		if !t.t.IsZero() {
			dst = append(dst, t.name...)
			dst = appendJSONTime(dst, t.t)
		}
	}
	if p := d.Provenance; p != nil {
		dst = append(dst, `,"provenance":{`...)
		sep := ""
		if p.Source != "" {
			dst = append(dst, `"source":`...)
			dst = appendJSONString(dst, p.Source)
			sep = ","
		}
		if p.From != "" {
			dst = append(dst, sep...)
			dst = append(dst, `"from":`...)
			dst = appendJSONString(dst, p.From)
			sep = ","
		}
		if !p.Imported.IsZero() {
			dst = append(dst, sep...)
			dst = append(dst, `"imported":`...)
			dst = appendJSONTime(dst, p.Imported)
		}
		dst = append(dst, '}')
	}
	if !deleted.IsZero() {
		dst = append(dst, `,"deleted":`...)
		dst = appendJSONTime(dst, deleted)
	}
	if len(history) > 0 {
		dst = append(dst, `,"history":[`...)
		for i := range history {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendDossier(dst, &history[i], nil, nil, time.Time{})
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendJSONTime appends t as a JSON string in RFC 3339 UTC, or "" for the
// zero time. The digits, letters and signs of a time need no escaping.
func appendJSONTime(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	if !t.IsZero() {
		dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
	}
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string escaped as encoding/json does
// without HTML escaping: quote, backslash and control characters escaped
// (\b \f \n \r \t, others as \u00XX), each byte that is not valid UTF-8
// replaced by \ufffd, U+2028 and U+2029 escaped, and the rest as it is.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Skip eight bytes at a time while none of them needs a look.
		for i+8 <= len(s) {
			if m := specials(load8(s, i)); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// load8 returns the eight bytes of s from i, little-endian.
func load8(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// specials returns the high bit of each of the eight bytes in x, lowest
// first, that a JSON string does not hold as it is: a control character, a
// quote, a backslash or a byte of a multi-byte UTF-8 sequence. Bytes after
// the first such byte may be marked wrongly (a borrow carries into them),
// never the bytes before it, so its position is exact.
func specials(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, b := x^'"'*ones, x^'\\'*ones
	return ((x-0x20*ones)&^x | (q-ones)&^q | (b-ones)&^b | x) & highs
}

// bundleSize estimates the length of the JSON of b, or returns max if it
// is longer, so that Encode allocates its buffer once.
func bundleSize(b *Bundle, max int) int {
	n := 256 + len(b.From) + len(b.Identity)
	dossier := func(d *Dossier) int {
		n := 160 + len(d.Title) + len(d.Notes)
		for _, f := range d.Fields {
			n += 40 + len(f.Label) + len(f.Value) + len(f.Type)
		}
		for _, t := range d.Tags {
			n += 3 + len(t)
		}
		for _, dt := range d.Dates {
			n += 64 + len(dt.Label)
		}
		for _, a := range d.Attachments {
			n += 220 + len(a.Name) + len(a.MediaType)
		}
		if p := d.Provenance; p != nil {
			n += 96 + len(p.Source) + len(p.From)
		}
		return n
	}
	for _, ds := range [][]BundleDossier{b.Dossiers, b.Trash} {
		for i := range ds {
			if n >= max {
				return max
			}
			bd := &ds[i]
			n += dossier(&bd.Dossier) + 48
			for _, c := range bd.Content {
				n += base64.StdEncoding.EncodedLen(len(c))
			}
			for k := range bd.History {
				n += dossier(&bd.History[k])
			}
		}
	}
	n += 64 * len(b.Contacts)
	for _, c := range b.Contacts {
		n += len(c.Name) + len(c.Recipient)
	}
	n += 120 * len(b.Log)
	return min(n, max)
}

// # Reading

// The raw shapes of a bundle's JSON, as decoded before they are checked.
// Strings are kept as they came so that ParseBundle checks them in the
// order it always has, and reports the same first problem.
type (
	rawBundle struct {
		Format, Purpose, From, Created string
		Count                          int
		Dossiers                       []rawDossier
		Contacts                       []rawContact
		Identity                       string
		Trash                          []rawDossier
		Log                            []rawEvent
	}
	rawDossier struct {
		ID                         string
		Version                    uint64
		Title, Kind                string
		Fields                     []Field // Type as it came
		Notes                      string
		Tags                       []string
		Dates                      []rawDate
		Attachments                []rawAttachment
		Created, Updated, Reviewed string
		Provenance                 *rawProvenance
		Deleted                    string
		History                    []rawDossier
	}
	rawDate struct {
		Label, On, Remind string
		Yearly            bool
	}
	rawAttachment struct {
		ID, Name, MediaType string
		Size                int64
		SHA256, Added       string
		Content             []byte
	}
	rawProvenance struct{ Source, From, Imported string }
	rawContact    struct{ Name, Recipient, Added string }
	rawEvent      struct {
		Seq                           uint64
		Time, Action, Dossier, Detail string
	}
)

// The member names of each shape, in the order Encode writes them; a
// member's index in its list is its case in the shape's decoder.
var (
	bundleMembers     = []string{"format", "purpose", "from", "created", "count", "dossiers", "contacts", "identity", "trash", "log"}
	dossierMembers    = []string{"id", "version", "title", "kind", "fields", "notes", "tags", "dates", "attachments", "created", "updated", "reviewed", "provenance", "deleted", "history"}
	fieldMembers      = []string{"label", "value", "type", "secret"}
	dateMembers       = []string{"label", "on", "remind", "yearly"}
	attachmentMembers = []string{"id", "name", "media_type", "size", "sha256", "added", "content"}
	provenanceMembers = []string{"source", "from", "imported"}
	contactMembers    = []string{"name", "recipient", "added"}
	eventMembers      = []string{"seq", "time", "action", "dossier", "detail"}
	formatMembers     = []string{"format"}
)

// The Go types encoding/json named in its type errors ("want …"), kept so
// that an error reads as it always has.
const (
	goString     = "string"
	goBool       = "bool"
	goInt        = "int"
	goInt64      = "int64"
	goUint64     = "uint64"
	goUint8      = "uint8"
	goBytes      = "[]uint8"
	goStrings    = "[]string"
	goFloat64    = "float64"
	goDossier    = "vault.jsonDossier"
	goEvent      = "vault.jsonEvent"
	goField      = "vault.jsonField"
	goFields     = "[]vault.jsonField"
	goDate       = "vault.jsonDate"
	goDates      = "[]vault.jsonDate"
	goAttachment = "vault.jsonAttachment"
	goAttachList = "[]vault.jsonAttachment"
	goProvenance = "vault.jsonProvenance"
	goContact    = "vault.jsonContact"
	goContacts   = "[]vault.jsonContact"
	goHead       = `struct { Format *string "json:\"format\"" }`
)

// jsonError is a problem with the JSON of a bundle. It wraps [ErrBundle];
// its message says where, never quotes a value.
type jsonError struct {
	msg    string
	syntax bool // a syntax error, which comes before every other problem
}

func (e *jsonError) Error() string { return ErrBundle.Error() + ": " + e.msg }
func (e *jsonError) Unwrap() error { return ErrBundle }

func typeError(field, want string) error {
	return &jsonError{msg: fmt.Sprintf("%q has the wrong type (want %s)", field, want)}
}

var (
	errNotBase64 = &jsonError{msg: "not valid JSON"} // what encoding/json's base64 error became
	errNoFormat  = &jsonError{msg: `it has no "format" member`}
	errNotString = &jsonError{msg: `"format" is not a string`}
	errTooDeep   = &jsonError{msg: fmt.Sprintf("nested deeper than %d levels", maxBundleDepth)}
)

// decodeBundle decodes the JSON of a bundle into its raw shape. It returns
// the error encoding/json led to before: for a "format" other than
// [BundleFormat], [ErrBundleVersion]; a syntax error anywhere before a
// type error anywhere; a type error in an entry of "dossiers", "trash",
// "history" or "log", or a list over its limit, as soon as it is found;
// and otherwise the first type error. After an error the caller checks
// the nesting, whose error comes before all of these.
func decodeBundle(data []byte) (*rawBundle, error) {
	format, err := bundleFormat(data)
	if err != nil {
		return nil, err
	}
	if format != BundleFormat {
		return nil, fmt.Errorf("%w: %q (this program reads %s)", ErrBundleVersion, abbreviate(format), BundleFormat)
	}
	d := decoder{data: data}
	j := new(rawBundle)
	if d.peek() != '{' {
		err = d.syntaxError()
	} else if err = d.bundle(j); err == nil {
		if d.peek(); d.off < len(data) {
			err = d.syntaxError()
		} else {
			err = d.saved
		}
	}
	if err != nil {
		if e, ok := err.(*jsonError); !ok || !e.syntax {
			// The decoder stopped before the end: a syntax error
			// further on comes first.
			if serr := validate(data); serr != nil {
				err = serr
			}
		}
		return nil, err
	}
	return j, nil
}

// bundleFormat returns the "format" member, checked before the rest is
// decoded so that a future version gets a clear error rather than a type
// error. Bundles write it first, and then the rest of the JSON is not
// looked at; elsewhere costs one more pass.
func bundleFormat(data []byte) (string, error) {
	d := decoder{data: data}
	if d.peek() == '{' {
		d.off++
		if d.peek() == '"' {
			if key, err := d.key(); err == nil && string(key) == "format" {
				if d.peek() != ':' {
					return "", errNotString
				}
				d.off++
				switch d.peek() {
				case '"':
					s, err := d.text()
					if err != nil {
						return "", errNotString
					}
					return s, nil
				case 'n':
					if d.literal("null") != nil {
						return "", errNotString
					}
					return "", nil
				}
				return "", errNotString
			}
		}
	}
	// The whole JSON must be valid; then the last "format" member counts,
	// its name compared case-insensitively, and null is no format.
	if err := validate(data); err != nil {
		return "", err
	}
	d = decoder{data: data}
	switch d.peek() {
	case 'n':
		return "", errNoFormat
	case '{':
	default:
		return "", typeError("", goHead)
	}
	var format *string
	err := d.object(formatMembers, func(int) error {
		switch d.peek() {
		case '"':
			s, err := d.text()
			format = &s
			return err
		case 'n':
			format = nil
			return d.literal("null")
		}
		return d.mismatch(goString)
	})
	switch {
	case err != nil:
		return "", err
	case d.saved != nil:
		return "", d.saved
	case format == nil:
		return "", errNoFormat
	}
	return *format, nil
}

// validate returns the first syntax error of data, as encoding/json's
// scanner finds it, or an error for nesting deeper than a bundle may.
func validate(data []byte) error {
	d := decoder{data: data}
	if err := d.skip(); err != nil {
		return err
	}
	if d.peek(); d.off < len(data) {
		return d.syntaxError()
	}
	return nil
}

// decoder reads the JSON of a bundle the way encoding/json's Unmarshal
// did into the old shapes: member names matched exactly or else
// case-insensitively, unknown members skipped, null leaving a value as it
// is, a later duplicate member decoded over an earlier one, and a value of
// the wrong type remembered as an error while decoding goes on.
type decoder struct {
	data  []byte
	off   int      // the next byte to read
	depth int      // arrays and objects open around off
	path  []string // member names from the top to the value being decoded
	saved error    // the first type error at this level (see bounded)
	strs  textArena
	buf   []byte // unquoted strings
	kbuf  []byte // unquoted member names
}

// peek skips white space and returns the next byte, or 0 at the end.
func (d *decoder) peek() byte {
	for d.off < len(d.data) {
		switch c := d.data[d.off]; c {
		case ' ', '\t', '\n', '\r':
			d.off++
		default:
			return c
		}
	}
	return 0
}

// errorAt returns the syntax error of the byte at i, or of the end of the
// data, with the offset encoding/json gave: the count of bytes read.
func (d *decoder) errorAt(i int) error {
	off := len(d.data)
	if i < len(d.data) {
		off = i + 1
	}
	return &jsonError{msg: fmt.Sprintf("JSON syntax error at byte %d", off), syntax: true}
}

func (d *decoder) syntaxError() error { return d.errorAt(d.off) }

// mismatch remembers a type error for the value at off, which is not what
// the member holds, and skips it.
func (d *decoder) mismatch(want string) error {
	d.save(typeError(strings.Join(d.path, "."), want))
	return d.skip()
}

func (d *decoder) save(err error) {
	if d.saved == nil {
		d.saved = err
	}
}

// open enters the array or object at off.
func (d *decoder) open() error {
	d.depth++
	if d.depth > maxBundleDepth {
		return errTooDeep
	}
	d.off++
	return nil
}

func (d *decoder) close() {
	d.depth--
	d.off++
}

// literal reads true, false or null.
func (d *decoder) literal(word string) error {
	for k := 0; k < len(word); k++ {
		if d.off+k >= len(d.data) || d.data[d.off+k] != word[k] {
			return d.errorAt(d.off + k)
		}
	}
	d.off += len(word)
	return nil
}

// number reads a number and returns its text.
func (d *decoder) number() ([]byte, error) {
	data, i := d.data, d.off
	digits := func() {
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		digits()
	default:
		return nil, d.errorAt(i)
	}
	if i < len(data) && data[i] == '.' {
		i++
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, d.errorAt(i)
		}
		digits()
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || data[i] < '0' || data[i] > '9' {
			return nil, d.errorAt(i)
		}
		digits()
	}
	lit := data[d.off:i]
	d.off = i
	return lit, nil
}

// scanString reads the string at off and returns where its content starts
// and ends, and whether that content is plain: without escapes and valid
// UTF-8, so that it is its own value.
func (d *decoder) scanString() (start, end int, plain bool, err error) {
	data := d.data
	i := d.off + 1
	start, plain = i, true
	for {
		for i+8 <= len(data) {
			if m := specials(binary.LittleEndian.Uint64(data[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i >= len(data) {
			return 0, 0, false, d.errorAt(i)
		}
		c := data[i]
		switch {
		case c == '"':
			d.off = i + 1
			return start, i, plain, nil
		case c == '\\':
			plain = false
			i++
			if i >= len(data) {
				return 0, 0, false, d.errorAt(i)
			}
			switch data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				i++
				for k := 0; k < 4; k++ {
					if i >= len(data) || !isHexDigit(data[i]) {
						return 0, 0, false, d.errorAt(i)
					}
					i++
				}
			default:
				return 0, 0, false, d.errorAt(i)
			}
		case c < 0x20:
			return 0, 0, false, d.errorAt(i)
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				plain = false
			}
			i += size
		}
	}
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unquoted returns the value of the string at off: its content or, when
// that is not plain, a copy unquoted into buf, valid until the next call
// with the same buf.
func (d *decoder) unquoted(buf *[]byte) ([]byte, error) {
	start, end, plain, err := d.scanString()
	if err != nil {
		return nil, err
	}
	if plain {
		return d.data[start:end], nil
	}
	*buf = appendUnquoted((*buf)[:0], d.data[start:end])
	return *buf, nil
}

// maxText is the longest JSON string text reads, in bytes of JSON: a value
// of maxValue bytes with every byte escaped (\u00XX). Any longer string
// would be refused for its length once decoded; refusing it before copying
// it keeps a bundle holding a huge value from costing its size twice.
const maxText = 6*maxValue + 64

// text returns the value of the string at off.
func (d *decoder) text() (string, error) {
	start, end, plain, err := d.scanString()
	if err != nil {
		return "", err
	}
	if end-start > maxText {
		return "", &jsonError{msg: fmt.Sprintf("%s is too long: a dossier's values and notes hold up to %d MiB", strings.Join(d.path, "."), maxValue>>20)}
	}
	b := d.data[start:end]
	if !plain {
		d.buf = appendUnquoted(d.buf[:0], b)
		b = d.buf
	}
	return d.strs.string(b), nil
}

// key returns the member name at off, valid until the next call.
func (d *decoder) key() ([]byte, error) {
	return d.unquoted(&d.kbuf)
}

// appendUnquoted appends the value of the content of a valid JSON string,
// as encoding/json unquotes it: escapes replaced, and each byte that is not
// valid UTF-8, and each lone surrogate, replaced by U+FFFD.
func appendUnquoted(dst, s []byte) []byte {
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			switch e := s[r+1]; e {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				rr := getu4(s[r:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != unicode.ReplacementChar {
						dst = utf8.AppendRune(dst, dec)
						r += 6
						continue
					}
					rr = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, rr)
				continue
			default: // " \ /
				dst = append(dst, e)
			}
			r += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			dst = utf8.AppendRune(dst, rr)
			r += size
		}
	}
	return dst
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// skip reads any value.
func (d *decoder) skip() error {
	switch c := d.peek(); {
	case c == '"':
		_, _, _, err := d.scanString()
		return err
	case c == '{':
		if err := d.open(); err != nil {
			return err
		}
		if d.peek() == '}' {
			d.close()
			return nil
		}
		for {
			if d.peek() != '"' {
				return d.syntaxError()
			}
			if _, _, _, err := d.scanString(); err != nil {
				return err
			}
			if d.peek() != ':' {
				return d.syntaxError()
			}
			d.off++
			if err := d.skip(); err != nil {
				return err
			}
			switch d.peek() {
			case ',':
				d.off++
			case '}':
				d.close()
				return nil
			default:
				return d.syntaxError()
			}
		}
	case c == '[':
		if err := d.open(); err != nil {
			return err
		}
		if d.peek() == ']' {
			d.close()
			return nil
		}
		for {
			if err := d.skip(); err != nil {
				return err
			}
			switch d.peek() {
			case ',':
				d.off++
			case ']':
				d.close()
				return nil
			default:
				return d.syntaxError()
			}
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		_, err := d.number()
		return err
	}
	return d.syntaxError()
}

// object reads the object at off, calling member with the index in names
// of each member it knows, once off is at the member's value. It skips the
// others.
func (d *decoder) object(names []string, member func(int) error) error {
	if err := d.open(); err != nil {
		return err
	}
	if d.peek() == '}' {
		d.close()
		return nil
	}
	next := 0 // members usually come in order
	for {
		if d.peek() != '"' {
			return d.syntaxError()
		}
		key, err := d.key()
		if err != nil {
			return err
		}
		if d.peek() != ':' {
			return d.syntaxError()
		}
		d.off++
		i := memberIndex(names, next, key)
		if i < 0 {
			err = d.skip()
		} else {
			next = i + 1
			d.path = append(d.path, names[i])
			err = member(i)
			d.path = d.path[:len(d.path)-1]
		}
		if err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.off++
		case '}':
			d.close()
			return nil
		default:
			return d.syntaxError()
		}
	}
}

// memberIndex returns the index of key in names, looking first from next
// on, or -1. A name matches exactly or else case-insensitively, as
// encoding/json matched it (so "K", the Kelvin sign, matches "k").
func memberIndex(names []string, next int, key []byte) int {
	for i := next; i < len(names); i++ {
		if string(key) == names[i] {
			return i
		}
	}
	for i := 0; i < next && i < len(names); i++ {
		if string(key) == names[i] {
			return i
		}
	}
	var arr [32]byte
	folded := appendFoldedName(arr[:0], key)
	for i, name := range names {
		if len(folded) == len(name) && foldedASCII(folded, name) {
			return i
		}
	}
	return -1
}

// foldedASCII reports whether folded equals the ASCII name in upper case.
func foldedASCII(folded []byte, name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if folded[i] != c {
			return false
		}
	}
	return true
}

// appendFoldedName is encoding/json's: ASCII letters in upper case, and
// every other rune replaced by the smallest rune of its case-folding
// orbit.
func appendFoldedName(out, in []byte) []byte {
	for i := 0; i < len(in); {
		if c := in[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}

// str reads a string member.
func (d *decoder) str(s *string) error {
	switch d.peek() {
	case '"':
		v, err := d.text()
		*s = v
		return err
	case 'n':
		return d.literal("null")
	}
	return d.mismatch(goString)
}

// boolean reads a bool member.
func (d *decoder) boolean(b *bool) error {
	switch d.peek() {
	case 't':
		*b = true
		return d.literal("true")
	case 'f':
		*b = false
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	return d.mismatch(goBool)
}

// integer reads an integer member of bits bits into *n, remembering a type
// error for a fraction, an exponent or a number out of range.
func (d *decoder) integer(n *int64, bits int, want string) error {
	switch c := d.peek(); {
	case c == '-' || '0' <= c && c <= '9':
		lit, err := d.number()
		if err != nil {
			return err
		}
		v, err := strconv.ParseInt(string(lit), 10, 64)
		if err != nil || bits < 64 && v != v<<(64-bits)>>(64-bits) {
			d.save(typeError(strings.Join(d.path, "."), want))
			return nil
		}
		*n = v
		return nil
	case c == 'n':
		return d.literal("null")
	}
	return d.mismatch(want)
}

// unsigned reads an unsigned integer member of bits bits into *n.
func (d *decoder) unsigned(n *uint64, bits int, want string) error {
	switch c := d.peek(); {
	case c == '-' || '0' <= c && c <= '9':
		lit, err := d.number()
		if err != nil {
			return err
		}
		v, ok := parseDigits(lit)
		if !ok {
			var err error
			v, err = strconv.ParseUint(string(lit), 10, 64)
			ok = err == nil
		}
		if !ok || bits < 64 && v>>bits != 0 {
			d.save(typeError(strings.Join(d.path, "."), want))
			return nil
		}
		*n = v
		return nil
	case c == 'n':
		return d.literal("null")
	}
	return d.mismatch(want)
}

// parseDigits parses up to 19 decimal digits, which always fit in a
// uint64; it reports false for anything else.
func parseDigits(lit []byte) (uint64, bool) {
	if len(lit) == 0 || len(lit) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range lit {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

func (d *decoder) count(n *int) error {
	v := int64(*n)
	err := d.integer(&v, strconv.IntSize, goInt)
	*n = int(v)
	return err
}

// content reads an attachment's content: a base64 string or, as
// encoding/json also took, an array of bytes.
func (d *decoder) content(b *[]byte) error {
	switch d.peek() {
	case '"':
		s, err := d.unquoted(&d.buf)
		if err != nil {
			return err
		}
		out := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
		n, err := base64.StdEncoding.Decode(out, s)
		if err != nil {
			d.save(errNotBase64)
			return nil
		}
		*b = out[:n]
		return nil
	case 'n':
		*b = nil
		return d.literal("null")
	case '[':
		// A longer array never matches the size of an attachment.
		return list(d, b, MaxAttachmentSize+1, goBytes, func(c *byte) error {
			v := uint64(*c)
			err := d.unsigned(&v, 8, goUint8)
			*c = byte(v)
			return err
		})
	}
	return d.mismatch(goBytes)
}

// list reads an array member into *s as encoding/json did: its elements
// decoded over those already there, the slice cut to the array's length
// (an empty array makes an empty slice, null a nil one). Only the first
// keep elements are kept, enough for the check that refuses more: the
// others are read for their errors and dropped, so that a long array
// costs no memory.
func list[T any](d *decoder, s *[]T, keep int, want string, elem func(*T) error) error {
	switch d.peek() {
	case '[':
	case 'n':
		*s = nil
		return d.literal("null")
	default:
		return d.mismatch(want)
	}
	if err := d.open(); err != nil {
		return err
	}
	v := *s
	i := 0
	if d.peek() != ']' {
		var spare *T
		for {
			var e *T
			switch {
			case i < keep:
				if i >= cap(v) {
					// Here len(v) == cap(v): growing keeps every element.
					v = slices.Grow(v, max(4, i))
				}
				if i >= len(v) {
					v = v[:i+1]
				}
				e = &v[i]
			case spare == nil:
				spare = new(T)
				e = spare
			default:
				*spare = *new(T)
				e = spare
			}
			if err := elem(e); err != nil {
				return err
			}
			i++
			if c := d.peek(); c == ']' {
				break
			} else if c != ',' {
				return d.syntaxError()
			}
			d.off++
		}
	}
	d.close()
	if i < len(v) {
		v = v[:i]
	}
	if i == 0 {
		v = make([]T, 0)
	}
	*s = v
	return nil
}

// bounded reads "dossiers", "trash", "history" or "log" as the old shapes'
// own decoders did: entries appended to those of an earlier member of the
// same name, more than max refused at once, an entry with a type error
// refused at once, and a value other than a list or null refused.
func bounded[T any](d *decoder, s *[]T, max int, what, want string, elem func(*T) error) error {
	switch c := d.peek(); {
	case c == '[':
	case c == 'n':
		*s = nil
		return d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		lit, err := d.number()
		if err != nil {
			return err
		}
		if _, err := strconv.ParseFloat(string(lit), 64); err != nil {
			return typeError(strings.Join(d.path, "."), goFloat64)
		}
		return fmt.Errorf("%w: %q has the wrong type (want a list)", ErrBundle, what)
	case c == '"' || c == '{' || c == 't' || c == 'f':
		return fmt.Errorf("%w: %q has the wrong type (want a list)", ErrBundle, what)
	default:
		return d.syntaxError()
	}
	if err := d.open(); err != nil {
		return err
	}
	if d.peek() != ']' {
		for {
			if len(*s) >= max {
				return fmt.Errorf("%w: more than %d %s", ErrBundle, max, what)
			}
			var zero T
			*s = append(*s, zero)
			outer := d.saved
			d.saved = nil
			err := elem(&(*s)[len(*s)-1])
			if err == nil {
				err = d.saved
			}
			d.saved = outer
			if err != nil {
				return err
			}
			if c := d.peek(); c == ']' {
				break
			} else if c != ',' {
				return d.syntaxError()
			}
			d.off++
		}
	}
	d.close()
	return nil
}

// record reads an object member or element of a shape: null leaves it as
// it is, another type is a type error.
func (d *decoder) record(names []string, want string, member func(int) error) error {
	switch d.peek() {
	case '{':
		return d.object(names, member)
	case 'n':
		return d.literal("null")
	}
	return d.mismatch(want)
}

func (d *decoder) bundle(j *rawBundle) error {
	return d.object(bundleMembers, func(i int) error {
		switch i {
		case 0:
			return d.str(&j.Format)
		case 1:
			return d.str(&j.Purpose)
		case 2:
			return d.str(&j.From)
		case 3:
			return d.str(&j.Created)
		case 4:
			return d.count(&j.Count)
		case 5:
			if j.Dossiers == nil && j.Count > 0 {
				// Room for what "count" says, within reason.
				j.Dossiers = make([]rawDossier, 0, min(j.Count, MaxBundleDossiers, (len(d.data)-d.off)/64+1))
			}
			return bounded(d, &j.Dossiers, MaxBundleDossiers, "dossiers", goDossier, d.dossier)
		case 6:
			return list(d, &j.Contacts, MaxBundleContacts+1, goContacts, d.contact)
		case 7:
			return d.str(&j.Identity)
		case 8:
			return bounded(d, &j.Trash, MaxBundleDossiers, "dossiers", goDossier, d.dossier)
		default:
			return bounded(d, &j.Log, MaxBundleEvents, "log events", goEvent, d.event)
		}
	})
}

func (d *decoder) dossier(j *rawDossier) error {
	return d.record(dossierMembers, goDossier, func(i int) error {
		switch i {
		case 0:
			return d.str(&j.ID)
		case 1:
			return d.unsigned(&j.Version, 64, goUint64)
		case 2:
			return d.str(&j.Title)
		case 3:
			return d.str(&j.Kind)
		case 4:
			return list(d, &j.Fields, maxFields+1, goFields, d.field)
		case 5:
			return d.str(&j.Notes)
		case 6:
			return list(d, &j.Tags, maxTags+1, goStrings, d.str)
		case 7:
			return list(d, &j.Dates, maxDates+1, goDates, d.date)
		case 8:
			return list(d, &j.Attachments, maxAttachments+1, goAttachList, d.attachment)
		case 9:
			return d.str(&j.Created)
		case 10:
			return d.str(&j.Updated)
		case 11:
			return d.str(&j.Reviewed)
		case 12:
			switch d.peek() {
			case '{':
				if j.Provenance == nil {
					j.Provenance = new(rawProvenance)
				}
				p := j.Provenance
				return d.object(provenanceMembers, func(i int) error {
					return d.str([...]*string{&p.Source, &p.From, &p.Imported}[i])
				})
			case 'n':
				j.Provenance = nil
				return d.literal("null")
			}
			return d.mismatch(goProvenance)
		case 13:
			return d.str(&j.Deleted)
		default:
			return bounded(d, &j.History, HistoryDepth, "versions in a dossier's history", goDossier, d.dossier)
		}
	})
}

func (d *decoder) field(f *Field) error {
	return d.record(fieldMembers, goField, func(i int) error {
		switch i {
		case 0:
			return d.str(&f.Label)
		case 1:
			return d.str(&f.Value)
		case 2:
			return d.str((*string)(&f.Type))
		default:
			return d.boolean(&f.Secret)
		}
	})
}

func (d *decoder) date(dt *rawDate) error {
	return d.record(dateMembers, goDate, func(i int) error {
		switch i {
		case 0:
			return d.str(&dt.Label)
		case 1:
			return d.str(&dt.On)
		case 2:
			return d.str(&dt.Remind)
		default:
			return d.boolean(&dt.Yearly)
		}
	})
}

func (d *decoder) attachment(a *rawAttachment) error {
	return d.record(attachmentMembers, goAttachment, func(i int) error {
		switch i {
		case 0:
			return d.str(&a.ID)
		case 1:
			return d.str(&a.Name)
		case 2:
			return d.str(&a.MediaType)
		case 3:
			return d.integer(&a.Size, 64, goInt64)
		case 4:
			return d.str(&a.SHA256)
		case 5:
			return d.str(&a.Added)
		default:
			return d.content(&a.Content)
		}
	})
}

func (d *decoder) contact(c *rawContact) error {
	return d.record(contactMembers, goContact, func(i int) error {
		return d.str([...]*string{&c.Name, &c.Recipient, &c.Added}[i])
	})
}

func (d *decoder) event(e *rawEvent) error {
	return d.record(eventMembers, goEvent, func(i int) error {
		if i == 0 {
			return d.unsigned(&e.Seq, 64, goUint64)
		}
		return d.str([...]*string{&e.Time, &e.Action, &e.Dossier, &e.Detail}[i-1])
	})
}

// textArena hands out strings copied into shared blocks, so that the many
// short strings of a bundle cost few allocations. A strings.Builder never
// changes what it has written, so a string it returned stays valid.
type textArena struct {
	b *strings.Builder
}

const (
	arenaBlock = 32 << 10
	arenaLarge = 1 << 10 // longer strings get their own allocation
)

func (a *textArena) string(p []byte) string {
	switch {
	case len(p) == 0:
		return ""
	case len(p) > arenaLarge:
		return string(p)
	}
	if a.b == nil || a.b.Cap()-a.b.Len() < len(p) {
		a.b = new(strings.Builder)
		a.b.Grow(arenaBlock)
	}
	n := a.b.Len()
	a.b.Write(p)
	return a.b.String()[n:]
}
