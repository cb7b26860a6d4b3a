package importers_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"confidant/vault"
	"confidant/vault/importers"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func field(t *testing.T, d vault.Dossier, label string) vault.Field {
	t.Helper()
	f, ok := d.Field(label)
	if !ok {
		t.Fatalf("%s has no field %q (fields %+v)", d.Title, label, d.Fields)
	}
	return f
}

func TestDetect(t *testing.T) {
	for file, want := range map[string]importers.Format{
		"maria.vcf": importers.VCard, "two.vcf": importers.VCard, "keepassxc.csv": importers.KeePassXC,
		"bitwarden.json": importers.Bitwarden, "retreat.md": importers.Text,
	} {
		if got, err := importers.Detect(read(t, file)); got != want || err != nil {
			t.Errorf("Detect(%s) = %q, %v; want %q", file, got, err, want)
		}
	}
	if got, _ := importers.Detect([]byte(`{"format":"confidant-bundle/v1"}`)); got != importers.Bundle {
		t.Errorf("Detect(bundle) = %q", got)
	}
	if _, err := importers.Detect([]byte{0xff, 0, 1, 2}); !errors.Is(err, importers.ErrUnknownFormat) {
		t.Errorf("Detect(binary) = %v", err)
	}
}

func TestParseVCard(t *testing.T) {
	ds, err := importers.ParseVCard(read(t, "maria.vcf"))
	if err != nil || len(ds) != 1 {
		t.Fatalf("ParseVCard = %d, %v", len(ds), err)
	}
	d := ds[0]
	if d.Title != "Maria Okafor" || d.Kind != vault.KindContact {
		t.Errorf("title %q kind %q", d.Title, d.Kind)
	}
	if f := field(t, d, "Email"); f.Value != "maria@example.com" || f.Type != vault.TypeEmail {
		t.Errorf("email %+v", f)
	}
	if f := field(t, d, "Phone (work)"); f.Type != vault.TypePhone {
		t.Errorf("phone %+v", f)
	}
	field(t, d, "Phone (cell)")
	if f := field(t, d, "Address (home)"); !strings.Contains(f.Value, "London\nW11 3BU") {
		t.Errorf("address %q", f.Value)
	}
	if field(t, d, "Company").Value != "Okafor Holdings, Private office" || field(t, d, "Role").Value != "Chief of staff" {
		t.Error("company or role")
	}
	if len(d.Dates) != 1 || !d.Dates[0].Yearly || d.Dates[0].On.Format("2006-01-02") != "1984-03-12" {
		t.Errorf("dates %+v", d.Dates)
	}
	if d.Notes != "Prefers calls after 10, never on Sundays.\nSpeaks Portuguese." {
		t.Errorf("notes %q", d.Notes)
	}
	if strings.Join(d.Tags, ",") != "family,vip" {
		t.Errorf("tags %v", d.Tags)
	}

	ds, err = importers.ParseVCard(read(t, "two.vcf"))
	if err != nil || len(ds) != 2 {
		t.Fatalf("two.vcf: %d, %v", len(ds), err)
	}
	if ds[1].Title != "Dr. Kenji Tanaka" || field(t, ds[1], "Email").Type != vault.TypeText {
		t.Errorf("second card %+v", ds[1])
	}
	if field(t, ds[0], "Phone (home)").Value != "+46-8-123-456" {
		t.Errorf("v4 tel uri: %+v", ds[0].Fields)
	}
	for _, bad := range []string{"", "BEGIN:VCARD\nFN:x\n", "FN:x\n", "BEGIN:VCARD\nBEGIN:VCARD\n"} {
		if _, err := importers.ParseVCard([]byte(bad)); !errors.Is(err, importers.ErrFormat) {
			t.Errorf("ParseVCard(%q) = %v", bad, err)
		}
	}
}

