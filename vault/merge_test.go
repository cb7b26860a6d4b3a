package vault_test

import (
	"errors"
	"slices"
	"testing"

	"confidant/vault"
)

// TestStore_Merge: one person brought in twice is folded into one dossier
// in one write: the other's fields, dates, tags and notes join, a label
// held with another value as "Label (2)", nothing repeated; the kept one
// is a new version (its old one in the history), the other is in the
// trash and comes back from it. A dossier with attachments, or a dossier
// and itself, is refused and nothing changes.
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
	scanned, err := s.Add(vault.New("Eleanor's passport", vault.KindTravel))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Attach(scanned.ID, "passport.pdf", "application/pdf", []byte("%PDF")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Merge(keep.ID, scanned.ID); !errors.Is(err, vault.ErrInvalid) {
		t.Fatalf("a dossier with an attachment merged away: %v", err)
	}
	if got, _ := s.Get(keep.ID); got.Version != keep.Version || s.Len() != 3 {
		t.Fatalf("a refused merge changed the vault: version %d, %d dossiers", got.Version, s.Len())
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
