package importers

import (
	"encoding/json"
	"fmt"
	"strings"

	"confidant/vault"
)

type bwExport struct {
	Encrypted bool `json:"encrypted"`
	Folders   []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"folders"`
	Items *[]bwItem `json:"items"`
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
	Identity *map[string]*string `json:"identity"`
	Fields   []struct {
		Name  *string `json:"name"`
		Value *string `json:"value"`
		Type  int     `json:"type"` // 0 text, 1 hidden, 2 boolean, 3 linked
	} `json:"fields"`
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
func ParseBitwarden(data []byte) ([]vault.Dossier, error) {
	if len(data) > MaxInput {
		return nil, fmt.Errorf("%w: over %d MiB", ErrFormat, MaxInput>>20)
	}
	var ex bwExport
	if err := json.Unmarshal(data, &ex); err != nil {
		return nil, fmt.Errorf("%w: not a Bitwarden JSON export (%s)", ErrFormat, jsonWhere(err))
	}
	if ex.Encrypted {
		return nil, fmt.Errorf("%w: this Bitwarden export is encrypted; export again choosing the .json (unencrypted) format, import, then delete it", ErrFormat)
	}
	if ex.Items == nil {
		return nil, fmt.Errorf("%w: no \"items\"; is it a Bitwarden export?", ErrFormat)
	}
	if len(*ex.Items) > MaxRecords {
		return nil, fmt.Errorf("%w: more than %d items", ErrFormat, MaxRecords)
	}
	folders := map[string]string{}
	for _, f := range ex.Folders {
		folders[f.ID] = f.Name
	}
	var out []vault.Dossier
	for _, it := range *ex.Items {
		d := vault.Dossier{Title: title(it.Name, "Untitled item"), Notes: str(it.Notes)}
		if len(d.Notes) > maxValue {
			d.Notes = d.Notes[:maxValue]
		}
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
			if it.Identity != nil {
				id := *it.Identity
				g := func(k string) string { return str(id[k]) }
				name := strings.Join(nonEmpty([]string{g("title"), g("firstName"), g("middleName"), g("lastName")}), " ")
				addField(&d, "Full name", name, vault.TypeText, false)
				addField(&d, "Email", g("email"), vault.TypeEmail, false)
				addField(&d, "Phone", g("phone"), vault.TypePhone, false)
				addr := strings.Join(nonEmpty([]string{g("address1"), g("address2"), g("address3"),
					strings.Join(nonEmpty([]string{g("postalCode"), g("city")}), " "), g("state"), g("country")}), "\n")
				addField(&d, "Address", addr, vault.TypeMultiline, false)
				addField(&d, "Company", g("company"), vault.TypeText, false)
				addField(&d, "Username", g("username"), vault.TypeText, false)
				addField(&d, "Passport number", g("passportNumber"), vault.TypeText, true)
				addField(&d, "Licence number", g("licenseNumber"), vault.TypeText, true)
				addField(&d, "National ID", g("ssn"), vault.TypeText, true)
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
		if it.FolderID != nil {
			if t := tag(folders[*it.FolderID]); t != "" {
				d.Tags = []string{t}
			}
		}
		out = append(out, d)
	}
	return finish(out)
}

// jsonWhere says where JSON went wrong without quoting it.
func jsonWhere(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("syntax error at byte %d", e.Offset)
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("%q has the wrong type", e.Field)
	}
	return "not valid JSON"
}
