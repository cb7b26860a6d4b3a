package vault

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ID identifies a dossier, an attachment or a contact. It is 16 random bytes,
// never derived from content.
type ID [16]byte

// NewID returns a fresh random ID.
func NewID() ID {
	var id ID
	if _, err := rand.Read(id[:]); err != nil {
		panic("vault: random source failed: " + err.Error())
	}
	return id
}

// String returns the ID as 32 lowercase hex digits.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// Short returns the first 8 hex digits, enough to name a dossier in a list.
func (id ID) Short() string { return id.String()[:8] }

// IsZero reports whether id is the zero ID.
func (id ID) IsZero() bool { return id == ID{} }

// ParseID parses 32 hex digits.
func ParseID(s string) (ID, error) {
	var id ID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("%w: %q is not a dossier ID", ErrInvalid, s)
	}
	copy(id[:], b)
	return id, nil
}

// Kind is a dossier's template.
type Kind string

// The kinds of dossier.
const (
	KindClient  Kind = "client"
	KindTravel  Kind = "travel"
	KindHealth  Kind = "health"
	KindContact Kind = "contact"
	KindVendor  Kind = "vendor"
	KindNote    Kind = "note"
)

// Kinds lists every kind in the order a person picks from.
var Kinds = []Kind{KindClient, KindTravel, KindHealth, KindContact, KindVendor, KindNote}

// ParseKind accepts a kind's name, case-insensitively.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Kinds, k) {
		return k, nil
	}
	return "", fmt.Errorf("%w: kind %q (choose one of client, travel, health, contact, vendor, note)", ErrInvalid, s)
}

// Title returns the kind's name for people: "travel document" for travel.
func (k Kind) Title() string {
	switch k {
	case KindClient:
		return "client profile"
	case KindTravel:
		return "travel document"
	case KindHealth:
		return "health"
	case KindContact:
		return "contact"
	case KindVendor:
		return "vendor"
	case KindNote:
		return "secure note"
	}
	return string(k)
}

// FieldType says how a field's value is entered, checked and shown.
type FieldType string

// The field types.
const (
	TypeText      FieldType = "text"
	TypeMultiline FieldType = "multiline"
	TypeDate      FieldType = "date"
	TypePhone     FieldType = "phone"
	TypeEmail     FieldType = "email"
	TypeURL       FieldType = "url"
	TypePassword  FieldType = "password"
)

// FieldTypes lists every field type.
var FieldTypes = []FieldType{TypeText, TypeMultiline, TypeDate, TypePhone, TypeEmail, TypeURL, TypePassword}

// ParseFieldType accepts a type's name, case-insensitively.
func ParseFieldType(s string) (FieldType, error) {
	t := FieldType(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(FieldTypes, t) {
		return t, nil
	}
	return "", fmt.Errorf("%w: field type %q (choose one of text, multiline, date, phone, email, url, password)", ErrInvalid, s)
}

// Field is one labelled value of a dossier.
type Field struct {
	Label  string
	Value  string
	Type   FieldType
	Secret bool // masked until a person asks to see it
}

// Validate checks the value against the field's type. An empty value is
// valid: a template's proposed field may stay blank. The error never quotes
// the value.
func (f Field) Validate() error {
	if strings.TrimSpace(f.Label) == "" {
		return fmt.Errorf("%w: a field needs a label", ErrInvalid)
	}
	v := strings.TrimSpace(f.Value)
	if v == "" {
		return nil
	}
	bad := func(want string) error {
		return fmt.Errorf("%w: field %q should be %s", ErrInvalid, f.Label, want)
	}
	switch f.Type {
	case TypeDate:
		if _, err := ParseDay(v); err != nil {
			if _, err := ReadDay(v); errors.Is(err, ErrDayInDoubt) {
				return bad("a date like 2031-04-30: day and month are in doubt")
			}
			return bad("a date like 2031-04-30")
		}
	case TypeEmail:
		a, err := mail.ParseAddress(v)
		if err != nil || a.Address != v {
			return bad("an email address like name@example.com")
		}
	case TypePhone:
		digits := 0
		for _, r := range v {
			switch {
			case unicode.IsDigit(r):
				digits++
			case strings.ContainsRune("+-() ./x", r):
			default:
				return bad("a phone number like +44 20 7946 0958")
			}
		}
		if digits < 3 {
			return bad("a phone number like +44 20 7946 0958")
		}
	case TypeURL:
		u, err := url.Parse(v)
		if err != nil || u.Scheme == "" || (u.Host == "" && u.Opaque == "") {
			return bad("a web address like https://example.com")
		}
	case TypeText, TypeMultiline, TypePassword, "":
	default:
		return fmt.Errorf("%w: field %q has unknown type %q", ErrInvalid, f.Label, f.Type)
	}
	return nil
}

// ParseDay parses a calendar day written YYYY-MM-DD and returns midnight UTC.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		// The date is not quoted: a birthday is personal.
		return time.Time{}, fmt.Errorf("%w: a date should be written YYYY-MM-DD", ErrInvalid)
	}
	return t, nil
}

