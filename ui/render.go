package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// truncate cuts s (which may hold styles) to width cells, ending in "…".
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
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
