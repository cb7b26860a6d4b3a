package vault_test

import (
	"bytes"
	"crypto/sha256"
	"reflect"
	"testing"
	"time"

	"confidant/vault"
)

// fullDossier sets every part of a dossier the record format carries.
func fullDossier() vault.Dossier {
	d := sampleDossier()
	d.ID = vault.NewID()
	d.Version = 7
	d.Created = time.Date(2024, 3, 1, 9, 30, 0, 123, time.UTC)
	d.Updated = time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	d.Reviewed = time.Date(2025, 6, 3, 11, 0, 0, 0, time.UTC)
	d.Fields = append(d.Fields, vault.Field{Label: "Website", Value: "https://example.com", Type: vault.TypeURL})
	born, _ := vault.ParseDay("1980-02-29")
	d.Dates = append(d.Dates, vault.Date{Label: "Birthday", On: born, Remind: vault.Period{Years: 1, Months: 2, Days: 10}, Yearly: true})
	d.Attachments = []vault.Attachment{{ID: vault.NewID(), Name: "scan.pdf", MediaType: "application/pdf", Size: 1234,
		SHA256: sha256.Sum256([]byte("scan")), Added: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}
	d.Provenance = &vault.Provenance{Source: "handoff.age sha256:ab12", From: "Ana", Imported: time.Date(2025, 2, 2, 0, 0, 0, 0, time.UTC)}
	return d
}

func TestDossier_MarshalBinary_RoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    vault.Dossier
	}{
		{"zero", vault.Dossier{}},
		{"template", vault.New("Acme Ltd", vault.KindVendor)},
		{"full", fullDossier()},
		{"unicode", vault.Dossier{Title: "Éléonore Ünal 李", Notes: "line one\nline two\x00", Tags: []string{"ü", "b"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.d.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var got vault.Dossier
			if err := got.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			if !equalDossier(got, tc.d) {
				t.Fatalf("round trip changed the dossier:\n got %+v\nwant %+v", got, tc.d)
			}
		})
	}
}

// equalDossier compares dossiers with time.Time.Equal, since a decoded time
// is in UTC while the original may not be.
func equalDossier(a, b vault.Dossier) bool {
	norm := func(d vault.Dossier) vault.Dossier {
		d = d.Clone()
		for _, t := range []*time.Time{&d.Created, &d.Updated, &d.Reviewed} {
			if !t.IsZero() {
				*t = t.UTC()
			}
		}
		for i := range d.Attachments {
			d.Attachments[i].Added = d.Attachments[i].Added.UTC()
		}
		if d.Provenance != nil {
			d.Provenance.Imported = d.Provenance.Imported.UTC()
		}
		if len(d.Fields) == 0 {
			d.Fields = nil
		}
		if len(d.Tags) == 0 {
			d.Tags = nil
		}
		if len(d.Dates) == 0 {
			d.Dates = nil
		}
		if len(d.Attachments) == 0 {
			d.Attachments = nil
		}
		return d
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

func TestDossier_UnmarshalBinary_Malformed(t *testing.T) {
	full := fullDossier()
	good, _ := full.MarshalBinary()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"unknown version", append([]byte{2}, good[1:]...)},
		{"stray byte", append(append([]byte{}, good...), 0)},
		{"truncated", good[:len(good)-1]},
		{"huge title length", append(append([]byte{}, good[:1+16+1+3*9]...), 0xff, 0xff, 0xff, 0xff, 0x0f)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d vault.Dossier
			if err := d.UnmarshalBinary(tc.data); err == nil {
				t.Fatalf("UnmarshalBinary accepted a malformed record: %+v", d)
			}
		})
	}
	// Every proper prefix fails.
	for n := range len(good) {
		var d vault.Dossier
		if err := d.UnmarshalBinary(good[:n]); err == nil {
			t.Fatalf("UnmarshalBinary accepted the first %d of %d bytes", n, len(good))
		}
	}
}

func FuzzDossierUnmarshal(f *testing.F) {
	for _, d := range []vault.Dossier{{}, vault.New("x", vault.KindClient), sampleDossier(), fullDossier()} {
		b, _ := d.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d vault.Dossier
		if err := d.UnmarshalBinary(data); err != nil {
			return
		}
		b, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var again vault.Dossier
		if err := again.UnmarshalBinary(b); err != nil {
			t.Fatalf("a decoded dossier does not decode after encoding: %v", err)
		}
		if !reflect.DeepEqual(d, again) {
			t.Fatalf("decode, encode, decode changed the dossier:\n%+v\n%+v", d, again)
		}
	})
}

// FuzzValidDossierReadsBack: what Validate accepts, every reader of the
// vault reads back as it was: its own record (a dossier saved, then never
// opened again, was a reminder of "9999w9999w") and a bundle (a backup
// restore refuses was a title over 4 KiB). The fuzzer builds a dossier from
// its inputs the way a person or an import could.
func FuzzValidDossierReadsBack(f *testing.F) {
	f.Add("Eleanor Vance", "Passport", "P123", "vip", "Renewal", "2031-04-30", "6m", "notes", uint16(1), uint16(1))
	f.Add("x", "l", "", "t", "d", "1999-12-31", "9999w9999w", "", uint16(300), uint16(2))
	f.Add("T", "L", "v", "a,b", "D", "2000-01-01", "100y1200m", "n", uint16(0), uint16(257))
	f.Fuzz(func(t *testing.T, title, label, value, tag, dateLabel, day, remind, notes string, nFields, nTags uint16) {
		d := vault.New(title, vault.KindClient)
		d.Notes = notes
		for i := range int(nFields % 1100) {
			d.Fields = append(d.Fields, vault.Field{Label: label + string(rune('a'+i%26)), Value: value, Type: vault.TypeText})
		}
		for range int(nTags % 300) {
			d.Tags = append(d.Tags, tag)
		}
		on, err := vault.ParseDay(day)
		p, perr := vault.ParsePeriod(remind)
		if err == nil && perr == nil {
			d.Dates = []vault.Date{{Label: dateLabel, On: on, Remind: p}}
		}
		if d.Validate() != nil {
			return
		}
		d.ID, d.Version = vault.NewID(), 1
		d.Created = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		d.Updated = d.Created
		b, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back vault.Dossier
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatalf("a valid dossier's record does not read back: %v", err)
		}
		if !equalDossier(d, back) {
			t.Fatalf("the record changed the dossier:\n%+v\n%+v", d, back)
		}
		var buf bytes.Buffer
		bundle := &vault.Bundle{Purpose: vault.PurposeBackup, Created: d.Created, Dossiers: []vault.BundleDossier{{Dossier: d}}}
		if err := bundle.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := vault.ParseBundle(buf.Bytes()); err != nil {
			t.Fatalf("a backup of a valid dossier does not read back: %v", err)
		}
	})
}
