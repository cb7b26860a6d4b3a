package importers

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"confidant/vault"
)

// Limits on the shape of a KeePass XML file.
const (
	maxXMLDepth = 64       // elements inside one another: groups in groups
	maxXMLTag   = 64 << 10 // bytes of one tag, comment or declaration, attributes and all
	// maxXMLText is the most bytes of text between two tags: an attachment
	// of 16 MiB in base64, and some (a value of 1 MiB written with every
	// character escaped, &quot;, is less).
	maxXMLText = (vault.MaxAttachmentSize+2)/3*4 + 64
	// maxAttachmentsIn is the most attachment content one import brings,
	// decompressed. KeePass 2 keeps attachments gzipped, and a file of 64 MiB
	// could otherwise name gigabytes; scans and PDFs hardly compress, so a
	// real export's attachments are about the size of their base64, under
	// 48 MiB in a file of 64.
	maxAttachmentsIn = 64 << 20
	// maxAttachmentsPer is the most attachments a dossier keeps (as a
	// backup carries).
	maxAttachmentsPer = 256
)

// ParseKeePassXML reads a KeePass XML export (KeePassXC: Database → Export
// → XML File, or keepassxc-cli export -f xml; KeePass 2: Export → KeePass
// XML (2.x)) into dossiers. It keeps what the CSV export leaves behind: an
// entry's own fields (a passport number, a frequent flyer number), its tags
// and its expiry. Username, Password, URL, the notes and the one-time
// password key (otp, TimeOtp-Secret-Base32) are read as from the CSV; every
// other field is a field of its name, secret when KeePass protected it or
// its name names a secret (vault.ReadLabel), of the type its name says.
// The group path is a tag, as from the CSV. An entry whose fields name a
// person (a passport, a date of birth) is a client profile, any other a
// vendor. Entries in the recycle bin and earlier versions (History) are
// left out. Dossiers only, it names no attachment; [ReadBundle] brings the
// attachments a KeePass 2 export holds (KeePassXC's holds none).
//
// It refuses a file nested deeper than 64 elements, a value over the
// vault's limits, more than [MaxRecords] entries, and a value the file
// keeps encrypted (Protected="True": a database's inner XML, not an
// export).
func ParseKeePassXML(data []byte) ([]vault.Dossier, error) {
	ds, _, err := parseKeePassXML(data, false)
	return ds, err
}

// parseKeePassXML is [ParseKeePassXML], and with files the content of
// each dossier's attachments that the file holds (KeePass 2 writes them in
// Meta/Binaries; KeePassXC's export holds none), each dossier's
// Attachments naming them.
func parseKeePassXML(data []byte, files bool) ([]vault.Dossier, [][][]byte, error) {
	if err := checkSize(data); err != nil {
		return nil, nil, err
	}
	if err := xmlShape(data); err != nil {
		return nil, nil, err
	}
	p := xmlParser{dec: xml.NewDecoder(bytes.NewReader(data)), binaries: map[string]xmlBinary{}}
	p.dec.Strict = true
	// A declared encoding other than UTF-8 is refused by the decoder
	// (no CharsetReader), as every other import refuses it.
	if err := p.run(); err != nil {
		return nil, nil, err
	}
	if !p.seenRoot {
		return nil, nil, fmt.Errorf("%w: no KeePassFile element; is it a KeePass XML export?", ErrFormat)
	}
	// The recycle bin is named in Meta, which comes first, but a file
	// could put it after Root: drop its entries at the end.
	out := p.out[:0] // in place: each is read before its place is written
	var contents [][][]byte
	total := 0
	for i, d := range p.out {
		if p.recycleBin != "" && slices.Contains(p.groupIDs[i], p.recycleBin) {
			continue
		}
		if files {
			var content [][]byte
			var err error
			if d.Attachments, content, err = p.attachments(p.refs[i], p.positions[i], &total); err != nil {
				return nil, nil, err
			}
			contents = append(contents, content)
		}
		out = append(out, d)
	}
	out, err := finish(out)
	return out, contents, err
}

// xmlBinary is an attachment's content in Meta/Binaries: base64 decoded,
// still gzipped when compressed.
type xmlBinary struct {
	data       []byte
	compressed bool
}

// xmlRef is an entry's attachment: its name and the ID of its content.
type xmlRef struct{ name, ref string }

