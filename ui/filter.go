package ui

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"confidant/vault"
)

// entry is one dossier of the main list with what the filter needs,
// computed once per change of the list rather than once per keystroke.
type entry struct {
	d       *vault.Dossier // shared with the store: read-only
	hay     string         // lower-cased text the filter searches
	phones  string         // the digits of its phone numbers (vault.Dossier.Phones)
	title   string         // lower-cased title (the start of hay)
	mask    uint64         // byteMask(hay): which bytes occur in it
	next    time.Time      // next date, zero if none
	due     bool           // a date inside its reminder window
	overdue bool           // not reviewed for the review period
	// the labels of its password fields whose password another field of
	// the vault holds too, or a variant of it, of those under
	// vault.ShortPassword characters, and of common ones (vault.Audit)
	reused, alike, short, common []string
	// and of those made of the dossier's own details (Vance1968!)
	personal []string
	// labels of fields shown though named as secrets (vault.Unmasked)
	unmasked []string
	// twin: another dossier holds one of its emails or phone numbers
	// (vault.SharedContacts): the same person twice, or a household
	twin bool
}

// haystack is a dossier's searchable text, cached by version.
type haystack struct {
	version uint64
	hay     string
	phones  string
	mask    uint64
}

// index is the main list's data: every dossier, its haystack, and the
// orders it can be sorted in. buildIndex makes one off the interface's
// goroutine; once installed in the model it is only read, but for the memo.
type index struct {
	entries []entry
	cache   map[vault.ID]haystack // read-only once built: the next build reads it
	orders  [sortModes][]int
	due     int // dossiers with something due
	backup  vault.BackupState

	// memo holds recent filter results, by query and sort, in sort order
	// before ranking: typing on narrows the last result instead of
	// scanning every dossier, and backspace finds the earlier one.
	memo map[memoKey][]int
}

type memoKey struct {
	q string
	m sortMode
}

// buildIndex returns the index of list at now. Haystacks of dossiers whose
// version did not change are taken from old, which it only reads; every
// sort order is computed. It may take tens of milliseconds for 10,000
// dossiers, so the interface runs it in a command (indexCmd).
func buildIndex(list []vault.Dossier, old map[vault.ID]haystack, now time.Time, every time.Duration) index {
	ix := index{
		cache:   make(map[vault.ID]haystack, len(list)),
		entries: make([]entry, len(list)),
	}
	// Which passwords are shared (or variants of one), short or common:
	// is:reused, is:short, is:weak, and a mark beside the field in the
	// detail pane.
	audit := vault.Audit(list)
	reused := map[*vault.Dossier][]string{}
	for _, g := range audit.Reused {
		for _, u := range g {
			reused[u.Dossier] = append(reused[u.Dossier], u.Label)
		}
	}
	alike := map[*vault.Dossier][]string{}
	for _, g := range audit.Alike {
		for _, u := range g {
			alike[u.Dossier] = append(alike[u.Dossier], u.Label)
		}
	}
	short := map[*vault.Dossier][]string{}
	for _, u := range audit.Short {
		short[u.Dossier] = append(short[u.Dossier], u.Label)
	}
	common := map[*vault.Dossier][]string{}
	for _, u := range audit.Common {
		common[u.Dossier] = append(common[u.Dossier], u.Label)
	}
	personal := map[*vault.Dossier][]string{}
	for _, u := range audit.Personal {
		personal[u.Dossier] = append(personal[u.Dossier], u.Label)
	}
	// And which fields are shown though named as secrets: is:unmasked.
	unmasked := map[*vault.Dossier][]string{}
	for _, u := range vault.Unmasked(list) {
		unmasked[u.Dossier] = append(unmasked[u.Dossier], u.Label)
	}
	for _, u := range vault.NoteSecrets(list) { // "notes: Door code"
		unmasked[u.Dossier] = append(unmasked[u.Dossier], u.Label)
	}

	for i := range list {
		d := &list[i]
		h, ok := old[d.ID]
		if !ok || h.version != d.Version {
			hay := searchText(d)
			h = haystack{version: d.Version, hay: hay, phones: d.Phones(), mask: byteMask(hay)}
		}
		ix.cache[d.ID] = h
		// The haystack starts with the folded title: share its bytes.
		title := vault.Fold(d.Title)
		if strings.HasPrefix(h.hay, title) {
			title = h.hay[:len(title)]
		}
		e := entry{d: d, hay: h.hay, phones: h.phones, mask: h.mask, title: title}
		if nd, ok := d.NextDate(now); ok {
			e.next = nd.Next(now)
		}
		e.due = len(d.Due(now)) > 0
		e.overdue = reviewOverdue(d, now, every)
		e.reused, e.alike, e.short, e.common, e.unmasked = reused[d], alike[d], short[d], common[d], unmasked[d]
		e.personal = personal[d]
		if e.due || e.overdue {
			ix.due++
		}
		ix.entries[i] = e
	}
	for m := range sortModes {
		ix.order(m)
	}
	ix.markTwins()
	return ix
}

