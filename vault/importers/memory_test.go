package importers_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"confidant/vault"
	"confidant/vault/importers"
)

// memCase is one input for the memory checks: how it is made, how it is
// parsed, what must come out, and how many bytes the parser may allocate
// per byte of input.
type memCase struct {
	name   string
	format importers.Format
	input  func() []byte
	want   string  // in the error; "" for an input that must import
	bound  float64 // bytes allocated per input byte, at most
	big    bool    // not with -short or -race
}

// rows writes head, then row(i) for i from 0 to n-1, then tail.
func rows(head string, n int, row func(b *bytes.Buffer, i int), tail string) []byte {
	var b bytes.Buffer
	b.WriteString(head)
	for i := range n {
		row(&b, i)
	}
	b.WriteString(tail)
	return b.Bytes()
}

// repeat returns head, part n times, then tail.
func repeat(head, part string, n int, tail string) []byte {
	b := make([]byte, len(head)+len(part)*n+len(tail))
	copy(b, head)
	parts := b[len(head) : len(head)+len(part)*n]
	for done := copy(parts, part); done < len(parts); done *= 2 {
		copy(parts[done:], parts[:done])
	}
	copy(b[len(head)+len(parts):], tail)
	return b
}

const keepassHead = `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"` + "\n"

func vcards(n int) []byte {
	return rows("", n, func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Client %d Okafor\r\nN:Okafor;Client %d;;Ms;\r\n"+
			"TEL;TYPE=work:+44 20 7946 %04d\r\nEMAIL:client%d@example.com\r\n"+
			"ADR;TYPE=home:;;%d Portobello Road;London;;W11 3BU;UK\r\nORG:Okafor Holdings;Private office\r\n"+
			"BDAY:1984-03-12\r\nNOTE:Prefers calls after 10\\, never on Sundays.\\nSpeaks Portuguese.\r\n"+
			"CATEGORIES:family,vip\r\nEND:VCARD\r\n", i, i, i%10000, i, i)
	}, "")
}

func keepassRows(n int) []byte {
	return rows(keepassHead, n, func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, `"Root/Clients","Bank %d","user%d","correct-horse-%d","https://bank%d.example","Security question: first pet","","0","2026-01-01T00:00:00Z","2025-01-01T00:00:00Z"`+"\n", i, i, i, i)
	}, "")
}

const tableHead = "Name,Company,Email,Mobile,Date of birth,Passport number,Passport expiry,Address,Tags,Notes\n"

func tableRows(n int) []byte {
	return rows(tableHead, n, func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, `Client %d,Chen Holdings,c%d@example.com,+1 212 555 %04d,14/03/1961,K%07d,2029-03-14,"200 Park Ave
New York",vip,"Prefers aisle seats; driver Sam."`+"\n", i, i, i%10000, i)
	}, "")
}

const keepassXMLHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<KeePassFile><Meta><Generator>KeePassXC</Generator></Meta><Root><Group><Name>Root</Name>\n"

func keepassXMLEntries(n int) []byte {
	return rows(keepassXMLHead, n, func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, "<Entry><UUID>EAAAAAAAAAAAAAAAAAAAAA==</UUID><Tags>vip,bank</Tags><Times><ExpiryTime>AIjr5g4AAAA=</ExpiryTime><Expires>False</Expires></Times>"+
			"<String><Key>Notes</Key><Value>Security question: first pet</Value></String><String><Key>Passport number</Key><Value ProtectInMemory=\"True\">K%07d</Value></String>"+
			"<String><Key>Password</Key><Value ProtectInMemory=\"True\">correct-horse-%d</Value></String><String><Key>Title</Key><Value>Bank %d</Value></String>"+
			"<String><Key>URL</Key><Value>https://bank%d.example</Value></String><String><Key>UserName</Key><Value>user%d</Value></String>"+
			"<AutoType><Enabled>True</Enabled></AutoType></Entry>\n", i, i, i, i, i)
	}, "</Group></Root></KeePassFile>\n")
}

