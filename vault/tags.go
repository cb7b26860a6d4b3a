package vault

import (
	"fmt"
	"slices"
	"strings"
)

// TagCount is a tag and how many dossiers carry it.
type TagCount struct {
	Tag      string // as most of its dossiers write it
	Dossiers int
}

// Tags returns every tag of the vault's dossiers with how many carry it,
// tags that differ only in case counted as one, most carried first, then by
// name. It reads the summaries only, as list does.
func (s *Store) Tags() ([]TagCount, error) {
	sums, err := s.Summaries()
	if err != nil {
		return nil, err
	}
	type tally struct {
		n        int
		spelling map[string]int
	}
	byFold := map[string]*tally{}
	for _, sm := range sums {
		for _, t := range sm.Tags {
			k := strings.ToLower(t)
			c := byFold[k]
			if c == nil {
				c = &tally{spelling: map[string]int{}}
				byFold[k] = c
			}
			c.n++
			c.spelling[t]++
		}
	}
	out := make([]TagCount, 0, len(byFold))
	for _, c := range byFold {
		best := ""
		for sp, n := range c.spelling {
			if best == "" || n > c.spelling[best] || n == c.spelling[best] && sp < best {
				best = sp
			}
		}
		out = append(out, TagCount{Tag: best, Dossiers: c.n})
	}
	slices.SortFunc(out, func(a, b TagCount) int {
		if a.Dossiers != b.Dossiers {
			return b.Dossiers - a.Dossiers
		}
		return strings.Compare(strings.ToLower(a.Tag), strings.ToLower(b.Tag))
	})
	return out, nil
}

// RenameTag gives every dossier tagged from (in any case) the tag to
// instead, all in one transaction, each as a new version whose history
// keeps the old; to "" takes the tag away. A dossier that carries both
// keeps one. It returns how many dossiers changed, which may be none. It
// returns [ErrInvalid] for an empty from or a to that is not a tag (a
// comma, a line break, longer than a backup carries), and [ErrLocked]
// while the vault is locked.
func (s *Store) RenameTag(from, to string) (int, error) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	if from == "" {
		return 0, fmt.Errorf("%w: name the tag to change", ErrInvalid)
	}
	if strings.ContainsAny(to, ",\r\n") || len(to) > maxLabel {
		return 0, fmt.Errorf("%w: a tag must not hold a comma or a line break, and is at most %s", ErrInvalid, sizeText(maxLabel))
	}
	n := 0
	err := s.write(func(b *batch) error {
		s.needLocked(b.tx, allShards)
		var ids []ID
		for _, m := range s.shards {
			for id, d := range m {
				if d != nil && hasTag(d.Tags, from) {
					ids = append(ids, id)
				}
			}
		}
		slices.SortFunc(ids, func(a, b ID) int { return strings.Compare(string(a[:]), string(b[:])) })
		for _, id := range ids {
			d, ok := b.get(id)
			if !ok {
				continue
			}
			was := d.Clone()
			var tags []string
			for _, t := range d.Tags {
				if strings.EqualFold(t, from) {
					t = to
				}
				tags = append(tags, t)
			}
			d.Tags = tags // normalize drops the empty tag, and the second of two
			if err := b.putEdited(was, d); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// TagAll gives the tag to each of the dossiers ids that lacks it (in any
// case), all in one transaction, each as a new version; it returns how
// many changed. It returns [ErrNotFound] for an ID that names no dossier
// (and writes nothing), and [ErrInvalid] for a tag that is not one (see
// RenameTag) or a dossier that would pass the most tags it keeps.
func (s *Store) TagAll(ids []ID, tag string) (int, error) {
	tag = strings.TrimSpace(tag)
	if tag == "" || strings.ContainsAny(tag, ",\r\n") || len(tag) > maxLabel {
		return 0, fmt.Errorf("%w: a tag is a word or a few, without a comma or a line break, at most %s", ErrInvalid, sizeText(maxLabel))
	}
	n := 0
	err := s.write(func(b *batch) error {
		for _, id := range ids {
			d, ok := b.get(id)
			if !ok {
				return fmt.Errorf("dossier %s: %w", id.Short(), ErrNotFound)
			}
			if hasTag(d.Tags, tag) {
				continue
			}
			was := d.Clone()
			d.Tags = append(d.Tags, tag)
			if err := b.putEdited(was, d); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// putEdited saves d, an edit of was made in this write, as its next
// version, normalized and validated (naming the dossier when it is not
// valid), and logs what changed.
func (b *batch) putEdited(was, d Dossier) error {
	normalize(&d)
	if err := d.Validate(); err != nil {
		return fmt.Errorf("dossier %s: %w", d.ID.Short(), err)
	}
	d.Version++
	d.Updated = b.now
	b.log(ActEdited, d.ID, changedSummary(was, d))
	return b.put(d)
}
