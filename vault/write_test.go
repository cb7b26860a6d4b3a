package vault_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/vault"
)

func TestStore_Add_Invalid(t *testing.T) {
	s := newTestStore(t)
	for _, tc := range []struct {
		name string
		edit func(d *vault.Dossier)
	}{
		{"no title", func(d *vault.Dossier) { d.Title = "  " }},
		{"unknown kind", func(d *vault.Dossier) { d.Kind = "spaceship" }},
		{"bad email", func(d *vault.Dossier) {
			d.Fields = append(d.Fields, vault.Field{Label: "Email", Value: "not an address", Type: vault.TypeEmail})
		}},
		{"field without label", func(d *vault.Dossier) { d.Fields = append(d.Fields, vault.Field{Value: "x"}) }},
		{"tag with comma", func(d *vault.Dossier) { d.Tags = []string{"a,b"} }},
		{"date without day", func(d *vault.Dossier) { d.Dates = []vault.Date{{Label: "Expiry"}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := sampleDossier()
			tc.edit(&d)
			if _, err := s.Add(d); !errors.Is(err, vault.ErrInvalid) {
				t.Fatalf("Add = %v, want ErrInvalid", err)
			}
			if s.Len() != 0 {
				t.Fatalf("an invalid dossier was stored")
			}
		})
	}
}

func TestStore_Add_ChosenIDInUse(t *testing.T) {
	s := newTestStore(t)
	a := addAs(t, s, idWith(1, 1), sampleDossier())
	d := sampleDossier()
	d.ID = a.ID
	b, err := s.Add(d)
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == a.ID || s.Len() != 2 {
		t.Fatalf("Add reused an ID in use")
	}
}

func TestStore_Save(t *testing.T) {
	s := newTestStore(t)
	a, err := s.Add(sampleDossier())
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	d.Title = "Eleanor M. Vance"
	d.Fields[0].Value = "Eleanor Vance"
	saved, err := s.Save(d)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 || !saved.Created.Equal(a.Created) {
		t.Fatalf("saved version %d, created %v; want 2, %v", saved.Version, saved.Created, a.Created)
	}
	got, _ := reopen(t, s).Get(a.ID)
	if got.Title != "Eleanor M. Vance" || got.Version != 2 || got.Fields[0].Value != "Eleanor Vance" {
		t.Fatalf("after reopening: %q version %d", got.Title, got.Version)
	}
}

func TestStore_Save_Conflict(t *testing.T) {
	s := newTestStore(t)
	a, _ := s.Add(sampleDossier())
	first, _ := s.Get(a.ID)
	second, _ := s.Get(a.ID)
	first.Notes = "first"
	if _, err := s.Save(first); err != nil {
		t.Fatal(err)
	}
	second.Notes = "second"
	if _, err := s.Save(second); !errors.Is(err, vault.ErrConflict) {
		t.Fatalf("Save of a stale copy = %v, want ErrConflict", err)
	}
	got, _ := s.Get(a.ID)
	if got.Notes != "first" || got.Version != 2 {
		t.Fatalf("a conflicting save changed the dossier: %q version %d", got.Notes, got.Version)
	}
	missing := sampleDossier()
	missing.ID = vault.NewID()
	if _, err := s.Save(missing); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Save of an unknown dossier = %v, want ErrNotFound", err)
	}
}

func TestStore_Locked(t *testing.T) {
	s := newTestStore(t)
	a, _ := s.Add(sampleDossier())
	s.Lock()
	if !s.Locked() || s.Len() != 0 || s.List() != nil {
		t.Fatal("a locked store still shows dossiers")
	}
	if _, err := s.Get(a.ID); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("Get = %v, want ErrLocked", err)
	}
	if _, err := s.Add(sampleDossier()); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("Add = %v, want ErrLocked", err)
	}
	if _, err := s.Log(vault.ID{}); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("Log = %v, want ErrLocked", err)
	}
	if err := s.Unlock(testPassphrase); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(a.ID); err != nil {
		t.Fatal(err)
	}
}