func bitwardenItems(n int) []byte {
	return rows(`{"encrypted":false,"folders":[{"id":"f1","name":"Clients"}],"items":[`, n, func(b *bytes.Buffer, i int) {
		if i > 0 {
			b.WriteString(",\n")
		}
		switch i % 4 {
		case 0:
			fmt.Fprintf(b, `{"id":"%d","type":1,"name":"Bank %d","folderId":"f1","notes":"joint account","login":{"username":"user%d","password":"correct-horse-%d","totp":null,"uris":[{"match":null,"uri":"https://bank%d.example"}]},"fields":[{"name":"PIN","value":"1234","type":1},{"name":"Branch","value":"Notting Hill","type":0}]}`, i, i, i, i, i)
		case 1:
			fmt.Fprintf(b, `{"id":"%d","type":2,"name":"Door codes %d","notes":"Front 4711, garage 0815","secureNote":{"type":0}}`, i, i)
		case 2:
			fmt.Fprintf(b, `{"id":"%d","type":3,"name":"Card %d","card":{"cardholderName":"E Vance","brand":"Amex","number":"378282246310005","expMonth":"4","expYear":"2031","code":"1234"}}`, i, i)
		case 3:
			fmt.Fprintf(b, `{"id":"%d","type":4,"name":"Passport %d","identity":{"title":"Ms","firstName":"Eleanor","lastName":"Vance","email":"e%d@example.com","phone":"+44 20 7946 0000","address1":"1 Road","city":"London","postalCode":"W11","country":"GB","passportNumber":"123456789"}}`, i, i, i)
		}
	}, "]}")
}

