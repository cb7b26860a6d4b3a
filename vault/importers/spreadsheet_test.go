package importers_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"confidant/vault"
	"confidant/vault/importers"
)

// cell is what a test expects of a field: its value, type and mask.
type cell struct {
	value  string
	typ    vault.FieldType
	secret bool
}

// wantFields fails t unless d has exactly the fields of want, in order.
func wantFields(t *testing.T, d vault.Dossier, want [][2]string, cells map[string]cell) {
	t.Helper()
	var got [][2]string
	for _, f := range d.Fields {
		got = append(got, [2]string{f.Label, f.Value})
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: fields\n%q\nwant\n%q", d.Title, got, want)
	}
	for label, c := range cells {
		f := field(t, d, label)
		if f.Value != c.value || f.Type != c.typ || f.Secret != c.secret {
			t.Errorf("%s: %s = %q %s secret=%v; want %q %s secret=%v", d.Title, label, f.Value, f.Type, f.Secret, c.value, c.typ, c.secret)
		}
	}
}

// wantDates fails t unless d's dates are want: label, day, reminder,
// yearly.
func wantDates(t *testing.T, d vault.Dossier, want ...string) {
	t.Helper()
	var got []string
	for _, x := range d.Dates {
		got = append(got, strings.TrimSpace(x.Label+" "+x.On.Format(time.DateOnly)+" "+x.Remind.String()+map[bool]string{true: " yearly"}[x.Yearly]))
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: dates %q, want %q", d.Title, got, want)
	}
}

