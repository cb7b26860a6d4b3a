package vault_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"confidant/vault"
)

// TestStore_Merge: one person brought in twice is folded into one dossier
// in one write: the other's fields, dates, tags and notes join, a label
// held with another value as "Label (2)", nothing repeated; the kept one
// is a new version (its old one in the history), the other is in the
// trash and comes back from it. A dossier and itself is refused and
// nothing changes. Attachments: TestStore_MergeAttachments.
func TestStore_Merge(t *testing.T) {
	s, c := newClockStore(t)
	day := func(s string) vault.Date { d, _ := vault.ParseDay(s); return vault.Date{On: d} }
	birthday, anniversary := day("1968-04-02"), day("1994-06-18")
	birthday.Label, anniversary.Label = "Birthday", "Anniversary"
	keep, err := s.Add(vault.Dossier{Title: "Eleanor Vance", Kind: vault.KindClient, Tags: []string{"vip"}, Notes: "Prefers aisle seats.",
		Fields: []vault.Field{{Label: "Phone", Value: "+44 20 7946 0958", Type: vault.TypePhone}, {Label: "Email", Value: "eleanor@vance.example", Type: vault.TypeEmail}},
		Dates:  []vault.Date{birthday}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Add(vault.Dossier{Title: "Vance, Eleanor", Kind: vault.KindContact, Tags: []string{"VIP", "london"}, Notes: "Husband: Robert.",
		Fields: []vault.Field{{Label: "Mobile", Value: "+44 7700 900123", Type: vault.TypePhone}, {Label: "phone", Value: "+44 20 7946 0000", Type: vault.TypePhone},
			{Label: "Email", Value: "eleanor@vance.example", Type: vault.TypeEmail}},
		Dates: []vault.Date{birthday, anniversary}})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := s.Merge(keep.ID, keep.ID); !errors.Is(err, vault.ErrInvalid) {
		t.Fatalf("a dossier into itself: %v", err)
	}
	merged, err := s.Merge(keep.ID, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	s = reopenClock(t, s, c)
	got, err := s.Get(keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, f := range got.Fields {
		labels = append(labels, f.Label+"="+f.Value)
	}
	wantLabels := []string{"Phone=+44 20 7946 0958", "Email=eleanor@vance.example", "Mobile=+44 7700 900123", "phone (2)=+44 20 7946 0000"}
	if !slices.Equal(labels, wantLabels) || got.Version != keep.Version+1 || got.Version != merged.Version {
		t.Errorf("merged fields %v (version %d), want %v", labels, got.Version, wantLabels)
	}
	if !slices.Equal(got.Tags, []string{"vip", "london"}) || got.Notes != "Prefers aisle seats.\n\nHusband: Robert." || len(got.Dates) != 2 || got.Kind != vault.KindClient {
		t.Errorf("merged: tags %v, notes %q, %d dates, kind %s", got.Tags, got.Notes, len(got.Dates), got.Kind)
	}
	if _, err := s.Get(other.ID); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the other is still in the list: %v", err)
	}
	if h, err := s.History(keep.ID); err != nil || len(h) != 2 {
		t.Errorf("history of the kept dossier: %d versions, %v", len(h), err)
	}
	back, err := s.RestoreTrash(other.ID)
	if err != nil || back.Title != "Vance, Eleanor" || len(back.Fields) != 3 {
		t.Fatalf("the other back from the trash: %+v, %v", back, err)
	}
}

// TestStore_MergeAttachments: the other dossier's files come along, copied:
// one whose content the kept dossier holds is not repeated, one whose name
// it holds comes in as "name (2).ext", and each opens to its content.
// Emptying the trash of the other takes its own files and none of the
// kept dossier's copies; a damaged file refuses the merge.
func TestStore_MergeAttachments(t *testing.T) {
	s := newTestStore(t)
	keep, err := s.Add(vault.New("Eleanor Vance", vault.KindClient))
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Add(vault.New("Vance, Eleanor", vault.KindContact))
	if err != nil {
		t.Fatal(err)
	}
	attach := func(id vault.ID, name, data string) {
		t.Helper()
		if _, err := s.Attach(id, name, "application/pdf", []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	attach(keep.ID, "scan.pdf", "%PDF passport")
	attach(other.ID, "scan.pdf", "%PDF visa")
	attach(other.ID, "passport.pdf", "%PDF passport") // keep has it as scan.pdf
	attach(other.ID, "insurance", "policy 7731")
	merged, err := s.Merge(keep.ID, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range merged.Attachments {
		names = append(names, a.Name)
	}
	if want := []string{"scan.pdf", "scan (2).pdf", "insurance"}; !slices.Equal(names, want) {
		t.Fatalf("merged attachments %v, want %v", names, want)
	}
	if n, err := s.EmptyTrash(); n != 1 || err != nil {
		t.Fatalf("emptying the trash: %d, %v", n, err)
	}
	for name, want := range map[string]string{"scan.pdf": "%PDF passport", "scan (2).pdf": "%PDF visa", "insurance": "policy 7731"} {
		if data, _, err := s.Attachment(keep.ID, name); err != nil || string(data) != want {
			t.Errorf("%s after the other was purged: %q, %v", name, data, err)
		}
	}
	if r, err := s.Verify(); err != nil || !r.OK() {
		t.Errorf("verify after the merge and purge: %+v, %v", r, err)
	}

	third, err := s.Add(vault.New("E. Vance", vault.KindContact))
	if err != nil {
		t.Fatal(err)
	}
	attach(third.ID, "many.txt", "x")
	for i := range 256 - len(merged.Attachments) {
		attach(keep.ID, fmt.Sprintf("f%d", i), fmt.Sprint(i))
	}
	before, _ := s.Get(keep.ID)
	if _, err := s.Merge(keep.ID, third.ID); !errors.Is(err, vault.ErrInvalid) || !strings.Contains(err.Error(), "detach some first") {
		t.Errorf("a merge past 256 attachments: %v", err)
	}
	if got, _ := s.Get(keep.ID); got.Version != before.Version || s.Len() != 2 {
		t.Errorf("a refused merge changed the vault: version %d, %d dossiers", got.Version, s.Len())
	}

	// A file of the other that cannot be read refuses the merge, naming it.
	fourth, err := s.Add(vault.New("Vance", vault.KindContact))
	if err != nil {
		t.Fatal(err)
	}
	attach(fourth.ID, "visa.pdf", "%PDF visa 2")
	fourth, _ = s.Get(fourth.ID)
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		flip(t, tx, "attachments", fourth.Attachments[0].ID[:])
		return nil
	})
	s = openUnlocked(t, path, nil)
	if _, err := s.Merge(third.ID, fourth.ID); !errors.Is(err, vault.ErrDamaged) || !strings.Contains(err.Error(), `"visa.pdf"`) {
		t.Errorf("merging a damaged file: %v", err)
	}
	if got, _ := s.Get(third.ID); len(got.Attachments) != 1 || s.Len() != 3 {
		t.Errorf("a refused merge changed the vault: %d attachments, %d dossiers", len(got.Attachments), s.Len())
	}
}
