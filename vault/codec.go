package vault

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
	"unsafe"
)

// recordVersion is the first byte of every encoded dossier. A decoder refuses
// versions it does not know.
const recordVersion = 1

// MarshalBinary encodes the dossier in the compact record format sealed into
// the vault. It never fails.
func (d *Dossier) MarshalBinary() ([]byte, error) {
	return d.appendRecord(make([]byte, 0, 512)), nil
}

func (d *Dossier) appendRecord(b []byte) []byte {
	b = append(b, recordVersion)
	b = append(b, d.ID[:]...)
	b = binary.AppendUvarint(b, d.Version)
	b = appendTime(b, d.Created)
	b = appendTime(b, d.Updated)
	b = appendTime(b, d.Reviewed)
	b = appendString(b, d.Title)
	b = appendString(b, string(d.Kind))
	b = binary.AppendUvarint(b, uint64(len(d.Fields)))
	for _, f := range d.Fields {
		b = appendString(b, f.Label)
		b = appendString(b, f.Value)
		b = appendString(b, string(f.Type))
		b = appendBool(b, f.Secret)
	}
	b = appendString(b, d.Notes)
	b = appendTags(b, d.Tags)
	b = appendDates(b, d.Dates)
	b = binary.AppendUvarint(b, uint64(len(d.Attachments)))
	for _, a := range d.Attachments {
		b = append(b, a.ID[:]...)
		b = appendString(b, a.Name)
		b = appendString(b, a.MediaType)
		b = binary.AppendVarint(b, a.Size)
		b = append(b, a.SHA256[:]...)
		b = appendTime(b, a.Added)
	}
	b = appendBool(b, d.Provenance != nil)
	if p := d.Provenance; p != nil {
		b = appendString(b, p.Source)
		b = appendString(b, p.From)
		b = appendTime(b, p.Imported)
	}
	return b
}

// UnmarshalBinary decodes a record written by [Dossier.MarshalBinary]. It
// returns an error wrapping [ErrDamaged] for anything malformed, and never
// allocates more than a small multiple of len(data).
func (d *Dossier) UnmarshalBinary(data []byte) error {
	nd, err := decodeRecord(reader{b: data})
	if err != nil {
		return err
	}
	*d = nd
	return nil
}

// decodeRecord decodes one whole record: r must hold nothing else.
func decodeRecord(r reader) (Dossier, error) {
	d, err := r.dossier()
	if err != nil {
		return Dossier{}, err
	}
	if len(r.b) != 0 {
		return Dossier{}, fmt.Errorf("%w: %d stray bytes after a dossier record", ErrDamaged, len(r.b))
	}
	return d, nil
}

func appendTags(b []byte, tags []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(tags)))
	for _, t := range tags {
		b = appendString(b, t)
	}
	return b
}

func appendDates(b []byte, dates []Date) []byte {
	b = binary.AppendUvarint(b, uint64(len(dates)))
	for _, dt := range dates {
		b = appendString(b, dt.Label)
		b = appendString(b, dt.On.Format(time.DateOnly))
		b = binary.AppendVarint(b, int64(dt.Remind.Years))
		b = binary.AppendVarint(b, int64(dt.Remind.Months))
		b = binary.AppendVarint(b, int64(dt.Remind.Days))
		b = appendBool(b, dt.Yearly)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// appendTime writes Unix nanoseconds, with 0 for the zero time.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	return binary.AppendVarint(b, t.UnixNano())
}

// reader decodes records. Every read checks bounds; counts are checked
// against the bytes left so that a hostile count cannot allocate much.
type reader struct {
	b   []byte
	err error
	// str, when set, holds the same bytes as the b the reader started
	// with: strings are then cut from it instead of copied one by one.
	str string
}

// stringReader returns a reader whose strings are cut from data itself,
// which the caller hands over: nothing may change data afterwards. Decoding
// a shard of 40 dossiers then allocates no string at all, where copying
// each one made hundreds, and unlocking 10,000 dossiers no second 10 MB.
func stringReader(data []byte) reader {
	if len(data) == 0 {
		return reader{b: data}
	}
	return reader{b: data, str: unsafe.String(&data[0], len(data))}
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: malformed record (%s)", ErrDamaged, what)
	}
	r.b = nil
}

func (r *reader) uvarint(what string) uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(what)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint(what string) int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail(what)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) small(what string) int {
	v := r.varint(what)
	if v < -100000 || v > 100000 {
		r.fail(what)
		return 0
	}
	return int(v)
}

// count reads a number of items, each at least minSize bytes long.
func (r *reader) count(what string, minSize int) int {
	n := r.uvarint(what)
	if n > uint64(len(r.b)/minSize) {
		r.fail(what)
		return 0
	}
	return int(n)
}

