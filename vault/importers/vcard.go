package importers

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"confidant/vault"
)

const maxProperties = 1000 // per card

// maxLine is how long an unfolded vCard line may be when it holds a value
// the parser keeps: a value of maxValue bytes, every byte escaped, and its
// name and parameters. Longer lines of properties it leaves out (a photo)
// are skipped without being copied.
const maxLine = 2*maxValue + maxTitle

// ParseVCard reads one or more vCards (versions 2.1, 3.0 and 4.0; RFC 6350
// line folding and escapes) into contact dossiers: FN (or N) titles it; TEL,
// EMAIL, ADR, ORG, TITLE, URL become fields, BDAY a yearly date, NOTE the
// notes, CATEGORIES tags. Photos, keys and other properties are left out.
// It reads data line by line, copying only the values it keeps.
func ParseVCard(data []byte) ([]vault.Dossier, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	s := vcardLines{data: bytes.TrimPrefix(data, []byte("\ufeff"))}
	var out []vault.Dossier
	var c *vcardCard // the card being read; nil between cards
	for {
		line, n, long, ok := s.next()
		if !ok {
			break
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		p, ok := parseProp(line)
		if !ok {
			if c == nil {
				return nil, fmt.Errorf("%w: line %d is not a vCard property", ErrFormat, n)
			}
			continue // tolerate a stray line inside a card
		}
		switch {
		case p.name == "BEGIN" && bytes.EqualFold(p.value, []byte("VCARD")):
			if c != nil {
				return nil, fmt.Errorf("%w: line %d opens a card inside a card", ErrFormat, n)
			}
			c = &vcardCard{d: vault.Dossier{Kind: vault.KindContact}}
		case p.name == "END" && bytes.EqualFold(p.value, []byte("VCARD")):
			if c == nil {
				return nil, fmt.Errorf("%w: line %d closes a card that was not opened", ErrFormat, n)
			}
			if len(out) >= MaxRecords {
				return nil, fmt.Errorf("%w: more than %d cards; export fewer at a time", ErrFormat, MaxRecords)
			}
			out = append(out, c.dossier())
			c = nil
		case c == nil:
			return nil, fmt.Errorf("%w: line %d is outside BEGIN:VCARD … END:VCARD", ErrFormat, n)
		default:
			if c.props >= maxProperties {
				return nil, fmt.Errorf("%w: a card has more than %d properties", ErrFormat, maxProperties)
			}
			c.props++
			if p.name == "" {
				continue // a property left out
			}
			if long || len(p.value) > 2*maxValue {
				// Unescaped, it would still be over maxValue.
				return nil, tooLong(fmt.Sprintf("line %d", n), "the "+p.name+" value is", maxValue, "the address book")
			}
			if err := c.add(p, n); err != nil {
				return nil, err
			}
		}
	}
	if c != nil {
		return nil, fmt.Errorf("%w: the last card has no END:VCARD; the file is cut short", ErrFormat)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no vCard in the file", ErrFormat)
	}
	return finish(out)
}

// vcardLines splits vCard data into unfolded lines without copying it,
// except a folded line that the parser may keep.
type vcardLines struct {
	data []byte // not yet read
	line int    // physical lines read
	buf  []byte // an unfolded line
}

// physical returns the next line of data without its \n or \r\n.
func (s *vcardLines) physical() ([]byte, bool) {
	if len(s.data) == 0 {
		return nil, false
	}
	s.line++
	i := bytes.IndexByte(s.data, '\n')
	if i < 0 {
		line := s.data
		s.data = nil
		return line, true
	}
	line := s.data[:i]
	s.data = s.data[i+1:]
	return bytes.TrimSuffix(line, []byte("\r")), true
}

// folded reports whether the next line continues the one before: it begins
// with a space or a tab.
func (s *vcardLines) folded() bool {
	return len(s.data) > 0 && (s.data[0] == ' ' || s.data[0] == '\t')
}

// next returns the next logical line (a line, and the lines that continue
// it, each less its first character) and the number of its first line. A
// line longer than maxLine is returned with long set, cut at maxLine if it
// was folded: enough to tell its property's name. The line is valid until
// the next call.
func (s *vcardLines) next() (line []byte, n int, long, ok bool) {
	first, ok := s.physical()
	if !ok {
		return nil, 0, false, false
	}
	n = s.line
	if !s.folded() {
		return first, n, len(first) > maxLine, true
	}
	long = len(first) > maxLine
	s.buf = append(s.buf[:0], first[:min(len(first), maxLine)]...)
	for s.folded() {
		more, _ := s.physical()
		more = more[1:]
		if long || len(s.buf)+len(more) > maxLine {
			long = true
			continue
		}
		if len(s.buf)+len(more) > cap(s.buf) { // double, not append's quarter
			s.buf = slices.Grow(s.buf, max(len(more), min(len(s.buf), maxLine-len(s.buf))))
		}
		s.buf = append(s.buf, more...)
	}
	return s.buf, n, long, true
}

// prop is one property of a card, its parts pointing into the line.
type prop struct {
	name   string // upper case and group removed, if the parser keeps it; else ""
	params []byte // after the name, up to the colon: ";TYPE=work;PREF=1"
	value  []byte // raw (escapes not yet undone)
}

// keptProps are the properties a card's dossier is made of, and BEGIN and END.
var keptProps = []string{"BEGIN", "END", "FN", "N", "TEL", "EMAIL", "ADR", "ORG", "TITLE", "ROLE", "URL",
	"BDAY", "ANNIVERSARY", "NOTE", "CATEGORIES"}

func parseProp(line []byte) (prop, bool) {
	// The name and parameters end at the first colon outside quotes.
	quoted := false
	colon := -1
	for i, c := range line {
		if c == '"' {
			quoted = !quoted
		} else if c == ':' && !quoted {
			colon = i
			break
		}
	}
	if colon <= 0 {
		return prop{}, false
	}
	head := line[:colon]
	end := bytes.IndexByte(head, ';')
	if end < 0 {
		end = len(head)
	}
	name := bytes.TrimSpace(head[:end])
	if i := bytes.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if len(name) == 0 {
		return prop{}, false
	}
	p := prop{params: head[end:], value: line[colon+1:]}
	for _, k := range keptProps {
		if bytes.EqualFold(name, []byte(k)) {
			p.name = k
			break
		}
	}
	return p, true
}

// vcardCard is a card being read.
type vcardCard struct {
	d      vault.Dossier
	props  int
	fn, n  string
	notes  strings.Builder
	counts map[string]int
}

// add adds what p says to the card; n is p's line, for an error.
func (c *vcardCard) add(p prop, n int) error {
	d := &c.d
	add := func(label, value string, t vault.FieldType) {
		if c.counts == nil {
			c.counts = map[string]int{}
		}
		c.counts[label]++
		if k := c.counts[label]; k > 1 {
			label = fmt.Sprintf("%s %d", label, k)
		}
		addField(d, label, value, t, false)
	}
	switch p.name {
	case "FN":
		c.fn = unescape(p.value)
	case "N":
		comps := components(p.value)
		var parts []string
		for _, i := range []int{3, 1, 2, 0, 4} { // prefix, given, additional, family, suffix
			if i < len(comps) && strings.TrimSpace(comps[i]) != "" {
				parts = append(parts, strings.TrimSpace(comps[i]))
			}
		}
		c.n = strings.Join(parts, " ")
	case "TEL":
		add("Phone"+typeNote(p.params), strings.TrimPrefix(unescape(p.value), "tel:"), vault.TypePhone)
	case "EMAIL":
		add("Email"+typeNote(p.params), strings.TrimPrefix(unescape(p.value), "mailto:"), vault.TypeEmail)
	case "ADR":
		add("Address"+typeNote(p.params), strings.Join(nonEmpty(components(p.value)), "\n"), vault.TypeMultiline)
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
		v := unescape(p.value)
		if on, ok := parseVCardDate(v); ok {
			// Reminded as the editor reminds a birthday it adds.
			d.Dates = append(d.Dates, vault.Date{Label: label, On: on, Yearly: true, Remind: vault.Period{Days: 14}})
		} else {
			add(label, v, vault.TypeText)
		}
	case "NOTE":
		v := unescape(p.value)
		size := len(v)
		if c.notes.Len() > 0 {
			size += len("\n\n")
		}
		if c.notes.Len()+size > maxValue {
			return tooLong(fmt.Sprintf("line %d", n), "the card's notes are", maxValue, "the address book")
		}
		if c.notes.Len() > 0 {
			c.notes.WriteString("\n\n")
		}
		c.notes.WriteString(v)
	case "CATEGORIES":
		for rest := p.value; len(rest) > 0 && len(d.Tags) < 64; {
			var cat []byte
			cat, rest, _ = bytes.Cut(rest, []byte(","))
			if t := tag(unescape(cat)); t != "" {
				d.Tags = append(d.Tags, t)
			}
		}
	}
	return nil
}

// dossier returns the card's dossier.
func (c *vcardCard) dossier() vault.Dossier {
	d := c.d
	name := c.fn
	if strings.TrimSpace(name) == "" {
		name = c.n
	}
	d.Title = title(name, "Unnamed contact")
	if strings.TrimSpace(name) != "" {
		d.Fields = append([]vault.Field{field("Name", name, vault.TypeText, false)}, d.Fields...)
	}
	d.Notes = c.notes.String()
	return d
}

// unescape undoes RFC 6350 escapes: \n, \, \; and \\.
func unescape(s []byte) string {
	if bytes.IndexByte(s, '\\') < 0 {
		return string(s)
	}
	var b strings.Builder
	b.Grow(len(s))
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
func components(s []byte) []string {
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
// params is what follows the name: ";TYPE=work;PREF=1", or ";WORK;VOICE" in
// vCard 2.1. The first TYPE of WORK, HOME, CELL, MOBILE or FAX counts.
func typeNote(params []byte) string {
	for len(params) > 0 {
		var kv []byte
		_, params, _ = bytes.Cut(params, []byte(";"))
		kv, _, _ = bytes.Cut(params, []byte(";"))
		k, v, ok := bytes.Cut(kv, []byte("="))
		if !ok { // vCard 2.1: TEL;WORK;VOICE:
			k, v = []byte("TYPE"), kv
		}
		if !bytes.EqualFold(bytes.TrimSpace(k), []byte("TYPE")) {
			continue
		}
		v = bytes.Trim(bytes.TrimSpace(v), `"`)
		for t := range bytes.SplitSeq(v, []byte(",")) {
			for _, want := range []string{"WORK", "HOME", "CELL", "MOBILE", "FAX"} {
				if bytes.EqualFold(t, []byte(want)) {
					return " (" + strings.ToLower(want) + ")"
				}
			}
		}
	}
	return ""
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

// parseVCardDate reads 1985-04-12, 19850412 or a date-time starting so,
// and --0412 or --04-12, a day of no known year (vault.NoYear).
func parseVCardDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "--") { // --0412: a birthday of no known year
		day, err := vault.ReadDay(s)
		if err != nil {
			return time.Time{}, false
		}
		t, err := vault.ParseDay(day)
		return t, err == nil
	}
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
