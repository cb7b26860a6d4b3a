package ui

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// hasWordsRef is containsWords the slow way: split into words, then look
// for the run.
func hasWordsRef(text string, run []string) bool {
	words := relatedWords(text)
	for s := 0; s+len(run) <= len(words); s++ {
		if slices.Equal(words[s:s+len(run)], run) {
			return true
		}
	}
	return false
}

func TestContainsWords(t *testing.T) {
	for _, tc := range []struct {
		text, title string
		want        bool
	}{
		{"gp: dr. amelia hart, harley st", "Dr. Amelia Hart", true},
		{"dr amelia hart", "dr amelia hart", true},
		{"dr  amelia\nhart.", "dr amelia hart", true},
		{"dramelia hart", "dr amelia hart", false},
		{"dr amelia harter", "dr amelia hart", false},
		{"xdr amelia hart", "dr amelia hart", false},
		{"xdr amelia hart and dr amelia hart", "dr amelia hart", true},
		{"robert vance's wife", "robert vance", true},
		{"robertvance", "robert vance", false},
	} {
		words := relatedWords(vault.Fold(tc.title))
		if got := containsWords(tc.text, words); got != tc.want || hasWordsRef(tc.text, words) != tc.want {
			t.Errorf("containsWords(%q, %q) = %v, want %v", tc.text, words, got, tc.want)
		}
	}
	for _, tc := range []struct {
		title string
		want  bool
	}{{"Robert Vance", true}, {"Lindqvist", true}, {"Home", false}, {"Bank", false}, {"!!", false}} {
		if got := linkable(relatedWords(vault.Fold(tc.title))); got != tc.want {
			t.Errorf("linkable(%q) = %v", tc.title, got)
		}
	}
}

// FuzzContainsWords checks containsWords against splitting the text into
// words, on any text and title.
func FuzzContainsWords(f *testing.F) {
	f.Add("gp: dr. amelia hart", "dr amelia hart")
	f.Add("xdr amelia hart dr amelia hart", "dr amelia hart")
	f.Add("e\u0301 caf\xffe", "caf e")
	f.Fuzz(func(t *testing.T, text, title string) {
		words := relatedWords(title)
		if len(words) == 0 {
			return
		}
		if got, want := containsWords(text, words), hasWordsRef(text, words); got != want {
			t.Fatalf("containsWords(%q, %q) = %v, splitting says %v", text, words, got, want)
		}
	})
}

// TestRelated: a dossier whose notes name another by its title (in any
// case, with or without the title's punctuation) shows it under RELATED,
// and the other shows it as naming it; R lists them and enter goes to one,
// clearing a filter that hid it. A short, common title is never "named".
func TestRelated(t *testing.T) {
	m, _ := mainModel(t, 100, 30)
	s := m.c.store
	for _, d := range s.List() {
		if d.Title == "Eleanor Vance" {
			d.Notes += "\nGP: dr amara okafor. Alarm codes: see Household alarm codes."
			if _, err := s.Save(d); err != nil {
				t.Fatal(err)
			}
		}
	}
	home := vault.New("Home", vault.KindNote) // named by no one, though "home" is everywhere
	if _, err := s.Add(home); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, refreshMsg{})
	m = press(t, m, "/")
	m = typeText(t, m, "eleanor vance")
	m = press(t, m, "enter", "esc") // the list, filtered to her two dossiers
	for m.browse.selected().Title != "Eleanor Vance" {
		m = press(t, m, "j")
	}
	mustContain(t, view(m), "RELATED  R goes to one", "names", "Dr. Amara Okafor · Household alarm codes")
	// At 80 columns each title stays whole, on a line of its own.
	narrow := send(t, m, tea.WindowSizeMsg{Width: 80, Height: 30})
	mustContain(t, view(narrow), "names         Dr. Amara Okafor", "                Household alarm codes")
	m = press(t, m, "R")
	mustContain(t, view(m), "Related to Eleanor Vance", "named by it  Dr. Amara Okafor", "named by it  Household alarm codes")
	m = press(t, m, "enter")
	if d := m.browse.selected(); d == nil || d.Title != "Dr. Amara Okafor" || m.browse.pick != nil {
		t.Fatalf("enter in the related list: selected %v\n%s", d, view(m))
	}
	mustContain(t, view(m), "named by", " Eleanor Vance")
	if names, namedBy := m.browse.related(); len(names) != 0 || len(namedBy) != 1 || namedBy[0].Title != "Eleanor Vance" {
		t.Fatalf("Dr. Amara Okafor's related: %v, %v", titlesOf(names), titlesOf(namedBy))
	}
	for m.browse.selected().Title != "Home" {
		m = press(t, m, "j")
	}
	if names, namedBy := m.browse.related(); len(names)+len(namedBy) != 0 {
		t.Fatalf("Home's related: %v, %v", titlesOf(names), titlesOf(namedBy))
	}

	// One that names none and is named by none says so.
	m = press(t, m, "R")
	if m.browse.pick != nil {
		t.Fatal("R opened an empty list")
	}
	mustContain(t, view(m), "names no other dossier, and none names it")
}

