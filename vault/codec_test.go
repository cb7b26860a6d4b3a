package vault_test

import (
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