// attachments returns the attachments of the entry at position (its number
// in the file) that refs name, with their content, decompressed within
// what is left of the import's budget, total. An attachment whose content
// the file does not hold is left out, as KeePassXC's export holds none.
func (p *xmlParser) attachments(refs []xmlRef, position int, total *int) ([]vault.Attachment, [][]byte, error) {
	var as []vault.Attachment
	var content [][]byte
	for i, r := range refs {
		b, ok := p.binaries[r.ref]
		if !ok {
			continue
		}
		if len(as) == maxAttachmentsPer {
			return nil, nil, fmt.Errorf("%w: entry %d has more than %d attachments, the most a dossier keeps", ErrFormat, position, maxAttachmentsPer)
		}
		data := b.data
		if b.compressed {
			zr, err := gzip.NewReader(bytes.NewReader(b.data))
			if err != nil {
				return nil, nil, fmt.Errorf("%w: entry %d: attachment %d is not readable gzip", ErrFormat, position, i+1)
			}
			if data, err = io.ReadAll(io.LimitReader(zr, vault.MaxAttachmentSize+1)); err != nil {
				return nil, nil, fmt.Errorf("%w: entry %d: attachment %d is not readable gzip", ErrFormat, position, i+1)
			}
		}
		if len(data) > vault.MaxAttachmentSize {
			return nil, nil, fmt.Errorf("%w: entry %d: attachment %d is larger than %s, the most a dossier keeps; take it out in KeePass and attach it again after", ErrFormat, position, i+1, size(vault.MaxAttachmentSize))
		}
		if *total += len(data); *total > maxAttachmentsIn {
			return nil, nil, fmt.Errorf("%w: the attachments come to more than %s; export fewer entries at a time", ErrFormat, size(maxAttachmentsIn))
		}
		name := attachmentName(r.name, i+1)
		if slices.ContainsFunc(as, func(a vault.Attachment) bool { return a.Name == name }) {
			name = fmt.Sprintf("%d-%s", i+1, name)
		}
		mt := mime.TypeByExtension(filepath.Ext(name))
		if mt == "" {
			mt = "application/octet-stream"
		}
		as = append(as, vault.Attachment{ID: vault.NewID(), Name: name, MediaType: mt, Size: int64(len(data)),
			SHA256: sha256.Sum256(data), Added: time.Now().UTC().Truncate(time.Second)})
		content = append(content, data)
	}
	return as, content, nil
}

// attachmentName makes a KeePass attachment's name a plain file name, as
// the vault keeps them: no slash, no control character, at most 200
// characters; "attachment N" when nothing is left.
func attachmentName(name string, n int) string {
	name = collapse(strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, name), maxTitleRunes, nil)
	if name == "" {
		name = fmt.Sprintf("attachment %d", n)
	}
	return name
}

// xmlShape refuses, before encoding/xml reads it, a file whose tags or
// texts are longer than any KeePass export's: the decoder holds a whole tag,
// and a whole text, before it returns it, and a tag of a million
// attributes took 45 bytes of memory per byte of the file. It follows
// quotes inside tags, and comments, declarations and CDATA to their ends.
func xmlShape(data []byte) error {
	tooLongTag := fmt.Errorf("%w: a tag longer than %s; is it a KeePass XML export?", ErrFormat, size(maxXMLTag))
	tooLongText := fmt.Errorf("%w: a value longer than %s, the most a dossier holds; shorten it in KeePass and export again", ErrFormat, size(maxValue))
	for i := 0; i < len(data); {
		lt := bytes.IndexByte(data[i:], '<')
		if lt < 0 {
			lt = len(data) - i
		}
		if lt > maxXMLText {
			return tooLongText
		}
		i += lt
		if i >= len(data) {
			return nil
		}
		rest := data[i:]
		var end int
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end = bytes.Index(rest, []byte("-->")) + len("-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")): // text, however it is written
			end = bytes.Index(rest, []byte("]]>"))
			if end > maxXMLText || end < 0 && len(rest) > maxXMLText {
				return tooLongText
			}
			if end < 0 {
				return nil // cut short: the decoder says so
			}
			i += end + len("]]>")
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			end = bytes.Index(rest, []byte("?>")) + len("?>")
		default: // a tag, or a declaration: to the first > outside quotes
			end = -1
			var quote byte
			for j := 1; j < len(rest) && j <= maxXMLTag; j++ {
				switch c := rest[j]; {
				case quote != 0:
					if c == quote {
						quote = 0
					}
				case c == '"' || c == '\'':
					quote = c
				case c == '>':
					end = j + 1
				}
				if end > 0 {
					break
				}
			}
		}
		if end > maxXMLTag || end <= 0 && len(rest) > maxXMLTag {
			return tooLongTag
		}
		if end <= 0 {
			return nil // cut short: the decoder says so
		}
		i += end
	}
	return nil
}

