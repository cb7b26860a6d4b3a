// Package importers turns other programs' exports into dossiers: vCard
// contacts, a KeePassXC CSV or KeePass XML export, a Bitwarden unencrypted JSON export, a
// spreadsheet saved as CSV (and other password managers' CSV exports), and
// plain text or Markdown. Each parser works on bytes in memory, enforces
// limits, and returns dossiers without IDs for [vault.Store.Import]. A
// parser reads its input in place, a line, a record or an item at a time,
// and copies only the values it keeps, so that what it allocates is about
// the dossiers it returns, whatever the file holds.
//
// Errors wrap [ErrFormat] and never quote a value from the input.
package importers

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"confidant/vault"
)

// Format names an input format.
type Format string

// The formats. Bundle is Confidant's own, parsed by [vault.ParseBundle].
const (
	Bundle    Format = "bundle"
	VCard     Format = "vcard"
	KeePassXC Format = "keepassxc"
	// KeePassXML is a KeePass XML export (KeePassXC or KeePass 2), which
	// keeps an entry's own fields, tags and expiry where the CSV does not.
	KeePassXML Format = "keepass-xml"
	Bitwarden  Format = "bitwarden"
	Table      Format = "spreadsheet"
	Text       Format = "text"
)

// Formats lists every format, for help text.
var Formats = []Format{Bundle, VCard, KeePassXC, KeePassXML, Bitwarden, Table, Text}

// Limits every parser enforces. A file over MaxInput is refused before it
// is read.
const (
	MaxInput   = 64 << 20 // bytes
	MaxRecords = 100_000  // dossiers out of one file
)

// Limits on one dossier. They equal those [vault.ParseBundle] enforces
// (maxTitle, maxLabel, maxValue, maxFields, maxTags and maxDates in
// vault/bundle.go, which are not exported), so that whatever is imported
// can be backed up and restored. A parser refuses a value over them, and
// one far over them before it copies it.
const (
	maxTitle  = 4 << 10
	maxLabel  = 1 << 10 // a field's label, a tag, a date's label
	maxValue  = 1 << 20 // a field's value, the notes
	maxFields = 1000
	maxTags   = 256
	maxDates  = 256
)

// Limits on the shape of a file, which bound what a parser holds at once.
const (
	maxColumns = maxFields    // columns of a CSV row
	maxItem    = 4 * maxValue // bytes of JSON of one Bitwarden item: a full note, escaped
)

var (
	// ErrFormat is returned for input a parser cannot read; the detail says
	// where, never what.
	ErrFormat = errors.New("unreadable import")

	// ErrUnknownFormat is returned by [Detect] and [ParseFormat] when the
	// format is not one of [Formats].
	ErrUnknownFormat = errors.New("unknown import format")

	// ErrWorkbook is returned by [Detect] for a spreadsheet program's own
	// file (Excel, LibreOffice, Numbers), whose table is read once saved
	// as CSV. [WorkbookHint] says how.
	ErrWorkbook = errors.New("a spreadsheet program's own file, not a table saved as CSV")
)

// WorkbookHint says how to save a workbook as a table Confidant reads.
const WorkbookHint = "save it as CSV first (Excel: File → Save As → CSV UTF-8; Numbers: File → Export To → CSV; LibreOffice: Save As → Text CSV) and import that file"

// workbook reports whether data is a spreadsheet program's own file: an
// Excel or LibreOffice workbook (a zip holding the sheets' XML), a Numbers
// document (a zip too), or an old Excel file (OLE2).
func workbook(data []byte) bool {
	if bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
		return true // .xls
	}
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return false
	}
	head := data[:min(len(data), 64<<10)]
	for _, mark := range []string{"[Content_Types].xml", "xl/", "application/vnd.oasis.opendocument.spreadsheet", "Index/Document.iwa", "Index/Tables/"} {
		if bytes.Contains(head, []byte(mark)) {
			return true
		}
	}
	return false
}

// ParseFormat accepts a format's name.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case Bundle, VCard, KeePassXC, KeePassXML, Bitwarden, Table, Text:
		return f, nil
	case "keepassxml", "xml", "kdbx-xml":
		return KeePassXML, nil
	case "markdown", "md", "txt":
		return Text, nil
	case "vcf":
		return VCard, nil
	case "csv", "tsv", "table":
		return Table, nil
	}
	return "", fmt.Errorf("%w: %q (choose bundle, vcard, keepassxc, keepass-xml, bitwarden, spreadsheet or text)", ErrUnknownFormat, s)
}

