package vault

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Merge folds the dossier other into keep, in one write: other's fields,
// dates, tags, notes and attachments join keep's, keep is saved as its next
// version (revert undoes it), and other goes to the trash, whence
// restore-trash brings it back. It is for one person brought in twice (a
// spreadsheet's row and a phone's contact). Attachments are copied, sealed
// anew under IDs of their own, so that the other dossier keeps its files in
// the trash and purging it later takes none of keep's.
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
		merged = mergeInto(d, o)
		if err := b.mergeAttachments(&merged, o); err != nil {
			return err
		}
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

// mergeAttachments gives d a copy of each of o's attachments whose content
// d does not hold already, named as o names it, or "scan (2).pdf" when d
// has a scan.pdf. A damaged one refuses the merge, and the error names it.
func (b *batch) mergeAttachments(d *Dossier, o Dossier) error {
	ab := b.tx.Bucket(bucketAttachments)
	for _, a := range o.Attachments {
		if slices.ContainsFunc(d.Attachments, func(x Attachment) bool { return x.SHA256 == a.SHA256 && x.Size == a.Size }) {
			continue
		}
		if len(d.Attachments) >= maxAttachments {
			return fmt.Errorf("%w: together the two dossiers have more than %d attachments, the most one keeps; detach some first", ErrInvalid, maxAttachments)
		}
		data, err := openAttachment(b.keys, a, ab.Get(a.ID[:]))
		if err != nil {
			return fmt.Errorf("%w: it cannot be copied; detach it from %s, then merge", err, o.ID.Short())
		}
		c := a
		c.ID = NewID()
		c.Name = freeFileName(a.Name, func(n string) bool {
			return slices.ContainsFunc(d.Attachments, func(x Attachment) bool { return x.Name == n })
		})
		err = b.putAttachment(c, data)
		clear(data)
		if err != nil {
			return err
		}
		d.Attachments = append(d.Attachments, c)
	}
	return nil
}

// freeFileName is freeLabel for a file's name: the number goes before its
// extension, "scan (2).pdf", so that the copy still opens as what it is.
func freeFileName(name string, taken func(string) bool) string {
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	if base == "" || strings.ContainsAny(ext, " ") {
		base, ext = name, ""
	}
	if !taken(name) {
		return name
	}
	for n := 2; ; n++ {
		if l := fmt.Sprintf("%s (%d)%s", base, n, ext); !taken(l) {
			return l
		}
	}
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