// xmlParser reads a KeePass XML file one token at a time, keeping only the
// entries' values it needs.
type xmlParser struct {
	dec        *xml.Decoder
	path       []string // open elements' names
	groups     []string // names of the open groups, from Root down
	groupUUIDs []string // their UUIDs
	recycleBin string   // the recycle bin group's UUID, from Meta
	seenRoot   bool

	out       []vault.Dossier
	groupIDs  [][]string // for each of out, the UUIDs of the groups it is in
	refs      [][]xmlRef // for each of out, its attachments
	positions []int      // for each of out, the entry's number in the file

	// Meta/Binaries: attachments' content by ID, and the one being read.
	binaries map[string]xmlBinary
	binID    string
	binComp  bool
	inBin    bool
	bin      strings.Builder
	ref      string // the Ref of an entry's Binary being read

	// The entry being read, and the String or Binary in it.
	entry               *xmlEntry
	key, value          strings.Builder
	inKey, inValue      bool
	protected, inMemory bool
	text                strings.Builder // a Times or Tags element's text
}

// xmlEntry is an entry as read, before it becomes a dossier.
type xmlEntry struct {
	strings  []xmlString
	refs     []xmlRef
	tags     string
	expires  bool
	expiry   string
	position int // the entry's number in the file, for errors
}

type xmlString struct {
	key, value string
	protected  bool
}

// where says in which entry an error is, by number: never by its title.
func (p *xmlParser) where() string {
	if p.entry != nil {
		return fmt.Sprintf("entry %d", p.entry.position)
	}
	return fmt.Sprintf("entry %d", len(p.out)+1)
}

func (p *xmlParser) run() error {
	entries := 0
	for {
		tok, err := p.dec.RawToken()
		if errors.Is(err, io.EOF) {
			if len(p.path) > 0 {
				return fmt.Errorf("%w: the file ends inside the %s element; is it all there?", ErrFormat, p.path[len(p.path)-1])
			}
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("%w: XML error on line %d; is it a KeePass XML export?", ErrFormat, se.Line)
			}
			return fmt.Errorf("%w: XML error after %s; is it a KeePass XML export?", ErrFormat, p.where())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if len(p.path) >= maxXMLDepth {
				return fmt.Errorf("%w: elements nested more than %d deep; is it a KeePass XML export?", ErrFormat, maxXMLDepth)
			}
			if len(p.path) == 0 && name != "KeePassFile" {
				return fmt.Errorf("%w: the file is XML, but not a KeePass export (its first element is not KeePassFile)", ErrFormat)
			}
			p.seenRoot = true
			parent := ""
			if len(p.path) > 0 {
				parent = p.path[len(p.path)-1]
			}
			p.path = append(p.path, name)
			inHistory := slices.Contains(p.path[:len(p.path)-1], "History")
			switch {
			case inHistory:
			case name == "Group" && (parent == "Root" || parent == "Group"):
				p.groups = append(p.groups, "")
				p.groupUUIDs = append(p.groupUUIDs, "")
			case name == "Entry" && parent == "Group":
				entries++
				if entries > MaxRecords {
					return fmt.Errorf("%w: more than %d entries; export fewer at a time", ErrFormat, MaxRecords)
				}
				p.entry = &xmlEntry{position: entries}
			case name == "Binary" && parent == "Binaries" && slices.Contains(p.path, "Meta"):
				p.inBin, p.binID, p.binComp = true, "", false
				p.bin.Reset()
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "ID":
						p.binID = a.Value
					case "Compressed":
						p.binComp = strings.EqualFold(a.Value, "true")
					}
				}
			case p.entry != nil && (name == "String" || name == "Binary") && parent == "Entry":
				p.key.Reset()
				p.value.Reset()
				p.protected, p.inMemory, p.ref = false, false, ""
			case p.entry != nil && name == "Key" && (parent == "String" || parent == "Binary"):
				p.inKey = true
			case p.entry != nil && name == "Value" && parent == "Binary":
				for _, a := range t.Attr {
					if a.Name.Local == "Ref" {
						p.ref = a.Value
					}
				}
			case p.entry != nil && name == "Value" && parent == "String":
				p.inValue = true
				for _, a := range t.Attr {
					switch {
					case a.Name.Local == "Protected" && strings.EqualFold(a.Value, "true"):
						p.protected = true
					case a.Name.Local == "ProtectInMemory" && strings.EqualFold(a.Value, "true"):
						p.inMemory = true
					}
				}
			default:
				p.text.Reset()
			}
		case xml.CharData:
			if err := p.chars(t); err != nil {
				return err
			}
		case xml.EndElement:
			if len(p.path) == 0 {
				return fmt.Errorf("%w: XML error after %s; is it a KeePass XML export?", ErrFormat, p.where())
			}
			name := p.path[len(p.path)-1]
			p.path = p.path[:len(p.path)-1]
			if err := p.end(name); err != nil {
				return err
			}
		}
	}
}