// memCases are the inputs: a large valid file of each format, and hostile
// ones. The bounds are a quarter to a half over what was measured. A valid
// file's figure is mostly the dossiers made of it (about 250 bytes of
// struct each, and their fields); a refused file's should stay under one
// byte per byte, the input not copied.
var memCases = []memCase{
	{name: "vCard, 10,000 cards", format: importers.VCard, input: func() []byte { return vcards(10_000) }, bound: 15},
	{name: "KeePassXC, 10,000 entries", format: importers.KeePassXC, input: func() []byte { return keepassRows(10_000) }, bound: 15},
	{name: "KeePass XML, 10,000 entries", format: importers.KeePassXML, input: func() []byte { return keepassXMLEntries(10_000) }, bound: 15},
	{name: "Bitwarden, 10,000 items", format: importers.Bitwarden, input: func() []byte { return bitwardenItems(10_000) }, bound: 15},
	// A row of this table makes a richer dossier than a KeePassXC entry of
	// its size: 9 fields and 2 dates out of 150 bytes.
	{name: "spreadsheet, 10,000 rows", format: importers.Table, input: func() []byte { return tableRows(10_000) }, bound: 22},
	{name: "text, 1 MiB", format: importers.Text, input: func() []byte {
		return repeat("# Board retreat\n", "Gleneagles, the east wing; the chairman arrives by train.\n", (1<<20-100)/58, "")
	}, bound: 1.5},

	{name: "KeePassXC, a million columns", format: importers.KeePassXC, want: "more than 1000 columns", bound: 1,
		input: func() []byte { return repeat(keepassHead+"Root,T,u,p,https://x,", "n,", 1_000_000, "\n") }},
	{name: "KeePassXC, 5 million columns (10 MB)", format: importers.KeePassXC, want: "more than 1000 columns", bound: 1, big: true,
		input: func() []byte {
			return repeat("Group,Title,Username,Password,URL,Notes\nRoot,T,u,p,https://x,", "n,", 5_000_000, "\n")
		}},
	{name: "KeePassXC, a million columns in the header", format: importers.KeePassXC, want: "more than 1000 columns", bound: 1,
		input: func() []byte { return repeat("Title,Password", ",x", 1_000_000, "\n") }},
	{name: "KeePassXC, a 60 MiB password", format: importers.KeePassXC, want: "longer than 1 MiB", bound: 1, big: true,
		input: func() []byte { return repeat(keepassHead+`"Root","Bank","user","`, "p", 60<<20, "\",\"\",\"\"\n") }},
	{name: "KeePassXC, a 60 MiB field in a column it ignores", format: importers.KeePassXC, bound: 1, big: true,
		input: func() []byte { return repeat(keepassHead+`"Root","Bank","user","pw","","","","`, "i", 60<<20, "\"\n") }},
	{name: "KeePassXC, 2 million empty lines", format: importers.KeePassXC, bound: 1,
		input: func() []byte { return repeat(keepassHead, "\n", 2_000_000, "Root,Bank,u,p\n") }},

	{name: "KeePass XML, groups nested a million deep", format: importers.KeePassXML, want: "nested more than 64 deep", bound: 1,
		input: func() []byte { return repeat(keepassXMLHead, "<Group>", 1_000_000, "") }},
	{name: "KeePass XML, a 60 MiB note", format: importers.KeePassXML, want: "longer than 1 MiB", bound: 3, big: true,
		input: func() []byte {
			return repeat(keepassXMLHead+"<Entry><String><Key>Notes</Key><Value>", "n", 60<<20, "</Value></String></Entry></Group></Root></KeePassFile>")
		}},
	{name: "KeePass XML, a million attributes", format: importers.KeePassXML, want: "a tag longer than 64 KiB", bound: 1,
		input: func() []byte {
			return repeat(keepassXMLHead+"<Entry", ` a="b"`, 1_000_000, "/></Group></Root></KeePassFile>")
		}},
	{name: "KeePass XML, a million entries", format: importers.KeePassXML, want: "more than 100000 entries", bound: 8, big: true,
		input: func() []byte {
			return repeat(keepassXMLHead, "<Entry><String><Key>Title</Key><Value>x</Value></String></Entry>", 1_000_000, "</Group></Root></KeePassFile>")
		}},

	{name: "spreadsheet, a million columns", format: importers.Table, want: "more than 1000 columns", bound: 1,
		input: func() []byte { return repeat("Name,Phone,Notes\nAna,1,", "n,", 1_000_000, "\n") }},
	{name: "spreadsheet, a million columns in the header", format: importers.Table, want: "more than 1000 columns", bound: 1,
		input: func() []byte { return repeat("Name,Phone", ",x", 1_000_000, "\n") }},
	{name: "spreadsheet, a 60 MiB note", format: importers.Table, want: "longer than 1 MiB", bound: 1, big: true,
		input: func() []byte { return repeat("Name,Notes\nAna,\"", "n", 60<<20, "\"\n") }},
	{name: "spreadsheet, a 60 MiB value in a column of days", format: importers.Table, want: "longer than 1 MiB", bound: 1, big: true,
		input: func() []byte { return repeat("Name,Since\nAna,2020-01-01\nBo,\"", "1", 60<<20, "\"\n") }},
	{name: "spreadsheet, 2 million empty lines", format: importers.Table, want: "no rows under it", bound: 1,
		input: func() []byte { return repeat("Name,Phone\n", "\n", 2_000_000, "") }},
	{name: "spreadsheet, a million rows", format: importers.Table, want: "more than 100000 rows", bound: 8, big: true,
		input: func() []byte { return repeat("Name,Phone\n", "Ana Example,+44 20 7946 0958\n", 1_000_000, "") }},

	{name: "vCard, a 60 MiB note", format: importers.VCard, want: "longer than 1 MiB", bound: 1, big: true,
		input: func() []byte { return repeat("BEGIN:VCARD\r\nFN:Maria\r\nNOTE:", "n", 60<<20, "\r\nEND:VCARD\r\n") }},
	{name: "vCard, a 30 MB folded note", format: importers.VCard, want: "longer than 1 MiB", bound: 1, big: true,
		input: func() []byte {
			return repeat("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Maria\r\nNOTE:x", "\r\n y", 10_000_000, "\r\nEND:VCARD\r\n")
		}},
	{name: "vCard, a 56 MiB folded photo it ignores", format: importers.VCard, bound: 1, big: true,
		input: func() []byte {
			return repeat("BEGIN:VCARD\r\nFN:Maria\r\nPHOTO;ENCODING=b;TYPE=JPEG:", "QUJD\r\n ", 8<<20, "\r\nEND:VCARD\r\n")
		}},
	{name: "vCard, 3 million empty lines", format: importers.VCard, want: "no vCard", bound: 1,
		input: func() []byte { return repeat("", "\r\n", 3_000_000, "") }},
	{name: "vCard, a million cards", format: importers.VCard, want: "more than 100000 cards", bound: 8, big: true,
		input: func() []byte { return repeat("", "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", 1_000_000, "") }},
	{name: "vCard, 10,000 nested BEGINs", format: importers.VCard, want: "inside a card", bound: 1,
		input: func() []byte { return repeat("", "BEGIN:VCARD\r\n", 10_000, "END:VCARD\r\n") }},

	{name: "Bitwarden, a million items (22 MB)", format: importers.Bitwarden, want: "more than 100000 items", bound: 9, big: true,
		input: func() []byte { return repeatItems(`{"type":2,"name":"x"}`, 1_000_000) }},
	{name: "Bitwarden, a 60 MiB note", format: importers.Bitwarden, want: "larger than 4 MiB", bound: 1, big: true,
		input: func() []byte {
			return repeat(`{"encrypted":false,"items":[{"type":2,"name":"x","notes":"`, "n", 60<<20, `"}]}`)
		}},
	{name: "Bitwarden, 2 MiB notes", format: importers.Bitwarden, want: "longer than 1 MiB", bound: 6.5,
		input: func() []byte {
			return repeat(`{"encrypted":false,"items":[{"type":2,"name":"x","notes":"`, "n", 2<<20, `"}]}`)
		}},
	{name: "Bitwarden, items nested a million deep", format: importers.Bitwarden, want: "not a Bitwarden JSON export", bound: 1,
		input: func() []byte { return repeat(`{"encrypted":false,"items":`, "[", 1_000_000, "") }},
	{name: "Bitwarden, a field nested a million deep", format: importers.Bitwarden, want: "not a Bitwarden JSON export", bound: 1,
		input: func() []byte {
			return repeat(`{"encrypted":false,"items":[{"type":2,"name":"x","fields":`, "[", 1_000_000, "")
		}},
	{name: "Bitwarden, an unknown key nested a million deep", format: importers.Bitwarden, want: "not a Bitwarden JSON export", bound: 1,
		input: func() []byte { return repeat(`{"encrypted":false,"collections":`, "[", 1_000_000, "") }},
	{name: "Bitwarden, a million custom fields in one item", format: importers.Bitwarden, want: "larger than 4 MiB", bound: 1,
		input: func() []byte {
			return repeat(`{"encrypted":false,"items":[{"type":2,"name":"x","fields":[{}`, `,{"name":"a","value":"b"}`, 1_000_000, `]}]}`)
		}},
	{name: "Bitwarden, an identity with 300,000 keys", format: importers.Bitwarden, bound: 3,
		input: func() []byte {
			return rows(`{"encrypted":false,"items":[{"type":4,"name":"x","identity":{"a":"b"`, 300_000,
				func(b *bytes.Buffer, i int) { fmt.Fprintf(b, `,"k%d":"v"`, i) }, `}}]}`)
		}},

	{name: "text, a million empty lines", format: importers.Text, bound: 1.5,
		input: func() []byte { return repeat("x", "\n", 1<<20-1, "") }},
	{name: "text, 60 MiB", format: importers.Text, want: "at most 1 MiB", bound: 0.01, big: true,
		input: func() []byte { return repeat("", "text\n", 12<<20, "") }},
	{name: "any format, 100 MiB", format: importers.KeePassXC, want: "over 64 MiB", bound: 0.01, big: true,
		input: func() []byte { return repeat(keepassHead+`"Root","Bank","user","`, "p", 100<<20, "\"\n") }},
}

