package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"rsc.io/qr"

	"confidant/vault"
)

// qrContent is what the QR code of field f of d holds, and what a phone
// does with it, for the caption: a Wi-Fi password, in a dossier that names
// the network, the join code phones' cameras read (a guest at the villa
// joins without typing); a one-time password key, the otpauth URI an
// authenticator app adds (the client's new phone); else the value as text.
func qrContent(d *vault.Dossier, f vault.Field) (text, caption string) {
	if k, ok := vault.FieldTOTP(f); ok {
		if v := strings.TrimSpace(f.Value); strings.HasPrefix(strings.ToLower(v), "otpauth://") {
			return v, "an authenticator app adds this key with its camera"
		}
		account := d.Title
		for _, l := range []string{"Username", "Email", "Login", "User"} {
			if u, ok := d.Field(l); ok && strings.TrimSpace(u.Value) != "" && !u.Secret {
				account = strings.TrimSpace(u.Value)
				break
			}
		}
		return k.URI(d.Title, account), "an authenticator app adds this key with its camera"
	}
	if ssid, ok := wifiNetwork(d); ok && (f.Secret || f.Type == vault.TypePassword) {
		return "WIFI:T:WPA;S:" + wifiEscape(ssid) + ";P:" + wifiEscape(f.Value) + ";;",
			fmt.Sprintf("a phone's camera joins the Wi-Fi network %q", Plain(ssid))
	}
	return f.Value, "a phone's camera reads it as text"
}

// dossierQR is what Q on the list shows of d: where d names a Wi-Fi
// network and holds its password (its only secret, or the Password
// field), the join code, as Q on that field gives; else, where it holds
// a phone number or an email address, a contact card (MECARD, which
// phones' cameras add to the address book: the GP's number onto the
// client's phone). field is the field shown, -1 for a card; ok is false
// where d holds neither.
func dossierQR(d *vault.Dossier) (text, caption string, field int, ok bool) {
	if _, wifi := wifiNetwork(d); wifi {
		if i, _ := d.MainSecret(); i >= 0 {
			text, caption = qrContent(d, d.Fields[i])
			return text, caption, i, true
		}
	}
	var b strings.Builder
	for _, f := range d.Fields {
		v := strings.TrimSpace(f.Value)
		if f.Secret || v == "" {
			continue
		}
		switch {
		case f.Type == vault.TypePhone:
			b.WriteString("TEL:" + mecardEscape(v) + ";")
		case f.Type == vault.TypeEmail:
			b.WriteString("EMAIL:" + mecardEscape(v) + ";")
		}
	}
	if b.Len() == 0 {
		return "", "", -1, false
	}
	card := "MECARD:N:" + mecardEscape(d.Title) + ";" + b.String()
	for _, f := range d.Fields {
		if v := strings.TrimSpace(f.Value); !f.Secret && v != "" && (f.Type == vault.TypeURL) {
			card += "URL:" + mecardEscape(v) + ";"
			break
		}
	}
	return card + ";", "a phone's camera adds this contact: its name, phone numbers and email addresses", -1, true
}

// mecardEscape escapes what a MECARD reserves (backslash, semicolon,
// colon, comma, quote) and puts a line's breaks as spaces.
func mecardEscape(s string) string {
	return wifiEscape(strings.Join(strings.Fields(s), " "))
}

// wifiNetwork returns the Wi-Fi network's name a dossier holds in a field
// labelled as one (SSID, Network, Wi-Fi name…).
func wifiNetwork(d *vault.Dossier) (string, bool) {
	for _, f := range d.Fields {
		if f.Secret || strings.TrimSpace(f.Value) == "" {
			continue
		}
		switch strings.Join(strings.Fields(strings.ToLower(strings.NewReplacer("-", " ", "_", " ").Replace(f.Label))), " ") {
		case "ssid", "network", "network name", "wi fi", "wifi", "wi fi name", "wifi name", "wi fi network", "wifi network", "wlan", "wlan name":
			return strings.TrimSpace(f.Value), true
		}
	}
	return "", false
}

// wifiEscape escapes what the Wi-Fi join code reserves (ZXing's format,
// which phones read): backslash, semicolon, comma, colon and quote.
func wifiEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\;,:"`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// qrQuiet is the light margin around a code, in modules: the standard's
// four where the window has room, else two, which phones read as well.
func qrQuiet(size, width, height int) (int, bool) {
	for _, q := range []int{4, 2} {
		if size+2*q <= width && (size+2*q+1)/2 <= height {
			return q, true
		}
	}
	return 0, false
}

// qrLines draws code with a margin of quiet modules, two modules a line:
// each cell is an upper half block whose foreground is the upper module
// and whose background the lower, black on white whatever the terminal's
// colours, so that a phone's camera reads it in a dark terminal too.
func qrLines(code *qr.Code, quiet int) []string {
	dark, light := lipgloss.Color("#000000"), lipgloss.Color("#ffffff")
	var styles [4]lipgloss.Style // by upper dark, lower dark
	for i := range styles {
		fg, bg := light, light
		if i&2 != 0 {
			fg = dark
		}
		if i&1 != 0 {
			bg = dark
		}
		styles[i] = lipgloss.NewStyle().Foreground(fg).Background(bg)
	}
	n := code.Size + 2*quiet
	black := func(x, y int) bool { return code.Black(x-quiet, y-quiet) } // false outside the code
	var lines []string
	for y := 0; y < n; y += 2 {
		var b strings.Builder
		run, runLen := -1, 0
		flush := func() {
			if runLen > 0 {
				b.WriteString(styles[run].Render(strings.Repeat("▀", runLen)))
			}
		}
		for x := range n {
			k := 0
			if black(x, y) {
				k |= 2
			}
			if y+1 < n && black(x, y+1) {
				k |= 1
			}
			if k != run {
				flush()
				run, runLen = k, 0
			}
			runLen++
		}
		flush()
		lines = append(lines, b.String())
	}
	return lines
}

// qrView draws l's code in width × height cells, under its title and
// caption, or, where the window is too low for that (80 × 24 and a
// one-time password's key), with them beside it.
func qrView(st *Styles, l *large, left, width, height int) string {
	head := []string{
		st.Title.Render("QR code") + st.TitleAside.Render(fmt.Sprintf("  %s · hides in %ds", Plain(l.label), left)),
		st.Muted.Render(l.caption),
		"",
	}
	if quiet, ok := qrQuiet(l.code.Size, width-2, height-len(head)); ok {
		lines := head
		for _, line := range qrLines(l.code, quiet) {
			lines = append(lines, "  "+line)
		}
		return fitLines(lines, width, height)
	}
	const besideW = 24 // the title and caption, wrapped
	if quiet, ok := qrQuiet(l.code.Size, width-besideW-3, height); ok {
		code := qrLines(l.code, quiet)
		text := lipgloss.NewStyle().Width(besideW).Render(strings.Join([]string{
			st.Title.Render("QR code"), st.TitleAside.Render(Plain(l.label)), st.TitleAside.Render(fmt.Sprintf("hides in %ds", left)), "", st.Muted.Render(l.caption),
		}, "\n"))
		return fitLines(strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, "  "+strings.Join(code, "\n  "), "  ", text), "\n"), width, height)
	}
	n := l.code.Size + 4
	return fitLines(append(head, st.Warn.Render(fmt.Sprintf("The window is too small for this code: it needs %d columns and %d lines. Make it larger, or esc.", n+2, (n+1)/2))), width, height)
}
