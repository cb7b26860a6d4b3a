package vault

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Hit is a place in a dossier where a search found one of its words: what
// `confidant search` shows under the dossier, so that a number or a name
// found in the notes says where it is.
type Hit struct {
	Where string // a field's label, "notes", "date" or "attachment"
	Text  string // the value or the line of it that holds the word, at most HitWidth characters; never a secret's
}

// HitWidth is the most characters of a line a Hit holds: the part around
// the word found, with … where it was cut.
const HitWidth = 80

// Hits returns where the words of query (as [Store.Search] reads them)
// occur in d outside what a list shows already (its title, kind and tags):
// the first place of each word, in the order of the words, without
// repeats. A phone number is found however it is written.
func (d *Dossier) Hits(query string) []Hit {
	var hits []Hit
	add := func(h Hit) {
		if !slices.Contains(hits, h) {
			hits = append(hits, h)
		}
	}
	if phone := PhoneDigits(query); phone != "" {
		for i := range d.Fields {
			if f := &d.Fields[i]; SamePhone(phone, phoneOf(f)) {
				add(Hit{f.Label, window(firstLine(f.Value), "", HitWidth)})
			}
		}
	}
	for _, t := range strings.Fields(Fold(query)) {
		if strings.HasPrefix(t, "#") && len(t) > 1 || strings.HasPrefix(t, "kind:") || containsFold(d.Title, t) {
			continue
		}
		if h, ok := d.hit(t); ok {
			add(h)
		}
	}
	return hits
}

// hit returns the first place outside the title, kind and tags where the
// folded term t occurs.
func (d *Dossier) hit(t string) (Hit, bool) {
	for _, f := range d.Fields {
		switch {
		case !f.Secret && f.Type != TypePassword && containsFold(f.Value, t):
			return Hit{f.Label, window(lineWith(f.Value, t), t, HitWidth)}, true
		case containsFold(f.Label, t):
			v := "•••••"
			if !f.Secret && f.Type != TypePassword {
				v = window(firstLine(f.Value), "", HitWidth)
			}
			return Hit{f.Label, v}, true
		}
	}
	if containsFold(d.Notes, t) {
		// A secret written in the notes shows masked, as a secret field's
		// value does (which search does not even read).
		// The line is the one that holds t, masked: masking keeps the
		// lines where they are.
		notes, _ := MaskNoteSecrets(d.Notes, "••••••••")
		n := 0
		for line := range strings.Lines(d.Notes) {
			if containsFold(line, t) {
				break
			}
			n++
		}
		for line := range strings.Lines(notes) {
			if n == 0 {
				return Hit{"notes", window(strings.TrimSpace(line), t, HitWidth)}, true
			}
			n--
		}
		return Hit{"notes", window(lineWith(notes, t), t, HitWidth)}, true
	}
	for _, dt := range d.Dates {
		if containsFold(dt.Label, t) {
			return Hit{"date", window(dt.Label+" "+dt.On.Format("2006-01-02"), t, HitWidth)}, true
		}
	}
	for _, a := range d.Attachments {
		if containsFold(a.Name, t) {
			return Hit{"attachment", window(a.Name, t, HitWidth)}, true
		}
	}
	return Hit{}, false
}

// lineWith returns the first line of s that holds the folded term t, or
// the first line when t spans lines.
func lineWith(s, t string) string {
	for line := range strings.Lines(s) {
		if line = strings.TrimRight(line, "\r\n"); containsFold(line, t) {
			return strings.TrimSpace(line)
		}
	}
	return firstLine(s)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(strings.TrimSuffix(line, "\r"))
}

// window returns at most width characters of line: all of it if it fits,
// else the part around the first place where the folded term t occurs
// (the start for no term), marked with … where it was cut.
func window(line, t string, width int) string {
	if utf8.RuneCountInString(line) <= width {
		return line
	}
	runes := []rune(line)
	at := 0
	switch {
	case t == "":
	case isASCII(line) && isASCII(t):
		at = max(0, indexFoldASCII(line, t))
	default:
		// Fold a rune at a time, to find where in line the term is.
		var folded strings.Builder
		starts := make([]int, len(runes))
		for i, r := range runes {
			starts[i] = folded.Len()
			folded.WriteString(Fold(string(r)))
		}
		if i := strings.Index(folded.String(), t); i >= 0 {
			for at+1 < len(runes) && starts[at+1] <= i {
				at++
			}
		}
	}
	from := max(0, min(at-width/3, len(runes)-width))
	to := from + width
	out := slices.Clone(runes[from:to])
	if from > 0 {
		out[0] = '…'
	}
	if to < len(runes) {
		out[len(out)-1] = '…'
	}
	return string(out)
}
