package ui

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"confidant/vault"
)

func TestIndex_NarrowingMatchesFullScan(t *testing.T) {
	var list []vault.Dossier
	for _, title := range []string{"Rosalind Moreau", "Marco Rossi", "Ines Castell", "Theo Rao", "Roscoe Vance"} {
		d := vault.New(title, vault.KindContact)
		d.ID = vault.NewID()
		d.Tags = []string{"vip"}
		list = append(list, d)
	}
	list[2].Notes = "rose garden"
	var ix index
	ix.rebuild(list, time.Now())
	seq := []string{"r", "ro", "ros", "rose", "ros", "ro", "ro #v", "ro #vi", "ro #vip", "kind", "kind:", "kind:c", "rao", "ra"}
	for _, s := range seq {
		got := ix.filter(parseQuery(s), sortTitle)
		var fresh index
		fresh.rebuild(list, time.Now())
		want := fresh.filter(parseQuery(s), sortTitle)
		if !slices.Equal(got, want) {
			t.Errorf("query %q: narrowed %v, full scan %v", s, got, want)
		}
	}
}

func TestFuzzyTitle(t *testing.T) {
	if fuzzy("eleanor vance", "elv") == nil {
		t.Error("elv does not fuzzily match eleanor vance")
	}
	if fuzzy("eleanor vance", "vel") != nil {
		t.Error("vel matched out of order")
	}
}

// refEntry, refMatch, refFuzzy and refFilter are the filter as it was before
// the byte masks, the parallel scan and the memo: one goroutine scoring
// every dossier. The index must return exactly what they return.
type refEntry struct {
	d          *vault.Dossier
	hay, title string
}

