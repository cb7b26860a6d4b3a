package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"confidant/vault"
)

// A spreadsheet is a table saved as CSV (or with semicolons or tabs, as
// some spreadsheets' exports write it), a header row of column names and a
// row per client: the clients' list an assistant kept before Confidant, or
// another password manager's CSV export (1Password, LastPass, Chrome,
// Apple Passwords, Bitwarden's CSV). Each row becomes a dossier; what each
// column becomes is read from its name, and for dates from its values too.
// [Columns] says it in words, for the preview.

// column is what a spreadsheet's column becomes.
type column struct {
	name   string // the header as written, cleaned: a field's label
	role   role
	typ    vault.FieldType // of a field
	secret bool
	slash  slashOrder // of a date column whose days are written with slashes
	// of a field whose label is in another column, as contacts' exports
	// write "Phone 1 - Label: Mobile", "Phone 1 - Value: +44 …": that
	// column, and the name the field takes, "Phone (Mobile)"
	labelCol int
	base     string
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

type role int

const (
	roleField role = iota
	roleTitle      // the dossier's title
	roleFirst      // a first name: the title with the last name when no column is the title
	roleLast
	roleNotes
	roleTags  // tags, separated by commas or semicolons
	roleGroup // a group or folder: one tag
	roleKind  // a kind, when it is one of Confidant's or a Bitwarden item's type
	roleSkip  // a password manager's bookkeeping: favourite, icon, modified
	roleLabel // the label of the field in another column (labelCol)
)

// slashOrder is how a column's days written with slashes read: 14/03/2029
// is day first, 03/14/2029 month first. One value of a column decides for
// it all (a day over 12 where the month would be), and a column that
// decides does for the file's others; a column where nothing decides, or
// where values disagree, is left as text.
type slashOrder int

const (
	slashNone slashOrder = iota // no value written with slashes, or in doubt
	slashDMY
	slashMDY
)

// Names of columns, written as [normalize] leaves them.
var (
	titleNames = []string{"title", "name", "full name", "client", "client name", "display name", "contact name", "account name"}
	firstNames = []string{"first name", "given name", "forename", "first"}
	lastNames  = []string{"last name", "surname", "family name", "last"}
	notesNames = []string{"notes", "note", "comments", "comment", "remarks", "extra", "description"}
	tagsNames  = []string{"tags", "tag", "labels", "categories", "category"}
	groupNames = []string{"group", "grouping", "folder", "collection", "collections", "vault"}
	// A manager's bookkeeping: when an entry was made, changed or used
	// (Proton's createTime, Firefox's timeLastUsed), its own ID and icon.
	skipNames = []string{"favorite", "favourite", "fav", "archived", "reprompt", "icon", "last modified", "modified", "created", "password last modified",
		"create time", "modify time", "creation time", "modification time", "created at", "updated at", "updated", "last used",
		"time created", "time last used", "time password changed", "password last changed", "guid", "uuid", "http realm", "form action origin"}

	// A password manager's columns keep the name Confidant gives them.
	loginNames = []struct {
		names  []string
		label  string
		typ    vault.FieldType
		secret bool
	}{
		{[]string{"username", "user name", "login username", "login name", "user", "login"}, "Username", vault.TypeText, false},
		{[]string{"password", "login password", "pass", "pwd"}, "Password", vault.TypePassword, true},
		{[]string{"url", "uri", "login uri", "website", "web site", "web address", "site", "homepage", "login url"}, "Website", vault.TypeURL, false},
		{[]string{"totp", "login totp", "otpauth", "otp auth", "otp", "one time password", "2fa", "otp secret", "totp secret", "otp url"}, "TOTP", vault.TypeText, true},
	}

	// Names of columns that are only fields, which tell a table from text.
	otherNames = []string{"company", "organisation", "organization", "contact", "relationship", "role", "job title", "position", "assistant", "spouse", "partner", "city", "country", "nationality", "language", "dietary", "diet", "preferences"}
)

// normalize writes a column's name for matching (vault.NormalizeLabel).
func normalize(s string) string { return vault.NormalizeLabel(s) }

// hasWord reports whether the normalized name n holds one of words as a
// word, or one of phrases as words in a row (vault.LabelHas).
func hasWord(n string, words ...string) bool { return vault.LabelHas(n, words...) }

// readColumns decides what each column of header becomes.
func readColumns(header []string) []column {
	cols := make([]column, len(header))
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normalize(h)
	}
	// "Title" beside a first and a last name is a form of address (Mr,
	// Dr), as in Outlook's export: the name titles the dossier.
	named := slices.ContainsFunc(norm, func(n string) bool {
		return slices.Contains(firstNames, n) || slices.Contains(lastNames, n)
	})
	title := -1
	for i, h := range header {
		c := &cols[i]
		c.labelCol = -1
		c.name = collapse(h, maxTitleRunes, nil)
		if c.name == "" {
			c.name = fmt.Sprintf("Column %d", i+1)
		}
		n := norm[i]
		c.typ = vault.TypeText
		switch {
		case slices.Contains(titleNames, n) && title < 0 && !(named && n == "title"):
			c.role, title = roleTitle, i
		case slices.Contains(firstNames, n):
			c.role = roleFirst
		case slices.Contains(lastNames, n):
			c.role = roleLast
		case slices.Contains(notesNames, n) && !slices.ContainsFunc(cols[:i], func(c column) bool { return c.role == roleNotes }):
			c.role = roleNotes
		case slices.Contains(tagsNames, n):
			c.role = roleTags
		case slices.Contains(groupNames, n):
			c.role = roleGroup
		case n == "kind" || n == "type":
			c.role = roleKind
		case slices.Contains(skipNames, n):
			c.role = roleSkip
		default:
			c.role = roleField
			c.typ, c.secret = fieldKind(n)
			for _, l := range loginNames {
				if slices.Contains(l.names, n) {
					c.name, c.typ, c.secret = l.label, l.typ, l.secret
				}
			}
		}
	}
	pairLabels(header, norm, cols)
	return cols
}