// saveN saves n new versions of id, setting the notes to "version N".
func saveN(t *testing.T, s *vault.Store, id vault.ID, n int) {
	t.Helper()
	for range n {
		d, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		d.Notes = fmt.Sprintf("version %d", d.Version+1)
		if _, err := s.Save(d); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStore_History(t *testing.T) {
	for _, saves := range []int{0, 5, vault.HistoryDepth - 1, vault.HistoryDepth, vault.HistoryDepth + 8} {
		t.Run(fmt.Sprint(saves), func(t *testing.T) {
			s := newTestStore(t)
			a, _ := s.Add(sampleDossier())
			other, _ := s.Add(sampleDossier())
			saveN(t, s, a.ID, saves)
			versions := saves + 1
			h, err := s.History(a.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := min(versions, vault.HistoryDepth)
			if len(h) != want {
				t.Fatalf("History kept %d versions, want %d", len(h), want)
			}
			for i, d := range h {
				if wantV := uint64(versions - i); d.Version != wantV || d.ID != a.ID {
					t.Fatalf("History[%d] is version %d of %s, want version %d, newest first", i, d.Version, d.ID.Short(), wantV)
				}
				if d.Version > 1 && d.Notes != fmt.Sprintf("version %d", d.Version) {
					t.Fatalf("version %d holds notes %q", d.Version, d.Notes)
				}
			}
			if oh, _ := s.History(other.ID); len(oh) != 1 {
				t.Fatalf("another dossier's history has %d versions, want 1", len(oh))
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		s := newTestStore(t)
		if _, err := s.History(vault.NewID()); !errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("History of an unknown dossier = %v, want ErrNotFound", err)
		}
	})
	if vault.HistoryDepth < 20 {
		t.Fatalf("HistoryDepth %d is below the 20 versions the design promises", vault.HistoryDepth)
	}
}

func TestStore_Revert(t *testing.T) {
	s := newTestStore(t)
	a, _ := s.Add(sampleDossier())
	saveN(t, s, a.ID, 3) // versions 2..4
	d, err := s.Revert(a.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 5 || d.Notes != "version 2" {
		t.Fatalf("Revert to 2 gave version %d with notes %q", d.Version, d.Notes)
	}
	got, _ := s.Get(a.ID)
	if got.Version != 5 || got.Notes != "version 2" {
		t.Fatalf("after Revert Get gives version %d with notes %q", got.Version, got.Notes)
	}
	if h, _ := s.History(a.ID); len(h) != 5 || h[0].Notes != "version 2" || h[1].Notes != "version 4" {
		t.Fatalf("Revert did not add a version on top of the history")
	}
	d, err = s.Revert(a.ID, 1)
	if err != nil || d.Notes != sampleDossier().Notes || d.Version != 6 {
		t.Fatalf("Revert to 1: version %d, notes %q, %v", d.Version, d.Notes, err)
	}
	for _, tc := range []struct {
		name    string
		id      vault.ID
		version uint64
	}{
		{"unknown version", a.ID, 99},
		{"version 0", a.ID, 0},
		{"unknown dossier", vault.NewID(), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Revert(tc.id, tc.version); !errors.Is(err, vault.ErrNotFound) {
				t.Fatalf("Revert = %v, want ErrNotFound", err)
			}
		})
	}
}

func TestStore_Revert_DetachedAttachment(t *testing.T) {
	s := newTestStore(t)
	a, _ := s.Add(sampleDossier())
	if _, err := s.Attach(a.ID, "scan.pdf", "application/pdf", []byte("%PDF")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Detach(a.ID, "scan.pdf"); err != nil {
		t.Fatal(err)
	}
	d, err := s.Revert(a.ID, 2) // the version with the attachment
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Attachments) != 0 {
		t.Fatalf("Revert brought back a detached attachment whose content is gone")
	}
}

func TestStore_Trash(t *testing.T) {
	s, c := newClockStore(t)
	a, _ := s.Add(sampleDossier())
	b, _ := s.Add(vault.New("Acme Ltd", vault.KindVendor))
	keep, _ := s.Add(vault.New("Keep me", vault.KindNote))
	saveN(t, s, a.ID, 2)
	if _, err := s.Attach(a.ID, "scan.pdf", "application/pdf", []byte("%PDF-1.7 passport")); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(b.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(a.ID); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("second Delete = %v, want ErrNotFound", err)
	}
	if _, err := s.Get(a.ID); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Get of a deleted dossier = %v, want ErrNotFound", err)
	}
	if s.Len() != 1 || len(s.List()) != 1 || len(s.Search("eleanor")) != 0 {
		t.Fatalf("deleted dossiers still listed: Len %d", s.Len())
	}
	s = reopenClock(t, s, c)
	items, err := s.Trash()
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Dossier.ID != b.ID || items[1].Dossier.ID != a.ID {
		t.Fatalf("Trash = %d items, want b then a (most recently deleted first)", len(items))
	}
	if !items[0].Deleted.After(items[1].Deleted) {
		t.Fatalf("deletion times not ordered: %v, %v", items[0].Deleted, items[1].Deleted)
	}
	if tr, err := s.ResolveTrash("acme ltd"); err != nil || tr.Dossier.ID != b.ID {
		t.Fatalf("ResolveTrash by title = %v", err)
	}

	// Restore a: it comes back as a new version, with its attachment.
	d, err := s.RestoreTrash(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 5 || d.Title != sampleDossier().Title {
		t.Fatalf("restored version %d %q, want 5", d.Version, d.Title)
	}
	if data, _, err := s.Attachment(a.ID, "scan.pdf"); err != nil || string(data) != "%PDF-1.7 passport" {
		t.Fatalf("attachment after restore: %q, %v", data, err)
	}
	if h, _ := s.History(a.ID); len(h) != 5 {
		t.Fatalf("history after restore has %d versions, want 5", len(h))
	}
	if _, err := s.RestoreTrash(a.ID); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("second RestoreTrash = %v, want ErrNotFound", err)
	}

	// Empty the trash with a in it again: its history and attachment go.
	if err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	n, err := s.EmptyTrash()
	if err != nil || n != 2 {
		t.Fatalf("EmptyTrash = %d, %v; want 2", n, err)
	}
	if items, _ := s.Trash(); len(items) != 0 {
		t.Fatalf("%d items left in the trash", len(items))
	}
	for _, id := range []vault.ID{a.ID, b.ID} {
		if _, err := s.History(id); !errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("History of a purged dossier = %v, want ErrNotFound", err)
		}
	}
	if h, _ := s.History(keep.ID); len(h) != 1 {
		t.Fatalf("EmptyTrash touched another dossier's history")
	}
	if _, err := s.RestoreTrash(b.ID); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("RestoreTrash after EmptyTrash = %v, want ErrNotFound", err)
	}
	path := s.Path()
	s.Close()
	rawView(t, path, func(tx *bolt.Tx) error {
		for _, bucket := range []string{"attachments", "trash"} {
			if n := tx.Bucket([]byte(bucket)).Stats().KeyN; n != 0 {
				t.Errorf("%d values left in bucket %s", n, bucket)
			}
		}
		c := tx.Bucket([]byte("history")).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if bytes.HasPrefix(k, a.ID[:]) || bytes.HasPrefix(k, b.ID[:]) {
				t.Errorf("history of a purged dossier left in the file")
			}
		}
		return nil
	})
}

