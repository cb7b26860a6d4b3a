package vault

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

var lazyPassphrase = []byte("lazy test passphrase")

// lazyVault makes a vault of n dossiers, closes it and returns its path.
func lazyVault(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.db")
	s, err := Create(path, lazyPassphrase, CreateOptions{WorkFactor: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		d := New(fmt.Sprintf("Client %03d", i), KindNote)
		d.Notes = fmt.Sprintf("notes of client %d", i)
		d.Tags = []string{"t" + fmt.Sprint(i%3)}
		if _, err := s.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func unlockLazy(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Unlock(lazyPassphrase); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *Store) loadedCount() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, l := range s.loaded {
		if l {
			n++
		}
	}
	return n
}

func summaryTitles(l []Summary) []string {
	var out []string
	for _, x := range l {
		out = append(out, x.Title)
	}
	return out
}

func dossierTitles(l []Dossier) []string {
	var out []string
	for _, x := range l {
		out = append(out, x.Title)
	}
	return out
}

// TestLazy_ReadsOnlyWhatIsNeeded: unlocking reads the summaries and no
// shard; listing summaries, resolving and showing one dossier, and changing
// one read only that dossier's shard; List and Search read them all.
func TestLazy_ReadsOnlyWhatIsNeeded(t *testing.T) {
	path := lazyVault(t, 60)
	s := unlockLazy(t, path)
	if n := s.loadedCount(); n != 0 {
		t.Fatalf("after Unlock %d shards are decrypted, want 0", n)
	}
	if s.Len() != 60 || len(mustSummaries(t, s)) != 60 {
		t.Fatalf("Len %d, Summaries %d, want 60", s.Len(), len(mustSummaries(t, s)))
	}
	d, err := s.Resolve("client 042")
	if err != nil || d.Notes != "notes of client 42" {
		t.Fatalf("Resolve = %q, %v", d.Notes, err)
	}
	if n := s.loadedCount(); n != 1 {
		t.Fatalf("after Resolve %d shards are decrypted, want 1", n)
	}
	other := mustSummaries(t, s)[7]
	cur, err := s.Get(other.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Notes = "changed"
	if _, err := s.Save(cur); err != nil {
		t.Fatal(err)
	}
	want := 2
	if other.ID[0] == d.ID[0] {
		want = 1
	}
	if n := s.loadedCount(); n != want {
		t.Fatalf("after a Save %d shards are decrypted, want %d", n, want)
	}
	if got := s.Search("changed"); len(got) != 1 || got[0].ID != other.ID {
		t.Fatalf("Search found %v", dossierTitles(got))
	}
	if n := s.loadedCount(); n != 256 {
		t.Fatalf("after Search %d shards are decrypted, want 256", n)
	}
	if !slices.Equal(summaryTitles(mustSummaries(t, s)), dossierTitles(s.List())) {
		t.Fatal("Summaries and List disagree")
	}
}

// TestLazy_SummariesFollowWrites: after each kind of write, in the same
// process and after reopening, the summaries name what List names, with the
// same titles, tags and versions.
func TestLazy_SummariesFollowWrites(t *testing.T) {
	path := lazyVault(t, 20)
	s := unlockLazy(t, path)
	check := func(when string, s *Store) {
		t.Helper()
		sums := mustSummaries(t, s)
		list := s.List()
		if len(sums) != len(list) {
			t.Fatalf("%s: %d summaries, %d dossiers", when, len(sums), len(list))
		}
		for i := range sums {
			if sums[i].ID != list[i].ID || sums[i].Title != list[i].Title || sums[i].Version != list[i].Version ||
				!slices.Equal(sums[i].Tags, list[i].Tags) || !slices.Equal(sums[i].Dates, list[i].Dates) {
				t.Fatalf("%s: summary %+v, dossier %+v", when, sums[i], list[i])
			}
		}
	}
	first := mustSummaries(t, s)[0]
	d, err := s.Get(first.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.Title = "Aardvark renamed"
	d.Tags = append(d.Tags, "renamed")
	if _, err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(mustSummaries(t, s)[5].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(New("Zebra new", KindContact)); err != nil {
		t.Fatal(err)
	}
	check("in the same process", s)
	s.Close()
	s = unlockLazy(t, path)
	if s.Len() != 20 || mustSummaries(t, s)[0].Title != "Aardvark renamed" {
		t.Fatalf("after reopening: %d dossiers, first %q", s.Len(), mustSummaries(t, s)[0].Title)
	}
	check("after reopening", s)
}

// TestLazy_Format1: a vault written before summaries existed opens (every
// shard read whole), and its first write makes it format 2, after which an
// older program refuses it.
func TestLazy_Format1(t *testing.T) {
	path := lazyVault(t, 30)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketSummaries); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyFormat, []byte("1"))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s := unlockLazy(t, path)
	if s.Len() != 30 || len(mustSummaries(t, s)) != 30 || len(s.List()) != 30 {
		t.Fatalf("format 1: Len %d, Summaries %d, List %d, want 30", s.Len(), len(mustSummaries(t, s)), len(s.List()))
	}
	format := func() string {
		var f string
		if err := s.view(func(tx *bolt.Tx) error {
			f = string(tx.Bucket(bucketMeta).Get(keyFormat))
			if tx.Bucket(bucketSummaries) == nil && f != "1" {
				t.Errorf("format %s without summaries", f)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return f
	}
	if f := format(); f != "1" {
		t.Fatalf("reading a format 1 vault changed its format to %s", f)
	}
	if _, err := s.Add(New("Added after", KindNote)); err != nil {
		t.Fatal(err)
	}
	if f := format(); f != fmt.Sprint(FormatVersion) {
		t.Fatalf("after a write the format is %s, want %d", f, FormatVersion)
	}
	s.Close()
	s = unlockLazy(t, path)
	if s.Len() != 31 || len(s.List()) != 31 || !slices.Equal(summaryTitles(mustSummaries(t, s)), dossierTitles(s.List())) {
		t.Fatalf("after the upgrade: Len %d, List %d", s.Len(), len(s.List()))
	}
}

// FuzzContainsFold checks the search's folding against the plain
// definition: Fold(s) contains the folded term. It also checks that Fold is
// FoldIndex, that FoldIndex says where each byte came from, and that Fold
// lowercases ASCII as strings.ToLower does.
func FuzzContainsFold(f *testing.F) {
	for _, c := range [][2]string{{"Passport expiry", "port"}, {"ÉLODIE", "élodie"}, {"\u212a", "k"},
		{"quince jam", "QUINCE"}, {"", ""}, {"ab", "abc"}, {"İstanbul", "i̇st"}, {"Müller & Söhne", "muller"},
		{"Straße", "strasse"}, {"Jose\u0301", "josé"}, {"\xc3", "\xc3"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, s, term string) {
		folded, from := FoldIndex(s)
		if Fold(s) != folded || len(from) != len(folded)+1 || from[len(folded)] != len(s) {
			t.Fatalf("FoldIndex(%q) = %q, %v; Fold: %q", s, folded, from, Fold(s))
		}
		starts := map[int]bool{len(s): true}
		for i := range s {
			starts[i] = true
		}
		for k := range from {
			if !starts[from[k]] || k > 0 && from[k] < from[k-1] {
				t.Fatalf("FoldIndex(%q): from %v", s, from)
			}
		}
		if isASCII(s) && Fold(s) != strings.ToLower(s) {
			t.Fatalf("Fold(%q) = %q", s, Fold(s))
		}
		term = Fold(term)
		if got, want := containsFold(s, term), strings.Contains(Fold(s), term); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, want %v", s, term, got, want)
		}
	})
}

func mustSummaries(t testing.TB, s *Store) []Summary {
	t.Helper()
	l, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	return l
}