// markTwins marks the entries that share an email address or a phone
// number with another, as vault.SharedContacts finds them (is:twin), from
// the phone digits the index keeps and the emails as they are: no key is
// allocated for an address already in lower case.
func (ix *index) markTwins() {
	type contact struct {
		phone bool
		key   string
	}
	first := map[contact]int{}
	mark := func(c contact, i int) {
		j, ok := first[c]
		switch {
		case !ok:
			first[c] = i
		case j != i:
			ix.entries[j].twin, ix.entries[i].twin = true, true
		}
	}
	for i := range ix.entries {
		e := &ix.entries[i]
		for p := range strings.Lines(e.phones) {
			mark(contact{true, vault.PhoneKey(strings.TrimSuffix(p, "\n"))}, i)
		}
		for _, f := range e.d.Fields {
			if f.Type == vault.TypeEmail && !f.Secret && strings.Contains(f.Value, "@") {
				mark(contact{false, strings.ToLower(strings.TrimSpace(f.Value))}, i)
			}
		}
	}
}

// rebuild replaces the index with one of list, synchronously. Tests and
// benchmarks use it; the interface builds in a command.
func (ix *index) rebuild(list []vault.Dossier, now time.Time) {
	*ix = buildIndex(list, ix.cache, now, defaultReviewEvery)
}

// reviewOverdue reports whether the dossier has not been reviewed (or
// never, since it was created) for every.
func reviewOverdue(d *vault.Dossier, now time.Time, every time.Duration) bool {
	_, due := d.ReviewDue(now, every)
	return due
}

// order returns the entries' positions in sort mode m, computed on first use.
func (ix *index) order(m sortMode) []int {
	if o := ix.orders[m]; o != nil {
		return o
	}
	o := make([]int, len(ix.entries))
	for i := range o {
		o[i] = i
	}
	switch m {
	case sortUpdated:
		slices.SortStableFunc(o, func(a, b int) int {
			return ix.entries[b].d.Updated.Compare(ix.entries[a].d.Updated)
		})
	case sortNext:
		slices.SortStableFunc(o, func(a, b int) int {
			ea, eb := ix.entries[a], ix.entries[b]
			switch {
			case ea.next.IsZero() && eb.next.IsZero():
				return 0
			case ea.next.IsZero():
				return 1
			case eb.next.IsZero():
				return -1
			}
			return ea.next.Compare(eb.next)
		})
	}
	ix.orders[m] = o
	return o
}

// byteBit maps a byte to one of 64 bits: a letter or a digit to its own
// bit, any other byte to one of the 28 bits left.
var byteBit = func() (t [256]uint8) {
	for b := range 256 {
		switch {
		case b >= 'a' && b <= 'z':
			t[b] = uint8(b - 'a')
		case b >= '0' && b <= '9':
			t[b] = uint8(26 + b - '0')
		default:
			t[b] = uint8(36 + b%28)
		}
	}
	return t
}()

