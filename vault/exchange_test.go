package vault_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/vault"
)

// exportedVault returns a store with two dossiers (one with an attachment
// and an earlier version) and a contact.
func exportedVault(t *testing.T) *vault.Store {
	t.Helper()
	s, _ := newClockStore(t)
	d, err := s.Add(sampleDossier())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Attach(d.ID, "scan.pdf", "application/pdf", []byte("%PDF-1.7 passport scan")); err != nil {
		t.Fatal(err)
	}
	v := vault.New("Acme Travel", vault.KindVendor)
	v.Fields[2].Value = "+44 20 7946 0958"
	if _, err := s.Add(v); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddContact("Maria", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"); err != nil {
		t.Fatal(err)
	}
	return s
}

func encodeParse(t *testing.T, b *vault.Bundle) *vault.Bundle {
	t.Helper()
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := vault.ParseBundle(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestStore_Export_Restore_RoundTrip(t *testing.T) {
	s := exportedVault(t)
	b, err := s.Export(vault.Backup())
	if err != nil {
		t.Fatal(err)
	}
	got := encodeParse(t, b)
	if got.Purpose != vault.PurposeBackup || len(got.Dossiers) != 2 || len(got.Contacts) != 1 {
		t.Fatalf("parsed backup: purpose %q, %d dossiers, %d contacts", got.Purpose, len(got.Dossiers), len(got.Contacts))
	}
	r := newTestStore(t)
	if err := r.Restore(got, "backup.age"); err != nil {
		t.Fatal(err)
	}
	r = reopen(t, r)
	for _, want := range s.List() {
		have, err := r.Get(want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(have, want) {
			t.Errorf("restored dossier differs:\n got %+v\nwant %+v", have, want)
		}
		hs, err := r.History(want.ID)
		ws, _ := s.History(want.ID)
		if err != nil || len(hs) != len(ws) {
			t.Errorf("history of %s: %d versions (%v), want %d", want.Title, len(hs), err, len(ws))
		}
		for _, a := range want.Attachments {
			data, _, err := r.Attachment(want.ID, a.Name)
			if err != nil || string(data) != "%PDF-1.7 passport scan" {
				t.Errorf("attachment %s: %q, %v", a.Name, data, err)
			}
		}
	}
	if cs, err := r.Contacts(); err != nil || len(cs) != 1 || cs[0].Name != "Maria" {
		t.Errorf("contacts after restore: %v, %v", cs, err)
	}
	if err := r.Restore(got, "again"); !errors.Is(err, vault.ErrInvalid) {
		t.Errorf("Restore into a vault with dossiers = %v, want ErrInvalid", err)
	}
}

func TestStore_Export_Handoff(t *testing.T) {
	s := exportedVault(t)
	d, _ := s.Resolve("Eleanor Vance")
	b, err := s.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}})
	if err != nil {
		t.Fatal(err)
	}
	got := encodeParse(t, b)
	if got.Purpose != vault.PurposeHandoff || len(got.Dossiers) != 1 || len(got.Contacts) != 0 {
		t.Fatalf("handoff: %q, %d dossiers, %d contacts", got.Purpose, len(got.Dossiers), len(got.Contacts))
	}
	h := got.Dossiers[0]
	for _, f := range h.Dossier.Fields {
		if f.Secret {
			t.Errorf("secret field %q left in a handoff", f.Label)
		}
	}
	if len(h.Dossier.Attachments) != 0 || len(h.Content) != 0 || len(h.History) != 0 {
		t.Error("attachments or history left in a handoff without asking")
	}
	b, _ = s.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}, Secrets: true, Attachments: true})
	got = encodeParse(t, b)
	if n := len(got.Dossiers[0].Content); n != 1 {
		t.Errorf("handoff with attachments carries %d contents", n)
	}
	if _, ok := got.Dossiers[0].Dossier.Field("Number"); !ok {
		t.Error("--include-secrets left out the secret field")
	}
}