// pairLabels finds the columns of a contacts' export that hold another
// column's label: Google's "Phone 1 - Label" before "Phone 1 - Value",
// or before "Address 1 - Formatted", whose parts (Street, City …) it then
// leaves out, since the formatted address holds them.
func pairLabels(header, norm []string, cols []column) {
	for i := 0; i+1 < len(cols); i++ {
		prefix, ok := strings.CutSuffix(norm[i], " label")
		if !ok || prefix == "" || cols[i].role != roleField {
			continue
		}
		next := norm[i+1]
		if next != prefix+" value" && next != prefix+" formatted" {
			continue
		}
		cols[i].role, cols[i].typ, cols[i].secret = roleLabel, vault.TypeText, false
		v := &cols[i+1]
		v.labelCol = i
		v.typ, v.secret = fieldKind(prefix)
		// The base name is the header before its number and dash:
		// "E-mail 1 - Value" is "E-mail".
		base := collapse(header[i+1], maxTitleRunes, nil)
		if j := strings.LastIndex(base, " - "); j > 0 {
			base = strings.TrimSpace(base[:j])
		}
		if j := strings.LastIndexByte(base, ' '); j > 0 && isDigits(base[j+1:]) {
			base = base[:j]
		}
		v.base = base
		if next == prefix+" formatted" {
			for j := range cols {
				if part, ok := strings.CutPrefix(norm[j], prefix+" "); ok && slices.Contains(addressParts, part) {
					cols[j].role = roleSkip
				}
			}
		}
	}
}

// addressParts are the parts of an address a contacts' export writes
// beside the whole, formatted.
var addressParts = []string{"street", "city", "po box", "region", "postal code", "country", "extended address", "neighborhood", "neighbourhood"}

// fieldKind returns the type of a field from its column's normalized name,
// and whether it is secret (vault.ReadLabel). A date is decided later, from
// the values too.
func fieldKind(n string) (vault.FieldType, bool) {
	h := vault.ReadLabel(n)
	return h.Type, h.Secret
}

// isDateName reports whether a column's normalized name names a date.
func isDateName(n string) bool { return vault.ReadLabel(n).Day }

