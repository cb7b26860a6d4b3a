package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"confidant/vault"
)

// sampleList returns n dossiers of about 1 KiB each, deterministically
// (but for their random IDs), as the store would hold them.
func sampleList(n int) []vault.Dossier {
	rng := rand.New(rand.NewPCG(1, 2))
	first := []string{"Eleanor", "Marco", "Amara", "Kenji", "Sofia", "Rosalind", "Theo", "Ines", "Yusuf", "Clara", "Dmitri", "Priya"}
	last := []string{"Vance", "Bellini", "Okafor", "Tanaka", "Alvarez", "Whitfield", "Moreau", "Castell", "Haddad", "Lindqvist", "Petrov", "Rao"}
	words := strings.Fields("prefers aisle seats allergic shellfish driver weekdays only call before nine assistant handles diary board meeting " +
		"quarterly travel london geneva singapore villa staff keys gardener school pickup charity gala dinner reservation")
	kinds := vault.Kinds
	base := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	list := make([]vault.Dossier, 0, n)
	for i := range n {
		k := kinds[i%len(kinds)]
		title := fmt.Sprintf("%s %s %d", first[rng.IntN(len(first))], last[rng.IntN(len(last))], i)
		d := vault.New(title, k)
		for j := range d.Fields {
			switch d.Fields[j].Type {
			case vault.TypeEmail:
				d.Fields[j].Value = fmt.Sprintf("person%d@example.com", i)
			case vault.TypePhone:
				d.Fields[j].Value = fmt.Sprintf("+44 20 7946 %04d", i%10000)
			case vault.TypeDate:
				d.Fields[j].Value = "2027-01-15"
			case vault.TypeURL:
				d.Fields[j].Value = "https://example.com/" + fmt.Sprint(i)
			default:
				d.Fields[j].Value = words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]
			}
		}
		var notes strings.Builder
		for notes.Len() < 700 {
			notes.WriteString(words[rng.IntN(len(words))])
			notes.WriteByte(' ')
		}
		d.Notes = notes.String()
		d.Tags = []string{words[rng.IntN(len(words))], "tier" + fmt.Sprint(i%5)}
		d.ID = vault.NewID()
		d.Version = 1
		d.Created = base.Add(time.Duration(i) * time.Hour)
		d.Updated = d.Created.Add(time.Duration(rng.IntN(1000)) * time.Hour)
		list = append(list, d)
	}
	return list
}

// fillStore adds n dossiers of about 1 KiB each to s, deterministically.
func fillStore(tb testing.TB, s *vault.Store, n int) {
	tb.Helper()
	for _, d := range sampleList(n) {
		d.ID, d.Version, d.Created, d.Updated = vault.ID{}, 0, time.Time{}, time.Time{}
		if _, err := s.Add(d); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkIndexRebuild measures building the main list's index of 10,000
// dossiers from nothing, as after unlocking.
func BenchmarkIndexRebuild(b *testing.B) {
	list := sampleList(10000)
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		var ix index
		ix.rebuild(list, now)
	}
}

// BenchmarkFilterKeystroke measures one keystroke in the filter of a
// 10,000-dossier vault: Update (re-filter) and View (re-render). A frame is
// 16 ms.
func BenchmarkFilterKeystroke(b *testing.B) {
	clk := newClock()
	s := newTestStore(b, clk)
	start := time.Now()
	fillStore(b, s, 10000)
	b.Logf("filled 10,000 dossiers in %s", time.Since(start).Round(time.Millisecond))
	m := newTestModel(b, s, clk, 120, 40)
	m.screen = screenMain
	m = send(b, m, runCmd(m.browse.refresh(vault.ID{}))...)
	m = press(b, m, "/")
	m = typeText(b, m, "ro")
	keys := []string{"s", "backspace", "a", "backspace"}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		m = send(b, m, keyMsg(keys[i%len(keys)]))
		_ = m.View()
		i++
	}
	b.StopTimer()
	if len(m.browse.ix.entries) != 10000 {
		b.Fatalf("%d entries", len(m.browse.ix.entries))
	}
}

