package ui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"rsc.io/qr"

	"confidant/vault"
)

// TestQRContent: a Wi-Fi password beside the network's name is the join
// code, its reserved characters escaped; a one-time password key is the
// otpauth URI an authenticator adds (named by the title and username, or
// as the field holds it); anything else is its value.
func TestQRContent(t *testing.T) {
	wifi := vault.New("Villa", vault.KindNote)
	wifi.Fields = []vault.Field{{Label: "Wi-Fi name", Value: "Villa; Guest"}, {Label: "Password", Value: `p4ss,wo:rd"\`, Secret: true}, {Label: "Router", Value: "Fritz"}}
	bank := vault.New("Bank & Trust", vault.KindVendor)
	bank.Fields = []vault.Field{{Label: "Username", Value: "ana"}, {Label: "TOTP", Value: "JBSWY3DPEHPK3PXP", Secret: true},
		{Label: "2FA", Value: "otpauth://totp/Bank:ana?secret=JBSWY3DPEHPK3PXP&issuer=Bank"}, {Label: "Password", Value: "hunter2hunter2", Secret: true}}
	for _, c := range []struct {
		d                *vault.Dossier
		field            int
		text, captionHas string
	}{
		{&wifi, 1, `WIFI:T:WPA;S:Villa\; Guest;P:p4ss\,wo\:rd\"\\;;`, `joins the Wi-Fi network "Villa; Guest"`},
		{&wifi, 2, "Fritz", "as text"},
		{&bank, 1, "otpauth://totp/Bank%20&%20Trust:ana?issuer=Bank+%26+Trust&secret=JBSWY3DPEHPK3PXP", "authenticator"},
		{&bank, 2, "otpauth://totp/Bank:ana?secret=JBSWY3DPEHPK3PXP&issuer=Bank", "authenticator"},
		{&bank, 3, "hunter2hunter2", "as text"}, // no network named: a password as text
	} {
		text, caption := qrContent(c.d, c.d.Fields[c.field])
		if text != c.text || !strings.Contains(caption, c.captionHas) {
			t.Errorf("%s %s: %q, %q; want %q", c.d.Title, c.d.Fields[c.field].Label, text, caption, c.text)
		}
	}
}

// TestQRLines: the drawing, read back cell by cell from its colours (the
// upper module the foreground of ▀, the lower its background), is the
// code's modules inside a light margin of the width asked.
func TestQRLines(t *testing.T) {
	code, err := qr.Encode("WIFI:T:WPA;S:Villa Guest;P:correct-horse;;", qr.L)
	if err != nil {
		t.Fatal(err)
	}
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`)
	for _, quiet := range []int{2, 4} {
		lines := qrLines(code, quiet)
		n := code.Size + 2*quiet
		if len(lines) != (n+1)/2 {
			t.Fatalf("quiet %d: %d lines for %d modules", quiet, len(lines), n)
		}
		for row, line := range lines {
			fg, bg := "", ""
			x := 0
			for line != "" {
				if m := sgr.FindStringSubmatchIndex(line); m != nil && m[0] == 0 {
					ps := strings.Split(line[m[2]:m[3]], ";")
					for i := 0; i < len(ps); i++ {
						switch {
						case (ps[i] == "38" || ps[i] == "48") && i+4 < len(ps) && ps[i+1] == "2":
							c := strings.Join(ps[i+2:i+5], ";")
							if ps[i] == "38" {
								fg = c
							} else {
								bg = c
							}
							i += 4
						case ps[i] == "39":
							fg = ""
						case ps[i] == "49":
							bg = ""
						case ps[i] == "0" || ps[i] == "":
							fg, bg = "", ""
						default:
							t.Fatalf("an SGR of its own: %q", line[m[2]:m[3]])
						}
					}
					line = line[m[1]:]
					continue
				}
				if !strings.HasPrefix(line, "▀") {
					t.Fatalf("quiet %d, line %d: %q", quiet, row, line)
				}
				line = line[len("▀"):]
				dark := map[string]bool{"0;0;0": true, "255;255;255": false}
				up, ok1 := dark[fg]
				down, ok2 := dark[bg]
				if !ok1 || !ok2 {
					t.Fatalf("cell %d,%d drawn in %q on %q", x, row, fg, bg)
				}
				if want := code.Black(x-quiet, 2*row-quiet); up != want {
					t.Fatalf("quiet %d: module %d,%d is dark=%v, want %v", quiet, x, 2*row, up, want)
				}
				if want := code.Black(x-quiet, 2*row+1-quiet); down != want {
					t.Fatalf("quiet %d: module %d,%d is dark=%v, want %v", quiet, x, 2*row+1, down, want)
				}
				x++
			}
			if x != n {
				t.Fatalf("quiet %d, line %d: %d cells, want %d", quiet, row, x, n)
			}
		}
	}
}

// TestQRCode: Q on a field shows it as a QR code, logged when it is a
// secret; any key puts it away, and so does the minute. A window too small
// for the code says so.
func TestQRCode(t *testing.T) {
	m, clk := mainModel(t, 100, 40)
	m = press(t, m, "G", "enter", "Q") // Household alarm codes: Alarm code 4471
	v := view(m)
	mustContain(t, v, "QR code  Alarm code · hides in 60s", "a phone's camera reads it as text", "▀▀▀▀", "any key put it away")
	mustNotContain(t, v, "4471", "Household alarm codes")
	if ev := eventsOf(t, m.c.store, m.browse.selected().ID, vault.ActRevealed); len(ev) != 1 || ev[0].Detail != "Alarm code as a QR code" {
		t.Fatalf("the access log: %+v", ev)
	}
	if m.browse.large.code.Size != 21 { // "4471": version 1
		t.Errorf("a code of %d modules", m.browse.large.code.Size)
	}
	m = press(t, m, "k")
	mustNotContain(t, view(m), "QR code")
	if !m.browse.detailFocus || m.browse.selected().Title != "Household alarm codes" {
		t.Fatal("the key that put the code away did something else too")
	}
	m = press(t, m, "Q")
	clk.advance(largeFor)
	m = send(t, m, tickMsg{})
	mustNotContain(t, view(m), "QR code")

	m = send(t, m, tea.WindowSizeMsg{Width: 30, Height: 12})
	m = press(t, m, "Q")
	mustContain(t, view(m), "The window is too small")
}

// TestDossierQR: Q on the list gives a Wi-Fi dossier's join code, a
// contact's card (its phones, emails and web address, not its secrets),
// and nothing for a dossier with neither.
func TestDossierQR(t *testing.T) {
	wifi := vault.New("Villa", vault.KindNote)
	wifi.Fields = []vault.Field{{Label: "SSID", Value: "Villa Guest"}, {Label: "Password", Value: "correct-horse", Secret: true}}
	gp := vault.New("Dr Amara Okafor; GP", vault.KindHealth)
	gp.Fields = []vault.Field{{Label: "Phone", Value: "+44 20 7946 0018", Type: vault.TypePhone}, {Label: "Email", Value: "amara@surgery.example", Type: vault.TypeEmail},
		{Label: "Portal", Value: "https://surgery.example", Type: vault.TypeURL}, {Label: "Patient PIN", Value: "+44 7700 900999", Type: vault.TypePhone, Secret: true}}
	note := vault.New("Gift ideas", vault.KindNote)
	note.Fields = []vault.Field{{Label: "Idea", Value: "a scarf"}}
	for _, c := range []struct {
		d     *vault.Dossier
		text  string
		field int
		ok    bool
	}{
		{&wifi, "WIFI:T:WPA;S:Villa Guest;P:correct-horse;;", 1, true},
		{&gp, `MECARD:N:Dr Amara Okafor\; GP;TEL:+44 20 7946 0018;EMAIL:amara@surgery.example;URL:https\://surgery.example;;`, -1, true},
		{&note, "", -1, false},
	} {
		text, _, field, ok := dossierQR(c.d)
		if text != c.text || field != c.field || ok != c.ok {
			t.Errorf("%s: %q field %d ok %v; want %q", c.d.Title, text, field, ok, c.text)
		}
	}

	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "g", "Q") // the first by title, with a phone but no network
	mustContain(t, view(m), "QR code  contact card", "adds this contact")
}
