package vault_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"confidant/vault"
)

var testPassphrase = []byte("correct horse battery staple")

// newTestStore creates an unlocked vault at a low work factor in a temporary
// directory and closes it when the test ends.
func newTestStore(t testing.TB) *vault.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.db")
	s, err := vault.Create(path, testPassphrase, vault.CreateOptions{WorkFactor: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func reopen(t *testing.T, s *vault.Store) *vault.Store {
	t.Helper()
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := vault.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Unlock(testPassphrase); err != nil {
		t.Fatal(err)
	}
	return s
}

func sampleDossier() vault.Dossier {
	d := vault.New("Eleanor Vance", vault.KindTravel)
	d.Fields[2].Value = "P<GBRVANCE<<ELEANOR<123456789"
	d.Fields[5].Value = "2031-04-30"
	d.Tags = []string{"vip", "travel"}
	d.Notes = "Prefers aisle seats; allergic to shellfish."
	on, _ := vault.ParseDay("2031-04-30")
	d.Dates = []vault.Date{{Label: "Passport expiry", On: on, Remind: vault.Period{Months: 6}}}
	return d
}

func TestStore_Add_Reopen(t *testing.T) {
	s := newTestStore(t)
	d, err := s.Add(sampleDossier())
	if err != nil {
		t.Fatal(err)
	}
	if d.ID.IsZero() || d.Version != 1 || d.Created.IsZero() {
		t.Fatalf("Add did not set ID, version and times: %+v", d)
	}
	s = reopen(t, s)
	got, err := s.Get(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != d.Title || got.Fields[2].Value != d.Fields[2].Value || got.Notes != d.Notes ||
		len(got.Dates) != 1 || got.Dates[0].Remind != (vault.Period{Months: 6}) {
		t.Fatalf("reopened dossier differs: %+v", got)
	}
	if res := s.Search("SHELLFISH"); len(res) != 1 || res[0].ID != d.ID {
		t.Fatalf("search for a word in the notes found %d", len(res))
	}
	if res := s.Search("123456789"); len(res) != 0 {
		t.Fatalf("search matched a secret value")
	}
}

func TestStore_Unlock_WrongPassphrase(t *testing.T) {
	s := newTestStore(t)
	path := s.Path()
	s.Close()
	s, err := vault.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock([]byte("wrong")); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("Unlock with a wrong passphrase = %v, want ErrWrongPassphrase", err)
	}
}

func TestStore_NoPlaintextOnDisk(t *testing.T) {
	s := newTestStore(t)
	d := sampleDossier()
	if _, err := s.Add(d); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{d.Title, d.Fields[2].Value, "shellfish", "vip", "Passport expiry"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("vault file contains %q in plaintext", secret)
		}
	}
}

func TestStore_TrashPurgedAfter30Days(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "vault.db")
	opts := &vault.Options{Now: func() time.Time { return now }}
	s, err := vault.Create(path, testPassphrase, vault.CreateOptions{WorkFactor: 10}, opts)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := s.Add(sampleDossier())
	if err := s.Delete(d.ID); err != nil {
		t.Fatal(err)
	}
	if items, _ := s.Trash(); len(items) != 1 || s.Len() != 0 {
		t.Fatalf("after delete: %d in trash, %d in vault", len(items), s.Len())
	}
	s.Close()
	now = now.Add(31 * 24 * time.Hour)
	s, err = vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if items, _ := s.Trash(); len(items) != 0 {
		t.Fatalf("trash older than 30 days was not purged on unlock: %d left", len(items))
	}
}

