package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Plain makes text that came from a dossier, a file or another program safe
// to draw on one line of a terminal: escape sequences are removed, a line
// break or a tab becomes a space, and any other control character (a
// carriage return, a backspace, a bell, a C1 control) is dropped. A title
// from a handoff or an import can then neither restyle nor retitle the
// terminal, write to its clipboard, nor draw over other rows.
func Plain(s string) string {
	s = unjoin(s)
	if !hasControl(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case isControl(r):
			return -1
		}
		return r
	}, ansi.Strip(s))
}

// PlainLines is [Plain] for text of several lines: it keeps the line breaks
// (a \r\n is one).
func PlainLines(s string) string {
	s = unjoin(s)
	if !hasControl(s) {
		return s
	}
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = Plain(l)
	}
	return strings.Join(lines, "\n")
}

// cellsByCodePoint is set while the interface runs on a terminal that has
// not said (mode 2027) that it draws a cluster of code points in the cells
// lipgloss gives it. Bubble Tea's renderer then counts cells by code point
// (wcwidth), and lipgloss lays the screen out by cluster: 👩‍👩‍👧 (three
// people joined by U+200D) is 2 cells to lipgloss and 6 to the renderer, ❤️
// (a heart and U+FE0F) 2 and 1, so a row holding one ran past its border or
// stopped short of it. Bubble Tea turns cluster widths on when the terminal
// answers; until then unjoin takes apart what the two counts disagree on.
// The command line never sets it: its output keeps the text as it is.
var cellsByCodePoint atomic.Bool

// unjoin returns s without zero-width joiners, variation selectors and skin
// tone modifiers while cellsByCodePoint is set: 👩‍👩‍👧 shows as 👩👩👧, ❤️ as ❤,
// 👍🏽 as 👍, each then as wide by either count. It only draws text; what is
// stored and edited keeps them.
func unjoin(s string) string {
	if !cellsByCodePoint.Load() || !hasJoiner(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isJoiner(r) {
			return -1
		}
		return r
	}, s)
}

// isJoiner reports whether unjoin drops r: U+200D, U+FE0E, U+FE0F, or a
// skin tone modifier (U+1F3FB to U+1F3FF).
func isJoiner(r rune) bool {
	return r == 0x200d || r == 0xfe0e || r == 0xfe0f || r >= 0x1f3fb && r <= 0x1f3ff
}

// hasJoiner reports whether s holds a code point unjoin removes, by their
// UTF-8 bytes: E2 80 8D, EF B8 8E or 8F, F0 9F 8F BB to BF.
func hasJoiner(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		switch s[i] {
		case 0xe2:
			if s[i+1] == 0x80 && s[i+2] == 0x8d {
				return true
			}
		case 0xef:
			if s[i+1] == 0xb8 && (s[i+2] == 0x8e || s[i+2] == 0x8f) {
				return true
			}
		case 0xf0:
			if i+3 < len(s) && s[i+1] == 0x9f && s[i+2] == 0x8f && s[i+3] >= 0xbb && s[i+3] <= 0xbf {
				return true
			}
		}
	}
	return false
}

// isControl reports whether r is a control character: C0, DEL, C1, or one
// of the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069), with which a title could show its characters in another
// order than they are stored in ("Trojan Source").
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// hasControl reports whether s holds a control character (isControl); most
// text has none, and is drawn as it is.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20 || b == 0x7f:
			return true
		case b == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] < 0xa0:
			return true
		case b == 0xe2 && i+2 < len(s) && (s[i+1] == 0x80 && s[i+2] >= 0xaa && s[i+2] <= 0xae || s[i+1] == 0x81 && s[i+2] >= 0xa6 && s[i+2] <= 0xa9):
			return true
		}
	}
	return false
}

// safeScreen returns a drawn screen with every escape sequence removed but
// SGR, which sets the styles it is drawn with, every control character but
// the line break, and every byte that is not UTF-8 (which could otherwise
// join what is left into a C1 control). Text from a dossier is drawn
// through [Plain]; this is the net under it, for text drawn by widgets (a
// file name in a directory listing) and for any place that misses it.
func safeScreen(s string) string {
	if cleanScreen(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		n, keep := screenRune(s[i:])
		if keep {
			b.WriteString(s[i : i+n])
		} else if r, _ := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError {
			b.WriteRune(utf8.RuneError) // shown as the terminal would show the byte
		}
		i += n
	}
	return b.String()
}

