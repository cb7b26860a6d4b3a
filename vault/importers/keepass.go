package importers

import (
	"bytes"
	"encoding/csv"
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
// the header row's names.
func ParseKeePassXC(data []byte) ([]vault.Dossier, error) {
	if len(data) > MaxInput {
		return nil, fmt.Errorf("%w: over %d MiB", ErrFormat, MaxInput>>20)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
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
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []vault.Dossier
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%w: CSV error on line %d", ErrFormat, pe.Line)
			}
			return nil, fmt.Errorf("%w: CSV error near record %d", ErrFormat, line)
		}
		if len(out) >= MaxRecords {
			return nil, fmt.Errorf("%w: more than %d records", ErrFormat, MaxRecords)
		}
		d := vault.Dossier{Kind: vault.KindVendor, Title: title(get(rec, "title"), "Untitled entry")}
		addField(&d, "Username", get(rec, "username"), vault.TypeText, false)
		addField(&d, "Password", get(rec, "password"), vault.TypePassword, true)
		addField(&d, "Website", get(rec, "url"), vault.TypeURL, false)
		addField(&d, "TOTP", get(rec, "totp"), vault.TypeText, true)
		d.Notes = get(rec, "notes")
		if len(d.Notes) > maxValue {
			d.Notes = d.Notes[:maxValue]
		}
		g := get(rec, "group")
		g = strings.TrimPrefix(strings.TrimPrefix(g, "Root"), "/")
		if t := tag(g); t != "" {
			d.Tags = []string{t}
		}
		out = append(out, d)
	}
	return finish(out)
}
