package importers_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"confidant/vault"
	"confidant/vault/importers"
)

// TestParseKeePassXML reads testdata/keepassxc.xml, which keepassxc-cli
// 2.7.4 exported (export -f xml) from a database holding an entry with its
// own fields, tags, an expiry, a one-time password key and an attachment
// in a nested group, an entry edited once (so with a History), and one in
// the recycle bin. What the CSV export leaves behind comes in; the recycle
// bin, earlier versions and the attachment (whose content the export does
// not hold) do not.
func TestParseKeePassXML(t *testing.T) {
	ds, err := importers.ParseKeePassXML(read(t, "keepassxc.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, d := range ds {
		titles = append(titles, d.Title)
	}
	if !slices.Equal(titles, []string{"Hugo Brandt", "Margaret Okafor — airline"}) {
		t.Fatalf("titles %q: the recycle bin's entry, or a History's, came in", titles)
	}
	hugo, m := ds[0], ds[1]
	if f := field(t, hugo, "Username"); f.Value != "hugo.brandt" {
		t.Errorf("Hugo's username %q: not the current version's", f.Value)
	}
	if hugo.Kind != vault.KindVendor || !slices.Equal(hugo.Tags, []string{"Clients"}) {
		t.Errorf("Hugo: %s, tags %q", hugo.Kind, hugo.Tags)
	}
	var got []string
	for _, f := range m.Fields {
		s := f.Label + " " + string(f.Type)
		if f.Secret {
			s += " secret"
		}
		got = append(got, s)
	}
	want := []string{"Username text", "Password password secret", "Website url", "Frequent flyer text", "Mobile phone",
		"Passport number text secret", "TOTP text secret"}
	if !slices.Equal(got, want) {
		t.Errorf("fields %q,\nwant %q", got, want)
	}
	if f := field(t, m, "TOTP"); !strings.HasPrefix(f.Value, "otpauth://totp/Airline:okafor?secret=JBSWY3DPEHPK3PXP") {
		t.Errorf("TOTP %q", f.Value)
	}
	if m.Kind != vault.KindClient || !slices.Equal(m.Tags, []string{"board", "vip", "Clients/London"}) {
		t.Errorf("Margaret: %s, tags %q", m.Kind, m.Tags)
	}
	if len(m.Dates) != 1 || m.Dates[0].Label != "Entry expires" || m.Dates[0].On.Format("2006-01-02") != "2029-03-14" || m.Dates[0].Remind != (vault.Period{Days: 14}) {
		t.Errorf("dates %+v, want the entry's expiry (a KDBX 4 time)", m.Dates)
	}
	if m.Notes != "Prefers aisle seats.\nDriver: Samuel, +44 7700 900123." {
		t.Errorf("notes %q", m.Notes)
	}
}

// TestParseKeePassXML_KeePass2 reads what KeePass 2 writes: times in ISO
// 8601, tags separated by semicolons, its own one-time password settings,
// and an entry's own dated field, which brings its reminder.
func TestParseKeePassXML_KeePass2(t *testing.T) {
	ds, err := importers.ParseKeePassXML([]byte(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<KeePassFile><Meta><Generator>KeePass</Generator></Meta><Root><Group><Name>Database</Name>
<Entry><Tags>travel; family</Tags>
<Times><ExpiryTime>2030-01-31T23:00:00Z</ExpiryTime><Expires>True</Expires></Times>
<String><Key>Title</Key><Value>Hugo &amp; Ana passports</Value></String>
<String><Key>Passport expiry</Key><Value>14.03.2029</Value></String>
<String><Key>Door code</Key><Value>4471</Value></String>
<String><Key>TimeOtp-Secret-Base32</Key><Value ProtectInMemory="True">JBSWY3DPEHPK3PXP</Value></String>
<String><Key>TimeOtp-Period</Key><Value>30</Value></String>
<Binary><Key>scan.pdf</Key><Value Ref="0"/></Binary>
</Entry></Group></Root></KeePassFile>`))
	if err != nil || len(ds) != 1 {
		t.Fatalf("%d dossiers, %v", len(ds), err)
	}
	d := ds[0]
	if d.Title != "Hugo & Ana passports" || d.Kind != vault.KindClient || !slices.Equal(d.Tags, []string{"travel", "family"}) {
		t.Errorf("%q %s tags %q", d.Title, d.Kind, d.Tags)
	}
	if f := field(t, d, "Passport expiry"); f.Type != vault.TypeDate || f.Value != "2029-03-14" || f.Secret {
		t.Errorf("Passport expiry %+v", f)
	}
	if f := field(t, d, "Door code"); !f.Secret {
		t.Errorf("Door code %+v: its name names a secret", f)
	}
	if f := field(t, d, "TOTP"); f.Value != "JBSWY3DPEHPK3PXP" || !f.Secret {
		t.Errorf("TOTP %+v", f)
	}
	if _, ok := d.Field("TimeOtp-Period"); ok {
		t.Error("KeePass's one-time password settings came in as a field")
	}
	var dates []string
	for _, dt := range d.Dates {
		dates = append(dates, dt.Label+" "+dt.On.Format("2006-01-02"))
	}
	if !slices.Equal(dates, []string{"Passport expiry 2029-03-14", "Entry expires 2030-01-31"}) {
		t.Errorf("dates %q", dates)
	}
}

func TestParseKeePassXML_Refused(t *testing.T) {
	entry := func(inner string) string {
		return `<KeePassFile><Root><Group><Name>Root</Name><Entry>` + inner + `</Entry></Group></Root></KeePassFile>`
	}
	for _, tc := range []struct{ name, in, want string }{
		{"another XML", `<?xml version="1.0"?><html><body/></html>`, "not a KeePass export"},
		{"not XML", "Title,Password\nx,y\n", "no KeePassFile element"},
		{"cut short", strings.TrimSuffix(entry(`<String><Key>Title</Key><Value>Bank</Value></String>`), "</Entry></Group></Root></KeePassFile>"), "the file ends inside the Entry element"},
		{"cut inside a tag", entry(`<String><Key>Title</Key><Value>Bank`)[:70], "XML error on line 1"},
		{"encrypted inner XML", entry(`<String><Key>Password</Key><Value Protected="True">c2VjcmV0</Value></String>`), "entry 1: a value is encrypted with the database's own key"},
		{"a value over 1 MiB", entry(`<String><Key>Notes</Key><Value>` + strings.Repeat("n", 1<<20+1) + `</Value></String>`), "entry 1: a field's value is longer than 1 MiB"},
		{"a title over 4 KiB", entry(`<String><Key>Title</Key><Value>` + strings.Repeat("t", 4<<10+1) + `</Value></String>`), "entry 1: the title is longer than 4 KiB"},
		{"groups 100 deep", `<KeePassFile><Root>` + strings.Repeat("<Group>", 100), "nested more than 64 deep"},
		{"another encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><KeePassFile/>`, "XML error"},
		{"a tag of 20,000 attributes", `<KeePassFile><Root` + strings.Repeat(` a="b>"`, 20_000) + `/></KeePassFile>`, "a tag longer than 64 KiB"},
		{"a comment of 100 KiB", `<KeePassFile><!--` + strings.Repeat("c", 100<<10) + `--></KeePassFile>`, "a tag longer than 64 KiB"},
		{"30 MiB of text in CDATA", entry(`<String><Key>Notes</Key><Value><![CDATA[` + strings.Repeat("n", 30<<20) + `]]></Value></String>`), "a value longer than 1 MiB"},
		{"an entity it does not know", entry(`<String><Key>Title</Key><Value>&lol;</Value></String>`), "XML error on line 1"},
	} {
		_, err := importers.ParseKeePassXML([]byte(tc.in))
		if !errors.Is(err, importers.ErrFormat) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want %q", tc.name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "Bank") {
			t.Errorf("%s: the error quotes the file: %v", tc.name, err)
		}
	}
}