// TestParseSpreadsheet: a client list kept in a spreadsheet becomes a
// dossier per row, each column what its name says.
func TestParseSpreadsheet(t *testing.T) {
	data := read(t, "clients.csv")
	if f, err := importers.Detect(data); f != importers.Table || err != nil {
		t.Fatalf("Detect = %q, %v", f, err)
	}
	ds, err := importers.ParseSpreadsheet(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 {
		t.Fatalf("%d dossiers, want 3 (the empty row skipped)", len(ds))
	}
	m := ds[0]
	if m.Title != "Margaret Chen" || m.Kind != vault.KindClient || m.Notes != "Prefers aisle seats. Driver: Sam (+1 212 555 0199)." || !slices.Equal(m.Tags, []string{"vip", "board"}) {
		t.Errorf("first row: %q %s %q %q", m.Title, m.Kind, m.Notes, m.Tags)
	}
	wantFields(t, m, [][2]string{
		{"Company", "Chen Holdings"}, {"Email", "mchen@example.com"}, {"Mobile", "+1 212 555 0142"},
		{"Date of birth", "1961-07-02"}, {"Passport number", "K1234567"}, {"Passport expiry", "2029-03-14"},
		{"Wedding anniversary", "1988-06-30"}, {"Allergies", "Shellfish"}, {"Address", "200 Park Ave\nNew York, NY 10166"},
		{"Website", "https://chenholdings.example"},
	}, map[string]cell{
		"Email":           {"mchen@example.com", vault.TypeEmail, false},
		"Mobile":          {"+1 212 555 0142", vault.TypePhone, false},
		"Date of birth":   {"1961-07-02", vault.TypeDate, false},
		"Passport number": {"K1234567", vault.TypeText, true},
		"Passport expiry": {"2029-03-14", vault.TypeDate, false},
		"Allergies":       {"Shellfish", vault.TypeText, true},
		"Address":         {"200 Park Ave\nNew York, NY 10166", vault.TypeMultiline, false},
		"Website":         {"https://chenholdings.example", vault.TypeURL, false},
	})
	wantDates(t, m, "Birthday 1961-07-02 2w yearly", "Passport expiry 2029-03-14 6m", "Wedding anniversary 1988-06-30 2w yearly")

	// Days as people write them are kept as days; an empty cell is no field.
	r := ds[1]
	if r.Title != "Tomás Ruiz" || r.Notes != `Wife Carmen; two children, "Leo" and Ana` || !slices.Equal(r.Tags, []string{"family"}) {
		t.Errorf("second row: %q %q %q", r.Title, r.Notes, r.Tags)
	}
	wantFields(t, r, [][2]string{
		{"Email", "tomas@example.es"}, {"Mobile", "+34 600 123 456"}, {"Date of birth", "1975-01-19"},
		{"Passport number", "X9876543"}, {"Passport expiry", "2027-11-30"},
	}, nil)
	wantDates(t, r, "Birthday 1975-01-19 2w yearly", "Passport expiry 2027-11-30 6m")

	// A row without a name is titled by its first plain field.
	if a := ds[2]; a.Title != "Acme Travel" || a.Notes != "24h desk" {
		t.Errorf("third row: %q %q", a.Title, a.Notes)
	}

	want := "Name (title), Company (text), Email (email), Mobile (phone), Date of birth (date, reminded yearly), " +
		"Passport number (secret), Passport expiry (date, reminded), Wedding anniversary (date, reminded yearly), " +
		"Allergies (secret), Address (address), Website (web address), Tags (tags), Notes (notes), Favorite (left out)"
	if got := importers.Columns(data); got != want {
		t.Errorf("Columns =\n%s\nwant\n%s", got, want)
	}
}

// TestParseSpreadsheet_Europe: a table saved by a spreadsheet set to a
// European language: semicolons, a byte order mark, \r\n, and days
// written 14/03/1961, read day first because a day over 12 says so.
func TestParseSpreadsheet_Europe(t *testing.T) {
	data := read(t, "clients-eu.csv")
	if f, err := importers.Detect(data); f != importers.Table || err != nil {
		t.Fatalf("Detect = %q, %v", f, err)
	}
	ds, err := importers.ParseSpreadsheet(data)
	if err != nil || len(ds) != 2 {
		t.Fatalf("ParseSpreadsheet = %d, %v", len(ds), err)
	}
	e := ds[0]
	if e.Title != "Élodie Martin" || e.Kind != vault.KindClient {
		t.Errorf("first row: %q %s", e.Title, e.Kind)
	}
	wantFields(t, e, [][2]string{
		{"First name", "Élodie"}, {"Last name", "Martin"}, {"Mobile", "+33 6 12 34 56 78"}, {"Birthday", "1961-03-14"},
		{"Passport no", "12AB34567"}, {"Visa expires", "2030-02-01"}, {"Dietary", "Végétarienne"},
	}, map[string]cell{"Passport no": {"12AB34567", vault.TypeText, true}})
	wantDates(t, e, "Birthday 1961-03-14 2w yearly", "Visa expires 2030-02-01 6m")
	wantDates(t, ds[1], "Birthday 1970-11-02 2w yearly", "Visa expires 2027-06-30 6m")
}

// TestParseSpreadsheet_SlashedDays: a column's days written with slashes
// read month first when one of them says so (US), day first when one
// says so; when none does, or they disagree, the column stays text, as
// written: a wrong birthday is worse than none.
func TestParseSpreadsheet_SlashedDays(t *testing.T) {
	ds, err := importers.ParseSpreadsheet([]byte("Name\tBirthday\tRenewal date\tSince\n" +
		"Al\t6/30/1970\t03/04/2027\t01/02/2020\n" +
		"Bo\t1/2/1980\t04/03/2027\t13/02/2020\n" +
		"Cy\t\t\t02/13/2020\n"))
	if err != nil || len(ds) != 3 {
		t.Fatalf("ParseSpreadsheet = %d, %v", len(ds), err)
	}
	wantFields(t, ds[0], [][2]string{{"Birthday", "1970-06-30"}, {"Renewal date", "03/04/2027"}, {"Since", "01/02/2020"}},
		map[string]cell{"Renewal date": {"03/04/2027", vault.TypeText, false}, "Since": {"01/02/2020", vault.TypeText, false}})
	wantFields(t, ds[1], [][2]string{{"Birthday", "1980-01-02"}, {"Renewal date", "04/03/2027"}, {"Since", "13/02/2020"}}, nil)
	wantDates(t, ds[1], "Birthday 1980-01-02 2w yearly")
}

// TestParseSpreadsheet_PasswordManagers: other password managers' CSV
// exports are tables too; a row with a password or a username is a
// vendor, the password and one-time code are masked, and a manager's
// bookkeeping (favourite, reprompt) is left out.
func TestParseSpreadsheet_PasswordManagers(t *testing.T) {
	login := [][2]string{{"Website", "https://bank.example/"}, {"Username", "jane"}, {"Password", "hunter2"}}
	for _, c := range []struct {
		name, csv string
		fields    [][2]string
		tags      []string
		notes     string
	}{
		{"1Password", "Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes\nBank,https://bank.example/,jane,hunter2,otpauth://totp/x?secret=JBSW,false,false,finance,joint\n",
			append(slices.Clone(login), [2]string{"TOTP", "otpauth://totp/x?secret=JBSW"}), []string{"finance"}, "joint"},
		{"LastPass", "url,username,password,totp,extra,name,grouping,fav\nhttps://bank.example/,jane,hunter2,,joint,Bank,Finance,0\n",
			login, []string{"Finance"}, "joint"},
		{"Chrome", "name,url,username,password,note\nBank,https://bank.example/,jane,hunter2,joint\n", login, nil, "joint"},
		{"Apple Passwords", "Title,URL,Username,Password,Notes,OTPAuth\nBank,https://bank.example/,jane,hunter2,joint,\n", login, nil, "joint"},
		{"Bitwarden CSV", "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\nFinance,,login,Bank,joint,,0,https://bank.example/,jane,hunter2,\n",
			login, []string{"Finance"}, "joint"},
		// Dashlane's authenticator key is "otpSecret", shown in the clear
		// when read as a column of text.
		{"Dashlane", "username,username2,username3,title,password,note,url,category,otpSecret\njane,,,Bank,hunter2,joint,https://bank.example/,Finance,JBSWY3DPEHPK3PXP\n",
			[][2]string{{"Username", "jane"}, {"Password", "hunter2"}, {"Website", "https://bank.example/"}, {"TOTP", "JBSWY3DPEHPK3PXP"}}, []string{"Finance"}, "joint"},
		{"Proton Pass", "type,name,url,email,username,password,note,totp,createTime,modifyTime,vault\nlogin,Bank,https://bank.example/,,jane,hunter2,joint,,1700000000,1700000001,Personal\n",
			login, []string{"Personal"}, "joint"},
		{"RoboForm", "Name,Url,MatchUrl,Login,Pwd,Note,Folder\nBank,https://bank.example/,,jane,hunter2,joint,Finance\n",
			login, []string{"Finance"}, "joint"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := []byte(c.csv)
			if f, err := importers.Detect(data); f != importers.Table || err != nil {
				t.Fatalf("Detect = %q, %v", f, err)
			}
			ds, err := importers.ParseSpreadsheet(data)
			if err != nil || len(ds) != 1 {
				t.Fatalf("ParseSpreadsheet = %d, %v", len(ds), err)
			}
			d := ds[0]
			if d.Title != "Bank" || d.Kind != vault.KindVendor || d.Notes != c.notes || !slices.Equal(d.Tags, c.tags) {
				t.Errorf("%q %s notes %q tags %q", d.Title, d.Kind, d.Notes, d.Tags)
			}
			wantFields(t, d, c.fields, map[string]cell{"Password": {"hunter2", vault.TypePassword, true}})
			if f, ok := d.Field("TOTP"); ok && !f.Secret {
				t.Error("the TOTP secret is not masked")
			}
		})
	}
	// Firefox names a login by its site alone, and keeps times and IDs.
	ds, err := importers.ParseSpreadsheet([]byte("url,username,password,httpRealm,formActionOrigin,guid,timeCreated,timeLastUsed,timePasswordChanged\n" +
		"https://www.bank.example/login,jane,hunter2,,https://www.bank.example,{5e0c},1700000000000,1700000000000,1700000000000\n"))
	if err != nil || len(ds) != 1 {
		t.Fatalf("Firefox: %+v, %v", ds, err)
	}
	if d := ds[0]; d.Title != "bank.example" || d.Kind != vault.KindVendor || len(d.Fields) != 3 {
		t.Errorf("Firefox: %q %s %+v", d.Title, d.Kind, d.Fields)
	}
	ds, err = importers.ParseSpreadsheet([]byte("folder,type,name,notes,login_password\n,note,Door codes,Front 4711,\n"))
	if err != nil || len(ds) != 1 || ds[0].Kind != vault.KindNote || len(ds[0].Fields) != 0 {
		t.Errorf("a Bitwarden note: %+v, %v", ds, err)
	}
}