// ReadValue returns a value of a field of type t as it is kept, written the
// way people write it: a day (14.03.2029, 14 March 2029) as 2029-03-14, a
// web address without its scheme (example.com/portal) with https:// before
// it. A value it cannot read, or of another type, comes back unchanged, for
// [Field.Validate] to judge.
func ReadValue(t FieldType, s string) string {
	switch t {
	case TypeDate:
		if day, err := ReadDay(s); err == nil {
			return day
		}
	case TypeURL:
		v := strings.TrimSpace(s)
		if v == "" || strings.Contains(v, "://") || strings.ContainsAny(v, " \t\n") {
			return s
		}
		host, _, _ := strings.Cut(v, "/")
		if u, err := url.Parse("https://" + v); err == nil && strings.Contains(host, ".") && u.Host == host &&
			!strings.HasPrefix(host, ".") && !strings.HasSuffix(host, ".") {
			return u.String()
		}
	}
	return s
}

// dayLayouts are the ways of writing a day that ReadDay takes. Month names
// match in any case; a day or month number may have one digit or two.
var dayLayouts = []string{
	"2006-1-2", "2006/1/2", "2006.1.2", // the year first: the order is never in doubt
	"2.1.2006", // dots and the year last: day first, as dots are written
	"2 Jan 2006", "2 January 2006", "2-Jan-2006", "2 Jan, 2006", "2 January, 2006",
	"Jan 2 2006", "January 2 2006", "Jan 2, 2006", "January 2, 2006",
}

// NoYear is the year of a day whose year is not known: a contact's
// birthday given without it, which vCards write --04-12 and Apple's
// contacts keep in 1604 (a leap year, so that 29 February is a day). Such
// a day recurs yearly, and DayText writes it --04-12.
const NoYear = 1604

// DayText writes a day kept as YYYY-MM-DD for a person to read: as it is,
// or --MM-DD for a day of no known year.
func DayText(day string) string {
	if rest, ok := strings.CutPrefix(day, strconv.Itoa(NoYear)+"-"); ok && len(rest) == 5 {
		return "--" + rest
	}
	return day
}