// byteMask returns the set of byteBit bits of s's bytes. A string can only
// contain w, or w's runes in order, if byteMask(w) is inside its mask.
func byteMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << byteBit[s[i]]
	}
	return m
}

// searchText is what the filter searches in a dossier: everything but the
// values of secret fields (a search must not confirm a guess at a password).
func searchText(d *vault.Dossier) string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteByte('\n')
	b.WriteString(string(d.Kind))
	b.WriteByte(' ')
	b.WriteString(d.Kind.Title())
	for _, t := range d.Tags {
		b.WriteString("\n#")
		b.WriteString(t)
	}
	for _, f := range d.Fields {
		b.WriteByte('\n')
		b.WriteString(f.Label)
		if !f.Secret && f.Type != vault.TypePassword {
			b.WriteString(": ")
			b.WriteString(f.Value)
		}
	}
	for _, dt := range d.Dates {
		b.WriteByte('\n')
		b.WriteString(dt.Label)
		b.WriteByte(' ')
		b.WriteString(dt.On.Format(time.DateOnly))
	}
	for _, a := range d.Attachments {
		b.WriteByte('\n')
		b.WriteString(a.Name)
	}
	b.WriteByte('\n')
	b.WriteString(d.Notes)
	return vault.Fold(b.String())
}

// query is a parsed filter: words to find, tags and kinds to require.
type query struct {
	raw   string // normalized text of the query
	words []string
	tags  []string // "#vip"
	kinds []string // "kind:travel"
	is    []string // "is:due", "is:reused", "is:short", "is:weak", or the start of one
	mask  uint64   // byteMask of all the words: what a matching haystack holds
	phone string   // the query's digits, when it reads as a phone number (vault.PhoneDigits)
}

func parseQuery(s string) query {
	s = vault.Fold(s) // "jose" finds José, "josé" finds Jose
	q := query{raw: strings.Join(strings.Fields(s), " "), phone: vault.PhoneDigits(s)}
	for _, w := range strings.Fields(s) {
		switch {
		case strings.HasPrefix(w, "#") && len(w) > 1:
			q.tags = append(q.tags, w[1:])
		case strings.HasPrefix(w, "kind:"):
			q.kinds = append(q.kinds, w[len("kind:"):])
		case strings.HasPrefix(w, "is:"):
			q.is = append(q.is, w[len("is:"):])
		default:
			q.words = append(q.words, w)
			q.mask |= byteMask(w)
		}
	}
	return q
}

func (q query) empty() bool { return len(q.words)+len(q.tags)+len(q.kinds)+len(q.is) == 0 }

// isFlags are the states is: asks for, each with whether an entry is in
// it. is:X holds when a state whose name starts with X does, so that
// typing on narrows what is shown (the memo relies on it).
var isFlags = []struct {
	name string
	has  func(e *entry) bool
}{
	{"due", func(e *entry) bool { return e.due || e.overdue }},
	{"reused", func(e *entry) bool { return len(e.reused) > 0 || len(e.alike) > 0 }},
	{"short", func(e *entry) bool { return len(e.short) > 0 }},
	{"weak", func(e *entry) bool { return len(e.short) > 0 || len(e.common) > 0 || len(e.personal) > 0 }},
	{"unmasked", func(e *entry) bool { return len(e.unmasked) > 0 }},
	{"twin", func(e *entry) bool { return e.twin }},
}

// hasState reports whether e is in a state whose name starts with x.
func hasState(e *entry, x string) bool {
	for _, f := range isFlags {
		if strings.HasPrefix(f.name, x) && f.has(e) {
			return true
		}
	}
	return false
}

