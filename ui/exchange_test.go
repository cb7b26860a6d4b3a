package ui

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"confidant/vault"
)

const backupPass = "four unrelated words here"

// vaultModel returns a model on the main screen of a new vault (with the
// sample dossiers if samples) at width×height, on its own clock.
func vaultModel(t *testing.T, samples bool, width, height int) model {
	t.Helper()
	clk := newClock()
	s := newTestStore(t, clk)
	if samples {
		sampleDossiers(t, s)
	}
	s.Lock()
	m := newTestModel(t, s, clk, width, height)
	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	if m.screen != screenMain {
		t.Fatalf("not on the main screen:\n%s", view(m))
	}
	return m
}

// colleague returns the model of an empty vault, Maria's, and the
// recipient a handoff to her is addressed to.
func colleague(t *testing.T, width, height int) (model, string) {
	t.Helper()
	b := vaultModel(t, false, width, height)
	rcpt, err := b.c.store.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	return b, rcpt
}

// withContact adds Maria, at rcpt, to the address book of a's vault.
func withContact(t *testing.T, a model, rcpt string) model {
	t.Helper()
	if _, err := a.c.store.AddContact("Maria", rcpt); err != nil {
		t.Fatal(err)
	}
	return a
}

// setPath empties the focused path input and types p.
func setPath(t *testing.T, m model, p string) model {
	t.Helper()
	m = press(t, m, "ctrl+u")
	return typeText(t, m, p)
}

// writeBackup drives the backup screen of m to a passphrase backup at path.
func writeBackup(t *testing.T, m model, path string) model {
	t.Helper()
	m = press(t, m, "B")
	if m.screen != screenBackup || !m.typing() {
		t.Fatalf("B did not open the backup screen on the passphrase:\n%s", view(m))
	}
	m = typeText(t, m, backupPass)
	m = press(t, m, "tab")
	m = typeText(t, m, backupPass)
	m = press(t, m, "tab", "tab") // armor, path
	m = setPath(t, m, path)
	return m
}

// writeSampleBackup writes a backup of a vault of the sample dossiers to
// each of paths, sealed as seals says, and returns that vault's recipient.
func writeSampleBackup(t *testing.T, paths []string, seals []vault.Seal) string {
	t.Helper()
	src := newTestStore(t, newClock())
	sampleDossiers(t, src)
	b, err := src.Export(vault.Backup())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Wipe()
	for i, path := range paths {
		if err := vault.WriteBundleFile(path, b, seals[i], false); err != nil {
			t.Fatal(err)
		}
	}
	rcpt, _ := src.Recipient()
	return rcpt
}

// keyOf returns the recipient of a new vault, and writes its handoff
// identity to path (an identity file that opens what is sealed to it).
func keyOf(t *testing.T, path string) string {
	t.Helper()
	s := newTestStore(t, newClock())
	b, err := s.Export(vault.Backup()) // carries the identity
	if err != nil {
		t.Fatal(err)
	}
	defer b.Wipe()
	if err := os.WriteFile(path, []byte(b.Identity+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rcpt, _ := s.Recipient()
	return rcpt
}

// openImport opens the import screen's file picker on HOME, letting it read
// the folder (the program routes the picker's own messages to it).
func openImport(t *testing.T, m model) model {
	t.Helper()
	m, cmd := sendNoRun(m, keyMsg("I"))
	for _, msg := range cmdMsgs(cmd) {
		var next model
		next, cmd = sendNoRun(m, msg)
		m = next
		for _, msg := range cmdMsgs(cmd) {
			m = send(t, m, msg)
		}
	}
	if m.screen != screenImport || m.imp.stage != impPick {
		t.Fatalf("I did not open the file picker:\n%s", view(m))
	}
	return m
}

// pickFile moves the picker to the file called name and opens it.
func pickFile(t *testing.T, m model, name string) model {
	t.Helper()
	for range 20 {
		if selectedName(m) == name {
			return press(t, m, "enter")
		}
		m = press(t, m, "j")
	}
	t.Fatalf("the picker does not show %s:\n%s", name, view(m))
	return m
}

// selectedName is the file under the picker's cursor: "› SIZE NAME".
func selectedName(m model) string {
	for _, l := range strings.Split(view(m), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "›"); ok {
			if f := strings.Fields(rest); len(f) > 1 {
				return strings.Join(f[1:], " ")
			}
		}
	}
	return ""
}

func eventsOf(t *testing.T, s *vault.Store, id vault.ID, a vault.Action) []vault.Event {
	t.Helper()
	evs, err := s.Log(id)
	if err != nil {
		t.Fatal(err)
	}
	var out []vault.Event
	for _, e := range evs {
		if e.Action == a {
			out = append(out, e)
		}
	}
	return out
}

func TestBackup_ChecksThenWrites(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	m := vaultModel(t, true, 80, 24)
	m = press(t, m, "B")
	mustContain(t, view(m), "Backup of the whole vault", "(•) a passphrase", "~/confidant-backup-2026-03-01.age", "Write backup")

	m = typeText(t, m, "short")
	m = press(t, m, "ctrl+s")
	mustContain(t, view(m), "fewer than 8 characters")
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, "Iloveyou12345")
	mustContain(t, view(m), "strength: a common password")
	m = press(t, m, "ctrl+s")
	mustContain(t, view(m), "is a common password")
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, backupPass)
	mustContain(t, view(m), "strength: strong")
	mustNotContain(t, view(m), backupPass)
	m = press(t, m, "tab")
	m = typeText(t, m, "something else")
	m = press(t, m, "ctrl+s")
	mustContain(t, view(m), "the two passphrases differ")

	// Public keys instead: a typed key that is not one is refused.
	m = press(t, m, "shift+tab", "shift+tab", "space")
	mustContain(t, view(m), "(•) public keys", "none yet")
	m = press(t, m, "tab")
	m = typeText(t, m, "age1notakey")
	m = press(t, m, "ctrl+s")
	mustContain(t, view(m), "not a recipient")
	m = press(t, m, "shift+tab", "space")
	mustContain(t, view(m), "(•) a passphrase")

	// Back to the passphrase: written in a command, to a name beside.
	path := filepath.Join(home, "vault backup.age")
	m = press(t, m, "tab", "ctrl+u")
	m = typeText(t, m, backupPass)
	m = press(t, m, "tab", "ctrl+u")
	m = typeText(t, m, backupPass)
	m = press(t, m, "tab", "space", "tab") // armor on, path
	m = setPath(t, m, path)
	m, cmd := sendNoRun(m, keyMsg("ctrl+s"))
	if !m.backup.busy || cmd == nil {
		t.Fatal("ctrl+s did not start the backup in a command")
	}
	mustContain(t, view(m), "writing the backup…")
	if _, err := os.Stat(path); err == nil {
		t.Fatal("the backup was written inside Update")
	}
	m = send(t, m, runCmd(cmd)...)
	mustContain(t, view(m), "Backup written", path, "4 dossiers and 0 contacts, encrypted to a backup passphrase")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
		t.Fatal("armor was asked for and not written")
	}
	for _, plain := range []string{"Eleanor", "P123456789", "4471"} {
		if bytes.Contains(raw, []byte(plain)) {
			t.Fatalf("the backup holds %q in the clear", plain)
		}
	}
	if got := eventsOf(t, m.c.store, vault.ID{}, vault.ActExported); len(got) != 1 || got[0].Detail != "backup to vault backup.age" {
		t.Fatalf("logged %+v", got)
	}
	entries, _ := os.ReadDir(home)
	if len(entries) != 1 {
		t.Fatalf("files beside the backup: %v", entries)
	}
	m = press(t, m, "enter")
	if m.screen != screenMain {
		t.Fatal("enter did not return to the main screen")
	}

	// The same name again: refused, the earlier backup untouched.
	m = writeBackup(t, m, path)
	m = press(t, m, "ctrl+s")
	mustContain(t, view(m), "vault backup.age already exists: choose another name")
	if again, _ := os.ReadFile(path); !bytes.Equal(again, raw) {
		t.Fatal("a backup overwrote an earlier one")
	}
	m = press(t, m, "esc")
	if m.screen != screenMain || m.backup.c != nil {
		t.Fatal("esc did not leave the backup screen")
	}
}