// looksLikeTable reports whether data reads as a table with a header: a
// header row of at least two columns of short names, and rows of the same
// number of columns (the first twenty are read). It tries commas,
// semicolons and tabs and returns the separator that gives most columns.
func looksLikeTable(data []byte) (comma byte, header []string, ok bool) {
	best := 0
	for _, sep := range []byte{',', ';', '\t'} {
		r := csvReader{data: data, comma: sep}
		head, err := r.read(nil, nil, 256)
		if err != nil || len(head) < 2 || len(head) <= best {
			continue
		}
		named := 0
		for _, h := range head {
			if strings.ContainsAny(h, "\r\n") {
				named = -len(head)
				break
			}
			if strings.TrimSpace(h) != "" {
				named++
			}
		}
		if named < 2 {
			continue
		}
		rows, even := 0, true
		var rec []string
		for rows < 20 {
			rec, err = r.read(rec, nil, 0)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil || len(rec) != len(head) {
				even = false
				break
			}
			rows++
		}
		if even && rows > 0 {
			comma, header, best = sep, head, len(head)
		}
	}
	return comma, header, best > 0
}

// isSpreadsheet reports whether data is a table: by its file's name (.csv,
// .tsv), or, whatever its name, by the shape [looksLikeTable] checks and a
// header that names a title, a name or two columns Confidant knows.
func isSpreadsheet(data []byte, name string) bool {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".tsv":
		// The parser says what is wrong with it, if it is not a table:
		// one column, a quote that does not close.
		return true
	}
	_, header, ok := looksLikeTable(data)
	if !ok {
		return false
	}
	known := 0
	for _, c := range readColumns(header) {
		n := normalize(c.name)
		switch {
		case c.role == roleTitle || c.role == roleFirst || c.role == roleLast:
			known += 2
		case c.role != roleField || c.typ != vault.TypeText || c.secret || isDateName(n) || slices.Contains(otherNames, n):
			known++
		}
	}
	return known >= 2
}

// spreadsheetComma returns the separator of data's header row: the one of
// comma, semicolon and tab that gives it most columns.
func spreadsheetComma(data []byte) byte {
	if comma, _, ok := looksLikeTable(data); ok {
		return comma
	}
	best, n := byte(','), 0
	for _, sep := range []byte{',', ';', '\t'} {
		r := csvReader{data: data, comma: sep}
		if head, err := r.read(nil, nil, 256); err == nil && len(head) > n {
			best, n = sep, len(head)
		}
	}
	return best
}

// ParseSpreadsheet reads a table saved as CSV (separated by commas,
// semicolons or tabs, with a header row) into dossiers, one a row; an
// empty row is skipped. A column named Title or Name (or First and Last
// name) titles the dossier, Notes or Comments are its notes, Tags its tags
// and Group or Folder a tag. Every other column is a field labelled with
// its name, typed by it (an email, a phone, a web address, an address);
// a password, a passport number, a card number or health details are
// secret. A column whose values are all days (2029-03-14, 14.03.2029, 14
// March 2029, and 14/03/2029 or 03/14/2029 when some value of the column
// says which) is a date field, kept as 2029-03-14; an expiry or a date of
// birth also gets its reminder, as in the editor. A row whose Password or
// Username holds something is a vendor, unless it is a person's (a first or
// last name, a birthday, a passport), and any other a client profile,
// unless a Kind column names another kind.
//
// Text that is not UTF-8 is refused: it is what Excel's plain "CSV" writes,
// and the refusal says how to save it instead.
func ParseSpreadsheet(data []byte) ([]vault.Dossier, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%w: the table is not UTF-8 text; save it again as \"CSV UTF-8\" (Excel) or as CSV from Numbers, LibreOffice or Google Sheets", ErrFormat)
	}
	comma := spreadsheetComma(data)
	r := csvReader{data: data, comma: comma}
	header, err := r.read(nil, nil, maxLabel)
	if le, ok := errors.AsType[*csvLimitError](err); ok && le.col == maxColumns {
		return nil, fmt.Errorf("%w: the header row has more than %d columns, the most fields a dossier holds", ErrFormat, maxColumns)
	}
	if _, ok := errors.AsType[*csvLimitError](err); ok {
		return nil, fmt.Errorf("%w: the header row has a column name longer than %s", ErrFormat, size(maxLabel))
	}
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: the table is empty", ErrFormat)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: the header row is not CSV (line 1)", ErrFormat)
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("%w: the table has one column; a header row naming two columns or more (like Name,Phone) makes a dossier of each row", ErrFormat)
	}
	cols := readColumns(header)
	readDates(data, comma, cols)
	limits := make([]int, len(cols))
	for i, c := range cols {
		switch c.role {
		case roleTitle, roleFirst, roleLast:
			limits[i] = maxTitle
		case roleSkip:
		default:
			limits[i] = maxValue
		}
	}
	var out []vault.Dossier
	var rec []string
	for {
		// A value past the header's columns is kept, to be refused below.
		rec, err = r.read(rec, limits, maxValue)
		if errors.Is(err, io.EOF) {
			break
		}
		if se, ok := errors.AsType[*csvSyntaxError](err); ok {
			return nil, fmt.Errorf("%w: CSV error on line %d; a value in quotes must end in a quote, and a quote inside it be doubled", ErrFormat, se.line)
		}
		if le, ok := errors.AsType[*csvLimitError](err); ok {
			if le.col == maxColumns {
				return nil, fmt.Errorf("%w: line %d has more than %d columns", ErrFormat, le.line, maxColumns)
			}
			if le.col >= len(cols) {
				return nil, fmt.Errorf("%w: line %d has more columns than the header row; every value needs a column name", ErrFormat, le.line)
			}
			return nil, tooLong(fmt.Sprintf("line %d", le.line), fmt.Sprintf("the value in column %d is", le.col+1), limits[le.col], "the spreadsheet")
		}
		if err != nil {
			return nil, fmt.Errorf("%w: CSV error after line %d", ErrFormat, r.line)
		}
		if len(rec) > len(cols) && !blank(rec[len(cols):]) {
			return nil, fmt.Errorf("%w: line %d has more columns than the header row; every value needs a column name", ErrFormat, r.line)
		}
		if blank(rec) {
			continue
		}
		if len(out) >= MaxRecords {
			return nil, fmt.Errorf("%w: more than %d rows; import fewer at a time", ErrFormat, MaxRecords)
		}
		out = append(out, row(cols, rec, len(out)+1))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the table has a header row and no rows under it", ErrFormat)
	}
	return finish(out)
}

