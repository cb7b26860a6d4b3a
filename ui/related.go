package ui

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// Related dossiers: a client's notes that say "Husband: Robert Vance" or
// "cardiologist Dr. Amelia Hart" name other dossiers by their titles. The
// detail pane lists the dossiers a dossier names and those that name it,
// and R jumps to one. Nothing is stored: it is read from the text, as the
// filter reads it (never a secret's value), word by word, ignoring case,
// accents and punctuation.

// relatedWords splits folded text into its words: runs of letters and
// digits.
func relatedWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// linkable reports whether a title's words are distinctive enough to be
// found in other text: two words or more, or one of six letters or more
// ("Robert Vance", "Lindqvist"; not "Home" or "Bank").
func linkable(words []string) bool {
	return len(words) > 1 || len(words) == 1 && utf8.RuneCountInString(words[0]) >= 6
}

// titleIndex finds the entries whose titles are a run of words, and the
// people of a family name.
type titleIndex struct {
	byWords map[string][]int // the title's words, space-separated → entry positions
	first   map[string]int   // a title's first word → the most words a title starting with it has
	family  map[string][]int // a person's family name → the people of that name (personName)
}

func newTitleIndex(entries []entry) titleIndex {
	t := titleIndex{byWords: map[string][]int{}, first: map[string]int{}, family: map[string][]int{}}
	for i := range entries {
		words := relatedWords(entries[i].title)
		if family, ok := familyName(entries[i].d.Kind, words, strings.Contains(entries[i].title, ",")); ok {
			t.family[family] = append(t.family[family], i)
		}
		if !linkable(words) {
			continue
		}
		k := strings.Join(words, " ")
		t.byWords[k] = append(t.byWords[k], i)
		t.first[words[0]] = max(t.first[words[0]], len(words))
	}
	return t
}

// Households: Eleanor Vance's notes say "Husband: Robert", not "Robert
// Vance"; a family writes its own by first names. A client or contact
// whose text names, by a capitalised word, the first name of another
// client or contact of its family name names that one ("Robert" in
// Eleanor Vance's notes names Robert Vance; "Sofia" in his, Sofia Vance).

// honorifics come before a first name in a title, and suffixes after a
// family name: "Dr Amara Okafor", "Robert Vance Jr".
var (
	honorifics = []string{"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "lady", "lord", "rev"}
	suffixes   = []string{"jr", "sr", "ii", "iii"}
)

// personName returns the first name of e's title as written ("Robert")
// and its family name folded ("vance"), for a client or a contact titled
// with two names or more, honorifics and suffixes aside.
func personName(e *entry) (first, family string, ok bool) {
	folded := relatedWords(e.title)
	comma := strings.Contains(e.title, ",")
	if family, ok = familyName(e.d.Kind, folded, comma); !ok {
		return "", "", false
	}
	words := relatedWords(e.d.Title)
	if len(words) != len(folded) { // folding joined or split a word
		return "", "", false
	}
	at := 0
	if comma { // "Vance, Eleanor": the first name after the family's
		at = 1
	}
	return words[at+slices.IndexFunc(folded[at:], func(w string) bool { return !slices.Contains(honorifics, w) })], family, true
}

// familyName returns the family name of a title's folded words, for a
// client or a contact: its last word but a suffix, after a first name of
// two letters or more, honorifics aside; or its first, before a comma
// ("Vance, Eleanor", as some address books file people).
func familyName(kind vault.Kind, folded []string, comma bool) (string, bool) {
	if kind != vault.KindClient && kind != vault.KindContact {
		return "", false
	}
	if comma && len(folded) > 1 { // read as "Eleanor Vance"
		folded = append(slices.Clone(folded[1:]), folded[0])
	}
	for len(folded) > 0 && slices.Contains(honorifics, folded[0]) {
		folded = folded[1:]
	}
	for len(folded) > 0 && slices.Contains(suffixes, folded[len(folded)-1]) {
		folded = folded[:len(folded)-1]
	}
	if len(folded) < 2 || utf8.RuneCountInString(folded[0]) < 2 {
		return "", false
	}
	return folded[len(folded)-1], true
}

// namesFirst reports whether d's notes or the values of its fields that
// are not secret hold first as a word of its own beginning with a
// capital, in any case after it ("Robert", "ROBERT"; not "robert", and
// not "Roberta").
func namesFirst(d *vault.Dossier, first string) bool {
	if namesFirstIn(d.Notes, first) {
		return true
	}
	for _, f := range d.Fields {
		if !f.Secret && f.Type != vault.TypePassword && namesFirstIn(f.Value, first) {
			return true
		}
	}
	return false
}

func namesFirstIn(text, first string) bool {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) {
				break
			}
			j += size
		}
		if unicode.IsUpper(r) && strings.EqualFold(text[i:j], first) {
			return true
		}
		i = j
	}
	return false
}