// TestDetect_Spreadsheet: a table is told from text by its name, or by
// its shape and column names; a note with commas in it stays a note.
func TestDetect_Spreadsheet(t *testing.T) {
	for _, c := range []struct {
		in, name string
		want     importers.Format
	}{
		{"Client,Phone\nAna,+44 20 7946 0958\n", "", importers.Table},
		{"Company;Contact;Email\nAcme;Bo;bo@acme.example\n", "", importers.Table},
		{"Colour,Size\nred,12\n", "stock.csv", importers.Table}, // named a table
		{"Colour,Size\nred,12\n", "", importers.Text},           // no column it knows
		{"Name\nAna\nBo\n", "names.csv", importers.Table},       // the parser says why not
		{"Dear Anna, thanks for the call.\nRegards, Tom\n", "", importers.Text},
		{"Milk, eggs\nBread, butter\n", "", importers.Text},
		{"Name,Phone\n", "", importers.Text},          // no row
		{"Name,Phone\nAna,1,2\n", "", importers.Text}, // not the header's shape
		{"# Board retreat\nName, phone and notes below\n", "retreat.md", importers.Text},
		{"Group,Title,Username,Password\nRoot,Bank,u,p\n", "x.csv", importers.KeePassXC},
	} {
		if got, err := importers.DetectNamed([]byte(c.in), c.name); got != c.want || err != nil {
			t.Errorf("DetectNamed(%q, %q) = %q, %v; want %q", c.in, c.name, got, err, c.want)
		}
	}
}