// match scores e against q: 0 is no match, higher is better. Each word must
// occur in the dossier's text, or fuzzily (its letters in order) in its
// title; or the query is a phone number one of its fields holds. It
// allocates nothing.
func (q *query) match(e *entry) int {
	if q.phone != "" && vault.PhonesMatch(e.phones, q.phone) {
		// 090-1234-5678 for +81 90 1234 5678: a number as the phone
		// shows it, which the text need not hold. Ranked with a word
		// found in the title.
		return 51
	}
	if e.mask&q.mask != q.mask { // a byte of a word is nowhere in the text
		return 0
	}
	for _, k := range q.kinds {
		if !strings.HasPrefix(string(e.d.Kind), k) && !strings.HasPrefix(e.d.Kind.Title(), k) {
			return 0
		}
	}
	for _, x := range q.is {
		if !hasState(e, x) {
			return 0
		}
	}
	for _, t := range q.tags {
		ok := false
		for _, have := range e.d.Tags {
			if strings.HasPrefix(vault.Fold(have), t) {
				ok = true
				break
			}
		}
		if !ok {
			return 0
		}
	}
	score := 1
	for _, w := range q.words {
		switch {
		case strings.HasPrefix(e.title, w):
			score += 100
		case strings.Contains(e.title, w):
			score += 50
		case strings.Contains(e.hay, w):
			score += 10
		case fuzzyMatch(e.title, w):
			score += 2
		default:
			return 0
		}
	}
	return score
}

// fuzzy returns the byte offsets in s of the runes of w, in order, or nil
// if they do not all occur.
func fuzzy(s, w string) []int {
	var at []int
	i := 0
	for _, r := range w {
		j := strings.IndexRune(s[i:], r)
		if j < 0 {
			return nil
		}
		at = append(at, i+j)
		i += j + utf8.RuneLen(r)
	}
	return at
}

// fuzzyMatch reports whether fuzzy(s, w) is not nil, without allocating.
func fuzzyMatch(s, w string) bool {
	i := 0
	for _, r := range w {
		j := strings.IndexRune(s[i:], r)
		if j < 0 {
			return false
		}
		i += j + utf8.RuneLen(r)
	}
	return true
}

// hit is a matching entry: its position in the index and its score.
type hit struct{ i, score int32 }

// parallelMin is the number of candidates below which one goroutine scans
// them all: starting others costs more than it saves.
const parallelMin = 2048

// scan matches q against the candidates and returns the hits in candidate
// order. Large scans are split across runtime.GOMAXPROCS(0) goroutines,
// each over a contiguous part, joined before it returns.
func (ix *index) scan(q *query, candidates []int) []hit {
	workers := min(runtime.GOMAXPROCS(0), len(candidates)/(parallelMin/2))
	if workers < 2 || len(candidates) < parallelMin {
		return ix.scanPart(q, candidates, nil)
	}
	parts := make([][]hit, workers)
	size := (len(candidates) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*size, min((w+1)*size, len(candidates))
		wg.Go(func() { parts[w] = ix.scanPart(q, candidates[lo:hi], nil) })
	}
	wg.Wait()
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	hits := make([]hit, 0, n)
	for _, p := range parts {
		hits = append(hits, p...)
	}
	return hits
}

// scanPart appends to hits the candidates q matches. It only reads ix.
func (ix *index) scanPart(q *query, candidates []int, hits []hit) []hit {
	for _, i := range candidates {
		if s := q.match(&ix.entries[i]); s > 0 {
			hits = append(hits, hit{int32(i), int32(s)})
		}
	}
	return hits
}

// filter returns the positions of the entries matching q in mode m, the
// best matches first when there are words to rank (ties in sort order).
func (ix *index) filter(q query, m sortMode) []int {
	order := ix.order(m)
	if q.empty() {
		return order
	}
	candidates := order
	if prev, ok := ix.narrowest(q, m); ok {
		candidates = prev
	}
	hits := ix.scan(&q, candidates)
	matched := make([]int, len(hits))
	for k, h := range hits {
		matched[k] = int(h.i)
	}
	if ix.memo == nil || len(ix.memo) > 64 {
		ix.memo = map[memoKey][]int{}
	}
	ix.memo[memoKey{q.raw, m}] = matched
	if len(q.words) == 0 || m != sortTitle {
		return matched // shared with the memo: neither is ever changed
	}
	return rank(hits)
}