// BenchmarkFilterScan measures the filter alone over 10,000 dossiers with
// nothing memoized, so that every query scans every dossier: the worst
// keystroke.
func BenchmarkFilterScan(b *testing.B) {
	list := sampleList(10000)
	var ix index
	ix.rebuild(list, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	queries := []query{parseQuery("r"), parseQuery("ro"), parseQuery("vance"), parseQuery("gala din"), parseQuery("#tier1 ros"), parseQuery("qz")}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.memo = nil
		_ = ix.filter(queries[i%len(queries)], sortTitle)
		i++
	}
}

// BenchmarkLogView draws the access log screen holding 10,000 events (as
// after a large import), at 120x40: a frame, drawn after every key.
func BenchmarkLogView(b *testing.B) {
	m, _ := mainModel(b, 120, 40)
	l := logScreen{c: m.c, titles: map[vault.ID]string{}}
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for range 10000 {
		l.events = append(l.events, vault.Event{Time: at, Action: vault.ActImported, Dossier: vault.NewID(), Detail: "handoff.age"})
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = l.View()
	}
}

// hugeNotesModel returns the main screen at 120×40 with a dossier selected
// whose notes are 900 KB of words, a line break every breakEvery words (0:
// one line).
func hugeNotesModel(b *testing.B, breakEvery int) model {
	m, _ := mainModel(b, 120, 40)
	d := vault.New("Huge notes", vault.KindNote)
	words := strings.Fields("client meeting travel passport visa hotel flight dinner board confidential merger budget")
	var notes strings.Builder
	for i := 0; notes.Len() < 900_000; i++ {
		notes.WriteString(words[i*7%len(words)])
		notes.WriteByte(' ')
		if breakEvery > 0 && i%breakEvery == breakEvery-1 {
			notes.WriteByte('\n')
		}
	}
	d.Notes = notes.String()
	// A password, which the editor checks against the notes as it draws.
	d.Fields = append(d.Fields, vault.Field{Label: "Password", Value: "x7#Kq9!mZ2-pL4vw", Type: vault.TypePassword, Secret: true})
	if _, err := m.c.store.Add(d); err != nil {
		b.Fatal(err)
	}
	m = press(b, m, "ctrl+l")
	m = typeText(b, m, testPass)
	m = press(b, m, "enter", "/")
	m = typeText(b, m, "huge")
	m = press(b, m, "enter")
	if !strings.Contains(view(m), "NOTES") {
		b.Fatalf("the notes are not on screen:\n%s", view(m))
	}
	return m
}

// BenchmarkDetailHugeNotes: a keystroke (down, then up, through the fields)
// with a dossier selected whose notes are 900 KB of words, and a frame drawn
// after each.
func BenchmarkDetailHugeNotes(b *testing.B) {
	m := hugeNotesModel(b, 0)
	b.ReportAllocs()
	keys := []string{"j", "k"}
	i := 0
	for b.Loop() {
		m = press(b, m, keys[i%2])
		_ = m.View()
		i++
	}
}

// BenchmarkFormHugeNotes: a letter typed into the title in the editor of a
// dossier whose notes are 900 KB of words, and the frame after it.
func BenchmarkFormHugeNotes(b *testing.B) {
	m := press(b, hugeNotesModel(b, 12), "e")
	if m.screen != screenForm {
		b.Fatalf("not editing:\n%s", view(m))
	}
	b.ReportAllocs()
	for b.Loop() {
		m = typeText(b, m, "x")
		_ = m.View()
	}
}

// BenchmarkRelated measures working out, for a newly selected dossier of a
// 10,000-dossier vault, the dossiers its notes name and those naming it:
// once per selection (browse.related caches it), in View.
func BenchmarkRelated(b *testing.B) {
	list := sampleList(10000)
	for i := range list {
		list[i].Notes += "Husband: " + list[(i+1)%len(list)].Title + "."
	}
	var ix index
	ix.rebuild(list, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	titles := newTitleIndex(ix.entries)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		names, namedBy := relatedOf(ix.entries, &titles, i%len(list))
		if len(names) == 0 || len(namedBy) == 0 {
			b.Fatalf("dossier %d: names %v, named by %v", i, names, namedBy)
		}
		i += 7
	}
}

// BenchmarkTitleIndex measures indexing 10,000 titles to find them in
// notes: once per index, on the first look at a dossier's related ones.
func BenchmarkTitleIndex(b *testing.B) {
	var ix index
	ix.rebuild(sampleList(10000), time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	b.ReportAllocs()
	for b.Loop() {
		newTitleIndex(ix.entries)
	}
}