// TestMerge_FromTheList: M lists the dossiers that may be the selected one's
// person again (same title, email or phone); enter asks, y merges, and the
// list has one dossier fewer. One with no twin says so.
func TestMerge_FromTheList(t *testing.T) {
	m, _ := mainModel(t, 100, 30)
	twin := vault.New("Vance, Eleanor", vault.KindContact)
	twin.Fields = []vault.Field{{Label: "Work email", Value: "Eleanor@Vance.example", Type: vault.TypeEmail}, {Label: "Assistant", Value: "Mara"}}
	if _, err := m.c.store.Add(twin); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, refreshMsg{})
	n := m.c.store.Len()
	// The filter finds the two (and no one else) before anything else.
	m = press(t, m, "/")
	m = typeText(t, m, "is:twin")
	var twins []string
	for _, i := range m.browse.visible {
		twins = append(twins, m.browse.ix.entries[i].d.Title)
	}
	slices.Sort(twins)
	if !slices.Equal(twins, []string{"Eleanor Vance", "Vance, Eleanor"}) {
		t.Fatalf("is:twin shows %v", twins)
	}
	m = press(t, m, "esc")
	for m.browse.selected().Title != "Eleanor Vance" {
		m = press(t, m, "j")
	}
	m = press(t, m, "M")
	mustContain(t, view(m), "Merge into Eleanor Vance: the same person?", "same email  Vance, Eleanor  contact", "enter merges it into Eleanor Vance, after asking")
	m = press(t, m, "enter")
	mustContain(t, view(m), "Merge Vance, Eleanor into Eleanor Vance?")
	m = press(t, m, "y")
	mustContain(t, view(m), "merged Vance, Eleanor into Eleanor Vance")
	if m.c.store.Len() != n-1 {
		t.Fatalf("after the merge: %d dossiers, want %d", m.c.store.Len(), n-1)
	}
	if d := m.browse.selected(); d == nil || d.Title != "Eleanor Vance" {
		t.Fatalf("selected after the merge: %v", d)
	} else if f, ok := d.Field("Assistant"); !ok || f.Value != "Mara" {
		t.Fatalf("the merged dossier lacks the twin's field: %+v", d.Fields)
	}

	for m.browse.selected().Title != "Household alarm codes" {
		m = press(t, m, "j")
	}
	m = press(t, m, "M")
	if m.browse.pick != nil {
		t.Fatal("M opened an empty list")
	}
	mustContain(t, view(m), "no other dossier shares a title, an email or a phone with Household alarm codes")
}

// TestRelated_Household: a family writes its own by first names. A client
// or contact whose notes or fields say "Husband: Robert" names Robert of
// its family name, by a capitalised whole word, and not a secret's value,
// another family's Robert, Roberta, or "her will" for Will.
func TestRelated_Household(t *testing.T) {
	person := func(title string, kind vault.Kind, notes string, fields ...vault.Field) vault.Dossier {
		d := vault.New(title, kind)
		d.Fields, d.Notes = fields, notes
		return d
	}
	list := []vault.Dossier{
		person("Eleanor Vance", vault.KindClient, "Husband: Robert. Children: Sofia (12) and MAX (9).\nHer will is with the solicitor."),
		person("Robert Vance", vault.KindClient, "Wife: Eleanor", vault.Field{Label: "Memorable word", Value: "Sofia", Secret: true}),
		person("Sofia Vance", vault.KindContact, ""),
		person("Max Vance", vault.KindContact, ""),
		person("Will Vance", vault.KindContact, ""),
		person("Roberta Vance", vault.KindClient, ""),
		person("Robert Smith", vault.KindClient, ""),
		person("Vance Robert Trust", vault.KindVendor, ""),
		person("Dr Amara Okafor", vault.KindContact, ""),
		person("Vance, Clara", vault.KindContact, "Brother: Robert"), // as some address books file people
		person("Dr. Femi Okafor Jr", vault.KindContact, "", vault.Field{Label: "Sister", Value: "Amara"}),
	}
	ix := buildIndex(list, nil, time.Now(), 0)
	titles := newTitleIndex(ix.entries)
	at := map[string]int{}
	for i := range ix.entries {
		at[ix.entries[i].d.Title] = i
	}
	of := func(js []int) []string {
		var out []string
		for _, j := range js {
			out = append(out, ix.entries[j].d.Title)
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		title          string
		names, namedBy []string
	}{
		{"Eleanor Vance", []string{"Max Vance", "Robert Vance", "Sofia Vance"}, []string{"Robert Vance"}},
		{"Robert Vance", []string{"Eleanor Vance"}, []string{"Eleanor Vance", "Vance, Clara"}},
		{"Vance, Clara", []string{"Robert Vance"}, nil},
		{"Sofia Vance", nil, []string{"Eleanor Vance"}},
		{"Will Vance", nil, nil},
		{"Roberta Vance", nil, nil},
		{"Robert Smith", nil, nil},
		{"Dr. Femi Okafor Jr", []string{"Dr Amara Okafor"}, nil},
		{"Dr Amara Okafor", nil, []string{"Dr. Femi Okafor Jr"}},
	} {
		names, namedBy := relatedOf(ix.entries, &titles, at[tc.title])
		if got := of(names); !slices.Equal(got, tc.names) {
			t.Errorf("%s names %q, want %q", tc.title, got, tc.names)
		}
		if got := of(namedBy); !slices.Equal(got, tc.namedBy) {
			t.Errorf("%s is named by %q, want %q", tc.title, got, tc.namedBy)
		}
	}
}

// FuzzNamesFirst checks namesFirstIn against splitting the text into
// words.
func FuzzNamesFirst(f *testing.F) {
	f.Add("Husband: Robert. Her will", "Robert")
	f.Add("ROBERT roberta Robertson", "robert")
	f.Add("Ölaf\xff İstanbul ǅemal", "ǆemal")
	f.Fuzz(func(t *testing.T, text, first string) {
		want := false
		for _, w := range relatedWords(text) {
			if unicode.IsUpper(firstRune(w)) && strings.EqualFold(w, first) {
				want = true
			}
		}
		if got := namesFirstIn(text, first); got != want {
			t.Errorf("namesFirstIn(%q, %q) = %v, want %v", text, first, got, want)
		}
	})
}