// ReadDay reads a day as people write it and returns it written
// YYYY-MM-DD, the form dates are kept in: 2029-03-14, 2029/3/14,
// 14.03.2029, 14 March 2029, Mar 14, 2029, and 14/03/2029 or 03/14/2029,
// where a number over 12 says which is the day; --03-14 or --0314, a day
// of no known year, as 1604-03-14 (NoYear). Otherwise a day written
// with slashes and the year last (03/04/2029) is refused, since it is the
// 3rd of April in most of the world and March 4th in the US; so is a year
// of two digits.
func ReadDay(s string) (string, error) {
	if strings.TrimSpace(s) != s || strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r\v\f") {
		s = strings.Join(strings.Fields(s), " ")
	}
	if md, ok := strings.CutPrefix(s, "--"); ok { // a day of no known year
		if len(md) == 4 {
			md = md[:2] + "-" + md[2:]
		}
		day := fmt.Sprintf("%d-%s", NoYear, md)
		if len(md) != 5 || md[2] != '-' || strings.Trim(md[:2]+md[3:], "0123456789") != "" {
			return "", errNotADay
		}
		if _, err := ParseDay(day); err != nil {
			return "", errNotADay
		}
		return day, nil
	}
	if a, b, year, ok := slashedDay(s); ok {
		d, m := a, b
		switch {
		case a == b:
		case a > 12 && b <= 12:
		case b > 12 && a <= 12:
			d, m = b, a
		default:
			return "", ErrDayInDoubt
		}
		day := fmt.Sprintf("%s-%02d-%02d", year, m, d)
		if _, err := ParseDay(day); err != nil { // 31/02
			return "", errNotADay
		}
		return day, nil
	}
	// Only layouts that could take s are tried, since each that fails
	// allocates its error: a spreadsheet's import asks of every value of
	// some columns whether it is a day. No layout takes more than 18
	// bytes ("30 September, 2029"); each needs four digits (a day of one
	// and a year of four, or three after a sign); one with a month's name
	// needs a letter and one without none; one without needs its
	// separator.
	digits := 0
	for i := range len(s) {
		if '0' <= s[i] && s[i] <= '9' {
			digits++
		}
	}
	if len(s) <= 18 && digits >= 4 {
		letters := strings.ContainsFunc(s, unicode.IsLetter)
		for _, layout := range dayLayouts {
			named := strings.ContainsFunc(layout, unicode.IsLetter)
			if named != letters || (!named && !strings.ContainsRune(s, rune(layout[strings.IndexAny(layout, "-/.")]))) {
				continue
			}
			if t, err := time.Parse(layout, s); err == nil {
				return t.Format(time.DateOnly), nil
			}
		}
	}
	return "", errNotADay
}

var errNotADay = fmt.Errorf("%w: a date should be written YYYY-MM-DD or DD.MM.YYYY", ErrInvalid)

// ErrDayInDoubt is ReadDay's error for a day written with slashes whose
// day and month could be either way round.
var ErrDayInDoubt = fmt.Errorf("%w: with slashes, day and month are in doubt (03/04 is the 3rd of April, or March 4th): write YYYY-MM-DD or DD.MM.YYYY", ErrInvalid)

// slashedDay reads s as two numbers of one or two digits and a year of
// four, between slashes: 14/03/2029.
func slashedDay(s string) (a, b int, year string, ok bool) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[2]) != 4 {
		return 0, 0, "", false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return 0, 0, "", false
		}
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 {
		return 0, 0, "", false
	}
	a, _ = strconv.Atoi(parts[0])
	b, _ = strconv.Atoi(parts[1])
	return a, b, parts[2], a >= 1 && b >= 1 && a <= 31 && b <= 31
}

// Period is how long before a date to remind: "6m", "1w", "10d", "1y2m".
type Period struct {
	Years, Months, Days int
}

// ParsePeriod parses numbers with units d (days), w (weeks), m (months) and
// y (years), one after another: "6m", "1y6m", "10d". An empty string is the
// zero period.
func ParsePeriod(s string) (Period, error) {
	var p Period
	s = strings.ToLower(strings.TrimSpace(s))
	rest := s
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) || i > 4 {
			return Period{}, fmt.Errorf("%w: reminder %q should look like 6m, 2w, 10d or 1y", ErrInvalid, s)
		}
		n, _ := strconv.Atoi(rest[:i])
		switch rest[i] {
		case 'd':
			p.Days += n
		case 'w':
			p.Days += 7 * n
		case 'm':
			p.Months += n
		case 'y':
			p.Years += n
		default:
			return Period{}, fmt.Errorf("%w: reminder %q should look like 6m, 2w, 10d or 1y", ErrInvalid, s)
		}
		rest = rest[i+1:]
	}
	if !p.valid() {
		return Period{}, fmt.Errorf("%w: a reminder reaches at most 100 years ahead", ErrInvalid)
	}
	return p, nil
}

