package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	bolt "go.etcd.io/bbolt"

	"confidant/crypto"
)

// sealedValues returns every value of every bucket of the vault that is
// long enough to be a sealed one (an age file is at least 200 bytes), as
// the file holds them now.
func sealedValues(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	vals := map[string]bool{}
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return walk(b.Bucket(k))
			}
			if len(v) >= 200 {
				vals[string(v)] = true
			}
			return nil
		})
	}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
	})
	if err != nil {
		t.Fatal(err)
	}
	return vals
}

// leftInFile returns how many of the values that were in the vault before
// and are in it no more the file still holds somewhere, in free pages.
func leftInFile(t *testing.T, s *Store, before map[string]bool) (left, gone int) {
	t.Helper()
	now := sealedValues(t, s)
	file, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	for v := range before {
		if now[v] {
			continue
		}
		gone++
		if bytes.Contains(file, []byte(v)) {
			left++
		}
	}
	return left, gone
}

func newWipeStore(t *testing.T) *Store {
	t.Helper()
	s, err := Create(filepath.Join(t.TempDir(), "v.db"), []byte("old passphrase here"), CreateOptions{WorkFactor: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, title := range []string{"Eleanor Vance", "Marcus Bell", "Ada Park"} {
		d := New(title, KindClient)
		d.Notes = "Door code: 4471\n" + title
		if _, err := s.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestWipe_OrdinaryEdit is the control for the tests below: an ordinary
// edit frees pages without overwriting them, so the values it replaced are
// still in the file. Were leftInFile blind, the tests below could not fail.
func TestWipe_OrdinaryEdit(t *testing.T) {
	s := newWipeStore(t)
	before := sealedValues(t, s)
	d := s.List()[0]
	d.Notes += "\nprefers aisle seats"
	if _, err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	left, gone := leftInFile(t, s, before)
	if gone == 0 || left == 0 {
		t.Fatalf("after an edit %d replaced values, %d of them in the file: the check sees nothing", gone, left)
	}
}

// TestChangePassphrase_WipesOldKeys: the keys sealed under the old
// passphrase are gone from the file, not only from the tree, so that a copy
// of the vault taken after the change does not open with the passphrase
// that was changed because someone learnt it. Found by scanning the file
// for every age header and trying the old passphrase on each.
func TestChangePassphrase_WipesOldKeys(t *testing.T) {
	s := newWipeStore(t)
	if n := keysOpeningWith(t, s.path, "old passphrase here"); n == 0 {
		t.Fatal("the scan finds no keys under the old passphrase before the change")
	}
	before := sealedValues(t, s)
	if err := s.ChangePassphrase([]byte("new passphrase here"), 0); err != nil {
		t.Fatal(err)
	}
	if n := keysOpeningWith(t, s.path, "old passphrase here"); n != 0 {
		t.Errorf("%d copies of the keys in the file still open with the old passphrase", n)
	}
	if n := keysOpeningWith(t, s.path, "new passphrase here"); n == 0 {
		t.Error("the scan finds no keys under the new passphrase")
	}
	if left, gone := leftInFile(t, s, before); left != 0 || gone == 0 {
		t.Errorf("%d of the %d values the change replaced are still in the file", left, gone)
	}
	checkWhole(t, s, "new passphrase here", 3)
}

// keysOpeningWith counts the sealed keys in the file at path that
// passphrase opens, wherever they are: live or in a free page.
func keysOpeningWith(t *testing.T, path, passphrase string) int {
	t.Helper()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	header := []byte("age-encryption.org/v1\n-> scrypt ")
	for off := 0; ; {
		i := bytes.Index(file[off:], header)
		if i < 0 {
			return n
		}
		at := off + i
		off = at + 1
		// The sealed keys are one short age file whose end is not marked:
		// the passphrase opens its header once, then each length a page
		// allows is tried with the file key.
		header, err := age.ExtractHeader(bytes.NewReader(file[at:]))
		if err != nil {
			continue
		}
		id, err := age.NewScryptIdentity(passphrase)
		if err != nil {
			t.Fatal(err)
		}
		fileKey, err := age.DecryptHeader(header, id)
		if err != nil {
			continue
		}
		for end := at + len(header); end <= min(at+4096, len(file)); end++ {
			r, err := age.Decrypt(bytes.NewReader(file[at:end]), age.NewInjectedFileKeyIdentity(fileKey))
			if err != nil {
				continue
			}
			if plain, err := io.ReadAll(r); err == nil && bytes.HasPrefix(plain, []byte("confidant-keys ")) {
				n++
				break
			}
		}
	}
}

// checkWhole reopens the vault with passphrase and finds it whole: bbolt's
// own check, every value decrypted, the given number of dossiers.
func checkWhole(t *testing.T, s *Store, passphrase string, dossiers int) {
	t.Helper()
	path := s.path
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatalf("bbolt's check: %v", err)
	}
	r, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Unlock([]byte(passphrase)); err != nil {
		t.Fatal(err)
	}
	rep, err := r.Verify()
	if err != nil || !rep.OK() || rep.Dossiers != dossiers {
		t.Fatalf("verify: %v, %+v", err, rep)
	}
}

// TestPurge_Wipes: a purged dossier's record, shard, history and log
// values are gone from the file, as is everything else the purge replaced.
func TestPurge_Wipes(t *testing.T) {
	s := newWipeStore(t)
	d := s.List()[0]
	d.Notes += "\nsecond version"
	if _, err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(d.ID); err != nil {
		t.Fatal(err)
	}
	before := sealedValues(t, s)
	if n, err := s.EmptyTrash(); err != nil || n != 1 {
		t.Fatalf("EmptyTrash: %d, %v", n, err)
	}
	if left, gone := leftInFile(t, s, before); left != 0 || gone < 3 {
		t.Errorf("%d of the %d values the purge removed or replaced are still in the file", left, gone)
	}
	checkWhole(t, s, "old passphrase here", 2)
}

// TestDetach_Wipes: a detached file's sealed bytes are gone from the file.
func TestDetach_Wipes(t *testing.T) {
	s := newWipeStore(t)
	id := s.List()[0].ID
	scan := bytes.Repeat([]byte("passport scan "), 1000)
	if _, err := s.Attach(id, "passport.png", "image/png", scan); err != nil {
		t.Fatal(err)
	}
	before := sealedValues(t, s)
	if _, err := s.Detach(id, "passport.png"); err != nil {
		t.Fatal(err)
	}
	if left, gone := leftInFile(t, s, before); left != 0 || gone < 2 {
		t.Errorf("%d of the %d values the detach removed or replaced are still in the file", left, gone)
	}
	checkWhole(t, s, "old passphrase here", 3)
}

// TestForgetLog_Wipes: forgotten events are gone from the file.
func TestForgetLog_Wipes(t *testing.T) {
	s := newWipeStore(t)
	before := sealedValues(t, s)
	if n, err := s.ForgetLog(time.Now().Add(time.Hour)); err != nil || n == 0 {
		t.Fatalf("ForgetLog: %d, %v", n, err)
	}
	if left, gone := leftInFile(t, s, before); left != 0 || gone == 0 {
		t.Errorf("%d of the %d values forgetting removed or replaced are still in the file", left, gone)
	}
	checkWhole(t, s, "old passphrase here", 3)
}

// TestWipe_WaitsForReader: a read transaction begun before the wipe may
// still read the pages bbolt lists as free (pending), so the wipe waits for
// it to end; and gives up, with an error, on one that does not.
func TestWipe_WaitsForReader(t *testing.T) {
	s := newWipeStore(t)
	db, _ := s.file()
	hold := func(d time.Duration) <-chan error {
		started, done := make(chan struct{}), make(chan error, 1)
		go func() {
			done <- db.View(func(tx *bolt.Tx) error {
				close(started)
				time.Sleep(d)
				// What the reader sees must still be whole.
				return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
					return b.ForEach(func(_, _ []byte) error { return nil })
				})
			})
		}()
		<-started
		return done
	}
	done := hold(100 * time.Millisecond)
	if err := s.wipeFree(); err != nil {
		t.Fatalf("with a reader of 100 ms: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	done = hold(3 * time.Second)
	if err := s.wipeFree(); err == nil {
		t.Error("the wipe went on beside a reader of 3 s")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := s.wipeFree(); err != nil {
		t.Fatal(err)
	}
	checkWhole(t, s, "old passphrase here", 3)
}

// TestChangePassphrase_NotWiped: a wipe that cannot run (here, a reader
// that does not end) leaves the new passphrase in force and says so.
func TestChangePassphrase_NotWiped(t *testing.T) {
	s := newWipeStore(t)
	db, _ := s.file()
	tx, err := db.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	err = s.ChangePassphrase([]byte("new passphrase here"), 0)
	tx.Rollback()
	if !errors.Is(err, ErrNotWiped) {
		t.Fatalf("ChangePassphrase beside a reader: %v", err)
	}
	if err := s.CheckPassphrase([]byte("new passphrase here")); err != nil {
		t.Errorf("the new passphrase: %v", err)
	}
	checkWhole(t, s, "new passphrase here", 3)
}

// TestChangePassphrase_NewVaultKey: a passphrase change makes a new vault
// key and seals every value again with it, so that the keys an older copy
// of the vault gives up to the old passphrase open no value of the file
// after the change. The handoff identity stays; an edit sealed in memory
// before the change (SealMemo) still opens; history, trash, attachments,
// contacts and the log are all read back.
func TestChangePassphrase_NewVaultKey(t *testing.T) {
	s := newWipeStore(t)
	id := s.List()[0].ID
	if _, err := s.Attach(id, "scan.png", "image/png", []byte("passport scan")); err != nil {
		t.Fatal(err)
	}
	d := s.List()[1]
	d.Notes = "second version"
	if _, err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(s.List()[2].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddContact("Maria", "age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg"); err != nil {
		t.Fatal(err)
	}
	sealedKeys, err := s.sealedKeys()
	if err != nil {
		t.Fatal(err)
	}
	old, err := crypto.OpenKeys(sealedKeys, []byte("old passphrase here"))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Wipe()
	rcpt, _ := s.Recipient()
	memo, err := s.SealMemo([]byte("an edit left in the editor"))
	if err != nil {
		t.Fatal(err)
	}
	count := func() (opened, all int) {
		for v := range sealedValues(t, s) {
			if bytes.HasPrefix([]byte(v), []byte("age-encryption.org/v1\n-> scrypt ")) {
				continue // the keys
			}
			all++
			if plain, err := old.Open([]byte(v)); err == nil {
				clear(plain)
				opened++
			}
		}
		return opened, all
	}
	if opened, all := count(); opened != all || all < 10 {
		t.Fatalf("before the change the old key opens %d of %d values", opened, all)
	}
	if err := s.ChangePassphrase([]byte("new passphrase here"), 0); err != nil {
		t.Fatal(err)
	}
	if opened, all := count(); opened != 0 || all < 10 {
		t.Errorf("after the change the old key opens %d of %d values", opened, all)
	}
	if now, _ := s.Recipient(); now != rcpt {
		t.Errorf("the handoff recipient changed: %s, was %s", now, rcpt)
	}
	if plain, err := s.OpenMemo(memo); err != nil || string(plain) != "an edit left in the editor" {
		t.Errorf("the memo: %q, %v", plain, err)
	}
	if data, _, err := s.Attachment(id, "scan.png"); err != nil || string(data) != "passport scan" {
		t.Errorf("the attachment: %q, %v", data, err)
	}
	if h, err := s.History(d.ID); err != nil || len(h) < 2 {
		t.Errorf("the history: %d versions, %v", len(h), err)
	}
	if tr, err := s.Trash(); err != nil || len(tr) != 1 {
		t.Errorf("the trash: %d, %v", len(tr), err)
	}
	if c, err := s.Contacts(); err != nil || len(c) != 1 {
		t.Errorf("the contacts: %d, %v", len(c), err)
	}
	if ev, err := s.Log(ID{}); err != nil || len(ev) < 5 {
		t.Errorf("the log: %d events, %v", len(ev), err)
	}
	checkWhole(t, s, "new passphrase here", 2)
}

// TestChangePassphrase_KeepsDamaged: a value the old key cannot open is
// left as it is by the new key's resealing, and verify goes on naming it
// and nothing else.
func TestChangePassphrase_KeepsDamaged(t *testing.T) {
	s := newWipeStore(t)
	victim := s.List()[0].ID
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDossiers)
		v := bytes.Clone(b.Get(victim[:]))
		v[len(v)-1] ^= 1
		return b.Put(victim[:], v)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassphrase([]byte("new passphrase here"), 0); err != nil {
		t.Fatal(err)
	}
	path := s.path
	s.Close()
	r, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Unlock([]byte("new passphrase here")); err != nil {
		t.Fatal(err)
	}
	rep, err := r.Verify()
	if err != nil || len(rep.Problems) != 1 || rep.Problems[0].Dossier != victim || rep.Problems[0].Where != "dossier" {
		t.Fatalf("verify: %v, %+v", err, rep.Problems)
	}
}

// TestStore_Replaced: a vault whose file was replaced under it (a sync
// program renaming a new version over it) or moved away writes nothing,
// and says so, rather than writing to a file no longer named, to be lost
// at exit; the file in its place is left as it is; the wipe, which writes
// by page number, refuses another file too.
func TestStore_Replaced(t *testing.T) {
	s := newWipeStore(t)
	path := s.path
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	other := path + ".synced"
	if err := os.WriteFile(other, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(New("Lost", KindClient)); !errors.Is(err, ErrReplaced) {
		t.Fatalf("Add to a replaced file: %v", err)
	}
	if err := s.ChangePassphrase([]byte("new passphrase here"), 0); !errors.Is(err, ErrReplaced) {
		t.Fatalf("ChangePassphrase on a replaced file: %v", err)
	}
	db, _ := s.file()
	if err := zeroFree(db, s.fileID); !errors.Is(err, ErrReplaced) {
		t.Fatalf("zeroFree on a replaced file: %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, data) {
		t.Error("the file put in place was written to")
	}
	moved := path + ".moved"
	if err := os.Rename(path, moved); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(New("Lost", KindClient)); !errors.Is(err, ErrReplaced) {
		t.Fatalf("Add to a file moved away: %v", err)
	}
	if err := os.Rename(moved, path); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Opened again, the file in place is the vault, as it was.
	r, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Unlock([]byte("old passphrase here")); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Add(New("Kept", KindClient)); err != nil {
		t.Fatal(err)
	}
	if err := r.Load(); err != nil || r.Len() != 4 {
		t.Fatalf("%d dossiers, %v", r.Len(), err)
	}
}

// TestChangeKeys_NewRecipient: a new recipient is of the vault's kind
// (post-quantum stays post-quantum), the dossiers stay, and the log says
// what the recipient now is.
func TestChangeKeys_NewRecipient(t *testing.T) {
	for _, pq := range []bool{false, true} {
		s, err := Create(filepath.Join(t.TempDir(), "v.db"), []byte("old passphrase here"), CreateOptions{WorkFactor: 10, PostQuantum: pq}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Add(New("Eleanor Vance", KindClient)); err != nil {
			t.Fatal(err)
		}
		was, _ := s.Recipient()
		if err := s.ChangeKeys([]byte("new passphrase here"), KeyChange{NewRecipient: true}); err != nil {
			t.Fatal(err)
		}
		now, _ := s.Recipient()
		prefix := map[bool]string{false: "age1", true: "age1pq1"}[pq]
		if now == was || !strings.HasPrefix(now, prefix) || pq != strings.HasPrefix(now, "age1pq1") {
			t.Errorf("post-quantum %v: recipient %.20s…, was %.20s…", pq, now, was)
		}
		if ev, err := s.Log(ID{}); err != nil || ev[0].Action != ActPassphraseChanged || !strings.HasPrefix(ev[0].Detail, "and the recipient, now "+now[:12]) {
			t.Errorf("the log's newest event: %+v, %v", ev[0], err)
		}
		checkWhole(t, s, "new passphrase here", 1)
	}
}

// TestPurgeTrashed: one trashed dossier goes for good, with what it left
// in the file; the rest of the trash stays; a dossier not in the trash is
// not found, and a live one is not touched.
func TestPurgeTrashed(t *testing.T) {
	s := newWipeStore(t)
	list := s.List()
	gone, kept, live := list[0].ID, list[1].ID, list[2].ID
	for _, id := range []ID{gone, kept} {
		if err := s.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	before := sealedValues(t, s)
	if err := s.PurgeTrashed(gone); err != nil {
		t.Fatal(err)
	}
	if left, removed := leftInFile(t, s, before); left != 0 || removed < 2 {
		t.Errorf("%d of the %d values the purge removed or replaced are still in the file", left, removed)
	}
	tr, err := s.Trash()
	if err != nil || len(tr) != 1 || tr[0].Dossier.ID != kept {
		t.Fatalf("the trash after purging one: %+v, %v", tr, err)
	}
	for _, id := range []ID{gone, live, NewID()} {
		if err := s.PurgeTrashed(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("PurgeTrashed(%s): %v", id.Short(), err)
		}
	}
	if _, err := s.Get(live); err != nil {
		t.Errorf("the live dossier: %v", err)
	}
	if ev, _ := s.Log(gone); len(ev) == 0 || ev[0].Action != ActPurged {
		t.Errorf("the log of the purged dossier: %+v", ev)
	}
	checkWhole(t, s, "old passphrase here", 1)
}

// TestPurge_ErasesLogDetails: a purge empties the details of the purged
// dossier's events in the access log (a file's name may name the client),
// keeping when and what was done; other dossiers' events keep theirs.
func TestPurge_ErasesLogDetails(t *testing.T) {
	s := newWipeStore(t)
	list := s.List()
	gone, kept := list[0].ID, list[1].ID
	for _, id := range []ID{gone, kept} {
		if _, err := s.Attach(id, "Eleanor Vance passport.png", "image/png", []byte("scan")); err != nil {
			t.Fatal(err)
		}
		if err := s.Record(ActCopied, id, "Passport number"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(gone); err != nil {
		t.Fatal(err)
	}
	if err := s.PurgeTrashed(gone); err != nil {
		t.Fatal(err)
	}
	events, err := s.Log(ID{})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[ID][]Action{}
	for _, e := range events {
		actions[e.Dossier] = append(actions[e.Dossier], e.Action)
		switch {
		case e.Dossier == gone && e.Detail != "":
			t.Errorf("the purged dossier's %s event keeps its detail %q", e.Action, e.Detail)
		case e.Dossier == kept && (e.Action == ActAttached || e.Action == ActCopied) && e.Detail == "":
			t.Errorf("the kept dossier's %s event lost its detail", e.Action)
		}
	}
	for _, want := range []Action{ActCreated, ActAttached, ActCopied, ActDeleted, ActPurged} {
		if !slices.Contains(actions[gone], want) {
			t.Errorf("the purged dossier's events lack %s: %v", want, actions[gone])
		}
	}
	checkWhole(t, s, "old passphrase here", 2)
}

// TestForgetHistory: a dossier's earlier versions go, with what they left
// in the file; the current version and its files stay; the log says so; a
// dossier not live is not found.
func TestForgetHistory(t *testing.T) {
	s := newWipeStore(t)
	d := s.List()[0]
	if _, err := s.Attach(d.ID, "scan.png", "image/png", []byte("scan")); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Get(d.ID)
	d.Notes = "the other client's diagnosis, typed here by mistake"
	d, err := s.Save(d)
	if err != nil {
		t.Fatal(err)
	}
	d.Notes = "fixed"
	if d, err = s.Save(d); err != nil {
		t.Fatal(err)
	}
	before := sealedValues(t, s)
	n, err := s.ForgetHistory(d.ID)
	if err != nil || n != 3 {
		t.Fatalf("ForgetHistory: %d, %v", n, err)
	}
	if left, gone := leftInFile(t, s, before); left != 0 || gone < 3 {
		t.Errorf("%d of the %d values forgetting removed or replaced are still in the file", left, gone)
	}
	h, err := s.History(d.ID)
	if err != nil || len(h) != 1 || h[0].Notes != "fixed" {
		t.Fatalf("history after: %d versions, %v", len(h), err)
	}
	if data, _, err := s.Attachment(d.ID, "scan.png"); err != nil || string(data) != "scan" {
		t.Errorf("the current version's file: %q, %v", data, err)
	}
	if ev, _ := s.Log(d.ID); len(ev) == 0 || ev[0].Action != ActHistoryForgotten || ev[0].Detail != "3 earlier versions" {
		t.Errorf("the log: %+v", ev[:min(1, len(ev))])
	}
	if n, err := s.ForgetHistory(d.ID); err != nil || n != 0 {
		t.Errorf("again: %d, %v", n, err)
	}
	other := s.List()[1].ID
	if err := s.Delete(other); err != nil {
		t.Fatal(err)
	}
	for _, id := range []ID{other, NewID()} {
		if _, err := s.ForgetHistory(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("ForgetHistory(%s): %v", id.Short(), err)
		}
	}
	checkWhole(t, s, "old passphrase here", 2)
}

// TestForgetHistory_Format2: a vault of format 2 kept the current version
// in the history too; forgetting deletes it there, and does not count it as
// an earlier version.
func TestForgetHistory_Format2(t *testing.T) {
	s := newWipeStore(t)
	d := s.List()[0]
	d.Notes = "second"
	d, err := s.Save(d)
	if err != nil {
		t.Fatal(err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		cur := bytes.Clone(tx.Bucket(bucketDossiers).Get(d.ID[:]))
		return tx.Bucket(bucketHistory).Put(binary.BigEndian.AppendUint64(bytes.Clone(d.ID[:]), d.Version), cur)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.ForgetHistory(d.ID); err != nil || n != 1 {
		t.Fatalf("ForgetHistory: %d, %v", n, err)
	}
	if h, err := s.History(d.ID); err != nil || len(h) != 1 || h[0].Notes != "second" {
		t.Fatalf("history after: %d versions, %v", len(h), err)
	}
	checkWhole(t, s, "old passphrase here", 3)
}