func TestStore_Attach(t *testing.T) {
	s := newTestStore(t)
	a, _ := s.Add(sampleDossier())
	big := bytes.Repeat([]byte{0xa5}, vault.MaxAttachmentSize)
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       error
	}{
		{"small", "scan.pdf", []byte("%PDF-1.7 passport scan"), nil},
		{"empty", "empty.txt", []byte{}, nil},
		{"exactly 16 MiB", "big.bin", big, nil},
		{"over 16 MiB", "huge.bin", append(big, 0), vault.ErrTooLarge},
		{"duplicate name", "scan.pdf", []byte("another"), vault.ErrInvalid},
		{"path in name", "../etc/passwd", []byte("x"), vault.ErrInvalid},
		{"blank name", "  ", []byte("x"), vault.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := s.Get(a.ID)
			d, err := s.Attach(a.ID, tc.file, "application/octet-stream", tc.data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Attach = %v, want %v", err, tc.want)
			}
			if tc.want != nil {
				if after, _ := s.Get(a.ID); after.Version != before.Version {
					t.Fatalf("a refused Attach changed the dossier")
				}
				return
			}
			if d.Version != before.Version+1 || len(d.Attachments) != len(before.Attachments)+1 {
				t.Fatalf("Attach gave version %d with %d attachments", d.Version, len(d.Attachments))
			}
			got, meta, err := s.Attachment(a.ID, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.data) || meta.Size != int64(len(tc.data)) || meta.Name != tc.file {
				t.Fatalf("attachment round trip: %d bytes, size %d, name %q", len(got), meta.Size, meta.Name)
			}
		})
	}
	if _, err := s.Attach(vault.NewID(), "x", "", []byte("x")); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Attach to an unknown dossier = %v, want ErrNotFound", err)
	}

	s = reopen(t, s)
	if got, _, err := s.Attachment(a.ID, "scan.pdf"); err != nil || string(got) != "%PDF-1.7 passport scan" {
		t.Fatalf("after reopening: %q, %v", got, err)
	}
	d, err := s.Detach(a.ID, "scan.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(d.Attachments, func(x vault.Attachment) bool { return x.Name == "scan.pdf" }) {
		t.Fatal("Detach left the attachment listed")
	}
	if _, _, err := s.Attachment(a.ID, "scan.pdf"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Attachment after Detach = %v, want ErrNotFound", err)
	}
	if _, err := s.Detach(a.ID, "scan.pdf"); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("second Detach = %v, want ErrNotFound", err)
	}
	// Saving a copy with attachments edited does not change them.
	d.Attachments = nil
	d.Notes = "edited"
	saved, err := s.Save(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Attachments) != 2 {
		t.Fatalf("Save changed the attachments: %d left, want 2", len(saved.Attachments))
	}
	path := s.Path()
	s.Close()
	rawView(t, path, func(tx *bolt.Tx) error {
		if n := tx.Bucket([]byte("attachments")).Stats().KeyN; n != 2 {
			t.Errorf("%d attachment values in the file, want 2 after Detach", n)
		}
		return nil
	})
}

