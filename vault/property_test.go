package vault_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"confidant/vault"
)

// randomWord returns n random letters and digits: long enough that finding
// one in a file of sealed values by chance is out of the question.
func randomWord(rng *rand.Rand, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// TestStore_NoPlaintext_Property adds, edits, attaches to and deletes many
// random dossiers, and then checks that the vault file holds none of the
// titles, values, notes, tags, labels or attachment contents anywhere.
func TestStore_NoPlaintext_Property(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := newTestStore(t)
	var written []string
	word := func() string {
		w := randomWord(rng, 24)
		written = append(written, w)
		return w
	}
	randomDossier := func() vault.Dossier {
		d := vault.New(word()+" "+word(), vault.Kinds[rng.IntN(len(vault.Kinds))])
		for i := range d.Fields {
			if d.Fields[i].Type == vault.TypeText || d.Fields[i].Type == vault.TypeMultiline {
				d.Fields[i].Value = word()
			}
		}
		d.Fields = append(d.Fields,
			vault.Field{Label: word(), Value: word(), Type: vault.TypePassword, Secret: true},
			vault.Field{Label: "Email", Value: strings.ToLower(word()) + "@example.com", Type: vault.TypeEmail})
		written = append(written, d.Fields[len(d.Fields)-1].Value)
		d.Notes = word() + "\n" + word() + " " + word()
		d.Tags = []string{word(), word()}
		on, _ := vault.ParseDay("2031-04-30")
		d.Dates = []vault.Date{{Label: word(), On: on}}
		return d
	}

	var live []vault.ID
	for range 60 {
		d, err := s.Add(randomDossier())
		if err != nil {
			t.Fatal(err)
		}
		live = append(live, d.ID)
	}
	for range 120 {
		id := live[rng.IntN(len(live))]
		switch rng.IntN(4) {
		case 0, 1:
			d, err := s.Get(id)
			if err != nil {
				t.Fatal(err)
			}
			d.Title = word()
			d.Notes = word()
			d.Fields[0].Value = word()
			d.Tags = append(d.Tags, word())
			if _, err := s.Save(d); err != nil {
				t.Fatal(err)
			}
		case 2:
			content := []byte(word() + word())
			written = append(written, string(content))
			if _, err := s.Attach(id, word()+".txt", "text/plain", content); err != nil {
				t.Fatal(err)
			}
		case 3:
			if err := s.Record(vault.ActRevealed, id, word()); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, id := range live[:10] {
		if err := s.Delete(id); err != nil {
			t.Fatal(err)
		}
	}

	check := func(when string) {
		t.Helper()
		raw, err := os.ReadFile(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		lower := bytes.ToLower(raw)
		for _, w := range written {
			if bytes.Contains(raw, []byte(w)) || bytes.Contains(lower, []byte(strings.ToLower(w))) {
				t.Fatalf("%s: the vault file holds a plaintext value (%d bytes)", when, len(w))
			}
		}
	}
	check("while open")
	path := s.Path()
	s.Close()
	check("after closing")

	// The property is not vacuous: everything written is still there.
	s = openUnlocked(t, path, nil)
	if s.Len() != 50 {
		t.Fatalf("%d dossiers after reopening, want 50", s.Len())
	}
	found := 0
	for _, d := range s.List() {
		if strings.Contains(strings.Join(written, " "), d.Title) {
			found++
		}
	}
	if found != 50 {
		t.Fatalf("%d of 50 titles are among the values written", found)
	}
}
