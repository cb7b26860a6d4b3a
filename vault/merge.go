package vault

import (
	"fmt"
	"slices"
	"strings"
)

// Merge folds the dossier other into keep, in one write: other's fields,
// dates, tags and notes join keep's, keep is saved as its next version
// (revert undoes it), and other goes to the trash, whence restore-trash
// brings it back. It is for one person brought in twice (a spreadsheet's
// row and a phone's contact). A dossier with attachments is not merged
// away: they would go to the trash with it and be purged with it; the
// error says to move them first.
func (s *Store) Merge(keep, other ID) (Dossier, error) {
	if keep == other {
		return Dossier{}, fmt.Errorf("%w: a dossier cannot be merged into itself", ErrInvalid)
	}
	var merged Dossier
	err := s.write(func(b *batch) error {
		d, ok := b.get(keep)
		if !ok {
			return fmt.Errorf("dossier %s: %w", keep.Short(), ErrNotFound)
		}
		o, ok := b.get(other)
		if !ok {
			return fmt.Errorf("dossier %s: %w", other.Short(), ErrNotFound)
		}
		if n := len(o.Attachments); n > 0 {
			what := "an attachment, which"
			if n > 1 {
				what = fmt.Sprintf("%d attachments, which", n)
			}
			return fmt.Errorf("%w: %s has %s would go to the trash with it: save them out (attachment --out), attach them to %s, detach them from %s, then merge",
				ErrInvalid, o.ID.Short(), what, d.ID.Short(), o.ID.Short())
		}
		merged = mergeInto(d, o)
		normalize(&merged)
		if err := merged.Validate(); err != nil {
			return err
		}
		merged.Version = d.Version + 1
		merged.Updated = b.now
		b.log(ActEdited, keep, "merged "+other.Short()+": "+changedSummary(d, merged))
		if err := b.put(merged); err != nil {
			return err
		}
		sealed, err := b.sealTrashed(Trashed{Dossier: o, Deleted: b.now})
		if err != nil {
			return err
		}
		if err := b.tx.Bucket(bucketTrash).Put(other[:], sealed); err != nil {
			return err
		}
		b.log(ActDeleted, other, "merged into "+keep.Short())
		return b.remove(other)
	})
	if err != nil {
		return Dossier{}, err
	}
	return merged, nil
}

// mergeInto returns d with what o holds that d does not: each field and
// date of o whose label d lacks; one whose label d has with another value,
// as "Label (2)" (or the next free number); o's tags; o's notes after d's.
// A field or date d already holds, label and value, is not repeated.
func mergeInto(d, o Dossier) Dossier {
	d = d.Clone()
	for _, f := range o.Fields {
		if slices.ContainsFunc(d.Fields, func(x Field) bool {
			return strings.EqualFold(x.Label, f.Label) && x.Value == f.Value
		}) {
			continue
		}
		f.Label = freeLabel(f.Label, func(l string) bool { return d.FieldIndex(l) >= 0 })
		d.Fields = append(d.Fields, f)
	}
	for _, dt := range o.Dates {
		has := func(l string) bool {
			return slices.ContainsFunc(d.Dates, func(x Date) bool { return strings.EqualFold(x.Label, l) })
		}
		if slices.ContainsFunc(d.Dates, func(x Date) bool { return strings.EqualFold(x.Label, dt.Label) && x.On.Equal(dt.On) }) {
			continue
		}
		dt.Label = freeLabel(dt.Label, has)
		d.Dates = append(d.Dates, dt)
	}
	for _, t := range o.Tags {
		if !hasTag(d.Tags, t) {
			d.Tags = append(d.Tags, t)
		}
	}
	if n := strings.TrimSpace(o.Notes); n != "" && !strings.Contains(d.Notes, n) {
		if d.Notes != "" {
			d.Notes = strings.TrimRight(d.Notes, "\n") + "\n\n"
		}
		d.Notes += o.Notes
	}
	return d
}

// freeLabel returns label, or "label (2)", "label (3)"… the first that
// taken says is free.
func freeLabel(label string, taken func(string) bool) string {
	if !taken(label) {
		return label
	}
	for n := 2; ; n++ {
		if l := fmt.Sprintf("%s (%d)", label, n); !taken(l) {
			return l
		}
	}
}