// TestBackupImport_RoundTrip backs a vault up through the backup screen and
// brings the file into a second vault through the import screen.
func TestBackupImport_RoundTrip(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	a := vaultModel(t, true, 80, 24)
	a = writeBackup(t, a, filepath.Join(home, "backup.age"))
	a = press(t, a, "ctrl+s")
	mustContain(t, view(a), "Backup written")

	b := vaultModel(t, false, 80, 24)
	b = openImport(t, b)
	mustContain(t, view(b), "Import: pick a file", "backup.age")
	b, cmd := sendNoRun(b, keyMsg("enter"))
	if b.imp.stage != impOpening || cmd == nil {
		t.Fatalf("enter did not open the file in a command: stage %d", b.imp.stage)
	}
	mustContain(t, view(b), "opening the file…")
	b = send(t, b, runCmd(cmd)...)
	if b.imp.stage != impPassphrase || !b.typing() {
		t.Fatalf("a passphrase file did not ask for its passphrase:\n%s", view(b))
	}
	mustContain(t, view(b), "This file is encrypted with a passphrase.")
	b = typeText(t, b, "not the passphrase")
	b = press(t, b, "enter")
	mustContain(t, view(b), "wrong passphrase for the file, try again")
	mustNotContain(t, view(b), "not the passphrase")
	b = typeText(t, b, backupPass)
	b = press(t, b, "enter")
	if b.imp.stage != impPreview {
		t.Fatalf("no preview:\n%s", view(b))
	}
	mustContain(t, view(b), "Import backup.age", "a backup of the vault age1", "4 dossiers", "new         Dr. Amara Okafor (contact)",
		"Household alarm codes (note)", "4 new · 0 to replace · 0 to keep both · 0 to skip")
	if b.c.store.Len() != 0 {
		t.Fatal("the preview wrote to the vault")
	}

	// Confirm; n keeps everything as it was.
	b = press(t, b, "enter")
	if b.confirm == nil {
		t.Fatal("enter imported without asking")
	}
	mustContain(t, view(b), "Import 4 dossiers from backup.age?")
	b = press(t, b, "n")
	if b.c.store.Len() != 0 {
		t.Fatal("no imported")
	}
	b, cmd = sendNoRun(b, keyMsg("enter"))
	b = send(t, b, runCmd(cmd)...) // the question
	b, cmd = sendNoRun(b, keyMsg("y"))
	if b.confirm != nil || b.imp.stage != impPreview || !b.imp.busy || cmd == nil {
		t.Fatal("the import did not start in a command")
	}
	if b.c.store.Len() != 0 {
		t.Fatal("the import ran inside Update")
	}
	if _, again := sendNoRun(b, importGoMsg{}); again != nil {
		t.Fatal("a second import started while one runs")
	}
	b = send(t, b, runCmd(cmd)...)
	mustContain(t, view(b), "Imported from backup.age", "4 new · 0 replaced · 0 kept both · 0 skipped")
	if b.imp.bundle != nil {
		t.Fatal("the screen kept the file's content after importing")
	}

	// Every dossier came over, secrets too, with where it came from.
	got := b.c.store.List()
	if len(got) != 4 {
		t.Fatalf("imported %d dossiers", len(got))
	}
	for _, d := range got {
		if d.Provenance == nil || !strings.HasPrefix(d.Provenance.Source, "backup.age sha256:") {
			t.Fatalf("%s: provenance %+v", d.Title, d.Provenance)
		}
		if d.Title == "Household alarm codes" && d.Fields[0].Value != "4471" {
			t.Fatal("the secret field did not come over")
		}
	}
	b = press(t, b, "enter")
	mustContain(t, view(b), "4 dossiers", "Dr. Amara Okafor")

	// The same file again: everything matches and is skipped; keep both
	// adds copies.
	b = openImport(t, b)
	b = pickFile(t, b, "backup.age")
	b = typeText(t, b, backupPass)
	b = press(t, b, "enter")
	mustContain(t, view(b), "Dr. Amara Okafor (contact) · identical to one here", "matches \"Dr. Amara Okafor\" here by id: identical", "0 new · 0 to replace · 0 to keep both · 4 to skip")
	b = press(t, b, "enter")
	if b.confirm != nil {
		t.Fatal("asked to import nothing")
	}
	mustContain(t, view(b), "nothing to import: every dossier is skipped")
	b = press(t, b, "p")
	mustContain(t, view(b), "(•) replace", "4 to skip")
	b = press(t, b, "p")
	mustContain(t, view(b), "(•) keep both", "4 to keep both")
	b = press(t, b, "enter", "y")
	mustContain(t, view(b), "4 kept both")
	if n := b.c.store.Len(); n != 8 {
		t.Fatalf("after keep both: %d dossiers", n)
	}
}