// blank reports whether every value of rec is empty or white space.
func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// row makes the dossier of one row; n counts the dossiers, for a row
// without a title.
func row(cols []column, rec []string, n int) vault.Dossier {
	fields := 0
	for i, c := range cols {
		if i < len(rec) && rec[i] != "" && (c.role == roleField || c.role == roleFirst || c.role == roleLast || c.role == roleKind) {
			fields++
		}
	}
	d := vault.Dossier{Kind: vault.KindClient, Fields: make([]vault.Field, 0, fields)}
	var first, last, kind string
	login, person := false, false
	for i, c := range cols {
		if i >= len(rec) {
			break
		}
		v := rec[i]
		switch c.role {
		case roleTitle:
			d.Title = v
		case roleFirst:
			first, person = v, person || strings.TrimSpace(v) != ""
			addField(&d, c.name, v, vault.TypeText, false)
		case roleLast:
			last, person = v, person || strings.TrimSpace(v) != ""
			addField(&d, c.name, v, vault.TypeText, false)
		case roleNotes:
			d.Notes = strings.TrimSpace(v)
		case roleTags:
			// Google's contacts separate labels with ":::" and mark its
			// own with "* "; "* myContacts" is every contact.
			for t := range strings.FieldsFuncSeq(strings.ReplaceAll(v, ":::", ","), func(r rune) bool { return r == ',' || r == ';' }) {
				if t = tag(strings.TrimPrefix(strings.TrimSpace(t), "* ")); t != "" && t != "myContacts" && !slices.Contains(d.Tags, t) {
					d.Tags = append(d.Tags, t)
				}
			}
		case roleGroup:
			g := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(v), "Root"), "/")
			if t := tag(g); t != "" && !slices.Contains(d.Tags, t) {
				d.Tags = append(d.Tags, t)
			}
		case roleKind:
			if k, ok := readKind(v); ok {
				kind = string(k)
			} else {
				addField(&d, c.name, v, vault.TypeText, false)
			}
		case roleField:
			if strings.TrimSpace(v) == "" {
				continue
			}
			if c.name == "Password" || c.name == "Username" {
				login = true
			}
			if c.labelCol >= 0 {
				c.name = c.base
				if l := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rec[c.labelCol]), "* ")); l != "" {
					c.name = collapse(c.base+" ("+l+")", maxTitleRunes, nil)
				}
			}
			f := cellField(c, v)
			d.Fields = append(d.Fields, f)
			if f.Type == vault.TypeDate && len(d.Dates) < maxDates {
				d.FollowField(f, "") // an expiry's reminder, a yearly birthday
			}
			if n := normalize(c.name); hasWord(n, "passport", "birth", "birthday", "dob", "born") {
				person = true
			}
		}
	}
	switch {
	case kind != "":
		d.Kind = vault.Kind(kind)
	case login && !person:
		// A login, unless the row is a person's (a client list with the
		// password of their portal): a client profile holds that too.
		d.Kind = vault.KindVendor
	}
	t := d.Title
	if strings.TrimSpace(t) == "" {
		t = strings.TrimSpace(first + " " + last)
	}
	if strings.TrimSpace(t) == "" && login {
		// A browser's export names a login by its site alone.
		for _, f := range d.Fields {
			if u, err := url.Parse(strings.TrimSpace(f.Value)); f.Type == vault.TypeURL && err == nil && u.Hostname() != "" {
				t = strings.TrimPrefix(u.Hostname(), "www.")
				break
			}
		}
	}
	if strings.TrimSpace(t) == "" {
		for _, f := range d.Fields {
			if f.Type == vault.TypeText && !f.Secret {
				t = f.Value
				break
			}
		}
	}
	d.Title = title(t, fmt.Sprintf("Row %d", n))
	return d
}