// relatedOf returns the entries the one at i names, and those that name
// it, each once, in the order met, never i itself.
func relatedOf(entries []entry, titles *titleIndex, i int) (names, namedBy []int) {
	e := &entries[i]
	seen := map[int]bool{i: true}
	// What its text names, past its own title (the first line).
	_, text, _ := strings.Cut(e.hay, "\n")
	words := relatedWords(text)
	for s, w := range words {
		// Only where a title could start: most words start none.
		for n := 1; n <= titles.first[w] && s+n <= len(words); n++ {
			for _, j := range titles.byWords[strings.Join(words[s:s+n], " ")] {
				if !seen[j] {
					seen[j] = true
					names = append(names, j)
				}
			}
		}
	}
	// The family it names by first names, and those of its family naming
	// it by its own.
	first, family, person := personName(e)
	var household []int
	if person {
		for _, j := range titles.family[family] {
			if j == i {
				continue
			}
			if of, _, _ := personName(&entries[j]); !strings.EqualFold(of, first) {
				if !seen[j] && namesFirst(e.d, of) {
					seen[j] = true
					names = append(names, j)
				}
				if namesFirst(entries[j].d, first) {
					household = append(household, j)
				}
			}
		}
	}
	// Who names it: a scan of every haystack for the title's words, which
	// the byte mask skips for most.
	title := relatedWords(e.title)
	if !linkable(title) {
		return names, household
	}
	mask := byteMask(strings.Join(title, ""))
	for j := range entries {
		o := &entries[j]
		if j == i || o.mask&mask != mask {
			continue
		}
		_, text, _ := strings.Cut(o.hay, "\n")
		if containsWords(text, title) {
			namedBy = append(namedBy, j)
		}
	}
	for _, j := range household {
		if !slices.Contains(namedBy, j) {
			namedBy = append(namedBy, j)
		}
	}
	return names, namedBy
}

// containsWords reports whether text holds words one after another, each a
// whole word, with anything but letters and digits between them ("Dr.
// Amelia Hart" holds dr, amelia, hart), without allocating.
func containsWords(text string, words []string) bool {
	for from := 0; ; {
		k := strings.Index(text[from:], words[0])
		if k < 0 {
			return false
		}
		start := from + k
		from = start + 1
		if start > 0 && isWordRune(lastRune(text[:start])) {
			continue
		}
		pos := start + len(words[0])
		ok := true
		for _, w := range words[1:] {
			gap := pos
			for pos < len(text) {
				r, size := utf8.DecodeRuneInString(text[pos:])
				if isWordRune(r) {
					break
				}
				pos += size
			}
			if pos == gap || !strings.HasPrefix(text[pos:], w) {
				ok = false
				break
			}
			pos += len(w)
		}
		if ok && (pos == len(text) || !isWordRune(firstRune(text[pos:]))) {
			return true
		}
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// relatedCache keeps, for the index shown, the titles that can be named
// (built on the first look at a dossier's related ones), and the related
// dossiers of each dossier looked at, worked out once per version rather
// than once per frame, or each time the cursor comes back to it.
type relatedCache struct {
	ix     *entry // the index's first entry: which index it was
	titles titleIndex
	seen   map[vault.ID]relatedOfOne
}

type relatedOfOne struct {
	version        uint64
	names, namedBy []*vault.Dossier
}

// related returns the dossiers the selected one names and those naming it.
func (b *browse) related() (names, namedBy []*vault.Dossier) {
	e := b.selectedEntry()
	if e == nil || len(b.ix.entries) == 0 {
		return nil, nil
	}
	c := b.rel
	if c.ix != &b.ix.entries[0] {
		*c = relatedCache{ix: &b.ix.entries[0], titles: newTitleIndex(b.ix.entries), seen: map[vault.ID]relatedOfOne{}}
	}
	if r, ok := c.seen[e.d.ID]; ok && r.version == e.d.Version {
		return r.names, r.namedBy
	}
	ns, nbs := relatedOf(b.ix.entries, &c.titles, b.visible[b.cursor])
	r := relatedOfOne{version: e.d.Version}
	for _, j := range ns {
		r.names = append(r.names, b.ix.entries[j].d)
	}
	for _, j := range nbs {
		r.namedBy = append(r.namedBy, b.ix.entries[j].d)
	}
	c.seen[e.d.ID] = r
	return r.names, r.namedBy
}

// titlesOf returns the dossiers' titles, for the detail pane.
func titlesOf(ds []*vault.Dossier) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = Plain(d.Title)
	}
	return out
}