func repeatItems(item string, n int) []byte {
	return repeat(`{"encrypted":false,"items":[`+item, ","+item, n-1, "]}")
}

// allocated returns the bytes f allocates on the heap. It is exact and does
// not depend on when the collector runs: TotalAlloc only grows.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestParse_MemoryPerByte parses a large valid file of each format and
// hostile ones, and checks the bytes allocated per byte of input against
// each case's bound, the outcome, and that an error is one line. Run with
// -v for the figures.
func TestParse_MemoryPerByte(t *testing.T) {
	var report []string
	for _, tc := range memCases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.big && (testing.Short() || raceDetector) {
				t.Skip("a large input: not with -short or -race")
			}
			in := tc.input()
			var ds []vault.Dossier
			var err error
			n := allocated(func() { ds, err = importers.Parse(tc.format, in, "notes.md") })
			ratio := float64(n) / float64(len(in))
			msg := "imported"
			if err != nil {
				msg = err.Error()
			}
			report = append(report, fmt.Sprintf("%-48s %7.1f MB  %8.1f MB allocated  %6.2f B/B  %6d dossiers  %s",
				tc.name, float64(len(in))/1e6, float64(n)/1e6, ratio, len(ds), msg))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want %q in it", err, tc.want)
			case err != nil && (!errors.Is(err, importers.ErrFormat) || strings.ContainsAny(err.Error(), "\r\n")):
				t.Errorf("error %q does not wrap ErrFormat or is not one line", err)
			}
			if ratio > tc.bound {
				t.Errorf("allocated %d bytes for %d of input, %.2f per byte; the bound is %.2f", n, len(in), ratio, tc.bound)
			}
		})
	}
	t.Logf("bytes allocated per byte of input (name, input, allocated, ratio, dossiers, outcome):\n%s", strings.Join(report, "\n"))
}

// BenchmarkParse reports, beside -benchmem's B/op, the bytes allocated per
// byte of input (B/inB) for each input of [TestParse_MemoryPerByte].
//
//	go test -run XXX -bench Parse -benchmem ./vault/importers
func BenchmarkParse(b *testing.B) {
	for _, tc := range memCases {
		b.Run(strings.NewReplacer(" ", "_", ",", "").Replace(tc.name), func(b *testing.B) {
			in := tc.input()
			b.SetBytes(int64(len(in)))
			var total uint64
			for b.Loop() {
				total += allocated(func() { _, _ = importers.Parse(tc.format, in, "notes.md") })
			}
			b.ReportMetric(float64(total)/float64(b.N)/float64(len(in)), "B/inB")
		})
	}
}
