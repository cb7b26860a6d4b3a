package vault

import (
	"encoding/binary"
	"fmt"
	"time"
)

// Summary is the part of a dossier that a list of dossiers shows and that
// finds one by name: its ID, title, kind, tags and dates. The vault keeps a
// sealed summary of every dossier beside the shards (see docs/DESIGN.md), so
// that listing 10,000 dossiers, or finding one to show or change, decrypts
// about a tenth of the vault instead of all of it.
type Summary struct {
	ID      ID
	Version uint64
	Title   string
	Kind    Kind
	Tags    []string
	Dates   []Date
}

// Summary returns the dossier's summary.
func (d *Dossier) Summary() Summary { return summaryOf(d) }

func summaryOf(d *Dossier) Summary {
	return Summary{ID: d.ID, Version: d.Version, Title: d.Title, Kind: d.Kind, Tags: d.Tags, Dates: d.Dates}
}

// HasTag reports whether the dossier has tag, case-insensitively.
func (s *Summary) HasTag(tag string) bool { return hasTag(s.Tags, tag) }

// NextDate returns the dossier's date whose next occurrence after now comes
// first, and false if it has none.
func (s *Summary) NextDate(now time.Time) (Date, bool) { return nextDate(s.Dates, now) }

// summaryVersion is the first byte of a sealed list of summaries.
const summaryVersion = 1

// appendSummaries encodes the summaries of one shard's dossiers and the IDs
// of its dossiers that were unreadable when it was written.
func appendSummaries(b []byte, ds []*Dossier, unreadable []ID) []byte {
	b = append(b, summaryVersion)
	b = binary.AppendUvarint(b, uint64(len(ds)))
	for _, d := range ds {
		b = append(b, d.ID[:]...)
		b = binary.AppendUvarint(b, d.Version)
		b = appendString(b, d.Title)
		b = appendString(b, string(d.Kind))
		b = appendTags(b, d.Tags)
		b = appendDates(b, d.Dates)
	}
	b = binary.AppendUvarint(b, uint64(len(unreadable)))
	for _, id := range unreadable {
		b = append(b, id[:]...)
	}
	return b
}

// minSummarySize is the fewest bytes an encoded summary takes.
const minSummarySize = 16 + 1 + 1 + 1 + 1 + 1

// parseSummaries decodes what appendSummaries wrote. Like parseShard, it
// keeps data: the strings it returns point into it.
func parseSummaries(data []byte) ([]Summary, []ID, error) {
	r := stringReader(data)
	if v := r.bytes(1, "summary version"); v == nil || v[0] != summaryVersion {
		return nil, nil, fmt.Errorf("%w: unknown summary format", ErrDamaged)
	}
	n := r.count("summaries", minSummarySize)
	out := make([]Summary, n)
	for i := range out {
		s := &out[i]
		s.ID = r.id("id")
		s.Version = r.uvarint("version")
		s.Title = r.string("title")
		s.Kind = Kind(r.string("kind"))
		s.Tags = r.tags()
		s.Dates = r.dates()
	}
	unreadable := r.ids("unreadable")
	if r.err == nil && len(r.b) != 0 {
		r.fail("stray bytes after summaries")
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return out, unreadable, nil
}