func FuzzParseKeePassXML(f *testing.F) {
	f.Add([]byte(`<KeePassFile><Meta><RecycleBinUUID>AQ==</RecycleBinUUID></Meta><Root><Group><UUID>AQ==</UUID><Name>R</Name><Entry><Times><ExpiryTime>AIjr5g4AAAA=</ExpiryTime><Expires>True</Expires></Times><String><Key>Title</Key><Value>x</Value></String></Entry></Group></Root></KeePassFile>`))
	f.Add(keepass2(`<Binary ID="0" Compressed="True">`+b64(gzipped([]byte("scan")))+`</Binary><Binary ID="1">`+b64([]byte("x"))+`</Binary>`,
		`<Entry><String><Key>Title</Key><Value>A</Value></String><Binary><Key>a.pdf</Key><Value Ref="0"/></Binary><Binary><Key>b</Key><Value Ref="1"/></Binary></Entry>`))
	// ReadBundle, which brings the attachments too: every dossier
	// validates, and each attachment's content is there, of its size.
	fuzz(f, []string{"keepassxc.xml"}, func(data []byte) ([]vault.Dossier, error) {
		b, err := importers.ReadBundle(importers.KeePassXML, data, "x.xml")
		if err != nil {
			return nil, err
		}
		for _, bd := range b.Dossiers {
			for _, a := range bd.Dossier.Attachments {
				if c, ok := bd.Content[a.ID]; !ok || int64(len(c)) != a.Size || a.Size > vault.MaxAttachmentSize {
					panic(fmt.Sprintf("attachment %q: %d bytes of content for %d", a.Name, len(c), a.Size))
				}
			}
		}
		return b.List(), nil
	})
}