// chars takes the text of the element open: an entry's field, or the
// text of an element read at its end (a name, a UUID, a time).
func (p *xmlParser) chars(t xml.CharData) error {
	switch {
	case p.inBin:
		if p.bin.Len()+len(t) > maxXMLText {
			return fmt.Errorf("%w: an attachment is larger than %s, the most a dossier keeps; take it out in KeePass and attach it again after", ErrFormat, size(vault.MaxAttachmentSize))
		}
		p.bin.Write(t)
	case p.inKey:
		if p.key.Len()+len(t) > maxLabel {
			return tooLong(p.where(), "a field's name is", maxLabel, "KeePass")
		}
		p.key.Write(t)
	case p.inValue:
		if p.value.Len()+len(t) > maxValue {
			return tooLong(p.where(), "a field's value is", maxValue, "KeePass")
		}
		p.value.Write(t)
	case len(p.path) > 0 && slices.Contains(xmlTextElements, p.path[len(p.path)-1]):
		if p.text.Len()+len(t) > maxValue {
			return tooLong(p.where(), "the "+p.path[len(p.path)-1]+" is", maxValue, "KeePass")
		}
		p.text.Write(t)
	}
	return nil
}

// xmlTextElements are the elements outside an entry's fields whose text
// is read.
var xmlTextElements = []string{"Name", "UUID", "RecycleBinUUID", "Tags", "Expires", "ExpiryTime"}

func (p *xmlParser) end(name string) error {
	parent := ""
	if len(p.path) > 0 {
		parent = p.path[len(p.path)-1]
	}
	if slices.Contains(p.path, "History") {
		return nil
	}
	switch {
	case name == "Binary" && p.inBin:
		p.inBin = false
		raw := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, p.bin.String())
		data, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			return fmt.Errorf("%w: an attachment in Meta is not base64; is it a KeePass XML export?", ErrFormat)
		}
		p.bin.Reset()
		p.binaries[p.binID] = xmlBinary{data: data, compressed: p.binComp}
	case name == "RecycleBinUUID" && parent == "Meta":
		p.recycleBin = strings.TrimSpace(p.text.String())
	case name == "Name" && parent == "Group" && len(p.groups) > 0:
		p.groups[len(p.groups)-1] = p.text.String()
	case name == "UUID" && parent == "Group" && len(p.groupUUIDs) > 0:
		p.groupUUIDs[len(p.groupUUIDs)-1] = strings.TrimSpace(p.text.String())
	case name == "Group" && (parent == "Root" || parent == "Group") && len(p.groups) > 0:
		p.groups = p.groups[:len(p.groups)-1]
		p.groupUUIDs = p.groupUUIDs[:len(p.groupUUIDs)-1]
	case p.entry == nil:
	case name == "Key" && (parent == "String" || parent == "Binary"):
		p.inKey = false
	case name == "Binary" && parent == "Entry":
		if p.ref != "" && len(p.entry.refs) <= maxAttachmentsPer {
			p.entry.refs = append(p.entry.refs, xmlRef{name: p.key.String(), ref: p.ref})
		}
	case name == "Value" && parent == "String":
		p.inValue = false
	case name == "String" && parent == "Entry":
		if p.protected {
			return fmt.Errorf("%w: %s: a value is encrypted with the database's own key (Protected); this is a database's inner XML, not an export: export the database as XML from KeePassXC or KeePass", ErrFormat, p.where())
		}
		if len(p.entry.strings) >= maxFields+8 {
			return fmt.Errorf("%w: %s has more than %d fields, the most a dossier holds", ErrFormat, p.where(), maxFields)
		}
		p.entry.strings = append(p.entry.strings, xmlString{key: p.key.String(), value: p.value.String(), protected: p.inMemory})
	case name == "Tags" && parent == "Entry":
		p.entry.tags = p.text.String()
	case name == "Expires" && parent == "Times":
		p.entry.expires = strings.EqualFold(strings.TrimSpace(p.text.String()), "true")
	case name == "ExpiryTime" && parent == "Times":
		p.entry.expiry = strings.TrimSpace(p.text.String())
	case name == "Entry" && parent == "Group":
		d, err := p.entry.dossier(p.groups)
		if err != nil {
			return err
		}
		p.out = append(p.out, d)
		p.groupIDs = append(p.groupIDs, slices.Clone(p.groupUUIDs))
		p.refs = append(p.refs, p.entry.refs)
		p.positions = append(p.positions, p.entry.position)
		p.entry = nil
	}
	return nil
}