func refFuzzy(s, w string) []int {
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

func refMatch(q query, e *refEntry) int {
	for _, k := range q.kinds {
		if !strings.HasPrefix(string(e.d.Kind), k) && !strings.HasPrefix(e.d.Kind.Title(), k) {
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
		case refFuzzy(e.title, w) != nil:
			score += 2
		default:
			return 0
		}
	}
	return score
}

// refFilter returns the matching positions of order, ranked by score in
// title order, as the first filter did.
func refFilter(entries []refEntry, order []int, q query, m sortMode) []int {
	if q.empty() {
		return order
	}
	type hit struct{ i, score int }
	var hits []hit
	for _, i := range order {
		if s := refMatch(q, &entries[i]); s > 0 {
			hits = append(hits, hit{i, s})
		}
	}
	if len(q.words) > 0 && m == sortTitle {
		slices.SortStableFunc(hits, func(a, b hit) int { return b.score - a.score })
	}
	out := make([]int, len(hits))
	for k, h := range hits {
		out[k] = h.i
	}
	return out
}

// filterSample is sampleList with people whose names are not ASCII.
func filterSample(n int) []vault.Dossier {
	list := sampleList(n)
	for i, title := range []string{"José Müller", "Ümit Straße", "ÉLODIE Ñandú", "İstanbul office", "Zoë Ångström", "Ro Ro Ro"} {
		d := vault.New(title, vault.Kinds[i%len(vault.Kinds)])
		d.ID = vault.NewID()
		d.Notes = "Straße café ñ " + title
		d.Tags = []string{"VIP", "Ünïcode"}
		list = append(list, d)
	}
	slices.SortStableFunc(list, func(a, b vault.Dossier) int {
		return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
	})
	return list
}

// filterQueries returns fixed queries and random ones cut from the
// haystacks (so that most match something), deterministically.
func filterQueries(entries []entry) []string {
	qs := []string{"", "r", "ro", "ros", "rosa", "vance", "van ce", "elv", "el va", "#vip", "#tier1 ro", "#ü", "kind:tra", "kind:client gala",
		"kind:secure", "qz", "9", "person12", "example.com", "2027-01", "é", "ü", "müller", "straße", "strasse", "ro #", "kind:", "ñ",
		"zoë", "ång", "istanbul", "i̇stanbul", "ro ro ro", "RO", "  ro  ", "aisle seat", "shellfish", "dinner gala", "ea", "x", "\u00a0"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100 {
		e := entries[rng.IntN(len(entries))]
		var words []string
		for range 1 + rng.IntN(3) {
			n := 1 + rng.IntN(5)
			at := rng.IntN(max(1, len(e.hay)-n))
			words = append(words, e.hay[at:min(len(e.hay), at+n)])
		}
		if rng.IntN(4) == 0 { // letters that may only match in order
			words = append(words, string(rune('a'+rng.IntN(26)))+string(rune('a'+rng.IntN(26))))
		}
		qs = append(qs, strings.Join(words, " "))
	}
	return qs
}

// TestIndex_FilterMatchesReference checks the index's filter against the
// first algorithm on the same dossiers: the same dossiers in the same
// order, for every sort, with one goroutine or several, with the memo
// narrowing as a person types and from nothing.
func TestIndex_FilterMatchesReference(t *testing.T) {
	list := filterSample(4200) // enough for four goroutines
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	var ix index
	ix.rebuild(list, now)
	ref := make([]refEntry, len(ix.entries))
	for i := range ix.entries {
		ref[i] = refEntry{d: ix.entries[i].d, hay: searchText(ix.entries[i].d), title: vault.Fold(ix.entries[i].d.Title)}
	}
	queries := filterQueries(ix.entries)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for m := range sortModes {
		for _, s := range queries {
			q := parseQuery(s)
			want := refFilter(ref, ix.order(m), q, m)
			for _, procs := range []int{1, 2, 4} {
				runtime.GOMAXPROCS(procs)
				ix.memo = nil
				if got := ix.filter(q, m); !slices.Equal(got, want) {
					t.Fatalf("GOMAXPROCS %d, sort %s, query %q: %d results %v…, reference %d %v…", procs, m, s, len(got), got[:min(5, len(got))], len(want), want[:min(5, len(want))])
				}
			}
			// As typed, a letter at a time: the memo narrows.
			var got []int
			for i := range len(s) + 1 {
				if utf8.ValidString(s[:i]) {
					got = ix.filter(parseQuery(s[:i]), m)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("sort %s, query %q typed: %d results, reference %d", m, s, len(got), len(want))
			}
		}
	}
}

// TestByteMask checks the rejection the filter makes before scanning: a
// word's bytes all occur in any text that holds it, or its runes in order.
func TestByteMask(t *testing.T) {
	for _, tc := range []struct {
		text, word string
		may        bool
	}{
		{"eleanor vance", "vance", true},
		{"eleanor vance", "elv", true},
		{"eleanor vance", "qz", false},
		{"eleanor vance", "7", false},
		{"room 7", "7", true},
		{"müller", "ü", true},
		{"muller", "ü", false},
	} {
		got := byteMask(tc.text)&byteMask(tc.word) == byteMask(tc.word)
		if got != tc.may {
			t.Errorf("mask of %q admits %q: %v, want %v", tc.text, tc.word, got, tc.may)
		}
	}
}

// A word typed without diacritics finds the text that has them, and the
// match is drawn over the whole of each letter it covers.
func TestHighlightSpans_Folded(t *testing.T) {
	for _, tc := range []struct {
		text  string
		words []string
		want  [][2]int
	}{
		{"José Müller", []string{"muller"}, [][2]int{{6, 13}}},
		{"José Müller", []string{"jose", "mu"}, [][2]int{{0, 5}, {6, 9}}},
		{"Straße", []string{"strasse"}, [][2]int{{0, 7}}},
		{"Straße", []string{"stras"}, [][2]int{{0, 6}}},    // half of ß is all of it
		{"Jose\u0301", []string{"jose"}, [][2]int{{0, 6}}}, // the e with its mark
		{"ÉLODIE", []string{"elo"}, [][2]int{{0, 4}}},
		{"Zoë Ångström", []string{"zng"}, nil}, // not fuzzy
	} {
		if got := highlightSpans(tc.text, tc.words, false); !slices.Equal(got, tc.want) {
			t.Errorf("highlightSpans(%q, %q) = %v, want %v", tc.text, tc.words, got, tc.want)
		}
	}
	if got := highlightSpans("Zoë Ångström", []string{"zoa"}, true); !slices.Equal(got, [][2]int{{0, 1}, {1, 2}, {5, 7}}) {
		t.Errorf("fuzzy: %v", got)
	}
	list := filterSample(10)
	var ix index
	ix.rebuild(list, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	var titles []string
	for _, i := range ix.filter(parseQuery("jose MULLER"), sortTitle) {
		titles = append(titles, ix.entries[i].d.Title)
	}
	if !slices.Equal(titles, []string{"José Müller"}) {
		t.Fatalf("jose MULLER found %q", titles)
	}
}

// TestFilter_PhoneNumber: a number typed as the phone shows it (a caller ID
// with its country code, or as dialled at home with other separators)
// finds the dossier holding it, at each keystroke from the sixth digit on,
// and the memo's narrowing gives what a full scan gives.
func TestFilter_PhoneNumber(t *testing.T) {
	m, _ := mainModel(t, 100, 24)
	for _, tc := range []struct{ typed, want string }{
		{"+442079460018", "Eleanor Vance"}, // kept as +44 20 7946 0018
		{"020-7946-0999", "Dr. Amara Okafor"},
		{"(020) 7946 0018", "Eleanor Vance"},
	} {
		m = press(t, m, "/")
		m = typeText(t, m, tc.typed)
		if got := len(m.browse.visible); got != 1 {
			t.Fatalf("%q shows %d dossiers, want 1:\n%s", tc.typed, got, view(m))
		}
		if d := m.browse.selected(); d.Title != tc.want {
			t.Errorf("%q selects %q, want %q", tc.typed, d.Title, tc.want)
		}
		m = press(t, m, "esc")
	}
	var list []vault.Dossier
	for _, phone := range []string{"+81 90 1234 5678", "090 1234 5679", "+44 20 7946 0958"} {
		d := vault.New("Client "+phone, vault.KindContact)
		d.ID = vault.NewID()
		d.Fields[2].Value = phone
		list = append(list, d)
	}
	var ix index
	ix.rebuild(list, time.Now())
	var typed []string
	for _, q := range []string{"+819012345678", "09012345679", "2079"} {
		for i := range len(q) + 1 {
			typed = append(typed, q[:i])
		}
	}
	for _, s := range typed {
		got := ix.filter(parseQuery(s), sortTitle)
		var fresh index
		fresh.rebuild(list, time.Now())
		if want := fresh.filter(parseQuery(s), sortTitle); !slices.Equal(got, want) {
			t.Errorf("query %q: narrowed %v, full scan %v", s, got, want)
		}
	}
	if got := ix.filter(parseQuery("+819012345678"), sortTitle); len(got) != 1 || list[got[0]].Fields[2].Value != "+81 90 1234 5678" {
		t.Errorf("+819012345678 finds %v", got)
	}
}

// TestFilter_States: is:reused (a password shared, or a variant of one),
// is:short, is:weak (short, common, or made of the dossier's details) and is:due find the dossiers in that state (vault.Audit, dates
// and reviews), a state's name may be cut
// short, typing on narrows as a full scan does, and the detail pane marks
// the fields.
func TestFilter_States(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	pw := func(v string) []vault.Field {
		return []vault.Field{{Label: "Password", Value: v, Type: vault.TypePassword, Secret: true}}
	}
	var list []vault.Dossier
	for _, c := range []struct {
		title  string
		fields []vault.Field
		due    bool
	}{
		{"Gym", pw("shared-password-0042"), false},
		{"Hotel", pw("shared-password-0042"), false},
		{"Spa", pw("Shared-Password-2025!"), false}, // a variant of theirs
		{"Club", pw("x7#Kq9"), false},
		{"Mail", pw("Letmein!2024"), false}, // long, but common
		{"Bank", pw("a-long-unique-password-1"), true},
		{"Issues", nil, false}, // its title holds "is"
		{"Ana", []vault.Field{{Label: "Passport number", Value: "533401234", Type: vault.TypeText}}, false},       // shown, named as a secret
		{"Bo", []vault.Field{{Label: "Passport number", Value: "X1", Type: vault.TypeText, Secret: true}}, false}, // masked
		{"Cy", nil, false}, // a door code in the notes
		{"Dora Vance", pw("Dora-Vance-2019!"), false}, // made of her own name
	} {
		d := vault.New(c.title, vault.KindVendor)
		d.ID, d.Fields, d.Created = vault.NewID(), c.fields, now
		if c.title == "Cy" {
			d.Notes = "Gate opens at 7:30.\nDoor code: 4471"
		}
		if c.due {
			d.Dates = []vault.Date{{Label: "Expires", On: now.AddDate(0, 1, 0), Remind: vault.Period{Months: 6}}}
		}
		list = append(list, d)
	}
	var ix index
	ix.rebuild(list, now)
	titlesOf := func(at []int) []string {
		var out []string
		for _, i := range at {
			out = append(out, ix.entries[i].d.Title)
		}
		slices.Sort(out)
		return out
	}
	for q, want := range map[string][]string{
		"is:reused":     {"Gym", "Hotel", "Spa"},
		"is:r":          {"Gym", "Hotel", "Spa"},
		"is:short":      {"Club"},
		"is:weak":       {"Club", "Dora Vance", "Mail"},
		"is:w":          {"Club", "Dora Vance", "Mail"},
		"is:due":        {"Bank"},
		"is:":           {"Ana", "Bank", "Club", "Cy", "Dora Vance", "Gym", "Hotel", "Mail", "Spa"},
		"is:unmasked":   {"Ana", "Cy"},
		"is:u":          {"Ana", "Cy"},
		"is:reused gym": {"Gym"},
		"is:nothing":    nil,
	} {
		ix.memo = nil
		if got := titlesOf(ix.filter(parseQuery(q), sortTitle)); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
	ix.memo = nil
	for _, s := range []string{"i", "is", "is:", "is:r", "is:re", "is:r", "is:", "is:s", "is:sh", "is:w", "is:we", "is:d", "is:due b", "is:u", "is:un"} {
		got := ix.filter(parseQuery(s), sortTitle)
		var fresh index
		fresh.rebuild(list, now)
		if want := fresh.filter(parseQuery(s), sortTitle); !slices.Equal(got, want) {
			t.Errorf("typed %q: narrowed %v, full scan %v", s, got, want)
		}
	}
	// The detail pane marks the shared and the short password.
	c := &common{styles: NewStyles(false), now: func() time.Time { return now }}
	for _, e := range ix.entries {
		dt := detailLines(c, e.d, detailView{sel: -1, revealed: -1, width: 80, reused: e.reused, alike: e.alike, short: e.short, common: e.common, personal: e.personal, unmasked: e.unmasked})
		text := strings.Join(dt.show(0, len(dt.lines)), "\n")
		switch e.d.Title {
		case "Gym", "Hotel":
			mustContain(t, text, "⚠ used elsewhere too")
		case "Spa":
			mustContain(t, text, "⚠ a variant of one used elsewhere")
		case "Club":
			mustContain(t, text, "⚠ under 12 characters")
		case "Mail":
			mustContain(t, text, "⚠ a common password")
		case "Dora Vance":
			mustContain(t, text, "⚠ made of this dossier's details")
		case "Ana":
			mustContain(t, text, "533401234", "⚠ a secret? ctrl+o in the editor masks it")
		case "Cy":
			mustContain(t, text, "⚠ Door code in the notes: S masks it", "Door code: ••••••••")
			mustNotContain(t, text, "4471")
		default:
			mustNotContain(t, text, "⚠")
		}
	}
}

// TestFilter_ShowsTheNotesLineFound: a word found far down a dossier's
// notes shows in the detail pane, with its title on the first line, while
// the list has the keyboard; cleared, the pane shows the top again.
func TestFilter_ShowsTheNotesLineFound(t *testing.T) {
	m, _ := mainModel(t, 100, 20)
	d := vault.New("Villa Rosa", vault.KindNote)
	var notes []string
	for i := range 40 {
		notes = append(notes, fmt.Sprintf("Line %d of the house notes.", i))
	}
	notes[35] = "The gondola to the boathouse runs at noon."
	d.Notes = strings.Join(notes, "\n")
	if _, err := m.c.store.Add(d); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, refreshMsg{})
	m = press(t, m, "/")
	m = typeText(t, m, "gondola")
	mustContain(t, view(m), "The gondola to the boathouse runs at noon.", "│ Villa Rosa")
	mustNotContain(t, view(m), "Line 3 of the house notes.")
	m = press(t, m, "esc")
	for m.browse.selected().Title != "Villa Rosa" {
		m = press(t, m, "j")
	}
	mustContain(t, view(m), "Line 3 of the house notes.")
	mustNotContain(t, view(m), "gondola")
}