// TestParseSpreadsheet_Refused: what cannot be read as rows is refused
// with one line that says what to do, never quoting a value.
func TestParseSpreadsheet_Refused(t *testing.T) {
	const secret = "Zq7secretmarker"
	mib := 1 << 20
	for _, c := range []struct{ name, in, want string }{
		{"Excel's plain CSV (Windows-1252)", "Name,Notes\nJos\xe9," + secret + "\n", `save it again as "CSV UTF-8"`},
		{"one column", "Name\n" + secret + "\n", "the table has one column"},
		{"no rows", "Name,Phone\n\n,\n", "no rows under it"},
		{"empty", "\ufeff\n\n", "the table is empty"},
		{"a value past the header's columns", "Name,Phone\nAna," + secret + ",x\n", "line 2 has more columns than the header row"},
		{"a value past the header's columns, long", "Name,Phone\nAna,1," + strings.Repeat("x", mib+1) + secret + "\n", "line 2 has more columns than the header row"},
		{"a quote that does not close", "Name,Phone\n\"" + secret + ",1\n", "CSV error on line 2"},
		{"a title over 4 KiB", "Name,Phone\n" + secret + strings.Repeat("n", 4<<10) + ",1\n", "line 2: the value in column 1 is longer than 4 KiB"},
		{"a value over 1 MiB", "Name,Notes\nAna,\"" + secret + strings.Repeat("n", mib) + "\"\n", "line 2: the value in column 2 is longer than 1 MiB"},
		{"a tag over 1 KiB", "Name,Tags\nAna," + secret + strings.Repeat("t", 1<<10) + "\n", "record 1: a tag"},
		{"1001 columns", "Name" + strings.Repeat(",c", 1000) + "\nAna\n", "the header row has more than 1000 columns"},
		{"a column name over 1 KiB", "Name," + secret + strings.Repeat("c", 1<<10) + "\nAna,1\n", "a column name longer than 1 KiB"},
		{"too many rows", "Name,Phone\n" + strings.Repeat("a,1\n", importers.MaxRecords+1), "more than 100000 rows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := importers.Parse(importers.Table, []byte(c.in), "x.csv")
			wantRefusal(t, err, c.want, secret)
		})
	}
	// At the limits it imports.
	ds, err := importers.ParseSpreadsheet([]byte("Name,Notes\n" + strings.Repeat("n", 4<<10) + ",\"" + strings.Repeat("x", mib) + "\"\n"))
	if err != nil || len(ds) != 1 || len(ds[0].Notes) != mib {
		t.Errorf("at the limits: %d, %v", len(ds), err)
	}
}

