package importers

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"confidant/vault"
)

// ParseText turns plain text or Markdown into one secure note. Its title is
// the first Markdown heading, else the file's name without extension, else
// the first line; the notes are the whole text. Text over 1 MiB, or that is
// not UTF-8, is refused.
func ParseText(data []byte, name string) (vault.Dossier, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(data) > maxValue {
		return vault.Dossier{}, fmt.Errorf("%w: a note holds at most %s of text; split the file into smaller ones", ErrFormat, size(maxValue))
	}
	if !utf8.Valid(data) || bytes.ContainsRune(data, 0) {
		return vault.Dossier{}, fmt.Errorf("%w: it is not UTF-8 text", ErrFormat)
	}
	// The notes are the one copy of the text, with \r\n made \n.
	var b strings.Builder
	b.Grow(len(data))
	for rest := data; len(rest) > 0; {
		i := bytes.Index(rest, []byte("\r\n"))
		if i < 0 {
			b.Write(rest)
			break
		}
		b.Write(rest[:i])
		b.WriteByte('\n')
		rest = rest[i+2:]
	}
	text := b.String()
	if strings.TrimSpace(text) == "" {
		return vault.Dossier{}, fmt.Errorf("%w: the text is empty", ErrFormat)
	}
	heading, first := "", ""
	for line := range strings.Lines(text) {
		l := strings.TrimSpace(line)
		if l == "" {
			continue
		}
		if first == "" {
			first = l
		}
		if strings.HasPrefix(l, "#") {
			heading = strings.TrimSpace(strings.TrimLeft(l, "#"))
			break
		}
	}
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	if base == "." || base == "/" || strings.HasPrefix(base, ".") {
		base = ""
	}
	t := heading
	if t == "" {
		t = base
	}
	if t == "" {
		t = first
	}
	d := vault.Dossier{Kind: vault.KindNote, Title: title(t, "Imported note"), Notes: text}
	ds, err := finish([]vault.Dossier{d})
	if err != nil {
		return vault.Dossier{}, err
	}
	return ds[0], nil
}