func TestStore_Memo(t *testing.T) {
	s := newTestStore(t)
	sealed, err := s.SealMemo([]byte("half a note about Eleanor"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Eleanor")) {
		t.Fatal("the memo is not sealed")
	}
	s.Lock()
	if _, err := s.OpenMemo(sealed); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("opened while locked: %v", err)
	}
	if _, err := s.SealMemo([]byte("x")); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("sealed while locked: %v", err)
	}
	if err := s.Unlock(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if got, err := s.OpenMemo(sealed); err != nil || string(got) != "half a note about Eleanor" {
		t.Fatalf("opened %q, %v", got, err)
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := s.OpenMemo(sealed); err == nil {
		t.Fatal("a tampered memo opened")
	}
}

// TestStore_Release: a locked store can give its file up, so that another
// process (a scheduled backup) opens the vault; unlocking takes it back,
// waiting as Open does, and reads what the other process wrote. A wrong
// passphrase leaves it given up. An unlocked store keeps its file.
func TestStore_Release(t *testing.T) {
	s := newTestStore(t)
	kept, err := s.Add(vault.New("Eleanor Vance", vault.KindClient))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Release(); err == nil {
		t.Fatal("an unlocked store gave up its file")
	}
	quick := &vault.Options{Timeout: 200 * time.Millisecond}
	if _, err := vault.Open(s.Path(), quick); !errors.Is(err, vault.ErrInUse) {
		t.Fatalf("open beside an unlocked store: %v", err)
	}
	s.Lock()
	if err := s.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(kept.ID); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("Get while released: %v", err)
	}
	// Another process, meanwhile: it opens the vault and adds a dossier.
	other := openUnlocked(t, s.Path(), quick)
	added, err := other.Add(vault.New("Hugo Brandt", vault.KindClient))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.Unlock(testPassphrase); !errors.Is(err, vault.ErrInUse) {
		t.Fatalf("unlock while another process holds the file: %v", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("unlock waited %v", waited)
	}
	other.Close()
	if err := s.Unlock([]byte("wrong passphrase")); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	third, err := vault.Open(s.Path(), quick)
	if err != nil {
		t.Fatalf("after a wrong passphrase the store still holds the file: %v", err)
	}
	third.Close()
	if err := s.Unlock(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if _, err := vault.Open(s.Path(), quick); !errors.Is(err, vault.ErrInUse) {
		t.Fatalf("open beside the unlocked store again: %v", err)
	}
	if got := ids(s.List()); len(got) != 2 || !slices.Contains(got, added.ID) || !slices.Contains(got, kept.ID) {
		t.Fatalf("after unlocking: %v, want %v and %v", got, kept.ID, added.ID)
	}
	// A write goes on from what the other process left: both survive it.
	if _, err := s.Add(vault.New("Ines Castell", vault.KindClient)); err != nil {
		t.Fatal(err)
	}
	if n := len(reopen(t, s).List()); n != 3 {
		t.Fatalf("%d dossiers after reopening, want 3", n)
	}
}

// TestStore_Release_FileGone: a vault file moved away while released is
// reported as missing when unlocking, and no new file is made in its place.
func TestStore_Release_FileGone(t *testing.T) {
	s := newTestStore(t)
	s.Lock()
	if err := s.Release(); err != nil {
		t.Fatal(err)
	}
	moved := s.Path() + ".moved"
	if err := os.Rename(s.Path(), moved); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock(testPassphrase); !errors.Is(err, vault.ErrNoVault) {
		t.Fatalf("unlock of a vault moved away: %v", err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file was made in the vault's place: %v", err)
	}
	if err := os.Rename(moved, s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock(testPassphrase); err != nil {
		t.Fatalf("unlock once it is back: %v", err)
	}
}

// TestStore_CopyTo: a locked store copies its file as it stands; the copy
// opens with the vault's passphrase and holds the same dossiers. The vault
// itself is never the target.
func TestStore_CopyTo(t *testing.T) {
	s := newTestStore(t)
	d, err := s.Add(vault.New("Eleanor Vance", vault.KindClient))
	if err != nil {
		t.Fatal(err)
	}
	s.Lock()
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := s.CopyTo(out); err != nil {
		t.Fatal(err)
	}
	if !vault.IsVaultFile(out) || vault.IsVaultFile(filepath.Join(t.TempDir(), "none")) {
		t.Error("IsVaultFile")
	}
	c := openUnlocked(t, out, nil)
	if got, err := c.Get(d.ID); err != nil || got.Title != "Eleanor Vance" {
		t.Fatalf("the copy's dossier: %+v, %v", got, err)
	}
	if err := s.CopyTo(s.Path()); !errors.Is(err, vault.ErrInvalid) {
		t.Fatalf("a copy over the vault: %v", err)
	}
}

// TestDefaultPath: the vault lives under XDG_DATA_HOME when it is an
// absolute path, else under the home directory; without either, the error
// says how to choose one.
func TestDefaultPath(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	if p, err := vault.DefaultPath(); err != nil || p != "/data/confidant/vault.db" {
		t.Errorf("XDG_DATA_HOME: %q, %v", p, err)
	}
	t.Setenv("XDG_DATA_HOME", "relative")
	t.Setenv("HOME", "/home/ana")
	if p, err := vault.DefaultPath(); err != nil || p != "/home/ana/.local/share/confidant/vault.db" {
		t.Errorf("HOME: %q, %v", p, err)
	}
	t.Setenv("HOME", "")
	if _, err := vault.DefaultPath(); err == nil || !strings.Contains(err.Error(), "--vault") {
		t.Errorf("neither: %v", err)
	}
}