func TestHandoff_PreviewWriteImport(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	b, rcpt := colleague(t, 80, 24)
	a := withContact(t, vaultModel(t, true, 80, 24), rcpt)

	// Choose: the selected dossier is marked; find and mark another.
	a = press(t, a, "O")
	if a.screen != screenHandoff {
		t.Fatal("O did not open the handoff")
	}
	mustContain(t, view(a), "Hand over: mark the dossiers", "1 marked", "[x] Dr. Amara Okafor", "[ ] Household alarm codes")
	a = press(t, a, "/")
	a = typeText(t, a, "alarm")
	mustContain(t, view(a), "1 match")
	a = press(t, a, "enter", "space", "esc")
	mustContain(t, view(a), "2 marked", "[x] Household alarm codes", "[ ] Eleanor Vance")
	a = press(t, a, "g", "space") // Amara off
	mustContain(t, view(a), "1 marked", "[ ] Dr. Amara Okafor")
	a = press(t, a, "a")
	mustContain(t, view(a), "4 marked")
	a = press(t, a, "a")
	mustContain(t, view(a), "0 marked")
	a = press(t, a, "enter")
	if a.handoff.stage != handPick {
		t.Fatal("went on with nothing marked")
	}
	mustContain(t, view(a), "mark the dossiers to hand over with space")
	a = press(t, a, "g", "space", "G", "space", "enter")
	if a.handoff.stage != handWhat {
		t.Fatalf("enter did not go on:\n%s", view(a))
	}
	// What goes: every field and the notes, no secret, no attachment.
	mustContain(t, view(a), "Hand over: what goes  of 2 dossiers", "[x] Name ", "[x] Phone ", "[ ] Alarm code ", "secret · 1 dossier", "[x] Notes ")
	a = press(t, a, "enter")
	if a.handoff.stage != handOptions {
		t.Fatalf("enter did not go on:\n%s", view(a))
	}
	mustContain(t, view(a), "Hand over  2 dossiers marked", "what goes: all but Alarm code (esc changes it)", "Maria")

	// No recipient yet.
	a = press(t, a, "ctrl+s")
	mustContain(t, view(a), "choose a contact or type a public key")
	a = press(t, a, "space", "tab", "tab", "space", "tab") // Maria, armor, path
	out := filepath.Join(home, "for maria.age")
	a = setPath(t, a, out)
	a, cmd := sendNoRun(a, keyMsg("ctrl+s"))
	if !a.handoff.busy || cmd == nil {
		t.Fatal("ctrl+s did not work out the preview in a command")
	}
	a = send(t, a, runCmd(cmd)...)
	if a.handoff.stage != handPreview {
		t.Fatalf("no preview:\n%s", view(a))
	}
	v := view(a)
	mustContain(t, v, "Hand over 2 dossiers", "nothing is written yet", "to Maria (age1", "into "+out, "sealed by this vault",
		"Dr. Amara Okafor (contact)", "leaves  Name, Relationship, Phone",
		"Household alarm codes (note)", "leaves  (no field)", "also    notes, tags", "stays   Alarm code (secret)")
	mustNotContain(t, v, "4471")
	if _, err := os.Stat(out); err == nil {
		t.Fatal("the preview wrote the file")
	}

	// esc goes back to change a choice; the preview follows it.
	a = press(t, a, "esc")
	if a.handoff.stage != handOptions {
		t.Fatal("esc did not go back from the preview")
	}
	a = press(t, a, "ctrl+s", "enter")
	if a.handoff.stage != handDone {
		t.Fatalf("enter did not write:\n%s", view(a))
	}
	mustContain(t, view(a), "Handoff written", "2 dossiers, encrypted to Maria (age1")
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) || bytes.Contains(raw, []byte("Okafor")) {
		t.Fatal("the handoff is not armored age")
	}
	for _, d := range a.c.store.List() {
		n := len(eventsOf(t, a.c.store, d.ID, vault.ActHandedOff))
		want := 0
		if d.Title == "Dr. Amara Okafor" || d.Title == "Household alarm codes" {
			want = 1
		}
		if n != want {
			t.Fatalf("%s: %d handoff events, want %d", d.Title, n, want)
		}
	}
	if ev := eventsOf(t, a.c.store, a.c.store.List()[0].ID, vault.ActHandedOff); ev[0].Detail != "to Maria ("+abbreviateKey(rcpt)+") in for maria.age" {
		t.Fatalf("logged %q", ev[0].Detail)
	}

	// Maria's vault opens it with its own key, no passphrase asked.
	b = openImport(t, b)
	b = pickFile(t, b, "for maria.age")
	if b.imp.stage != impPreview {
		t.Fatalf("the handoff did not open:\n%s", view(b))
	}
	// It says who wrote it: a's vault sealed it, though b does not know
	// that vault by name.
	mustContain(t, view(b), "2 new", "From", "sealed by their vault")
	b = press(t, b, "enter", "y")
	mustContain(t, view(b), "2 new · 0 replaced")
	for _, d := range b.c.store.List() {
		if d.Title == "Household alarm codes" && len(d.Fields) != 0 {
			t.Fatal("a secret field travelled without being asked for")
		}
	}
	if b.c.store.Len() != 2 {
		t.Fatalf("imported %d", b.c.store.Len())
	}
}

