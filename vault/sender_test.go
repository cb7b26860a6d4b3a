package vault_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"confidant/vault"
)

// handoffFile writes a handoff of one dossier of from's to the vault to, as
// the writer names itself in claim, sealed by sealer (nil: not sealed).
func handoffFile(t *testing.T, from, sealer, to *vault.Store, claim string) string {
	t.Helper()
	d, err := from.Add(sampleDossier())
	if err != nil {
		t.Fatal(err)
	}
	b, err := from.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}, From: claim})
	if err != nil {
		t.Fatal(err)
	}
	rcpt, err := to.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "handoff.age")
	if err := vault.WriteBundleFile(path, b, vault.Seal{To: []string{rcpt}, Sender: sealer}, false); err != nil {
		t.Fatal(err)
	}
	return path
}

// sender opens the handoff at path in s and says who wrote it.
func sender(t *testing.T, s *vault.Store, path string, keys vault.FileKeys) (vault.From, error) {
	t.Helper()
	plain, _, sd, err := s.DecryptFile(path, 0, keys)
	if err != nil {
		t.Fatal(err)
	}
	defer sd.Wipe()
	b, err := vault.ParseBundle(plain)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Wipe()
	return s.CheckSender(b, sd)
}

func TestCheckSender(t *testing.T) {
	bob, alice, mallory := newTestStore(t), newTestStore(t), newTestStore(t)
	bobKey, _ := bob.Recipient()
	if _, err := alice.AddContact("Bob Okafor", bobKey); err != nil {
		t.Fatal(err)
	}

	// Sealed by Bob's vault, naming Bob: verified, by his name in the
	// address book.
	f, err := sender(t, alice, handoffFile(t, bob, bob, alice, bobKey), vault.FileKeys{})
	if err != nil || f != (vault.From{Key: bobKey, Contact: "Bob Okafor", Handoff: true, Verified: true}) {
		t.Fatalf("Bob's handoff: %+v, %v", f, err)
	}

	// The log says who sealed what was imported.
	path := handoffFile(t, bob, bob, alice, bobKey)
	plain, sum, sd, err := alice.DecryptFile(path, 0, vault.FileKeys{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := vault.ParseBundle(plain)
	if err != nil {
		t.Fatal(err)
	}
	f, err = alice.CheckSender(b, sd)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := alice.Import(b, vault.ImportOptions{Source: "handoff.age", SHA256: sum, Sender: f})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := alice.Log(plan.Items[0].Written)
	if err != nil {
		t.Fatal(err)
	}
	if got := evs[len(evs)-1].Detail; got != "handoff.age, sealed by Bob Okafor" {
		t.Errorf("the import is logged as %q", got)
	}

	// Not sealed (stock age, an older Confidant): Bob's name, unproven.
	f, err = sender(t, alice, handoffFile(t, bob, nil, alice, bobKey), vault.FileKeys{})
	if err != nil || f.Verified || f.Contact != "Bob Okafor" || !f.Handoff {
		t.Fatalf("an unsealed handoff: %+v, %v", f, err)
	}

	// Mallory's vault writes a handoff naming Bob: refused.
	f, err = sender(t, alice, handoffFile(t, mallory, mallory, alice, bobKey), vault.FileKeys{})
	if !errors.Is(err, vault.ErrForged) || f.Verified {
		t.Fatalf("a handoff sealed by Mallory, naming Bob: %+v, %v", f, err)
	}

	// Mallory naming herself: verified as Mallory's, whom Alice does not
	// know by name.
	malloryKey, _ := mallory.Recipient()
	f, err = sender(t, alice, handoffFile(t, mallory, mallory, alice, malloryKey), vault.FileKeys{})
	if err != nil || !f.Verified || f.Contact != "" {
		t.Fatalf("Mallory's own handoff: %+v, %v", f, err)
	}
}

// A handoff opened with an identity file, not the vault's own identity,
// cannot be checked with the vault's keys: it is unverified, not refused.
func TestCheckSender_IdentityFile(t *testing.T) {
	bob, alice, carol := newTestStore(t), newTestStore(t), newTestStore(t)
	bobKey, _ := bob.Recipient()
	path := handoffFile(t, bob, bob, carol, bobKey)
	b, err := carol.Export(vault.Backup())
	if err != nil {
		t.Fatal(err)
	}
	id := filepath.Join(t.TempDir(), "carol.key")
	if err := os.WriteFile(id, []byte(b.Identity+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.Wipe()
	f, err := sender(t, alice, path, vault.FileKeys{IdentityFile: id})
	if err != nil || f.Verified || f.Key != bobKey {
		t.Fatalf("opened with Carol's identity in Alice's vault: %+v, %v", f, err)
	}
	// In Carol's own vault it verifies.
	if f, err := sender(t, carol, path, vault.FileKeys{}); err != nil || !f.Verified {
		t.Fatalf("in Carol's vault: %+v, %v", f, err)
	}
}

func TestCheckSender_Backup(t *testing.T) {
	s, other := newTestStore(t), newTestStore(t)
	pass := []byte("a backup passphrase")
	for _, c := range []struct {
		name string
		s    *vault.Store
		own  bool
	}{{"its own", s, true}, {"another vault's", other, false}} {
		b, err := c.s.Export(vault.Backup())
		if err != nil {
			t.Fatal(err)
		}
		b.From, _ = c.s.Recipient()
		path := filepath.Join(t.TempDir(), "backup.age")
		if err := vault.WriteBundleFile(path, b, vault.Seal{Passphrase: pass, WorkFactor: 10}, false); err != nil {
			t.Fatal(err)
		}
		b.Wipe()
		f, err := sender(t, s, path, vault.FileKeys{Passphrase: pass})
		if err != nil || f.Handoff || f.Verified || f.Own != c.own {
			t.Fatalf("%s backup: %+v, %v", c.name, f, err)
		}
	}
}

// A handoff is sealed when both vaults have X25519 keys; the preview says
// whether it will be, from the same rule the writer follows.
func TestSealsHandoffTo(t *testing.T) {
	x, other := newTestStore(t), newTestStore(t)
	pq, err := vault.Create(filepath.Join(t.TempDir(), "pq.db"), testPassphrase, vault.CreateOptions{WorkFactor: 10, PostQuantum: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pq.Close() })
	otherKey, _ := other.Recipient()
	pqKey, _ := pq.Recipient()
	for _, c := range []struct {
		name   string
		from   *vault.Store
		to     []string
		sealed bool
	}{
		{"between X25519 vaults", x, []string{otherKey}, true},
		{"from a post-quantum vault", pq, []string{otherKey}, false},
		{"to a post-quantum vault", x, []string{pqKey}, false},
		{"to a key that does not parse", x, []string{"age1nope"}, false},
	} {
		if got := c.from.SealsHandoffTo(c.to); got != c.sealed {
			t.Errorf("%s: %v", c.name, got)
			continue
		}
		// And the file written agrees: a sealed one verifies on the other side.
		if c.to[0] != otherKey {
			continue
		}
		from, _ := c.from.Recipient()
		f, err := sender(t, other, handoffFile(t, c.from, c.from, other, from), vault.FileKeys{})
		if err != nil || f.Verified != c.sealed {
			t.Errorf("%s: written and checked: %+v, %v", c.name, f, err)
		}
	}
}

// A post-quantum vault's recipient is 1,960 characters, and a bundle's
// "from" holds it: its backups could not be verified or restored, and its
// handoffs not imported, while "from" was bounded like a field's label.
func TestPostQuantumVault_BackupAndHandoff(t *testing.T) {
	pq, err := vault.Create(filepath.Join(t.TempDir(), "pq.db"), testPassphrase, vault.CreateOptions{WorkFactor: 10, PostQuantum: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pq.Close() })
	pqKey, _ := pq.Recipient()
	if len(pqKey) < 1900 {
		t.Fatalf("a post-quantum recipient of %d characters", len(pqKey))
	}
	if _, err := pq.Add(sampleDossier()); err != nil {
		t.Fatal(err)
	}
	o := vault.Backup()
	o.From = pqKey
	b, err := pq.Export(o)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.age")
	pass := []byte("a backup passphrase")
	if err := vault.WriteBundleFile(path, b, vault.Seal{Passphrase: pass, WorkFactor: 10}, false); err != nil {
		t.Fatal(err)
	}
	b.Wipe()
	rb, err := vault.ReadBackup(path, vault.FileKeys{Passphrase: pass})
	if err != nil {
		t.Fatalf("reading a post-quantum vault's backup: %v", err)
	}
	restored, err := vault.CreateFromBackup(filepath.Join(t.TempDir(), "restored.db"), testPassphrase, rb, "backup.age", vault.CreateOptions{WorkFactor: 10, Identity: rb.Identity}, nil)
	rb.Wipe()
	if err != nil {
		t.Fatalf("restoring a post-quantum vault's backup: %v", err)
	}
	t.Cleanup(func() { restored.Close() })
	if got, _ := restored.Recipient(); got != pqKey || restored.Len() != 1 {
		t.Fatalf("restored: recipient kept %v, %d dossiers", got == pqKey, restored.Len())
	}

	// Its handoff to another vault is imported, unsealed (nothing to seal
	// with), naming it.
	other := newTestStore(t)
	f, err := sender(t, other, handoffFile(t, pq, pq, other, pqKey), vault.FileKeys{})
	if err != nil || f.Key != pqKey || f.Verified {
		t.Fatalf("a post-quantum vault's handoff: %+v, %v", f, err)
	}
}

// BenchmarkHandoff writes a handoff of 10,000 dossiers to another vault,
// sealed as the sender's (the bundle encoded twice: once to hash it) or
// not, then opens it and checks the seal (a SHA-256 of the plaintext more).
func BenchmarkHandoff(b *testing.B) {
	for _, sealed := range []bool{false, true} {
		b.Run(map[bool]string{false: "unsealed", true: "sealed"}[sealed], func(b *testing.B) {
			from, to := benchStore(b, 10000), newTestStore(b)
			bundle, err := from.Export(vault.ExportOptions{IDs: allIDs(from)})
			if err != nil {
				b.Fatal(err)
			}
			rcpt, _ := to.Recipient()
			path := filepath.Join(b.TempDir(), "handoff.age")
			seal := vault.Seal{To: []string{rcpt}}
			if sealed {
				seal.Sender = from
			}
			for b.Loop() {
				if err := vault.WriteBundleFile(path, bundle, seal, true); err != nil {
					b.Fatal(err)
				}
				plain, _, sd, err := to.DecryptFile(path, 0, vault.FileKeys{})
				if err != nil {
					b.Fatal(err)
				}
				if sd.Sealed() != sealed {
					b.Fatal("sealed", sd.Sealed())
				}
				sd.Wipe()
				clear(plain)
			}
		})
	}
}

func allIDs(s *vault.Store) []vault.ID {
	var ids []vault.ID
	for _, d := range s.List() {
		ids = append(ids, d.ID)
	}
	return ids
}

// An import's provenance is kept in every dossier it brings: a sender named
// (--from) longer than a backup carries is refused, not kept where neither a
// backup nor an edit could take it.
func TestImport_ProvenanceBounded(t *testing.T) {
	s := newTestStore(t)
	b := &vault.Bundle{Purpose: vault.PurposeHandoff, Dossiers: []vault.BundleDossier{{Dossier: sampleDossier()}}}
	if _, err := s.Import(b, vault.ImportOptions{Source: "f.age", From: strings.Repeat("x", 5000)}); !errors.Is(err, vault.ErrInvalid) || s.Len() != 0 {
		t.Fatalf("a 5,000-byte sender: %v, %d dossiers", err, s.Len())
	}
	if _, err := s.Import(b, vault.ImportOptions{Source: "f.age", From: "Maria"}); err != nil || s.Len() != 1 {
		t.Fatalf("a sender named: %v, %d dossiers", err, s.Len())
	}
}
