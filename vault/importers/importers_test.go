package importers_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

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
		"bitwarden.json": importers.Bitwarden, "retreat.md": importers.Text, "keepassxc.xml": importers.KeePassXML,
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
	if len(d.Dates) != 1 || !d.Dates[0].Yearly || d.Dates[0].On.Format("2006-01-02") != "1984-03-12" || d.Dates[0].Remind != (vault.Period{Days: 14}) {
		t.Errorf("dates %+v", d.Dates)
	}
	// A birthday of no known year, as phones export it: a yearly date
	// kept in vault.NoYear, as Apple's contacts keep it.
	for _, bday := range []string{"--0412", "--04-12", "1604-04-12"} {
		ds, err := importers.ParseVCard([]byte("BEGIN:VCARD\nVERSION:4.0\nFN:Sofia Vance\nBDAY:" + bday + "\nEND:VCARD\n"))
		if err != nil || len(ds) != 1 || len(ds[0].Dates) != 1 || len(ds[0].Fields) != 1 {
			t.Fatalf("BDAY:%s: %+v, %v", bday, ds, err)
		}
		if dt := ds[0].Dates[0]; dt.On.Format(time.DateOnly) != "1604-04-12" || !dt.Yearly || dt.Label != "Birthday" {
			t.Errorf("BDAY:%s: %+v", bday, dt)
		}
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
// Each of also checks data too.
func fuzz(f *testing.F, seeds []string, parse func([]byte) ([]vault.Dossier, error), also ...func(*testing.T, []byte)) {
	for _, s := range seeds {
		f.Add(read(f, s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, check := range also {
			check(t, data)
		}
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

// FuzzParseKeePassXC also checks that the parser's CSV reader reads what
// encoding/csv reads, and fails where it fails.
func FuzzParseKeePassXC(f *testing.F) {
	f.Add([]byte("a,\"b\r\n\"\"c\"\r\n\r\n\"d\"\"\",e\r"))
	fuzz(f, []string{"keepassxc.csv"}, importers.ParseKeePassXC, func(t *testing.T, data []byte) { compareCSV(t, data) })
}

// compareCSV fails tb if [importers.ReadCSV] and encoding/csv, with the
// options ParseKeePassXC used to give it, read data differently.
func compareCSV(tb testing.TB, data []byte) { compareCSVWith(tb, data, ',') }

// compareCSVWith is compareCSV with fields separated by comma.
func compareCSVWith(tb testing.TB, data []byte, comma byte) {
	got, gotLine, limit := importers.ReadCSV(data, comma)
	if limit {
		return // encoding/csv has no limits
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.Comma = rune(comma)
	var want [][]string
	wantLine := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				tb.Fatalf("encoding/csv: %v", err)
			}
			wantLine = pe.Line
			break
		}
		want = append(want, rec)
	}
	if !reflect.DeepEqual(got, want) || gotLine != wantLine {
		tb.Fatalf("CSV %q separated by %q:\nread %q, error on line %d\nencoding/csv read %q, error on line %d", data, comma, got, gotLine, want, wantLine)
	}
}

func TestReadCSV_LikeEncodingCSV(t *testing.T) {
	for _, in := range []string{
		"", "\n", "\r\n", "a", "a\r", "a\r\r\n", "a,b\nc,d\n", "a,b\r\nc,d", "\n\na,b\n\n\n", ",\n,,\n",
		`"a""b",c` + "\n", `"a,b` + "\nc\r\nd\\\",e\n", `"a"` + "\n" + `"b`, `a"b,c`, `"a"b,c`, `"a" ,b`, "a,\"\"\n", "\"\"\"\"",
		"\"\n\n\"\n", "\"a\r\nb\"\r\n", "a\rb,c\n", "x\n\"", "x\n\"\r", "\ufeffa,b\n",
		"\"\n\r", "x,\"a\n\r", "\"\n\n\r", // found by FuzzParseKeePassXC: the data ends in quotes and a \r
	} {
		for _, comma := range []byte{',', ';', '\t'} {
			compareCSVWith(t, []byte(strings.ReplaceAll(in, ",", string(comma))), comma)
			compareCSVWith(t, []byte(in), comma)
		}
	}
	compareCSV(t, read(t, "keepassxc.csv"))
	compareCSVWith(t, read(t, "clients-eu.csv"), ';')
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
	fuzz(f, []string{"maria.vcf", "keepassxc.csv", "bitwarden.json", "retreat.md", "keepassxc.xml"}, func(b []byte) ([]vault.Dossier, error) {
		fm, err := importers.Detect(b)
		if err != nil || fm == importers.Bundle {
			return nil, err
		}
		return importers.Parse(fm, b, "x")
	})
}

// TestParse_Limits checks the limits each parser enforces: a value at a
// limit imports, one byte over is refused with one line that names the
// place and the limit and never the value.
func TestParse_Limits(t *testing.T) {
	const secret = "Zq7secretmarker"
	long := func(n int) string { return secret + strings.Repeat("s", n-len(secret)) }
	mib := 1 << 20
	csvRow := func(group, title, password string) string {
		return "Group,Title,Username,Password,URL,Notes\n" + group + "," + title + ",u," + password + ",,\n"
	}
	bw := func(items string) string { return `{"encrypted":false,"folders":[],"items":[` + items + `]}` }
	cases := []struct {
		name   string
		format importers.Format
		in     string
		want   string // in the error; "" to import
	}{
		{"KeePassXC: a password of 1 MiB", importers.KeePassXC, csvRow("Root", "Bank", long(mib)), ""},
		{"KeePassXC: a password over 1 MiB", importers.KeePassXC, csvRow("Root", "Bank", long(mib+1)), "line 2: the Password is longer than 1 MiB"},
		{"KeePassXC: a quoted password over 1 MiB", importers.KeePassXC, csvRow("Root", "Bank", `"`+strings.Repeat(`""`, mib)+secret+`"`), "the Password is longer than 1 MiB"},
		{"KeePassXC: a title over 4 KiB", importers.KeePassXC, csvRow("Root", long(4<<10+1), "pw"), "the title is longer than 4 KiB"},
		{"KeePassXC: a group over 1 KiB", importers.KeePassXC, csvRow(long(1<<10+1), "Bank", "pw"), "record 1: a tag (a group, folder or category) is longer than 1 KiB"},
		{"KeePassXC: 1000 columns", importers.KeePassXC, csvRow("Root", "Bank", "pw"+strings.Repeat(",x", 994)), ""},
		{"KeePassXC: 1001 columns", importers.KeePassXC, csvRow("Root", "Bank", "pw"+strings.Repeat(",x", 995)), "line 2 has more than 1000 columns"},
		{"KeePassXC: a column name over 1 KiB", importers.KeePassXC, "Title,Password," + long(1<<10+1) + "\n", "column name longer than 1 KiB"},
		{"KeePassXC: a million records", importers.KeePassXC, csvRow("Root", "Bank", "pw") + strings.Repeat("a,b,c,d,e,f\n", MaxRecords()), "more than 100000 records"},

		{"vCard: a note of 1 MiB", importers.VCard, "BEGIN:VCARD\nFN:x\nNOTE:" + long(mib) + "\nEND:VCARD\n", ""},
		{"vCard: notes over 1 MiB together", importers.VCard, "BEGIN:VCARD\nFN:x\nNOTE:" + long(mib/2) + "\nNOTE:" + long(mib/2) + "\nEND:VCARD\n", "line 4: the card's notes are longer than 1 MiB"},
		{"vCard: a note over 1 MiB once unescaped", importers.VCard, "BEGIN:VCARD\nFN:x\nNOTE:" + strings.Repeat(`\n`, mib/2) + long(mib/2+1) + "\nEND:VCARD\n", "line 3: the card's notes are longer than 1 MiB"},
		{"vCard: a phone over 2 MiB", importers.VCard, "BEGIN:VCARD\nFN:x\nTEL:" + long(2*mib+1) + "\nEND:VCARD\n", "line 3: the TEL value is longer than 1 MiB"},
		{"vCard: a folded phone over 2 MiB", importers.VCard, "BEGIN:VCARD\nFN:x\nTEL:" + strings.Repeat(secret+"\r\n ", 2*mib/len(secret)+1) + "\nEND:VCARD\n", "line 3: the TEL value is longer than 1 MiB"},
		{"vCard: a photo over 2 MiB", importers.VCard, "BEGIN:VCARD\nFN:x\nPHOTO:" + long(3*mib) + "\nEND:VCARD\n", ""},
		{"vCard: 300 birthdays", importers.VCard, "BEGIN:VCARD\nFN:x\n" + strings.Repeat("BDAY:1984-03-12\n", 300) + "END:VCARD\n", "record 1: it has more than 256 dates"},
		{"vCard: a category over 1 KiB", importers.VCard, "BEGIN:VCARD\nFN:x\nCATEGORIES:a," + long(1<<10+1) + "\nEND:VCARD\n", "record 1: a tag"},

		{"Bitwarden: notes of 1 MiB", importers.Bitwarden, bw(`{"type":2,"name":"x","notes":"` + long(mib) + `"}`), ""},
		{"Bitwarden: notes over 1 MiB", importers.Bitwarden, bw(`{"type":2,"name":"x"},{"type":2,"name":"x","notes":"` + long(mib+1) + `"}`), "item 2: the notes are longer than 1 MiB"},
		{"Bitwarden: a field over 1 MiB", importers.Bitwarden, bw(`{"type":2,"name":"x","fields":[{"name":"a","value":"` + long(mib+1) + `"}]}`), "item 1: field 1 is longer than 1 MiB"},
		{"Bitwarden: an item over 4 MiB", importers.Bitwarden, bw(`{"type":2,"name":"x","fields":[{"name":"a","value":"` + long(mib) + `"},{"value":"` + long(mib) + `"},{"value":"` + long(mib) + `"},{"value":"` + long(mib) + `"}]}`), "item 1 is larger than 4 MiB of JSON"},
		{"Bitwarden: a folder over 1 KiB", importers.Bitwarden, `{"folders":[{"id":"f","name":"` + long(1<<10+1) + `"}],"items":[{"type":2,"name":"x","folderId":"f"}]}`, "record 1: a tag"},
		{"Bitwarden: an unknown value over 4 MiB", importers.Bitwarden, `{"collections":"` + long(4*mib+1) + `","items":[]}`, "is larger than 4 MiB"},

		{"text: 1 MiB", importers.Text, long(mib), ""},
		{"text: over 1 MiB", importers.Text, long(mib + 1), "a note holds at most 1 MiB of text"},
		{"any: over 64 MiB", importers.Text, long(importers.MaxInput + 1), "the file is over 64 MiB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importers.Parse(tc.format, []byte(tc.in), "x.md")
			wantRefusal(t, err, tc.want, secret)
		})
	}
}

// MaxRecords is importers.MaxRecords as an int.
func MaxRecords() int { return importers.MaxRecords }

// wantRefusal fails t unless err is nil and want "", or err wraps
// ErrFormat, holds want, is one line and does not hold secret.
func wantRefusal(t *testing.T, err error, want, secret string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("error %v, want none", err)
	case want == "":
	case err == nil:
		t.Fatalf("no error, want %q", want)
	case !errors.Is(err, importers.ErrFormat) || !strings.Contains(err.Error(), want):
		t.Fatalf("error %q, want ErrFormat and %q", err, want)
	case strings.ContainsAny(err.Error(), "\r\n") || (secret != "" && strings.Contains(err.Error(), secret)):
		t.Fatalf("error %q is not one line or holds the secret", err)
	}
}

// TestParseBitwarden_Stream checks what decoding the export element by
// element must keep from decoding it whole: folders after items, every
// key in any order, null lists, and refusing what follows the export.
func TestParseBitwarden_Stream(t *testing.T) {
	item := `{"type":1,"name":"Bank","folderId":"f1","login":{"password":"Zq7secret"}}`
	for _, tc := range []struct{ name, in, want string }{
		{"folders after items", `{"items":[` + item + `],"folders":[{"id":"f1","name":"Clients"}],"encrypted":false}`, ""},
		{"keys in any case, unknown keys skipped", `{"Collections":[{"a":[1,{"b":null}]}],"ITEMS":[` + item + `],"x":"y"}`, ""},
		{"no items", `{"encrypted":false,"folders":[]}`, `no "items"`},
		{"items null", `{"items":null}`, `no "items"`},
		{"items twice", `{"items":[],"items":[]}`, `"items" appears twice`},
		{"encrypted after items", `{"items":[` + item + `],"encrypted":true}`, "this Bitwarden export is encrypted"},
		{"items not a list", `{"items":{"type":1}}`, `"items" has the wrong type`},
		{"a wrong type in an item", `{"items":[{"type":"login","name":7}]}`, `"items.type" has the wrong type`},
		{"a wrong type in a folder", `{"folders":[{"id":1}],"items":[]}`, `"folders.id" has the wrong type`},
		{"encrypted not a boolean", `{"encrypted":"no","items":[]}`, `"encrypted" has the wrong type`},
		{"a list, not an object", `[` + item + `]`, "not a JSON object"},
		{"more after the export", `{"items":[]} {"items":[]}`, "more follows the export"},
		{"garbage after the export", `{"items":[]} Zq7secret`, "not a Bitwarden JSON export"},
		{"cut short", `{"items":[` + item, "ends too soon"},
		{"cut inside an item", `{"items":[{"type":1,"name":"Zq7secret`, "ends too soon"},
		{"a syntax error in an item", `{"items":[{"type":1,"name":Zq7secret}]}`, "syntax error at byte"},
		{"a syntax error between items", `{"items":[{"type":1} {"type":2}]}`, "syntax error at byte"},
		{"empty", ``, "ends too soon"},
		{"too many folders", `{"folders":[` + strings.Repeat(`{"id":"f","name":"Zq7secret"},`, MaxRecords()) + `{}],"items":[]}`, "more than 100000 folders"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := importers.ParseBitwarden([]byte(tc.in))
			wantRefusal(t, err, tc.want, "Zq7secret")
			if tc.want == "" && (len(ds) != 1 || ds[0].Title != "Bank") {
				t.Fatalf("dossiers %+v", ds)
			}
			if tc.name == "folders after items" && strings.Join(ds[0].Tags, ",") != "Clients" {
				t.Errorf("tags %v, want the folder's", ds[0].Tags)
			}
		})
	}
}

