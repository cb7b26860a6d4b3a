package vault_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"confidant/vault"
)

func TestStore_Resolve(t *testing.T) {
	s := newTestStore(t)
	idA, _ := vault.ParseID("abcd0000000000000000000000000001")
	idB, _ := vault.ParseID("abcd0000000000000000000000000002")
	idC, _ := vault.ParseID("12340000000000000000000000000003")
	idD, _ := vault.ParseID("cafe0000000000000000000000000004")
	a := addAs(t, s, idA, vault.New("Eleanor Vance", vault.KindClient))
	b := addAs(t, s, idB, vault.New("Twin", vault.KindClient))
	addAs(t, s, idC, vault.New("twin", vault.KindContact))
	// A title that is also an ID prefix of another dossier.
	d := addAs(t, s, idD, vault.New("abcd0000000000000000000000000002x", vault.KindNote))
	e := addAs(t, s, vault.NewID(), vault.New("beef", vault.KindNote))
	f := addAs(t, s, vault.NewID(), vault.New("Amélie Poulain", vault.KindContact))
	for i := range 6 {
		addAs(t, s, vault.NewID(), vault.New(fmt.Sprintf("Meeting minutes %d", i), vault.KindNote))
	}

	for _, tc := range []struct {
		name, ref string
		want      vault.ID
		err       error
	}{
		{"full ID", idA.String(), a.ID, nil},
		{"full ID upper case", "ABCD0000000000000000000000000001", a.ID, nil},
		{"full ID with spaces", "  " + idB.String() + "\n", b.ID, nil},
		{"unique prefix", "1234", idC, nil},
		{"longer unique prefix", "abcd00000000000000000000000000", vault.ID{}, vault.ErrAmbiguous},
		{"prefix upper case", "CAFE", d.ID, nil},
		{"ambiguous prefix", "abcd", vault.ID{}, vault.ErrAmbiguous},
		{"prefix too short", "abc", vault.ID{}, vault.ErrNotFound},
		{"title", "Eleanor Vance", a.ID, nil},
		{"title any case", "eLEANOR vANCE", a.ID, nil},
		{"title that looks like hex", "beef", e.ID, nil},
		{"title of another's prefix", "abcd0000000000000000000000000002X", d.ID, nil},
		{"ambiguous title", "TWIN", vault.ID{}, vault.ErrAmbiguous},
		{"part of a title", "Eleanor", vault.ID{}, vault.ErrNotFound},
		{"title without its accents", "amelie POULAIN", f.ID, nil},
		{"title with accents it lacks", "Éleanor Vançe", a.ID, nil},
		{"unknown full ID", "00000000000000000000000000000000", vault.ID{}, vault.ErrNotFound},
		{"empty", "", vault.ID{}, vault.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Resolve(tc.ref)
			if !errors.Is(err, tc.err) {
				t.Fatalf("Resolve(%q) = %v, want %v", tc.ref, err, tc.err)
			}
			if tc.err == nil && got.ID != tc.want {
				t.Fatalf("Resolve(%q) = %s (%q), want %s", tc.ref, got.ID, got.Title, tc.want)
			}
		})
	}

	// A part of a title is not enough, but the error says which dossiers
	// have it, by ID and kind.
	if _, err := s.Resolve("eleanor"); err == nil || !strings.Contains(err.Error(), `no dossier has the title or ID "eleanor": not found; 1 dossier has it in the title: abcd0000 (client)`) {
		t.Errorf("Resolve of part of a title: %v", err)
	}
	if _, err := s.Resolve("MINUTES"); err == nil || !strings.Contains(err.Error(), `"MINUTES": not found; 6 dossiers have it in the title (search lists them)`) {
		t.Errorf("Resolve of a word in many titles: %v", err)
	}

	// An ambiguous name lists what tells the dossiers apart: IDs and kinds,
	// in ID order.
	if _, err := s.Resolve("TWIN"); err == nil || !strings.Contains(err.Error(), `2 dossiers match "TWIN": 12340000 (contact), abcd0000 (client); use one of these IDs`) {
		t.Errorf("Resolve of an ambiguous title: %v", err)
	}

	// The copy Resolve returns is the caller's.
	got, _ := s.Resolve("Eleanor Vance")
	got.Title = "changed"
	if again, _ := s.Get(a.ID); again.Title != "Eleanor Vance" {
		t.Fatal("changing a resolved copy changed the store")
	}
}