// FuzzParseSpreadsheet also checks that the CSV reader reads what
// encoding/csv reads with each separator, and fails where it fails.
func FuzzParseSpreadsheet(f *testing.F) {
	f.Add([]byte("Name;Birthday\n\"a\";1/2/2000\n"))
	f.Add([]byte("Name\tBirthday\ta\n\"b\"\"\"\t13/02/2020\t\n"))
	fuzz(f, []string{"clients.csv", "clients-eu.csv", "keepassxc.csv", "google-contacts.csv", "outlook-contacts.csv"}, importers.ParseSpreadsheet, func(t *testing.T, data []byte) {
		for _, comma := range []byte{',', ';', '\t'} {
			compareCSVWith(t, data, comma)
		}
	}, func(t *testing.T, data []byte) {
		if cols := importers.Columns(data); strings.ContainsAny(cols, "\r\n") {
			t.Fatalf("Columns has a line break: %q", cols)
		}
	})
}

// TestParseSpreadsheet_Contacts: an address book exported as CSV (Google's
// and Outlook's columns). Google writes each phone, email and address as a
// label column and a value column: they make one field, "Phone (Mobile)",
// and the parts of an address beside its formatted whole are left out;
// its labels are separated by ":::" and every contact has "* myContacts".
// Outlook's "Title" is a form of address, not the name.
func TestParseSpreadsheet_Contacts(t *testing.T) {
	ds, err := importers.ParseSpreadsheet(read(t, "google-contacts.csv"))
	if err != nil || len(ds) != 1 {
		t.Fatalf("Google: %d, %v", len(ds), err)
	}
	g := ds[0]
	if g.Title != "Margaret Chen" || !slices.Equal(g.Tags, []string{"VIP"}) || g.Notes != "Prefers aisle seats" {
		t.Errorf("Google: %q %q %q", g.Title, g.Tags, g.Notes)
	}
	wantFields(t, g, [][2]string{
		{"First Name", "Margaret"}, {"Last Name", "Chen"}, {"Name Prefix", "Dr."}, {"Nickname", "Maggie"},
		{"Organization Name", "Chen Holdings"}, {"Organization Title", "CEO"}, {"Birthday", "1961-07-02"},
		{"E-mail (Work)", "mchen@chen.example"}, {"E-mail (Home)", "maggie@example.com"},
		{"Phone (Mobile)", "+1 212 555 0142"}, {"Phone (Work)", "+1 212 555 0100"},
		{"Address (Work)", "200 Park Ave\nNew York, NY 10166"}, {"Website (Profile)", "https://chen.example"},
	}, map[string]cell{
		"E-mail (Work)":  {"mchen@chen.example", vault.TypeEmail, false},
		"Phone (Mobile)": {"+1 212 555 0142", vault.TypePhone, false},
		"Address (Work)": {"200 Park Ave\nNew York, NY 10166", vault.TypeMultiline, false},
	})
	wantDates(t, g, "Birthday 1961-07-02 2w yearly")
	if cols := importers.Columns(read(t, "google-contacts.csv")); !strings.Contains(cols, "Phone 1 - Label (label of Phone), Phone 1 - Value (phone)") ||
		!strings.Contains(cols, "Address 1 - Street (left out)") {
		t.Errorf("Columns: %s", cols)
	}

	ds, err = importers.ParseSpreadsheet(read(t, "outlook-contacts.csv"))
	if err != nil || len(ds) != 1 {
		t.Fatalf("Outlook: %d, %v", len(ds), err)
	}
	o := ds[0]
	if o.Title != "Margaret Chen" {
		t.Errorf("Outlook: titled %q", o.Title)
	}
	if f := field(t, o, "Title"); f.Value != "Dr." {
		t.Errorf("Outlook's Title: %q", f.Value)
	}
	// Its birthday, 7/2/1961, is month first as the anniversary 6/30/1988 shows.
	wantDates(t, o, "Birthday 1961-07-02 2w yearly", "Anniversary 1988-06-30 2w yearly")
}