// TestHandoff_WhatGoes: the "what goes" list offers each label of the
// marked dossiers, secrets off; what is turned off stays behind, and the
// preview says so; going back keeps the choice. Maria's vault receives only
// what went.
func TestHandoff_WhatGoes(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	b, rcpt := colleague(t, 100, 30)
	a := withContact(t, vaultModel(t, true, 100, 30), rcpt)
	a = press(t, a, "j", "O", "enter") // Eleanor Vance
	mustContain(t, view(a), "[x] Email ", "[x] Birthday ", "date · 1 dossier", "[x] Notes ")
	toggle := func(label string) {
		t.Helper()
		for i, it := range a.handoff.what {
			if it.label == label {
				a.handoff.whatCursor = i
				a = press(t, a, "space")
				return
			}
		}
		t.Fatalf("no %q in what goes:\n%s", label, view(a))
	}
	count := func() (on int) {
		for _, it := range a.handoff.what {
			if it.on {
				on++
			}
		}
		return on
	}
	if count() != len(a.handoff.what) { // her dossier holds no secret and no file
		t.Fatalf("%d of %d on at first", count(), len(a.handoff.what))
	}
	a = press(t, a, "a") // all on: all off
	if count() != 0 {
		t.Fatalf("a left %d on", count())
	}
	a = press(t, a, "space", "a") // one on: all on
	if count() != len(a.handoff.what) {
		t.Fatalf("a again turned %d of %d on", count(), len(a.handoff.what))
	}
	a.handoff.whatCursor = 0
	toggle("Email")
	toggle("Birthday")
	toggle("Notes")
	mustContain(t, view(a), "[ ] Email ", "[ ] Birthday ", "[ ] Notes ")
	a = press(t, a, "enter")
	mustContain(t, view(a), "what goes: all but Email, Birthday, Notes")
	a = press(t, a, "esc", "esc", "enter") // back to the dossiers and on again: the choice stays
	mustContain(t, view(a), "[ ] Email ", "[ ] Birthday ", "[ ] Notes ")
	a = press(t, a, "enter", "space", "tab", "tab", "tab")
	out := filepath.Join(home, "eleanor.age")
	a = setPath(t, a, out)
	a = press(t, a, "ctrl+s")
	mustContain(t, view(a), "stays   Email, date Birthday, notes")
	a = press(t, a, "enter")
	mustContain(t, view(a), "Handoff written")

	b = openImport(t, b)
	b = pickFile(t, b, "eleanor.age")
	b = press(t, b, "enter", "y")
	d, err := b.c.store.Resolve("Eleanor Vance")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Field("Email"); ok || len(d.Dates) != 0 || d.Notes != "" {
		t.Fatalf("what stayed behind arrived: %+v", d)
	}
	if f, ok := d.Field("Phone"); !ok || f.Value == "" {
		t.Fatalf("the phone did not arrive: %+v", d)
	}
}

func TestImport_BadFilesChangeNothing(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	otherKey := keyOf(t, filepath.Join(t.TempDir(), "other-key.txt"))
	writeSampleBackup(t, []string{filepath.Join(home, "b-for-someone-else.age"), filepath.Join(home, "whole.age")},
		[]vault.Seal{{To: []string{otherKey}}, {Passphrase: []byte(backupPass), WorkFactor: 10}})
	whole, _ := os.ReadFile(filepath.Join(home, "whole.age"))
	os.WriteFile(filepath.Join(home, "c-cut.age"), whole[:len(whole)/2], 0o600)
	os.WriteFile(filepath.Join(home, "d-notes.txt"), []byte("just some notes\n"), 0o600)

	m := vaultModel(t, false, 100, 24)
	for _, tc := range []struct{ file, want string }{
		{"b-for-someone-else.age", "b-for-someone-else.age: file is not addressed to this vault"},
		{"c-cut.age", "c-cut.age: file is truncated or was tampered with"},
		{"d-notes.txt", "Import: pick a file"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m := openImport(t, m)
			m = pickFile(t, m, tc.file)
			switch tc.file {
			case "b-for-someone-else.age":
				// Asked for an identity file, it is given none that works.
				if m.imp.stage != impIdentity || !m.typing() {
					t.Fatalf("a file for someone else did not ask for an identity file:\n%s", view(m))
				}
				mustContain(t, view(m), tc.want, "Identity file that opens it")
				m = typeText(t, m, filepath.Join(home, "no-such-key.txt"))
				m = press(t, m, "enter")
				mustContain(t, view(m), "cannot read no-such-key.txt: no such file or directory")
				m = press(t, m, "esc")
			case "c-cut.age":
				m = typeText(t, m, backupPass)
				m = press(t, m, "enter")
			case "d-notes.txt":
				// Not encrypted: asked first, then read as text (a secure
				// note), and left without importing.
				if m.imp.stage != impPlaintext {
					t.Fatalf("a file that is not encrypted did not ask:\n%s", view(m))
				}
				m = press(t, m, "enter")
				mustContain(t, view(m), "text · 1 dossier", "d-notes (note)")
				m = press(t, m, "esc")
			}
			if m.imp.stage != impPick {
				t.Fatalf("a bad file left the picker:\n%s", view(m))
			}
			if tc.file != "b-for-someone-else.age" {
				mustContain(t, view(m), tc.want)
			}
			if m.c.store.Len() != 0 {
				t.Fatal("a bad file changed the vault")
			}
			if evs, _ := m.c.store.Log(vault.ID{}); len(evs) != 0 {
				t.Fatalf("a bad file was logged: %+v", evs)
			}
		})
	}
}

// TestUpcomingAndLog_InCommands checks that the upcoming screen's dates and
// the access log's titles are worked out in commands, and that a reply to
// an earlier request is dropped.
func TestUpcomingAndLog_InCommands(t *testing.T) {
	m, _ := mainModel(t, 100, 24)
	m, cmd := sendNoRun(m, keyMsg("U"))
	if m.screen != screenUpcoming || len(m.upcoming.items) != 0 || cmd == nil {
		t.Fatal("the upcoming items were worked out inside Update")
	}
	mustContain(t, view(m), "working out what is coming…")
	first := runCmd(cmd)
	m, cmd = sendNoRun(m, keyMsg("m")) // nothing shown yet: nothing to mark
	if cmd != nil {
		t.Fatal("m acted before the items arrived")
	}
	refresh := m.upcoming.refresh()
	m = send(t, m, first...) // stale: a later request was made
	if len(m.upcoming.items) != 0 {
		t.Fatal("a stale reply was installed")
	}
	m = send(t, m, runCmd(refresh)...)
	mustContain(t, view(m), "Birthday", "Passport expiry")

	m = press(t, m, "esc")
	m, cmd = sendNoRun(m, keyMsg("L"))
	if m.screen != screenLog || m.log.titles != nil || cmd == nil {
		t.Fatal("the log's titles were built inside Update")
	}
	msgs := runCmd(cmd)
	if lm, ok := msgs[0].(logMsg); !ok || len(lm.titles) != 4 {
		t.Fatalf("the log command returned %v", msgs)
	}
	m = send(t, m, msgs...)
	mustContain(t, view(m), "Access log", "Household alarm codes", "created")
}

