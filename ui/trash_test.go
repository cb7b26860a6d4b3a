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
	m = press(t, m, "x")
	mustContain(t, view(m), "Delete Anna Erased for good, with its history and files?")
	m = press(t, m, "y")
	mustContain(t, view(m), "deleted Anna Erased for good", "Bruno Kept")
	mustNotContain(t, strings.ReplaceAll(view(m), "deleted Anna Erased for good", ""), "Anna Erased")
	if tr, err := s.Trash(); err != nil || len(tr) != 1 || tr[0].Dossier.ID != ids[1] {
		t.Fatalf("the trash: %+v, %v", tr, err)
	}
}