// dossier makes the entry a dossier; groups are the names of the groups it
// is in, from Root down.
func (e *xmlEntry) dossier(groups []string) (vault.Dossier, error) {
	d := vault.Dossier{Kind: vault.KindVendor}
	where := fmt.Sprintf("entry %d", e.position)
	var title, totp, user, password, url string
	var own []vault.Field // the entry's own fields, after the standard ones
	person := false
	for _, s := range e.strings {
		switch s.key {
		case "Title":
			if len(s.value) > maxTitle {
				return d, tooLong(where, "the title is", maxTitle, "KeePass")
			}
			title = s.value
		case "UserName":
			user = s.value
		case "Password":
			password = s.value
		case "URL":
			url = s.value
		case "Notes":
			d.Notes = s.value
		case "otp", "TimeOtp-Secret-Base32":
			totp = s.value
		case "TimeOtp-Secret", "TimeOtp-Secret-Hex", "TimeOtp-Algorithm", "TimeOtp-Length", "TimeOtp-Period", "KPXC_BROWSER_HIDE_ENTRY":
			// KeePass's other one-time password settings, and KeePassXC's
			// browser bookkeeping: nothing a person reads.
		default:
			label := strings.TrimSpace(s.key)
			if label == "" || strings.TrimSpace(s.value) == "" {
				continue
			}
			h := vault.ReadLabel(label)
			t, value := h.Type, s.value
			if _, err := vault.ReadDay(value); err == nil && h.Day {
				t, value = vault.TypeDate, vault.ReadValue(vault.TypeDate, value) // 14.03.2029 is kept as 2029-03-14
			}
			own = append(own, field(label, value, t, h.Secret || s.protected))
			if n := vault.NormalizeLabel(label); vault.LabelHas(n, "passport", "birth", "birthday", "dob", "born", "nationality") {
				person = true
			}
		}
	}
	// KeePass writes an entry's fields in the order of their names: the
	// login first, as the CSV has it, then the entry's own, then its key.
	addField(&d, "Username", user, vault.TypeText, false)
	addField(&d, "Password", password, vault.TypePassword, true)
	addField(&d, "Website", url, vault.TypeURL, false)
	for _, f := range own {
		d.Fields = append(d.Fields, f)
		if f.Type == vault.TypeDate && len(d.Dates) < maxDates {
			d.FollowField(f, "") // a passport's expiry, a birthday
		}
	}
	addField(&d, "TOTP", totp, vault.TypeText, true)
	if d.Title = collapse(title, maxTitleRunes, nil); d.Title == "" {
		d.Title = "Untitled entry"
	}
	if person {
		d.Kind = vault.KindClient
	}
	for t := range strings.FieldsFuncSeq(e.tags, func(r rune) bool { return r == ',' || r == ';' }) {
		if t = tag(t); t != "" && !slices.Contains(d.Tags, t) {
			d.Tags = append(d.Tags, t)
		}
	}
	if len(groups) > 1 { // below Root, as the CSV export writes it
		if t := tag(strings.Join(groups[1:], "/")); t != "" && !slices.Contains(d.Tags, t) {
			d.Tags = append(d.Tags, t)
		}
	}
	if e.expires {
		if on, ok := keepassTime(e.expiry); ok && len(d.Dates) < maxDates {
			d.Dates = append(d.Dates, vault.Date{Label: "Entry expires", On: on, Remind: vault.Period{Days: 14}})
		}
	}
	return d, nil
}

// keepassTime reads a time as KeePass writes it: ISO 8601 (KDBX 3), or the
// base64 of a little-endian count of seconds since 0001-01-01 (KDBX 4). It
// returns the day, in UTC.
func keepassTime(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return day(t.UTC())
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != 8 {
		return time.Time{}, false
	}
	secs := int64(binary.LittleEndian.Uint64(b))
	const maxSecs = 9999 * 366 * 24 * 3600
	if secs < 0 || secs > maxSecs {
		return time.Time{}, false
	}
	return day(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(secs/86400)))
}

// day returns t's day as the vault keeps days, if it takes it.
func day(t time.Time) (time.Time, bool) {
	on, err := vault.ParseDay(t.Format(time.DateOnly))
	return on, err == nil
}
