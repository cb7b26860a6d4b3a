package ui

import (
	"strings"
	"testing"

	"confidant/vault"
)

// TestTrash_PurgeOne: x on the trash screen deletes the dossier under the
// cursor for good, after asking, and leaves the rest of the trash.
func TestTrash_PurgeOne(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	s := m.c.store
	var ids []vault.ID
	for _, title := range []string{"Anna Erased", "Bruno Kept"} {
		d, err := s.Add(vault.New(title, vault.KindClient))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(d.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	m = press(t, m, "T")
	mustContain(t, view(m), "Anna Erased", "Bruno Kept", "x delete for good")
	for m.trash.items[m.trash.cursor].Dossier.ID != ids[0] { // the order is the deletion time's
		m = press(t, m, "j")
	}
	m = press(t, m, "x")
	mustContain(t, view(m), "Delete Anna Erased for good, with its history and files?")
	m = press(t, m, "y")
	mustContain(t, view(m), "deleted Anna Erased for good", "Bruno Kept")
	mustNotContain(t, strings.ReplaceAll(view(m), "deleted Anna Erased for good", ""), "Anna Erased")
	if tr, err := s.Trash(); err != nil || len(tr) != 1 || tr[0].Dossier.ID != ids[1] {
		t.Fatalf("the trash: %+v, %v", tr, err)
	}
}

// TestHistory_Forget: X on the history screen forgets the earlier
// versions, after asking; the current one stays.
func TestHistory_Forget(t *testing.T) {
	m, _ := mainModel(t, 100, 30)
	s := m.c.store
	d, err := s.Add(vault.New("Aaron Early", vault.KindClient))
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range []string{"another client's diagnosis, by mistake", "fixed"} {
		d.Notes = note
		if d, err = s.Save(d); err != nil {
			t.Fatal(err)
		}
	}
	h, cmd := newHistory(m.c, d.ID)
	m.history, m.screen = h, screenHistory
	m = send(t, m, runCmd(cmd)...)
	mustContain(t, view(m), "X forget earlier versions")
	m = press(t, m, "X")
	mustContain(t, view(m), "Forget the 2 earlier versions of Aaron Early for good?")
	m = press(t, m, "y")
	mustContain(t, view(m), "forgot 2 earlier versions")
	if vs, err := s.History(d.ID); err != nil || len(vs) != 1 || vs[0].Notes != "fixed" {
		t.Fatalf("history after: %d versions, %v", len(vs), err)
	}
	if len(m.history.versions) != 1 {
		t.Errorf("the screen lists %d versions", len(m.history.versions))
	}
}