// readKind reads a Kind or Type column's value: one of Confidant's kinds,
// or the type of a Bitwarden item.
func readKind(v string) (vault.Kind, bool) {
	if k, err := vault.ParseKind(v); err == nil {
		return k, true
	}
	switch normalize(v) {
	case "login", "card":
		return vault.KindVendor, true
	case "note", "secure note", "securenote":
		return vault.KindNote, true
	case "identity":
		return vault.KindClient, true
	}
	return "", false
}

// Columns says what each column of a spreadsheet becomes, for a person to
// read before importing it: "Name (title), Mobile (phone), Passport no
// (secret), Passport expiry (date, reminded)". It returns "" for data that
// is not a table.
func Columns(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return ""
	}
	comma := spreadsheetComma(data)
	r := csvReader{data: data, comma: comma}
	header, err := r.read(nil, nil, maxLabel)
	if err != nil || len(header) < 2 {
		return ""
	}
	cols := readColumns(header)
	readDates(data, comma, cols)
	named := slices.ContainsFunc(cols, func(c column) bool { return c.role == roleTitle })
	parts := make([]string, len(cols))
	for i, c := range cols {
		var what string
		switch c.role {
		case roleTitle:
			what = "title"
		case roleFirst, roleLast:
			what = "title"
			if named {
				what = "text"
			}
		case roleNotes:
			what = "notes"
		case roleTags:
			what = "tags"
		case roleGroup:
			what = "a tag"
		case roleKind:
			what = "kind"
		case roleSkip:
			what = "left out"
		case roleLabel:
			what = "label of " + cols[i+1].base
		default:
			what = fieldWords(c)
		}
		parts[i] = fmt.Sprintf("%s (%s)", c.name, what)
	}
	return strings.Join(parts, ", ")
}

// fieldWords says what a field column holds.
func fieldWords(c column) string {
	switch {
	case c.typ == vault.TypeDate:
		if d, ok := vault.ImpliedDate(vault.Field{Label: c.name, Type: vault.TypeDate, Value: "2000-01-01"}); ok {
			if d.Yearly {
				return "date, reminded yearly"
			}
			return "date, reminded"
		}
		return "date"
	case c.secret:
		return "secret"
	case c.typ == vault.TypeURL:
		return "web address"
	case c.typ == vault.TypeMultiline:
		return "address"
	}
	return string(c.typ)
}

// cellField returns the field of column c holding v: a day in a date
// column is kept as 2029-03-14, a web address gets its https://, and a
// value that does not fit the column's type is text.
func cellField(c column, v string) vault.Field {
	typ := c.typ
	switch typ {
	case vault.TypeDate:
		if day, ok := readDayIn(v, c.slash); ok {
			v = day
		}
	case vault.TypeURL:
		v = vault.ReadValue(typ, v)
	case vault.TypeText:
		if strings.Contains(v, "\n") {
			typ = vault.TypeMultiline
		}
	}
	return field(c.name, v, typ, c.secret)
}