// TestParseKeePassXML_Shape: what the check of tags' and texts' lengths
// passes over is read as XML reads it: a > inside quotes, a comment, text
// in CDATA.
func TestParseKeePassXML_Shape(t *testing.T) {
	ds, err := importers.ParseKeePassXML([]byte(`<?xml version="1.0"?><!-- exported > by hand -->
<KeePassFile><Root><Group a="x>y"><Name>R</Name><Entry>
<String><Key>Title</Key><Value><![CDATA[Bank <of> Example]]></Value></String>
<String><Key>Notes</Key><Value ProtectInMemory='a>b'>x &lt; y &amp; z</Value></String>
</Entry></Group></Root></KeePassFile>`))
	if err != nil || len(ds) != 1 || ds[0].Title != "Bank <of> Example" || ds[0].Notes != "x < y & z" {
		t.Fatalf("%+v, %v", ds, err)
	}
}

// TestFields: the preview's line of what an export's fields become, by
// label only, in the order they first come, secrets marked.
func TestFields(t *testing.T) {
	ds, err := importers.ParseKeePassXML(read(t, "keepassxc.xml"))
	if err != nil {
		t.Fatal(err)
	}
	want := "Username, Password (secret), Website (web address), Frequent flyer, Mobile (phone), Passport number (secret), TOTP (secret)"
	if got := importers.Fields(ds); got != want {
		t.Errorf("Fields = %q,\nwant %q", got, want)
	}
	if got := importers.Fields(nil); got != "" {
		t.Errorf("Fields(nil) = %q", got)
	}
	var many vault.Dossier
	for i := range 40 {
		many.Fields = append(many.Fields, vault.Field{Label: fmt.Sprintf("L%02d", i), Value: "v", Type: vault.TypeText})
	}
	if got := importers.Fields([]vault.Dossier{many}); !strings.HasSuffix(got, "L29, and 10 more") || strings.Contains(got, "v") {
		t.Errorf("Fields of 40 labels = %q", got)
	}
}