// dossierPick lists dossiers over the main screen to choose one: the
// related ones of a dossier (R), to go to it, or those that may be the same
// person as it (M), to merge.
type dossierPick struct {
	title  string
	items  []*vault.Dossier
	how    []string // beside each: "names it", "same phone"
	merge  bool     // enter asks to merge the chosen one into into; else goes to it
	into   *vault.Dossier
	cursor int
}

func (b browse) updatePick(msg tea.KeyPressMsg) (browse, tea.Cmd) {
	k := b.c.keys
	p := b.pick
	if c, ok := listNav(k, msg, p.cursor, len(p.items), 10); ok {
		p.cursor = c
		return b, nil
	}
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Related) && !p.merge, key.Matches(msg, k.Merge) && p.merge:
		b.pick = nil
	case key.Matches(msg, k.Submit) && p.merge:
		other := p.items[p.cursor]
		b.pick = nil
		return b, b.c.post(confirmMsg{
			prompt: fmt.Sprintf("Merge %s into %s?\nIts fields, dates, tags, notes and files join; it goes to the trash.", Plain(other.Title), Plain(p.into.Title)),
			yes:    mergeMsg{keep: p.into.ID, other: other.ID},
		})
	case key.Matches(msg, k.Submit):
		id := p.items[p.cursor].ID
		b.pick = nil
		b.show(id)
	}
	return b, nil
}

func (b browse) pickView() string {
	p := b.pick
	w := 0
	for _, h := range p.how {
		w = max(w, len(h))
	}
	row := func(i int) string {
		d := p.items[i]
		return fmt.Sprintf("  %-*s  %s  %s", w, p.how[i], Plain(d.Title), d.Kind)
	}
	foot := "enter goes to it · esc back"
	if p.merge {
		foot = "enter merges it into " + Plain(p.into.Title) + ", after asking · esc back"
	}
	return listScreen(b.c, p.title, len(p.items), row, p.cursor, "", []string{b.c.styles.Muted.Render(truncate(foot, b.c.width))})
}

// sameAs returns the dossiers that may be d's person a second time: of the
// same title (ignoring case and accents), or holding one of its email
// addresses or phone numbers (vault.ContactKeys), with which.
func (ix *index) sameAs(d *vault.Dossier) (items []*vault.Dossier, how []string) {
	title := vault.Fold(d.Title)
	mine := map[string]bool{}
	for _, k := range vault.ContactKeys(d) {
		mine[k] = true
	}
	for i := range ix.entries {
		e := &ix.entries[i]
		if e.d.ID == d.ID {
			continue
		}
		what := ""
		if e.title == title {
			what = "same title"
		} else if len(mine) > 0 {
			for _, k := range vault.ContactKeys(e.d) {
				if mine[k] {
					what = map[byte]string{'e': "same email", 'p': "same phone"}[k[0]]
					break
				}
			}
		}
		if what != "" {
			items, how = append(items, e.d), append(how, what)
		}
	}
	return items, how
}