func TestExchangeViews(t *testing.T) {
	t.Run("backup", func(t *testing.T) {
		setHome(t, t.TempDir())
		m := vaultModel(t, true, 80, 24)
		m = press(t, m, "B")
		m = typeText(t, m, "three random words")
		golden(t, view(m))
	})
	t.Run("import_preview", func(t *testing.T) {
		home := t.TempDir()
		setHome(t, home)
		a := vaultModel(t, true, 80, 24)
		a = writeBackup(t, a, filepath.Join(home, "backup.age"))
		a = press(t, a, "ctrl+s")
		b := vaultModel(t, true, 80, 24)
		d := b.c.store.List()[0] // Dr. Amara Okafor
		d.Fields[2].Value = "+44 20 7946 0000"
		if _, err := b.c.store.Save(d); err != nil {
			t.Fatal(err)
		}
		b = openImport(t, b)
		b = pickFile(t, b, "backup.age")
		b = typeText(t, b, backupPass)
		b = press(t, b, "enter")
		from, _ := a.c.store.Recipient()
		golden(t, strings.ReplaceAll(view(b), abbreviateKey(from), "age1xxxxxxxx…xxxxxxxx"))
	})
	handoffOf2 := func(t *testing.T) model {
		t.Setenv("HOME", "/home/pa")
		m := vaultModel(t, true, 80, 24)
		m = press(t, m, "j", "j", "O") // Eleanor Vance passport
		m = press(t, m, "/")
		m = typeText(t, m, "#home")
		return press(t, m, "enter", "a", "esc", "enter") // mark the alarm codes too
	}
	t.Run("handoff_what", func(t *testing.T) {
		m := handoffOf2(t)
		m = press(t, m, "down", "down", "space") // the passport number goes
		golden(t, view(m))
	})
	t.Run("handoff_preview", func(t *testing.T) {
		m := handoffOf2(t)
		m = press(t, m, "enter")
		mustContain(t, view(m), "Hand over  2 dossiers marked")
		m = typeText(t, m, "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
		m = press(t, m, "ctrl+s")
		golden(t, view(m))
	})
}

// TestExchangeScreens_Fit checks the new screens fill the window exactly,
// at 80×24 and small, and that q is a letter where a passphrase is typed.
func TestExchangeScreens_Fit(t *testing.T) {
	setHome(t, t.TempDir())
	m := vaultModel(t, true, 80, 24)
	for _, open := range []struct {
		key    string
		screen screen
	}{{"B", screenBackup}, {"O", screenHandoff}, {"I", screenImport}, {"C", screenContacts}, {"#", screenTags}} {
		m = press(t, m, open.key)
		if m.screen != open.screen {
			t.Fatalf("%s opened screen %d", open.key, m.screen)
		}
		for _, size := range [][2]int{{50, 15}, {80, 24}} {
			m = send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			lines := strings.Split(view(m), "\n")
			if len(lines) != size[1] {
				t.Fatalf("%s at %dx%d: %d lines", open.key, size[0], size[1], len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Fatalf("%s at %dx%d: line %d is %d wide: %q", open.key, size[0], size[1], i, w, l)
				}
			}
		}
		m = press(t, m, "esc")
		if m.screen != screenMain {
			t.Fatalf("esc did not leave %s", open.key)
		}
	}
	m = press(t, m, "B")
	m = typeText(t, m, "q?")
	if m.quitting || m.fullHelp || m.backup.pass.Value() != "q?" {
		t.Fatal("q or ? typed into the passphrase acted as keys")
	}
	m = press(t, m, "esc", "?")
	mustContain(t, view(m), "B backup", "O hand over", "I import")
}

// TestImport_LockDropsFile checks that locking while a file's preview is
// open wipes what the file held and shows none of it after.
func TestImport_LockDropsFile(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	writeSampleBackup(t, []string{filepath.Join(home, "whole.age")}, []vault.Seal{{Passphrase: []byte(backupPass), WorkFactor: 10}})
	m := vaultModel(t, false, 80, 24)
	m = openImport(t, m)
	m = pickFile(t, m, "whole.age")
	m = typeText(t, m, backupPass)
	m = press(t, m, "enter")
	held := m.imp.bundle
	if held == nil || len(held.Dossiers) != 4 {
		t.Fatalf("no preview:\n%s", view(m))
	}
	m = press(t, m, "ctrl+l")
	if m.imp.bundle != nil || held.Dossiers != nil {
		t.Fatal("locking kept the file's dossiers")
	}
	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	if m.screen != screenMain || m.c.store.Len() != 0 {
		t.Fatalf("after unlocking: screen %d, %d dossiers", m.screen, m.c.store.Len())
	}
	mustNotContain(t, view(m), "Okafor")
}

// TestImport_IdentityFileAndPlaintext: a handoff addressed to someone else
// opens with an identity file typed in (a wrong one is said so, and the
// path stays to correct); a plaintext export is read once the person says
// so, and the done screen says to delete it.
func TestImport_IdentityFileAndPlaintext(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	to := keyOf(t, filepath.Join(home, "colleague-key.txt"))
	keyOf(t, filepath.Join(home, "wrong-key.txt"))
	writeSampleBackup(t, []string{filepath.Join(home, "for-the-colleague.age")}, []vault.Seal{{To: []string{to}}})
	os.WriteFile(filepath.Join(home, "passwords.csv"), []byte(
		"\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\"\n"+
			"\"Root\",\"Bank\",\"eleanor\",\"hunter2\",\"https://bank.example\",\"\"\n"), 0o600)

	m := vaultModel(t, false, 100, 24)
	m = openImport(t, m)
	m = pickFile(t, m, "for-the-colleague.age")
	if m.imp.stage != impIdentity {
		t.Fatalf("no identity asked:\n%s", view(m))
	}
	mustContain(t, view(m), "not addressed to this vault", "X25519 recipient")
	m = typeText(t, m, "~/wrong-key.txt")
	m = press(t, m, "enter")
	mustContain(t, view(m), "that identity does not open the file either")
	if m.imp.stage != impIdentity || m.imp.ident.Value() != "~/wrong-key.txt" {
		t.Fatalf("after a wrong identity: stage %d, path %q", m.imp.stage, m.imp.ident.Value())
	}
	m.imp.ident.SetValue("~/colleague-key.txt")
	m = press(t, m, "enter")
	if m.imp.stage != impPreview {
		t.Fatalf("the right identity did not open the file:\n%s", view(m))
	}
	mustContain(t, view(m), "4 new")
	m = press(t, m, "enter", "y")
	mustContain(t, view(m), "Imported from for-the-colleague.age", "4 new")
	if m.c.store.Len() != 4 {
		t.Fatalf("imported %d", m.c.store.Len())
	}
	mustNotContain(t, view(m), "delete")
	m = press(t, m, "enter")

	m = openImport(t, m)
	m = pickFile(t, m, "passwords.csv")
	if m.imp.stage != impPlaintext {
		t.Fatalf("a plaintext export was not asked about:\n%s", view(m))
	}
	mustContain(t, view(m), "This file is not encrypted", "delete it")
	if m.c.store.Len() != 4 {
		t.Fatal("asking read the file into the vault")
	}
	m = press(t, m, "enter")
	if m.imp.stage != impPreview {
		t.Fatalf("the plaintext export did not open:\n%s", view(m))
	}
	mustContain(t, view(m), "keepassxc · 1 dossier", "Bank (vendor)")
	m = press(t, m, "enter", "y")
	mustContain(t, view(m), "now delete passwords.csv: it holds every secret in the clear")
	d, err := m.c.store.Resolve("Bank")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := d.Field("Password"); !ok || f.Value != "hunter2" || !f.Secret {
		t.Fatalf("the password came over as %+v", f)
	}
}

// TestContacts_AddRemove: the address book adds a colleague after checking
// the key (a bad one is said so and nothing is saved), lists them, offers
// them to a handoff, and removes one only after asking.
func TestContacts_AddRemove(t *testing.T) {
	setHome(t, t.TempDir())
	m := vaultModel(t, true, 100, 24)
	m = press(t, m, "C")
	if m.screen != screenContacts {
		t.Fatalf("C opened screen %d", m.screen)
	}
	mustContain(t, view(m), "Address book", "no contacts yet: a adds one")
	m = press(t, m, "a")
	if !m.typing() {
		t.Fatal("the add form does not take typing")
	}
	m = typeText(t, m, "Maria q?")
	m = press(t, m, "enter") // to the key
	m = typeText(t, m, "age1notakey")
	m = press(t, m, "enter")
	mustContain(t, view(m), "Add a contact", "age1notakey")
	if cs, _ := m.c.store.Contacts(); len(cs) != 0 {
		t.Fatal("a bad key was saved")
	}
	mustContain(t, view(m), "not a recipient")
	m.contacts.key.SetValue("age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
	m = press(t, m, "enter")
	mustContain(t, view(m), "Address book", "Maria q?", "age1ql3z7hjy")
	if cs, _ := m.c.store.Contacts(); len(cs) != 1 || cs[0].Name != "Maria q?" {
		t.Fatalf("contacts after adding: %+v", cs)
	}
	m = press(t, m, "esc", "O")
	mustContain(t, view(m), "Maria q?")
	m = press(t, m, "esc", "C", "x")
	if m.confirm == nil {
		t.Fatal("x removed without asking")
	}
	mustContain(t, view(m), "Remove Maria q? from the address book?")
	m = press(t, m, "n")
	if cs, _ := m.c.store.Contacts(); len(cs) != 1 {
		t.Fatal("n removed the contact")
	}
	m = press(t, m, "x", "y")
	if cs, _ := m.c.store.Contacts(); len(cs) != 0 {
		t.Fatalf("y left %d contacts", len(cs))
	}
	mustContain(t, view(m), "no contacts yet")
}

// TestSetup_RestoresBackup: the first-run screen makes the new vault from a
// backup when asked (ctrl+r): a wrong backup passphrase is said so with the
// cursor on it and nothing is created; the right one restores every
// dossier, with the backup's handoff identity, under the new passphrase.
func TestSetup_RestoresBackup(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	oldRecipient := writeSampleBackup(t, []string{filepath.Join(home, "old-laptop.age")}, []vault.Seal{{Passphrase: []byte(backupPass), WorkFactor: 10}})

	clk := newClock()
	m := newTestModel(t, nil, clk, 80, 30)
	mustContain(t, view(m), "ctrl+r restore a backup instead")
	m = press(t, m, "ctrl+r")
	mustContain(t, view(m), "Restore a backup", "Backup file", "Its passphrase", "Identity file", "New passphrase")
	for _, size := range [][2]int{{80, 24}, {70, 18}, {60, 20}} {
		small := send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		v := view(small)
		lines := strings.Split(v, "\n")
		// The dialog's right corners show that no row was cut to fit.
		if len(lines) != size[1] || !strings.Contains(v, "Again") || !strings.Contains(v, "ctrl+r a new empty vault") ||
			!strings.Contains(v, "╮") || !strings.Contains(v, "╯") {
			t.Fatalf("the restore form at %dx%d: %d lines, or a field cut off:\n%s", size[0], size[1], len(lines), v)
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Fatalf("the restore form at %dx%d: line %d is %d wide", size[0], size[1], i, w)
			}
		}
	}
	if !m.typing() {
		t.Fatal("the restore form does not take typing")
	}
	fill := func(m model, backupPassphrase string) model {
		m.setup.file.SetValue("~/old-laptop.age")
		m = press(t, m, "tab")
		m = typeText(t, m, backupPassphrase)
		m = press(t, m, "tab", "tab")
		m = typeText(t, m, "new vault words")
		m = press(t, m, "tab")
		m = typeText(t, m, "new vault words")
		return m
	}
	m = fill(m, "not the passphrase")
	m = press(t, m, "enter")
	mustContain(t, view(m), "wrong passphrase for the backup")
	mustNotContain(t, view(m), "not the passphrase", "new vault words")
	if m.setup.focus != 1 || m.c.store != nil || m.screen != screenSetup {
		t.Fatalf("after a wrong passphrase: focus %d, store %v, screen %d", m.setup.focus, m.c.store, m.screen)
	}
	if _, err := os.Stat(m.c.cfg.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a failed restore left %s: %v", m.c.cfg.Path, err)
	}
	m = press(t, m, "shift+tab")
	m = fill(m, backupPass)
	m = press(t, m, "enter")
	if m.screen != screenMain || m.c.store == nil {
		t.Fatalf("after the restore: screen %d\n%s", m.screen, view(m))
	}
	t.Cleanup(func() { m.c.store.Close() })
	mustContain(t, view(m), "vault restored from the backup: 4 dossiers", "Dr. Amara Okafor")
	if got, _ := m.c.store.Recipient(); got != oldRecipient {
		t.Errorf("the restored vault's recipient is %s, want the backup's %s", got, oldRecipient)
	}
	m.c.store.Lock()
	if err := m.c.store.Unlock([]byte("new vault words")); err != nil {
		t.Fatalf("the new passphrase does not unlock the restored vault: %v", err)
	}
}

// TestSetup_RestoresBackupToKey: a backup encrypted to a key asks for the
// identity file (the cursor goes there), then restores with it.
func TestSetup_RestoresBackupToKey(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	to := keyOf(t, filepath.Join(home, "key.txt"))
	writeSampleBackup(t, []string{filepath.Join(home, "to-key.age")}, []vault.Seal{{To: []string{to}}})

	m := newTestModel(t, nil, newClock(), 80, 30)
	m = press(t, m, "ctrl+r")
	m.setup.file.SetValue("~/to-key.age")
	m.setup.inputs[0].SetValue("new vault words")
	m.setup.inputs[1].SetValue("new vault words")
	m = press(t, m, "tab", "tab", "tab", "tab", "enter")
	mustContain(t, view(m), "not addressed to this vault")
	if m.setup.focus != 2 || m.c.store != nil {
		t.Fatalf("a backup for a key, without its identity: focus %d, store %v", m.setup.focus, m.c.store)
	}
	m = typeText(t, m, "~/key.txt")
	m = press(t, m, "tab")
	m = typeText(t, m, "new vault words")
	m = press(t, m, "tab")
	m = typeText(t, m, "new vault words")
	m = press(t, m, "enter")
	if m.screen != screenMain || m.c.store == nil {
		t.Fatalf("the identity file did not restore:\n%s", view(m))
	}
	t.Cleanup(func() { m.c.store.Close() })
	mustContain(t, view(m), "4 dossiers")
}

// TestBackup_SaysWhatItLeftOut: a backup that left damaged values out says
// so, on its done screen and in the status line, by name.
func TestBackup_SaysWhatItLeftOut(t *testing.T) {
	setHome(t, t.TempDir())
	m := vaultModel(t, true, 100, 24)
	m = press(t, m, "B")
	m = send(t, m, wroteMsg{path: "/home/pa/b.age", dossiers: 3, to: "a backup passphrase", unreadable: []string{"log entry 1", "attachment scan.pdf of dossier 1a2b3c4d"}})
	mustContain(t, view(m), "Backup written", "left out: log entry 1, attachment scan.pdf of dossier 1a2b3c4d; confidant verify shows what is",
		"leaving out 2 values it could not read or hold")
}

// TestImport_TypedPath: the import's file picker takes a typed path too.
func TestImport_TypedPath(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	writeSampleBackup(t, []string{filepath.Join(home, "whole.age")}, []vault.Seal{{Passphrase: []byte(backupPass), WorkFactor: 10}})
	os.WriteFile(filepath.Join(home, "another.age"), []byte("not this one"), 0o600)
	m := vaultModel(t, false, 80, 24)
	m = openImport(t, m)
	m = typeText(t, m, "~/wh")
	m = press(t, m, "tab", "enter")
	if m.imp.stage != impPassphrase || m.imp.path != filepath.Join(home, "whole.age") {
		t.Fatalf("a typed path: stage %d, path %q:\n%s", m.imp.stage, m.imp.path, view(m))
	}
}

// A post-quantum key beside a classic one cannot share a file: the choice
// is refused in words, before a preview promises a file that age would
// not write.
func TestHandoff_MixedKeysRefused(t *testing.T) {
	setHome(t, t.TempDir())
	_, rcpt := colleague(t, 80, 24)
	pq, err := vault.Create(filepath.Join(t.TempDir(), "pq.db"), []byte(testPass), vault.CreateOptions{WorkFactor: 10, PostQuantum: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pq.Close()
	pqKey, _ := pq.Recipient()
	a := withContact(t, vaultModel(t, true, 80, 24), rcpt)
	a = press(t, a, "O", "enter", "enter", "space", "tab")
	a = send(t, a, tea.PasteMsg{Content: pqKey})
	a = press(t, a, "ctrl+s")
	if a.handoff.stage != handOptions || a.handoff.busy {
		t.Fatalf("went on to a preview:\n%s", view(a))
	}
	mustContain(t, view(a), "post-quantum (age1pq1…) and classic keys cannot share a file")
}

// TestImport_ForgedHandoffRefused: a handoff sealed by one vault that names
// another as its writer is refused on the import screen, with what to do,
// and nothing is written.
func TestImport_ForgedHandoffRefused(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	b, rcpt := colleague(t, 100, 30)
	a := vaultModel(t, true, 80, 24)
	claimed, _ := a.c.store.Recipient()
	mallory, err := vault.Create(filepath.Join(t.TempDir(), "m.db"), []byte(testPass), vault.CreateOptions{WorkFactor: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mallory.Close()
	d, err := mallory.Add(vault.New("Acme Travel", vault.KindVendor))
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := mallory.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}, From: claimed})
	if err != nil {
		t.Fatal(err)
	}
	if err := vault.WriteBundleFile(filepath.Join(home, "forged.age"), bundle, vault.Seal{To: []string{rcpt}, Sender: mallory}, false); err != nil {
		t.Fatal(err)
	}
	b = openImport(t, b)
	b = pickFile(t, b, "forged.age")
	if b.imp.stage != impPick || b.imp.bundle != nil {
		t.Fatalf("a forged handoff was opened:\n%s", view(b))
	}
	mustContain(t, view(b), "it was not sealed by the vault it names as its writer", "ask the sender")
	if b.c.store.Len() != 0 {
		t.Fatal("the vault changed")
	}
}

// TestImport_OlderCopyShown: a handoff whose dossier was changed here after
// the file's copy (an old file sent again) is marked in the preview, and
// the footer says that replacing goes back.
func TestImport_OlderCopyShown(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	b, rcpt := colleague(t, 120, 30)
	// The colleague's vault, whose clock says January: before this vault's.
	january := func() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) }
	a, err := vault.Create(filepath.Join(t.TempDir(), "a.db"), []byte(testPass), vault.CreateOptions{WorkFactor: 10}, &vault.Options{Now: january})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	d, err := a.Add(vault.New("Acme Travel", vault.KindVendor))
	if err != nil {
		t.Fatal(err)
	}
	from, _ := a.Recipient()
	bundle, err := a.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}, From: from})
	if err != nil {
		t.Fatal(err)
	}
	if err := vault.WriteBundleFile(filepath.Join(home, "acme.age"), bundle, vault.Seal{To: []string{rcpt}, Sender: a}, false); err != nil {
		t.Fatal(err)
	}
	// Imported here, then changed here.
	if _, err := b.c.store.Import(bundle, vault.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	here, err := b.c.store.Get(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	here.Fields[here.FieldIndex("Phone")].Value = "+44 20 7946 0000" // the file's is empty
	if _, err := b.c.store.Save(here); err != nil {
		t.Fatal(err)
	}
	b = openImport(t, b)
	b = pickFile(t, b, "acme.age")
	mustContain(t, view(b), "Acme Travel (vendor) · 1 change · yours is newer",
		"1 matching dossier changed here after the file's copy: replacing goes back (an old file sent again?)")
}

// TestVaultCopy_NamedAsSuch: a copy of a vault (backup --copy) given to the
// first-run restore or to the import screen is named for what it is, with
// what to do, instead of "file is not age-encrypted" or the question meant
// for another program's plaintext export; nothing is created or imported.
func TestVaultCopy_NamedAsSuch(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	src := newTestStore(t, newClock())
	if _, err := src.Add(vault.New("Eleanor Vance", vault.KindClient)); err != nil {
		t.Fatal(err)
	}
	if err := src.CopyTo(filepath.Join(home, "nightly.db")); err != nil {
		t.Fatal(err)
	}

	m := newTestModel(t, nil, newClock(), 90, 30)
	m = press(t, m, "ctrl+r")
	m.setup.file.SetValue("~/nightly.db")
	m.setup.inputs[0].SetValue("new vault words")
	m.setup.inputs[1].SetValue("new vault words")
	m = press(t, m, "tab", "tab", "tab", "tab", "enter")
	mustContain(t, view(m), "nightly.db is a vault (from backup --copy), opened as it is with", "its own passphrase: copy it to")
	if _, err := os.Stat(m.c.cfg.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a vault was made: %v", err)
	}

	b := vaultModel(t, false, 120, 30)
	b = openImport(t, b)
	b = pickFile(t, b, "nightly.db")
	if b.imp.stage != impPick || b.c.store.Len() != 0 {
		t.Fatalf("the copy was taken for an export:\n%s", view(b))
	}
	mustContain(t, view(b), "nightly.db is a vault file (a copy from backup --copy), not an export")
}

// TestImport_SpreadsheetColumns: the preview of a spreadsheet says what
// each column becomes before anything is written, and the rows become
// dossiers with their secrets masked.
func TestImport_SpreadsheetColumns(t *testing.T) {
	xml, err := os.ReadFile("../vault/importers/testdata/keepassxc.xml")
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile("../vault/importers/testdata/keepassxc.csv")
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	setHome(t, home)
	os.WriteFile(filepath.Join(home, "clients.csv"), []byte(
		"Name,Mobile,Passport number,Passport expiry,Notes,Portal password\n"+
			"Margaret Chen,+1 212 555 0142,K1234567,2029-03-14,aisle seat,Summer2024!!\n"), 0o600)
	m := vaultModel(t, false, 100, 24)
	m = openImport(t, m)
	m = pickFile(t, m, "clients.csv")
	mustContain(t, view(m), "a spreadsheet or")
	m = press(t, m, "enter")
	if m.imp.stage != impPreview {
		t.Fatalf("the spreadsheet did not open:\n%s", view(m))
	}
	mustContain(t, view(m), "spreadsheet · 1 dossier", "Columns", "Name (title), Mobile (phone), Passport number (secret),",
		"Passport expiry (date,", "reminded), Notes (notes)", "Margaret Chen (client)")
	mustNotContain(t, view(m), "K1234567")
	if m.c.store.Len() != 0 {
		t.Fatal("the preview wrote")
	}
	m = press(t, m, "enter", "y")
	mustContain(t, view(m), "now delete clients.csv", "of the 1 password brought in, 1 common: is:weak and is:reused find them")
	mustNotContain(t, view(m), "Summer2024")
	d, err := m.c.store.Resolve("Margaret Chen")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := d.Field("Passport number"); !ok || f.Value != "K1234567" || !f.Secret {
		t.Errorf("the passport number came over as %+v", f)
	}
	if len(d.Dates) != 1 || d.Dates[0].Label != "Passport expiry" || d.Dates[0].Remind.Months != 6 {
		t.Errorf("dates %+v", d.Dates)
	}
	// Another kind of file shows no columns.
	os.WriteFile(filepath.Join(home, "retreat.md"), []byte("# Retreat\nGleneagles\n"), 0o600)
	m = press(t, m, "enter")
	m = openImport(t, m)
	m = pickFile(t, m, "retreat.md")
	m = press(t, m, "enter")
	mustContain(t, view(m), "text · 1 dossier")
	mustNotContain(t, view(m), "Columns", "Fields")
	// Another program's export shows its fields, by label.
	os.WriteFile(filepath.Join(home, "keepassxc.xml"), xml, 0o600)
	m = press(t, m, "esc", "esc") // the preview, then the picker
	if m.screen != screenMain {
		t.Fatalf("esc esc left the import on\n%s", view(m))
	}
	m = openImport(t, m)
	m = pickFile(t, m, "keepassxc.xml")
	m = press(t, m, "enter")
	mustContain(t, view(m), "keepass-xml · 2 dossiers", "Fields", "Frequent flyer, Mobile", "Passport number (secret)")
	mustNotContain(t, view(m), "533401234", "Columns", "Note")
	// KeePassXC's CSV: a note on what it leaves behind.
	os.WriteFile(filepath.Join(home, "keepassxc.csv"), csv, 0o600)
	m = press(t, m, "esc", "esc")
	m = openImport(t, m)
	m = pickFile(t, m, "keepassxc.csv")
	m = press(t, m, "enter")
	mustContain(t, view(m), "keepassxc · ", "Note", "KeePassXC's CSV leaves out each entry's own fields")
}

// TestContacts_OwnRecipient: the address book shows this vault's own
// recipient, which colleagues need to hand dossiers to it, and y puts it
// on the clipboard (the system clipboard too, and it is not cleared: it
// is public).
func TestContacts_OwnRecipient(t *testing.T) {
	m, _ := mainModel(t, 120, 30)
	var written []string
	m.c.sysClipboard = func(s string) error { written = append(written, s); return nil }
	rcpt, err := m.c.store.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "C")
	mustContain(t, view(m), "this vault's recipient: "+AbbreviateKey(rcpt)+" · y copies it for colleagues")
	m = press(t, m, "y")
	mustContain(t, view(m), "this vault's recipient is on the clipboard")
	if !slices.Equal(written, []string{rcpt}) {
		t.Errorf("the system clipboard got %q", written)
	}
}