func TestParseKeePassXC(t *testing.T) {
	ds, err := importers.ParseKeePassXC(read(t, "keepassxc.csv"))
	if err != nil || len(ds) != 2 {
		t.Fatalf("ParseKeePassXC = %d, %v", len(ds), err)
	}
	if f := field(t, ds[0], "Password"); !f.Secret || f.Value != "correct-horse-42" || f.Type != vault.TypePassword {
		t.Errorf("password %+v", f)
	}
	if !field(t, ds[0], "TOTP").Secret || field(t, ds[0], "Website").Type != vault.TypeURL {
		t.Error("totp or url")
	}
	if strings.Join(ds[0].Tags, ",") != "Clients" || ds[0].Notes != "Security question: first pet" {
		t.Errorf("tags %v notes %q", ds[0].Tags, ds[0].Notes)
	}
	if ds[1].Title != `Airline, "gold" tier` || field(t, ds[1], "Website").Type != vault.TypeText {
		t.Errorf("second entry %+v", ds[1])
	}
	if _, err := importers.ParseKeePassXC([]byte("a,b\n1,2\n")); !errors.Is(err, importers.ErrFormat) {
		t.Errorf("CSV without the columns: %v", err)
	}
	_, err = importers.ParseKeePassXC([]byte("\"Title\",\"Password\"\n\"x\",\"hunter2\"\"oops\n"))
	if !errors.Is(err, importers.ErrFormat) || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("broken CSV: %v", err)
	}
}

func TestParseBitwarden(t *testing.T) {
	ds, err := importers.ParseBitwarden(read(t, "bitwarden.json"))
	if err != nil || len(ds) != 4 {
		t.Fatalf("ParseBitwarden = %d, %v", len(ds), err)
	}
	login, note, card, id := ds[0], ds[1], ds[2], ds[3]
	if !field(t, login, "Password").Secret || !field(t, login, "PIN").Secret || field(t, login, "Branch").Secret {
		t.Errorf("login fields %+v", login.Fields)
	}
	if strings.Join(login.Tags, ",") != "Clients" || note.Kind != vault.KindNote || note.Notes != "Front 4711, garage 0815" {
		t.Error("folder tag or note")
	}
	if !field(t, card, "Card number").Secret || field(t, card, "Expires").Value != "4/2031" {
		t.Errorf("card %+v", card.Fields)
	}
	if id.Kind != vault.KindClient || field(t, id, "Full name").Value != "Ms Eleanor Vance" || !field(t, id, "Passport number").Secret {
		t.Errorf("identity %+v", id.Fields)
	}
	if _, err := importers.ParseBitwarden([]byte(`{"encrypted":true,"items":[]}`)); !errors.Is(err, importers.ErrFormat) ||
		!strings.Contains(err.Error(), "encrypted") {
		t.Errorf("encrypted export: %v", err)
	}
}

func TestParseText(t *testing.T) {
	d, err := importers.ParseText(read(t, "retreat.md"), "notes/retreat.md")
	if err != nil || d.Title != "Board retreat" || d.Kind != vault.KindNote || !strings.Contains(d.Notes, "Gleneagles") {
		t.Fatalf("ParseText = %+v, %v", d, err)
	}
	d, _ = importers.ParseText([]byte("just a line\n"), "door-codes.txt")
	if d.Title != "door-codes" {
		t.Errorf("title %q", d.Title)
	}
	if _, err := importers.ParseText([]byte("  \n"), "x"); !errors.Is(err, importers.ErrFormat) {
		t.Errorf("empty text: %v", err)
	}
}

// fuzz seeds f from testdata and checks that a parser never panics and
// returns only dossiers that validate.
func fuzz(f *testing.F, seeds []string, parse func([]byte) ([]vault.Dossier, error)) {
	for _, s := range seeds {
		f.Add(read(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := parse(data)
		if err != nil {
			return
		}
		for _, d := range ds {
			if err := d.Validate(); err != nil {
				t.Fatalf("parser returned an invalid dossier: %v", err)
			}
		}
	})
}

func FuzzParseVCard(f *testing.F) {
	fuzz(f, []string{"maria.vcf", "two.vcf"}, importers.ParseVCard)
}

func FuzzParseKeePassXC(f *testing.F) {
	fuzz(f, []string{"keepassxc.csv"}, importers.ParseKeePassXC)
}

func FuzzParseBitwarden(f *testing.F) {
	fuzz(f, []string{"bitwarden.json"}, importers.ParseBitwarden)
}

func FuzzParseText(f *testing.F) {
	fuzz(f, []string{"retreat.md"}, func(b []byte) ([]vault.Dossier, error) {
		d, err := importers.ParseText(b, "x.md")
		return []vault.Dossier{d}, err
	})
}

func FuzzDetect(f *testing.F) {
	fuzz(f, []string{"maria.vcf", "keepassxc.csv", "bitwarden.json", "retreat.md"}, func(b []byte) ([]vault.Dossier, error) {
		fm, err := importers.Detect(b)
		if err != nil || fm == importers.Bundle {
			return nil, err
		}
		return importers.Parse(fm, b, "x")
	})
}
