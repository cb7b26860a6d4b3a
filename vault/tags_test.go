package vault_test

import (
	"errors"
	"slices"
	"testing"

	"confidant/vault"
)

// TestStore_RenameTag: a tag renamed in every dossier that carries it, in
// any case, each as a new version; merged where a dossier carries both;
// taken away with an empty name; Tags counts them.
func TestStore_RenameTag(t *testing.T) {
	s := newTestStore(t)
	add := func(title string, tags ...string) vault.ID {
		d := vault.New(title, vault.KindClient)
		d.Tags = tags
		d, err := s.Add(d)
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	a := add("Ana", "vip", "board")
	b := add("Bruno", "VIP")
	c := add("Carla", "family")
	tags := func(id vault.ID) []string {
		d, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Tags
	}
	counts, err := s.Tags()
	if err != nil || !slices.Equal(counts, []vault.TagCount{{"VIP", 2}, {"board", 1}, {"family", 1}}) && !slices.Equal(counts, []vault.TagCount{{"vip", 2}, {"board", 1}, {"family", 1}}) {
		t.Fatalf("Tags() = %v, %v", counts, err)
	}

	if n, err := s.RenameTag("Vip", "key clients"); n != 2 || err != nil {
		t.Fatalf("RenameTag = %d, %v; want 2", n, err)
	}
	if !slices.Equal(tags(a), []string{"key clients", "board"}) || !slices.Equal(tags(b), []string{"key clients"}) || !slices.Equal(tags(c), []string{"family"}) {
		t.Errorf("tags after the rename: %q %q %q", tags(a), tags(b), tags(c))
	}
	if h, err := s.History(a); err != nil || len(h) != 2 || !slices.Equal(h[1].Tags, []string{"vip", "board"}) { // newest first
		t.Errorf("history of Ana: %+v, %v; want the old tags kept", h, err)
	}
	// Into a tag the dossier has already: one of them stays.
	if n, err := s.RenameTag("board", "Key Clients"); n != 1 || err != nil {
		t.Fatalf("RenameTag = %d, %v; want 1", n, err)
	}
	if !slices.Equal(tags(a), []string{"key clients"}) {
		t.Errorf("Ana's tags after the merge: %q", tags(a))
	}
	// An empty name takes it away; a tag nobody has changes nothing.
	if n, err := s.RenameTag("family", ""); n != 1 || err != nil || len(tags(c)) != 0 {
		t.Errorf("RenameTag(family, \"\") = %d, %v; tags %q", n, err, tags(c))
	}
	if n, err := s.RenameTag("nobody", "x"); n != 0 || err != nil {
		t.Errorf("RenameTag of a tag nobody has = %d, %v", n, err)
	}
	for _, bad := range [][2]string{{"", "x"}, {"key clients", "a,b"}, {"key clients", "a\nb"}} {
		if _, err := s.RenameTag(bad[0], bad[1]); !errors.Is(err, vault.ErrInvalid) {
			t.Errorf("RenameTag(%q, %q) = %v, want ErrInvalid", bad[0], bad[1], err)
		}
	}
	counts, _ = s.Tags()
	if !slices.Equal(counts, []vault.TagCount{{"key clients", 2}}) {
		t.Errorf("Tags() = %v", counts)
	}
	s.Lock()
	if _, err := s.RenameTag("key clients", "x"); !errors.Is(err, vault.ErrLocked) {
		t.Errorf("RenameTag while locked = %v", err)
	}
}

// TestStore_TagAll: the dossiers named get the tag in one write, a new
// version each; one that carries it in any case is left as it is; an ID
// of no dossier, or a tag that is not one, writes nothing.
func TestStore_TagAll(t *testing.T) {
	s := newTestStore(t)
	var ids []vault.ID
	for _, c := range []struct {
		title string
		tags  []string
	}{{"Ana", nil}, {"Bruno", []string{"Vance-Household"}}, {"Carla", []string{"board"}}} {
		d := vault.New(c.title, vault.KindClient)
		d.Tags = c.tags
		d, err := s.Add(d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if n, err := s.TagAll(ids, " vance-household "); n != 2 || err != nil {
		t.Fatalf("TagAll = %d, %v; want 2", n, err)
	}
	for i, want := range [][]string{{"vance-household"}, {"Vance-Household"}, {"board", "vance-household"}} {
		d, _ := s.Get(ids[i])
		if !slices.Equal(d.Tags, want) || d.Version != map[bool]uint64{true: 1, false: 2}[i == 1] {
			t.Errorf("%s: tags %q, version %d", d.Title, d.Tags, d.Version)
		}
	}
	for _, c := range []struct {
		ids []vault.ID
		tag string
		err error
	}{{append(ids[:1:1], vault.NewID()), "new", vault.ErrNotFound}, {ids, "a,b", vault.ErrInvalid}, {ids, " ", vault.ErrInvalid}} {
		if n, err := s.TagAll(c.ids, c.tag); n != 0 || !errors.Is(err, c.err) {
			t.Errorf("TagAll(%q) = %d, %v; want %v", c.tag, n, err, c.err)
		}
	}
	if d, _ := s.Get(ids[0]); d.Version != 2 || slices.Contains(d.Tags, "new") {
		t.Errorf("a refused TagAll changed %s: %q, version %d", d.Title, d.Tags, d.Version)
	}
}
