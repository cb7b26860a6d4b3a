package vault_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"confidant/vault"
)

func backupOf(t *testing.T, s *vault.Store) *vault.Bundle {
	t.Helper()
	d := vault.New("Eleanor Vance passport", vault.KindTravel)
	d.Fields[2].Value = "P123456789"
	if _, err := s.Add(d); err != nil {
		t.Fatal(err)
	}
	b, err := s.Export(vault.Backup())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Wipe)
	return b
}

func TestWriteBundleFile_PassphraseRoundTrip(t *testing.T) {
	for _, armor := range []bool{false, true} {
		s := newTestStore(t)
		b := backupOf(t, s)
		path := filepath.Join(t.TempDir(), "backup.age")
		pass := []byte("a backup passphrase")
		if err := vault.WriteBundleFile(path, b, vault.Seal{Passphrase: pass, WorkFactor: 10, Armor: armor}, false); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("P123456789")) || bytes.Contains(raw, []byte("Eleanor")) {
			t.Fatal("the file holds plaintext")
		}
		if got := strings.HasPrefix(string(raw), "-----BEGIN AGE ENCRYPTED FILE-----"); got != armor {
			t.Fatalf("armor %v, file armored %v", armor, got)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Fatalf("mode %o", fi.Mode().Perm())
		}
		if _, _, _, err := s.DecryptFile(path, 0, vault.FileKeys{}); !errors.Is(err, vault.ErrPassphraseNeeded) {
			t.Fatalf("without a passphrase: %v", err)
		}
		if _, _, _, err := s.DecryptFile(path, 0, vault.FileKeys{Passphrase: []byte("not it")}); !errors.Is(err, vault.ErrWrongPassphrase) {
			t.Fatalf("wrong passphrase: %v", err)
		}
		plain, sum, _, err := s.DecryptFile(path, 0, vault.FileKeys{Passphrase: pass})
		if err != nil {
			t.Fatal(err)
		}
		if sum != sha256.Sum256(raw) {
			t.Fatal("the hash is not the file's")
		}
		if string(pass) != "a backup passphrase" {
			t.Fatal("DecryptFile changed the passphrase it was given")
		}
		got, err := vault.ParseBundle(plain)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Dossiers) != 1 || got.Dossiers[0].Dossier.Fields[2].Value != "P123456789" {
			t.Fatalf("round trip: %+v", got.Dossiers)
		}
	}
}

func TestWriteBundleFile_ToRecipient(t *testing.T) {
	from, to := newTestStore(t), newTestStore(t)
	b := backupOf(t, from)
	rcpt, err := to.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	if err := vault.CheckRecipient(rcpt); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "handoff.age")
	if err := vault.WriteBundleFile(path, b, vault.Seal{To: []string{rcpt}}, false); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := to.DecryptFile(path, 0, vault.FileKeys{}); err != nil {
		t.Fatalf("the addressee cannot open it: %v", err)
	}
	_, _, _, err = from.DecryptFile(path, 0, vault.FileKeys{})
	if !errors.Is(err, vault.ErrNotForYou) {
		t.Fatalf("another vault: %v", err)
	}
	if _, _, _, err := to.DecryptFile(path, 10, vault.FileKeys{}); !errors.Is(err, vault.ErrFileTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
}

func TestWriteBundleFile_Refusals(t *testing.T) {
	s := newTestStore(t)
	b := backupOf(t, s)
	dir := t.TempDir()
	path := filepath.Join(dir, "backup.age")
	if err := os.WriteFile(path, []byte("an earlier backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := vault.WriteBundleFile(path, b, vault.Seal{Passphrase: []byte("pass phrase"), WorkFactor: 10}, false)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("overwrote without leave: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "an earlier backup" {
		t.Fatal("the earlier file changed")
	}
	for _, bad := range []string{"age1notakey", "AGE-SECRET-KEY-1XYZ", "bob@example.com"} {
		if err := vault.CheckRecipient(bad); !errors.Is(err, vault.ErrRecipient) {
			t.Fatalf("CheckRecipient(%q) = %v", bad, err)
		}
		err := vault.WriteBundleFile(filepath.Join(dir, "x.age"), b, vault.Seal{To: []string{bad}}, false)
		if !errors.Is(err, vault.ErrRecipient) {
			t.Fatalf("WriteBundleFile to %q = %v", bad, err)
		}
	}
	if err := vault.WriteBundleFile(path, b, vault.Seal{Passphrase: []byte("pass phrase"), WorkFactor: 10}, true); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files left beside the target: %v", entries)
	}
	// A place that cannot be written to is named, not the temporary file
	// beside it.
	for where, want := range map[string]string{
		filepath.Join(dir, "no such folder", "b.age"): "there is no folder " + filepath.Join(dir, "no such folder"),
		filepath.Join(path, "b.age"):                  path + " is not a folder",
	} {
		err := vault.WriteBundleFile(where, b, vault.Seal{Passphrase: []byte("pass phrase"), WorkFactor: 10}, false)
		if err == nil || !strings.HasSuffix(err.Error(), want) || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("writing %s: %v", where, err)
		}
	}
	if _, _, err := vault.OpenInput(dir); err == nil || !strings.Contains(err.Error(), "is a folder, not a file") {
		t.Errorf("OpenInput of a folder: %v", err)
	}
	// A file that is not age, and a truncated one.
	notAge := filepath.Join(dir, "notes.txt")
	os.WriteFile(notAge, []byte("plain notes\n"), 0o600)
	if _, _, _, err := s.DecryptFile(notAge, 0, vault.FileKeys{}); !errors.Is(err, vault.ErrNotAgeFile) {
		t.Fatalf("not age: %v", err)
	}
	// As a plaintext export it is read as it is, and hashed; over the
	// limit it is refused.
	if plain, sum, _, err := s.DecryptFile(notAge, 0, vault.FileKeys{Plaintext: true}); err != nil || string(plain) != "plain notes\n" || sum != sha256.Sum256(plain) {
		t.Fatalf("plaintext: %q, %v", plain, err)
	}
	if _, _, _, err := s.DecryptFile(notAge, 5, vault.FileKeys{Plaintext: true}); !errors.Is(err, vault.ErrFileTooLarge) {
		t.Fatalf("plaintext over the limit: %v", err)
	}
	// Identity files that cannot be used say why, before the file is read.
	for name, content := range map[string]string{
		"missing.txt": "",
		"notes.txt":   "plain notes\n",
		"plugin.txt":  "AGE-PLUGIN-CONFIDANTTEST-10Q32YZNS\n",
	} {
		id := filepath.Join(dir, "id-"+name)
		if content != "" {
			os.WriteFile(id, []byte(content), 0o600)
		}
		_, _, _, err := s.DecryptFile(path, 0, vault.FileKeys{IdentityFile: id})
		if !errors.Is(err, vault.ErrIdentity) {
			t.Fatalf("identity file %s: %v", name, err)
		}
		if name == "plugin.txt" && !strings.Contains(err.Error(), "confidant import --identity") {
			t.Errorf("a plugin identity's error does not say where it works: %v", err)
		}
	}
	raw, _ := os.ReadFile(path)
	cut := filepath.Join(dir, "cut.age")
	os.WriteFile(cut, raw[:len(raw)-40], 0o600)
	if _, _, _, err := s.DecryptFile(cut, 0, vault.FileKeys{Passphrase: []byte("pass phrase")}); !errors.Is(err, vault.ErrFileCorrupt) {
		t.Fatalf("truncated: %v", err)
	}
	s.Lock()
	if _, _, _, err := s.DecryptFile(path, 0, vault.FileKeys{}); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("locked: %v", err)
	}
}