// cleanScreen reports whether safeScreen would keep all of s, as it does a
// screen drawn from clean text.
func cleanScreen(s string) bool {
	for i := 0; i < len(s); {
		n, keep := screenRune(s[i:])
		if !keep {
			return false
		}
		i += n
	}
	return true
}

// screenRune returns the length of what s begins with, a character or an
// escape sequence, and whether a screen may hold it: a printable
// character, a line break, or SGR.
func screenRune(s string) (n int, keep bool) {
	switch c := s[0]; {
	case c == 0x1b:
		return escape(s)
	case c < 0x80:
		return 1, c == '\n' || (c >= 0x20 && c != 0x7f)
	}
	r, n := utf8.DecodeRuneInString(s)
	return n, !(r == utf8.RuneError && n == 1) && !isControl(r)
}

// escape returns the length of the escape sequence s begins with (s[0] is
// ESC) and whether it is SGR: CSI, parameters of digits, ; and :, then m.
// A string sequence (OSC, DCS, SOS, PM, APC) runs to its BEL or ST, or up
// to the end of the line, so that one left open cannot take the rest of
// the screen with it.
func escape(s string) (n int, sgr bool) {
	if len(s) < 2 {
		return len(s), false
	}
	switch s[1] {
	case '[':
		i, plain := 2, true
		for ; i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f; i++ { // parameters and intermediates
			plain = plain && (s[i] >= '0' && s[i] <= '9' || s[i] == ';' || s[i] == ':')
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1, plain && s[i] == 'm'
		}
		return i, false // cut short: the ESC and what followed it are dropped
	case ']', 'P', 'X', '^', '_':
		for i := 2; i < len(s); i++ {
			if s[i] == '\n' {
				return i, false
			}
			if s[i] == 0x07 {
				return i + 1, false
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2, false
			}
		}
		return len(s), false
	}
	return 2, false
}

// truncate cuts s (which may hold styles) to width cells, ending in "…".
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(unjoin(s), width, "…")
}

// elidePath fits a file's path into width cells by cutting its middle, so
// that its start and its file name both show:
// "/home/pa/Sync/clients-share…/vault.db".
func elidePath(p string, width int) string {
	if lipgloss.Width(p) <= width {
		return p
	}
	tail := "…/" + filepath.Base(p)
	if w := lipgloss.Width(tail); w < width-4 {
		return ansi.Truncate(p, width-w, "") + tail
	}
	return truncate(p, width)
}

// pad cuts or fills s to exactly width cells.
func pad(s string, width int) string {
	s = truncate(s, width)
	if w := lipgloss.Width(s); w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// highlight draws plain text in base with the spans in match, cut to width
// cells first.
func highlight(text string, spans [][2]int, width int, base, match lipgloss.Style) string {
	cut := ansi.Truncate(text, width, "…")
	if len(spans) == 0 {
		return base.Render(cut)
	}
	limit := len(cut)
	if cut != text {
		limit = len(strings.TrimSuffix(cut, "…"))
	}
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		s, e := sp[0], min(sp[1], limit)
		if s < at || s >= limit {
			continue
		}
		if s > at {
			b.WriteString(base.Render(cut[at:s]))
		}
		b.WriteString(match.Render(cut[s:e]))
		at = e
	}
	if at < len(cut) {
		b.WriteString(base.Render(cut[at:]))
	}
	return b.String()
}

// fitLines cuts or fills lines to exactly height lines of width cells.
func fitLines(lines []string, width, height int) string {
	out := make([]string, height)
	for i := range out {
		if i < len(lines) {
			out[i] = pad(lines[i], width)
		} else {
			out[i] = strings.Repeat(" ", width)
		}
	}
	return strings.Join(out, "\n")
}

// window returns the offset that keeps cursor visible in a list of n rows
// showing height at a time, starting from offset.
func window(cursor, offset, height, n int) int {
	if height <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	return clamp(offset, 0, max(0, n-height))
}

// humanSize writes a byte count for people.
func humanSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	default:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1024*1024))
	}
}

// pane draws content inside a bordered box of exactly width×height cells.
func pane(st lipgloss.Style, title string, lines []string, width, height int) string {
	innerW := max(1, width-st.GetHorizontalFrameSize())
	innerH := max(1, height-st.GetVerticalFrameSize())
	if title != "" {
		lines = append([]string{title}, lines...)
	}
	return st.Width(width).Height(height).Render(fitLines(lines, innerW, innerH))
}
