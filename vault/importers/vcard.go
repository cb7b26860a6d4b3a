package importers

import (
	"fmt"
	"strings"
	"time"

	"confidant/vault"
)

const maxProperties = 1000 // per card

// ParseVCard reads one or more vCards (versions 2.1, 3.0 and 4.0; RFC 6350
// line folding and escapes) into contact dossiers: FN (or N) titles it; TEL,
// EMAIL, ADR, ORG, TITLE, URL become fields, BDAY a yearly date, NOTE the
// notes, CATEGORIES tags. Photos, keys and other properties are left out.
func ParseVCard(data []byte) ([]vault.Dossier, error) {
	if len(data) > MaxInput {
		return nil, fmt.Errorf("%w: over %d MiB", ErrFormat, MaxInput>>20)
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	// Unfold: a line beginning with a space or tab continues the previous one.
	text = strings.NewReplacer("\n ", "", "\n\t", "").Replace(text)
	var out []vault.Dossier
	var card []prop
	in := false
	for n, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		p, ok := parseProp(line)
		if !ok {
			if !in {
				return nil, fmt.Errorf("%w: line %d is not a vCard property", ErrFormat, n+1)
			}
			continue // tolerate a stray line inside a card
		}
		switch {
		case p.name == "BEGIN" && strings.EqualFold(p.value, "VCARD"):
			if in {
				return nil, fmt.Errorf("%w: line %d opens a card inside a card", ErrFormat, n+1)
			}
			in, card = true, nil
		case p.name == "END" && strings.EqualFold(p.value, "VCARD"):
			if !in {
				return nil, fmt.Errorf("%w: line %d closes a card that was not opened", ErrFormat, n+1)
			}
			in = false
			out = append(out, cardDossier(card))
			if len(out) > MaxRecords {
				return nil, fmt.Errorf("%w: more than %d cards", ErrFormat, MaxRecords)
			}
		case !in:
			return nil, fmt.Errorf("%w: line %d is outside BEGIN:VCARD … END:VCARD", ErrFormat, n+1)
		default:
			if len(card) >= maxProperties {
				return nil, fmt.Errorf("%w: a card has more than %d properties", ErrFormat, maxProperties)
			}
			card = append(card, p)
		}
	}
	if in {
		return nil, fmt.Errorf("%w: the last card has no END:VCARD; the file is cut short", ErrFormat)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no vCard in the file", ErrFormat)
	}
	return finish(out)
}

type prop struct {
	name   string            // upper case, group removed
	params map[string]string // upper-case keys and values
	value  string            // raw (escapes not yet undone)
}

func parseProp(line string) (prop, bool) {
	// The name and parameters end at the first colon outside quotes.
	quoted := false
	colon := -1
	for i, r := range line {
		if r == '"' {
			quoted = !quoted
		} else if r == ':' && !quoted {
			colon = i
			break
		}
	}
	if colon <= 0 {
		return prop{}, false
	}
	parts := strings.Split(line[:colon], ";")
	name := strings.ToUpper(strings.TrimSpace(parts[0]))
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		return prop{}, false
	}
	p := prop{name: name, params: map[string]string{}, value: line[colon+1:]}
	for _, kv := range parts[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok { // vCard 2.1: TEL;WORK;VOICE:
			k, v = "TYPE", kv
		}
		k = strings.ToUpper(strings.TrimSpace(k))
		v = strings.ToUpper(strings.Trim(strings.TrimSpace(v), `"`))
		if old := p.params[k]; old != "" {
			v = old + "," + v
		}
		p.params[k] = v
	}
	return p, true
}

// unescape undoes RFC 6350 escapes: \n, \, \; and \\.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// components splits a structured value (N, ADR, ORG) at unescaped semicolons.
func components(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ';':
			out = append(out, unescape(s[start:i]))
			start = i + 1
		}
	}
	return append(out, unescape(s[start:]))
}

// typeNote returns " (work)" for a TYPE=WORK parameter, "" otherwise.
func typeNote(p prop) string {
	for _, t := range strings.Split(p.params["TYPE"], ",") {
		switch t {
		case "WORK", "HOME", "CELL", "MOBILE", "FAX":
			return " (" + strings.ToLower(t) + ")"
		}
	}
	return ""
}

func cardDossier(card []prop) vault.Dossier {
	d := vault.Dossier{Kind: vault.KindContact}
	var fn, n string
	var notes []string
	counts := map[string]int{}
	add := func(label, value string, t vault.FieldType) {
		counts[label]++
		if counts[label] > 1 {
			label = fmt.Sprintf("%s %d", label, counts[label])
		}
		addField(&d, label, value, t, false)
	}
	for _, p := range card {
		switch p.name {
		case "FN":
			fn = unescape(p.value)
		case "N":
			c := components(p.value)
			var parts []string
			for _, i := range []int{3, 1, 2, 0, 4} { // prefix, given, additional, family, suffix
				if i < len(c) && strings.TrimSpace(c[i]) != "" {
					parts = append(parts, strings.TrimSpace(c[i]))
				}
			}
			n = strings.Join(parts, " ")
		case "TEL":
			add("Phone"+typeNote(p), strings.TrimPrefix(unescape(p.value), "tel:"), vault.TypePhone)
		case "EMAIL":
			add("Email"+typeNote(p), strings.TrimPrefix(unescape(p.value), "mailto:"), vault.TypeEmail)
		case "ADR":
			var lines []string
			for _, c := range components(p.value) {
				if c = strings.TrimSpace(c); c != "" {
					lines = append(lines, c)
				}
			}
			add("Address"+typeNote(p), strings.Join(lines, "\n"), vault.TypeMultiline)
		case "ORG":
			add("Company", strings.Join(nonEmpty(components(p.value)), ", "), vault.TypeText)
		case "TITLE", "ROLE":
			add("Role", unescape(p.value), vault.TypeText)
		case "URL":
			add("Website", unescape(p.value), vault.TypeURL)
		case "BDAY", "ANNIVERSARY":
			label := "Birthday"
			if p.name == "ANNIVERSARY" {
				label = "Anniversary"
			}
			if on, ok := parseVCardDate(unescape(p.value)); ok {
				d.Dates = append(d.Dates, vault.Date{Label: label, On: on, Yearly: true, Remind: vault.Period{Days: 7}})
			} else {
				add(label, unescape(p.value), vault.TypeText)
			}
		case "NOTE":
			notes = append(notes, unescape(p.value))
		case "CATEGORIES":
			for _, c := range strings.Split(p.value, ",") {
				if t := tag(unescape(c)); t != "" && len(d.Tags) < 64 {
					d.Tags = append(d.Tags, t)
				}
			}
		}
	}
	name := fn
	if strings.TrimSpace(name) == "" {
		name = n
	}
	d.Title = title(name, "Unnamed contact")
	if strings.TrimSpace(name) != "" {
		d.Fields = append([]vault.Field{field("Name", name, vault.TypeText, false)}, d.Fields...)
	}
	d.Notes = strings.Join(notes, "\n\n")
	if len(d.Notes) > maxValue {
		d.Notes = d.Notes[:maxValue]
	}
	return d
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// parseVCardDate reads 1985-04-12, 19850412 or a date-time starting so.
func parseVCardDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, 'T'); i > 0 {
		s = s[:i]
	}
	for _, layout := range []string{time.DateOnly, "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