// Detect guesses the format of data: a Confidant bundle, a vCard file, a
// KeePassXC CSV or KeePass XML export, a Bitwarden JSON export, a
// spreadsheet, or text.
// It returns [ErrUnknownFormat] for binary data that is none of them.
func Detect(data []byte) (Format, error) { return DetectNamed(data, "") }

// DetectNamed is [Detect] for the content of the file called name, whose
// extension tells a spreadsheet (.csv, .tsv) from text when its header row
// names no column Confidant knows.
func DetectNamed(data []byte, name string) (Format, error) {
	t := bytes.TrimLeft(data, "\ufeff \t\r\n")
	head := t[:min(len(t), 4096)]
	switch {
	case bytes.HasPrefix(t, []byte("{")) && bytes.Contains(head, []byte(`"confidant-bundle/`)):
		return Bundle, nil
	case bytes.HasPrefix(t, []byte("{")) && bytes.Contains(head, []byte(`"format"`)):
		return Bundle, nil // an unknown bundle version: let the parser say so
	case bytes.HasPrefix(t, []byte("{")) && (bytes.Contains(data, []byte(`"items"`)) || bytes.Contains(head, []byte(`"encrypted"`))):
		return Bitwarden, nil
	case hasPrefixFold(t, "BEGIN:VCARD"):
		return VCard, nil
	case bytes.HasPrefix(t, []byte(`"Group","Title","Username","Password"`)) ||
		bytes.HasPrefix(t, []byte(`Group,Title,Username,Password`)):
		return KeePassXC, nil
	case bytes.HasPrefix(t, []byte("<")) && bytes.Contains(head, []byte("<KeePassFile")):
		return KeePassXML, nil
	case workbook(data):
		return "", ErrWorkbook
	case isSpreadsheet(data, name):
		return Table, nil
	}
	if utf8.Valid(data) && !bytes.ContainsRune(data, 0) {
		return Text, nil
	}
	return "", fmt.Errorf("%w: the decrypted content is not a bundle, vCard, KeePassXC CSV, KeePass XML, Bitwarden JSON, spreadsheet or text", ErrUnknownFormat)
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

// Parse reads data in format f (not [Bundle]) into dossiers. name is the
// file's name, which titles a text note.
func Parse(f Format, data []byte, name string) ([]vault.Dossier, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	switch f {
	case VCard:
		return ParseVCard(data)
	case KeePassXC:
		return ParseKeePassXC(data)
	case KeePassXML:
		return ParseKeePassXML(data)
	case Bitwarden:
		return ParseBitwarden(data)
	case Table:
		return ParseSpreadsheet(data)
	case Text:
		d, err := ParseText(data, name)
		if err != nil {
			return nil, err
		}
		return []vault.Dossier{d}, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownFormat, f)
}

// ReadBundle reads data in format f (not [Bundle]) as [Parse] does, into a
// handoff for [vault.Store.Import], with the content of the attachments
// the file holds (a KeePass 2 XML export's). name is the file's name.
func ReadBundle(f Format, data []byte, name string) (*vault.Bundle, error) {
	var ds []vault.Dossier
	var files [][][]byte
	var err error
	if f == KeePassXML {
		ds, files, err = parseKeePassXML(data, true)
	} else {
		ds, err = Parse(f, data, name)
	}
	if err != nil {
		return nil, err
	}
	b := &vault.Bundle{Purpose: vault.PurposeHandoff, Dossiers: make([]vault.BundleDossier, len(ds))}
	for i, d := range ds {
		b.Dossiers[i].Dossier = d
		if i < len(files) && len(files[i]) > 0 {
			b.Dossiers[i].Content = map[vault.ID][]byte{}
			for j, a := range d.Attachments {
				b.Dossiers[i].Content[a.ID] = files[i][j]
			}
		}
	}
	return b, nil
}

// checkSize refuses data over [MaxInput] before a parser reads it.
func checkSize(data []byte) error {
	if len(data) > MaxInput {
		return fmt.Errorf("%w: the file is over %s, the most one import reads; export fewer entries at a time", ErrFormat, size(MaxInput))
	}
	return nil
}

// size writes a limit for a person: "1 MiB", "4 KiB".
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// tooLong is the error for a value over its limit: where says in which
// line or item, what names the value by its place, never by its content.
func tooLong(where, what string, limit int, program string) error {
	return fmt.Errorf("%w: %s: %s longer than %s, the most a dossier holds; shorten it in %s and export again",
		ErrFormat, where, what, size(limit), program)
}

// field returns a field of type t, or of type text when the value does not
// fit t (an export's "email" may hold anything). Values are trimmed; their
// length is checked by [finish].
func field(label, value string, t vault.FieldType, secret bool) vault.Field {
	value = strings.TrimSpace(value)
	f := vault.Field{Label: label, Value: value, Type: t, Secret: secret}
	if f.Validate() != nil {
		f.Type = vault.TypeText
		if strings.Contains(value, "\n") {
			f.Type = vault.TypeMultiline
		}
	}
	return f
}

// addField appends a field unless its value is empty.
func addField(d *vault.Dossier, label, value string, t vault.FieldType, secret bool) {
	if strings.TrimSpace(value) != "" {
		d.Fields = append(d.Fields, field(label, value, t, secret))
	}
}

// maxTitleRunes is how long a cleaned title may be.
const maxTitleRunes = 200

// title cleans a title: one line, its spaces collapsed, at most 200
// characters, never empty. It reads no further into s than it needs.
func title(s, fallback string) string {
	s = collapse(s, maxTitleRunes, nil)
	if s == "" {
		return fallback
	}
	return s
}

// tag cleans a tag: no commas or line breaks, spaces collapsed.
func tag(s string) string {
	return collapse(s, -1, func(r rune) bool { return r == ',' })
}

// collapse returns s with leading and trailing white space removed and
// every run of white space, or of runes for which also reports true, made
// one space, cut at max runes unless max is negative. Invalid UTF-8 becomes
// U+FFFD.
func collapse(s string, max int, also func(rune) bool) string {
	var b strings.Builder
	n, space := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) || (also != nil && also(r)) {
			space = b.Len() > 0
			continue
		}
		if n == max {
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
			if n++; n == max {
				break
			}
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimRight(b.String(), " ")
}

// finish checks every dossier against the vault's limits and validates it,
// so that an importer bug shows here and not in the vault.
func finish(ds []vault.Dossier) ([]vault.Dossier, error) {
	if len(ds) > MaxRecords {
		return nil, fmt.Errorf("%w: more than %d records; export fewer at a time", ErrFormat, MaxRecords)
	}
	for i := range ds {
		if what := overLimit(&ds[i]); what != "" {
			return nil, fmt.Errorf("%w: record %d: %s; shorten it where it came from and export again", ErrFormat, i+1, what)
		}
		if err := ds[i].Validate(); err != nil {
			return nil, fmt.Errorf("%w: record %d: %w", ErrFormat, i+1, err)
		}
	}
	return ds, nil
}

// overLimit says which of the vault's limits d is over, or returns "".
func overLimit(d *vault.Dossier) string {
	// A tag here was a group, folder or category in the other program.
	return strings.Replace(d.OverLimit(), "a tag is", "a tag (a group, folder or category) is", 1)
}

// Hint says what an import of format f leaves behind that another export
// of the same program keeps, for the preview to say before anything is
// written; "" when there is nothing to say.
func Hint(f Format) string {
	if f == KeePassXC {
		return "KeePassXC's CSV leaves out each entry's own fields (a passport number kept as one), tags and expiry; " +
			"its XML export keeps them: Database → Export → XML File, or keepassxc-cli export -f xml"
	}
	return ""
}

// maxFieldsShown is how many labels [Fields] names.
const maxFieldsShown = 30

// Fields says what fields the dossiers of an import hold, by label, in the
// order they first come, each with its type or "secret" as a spreadsheet's
// [Columns] does: what a person checks before an import that the fields of
// the other program came through ("Passport number (secret)"). It names
// labels, never values; past 30 labels it says how many more.
func Fields(ds []vault.Dossier) string {
	type seen struct {
		label  string
		typ    vault.FieldType
		secret bool
	}
	var labels []seen
	index := map[string]int{}
	for i := range ds {
		for _, f := range ds[i].Fields {
			k := strings.ToLower(f.Label)
			j, ok := index[k]
			if !ok {
				j = len(labels)
				index[k] = j
				labels = append(labels, seen{label: f.Label, typ: f.Type})
			}
			labels[j].secret = labels[j].secret || f.Secret || f.Type == vault.TypePassword
		}
	}
	var parts []string
	for i, l := range labels {
		if i == maxFieldsShown {
			parts = append(parts, fmt.Sprintf("and %d more", len(labels)-maxFieldsShown))
			break
		}
		what := ""
		switch {
		case l.secret:
			what = " (secret)"
		case l.typ == vault.TypeURL:
			what = " (web address)"
		case l.typ == vault.TypeMultiline:
			what = " (lines)"
		case l.typ != vault.TypeText && l.typ != "":
			what = " (" + string(l.typ) + ")"
		}
		parts = append(parts, l.label+what)
	}
	return strings.Join(parts, ", ")
}
