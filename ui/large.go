package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"charm.land/lipgloss/v2"
	"rsc.io/qr"
)

// largeFor is how long a field stays shown in large type: long enough to
// read a passport number to an airline, letter by letter.
const largeFor = 60 * time.Second

// large is a field shown in large type, over the main screen: each
// character apart, numbered, digits and symbols told from letters, for
// reading a value aloud on the telephone or typing it on another device
// without mistaking 0 for O or l for 1.
type large struct {
	label string
	value string
	until time.Time
	// code, when set, is the field as a QR code instead (qrContent), and
	// caption says what a phone does with it.
	code    *qr.Code
	caption string
}

// largeCell is how many cells each character takes.
const largeCell = 4

// largeView draws l in width × height cells: the label, then rows of
// characters with their positions under them.
func largeView(st *Styles, l *large, left time.Duration, width, height int) string {
	if l.code != nil {
		return qrView(st, l, int(left.Round(time.Second)/time.Second), width, height)
	}
	lines := []string{
		st.Title.Render("Large type") + st.TitleAside.Render(fmt.Sprintf("  %s · hides in %ds", Plain(l.label), int(left.Round(time.Second)/time.Second))),
		"",
	}
	perRow := max(1, (width-2)/largeCell)
	chars := largeChars(l.value)
	for start := 0; start < len(chars); start += perRow {
		var top, bottom strings.Builder
		top.WriteString("  ")
		bottom.WriteString("  ")
		for i := start; i < min(start+perRow, len(chars)); i++ {
			top.WriteString(largeChar(st, chars[i]))
			bottom.WriteString(st.Muted.Render(fmt.Sprintf("%-*d", largeCell, i+1)))
		}
		lines = append(lines, top.String(), bottom.String(), "")
	}
	lines = append(lines, st.Muted.Render("digits in blue, symbols in red · ␣ a space · ⏎ a new line"))
	return fitLines(lines, width, height)
}

// largeChars splits value into the characters a person reads: a rune with
// the combining marks and joiners that follow it.
func largeChars(value string) []string {
	var chars []string
	var prev rune
	for i, r := range value {
		joined := prev == 0x200d // the next part of 👩‍👩‍👧
		prev = r
		if len(chars) > 0 && (joined || unicode.In(r, unicode.Mn, unicode.Me) || isJoiner(r)) {
			chars[len(chars)-1] += string(r)
			continue
		}
		if r == '\n' && i > 0 && value[i-1] == '\r' {
			continue // one line break
		}
		chars = append(chars, string(r))
	}
	return chars
}

// largeChar draws one character in its cell: letters plain, digits and
// symbols each in a colour of their own, spaces and line breaks as marks.
func largeChar(st *Styles, c string) string {
	r := []rune(c)[0]
	var s string
	switch {
	case c == " ":
		s = st.Muted.Render("␣")
	case c == "\n" || c == "\r":
		s = st.Muted.Render("⏎")
	case unicode.IsControl(r):
		s = st.Muted.Render("·")
	case unicode.IsDigit(r):
		s = st.Digit.Render(c)
	case unicode.IsLetter(r):
		s = st.Value.Bold(true).Render(Plain(c))
	default:
		s = st.Symbol.Render(Plain(c))
	}
	if w := lipgloss.Width(s); w < largeCell {
		s += strings.Repeat(" ", largeCell-w)
	}
	return s
}