func (r *reader) bytes(n int, what string) []byte {
	if n < 0 || n > len(r.b) {
		r.fail(what)
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) string(what string) string {
	n := r.uvarint(what)
	if n > uint64(len(r.b)) {
		r.fail(what)
		return ""
	}
	if r.str != "" {
		start := len(r.str) - len(r.b)
		if r.bytes(int(n), what) == nil {
			return ""
		}
		return r.str[start : start+int(n)]
	}
	return string(r.bytes(int(n), what))
}

// sub returns a reader of the next n bytes, sharing r's string, and skips
// them in r.
func (r *reader) sub(n int, what string) reader {
	start := len(r.str) - len(r.b)
	b := r.bytes(n, what)
	if b == nil || r.str == "" {
		return reader{b: b}
	}
	return reader{b: b, str: r.str[start : start+n]}
}

func (r *reader) bool(what string) bool {
	b := r.bytes(1, what)
	if b == nil {
		return false
	}
	switch b[0] {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail(what)
	return false
}

func (r *reader) time(what string) time.Time {
	v := r.varint(what)
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}

func (r *reader) id(what string) ID {
	var id ID
	copy(id[:], r.bytes(len(id), what))
	return id
}

// ids reads a count and as many IDs.
func (r *reader) ids(what string) []ID {
	n := r.count(what, len(ID{}))
	if n == 0 {
		return nil
	}
	ids := make([]ID, n)
	for i := range ids {
		ids[i] = r.id(what)
	}
	return ids
}

func (r *reader) tags() []string {
	n := r.count("tags", 1)
	if n == 0 {
		return nil
	}
	tags := make([]string, n)
	for i := range tags {
		tags[i] = r.string("tag")
	}
	return tags
}

func (r *reader) dates() []Date {
	n := r.count("dates", 6)
	if n == 0 {
		return nil
	}
	dates := make([]Date, n)
	for i := range dates {
		dt := &dates[i]
		dt.Label = r.string("date label")
		if s := r.string("date"); r.err == nil {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				r.fail("date")
			}
			dt.On = t
		}
		dt.Remind = Period{Years: r.small("remind"), Months: r.small("remind"), Days: r.small("remind")}
		dt.Yearly = r.bool("yearly")
	}
	return dates
}

func (r *reader) dossier() (Dossier, error) {
	var d Dossier
	if v := r.bytes(1, "version"); v == nil || v[0] != recordVersion {
		if r.err == nil {
			r.fail("unknown record version")
		}
		return d, r.err
	}
	d.ID = r.id("id")
	d.Version = r.uvarint("version")
	d.Created = r.time("created")
	d.Updated = r.time("updated")
	d.Reviewed = r.time("reviewed")
	d.Title = r.string("title")
	d.Kind = Kind(r.string("kind"))
	if n := r.count("fields", 4); n > 0 {
		d.Fields = make([]Field, n)
		for i := range d.Fields {
			f := &d.Fields[i]
			f.Label = r.string("field label")
			f.Value = r.string("field value")
			f.Type = FieldType(r.string("field type"))
			f.Secret = r.bool("field secret")
		}
	}
	d.Notes = r.string("notes")
	d.Tags = r.tags()
	d.Dates = r.dates()
	if n := r.count("attachments", 16+1+1+1+32+1); n > 0 {
		d.Attachments = make([]Attachment, n)
		for i := range d.Attachments {
			a := &d.Attachments[i]
			a.ID = r.id("attachment id")
			a.Name = r.string("attachment name")
			a.MediaType = r.string("attachment type")
			a.Size = r.varint("attachment size")
			if a.Size < 0 || a.Size > math.MaxInt32 {
				r.fail("attachment size")
			}
			copy(a.SHA256[:], r.bytes(32, "attachment hash"))
			a.Added = r.time("attachment added")
		}
	}
	if r.bool("provenance") {
		d.Provenance = &Provenance{Source: r.string("source"), From: r.string("from"), Imported: r.time("imported")}
	}
	if r.err != nil {
		return Dossier{}, r.err
	}
	return d, nil
}

// appendShard encodes records back to back, each prefixed with its length,
// then the IDs of the shard's dossiers that could not be read when it was
// written (their own values are damaged), so that a later unlock still
// reports them.
func appendShard(b []byte, ds []*Dossier, unreadable []ID) []byte {
	b = binary.AppendUvarint(b, uint64(len(ds)))
	var rec []byte
	for _, d := range ds {
		rec = d.appendRecord(rec[:0])
		b = binary.AppendUvarint(b, uint64(len(rec)))
		b = append(b, rec...)
	}
	b = binary.AppendUvarint(b, uint64(len(unreadable)))
	for _, id := range unreadable {
		b = append(b, id[:]...)
	}
	return b
}

// minRecordSize is the fewest bytes an encoded dossier takes, with its
// length prefix: a bound on how many records a shard of n bytes can claim.
const minRecordSize = 30

// parseShard decodes what appendShard wrote. It keeps data: the strings of
// the dossiers it returns point into it, so the caller must not change it.
func parseShard(data []byte) ([]Dossier, []ID, error) {
	r := stringReader(data)
	n := r.count("shard", minRecordSize)
	out := make([]Dossier, 0, n)
	for range n {
		size := r.uvarint("record size")
		if size > uint64(len(r.b)) {
			r.fail("record size")
			break
		}
		d, err := decodeRecord(r.sub(int(size), "record"))
		if err != nil {
			return nil, nil, err
		}
		out = append(out, d)
	}
	unreadable := r.ids("unreadable")
	if r.err == nil && len(r.b) != 0 {
		r.fail("stray bytes after shard")
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return out, unreadable, nil
}