func TestStore_Import_Policies(t *testing.T) {
	src := exportedVault(t)
	b, err := src.Export(vault.ExportOptions{IDs: ids(src.List()), Attachments: true, From: "age1sender"})
	if err != nil {
		t.Fatal(err)
	}
	bundle := encodeParse(t, b)

	dst, _ := newClockStore(t)
	plan, err := dst.PlanImport(bundle, vault.Skip)
	if err != nil || plan.Count(vault.ActionNew) != 2 {
		t.Fatalf("plan into an empty vault: %+v, %v", plan, err)
	}
	if dst.Len() != 0 {
		t.Fatal("PlanImport wrote")
	}
	done, err := dst.Import(bundle, vault.ImportOptions{Source: "h.age", SHA256: [32]byte{1}})
	if err != nil || done.Count(vault.ActionNew) != 2 || dst.Len() != 2 {
		t.Fatalf("Import: %+v, %v", done, err)
	}
	e, _ := dst.Resolve("Eleanor Vance")
	if p := e.Provenance; p == nil || p.From != "age1sender" || !strings.HasPrefix(p.Source, "h.age sha256:01") || p.Imported.IsZero() {
		t.Errorf("provenance %+v", e.Provenance)
	}
	if len(e.Attachments) != 1 {
		t.Errorf("imported %d attachments", len(e.Attachments))
	}
	if ev, _ := dst.Log(e.ID); len(ev) == 0 || ev[0].Action != vault.ActImported {
		t.Errorf("no imported event: %+v", ev)
	}

	// Change one locally; importing again matches both by ID.
	e.Notes = "changed here"
	e.Fields = append(e.Fields, vault.Field{Label: "PIN", Value: "1234", Secret: true})
	if _, err := dst.Save(e); err != nil {
		t.Fatal(err)
	}
	plan, _ = dst.PlanImport(bundle, vault.Skip)
	if plan.Conflicts() != 2 || plan.Count(vault.ActionSkip) != 2 {
		t.Fatalf("second plan: %d conflicts, %d skips", plan.Conflicts(), plan.Count(vault.ActionSkip))
	}
	var changed []vault.Change
	for _, it := range plan.Items {
		if it.Match == e.ID {
			changed = it.Changes
			if it.MatchBy != "id" {
				t.Errorf("matched by %q", it.MatchBy)
			}
		}
	}
	if !reflect.DeepEqual(changed, []vault.Change{{What: "notes", How: "changed"}}) {
		t.Errorf("changes %+v", changed)
	}
	if _, err := dst.Import(bundle, vault.ImportOptions{Policy: vault.Replace, Source: "h.age"}); err != nil {
		t.Fatal(err)
	}
	e2, _ := dst.Get(e.ID)
	if e2.Notes == "changed here" || e2.Version != e.Version+2 {
		t.Errorf("replace: notes %q, version %d", e2.Notes, e2.Version)
	}
	if f, ok := e2.Field("PIN"); !ok || f.Value != "1234" {
		t.Error("replace erased a secret field the handoff did not carry")
	}
	if _, err := dst.Import(bundle, vault.ImportOptions{Policy: vault.KeepBoth, Source: "h.age"}); err != nil {
		t.Fatal(err)
	}
	if dst.Len() != 4 {
		t.Errorf("keep-both: %d dossiers, want 4", dst.Len())
	}
	if _, err := dst.Resolve("Eleanor Vance (imported)"); err != nil {
		t.Error(err)
	}
}

// TestStore_Import_AllOrNothing: a dossier that fails validation stops the
// whole import before anything is written.
func TestStore_Import_AllOrNothing(t *testing.T) {
	s := newTestStore(t)
	good := vault.New("Good", vault.KindNote)
	bad := vault.New("", vault.KindNote)
	b := &vault.Bundle{Purpose: vault.PurposeHandoff, Dossiers: []vault.BundleDossier{{Dossier: good}, {Dossier: bad}}}
	if _, err := s.Import(b, vault.ImportOptions{Source: "x"}); !errors.Is(err, vault.ErrInvalid) {
		t.Fatalf("Import = %v, want ErrInvalid", err)
	}
	s = reopen(t, s)
	if s.Len() != 0 {
		t.Fatalf("a failed import left %d dossiers", s.Len())
	}
}