// readDates reads every row once for the columns that may hold dates (all
// but a title, notes, tags and a secret) and makes a date column of each
// whose values are all days, or that is named as a date and has one day
// or more; it also decides how a column's days written with slashes read.
// It copies only values of up to 40 bytes: no day is longer, and a longer
// value counts as one that is not a day.
func readDates(data []byte, comma byte, cols []column) {
	type tally struct {
		values, days, dmy, mdy, either int
	}
	t := make([]tally, len(cols))
	limits := make([]int, len(cols))
	for i, c := range cols {
		if c.role == roleField && !c.secret && (c.typ == vault.TypeText || c.typ == vault.TypeMultiline) {
			limits[i] = 40
		}
	}
	if !slices.ContainsFunc(limits, func(n int) bool { return n > 0 }) {
		return
	}
	r := csvReader{data: data, comma: comma, long: true}
	if _, err := r.read(nil, nil, 0); err != nil {
		return // the header: ParseSpreadsheet read it already
	}
	var rec []string
	for {
		var err error
		if rec, err = r.read(rec, limits, 0); err != nil {
			break // the end, or an error the parse names
		}
		for i, v := range rec {
			if i >= len(cols) || limits[i] == 0 {
				continue
			}
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			t[i].values++
			if v == longField {
				continue
			}
			a, b, ok := slashParts(v)
			switch {
			case !ok:
				if _, err := vault.ReadDay(v); err == nil {
					t[i].days++
				}
			case a > 12 && b <= 12:
				t[i].dmy++
			case b > 12 && a <= 12:
				t[i].mdy++
			case a <= 12 && b <= 12:
				t[i].either++
			}
		}
	}
	// One file is written in one locale: a column that shows its order
	// (a day over 12) decides for the columns that do not, unless
	// another column shows the other order.
	fileOrder := slashNone
	for i := range t {
		x := t[i]
		var o slashOrder
		switch {
		case x.dmy > 0 && x.mdy == 0:
			o = slashDMY
		case x.mdy > 0 && x.dmy == 0:
			o = slashMDY
		case x.dmy > 0 && x.mdy > 0:
			o = -1
		}
		switch {
		case o == slashNone:
		case fileOrder == slashNone:
			fileOrder = o
		case fileOrder != o:
			fileOrder = -1
		}
	}
	for i := range cols {
		x := t[i]
		if x.values == 0 {
			continue
		}
		slashed := x.dmy + x.mdy + x.either
		order := slashNone
		switch {
		case x.dmy > 0 && x.mdy == 0:
			order = slashDMY
		case x.mdy > 0 && x.dmy == 0:
			order = slashMDY
		case x.dmy == 0 && x.mdy == 0 && fileOrder > slashNone:
			order = fileOrder
		}
		readable := x.days
		if order != slashNone {
			readable += slashed
		}
		named := isDateName(normalize(cols[i].name))
		if readable == x.values || (named && readable > 0) {
			cols[i].typ, cols[i].slash = vault.TypeDate, order
		}
	}
}

// slashParts reads a day written NN/NN/YYYY (a number of one or two
// digits, one of one or two, and a year of four) and returns its first two
// numbers, each from 1 to 31.
func slashParts(v string) (a, b int, ok bool) {
	num := func(s string, digits int) (int, string, bool) {
		n, i := 0, 0
		for ; i < len(s) && i < digits && '0' <= s[i] && s[i] <= '9'; i++ {
			n = n*10 + int(s[i]-'0')
		}
		return n, s[i:], i > 0
	}
	a, rest, ok1 := num(v, 2)
	if !ok1 || !strings.HasPrefix(rest, "/") {
		return 0, 0, false
	}
	b, rest, ok2 := num(rest[1:], 2)
	if !ok2 || !strings.HasPrefix(rest, "/") || len(rest) != 5 {
		return 0, 0, false
	}
	if _, rest, ok3 := num(rest[1:], 4); !ok3 || rest != "" {
		return 0, 0, false
	}
	return a, b, a >= 1 && b >= 1 && a <= 31 && b <= 31
}

// readDayIn reads v as a day of a column whose days written with slashes
// read in order, and returns it written 2029-03-14.
func readDayIn(v string, order slashOrder) (string, bool) {
	v = strings.TrimSpace(v)
	a, b, ok := slashParts(v)
	if !ok {
		day, err := vault.ReadDay(v)
		return day, err == nil
	}
	if order == slashNone {
		return "", false
	}
	d, m := a, b
	if order == slashMDY {
		d, m = b, a
	}
	year := v[len(v)-4:]
	day := fmt.Sprintf("%s-%02d-%02d", year, m, d)
	if _, err := vault.ParseDay(day); err != nil { // 31/02
		return "", false
	}
	return day, true
}
