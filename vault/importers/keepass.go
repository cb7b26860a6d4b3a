package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"confidant/vault"
)

// ParseKeePassXC reads a KeePassXC CSV export (Database → Export → CSV;
// columns Group, Title, Username, Password, URL, Notes, and in newer
// versions TOTP, Icon, Last Modified, Created) into vendor dossiers: the
// password and TOTP are secret fields, the group a tag. Columns are found by
// the header row's names. A row of more than 1000 columns, or a value over
// the vault's limits (1 MiB, 4 KiB for the title), is refused as soon as it
// is read.
func ParseKeePassXC(data []byte) ([]vault.Dossier, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	r := csvReader{data: bytes.TrimPrefix(data, []byte("\ufeff"))}
	header, err := r.read(nil, nil, maxLabel)
	if le, ok := errors.AsType[*csvLimitError](err); ok && le.col == maxColumns {
		return nil, fmt.Errorf("%w: the CSV header row has more than %d columns; is it a KeePassXC export?", ErrFormat, maxColumns)
	}
	if _, ok := errors.AsType[*csvLimitError](err); ok {
		return nil, fmt.Errorf("%w: the CSV header row has a column name longer than %s; is it a KeePassXC export?", ErrFormat, size(maxLabel))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: no CSV header row", ErrFormat)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["title"]; !ok {
		return nil, fmt.Errorf("%w: the CSV has no Title column; is it a KeePassXC export?", ErrFormat)
	}
	if _, ok := col["password"]; !ok {
		return nil, fmt.Errorf("%w: the CSV has no Password column; is it a KeePassXC export?", ErrFormat)
	}
	// Only the columns read below are copied, each up to its limit.
	limits := make([]int, len(header))
	names := make([]string, len(header))
	for _, c := range []struct {
		key, name string
		limit     int
	}{
		{"title", "the title is", maxTitle},
		{"username", "the Username is", maxValue},
		{"password", "the Password is", maxValue},
		{"url", "the URL is", maxValue},
		{"totp", "the TOTP is", maxValue},
		{"notes", "the Notes are", maxValue},
		{"group", "the Group is", maxValue},
	} {
		if i, ok := col[c.key]; ok {
			limits[i], names[i] = c.limit, c.name
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []vault.Dossier
	var rec []string
	for {
		rec, err = r.read(rec, limits, 0)
		if errors.Is(err, io.EOF) {
			break
		}
		if se, ok := errors.AsType[*csvSyntaxError](err); ok {
			return nil, fmt.Errorf("%w: CSV error on line %d", ErrFormat, se.line)
		}
		if le, ok := errors.AsType[*csvLimitError](err); ok {
			if le.col == maxColumns {
				return nil, fmt.Errorf("%w: line %d has more than %d columns; is it a KeePassXC export?", ErrFormat, le.line, maxColumns)
			}
			return nil, tooLong(fmt.Sprintf("line %d", le.line), names[le.col], limits[le.col], "KeePassXC")
		}
		if err != nil {
			return nil, fmt.Errorf("%w: CSV error after line %d", ErrFormat, r.line)
		}
		if len(out) >= MaxRecords {
			return nil, fmt.Errorf("%w: more than %d records; export fewer at a time", ErrFormat, MaxRecords)
		}
		d := vault.Dossier{Kind: vault.KindVendor, Title: title(get(rec, "title"), "Untitled entry")}
		addField(&d, "Username", get(rec, "username"), vault.TypeText, false)
		addField(&d, "Password", get(rec, "password"), vault.TypePassword, true)
		addField(&d, "Website", get(rec, "url"), vault.TypeURL, false)
		addField(&d, "TOTP", get(rec, "totp"), vault.TypeText, true)
		d.Notes = get(rec, "notes")
		g := get(rec, "group")
		g = strings.TrimPrefix(strings.TrimPrefix(g, "Root"), "/")
		if t := tag(g); t != "" {
			d.Tags = []string{t}
		}
		out = append(out, d)
	}
	return finish(out)
}