// valid reports whether the period is at most 100 years in each unit,
// none negative: what a dossier's record keeps (its reader refuses
// more than 100,000 of a unit, and "9999w9999w" once made a dossier that
// saved and never opened again).
func (p Period) valid() bool {
	return p.Years >= 0 && p.Months >= 0 && p.Days >= 0 && p.Years <= 100 && p.Months <= 1200 && p.Days <= 36525
}

// IsZero reports whether the period is empty.
func (p Period) IsZero() bool { return p == Period{} }

// String writes the period the way [ParsePeriod] reads it.
func (p Period) String() string {
	var b strings.Builder
	if p.Years != 0 {
		fmt.Fprintf(&b, "%dy", p.Years)
	}
	if p.Months != 0 {
		fmt.Fprintf(&b, "%dm", p.Months)
	}
	switch {
	case p.Days != 0 && p.Days%7 == 0:
		fmt.Fprintf(&b, "%dw", p.Days/7)
	case p.Days != 0:
		fmt.Fprintf(&b, "%dd", p.Days)
	}
	return b.String()
}

// Before returns the day p before t.
func (p Period) Before(t time.Time) time.Time { return t.AddDate(-p.Years, -p.Months, -p.Days) }

// Date is an important date of a dossier: a passport's expiry, a birthday.
type Date struct {
	Label  string
	On     time.Time // a calendar day, midnight UTC
	Remind Period    // how long before it to remind
	Yearly bool      // recurs every year (birthdays, anniversaries)
}

