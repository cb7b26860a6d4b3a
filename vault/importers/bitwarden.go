package importers

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"confidant/vault"
)

type bwFolder struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type bwItem struct {
	Type     int     `json:"type"` // 1 login, 2 secure note, 3 card, 4 identity
	Name     string  `json:"name"`
	Notes    *string `json:"notes"`
	FolderID *string `json:"folderId"`
	Login    *struct {
		Username *string `json:"username"`
		Password *string `json:"password"`
		TOTP     *string `json:"totp"`
		URIs     []struct {
			URI *string `json:"uri"`
		} `json:"uris"`
	} `json:"login"`
	Card *struct {
		Cardholder *string `json:"cardholderName"`
		Brand      *string `json:"brand"`
		Number     *string `json:"number"`
		ExpMonth   *string `json:"expMonth"`
		ExpYear    *string `json:"expYear"`
		Code       *string `json:"code"`
	} `json:"card"`
	Identity *bwIdentity `json:"identity"`
	Fields   []struct {
		Name  *string `json:"name"`
		Value *string `json:"value"`
		Type  int     `json:"type"` // 0 text, 1 hidden, 2 boolean, 3 linked
	} `json:"fields"`
}

// bwIdentity holds the keys of an identity the parser reads; others are
// skipped as they are decoded, not kept.
type bwIdentity struct {
	Title, FirstName, MiddleName, LastName *string
	Email, Phone, Company, Username        *string
	Address1, Address2, Address3           *string
	PostalCode, City, State, Country       *string
	PassportNumber, LicenseNumber          *string
	SSN                                    *string `json:"ssn"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ParseBitwarden reads a Bitwarden unencrypted JSON export (Tools → Export
// vault → .json). Logins and cards become vendor dossiers, identities client
// dossiers, secure notes notes; passwords, TOTP seeds, card numbers and
// codes, identity numbers and hidden custom fields are secret fields, the
// folder a tag. An encrypted export is refused with a hint.
//
// It decodes the lists of folders and items one element at a time, and
// refuses an element of more than 4 MiB of JSON before decoding it.
func ParseBitwarden(data []byte) ([]vault.Dossier, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	p := bwParser{r: &boundedReader{data: data}}
	p.dec = json.NewDecoder(p.r)
	if t, err := p.token(); err != nil {
		return nil, p.fail(err, "")
	} else if t != json.Delim('{') {
		return nil, fmt.Errorf("%w: not a Bitwarden JSON export (it is not a JSON object)", ErrFormat)
	}
	folders := map[string]string{}
	var out []vault.Dossier
	var folderOf []*string // each dossier's folder ID
	sawItems := false
	for p.more() {
		t, err := p.token()
		if err != nil {
			return nil, p.fail(err, "")
		}
		key, _ := t.(string)
		switch {
		case strings.EqualFold(key, "encrypted"):
			var encrypted bool
			if err := p.decode(&encrypted); err != nil {
				return nil, p.fail(err, "encrypted")
			}
			if encrypted {
				return nil, fmt.Errorf("%w: this Bitwarden export is encrypted; export again choosing the .json (unencrypted) format, import, then delete it", ErrFormat)
			}
		case strings.EqualFold(key, "folders"):
			_, err = p.list("folders", func(i int) error {
				if i >= MaxRecords {
					return fmt.Errorf("%w: more than %d folders; is it a Bitwarden export?", ErrFormat, MaxRecords)
				}
				var f bwFolder
				if err := p.decode(&f); err != nil {
					return p.fail(err, "folders")
				}
				folders[f.ID] = f.Name
				return nil
			})
		case strings.EqualFold(key, "items"):
			if sawItems {
				return nil, fmt.Errorf("%w: not a Bitwarden JSON export (\"items\" appears twice)", ErrFormat)
			}
			sawItems, err = p.list("items", func(i int) error {
				if len(out) >= MaxRecords {
					return fmt.Errorf("%w: more than %d items; export fewer at a time", ErrFormat, MaxRecords)
				}
				var it bwItem
				if err := p.decode(&it); errors.Is(err, errTooLarge) {
					return fmt.Errorf("%w: item %d is larger than %s of JSON, and a note or a field holds at most %s; shorten it in Bitwarden and export again",
						ErrFormat, i+1, size(maxItem), size(maxValue))
				} else if err != nil {
					return p.fail(err, "items")
				}
				d := bwDossier(&it)
				if what := overLimit(&d); what != "" {
					return fmt.Errorf("%w: item %d: %s; shorten it in Bitwarden and export again", ErrFormat, i+1, what)
				}
				out, folderOf = append(out, d), append(folderOf, it.FolderID)
				return nil
			})
		default:
			err = p.decode(new(skip))
			if err != nil {
				err = p.fail(err, key)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if _, err := p.token(); err != nil { // the closing brace
		return nil, p.fail(err, "")
	}
	if _, err := p.token(); err != io.EOF {
		return nil, fmt.Errorf("%w: not a Bitwarden JSON export (more follows the export at byte %d)", ErrFormat, p.dec.InputOffset())
	}
	if !sawItems {
		return nil, fmt.Errorf("%w: no \"items\"; is it a Bitwarden export?", ErrFormat)
	}
	for i, id := range folderOf {
		if id != nil {
			if t := tag(folders[*id]); t != "" {
				out[i].Tags = []string{t}
			}
		}
	}
	return finish(out)
}

// errTooLarge is a JSON value of more than maxItem bytes.
var errTooLarge = errors.New("a JSON value is too large")

// boundedReader hands data to a json.Decoder, but not past limit: the
// decoder holds a whole value in its buffer before decoding it, so a value
// larger than maxItem would be copied whole first.
type boundedReader struct {
	data       []byte
	off, limit int
}

func (r *boundedReader) Read(b []byte) (int, error) {
	if r.off >= len(r.data) {
		return 0, io.EOF
	}
	if r.off >= r.limit {
		return 0, errTooLarge
	}
	n := copy(b[:min(len(b), r.limit-r.off)], r.data[r.off:])
	r.off += n
	return n, nil
}

// bwParser reads a Bitwarden export a token or an element at a time.
type bwParser struct {
	r   *boundedReader
	dec *json.Decoder
	at  int64 // where the value being read starts
}

// allow lets the decoder read one more value of up to maxItem bytes.
func (p *bwParser) allow() {
	p.at = p.dec.InputOffset()
	p.r.limit = int(p.at) + maxItem
}

func (p *bwParser) token() (json.Token, error) {
	p.allow()
	return p.dec.Token()
}

func (p *bwParser) more() bool {
	p.allow()
	return p.dec.More()
}

func (p *bwParser) decode(v any) error {
	p.allow()
	return p.dec.Decode(v)
}

// list reads a list, calling each for each element, which it must read. It
// returns false for null.
func (p *bwParser) list(name string, each func(i int) error) (bool, error) {
	t, err := p.token()
	if err != nil {
		return false, p.fail(err, name)
	}
	if t == nil {
		return false, nil
	}
	if t != json.Delim('[') {
		return false, fmt.Errorf("%w: not a Bitwarden JSON export (%q has the wrong type)", ErrFormat, name)
	}
	for i := 0; p.more(); i++ {
		if err := each(i); err != nil {
			return false, err
		}
	}
	if _, err := p.token(); err != nil {
		return false, p.fail(err, name)
	}
	return true, nil
}

// fail explains an error of the decoder, in what (a key), without quoting
// the input.
func (p *bwParser) fail(err error, what string) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, errTooLarge):
		return fmt.Errorf("%w: not a Bitwarden JSON export (a value at byte %d is larger than %s)", ErrFormat, p.at, size(maxItem))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: not a Bitwarden JSON export (it ends too soon, at byte %d)", ErrFormat, len(p.r.data))
	case errors.As(err, &se):
		off := se.Offset
		if off < p.at { // Decode counts from the value's start, Token from the file's
			off += p.at
		}
		return fmt.Errorf("%w: not a Bitwarden JSON export (syntax error at byte %d)", ErrFormat, off)
	case errors.As(err, &te):
		field := what
		if te.Field != "" {
			field = strings.TrimPrefix(what+"."+te.Field, ".")
		}
		return fmt.Errorf("%w: not a Bitwarden JSON export (%q has the wrong type)", ErrFormat, field)
	}
	return fmt.Errorf("%w: not a Bitwarden JSON export (not valid JSON)", ErrFormat)
}

// skip is a JSON value read and left out: the decoder checks it and hands
// it over without copying it.
type skip struct{}

func (skip) UnmarshalJSON([]byte) error { return nil }

// bwDossier makes an item's dossier, without its folder's tag.
func bwDossier(it *bwItem) vault.Dossier {
	d := vault.Dossier{Title: title(it.Name, "Untitled item"), Notes: str(it.Notes)}
	switch it.Type {
	case 1:
		d.Kind = vault.KindVendor
		if l := it.Login; l != nil {
			addField(&d, "Username", str(l.Username), vault.TypeText, false)
			addField(&d, "Password", str(l.Password), vault.TypePassword, true)
			addField(&d, "TOTP", str(l.TOTP), vault.TypeText, true)
			for i, u := range l.URIs {
				label := "Website"
				if i > 0 {
					label = fmt.Sprintf("Website %d", i+1)
				}
				addField(&d, label, str(u.URI), vault.TypeURL, false)
			}
		}
	case 3:
		d.Kind = vault.KindVendor
		if c := it.Card; c != nil {
			addField(&d, "Cardholder", str(c.Cardholder), vault.TypeText, false)
			addField(&d, "Brand", str(c.Brand), vault.TypeText, false)
			addField(&d, "Card number", str(c.Number), vault.TypeText, true)
			if m, y := str(c.ExpMonth), str(c.ExpYear); m != "" || y != "" {
				addField(&d, "Expires", strings.Trim(m+"/"+y, "/"), vault.TypeText, false)
			}
			addField(&d, "Security code", str(c.Code), vault.TypeText, true)
		}
	case 4:
		d.Kind = vault.KindClient
		if id := it.Identity; id != nil {
			name := strings.Join(nonEmpty([]string{str(id.Title), str(id.FirstName), str(id.MiddleName), str(id.LastName)}), " ")
			addField(&d, "Full name", name, vault.TypeText, false)
			addField(&d, "Email", str(id.Email), vault.TypeEmail, false)
			addField(&d, "Phone", str(id.Phone), vault.TypePhone, false)
			addr := strings.Join(nonEmpty([]string{str(id.Address1), str(id.Address2), str(id.Address3),
				strings.Join(nonEmpty([]string{str(id.PostalCode), str(id.City)}), " "), str(id.State), str(id.Country)}), "\n")
			addField(&d, "Address", addr, vault.TypeMultiline, false)
			addField(&d, "Company", str(id.Company), vault.TypeText, false)
			addField(&d, "Username", str(id.Username), vault.TypeText, false)
			addField(&d, "Passport number", str(id.PassportNumber), vault.TypeText, true)
			addField(&d, "Licence number", str(id.LicenseNumber), vault.TypeText, true)
			addField(&d, "National ID", str(id.SSN), vault.TypeText, true)
		}
	default: // 2, secure note, and anything newer
		d.Kind = vault.KindNote
	}
	for i, f := range it.Fields {
		if i >= 200 {
			break
		}
		label := strings.TrimSpace(str(f.Name))
		if label == "" {
			label = "Custom field"
		}
		if d.FieldIndex(label) >= 0 {
			label = fmt.Sprintf("%s (%d)", label, i+1)
		}
		addField(&d, title(label, "Custom field"), str(f.Value), vault.TypeText, f.Type == 1)
	}
	return d
}