func TestParseBundle_Invalid(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		want       error
	}{
		{"not json", "hello", vault.ErrBundle},
		{"no format", `{"purpose":"backup"}`, vault.ErrBundle},
		{"future format", `{"format":"confidant-bundle/v2","dossiers":7}`, vault.ErrBundleVersion},
		{"bad purpose", `{"format":"confidant-bundle/v1","purpose":"x","created":"","count":0,"dossiers":[]}`, vault.ErrBundle},
		{"count mismatch", `{"format":"confidant-bundle/v1","purpose":"backup","count":2,"dossiers":[]}`, vault.ErrBundle},
		{"deep", `{"format":"confidant-bundle/v1","x":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `}`, vault.ErrBundle},
		{"unknown kind", `{"format":"confidant-bundle/v1","purpose":"handoff","count":1,"dossiers":[{"title":"a","kind":"spaceship"}]}`, vault.ErrBundle},
		{"bad hash", `{"format":"confidant-bundle/v1","purpose":"handoff","count":1,"dossiers":[{"title":"a","kind":"note","attachments":[{"id":"00000000000000000000000000000001","name":"x","size":1,"sha256":"` + strings.Repeat("00", 32) + `","content":"QQ=="}]}]}`, vault.ErrBundle},
		{"trash in a handoff", `{"format":"confidant-bundle/v1","purpose":"handoff","count":0,"dossiers":[],"trash":[{"id":"00000000000000000000000000000001","version":1,"title":"a","kind":"note","deleted":"2026-01-01T00:00:00Z"}]}`, vault.ErrBundle},
		{"log in a handoff", `{"format":"confidant-bundle/v1","purpose":"handoff","count":0,"dossiers":[],"log":[{"seq":1,"time":"2026-01-01T00:00:00Z","action":"created"}]}`, vault.ErrBundle},
		{"log out of order", `{"format":"confidant-bundle/v1","purpose":"backup","count":0,"dossiers":[],"log":[{"seq":2,"time":"2026-01-01T00:00:00Z","action":"created"},{"seq":1,"time":"2026-01-01T00:00:00Z","action":"edited"}]}`, vault.ErrBundle},
		{"trash without deleted", `{"format":"confidant-bundle/v1","purpose":"backup","count":0,"dossiers":[],"trash":[{"id":"00000000000000000000000000000001","version":1,"title":"a","kind":"note"}]}`, vault.ErrBundle},
		{"deleted outside the trash", `{"format":"confidant-bundle/v1","purpose":"backup","count":1,"dossiers":[{"title":"a","kind":"note","deleted":"2026-01-01T00:00:00Z"}]}`, vault.ErrBundle},
		{"ID in dossiers and trash", `{"format":"confidant-bundle/v1","purpose":"backup","count":1,"dossiers":[{"id":"00000000000000000000000000000001","version":1,"title":"a","kind":"note"}],"trash":[{"id":"00000000000000000000000000000001","version":1,"title":"a","kind":"note","deleted":"2026-01-01T00:00:00Z"}]}`, vault.ErrBundle},
		{"bad identity", `{"format":"confidant-bundle/v1","purpose":"backup","count":0,"dossiers":[],"identity":"AGE-SECRET-KEY-1hunter2"}`, vault.ErrBundle},
		{"secret in error", `{"format":"confidant-bundle/v1","purpose":"handoff","count":1,"dossiers":[{"title":"a","kind":"note","fields":[{"label":"E","type":"email","value":"hunter2-secret"}]}]}`, vault.ErrBundle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := vault.ParseBundle([]byte(tc.json))
			if !errors.Is(err, tc.want) {
				t.Fatalf("ParseBundle = %v, want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("error quotes a value: %v", err)
			}
		})
	}
}

func TestParseBundle_Testdata(t *testing.T) {
	files, _ := filepath.Glob("testdata/bundle/*.json")
	if len(files) == 0 {
		t.Fatal("no testdata/bundle/*.json")
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		b, err := vault.ParseBundle(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		again := encodeParse(t, b)
		if !reflect.DeepEqual(again, b) {
			t.Errorf("%s does not survive encode and parse", f)
		}
	}
}

func FuzzParseBundle(f *testing.F) {
	files, _ := filepath.Glob("testdata/bundle/*.json")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := vault.ParseBundle(data)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := b.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := vault.ParseBundle(buf.Bytes()); err != nil {
			t.Fatalf("a parsed bundle does not parse again: %v", err)
		}
	})
}

func benchStore(b *testing.B, n int) *vault.Store {
	b.Helper()
	s := newTestStore(b)
	rng := rand.New(rand.NewPCG(uint64(n), 2))
	bundle := &vault.Bundle{Purpose: vault.PurposeHandoff}
	for i := range n {
		bundle.Dossiers = append(bundle.Dossiers, vault.BundleDossier{Dossier: generateDossier(rng, i)})
	}
	if _, err := s.Import(bundle, vault.ImportOptions{Source: "bench"}); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkBackup is a whole-vault export of 10,000 dossiers encoded as a
// bundle (without encryption; see crypto's BenchmarkEncrypt for that).
func BenchmarkBackup(b *testing.B) {
	s := benchStore(b, 10000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		bundle, err := s.Export(vault.Backup())
		if err != nil {
			b.Fatal(err)
		}
		if err := bundle.Encode(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/(1<<20), "MiB")
}

// BenchmarkImport parses a bundle of 10,000 dossiers and imports it into an
// empty vault in one transaction.
func BenchmarkImport(b *testing.B) {
	src := benchStore(b, 10000)
	bundle, err := src.Export(vault.Backup())
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	bundle.Encode(&buf)
	for b.Loop() {
		b.StopTimer()
		dst := newTestStore(b)
		b.StartTimer()
		parsed, err := vault.ParseBundle(buf.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dst.Import(parsed, vault.ImportOptions{Source: "bench"}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		dst.Close()
		b.StartTimer()
	}
}

// TestStore_Backup_Restore_Whole: a backup carries the trash (with deletion
// times, history and attachments), the access log and the handoff identity,
// and a restore brings them all back; a handoff carries none of them.
func TestStore_Backup_Restore_Whole(t *testing.T) {
	s := exportedVault(t)
	gone, err := s.Add(vault.New("Old client", vault.KindClient))
	if err != nil {
		t.Fatal(err)
	}
	gone.Notes = "second version"
	if gone, err = s.Save(gone); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Attach(gone.ID, "contract.txt", "text/plain", []byte("signed")); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Record(vault.ActRevealed, s.List()[0].ID, "Number"); err != nil {
		t.Fatal(err)
	}
	wantTrash, err := s.Trash()
	if err != nil || len(wantTrash) != 1 {
		t.Fatalf("trash before: %v, %v", wantTrash, err)
	}
	wantLog, err := s.Log(vault.ID{})
	if err != nil {
		t.Fatal(err)
	}
	rcpt, _ := s.Recipient()

	b, err := s.Export(vault.Backup())
	if err != nil {
		t.Fatal(err)
	}
	got := encodeParse(t, b)
	if got.Identity == "" || len(got.Trash) != 1 || len(got.Log) != len(wantLog) {
		t.Fatalf("backup: identity %v, %d trashed, %d events (want %d)", got.Identity != "", len(got.Trash), len(got.Log), len(wantLog))
	}

	// A new vault from the backup's identity: same recipient, new vault key.
	c := newClock()
	path := filepath.Join(t.TempDir(), "restored.db")
	r, err := vault.Create(path, []byte("a new passphrase"), vault.CreateOptions{WorkFactor: 10, Identity: got.Identity}, &vault.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if err := r.Restore(got, "backup.age"); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r, err = vault.Open(path, &vault.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	if err := r.Unlock(testPassphrase); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Errorf("the old passphrase opens the restored vault: %v", err)
	}
	if err := r.Unlock([]byte("a new passphrase")); err != nil {
		t.Fatal(err)
	}
	if have, _ := r.Recipient(); have != rcpt {
		t.Errorf("restored recipient %s, want %s", have, rcpt)
	}

	haveTrash, err := r.Trash()
	if err != nil || len(haveTrash) != 1 {
		t.Fatalf("trash after restore: %v, %v", haveTrash, err)
	}
	if !reflect.DeepEqual(haveTrash[0], wantTrash[0]) {
		t.Errorf("trashed dossier differs:\n got %+v\nwant %+v", haveTrash[0], wantTrash[0])
	}
	hs, err := r.History(gone.ID)
	if ws, _ := s.History(gone.ID); err != nil || !reflect.DeepEqual(hs, ws) {
		t.Errorf("history of the trashed dossier: %d versions (%v), want %d", len(hs), err, len(ws))
	}
	back, err := r.RestoreTrash(gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if data, _, err := r.Attachment(back.ID, "contract.txt"); err != nil || string(data) != "signed" {
		t.Errorf("attachment of the trashed dossier: %q, %v", data, err)
	}

	haveLog, err := r.Log(vault.ID{})
	if err != nil {
		t.Fatal(err)
	}
	// Newest first: the restore's own events come before the backup's.
	var restored []vault.Event
	for _, e := range haveLog {
		if e.Action != vault.ActRestored {
			restored = append(restored, e)
		}
	}
	if !reflect.DeepEqual(restored, wantLog) {
		t.Errorf("log after restore:\n got %+v\nwant %+v", restored, wantLog)
	}
	if rep, err := r.Verify(); err != nil || !rep.OK() {
		t.Errorf("verify after restore: %+v, %v", rep, err)
	}

	// A handoff never carries the identity, the trash or the log, and a
	// bundle that says it is a handoff may not.
	h, err := s.Export(vault.ExportOptions{IDs: ids(s.List()), Secrets: true, Attachments: true, History: true})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := h.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	for _, member := range []string{`"identity"`, `"trash"`, `"log"`, "AGE-SECRET-KEY"} {
		if bytes.Contains(buf.Bytes(), []byte(member)) {
			t.Errorf("a handoff holds %s", member)
		}
	}
	buf.Reset()
	got.Purpose = vault.PurposeHandoff
	got.Encode(&buf)
	forged := strings.Replace(buf.String(), `"purpose":"handoff"`, `"purpose":"handoff","identity":"`+b.Identity+`"`, 1)
	if _, err := vault.ParseBundle([]byte(forged)); !errors.Is(err, vault.ErrBundle) || strings.Contains(err.Error(), "AGE-SECRET") {
		t.Errorf("a handoff with an identity: %v", err)
	}
}

// TestCreate_Identity: a bad identity to keep is refused and leaves no file.
func TestCreate_Identity(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	_, err := vault.Create(path, testPassphrase, vault.CreateOptions{WorkFactor: 10, Identity: "AGE-SECRET-KEY-1XYZ"}, nil)
	if !errors.Is(err, vault.ErrInvalid) || strings.Contains(err.Error(), "XYZ") {
		t.Fatalf("Create with a bad identity = %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a failed Create left a file")
	}
}

// TestStore_Contacts_LoggedVerified: adding and removing a contact is
// logged, and Verify reports a damaged contact.
func TestStore_Contacts_LoggedVerified(t *testing.T) {
	s := newTestStore(t)
	c, err := s.AddContact("Maria", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
	if err != nil {
		t.Fatal(err)
	}
	// One key, one name: a second name for Maria's key, or the vault's own
	// key, is refused and not logged.
	if _, err := s.AddContact("Kofi", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"); !errors.Is(err, vault.ErrInvalid) ||
		!strings.Contains(err.Error(), "already in the address book, as Maria") {
		t.Fatalf("Maria's key under another name: %v", err)
	}
	own, _ := s.Recipient()
	if _, err := s.AddContact("Kofi", own); !errors.Is(err, vault.ErrInvalid) || !strings.Contains(err.Error(), "this vault's own key") {
		t.Fatalf("the vault's own key: %v", err)
	}
	if _, err := s.AddContact("Kofi", "age177ataphcxgqjqcyk9ymtw06lsfx98eyat6065qazajcszgx6k4vqtp77pe"); err != nil {
		t.Fatal(err)
	}
	// An ssh key is the same key whatever its comment says.
	const ssh = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKy8kWmb3emAK0jL3CyZj72rOfz5yyy3ny0UKhTaMvPf"
	if _, err := s.AddContact("Ana", ssh+" ana@laptop"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddContact("Ana Work", ssh+"  ana@work"); !errors.Is(err, vault.ErrInvalid) {
		t.Fatalf("Ana's ssh key with another comment: %v", err)
	}
	if err := s.RemoveContact("ana"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveContact("kofi"); err != nil {
		t.Fatal(err)
	}
	// A name a backup could not carry as it is: refused, and not logged.
	if _, err := s.AddContact("Jos\xe9", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"); !errors.Is(err, vault.ErrInvalid) {
		t.Fatalf("a name that is not UTF-8: %v", err)
	}
	events, _ := s.Log(vault.ID{})
	if len(events) != 5 || events[0].Action != vault.ActContactRemoved || events[0].Detail != "Kofi" ||
		events[1].Detail != "Ana" || events[2].Action != vault.ActContactAdded || events[2].Detail != "Ana" ||
		events[3].Detail != "Kofi" || events[4].Detail != "Maria" {
		t.Errorf("contact events %+v", events)
	}
	if rep, err := s.Verify(); err != nil || !rep.OK() || rep.Values != 1+5 { // a contact, five log entries
		t.Fatalf("verify of a sound vault: %+v, %v", rep, err)
	}
	path := s.Path()
	s.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		flip(t, tx, "contacts", c.ID[:])
		return nil
	})
	s = openUnlocked(t, path, nil)
	rep, err := s.Verify()
	if err != nil {
		t.Fatal(err)
	}
	want := []vault.Problem{{Where: "contact " + c.ID.Short()}}
	if !reflect.DeepEqual(rep.Problems, want) {
		t.Errorf("problems %+v, want %+v", rep.Problems, want)
	}
	// A backup leaves the damaged contact out and says so, rather than
	// fail: one damaged value must not stop every backup.
	b, err := s.Export(vault.Backup())
	if err != nil {
		t.Fatalf("a backup of a vault with a damaged contact: %v", err)
	}
	defer b.Wipe()
	if len(b.Contacts) != 0 || !slices.Equal(b.Unreadable, []string{"a contact"}) {
		t.Errorf("backup with a damaged contact: %d contacts, unreadable %q", len(b.Contacts), b.Unreadable)
	}
	if _, err := s.Export(vault.ExportOptions{IDs: ids(s.List())}); err != nil {
		t.Errorf("a handoff does not carry contacts, so their damage does not matter: %v", err)
	}
}

// TestStore_Import_AttachmentsFollowTheirDossier: the plan lists dossiers
// by title, whatever their order in the bundle; each attachment's content
// still goes to the dossier that carried it.
func TestStore_Import_AttachmentsFollowTheirDossier(t *testing.T) {
	src, _ := newClockStore(t)
	want := map[string]string{}
	var order []vault.ID
	for _, title := range []string{"Zoe", "Anna", "Mila", "Bea"} {
		d, err := src.Add(vault.New(title, vault.KindClient))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := src.Attach(d.ID, "file.txt", "text/plain", []byte("content of "+title)); err != nil {
			t.Fatal(err)
		}
		want[title] = "content of " + title
		order = append(order, d.ID)
	}
	b, err := src.Export(vault.ExportOptions{IDs: order, Attachments: true})
	if err != nil {
		t.Fatal(err)
	}
	dst, _ := newClockStore(t)
	plan, err := dst.Import(encodeParse(t, b), vault.ImportOptions{Source: "handoff.age"})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, it := range plan.Items {
		titles = append(titles, it.Incoming.Title)
	}
	if !slices.Equal(titles, []string{"Anna", "Bea", "Mila", "Zoe"}) {
		t.Errorf("plan order %v, want by title", titles)
	}
	for _, d := range dst.List() {
		data, _, err := dst.Attachment(d.ID, "file.txt")
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != want[d.Title] {
			t.Errorf("%s holds %q", d.Title, data)
		}
	}
}

// TestStore_Import_ReusesPlan: Import carries out the plan PlanImport made
// when nothing was written since, and plans again when something was: a
// dossier added in between with the same title is then matched, not
// duplicated.
func TestStore_Import_ReusesPlan(t *testing.T) {
	src, _ := newClockStore(t)
	d, _ := src.Add(vault.New("Shared title", vault.KindNote))
	b, err := src.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}})
	if err != nil {
		t.Fatal(err)
	}
	b = encodeParse(t, b)

	dst, _ := newClockStore(t)
	plan, err := dst.PlanImport(b, vault.Skip)
	if err != nil {
		t.Fatal(err)
	}
	done, err := dst.Import(b, vault.ImportOptions{Source: "a.age", Plan: plan})
	if err != nil || done != plan || done.Count(vault.ActionNew) != 1 {
		t.Fatalf("Import with a fresh plan: %v, same plan %v", err, done == plan)
	}

	other, _ := newClockStore(t)
	plan, err = other.PlanImport(b, vault.Skip)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Add(vault.New("Shared title", vault.KindNote)); err != nil {
		t.Fatal(err)
	}
	done, err = other.Import(b, vault.ImportOptions{Source: "a.age", Plan: plan})
	if err != nil || done == plan || done.Count(vault.ActionSkip) != 1 || other.Len() != 1 {
		t.Fatalf("Import with a stale plan: %v, same plan %v, %d skipped, %d dossiers", err, done == plan, done.Count(vault.ActionSkip), other.Len())
	}
}

// TestImportPlan_Older: a matching dossier changed here after the incoming
// copy was last changed is marked Older: an old handoff sent again (a seal
// proves who wrote it, not that it is their latest) would otherwise replace
// the newer one unnoticed. A newer copy is not marked, nor is one that does
// not differ.
func TestImportPlan_Older(t *testing.T) {
	a, ca := newClockStore(t)
	b, cb := newClockStore(t)
	base := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	at := func(c *clock, d time.Duration) {
		c.mu.Lock()
		c.now = base.Add(d)
		c.mu.Unlock()
	}
	at(ca, 0)
	d, err := a.Add(vault.New("Acme Ltd", vault.KindVendor))
	if err != nil {
		t.Fatal(err)
	}
	first, err := a.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}})
	if err != nil {
		t.Fatal(err)
	}
	at(cb, time.Hour)
	if _, err := b.Import(first, vault.ImportOptions{Policy: vault.Replace}); err != nil {
		t.Fatal(err)
	}
	at(ca, 2*time.Hour)
	d.Fields[d.FieldIndex("Phone")].Value = "+44 20 7946 0000" // the old file's Phone is empty
	if d, err = a.Save(d); err != nil {
		t.Fatal(err)
	}
	second, err := a.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := b.PlanImport(second, vault.Replace)
	if err != nil {
		t.Fatal(err)
	}
	if it := plan.Items[0]; it.Action != vault.ActionReplace || it.Older || plan.CountOlder() != 0 {
		t.Fatalf("the newer handoff: %+v", it)
	}
	at(cb, 3*time.Hour)
	if _, err := b.Import(second, vault.ImportOptions{Policy: vault.Replace, Plan: plan}); err != nil {
		t.Fatal(err)
	}
	// The first file, sent again.
	plan, err = b.PlanImport(first, vault.Replace)
	if err != nil {
		t.Fatal(err)
	}
	if it := plan.Items[0]; !it.Older || plan.CountOlder() != 1 || len(it.Changes) == 0 {
		t.Fatalf("the old handoff sent again: %+v", it)
	}
	// The second again: the same as here, so skipped, and not called older.
	plan, err = b.PlanImport(second, vault.Replace)
	if err != nil {
		t.Fatal(err)
	}
	if it := plan.Items[0]; it.Older || it.Action != vault.ActionSkip {
		t.Fatalf("the same handoff again: %+v", it)
	}
}

// TestExport_ChosenByLabel: a handoff chosen label by label carries the
// fields and dates KeepField and KeepDate keep, and no notes with NoNotes;
// the vault's dossier is untouched. Replacing a colleague's older copy with
// it keeps what the file lacks: the fields and dates kept back, and the
// colleague's notes.
func TestExport_ChosenByLabel(t *testing.T) {
	src, _ := newClockStore(t)
	on, _ := vault.ParseDay("1968-04-02")
	d := vault.New("Eleanor Vance", vault.KindClient)
	d.Fields = []vault.Field{
		{Label: "Phone", Value: "+44 20 7946 0958", Type: vault.TypePhone},
		{Label: "Passport number", Value: "532840177", Secret: true},
		{Label: "Bank PIN", Value: "4471", Secret: true},
		{Label: "Allergies", Value: "penicillin"},
	}
	d.Dates = []vault.Date{{Label: "Birthday", On: on, Yearly: true}}
	d.Notes = "Husband: Robert."
	d, err := src.Add(d)
	if err != nil {
		t.Fatal(err)
	}
	// The colleague's copy, from an earlier handoff with everything.
	dst, _ := newClockStore(t)
	all, err := src.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}, Secrets: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dst.Import(all, vault.ImportOptions{Policy: vault.Replace}); err != nil {
		t.Fatal(err)
	}

	d.Fields[1].Value = "611902345" // a new passport
	if d, err = src.Save(d); err != nil {
		t.Fatal(err)
	}
	b, err := src.Export(vault.ExportOptions{IDs: []vault.ID{d.ID},
		KeepField: func(f vault.Field) bool { return f.Label == "Phone" || f.Label == "Passport number" },
		KeepDate:  func(vault.Date) bool { return false },
		NoNotes:   true,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := b.Dossiers[0].Dossier
	var labels []string
	for _, f := range got.Fields {
		labels = append(labels, f.Label)
	}
	if !slices.Equal(labels, []string{"Phone", "Passport number"}) || len(got.Dates) != 0 || got.Notes != "" {
		t.Fatalf("the handoff carries %v, %d dates, notes %q", labels, len(got.Dates), got.Notes)
	}
	if kept, _ := src.Get(d.ID); len(kept.Fields) != 4 || len(kept.Dates) != 1 || kept.Notes == "" {
		t.Fatalf("exporting changed the vault's dossier: %+v", kept)
	}

	if _, err := dst.Import(encodeParse(t, b), vault.ImportOptions{Policy: vault.Replace}); err != nil {
		t.Fatal(err)
	}
	have, err := dst.Get(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[string]string{"Passport number": "611902345", "Bank PIN": "4471", "Allergies": "penicillin", "Phone": "+44 20 7946 0958"} {
		if f, ok := have.Field(label); !ok || f.Value != want {
			t.Errorf("after replacing: %s = %+v, want %q", label, f, want)
		}
	}
	if len(have.Dates) != 1 || have.Notes != "Husband: Robert." {
		t.Errorf("after replacing: dates %+v, notes %q", have.Dates, have.Notes)
	}
}

// TestImport_ReplaceOverLimit: replacing keeps what the file lacks, so the
// vault's dossier and the file's together may hold more fields than one
// dossier may; the import is refused, saying which, and nothing changes.
func TestImport_ReplaceOverLimit(t *testing.T) {
	src, _ := newClockStore(t)
	dst, _ := newClockStore(t)
	many := func(prefix string) []vault.Field {
		fs := make([]vault.Field, 600)
		for i := range fs {
			fs[i] = vault.Field{Label: fmt.Sprintf("%s %d", prefix, i), Value: "x"}
		}
		return fs
	}
	d := vault.New("Eleanor Vance", vault.KindClient)
	d.Fields = many("Here")
	d, err := src.Add(d)
	if err != nil {
		t.Fatal(err)
	}
	first, err := src.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dst.Import(first, vault.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	d.Fields = many("There")
	if d, err = src.Save(d); err != nil {
		t.Fatal(err)
	}
	second, err := src.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := dst.Get(d.ID)
	_, err = dst.Import(second, vault.ImportOptions{Policy: vault.Replace})
	if !errors.Is(err, vault.ErrInvalid) || !strings.Contains(err.Error(), "dossier 1 of the file, replacing "+d.ID.Short()+" here") {
		t.Fatalf("a replace over the limit: %v", err)
	}
	if after, _ := dst.Get(d.ID); after.Version != before.Version || len(after.Fields) != 600 {
		t.Fatalf("the refused import changed the dossier: version %d, %d fields", after.Version, len(after.Fields))
	}
}