func TestStore_Search(t *testing.T) {
	s := newTestStore(t)
	add := func(d vault.Dossier) vault.ID {
		t.Helper()
		got, err := s.Add(d)
		if err != nil {
			t.Fatal(err)
		}
		return got.ID
	}
	travel := add(sampleDossier()) // Eleanor Vance: tags vip, travel; notes about shellfish
	vendor := vault.New("Acme Ltd", vault.KindVendor)
	vendor.Fields[0].Value = "Acme Holdings"
	vendor.Fields[3].Value = "billing@acme.example"
	vendor.Fields[4].Value = "https://acme.example/portal"
	vendor.Fields[5].Value = "ACCT-SECRET-777"
	vendor.Tags = []string{"Suppliers"}
	vendor.Notes = "Invoices go to Ørsted in Zürich."
	acme := add(vendor)
	client := vault.New("Bob Éclair", vault.KindClient)
	client.Fields[2].Value = "+44 20 7946 0958"
	client.Fields = append(client.Fields, vault.Field{Label: "Gate code", Value: "GATE-4242", Type: vault.TypePassword, Secret: true})
	on, _ := vault.ParseDay("1980-05-05")
	client.Dates = []vault.Date{{Label: "Wedding anniversary", On: on, Yearly: true}}
	bob := add(client)
	if _, err := s.Attach(bob, "lease-agreement.pdf", "application/pdf", []byte("x")); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, query string
		want        []vault.ID
	}{
		{"title", "acme ltd", []vault.ID{acme}},
		{"title upper case", "ELEANOR", []vault.ID{travel}},
		{"non-ASCII title, other case", "éCLAIR", []vault.ID{bob}},
		{"kind", "vendor", []vault.ID{acme}},
		{"tag", "suppliers", []vault.ID{acme}},
		{"tag any case", "VIP", []vault.ID{travel}},
		{"note word", "shellfish", []vault.ID{travel}},
		{"note, non-ASCII, other case", "ØRSTED", []vault.ID{acme}},
		{"without its diacritics", "eclair", []vault.ID{bob}},
		{"a tag, as the filter takes it", "#supp", []vault.ID{acme}},
		{"a tag and a word", "#vip shellfish", []vault.ID{travel}},
		{"a tag nobody has", "#nope", nil},
		{"a kind", "kind:vend", []vault.ID{acme}},
		{"a kind and a word", "kind:client eclair", []vault.ID{bob}},
		{"note without diacritics", "orsted zurich", []vault.ID{acme}},
		{"with diacritics the text lacks", "bøb ëlëanor", nil},
		{"with diacritics the text lacks", "bób", []vault.ID{bob}},
		{"text field value", "holdings", []vault.ID{acme}},
		{"email field value", "billing@acme", []vault.ID{acme}},
		{"url field value", "acme.example/portal", []vault.ID{acme}},
		{"phone field value", "7946 0958", []vault.ID{bob}},
		{"a phone number as a caller ID shows it", "+442079460958", []vault.ID{bob}},
		{"a phone number as dialled at home", "020 7946 0958", []vault.ID{bob}},
		{"a phone number with other separators", "(020) 7946-0958", []vault.ID{bob}},
		{"part of a phone number, digits only", "79460958", []vault.ID{bob}},
		{"too few digits to be taken as a number", "60958", nil},
		{"another number", "+44 20 7946 0959", nil},
		{"a secret number by its digits", "123-456-789", nil},
		{"date field value", "2031-04-30", []vault.ID{travel}},
		{"field label", "gate code", []vault.ID{bob}},
		{"date label", "anniversary", []vault.ID{bob}},
		{"attachment name", "lease-agreement", []vault.ID{bob}},
		{"secret field value", "ACCT-SECRET-777", nil},
		{"secret password value", "gate-4242", nil},
		{"secret passport number", "123456789", nil},
		{"every word must match", "acme shellfish", nil},
		{"words in any order and place", "zürich ACME", []vault.ID{acme}},
		{"no match", "zebra", nil},
		{"empty query matches all, by title", "  ", []vault.ID{acme, bob, travel}},
		{"several, by title", "e", []vault.ID{acme, bob, travel}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(s.Search(tc.query))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Search(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}

	// A search sees a save at once.
	d, _ := s.Get(acme)
	d.Notes = "moved to Lisbon"
	if _, err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	if got := ids(s.Search("lisbon")); !slices.Equal(got, []vault.ID{acme}) {
		t.Fatalf("Search after Save = %v", got)
	}
	if got := s.Search("zürich"); len(got) != 0 {
		t.Fatalf("Search still finds the old notes")
	}
}

func TestStore_List(t *testing.T) {
	s := newTestStore(t)
	for _, title := range []string{"charlie", "Alpha", "bravo", "alpha"} {
		if _, err := s.Add(vault.New(title, vault.KindNote)); err != nil {
			t.Fatal(err)
		}
	}
	var titles []string
	for _, d := range s.List() {
		titles = append(titles, d.Title)
	}
	if len(titles) != 4 || !slices.IsSortedFunc(titles[1:3], func(a, b string) int { return 0 }) ||
		titles[2] != "bravo" || titles[3] != "charlie" {
		t.Fatalf("List titles %v, want alpha, alpha, bravo, charlie (case-insensitively)", titles)
	}
	before := s.List()
	if _, err := s.Add(vault.New("delta", vault.KindNote)); err != nil {
		t.Fatal(err)
	}
	if len(before) != 4 || len(s.List()) != 5 || s.Len() != 5 {
		t.Fatalf("List after Add: earlier slice %d, new %d", len(before), len(s.List()))
	}
}

// Titles sort as people read them: an accented letter beside its plain one,
// in any case.
func TestStore_ListOrder(t *testing.T) {
	s := newTestStore(t)
	for _, title := range []string{"Zoë Ångström", "Émile Zola", "eleanor Vance", "Øystein Berg", "Emile Zola", "Amélie Poulain", "oscar"} {
		if _, err := s.Add(vault.New(title, vault.KindNote)); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"Amélie Poulain", "eleanor Vance", "Emile Zola", "Émile Zola", "oscar", "Øystein Berg", "Zoë Ångström"}
	var got []string
	for _, d := range s.List() {
		got = append(got, d.Title)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("List: %q, want %q", got, want)
	}
	sums, err := s.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, x := range sums {
		got = append(got, x.Title)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Summaries: %q, want %q", got, want)
	}
}

// TestStore_Namesakes: the other dossiers whose title resolves the same,
// in ID order; not the dossier itself, nor one in the trash.
func TestStore_Namesakes(t *testing.T) {
	s := newTestStore(t)
	var added []vault.Dossier
	for _, title := range []string{"Eleanor Vance", "ELEANOR VÁNCE", " eleanor vance ", "Eleanor Vance passport", "Trashed"} {
		d, err := s.Add(vault.New(title, vault.KindClient))
		if err != nil {
			t.Fatal(err)
		}
		added = append(added, d)
	}
	if err := s.Delete(added[2].ID); err != nil {
		t.Fatal(err)
	}
	got := s.Namesakes(added[0])
	want := []vault.ID{added[1].ID}
	if len(got) != 1 || got[0].ID != want[0] {
		t.Errorf("namesakes of Eleanor Vance: %+v, want %v", got, want)
	}
	if got := s.Namesakes(vault.New("eleanor vance", vault.KindNote)); len(got) != 2 {
		t.Errorf("a new dossier's namesakes: %d, want 2", len(got))
	}
	if got := s.Namesakes(added[3]); len(got) != 0 {
		t.Errorf("a title that is another's and more: %+v", got)
	}
}