// Next returns the next occurrence of the date on or after the day of now:
// for a yearly date (or one of no known year) its next anniversary,
// otherwise the date itself (which may be in the past).
func (d Date) Next(now time.Time) time.Time {
	if !d.Yearly && d.On.Year() != NoYear {
		return d.On
	}
	today := day(now)
	y := today.Year()
	for {
		t := time.Date(y, d.On.Month(), d.On.Day(), 0, 0, 0, 0, time.UTC)
		if t.Month() != d.On.Month() { // 29 February in a common year
			t = time.Date(y, d.On.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		}
		if !t.Before(today) {
			return t
		}
		y++
	}
}

// Due reports whether now is on or after the reminder day of the date's next
// occurrence. A date that is not yearly stays due once passed, since an
// expired passport still needs attention.
func (d Date) Due(now time.Time) bool {
	next := d.Next(now)
	today := day(now)
	return !today.Before(d.Remind.Before(next))
}

// LooksYearly reports whether a date's label names something that recurs
// every year: a birthday or an anniversary.
func LooksYearly(label string) bool {
	l := strings.ToLower(label)
	return strings.Contains(l, "birthday") || strings.Contains(l, "anniversary") || strings.Contains(l, "born")
}

// ImpliedDate returns the important date a date field stands for, if its
// label names one: an expiry ("Expires", as a travel document proposes, or
// "Passport expiry") reminded six months ahead, or a date of birth ("Date
// of birth", as a client profile proposes, or "Birthday") as a yearly
// birthday reminded two weeks ahead, and an anniversary ("Wedding
// anniversary") as yearly too. An expiry's label may name what
// expires before the word, as in "Visa expires"; nothing may follow it.
// The field must hold a valid day. The interface's form uses it to offer
// the reminder that such a field wants, which the person may then change.
func ImpliedDate(f Field) (Date, bool) {
	if f.Type != TypeDate {
		return Date{}, false
	}
	day := f.Value
	if strings.HasPrefix(strings.TrimSpace(day), "--") { // as an editor shows a day of no known year
		day, _ = ReadDay(day)
	}
	on, err := ParseDay(day)
	if err != nil {
		return Date{}, false
	}
	switch dateLabel(f.Label) {
	case labelExpiry:
		return Date{Label: strings.TrimSpace(f.Label), On: on, Remind: Period{Months: 6}}, true
	case labelBirth:
		return Date{Label: "Birthday", On: on, Remind: Period{Days: 14}, Yearly: true}, true
	case labelAnniversary:
		return Date{Label: strings.TrimSpace(f.Label), On: on, Remind: Period{Days: 14}, Yearly: true}, true
	}
	return Date{}, false
}

type labelKind int

const (
	labelOther labelKind = iota
	labelExpiry
	labelBirth
	labelAnniversary
)

func dateLabel(label string) labelKind {
	l := strings.Join(strings.Fields(strings.ToLower(label)), " ")
	for _, e := range []string{"expires", "expiry", "expiry date", "expiration", "expiration date", "valid until", "expires on"} {
		if l == e || strings.HasSuffix(l, " "+e) {
			return labelExpiry
		}
	}
	switch {
	case l == "date of birth" || l == "birth date" || l == "birthdate" || l == "born" || l == "birthday" || l == "dob":
		return labelBirth
	case l == "anniversary" || strings.HasSuffix(l, " anniversary"):
		return labelAnniversary
	}
	return labelOther
}

// FollowField keeps d's important dates in step with its date field f,
// whose value was was before a change, as the interface's form does when a
// field is left: a field that implies a date ([ImpliedDate]) gets it,
// reminder included, unless some date is on that day already; a date of the
// implied label that was on the earlier day moves with it; one of that
// label on another day was set apart by the person and stays. A field whose
// value did not change proposes nothing, so that a removed date stays
// removed.
func (d *Dossier) FollowField(f Field, was string) {
	if strings.TrimSpace(f.Value) == strings.TrimSpace(was) {
		return
	}
	implied, ok := ImpliedDate(f)
	if !ok {
		return
	}
	var wasDay time.Time
	if was = strings.TrimSpace(was); was != "" {
		wasDay, _ = ParseDay(was)
	}
	for i := range d.Dates {
		if strings.EqualFold(strings.TrimSpace(d.Dates[i].Label), implied.Label) {
			if d.Dates[i].On.Equal(wasDay) {
				d.Dates[i].On = implied.On
			}
			return
		}
	}
	for _, x := range d.Dates {
		if x.On.Equal(implied.On) {
			return
		}
	}
	d.Dates = append(d.Dates, implied)
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Attachment describes a file kept with a dossier. Its content is sealed
// separately and read with [Store.Attachment].
type Attachment struct {
	ID        ID
	Name      string
	MediaType string
	Size      int64
	SHA256    [32]byte
	Added     time.Time
}

// MaxAttachmentSize is the largest attachment a dossier accepts.
const MaxAttachmentSize = 16 << 20

// Provenance records where an imported dossier came from.
type Provenance struct {
	Source   string    // what was imported: a file's name and SHA-256
	From     string    // who sent it, if the file said
	Imported time.Time // when
}

// Dossier is one client, contact, vendor or note.
//
// Dossiers returned by [Store.List] and [Store.Search] share memory with the
// store and must be treated as read-only; [Store.Get] returns a copy that may
// be changed and passed to [Store.Save].
type Dossier struct {
	ID          ID
	Version     uint64 // counts saves, from 1
	Title       string
	Kind        Kind
	Fields      []Field
	Notes       string
	Tags        []string
	Dates       []Date
	Attachments []Attachment
	Created     time.Time
	Updated     time.Time
	Reviewed    time.Time
	Provenance  *Provenance
}

// New returns an empty dossier of kind k with the template's proposed fields,
// their values blank.
func New(title string, k Kind) Dossier {
	return Dossier{Title: title, Kind: k, Fields: Template(k)}
}

// Template returns the fields a kind proposes, with blank values.
func Template(k Kind) []Field {
	t := func(label string, typ FieldType, secret bool) Field {
		return Field{Label: label, Type: typ, Secret: secret}
	}
	switch k {
	case KindClient:
		return []Field{t("Full name", TypeText, false), t("Email", TypeEmail, false), t("Phone", TypePhone, false),
			t("Address", TypeMultiline, false), t("Date of birth", TypeDate, false), t("Company", TypeText, false),
			t("Role", TypeText, false)}
	case KindTravel:
		return []Field{t("Holder", TypeText, false), t("Document", TypeText, false), t("Number", TypeText, true),
			t("Issuing country", TypeText, false), t("Issued", TypeDate, false), t("Expires", TypeDate, false)}
	case KindHealth:
		return []Field{t("Blood type", TypeText, true), t("Allergies", TypeMultiline, true),
			t("Medications", TypeMultiline, true), t("Doctor", TypeText, false), t("Doctor phone", TypePhone, false),
			t("Insurance number", TypeText, true)}
	case KindContact:
		return []Field{t("Name", TypeText, false), t("Relationship", TypeText, false), t("Phone", TypePhone, false),
			t("Email", TypeEmail, false), t("Address", TypeMultiline, false)}
	case KindVendor:
		return []Field{t("Company", TypeText, false), t("Contact", TypeText, false), t("Phone", TypePhone, false),
			t("Email", TypeEmail, false), t("Website", TypeURL, false), t("Account number", TypeText, true)}
	}
	return nil
}

// TemplateField returns the field a kind proposes under label (compared
// case-insensitively), if any.
func TemplateField(k Kind, label string) (Field, bool) {
	for _, f := range Template(k) {
		if strings.EqualFold(f.Label, strings.TrimSpace(label)) {
			return f, true
		}
	}
	return Field{}, false
}

// MainSecret returns the index of the field a copy takes when the person
// names none (`confidant copy TITLE`, y on the list): the Password field,
// else the only secret field that holds a value. It returns -1 when there
// is no such field, with how many secret fields hold a value.
func (d *Dossier) MainSecret() (i, secrets int) {
	i = -1
	for j, f := range d.Fields {
		if (f.Secret || f.Type == TypePassword) && strings.TrimSpace(f.Value) != "" {
			if secrets++; secrets == 1 {
				i = j
			}
		}
	}
	if p := d.FieldIndex("Password"); p >= 0 && strings.TrimSpace(d.Fields[p].Value) != "" {
		return p, secrets
	}
	if secrets != 1 {
		return -1, secrets
	}
	return i, secrets
}

// Field returns the first field labelled label (case-insensitively).
func (d *Dossier) Field(label string) (Field, bool) {
	if i := d.FieldIndex(label); i >= 0 {
		return d.Fields[i], true
	}
	return Field{}, false
}

// FieldIndex returns the index of the first field labelled label
// (case-insensitively), or -1.
func (d *Dossier) FieldIndex(label string) int {
	for i, f := range d.Fields {
		if strings.EqualFold(f.Label, strings.TrimSpace(label)) {
			return i
		}
	}
	return -1
}

// HasTag reports whether the dossier carries tag (case-insensitively).
func (d *Dossier) HasTag(tag string) bool { return hasTag(d.Tags, tag) }

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// NextDate returns the dossier's date that comes first from now, and false
// if it has none. A day already passed that still needs attention (Due: an
// expired passport) comes before any still ahead: list and the interface's
// sort by date once left it out, so the most urgent date of all was the one
// not shown.
func (d *Dossier) NextDate(now time.Time) (Date, bool) { return nextDate(d.Dates, now) }

func nextDate(dates []Date, now time.Time) (Date, bool) {
	var best Date
	found := false
	today := day(now)
	for _, dt := range dates {
		n := dt.Next(now)
		if n.Before(today) && !dt.Due(now) {
			continue
		}
		if !found || n.Before(best.Next(now)) {
			best, found = dt, true
		}
	}
	return best, found
}

// Due returns the dossier's dates that are inside their reminder window.
func (d *Dossier) Due(now time.Time) []Date {
	var due []Date
	for _, dt := range d.Dates {
		if dt.Due(now) {
			due = append(due, dt)
		}
	}
	return due
}

// Validate checks the title, kind, fields, tags and dates.
func (d *Dossier) Validate() error {
	if strings.TrimSpace(d.Title) == "" {
		return fmt.Errorf("%w: a dossier needs a title", ErrInvalid)
	}
	if what := d.OverLimit(); what != "" {
		return fmt.Errorf("%w: %s", ErrInvalid, what)
	}
	if what := d.notText(); what != "" {
		return fmt.Errorf("%w: %s is not UTF-8 text (is the terminal or the file in another encoding?)", ErrInvalid, what)
	}
	if _, err := ParseKind(string(d.Kind)); err != nil {
		return err
	}
	for _, f := range d.Fields {
		if err := f.Validate(); err != nil {
			return err
		}
	}
	for _, t := range d.Tags {
		if strings.TrimSpace(t) == "" || strings.ContainsAny(t, ",\n") {
			return fmt.Errorf("%w: a tag must not be empty or hold a comma", ErrInvalid)
		}
	}
	for _, dt := range d.Dates {
		if strings.TrimSpace(dt.Label) == "" {
			return fmt.Errorf("%w: a date needs a label", ErrInvalid)
		}
		if dt.On.IsZero() {
			return fmt.Errorf("%w: date %q has no day", ErrInvalid, dt.Label)
		}
		if !dt.Remind.valid() {
			return fmt.Errorf("%w: date %q: a reminder reaches at most 100 years ahead", ErrInvalid, dt.Label)
		}
	}
	return nil
}

// OverLimit says what of d is over the limits every dossier keeps, or
// returns "". They are the limits a backup or a handoff is read back with
// (docs/FORMAT.md, "Limits"): a vault that took more would write backups
// that cannot be restored.
func (d *Dossier) OverLimit() string {
	switch {
	case len(d.Title) > maxTitle:
		return "the title is longer than " + sizeText(maxTitle)
	case len(d.Notes) > maxValue:
		return "the notes are longer than " + sizeText(maxValue)
	case len(d.Fields) > maxFields:
		return fmt.Sprintf("it has more than %d fields", maxFields)
	case len(d.Tags) > maxTags:
		return fmt.Sprintf("it has more than %d tags", maxTags)
	case len(d.Dates) > maxDates:
		return fmt.Sprintf("it has more than %d dates", maxDates)
	case len(d.Attachments) > maxAttachments:
		return fmt.Sprintf("it has more than %d attachments", maxAttachments)
	}
	for i, f := range d.Fields {
		if len(f.Label) > maxLabel {
			return fmt.Sprintf("the label of field %d is longer than %s", i+1, sizeText(maxLabel))
		}
		if len(f.Value) > maxValue {
			return fmt.Sprintf("field %d is longer than %s", i+1, sizeText(maxValue))
		}
	}
	for _, t := range d.Tags {
		if len(t) > maxLabel {
			return "a tag is longer than " + sizeText(maxLabel)
		}
	}
	for _, dt := range d.Dates {
		if len(dt.Label) > maxLabel {
			return "a date's label is longer than " + sizeText(maxLabel)
		}
	}
	for _, a := range d.Attachments {
		if len(a.Name) > maxLabel || len(a.MediaType) > maxLabel {
			return "an attachment's name or type is longer than " + sizeText(maxLabel)
		}
	}
	if p := d.Provenance; p != nil && (len(p.Source) > maxTitle || len(p.From) > maxTitle) {
		return "its provenance is longer than " + sizeText(maxTitle)
	}
	return ""
}

// notText names the first part of d that is not valid UTF-8, or returns
// "". A backup carries text as JSON, which has no other bytes: such a part
// would come back changed, and longer (a byte becomes U+FFFD, three bytes),
// past a limit it was under.
func (d *Dossier) notText() string {
	switch {
	case !utf8.ValidString(d.Title):
		return "the title"
	case !utf8.ValidString(d.Notes):
		return "the notes"
	}
	for i, f := range d.Fields {
		if !utf8.ValidString(f.Label) || !utf8.ValidString(f.Value) {
			return fmt.Sprintf("field %d", i+1)
		}
	}
	for _, t := range d.Tags {
		if !utf8.ValidString(t) {
			return "a tag"
		}
	}
	for _, dt := range d.Dates {
		if !utf8.ValidString(dt.Label) {
			return "a date's label"
		}
	}
	return ""
}

// Like returns a new dossier like d, titled title: d's kind, fields (secret
// values too), tags, dates and notes, with no ID, version, times, review,
// provenance or attachments (an attachment stays with d), for [Store.Add]:
// a second passport of one holder, a spouse's profile at the same address.
func (d Dossier) Like(title string) Dossier {
	c := d.Clone()
	c.ID, c.Version, c.Title = ID{}, 0, title
	c.Created, c.Updated, c.Reviewed = time.Time{}, time.Time{}, time.Time{}
	c.Attachments, c.Provenance = nil, nil
	return c
}

// Clone returns a deep copy.
func (d Dossier) Clone() Dossier {
	c := d
	c.Fields = slices.Clone(d.Fields)
	c.Tags = slices.Clone(d.Tags)
	c.Dates = slices.Clone(d.Dates)
	c.Attachments = slices.Clone(d.Attachments)
	if d.Provenance != nil {
		p := *d.Provenance
		c.Provenance = &p
	}
	return c
}

// matches reports whether every term (folded, see [Fold]) occurs in what
// [Store.Search] looks in: title, kind, tags, field labels, values of fields
// that are not secret, notes, date labels and attachment names. A term
// never spans two of them.
// As in the interface's filter, a term "#vip" asks for a tag that begins
// with vip, and "kind:tra" for a kind that does.
func (d *Dossier) matches(terms []string) bool {
	for _, t := range terms {
		switch {
		case len(t) > 1 && t[0] == '#':
			if !slices.ContainsFunc(d.Tags, func(tag string) bool { return strings.HasPrefix(Fold(tag), t[1:]) }) {
				return false
			}
		case strings.HasPrefix(t, "kind:"):
			if k := t[len("kind:"):]; !strings.HasPrefix(string(d.Kind), k) && !strings.HasPrefix(Fold(d.Kind.Title()), k) {
				return false
			}
		case !d.contains(t):
			return false
		}
	}
	return true
}

func (d *Dossier) contains(t string) bool {
	if containsFold(d.Title, t) || containsFold(string(d.Kind), t) || containsFold(d.Notes, t) {
		return true
	}
	for _, tag := range d.Tags {
		if containsFold(tag, t) {
			return true
		}
	}
	for _, f := range d.Fields {
		if containsFold(f.Label, t) || !f.Secret && containsFold(f.Value, t) {
			return true
		}
	}
	for _, dt := range d.Dates {
		if containsFold(dt.Label, t) {
			return true
		}
	}
	for _, a := range d.Attachments {
		if containsFold(a.Name, t) {
			return true
		}
	}
	return false
}

// containsFold reports whether Fold(s) contains t, which is folded. For
// ASCII it folds as it compares instead of copying s.
func containsFold(s, t string) bool {
	if len(t) == 0 {
		return true
	}
	if !isASCII(s) || !isASCII(t) {
		// Folding can change lengths, and maps non-ASCII letters (é, the
		// Kelvin sign) to ASCII ones.
		return strings.Contains(Fold(s), t)
	}
	return indexFoldASCII(s, t) >= 0
}

// indexFoldASCII returns where in s the folded t first occurs, or -1; both
// are ASCII, and t is not empty.
func indexFoldASCII(s, t string) int {
	first, firstUpper := t[0], t[0]
	if 'a' <= first && first <= 'z' {
		firstUpper -= 'a' - 'A'
	}
	for i := 0; i+len(t) <= len(s); i++ {
		if c := s[i]; (c == first || c == firstUpper) && hasPrefixFoldASCII(s[i+1:], t[1:]) {
			return i
		}
	}
	return -1
}

func hasPrefixFoldASCII(s, t string) bool {
	for j := 0; j < len(t); j++ {
		c := s[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != t[j] {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
