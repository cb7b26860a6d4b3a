// Package importers turns other programs' exports into dossiers: vCard
// contacts, a KeePassXC CSV export, a Bitwarden unencrypted JSON export, and
// plain text or Markdown. Each parser works on bytes in memory, enforces
// limits, and returns dossiers without IDs for [vault.Store.Import].
//
// Errors wrap [ErrFormat] and never quote a value from the input.
package importers

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
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
	Bitwarden Format = "bitwarden"
	Text      Format = "text"
)

// Formats lists every format, for help text.
var Formats = []Format{Bundle, VCard, KeePassXC, Bitwarden, Text}

// Limits every parser enforces.
const (
	MaxInput   = 64 << 20 // bytes
	MaxRecords = 100_000  // dossiers out of one file
	maxValue   = 1 << 20  // one value
)

var (
	// ErrFormat is returned for input a parser cannot read; the detail says
	// where, never what.
	ErrFormat = errors.New("unreadable import")

	// ErrUnknownFormat is returned by [Detect] and [ParseFormat] when the
	// format is not one of [Formats].
	ErrUnknownFormat = errors.New("unknown import format")
)

// ParseFormat accepts a format's name.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case Bundle, VCard, KeePassXC, Bitwarden, Text:
		return f, nil
	case "markdown", "md", "txt":
		return Text, nil
	case "vcf":
		return VCard, nil
	}
	return "", fmt.Errorf("%w: %q (choose bundle, vcard, keepassxc, bitwarden or text)", ErrUnknownFormat, s)
}

// Detect guesses the format of data: a Confidant bundle, a vCard file, a
// KeePassXC CSV export, a Bitwarden JSON export, or text. It returns
// [ErrUnknownFormat] for binary data that is none of them.
func Detect(data []byte) (Format, error) {
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
	}
	if utf8.Valid(data) && !bytes.ContainsRune(data, 0) {
		return Text, nil
	}
	return "", fmt.Errorf("%w: the decrypted content is not a bundle, vCard, KeePassXC CSV, Bitwarden JSON or text", ErrUnknownFormat)
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

// Parse reads data in format f (not [Bundle]) into dossiers. name is the
// file's name, which titles a text note.
func Parse(f Format, data []byte, name string) ([]vault.Dossier, error) {
	if len(data) > MaxInput {
		return nil, fmt.Errorf("%w: over %d MiB", ErrFormat, MaxInput>>20)
	}
	switch f {
	case VCard:
		return ParseVCard(data)
	case KeePassXC:
		return ParseKeePassXC(data)
	case Bitwarden:
		return ParseBitwarden(data)
	case Text:
		d, err := ParseText(data, name)
		if err != nil {
			return nil, err
		}
		return []vault.Dossier{d}, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownFormat, f)
}

// field returns a field of type t, or of type text when the value does not
// fit t (an export's "email" may hold anything). Values are trimmed and cut
// at the value limit.
func field(label, value string, t vault.FieldType, secret bool) vault.Field {
	value = strings.TrimSpace(value)
	if len(value) > maxValue {
		value = value[:maxValue]
	}
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

// title cleans a title: one line, at most 200 characters, never empty.
func title(s, fallback string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		s = fallback
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}

// tag cleans a tag: no commas or line breaks.
func tag(s string) string {
	s = strings.NewReplacer(",", " ", "\n", " ", "\r", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// finish validates every dossier, so that an importer bug shows here and
// not in the vault.
func finish(ds []vault.Dossier) ([]vault.Dossier, error) {
	if len(ds) > MaxRecords {
		return nil, fmt.Errorf("%w: more than %d records", ErrFormat, MaxRecords)
	}
	for i := range ds {
		if err := ds[i].Validate(); err != nil {
			return nil, fmt.Errorf("%w: record %d: %w", ErrFormat, i+1, err)
		}
	}
	return ds, nil
}