// TestParseVCard_Lines checks folding, line ends and the line numbers in
// errors, which count the file's lines.
func TestParseVCard_Lines(t *testing.T) {
	ds, err := importers.ParseVCard([]byte("BEGIN:VCARD\r\nFN:Ma\r\n ria\r\nNOTE:one\r\n\t two\r\n \r\nTEL;TYPE=\"voice,work\":+44 20\r\n  7946\r\nEND:VCARD"))
	if err != nil || len(ds) != 1 {
		t.Fatalf("ParseVCard = %d, %v", len(ds), err)
	}
	if d := ds[0]; d.Title != "Maria" || d.Notes != "one two" || field(t, d, "Phone (work)").Value != "+44 20 7946" {
		t.Errorf("dossier %+v", d)
	}
	_, err = importers.ParseVCard([]byte("BEGIN:VCARD\nFN:x\n y\nEND:VCARD\nFN:z\n"))
	wantRefusal(t, err, "line 5 is outside BEGIN:VCARD", "")
	_, err = importers.ParseVCard([]byte("\n\nnot a property\n"))
	wantRefusal(t, err, "line 3 is not a vCard property", "")
}

// TestParse_AtLimits_Bundle imports dossiers at every limit the importers
// share with the vault and checks that a bundle holding them (a backup or
// a handoff) is read back: the importers' limits are not above the
// vault's, which keeps them in unexported constants of its own.
func TestParse_AtLimits_Bundle(t *testing.T) {
	mib := 1 << 20
	var card strings.Builder
	card.WriteString("BEGIN:VCARD\nFN:Maria\nNOTE:" + strings.Repeat("n", mib) + "\nCATEGORIES:")
	for i := range 64 {
		fmt.Fprintf(&card, "%d%s,", i, strings.Repeat("c", 1<<10-3))
	}
	card.WriteString("\n" + strings.Repeat("BDAY:1984-03-12\n", 256) + strings.Repeat("TEL:+44 20 7946 0000\n", 741) + "END:VCARD\n")
	csvIn := "Group,Title,Username,Password,URL,Notes\nRoot/" + strings.Repeat("g", 1<<10) + "," + strings.Repeat("t ", 2<<10) +
		",u," + strings.Repeat("p", mib) + ",," + strings.Repeat("n", mib) + "\n"
	bwIn := `{"folders":[{"id":"f","name":"` + strings.Repeat("f", 1<<10) + `"}],"items":[{"type":2,"name":"x","folderId":"f","notes":"` +
		strings.Repeat("n", mib) + `","fields":[{"name":"` + strings.Repeat("é", 300) + `","value":"` + strings.Repeat("v", mib) + `"}]}]}`
	b := vault.Bundle{Purpose: vault.PurposeHandoff, Created: time.Now()}
	for _, in := range []struct {
		f    importers.Format
		data string
	}{{importers.VCard, card.String()}, {importers.KeePassXC, csvIn}, {importers.Bitwarden, bwIn}, {importers.Text, strings.Repeat("x", mib)}} {
		ds, err := importers.Parse(in.f, []byte(in.data), "x.md")
		if err != nil || len(ds) != 1 {
			t.Fatalf("%s: %d, %v", in.f, len(ds), err)
		}
		b.Dossiers = append(b.Dossiers, vault.BundleDossier{Dossier: ds[0]})
	}
	if d := b.Dossiers[0].Dossier; len(d.Dates) != 256 || len(d.Tags) != 64 || len(d.Fields) != 742 || len(d.Notes) != mib {
		t.Fatalf("card: %d dates, %d tags, %d fields, %d bytes of notes", len(d.Dates), len(d.Tags), len(d.Fields), len(d.Notes))
	}
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := vault.ParseBundle(buf.Bytes())
	if err != nil || len(got.Dossiers) != len(b.Dossiers) {
		t.Fatalf("ParseBundle of imported dossiers at the limits: %v", err)
	}
}