// TestParseSpreadsheet_OneLocale: a column whose days do not show their
// order takes the order another column of the file shows; not when two
// columns show different orders.
func TestParseSpreadsheet_OneLocale(t *testing.T) {
	ds, err := importers.ParseSpreadsheet([]byte("Name,Birthday,Since\nAl,14/02/1970,01/02/2020\n"))
	if err != nil {
		t.Fatal(err)
	}
	wantFields(t, ds[0], [][2]string{{"Birthday", "1970-02-14"}, {"Since", "2020-02-01"}}, nil)
	ds, err = importers.ParseSpreadsheet([]byte("Name,Birthday,Anniversary,Since\nAl,14/02/1970,06/30/1990,01/02/2020\n"))
	if err != nil {
		t.Fatal(err)
	}
	wantFields(t, ds[0], [][2]string{{"Birthday", "1970-02-14"}, {"Anniversary", "1990-06-30"}, {"Since", "01/02/2020"}}, nil)
}

// TestDetect_Workbook: a spreadsheet program's own file (Excel's .xlsx and
// .xls, LibreOffice's .ods, Numbers) is named as such, with how to save it
// as CSV, not called an unknown format.
func TestDetect_Workbook(t *testing.T) {
	for name, data := range map[string]string{
		"xlsx":    "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00[Content_Types].xml\x00\x00",
		"ods":     "PK\x03\x04\x14\x00\x00\x08\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK\x03\x04",
		"numbers": "PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00Index/Document.iwa\x00\xff",
		"xls":     "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00",
	} {
		if f, err := importers.DetectNamed([]byte(data), "clients."+name); !errors.Is(err, importers.ErrWorkbook) || f != "" {
			t.Errorf("%s: %q, %v", name, f, err)
		}
	}
	// Another zip is not a workbook.
	if _, err := importers.Detect([]byte("PK\x03\x04\x14\x00\x00\x00\x00\x00photo.jpg\xff\xd8\xff")); errors.Is(err, importers.ErrWorkbook) || !errors.Is(err, importers.ErrUnknownFormat) {
		t.Errorf("a zip of photos: %v", err)
	}
}

// TestParseSpreadsheet_ClientWithPassword: a client list with the
// password of each client's portal stays a list of clients; a row that is
// only a login is a vendor.
func TestParseSpreadsheet_ClientWithPassword(t *testing.T) {
	ds, err := importers.ParseSpreadsheet([]byte("Name,Date of birth,Username,Password\n" +
		"Ana Lima,1970-01-02,ana,pw-ana-0042\n" +
		"Bank portal,,ana.lima,pw-bank-0042\n"))
	if err != nil || len(ds) != 2 {
		t.Fatalf("%d, %v", len(ds), err)
	}
	if ds[0].Kind != vault.KindClient || ds[1].Kind != vault.KindVendor {
		t.Errorf("kinds %s, %s; want client, vendor", ds[0].Kind, ds[1].Kind)
	}
	if f := field(t, ds[0], "Password"); !f.Secret || f.Type != vault.TypePassword {
		t.Errorf("the client's password: %+v", f)
	}
}