// rank returns the hits' positions by score, highest first, keeping the
// order of equal scores. Scores take few values, so it collects each in
// turn rather than sorting.
func rank(hits []hit) []int {
	var scores []int32
	for _, h := range hits {
		if !slices.Contains(scores, h.score) {
			scores = append(scores, h.score)
			if len(scores) > 16 {
				break
			}
		}
	}
	out := make([]int, 0, len(hits))
	if len(scores) > 16 {
		hits = slices.Clone(hits)
		slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.score, a.score) })
		for _, h := range hits {
			out = append(out, int(h.i))
		}
		return out
	}
	slices.Sort(scores)
	for k := len(scores) - 1; k >= 0; k-- {
		for _, h := range hits {
			if h.score == scores[k] {
				out = append(out, int(h.i))
			}
		}
	}
	return out
}

// highlightSpans returns the byte ranges of text (folded, see vault.Fold)
// that the query's words match, for drawing: substrings first, else a fuzzy
// match.
func highlightSpans(text string, words []string, allowFuzzy bool) [][2]int {
	if len(words) == 0 || text == "" {
		return nil
	}
	folded, from := text, []int(nil)
	if isASCII(text) { // folding keeps every byte where it is
		folded = vault.Fold(text)
	} else {
		folded, from = vault.FoldIndex(text)
	}
	// A span of folded text, drawn on text: from the first character it
	// touches to the end of the last.
	span := func(i, j int) [2]int {
		if from == nil {
			return [2]int{i, j}
		}
		end := from[j]
		if j > i && from[j-1] == end { // j cuts a folded character (ß → ss)
			_, n := utf8.DecodeRuneInString(text[end:])
			end += n
		}
		return [2]int{from[i], end}
	}
	var spans [][2]int
	for _, w := range words {
		if i := strings.Index(folded, w); i >= 0 {
			for i >= 0 {
				spans = append(spans, span(i, i+len(w)))
				next := strings.Index(folded[i+len(w):], w)
				if next < 0 {
					break
				}
				i += len(w) + next
			}
			continue
		}
		if allowFuzzy {
			for _, at := range fuzzy(folded, w) {
				_, n := utf8.DecodeRuneInString(folded[at:])
				spans = append(spans, span(at, at+n))
			}
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	return spans
}

// narrowest returns the memoized result of a query that q refines, the
// smallest such, so that q need only be matched against it.
func (ix *index) narrowest(q query, m sortMode) ([]int, bool) {
	var best []int
	found := false
	for k, v := range ix.memo {
		if k.m != m || (found && len(v) >= len(best)) {
			continue
		}
		if q.refines(parseQuery(k.q)) {
			best, found = v, true
		}
	}
	return best, found
}

// refines reports whether every dossier q matches is also matched by p:
// each of p's words is inside one of q's at the same place, each of p's
// tags, kinds and states a prefix of q's.
func (q query) refines(p query) bool {
	if q.phone != "" {
		// A number matches by its digits as a whole, so one more digit
		// can find what the shorter query did not: +819012345678 ends
		// with the 9012345678 of 090 1234 5678, +81901234567 does not.
		return false
	}
	if len(q.words) < len(p.words) || len(q.tags) < len(p.tags) || len(q.kinds) < len(p.kinds) || len(q.is) < len(p.is) {
		return false
	}
	for i, x := range p.is {
		if !strings.HasPrefix(q.is[i], x) {
			return false
		}
	}
	for i, w := range p.words {
		if !strings.Contains(q.words[i], w) {
			return false
		}
	}
	for i, t := range p.tags {
		if !strings.HasPrefix(q.tags[i], t) {
			return false
		}
	}
	for i, k := range p.kinds {
		if !strings.HasPrefix(q.kinds[i], k) {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