func TestStore_Log(t *testing.T) {
	s, c := newClockStore(t)
	a, _ := s.Add(sampleDossier())
	b, _ := s.Add(vault.New("Acme Ltd", vault.KindVendor))
	d, _ := s.Get(a.ID)
	const secret = "P<GBRVANCE<<ELEANOR<987654321"
	d.Fields[2].Value = secret // Number, a secret field
	d.Title = "Eleanor Vance (new passport)"
	if _, err := s.Save(d); err != nil {
		t.Fatal(err)
	}
	for _, act := range []vault.Action{vault.ActRevealed, vault.ActCopied, vault.ActExported} {
		if err := s.Record(act, a.ID, "Number"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MarkReviewed(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Attach(a.ID, "scan.pdf", "application/pdf", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Detach(a.ID, "scan.pdf"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Revert(a.ID, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RestoreTrash(a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EmptyTrash(); err != nil {
		t.Fatal(err)
	}
	s = reopenClock(t, s, c)

	type ev struct {
		act    vault.Action
		detail string
	}
	wantA := []ev{ // oldest first
		{vault.ActCreated, ""},
		{vault.ActEdited, "title, field Number"},
		{vault.ActRevealed, "Number"},
		{vault.ActCopied, "Number"},
		{vault.ActExported, "Number"},
		{vault.ActReviewed, ""},
		{vault.ActAttached, "scan.pdf"},
		{vault.ActDetached, "scan.pdf"},
		{vault.ActReverted, "to version 1"},
		{vault.ActDeleted, ""},
		{vault.ActRestored, ""},
	}
	events, err := s.Log(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(wantA) {
		t.Fatalf("Log(a) has %d events, want %d: %+v", len(events), len(wantA), events)
	}
	for i, e := range events {
		w := wantA[len(wantA)-1-i] // newest first
		if e.Action != w.act || e.Detail != w.detail || e.Dossier != a.ID {
			t.Errorf("event %d = %s %q, want %s %q", i, e.Action, e.Detail, w.act, w.detail)
		}
		if i > 0 && (e.Seq >= events[i-1].Seq || e.Time.After(events[i-1].Time)) {
			t.Errorf("event %d (seq %d) is not older than event %d (seq %d)", i, e.Seq, i-1, events[i-1].Seq)
		}
		if strings.Contains(e.Detail, "987654321") || strings.Contains(e.Detail, "ELEANOR") {
			t.Errorf("event %d detail %q holds a value", i, e.Detail)
		}
	}
	all, err := s.Log(vault.ID{})
	if err != nil {
		t.Fatal(err)
	}
	var forB []vault.Action
	for _, e := range all {
		if e.Dossier == b.ID {
			forB = append(forB, e.Action)
		}
	}
	if want := []vault.Action{vault.ActPurged, vault.ActDeleted, vault.ActCreated}; !slices.Equal(forB, want) {
		t.Fatalf("events for b: %v, want %v", forB, want)
	}
	if len(all) != len(wantA)+3 {
		t.Fatalf("Log() has %d events, want %d", len(all), len(wantA)+3)
	}
}

// TestStore_Add_ChosenIDInTrash adds a dossier under the ID of one in the
// trash, as an import keeping IDs would: the trashed dossier's history must
// not be overwritten, and restoring it must not replace the new one.
func TestStore_Add_ChosenIDInTrash(t *testing.T) {
	s := newTestStore(t)
	id := idWith(0x42, 1)
	addAs(t, s, id, sampleDossier())
	saveN(t, s, id, 1)
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	d := vault.New("Newcomer", vault.KindNote)
	d.ID = id
	added, err := s.Add(d)
	if err != nil {
		t.Fatal(err)
	}
	if added.ID == id {
		t.Fatalf("Add reused the ID of a dossier in the trash")
	}
	h, err := s.History(id)
	if err != nil || len(h) != 2 || h[1].Title != sampleDossier().Title {
		t.Fatalf("the trashed dossier's history changed: %d versions, %v", len(h), err)
	}
	if _, err := s.RestoreTrash(id); err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 {
		t.Fatalf("%d dossiers after restoring, want 2", s.Len())
	}
	if got, err := s.Get(added.ID); err != nil || got.Title != "Newcomer" {
		t.Fatalf("the new dossier after restoring: %q, %v", got.Title, err)
	}
}

// TestStore_History_Format2: a format 2 vault kept the current version in
// the history bucket too. It opens, lists each version once, verifies,
// and becomes format 3 at its next write without losing a version; and a
// format 3 vault keeps only earlier versions there, so that an import of
// new dossiers writes no history at all.
func TestStore_History_Format2(t *testing.T) {
	s := newTestStore(t)
	a, _ := s.Add(sampleDossier())
	saveN(t, s, a.ID, 2) // versions 1 and 2 in history, 3 current
	b, _ := s.Add(vault.New("Fresh", vault.KindNote))
	path := s.Path()
	s.Close()
	rawView(t, path, func(tx *bolt.Tx) error {
		n := 0
		tx.Bucket([]byte("history")).ForEach(func(k, _ []byte) error { n++; return nil })
		if n != 2 {
			t.Errorf("format 3 history holds %d versions, want the 2 earlier ones", n)
		}
		return nil
	})
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		d, h := tx.Bucket([]byte("dossiers")), tx.Bucket([]byte("history"))
		for id, version := range map[vault.ID]uint64{a.ID: 3, b.ID: 1} {
			if err := h.Put(historyKey(id, version), bytes.Clone(d.Get(id[:]))); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("format"), []byte("2"))
	})
	s = openUnlocked(t, path, nil)
	versions := func(id vault.ID) []uint64 {
		h, err := s.History(id)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, d := range h {
			out = append(out, d.Version)
		}
		return out
	}
	if v := versions(a.ID); !slices.Equal(v, []uint64{3, 2, 1}) {
		t.Fatalf("format 2 history lists versions %v, want 3 2 1", v)
	}
	if v := versions(b.ID); !slices.Equal(v, []uint64{1}) {
		t.Fatalf("format 2 history lists versions %v, want 1", v)
	}
	if rep, err := s.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify of a format 2 vault: %v, %+v", err, rep.Problems)
	}
	saveN(t, s, a.ID, 1)
	if v := versions(a.ID); !slices.Equal(v, []uint64{4, 3, 2, 1}) {
		t.Fatalf("after a save, history lists versions %v, want 4 3 2 1", v)
	}
	if d, err := s.Revert(a.ID, 3); err != nil || d.Version != 5 {
		t.Fatalf("Revert to 3 = version %d, %v", d.Version, err)
	}
	if d, err := s.Revert(a.ID, 5); err != nil || d.Version != 6 {
		t.Fatalf("Revert to the current version = version %d, %v", d.Version, err)
	}
	if _, err := s.Revert(a.ID, 9); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("Revert to a version to come = %v, want ErrNotFound", err)
	}
	s.Close()
	rawView(t, path, func(tx *bolt.Tx) error {
		if f := string(tx.Bucket([]byte("meta")).Get([]byte("format"))); f != fmt.Sprint(vault.FormatVersion) {
			t.Errorf("after a write the format is %s", f)
		}
		return nil
	})
}

// TestStore_History_Trash: a deleted dossier's last version joins its
// history, so that its history is complete while it is in the trash and
// after it is restored.
func TestStore_History_Trash(t *testing.T) {
	s, c := newClockStore(t)
	a, _ := s.Add(sampleDossier())
	saveN(t, s, a.ID, 1)
	if err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	h, err := s.History(a.ID)
	if err != nil || len(h) != 2 || h[0].Version != 2 || h[1].Version != 1 {
		t.Fatalf("history in the trash: %d versions, %v", len(h), err)
	}
	s = reopenClock(t, s, c)
	d, err := s.RestoreTrash(a.ID)
	if err != nil || d.Version != 3 {
		t.Fatalf("RestoreTrash = version %d, %v", d.Version, err)
	}
	if h, err := s.History(a.ID); err != nil || len(h) != 3 || h[0].Version != 3 || h[2].Version != 1 {
		t.Fatalf("history after the restore: %d versions, %v", len(h), err)
	}
	if rep, err := s.Verify(); err != nil || !rep.OK() {
		t.Fatalf("Verify: %v, %+v", err, rep.Problems)
	}
}

// TestStore_ForgetLog: the events older than the day go, in one write, and
// the log says so; newer ones, and a damaged old entry, stay; Log reads
// what is left.
func TestStore_ForgetLog(t *testing.T) {
	s, c := newClockStore(t)
	old, _ := s.Add(vault.New("Former client", vault.KindClient))
	if err := s.Record(vault.ActRevealed, old.ID, "Passport number"); err != nil {
		t.Fatal(err)
	}
	if err := s.Record(vault.ActCopied, old.ID, "Phone"); err != nil { // damaged below
		t.Fatal(err)
	}
	c.mu.Lock()
	c.now = c.now.AddDate(1, 0, 0)
	cut := c.now
	c.now = c.now.AddDate(0, 1, 0)
	c.mu.Unlock()
	now, _ := s.Add(vault.New("Eleanor Vance", vault.KindClient))
	if err := s.Record(vault.ActCopied, now.ID, "Password"); err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		lb := tx.Bucket([]byte("log"))
		var keys [][]byte
		lb.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil })
		key := keys[len(keys)-3] // the old copy: the new add and copy follow it
		sealed := bytes.Clone(lb.Get(key))
		sealed[len(sealed)-1] ^= 1
		return lb.Put(key, sealed)
	})
	s = openUnlocked(t, path, &vault.Options{Now: c.Now})

	n, err := s.ForgetLog(cut)
	if err != nil || n != 2 {
		t.Fatalf("ForgetLog = %d, %v; want the old created and revealed", n, err)
	}
	events, err := s.Log(vault.ID{})
	if !errors.Is(err, vault.ErrDamaged) {
		t.Errorf("the damaged old entry is not reported: %v", err)
	}
	var got []string
	for _, e := range events {
		got = append(got, string(e.Action)+" "+e.Detail)
	}
	want := []string{"log-forgotten 2 events before " + cut.Format(time.DateOnly), "copied Password", "created "}
	if !slices.Equal(got, want) {
		t.Errorf("after ForgetLog: %q, want %q", got, want)
	}
	if n, err := s.ForgetLog(cut); err != nil || n != 0 {
		t.Errorf("again: %d, %v", n, err)
	}
	s.Lock()
	if _, err := s.ForgetLog(cut); !errors.Is(err, vault.ErrLocked) {
		t.Errorf("locked: %v", err)
	}
}