// keepass2 is a KeePass 2 XML export whose Meta holds attachments, one
// gzipped and one not, as KeePass 2 writes them: their content comes in.
func keepass2(binaries, entries string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<KeePassFile><Meta><Generator>KeePass</Generator><RecycleBinUUID>Ag==</RecycleBinUUID><Binaries>` + binaries + `</Binaries></Meta>
<Root><Group><UUID>AQ==</UUID><Name>Database</Name>` + entries + `
<Group><UUID>Ag==</UUID><Name>Recycle Bin</Name><Entry><String><Key>Title</Key><Value>Gone</Value></String>
<Binary><Key>old.pdf</Key><Value Ref="1"/></Binary></Entry></Group>
</Group></Root></KeePassFile>`)
}

func gzipped(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// TestReadBundle_KeePass2Attachments: a KeePass 2 export's attachments come
// with their content, named and typed, each dossier's own; a reference the
// file does not hold is left out, as KeePassXC's export holds none; a
// gzip bomb is refused.
func TestReadBundle_KeePass2Attachments(t *testing.T) {
	scan := []byte("%PDF-1.4 a passport scan")
	note := []byte("Seat 2A, window.\n")
	data := keepass2(`<Binary ID="0" Compressed="True">`+b64(gzipped(scan))+`</Binary><Binary ID="1">`+b64(note)+`</Binary>`,
		`<Entry><String><Key>Title</Key><Value>Ana Lima</Value></String>
<Binary><Key>passport/scan.pdf</Key><Value Ref="0"/></Binary><Binary><Key>seat.txt</Key><Value Ref="1"/></Binary>
<Binary><Key>missing.png</Key><Value Ref="7"/></Binary></Entry>`)
	b, err := importers.ReadBundle(importers.KeePassXML, data, "export.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Dossiers) != 1 {
		t.Fatalf("%d dossiers: the recycle bin's came in", len(b.Dossiers))
	}
	bd := b.Dossiers[0]
	var got []string
	for _, a := range bd.Dossier.Attachments {
		got = append(got, fmt.Sprintf("%s %s %d", a.Name, a.MediaType, a.Size))
		if c := bd.Content[a.ID]; int64(len(c)) != a.Size || a.ID.IsZero() {
			t.Errorf("%s: content of %d bytes", a.Name, len(c))
		}
	}
	want := []string{"passport_scan.pdf application/pdf 24", "seat.txt text/plain; charset=utf-8 17"}
	if !slices.Equal(got, want) {
		t.Errorf("attachments %q, want %q", got, want)
	}
	if !bytes.Equal(bd.Content[bd.Dossier.Attachments[0].ID], scan) || !bytes.Equal(bd.Content[bd.Dossier.Attachments[1].ID], note) {
		t.Error("the content does not match")
	}
	// Parse, which returns dossiers only, names none: it could not carry them.
	if ds, err := importers.ParseKeePassXML(data); err != nil || len(ds[0].Attachments) != 0 {
		t.Errorf("ParseKeePassXML: %+v, %v", ds, err)
	}

	bomb := keepass2(`<Binary ID="0" Compressed="True">`+b64(gzipped(make([]byte, 16<<20+1)))+`</Binary>`,
		`<Entry><String><Key>Title</Key><Value>Ana</Value></String><Binary><Key>z</Key><Value Ref="0"/></Binary></Entry>`)
	if _, err := importers.ReadBundle(importers.KeePassXML, bomb, "x.xml"); !errors.Is(err, importers.ErrFormat) || !strings.Contains(err.Error(), "entry 1: attachment 1 is larger than 16 MiB") {
		t.Errorf("a gzip bomb: %v", err)
	}
	if testing.Short() {
		return
	}
	// Five attachments of 15 MiB each, 75 MiB in all, from a file of a
	// hundred KB.
	var entries strings.Builder
	for i := range 5 {
		fmt.Fprintf(&entries, `<Entry><String><Key>Title</Key><Value>E%d</Value></String><Binary><Key>z</Key><Value Ref="0"/></Binary></Entry>`, i)
	}
	many := keepass2(`<Binary ID="0" Compressed="True">`+b64(gzipped(make([]byte, 15<<20)))+`</Binary>`, entries.String())
	if _, err := importers.ReadBundle(importers.KeePassXML, many, "x.xml"); !errors.Is(err, importers.ErrFormat) || !strings.Contains(err.Error(), "the attachments come to more than 64 MiB") {
		t.Errorf("75 MiB of attachments: %v", err)
	}
}
