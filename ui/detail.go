package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"confidant/vault"
)

// detailView says how to draw a dossier's detail.
type detailView struct {
	sel        int           // selected field, -1 for none
	revealed   int           // revealed field, -1 for none
	revealLeft time.Duration // until it masks itself again
	words      []string      // filter words to highlight
	width      int
	// labels of password fields another field holds too, of those holding
	// a variant of another's, of short ones and of common ones
	reused, alike, short, common []string
	personal                     []string // made of the dossier's own details
	// labels of fields shown though named as secrets
	unmasked []string
	// titles of the dossiers it names, and of those naming it
	names, namedBy []string
}

// groupCode writes a one-time code in two groups, as authenticator apps
// show it: "287 082".
func groupCode(code string) string {
	if len(code) < 6 {
		return code
	}
	return code[:len(code)/2] + " " + code[len(code)/2:]
}

// isSecret reports whether a field is masked until revealed.
func isSecret(f vault.Field) bool { return f.Secret || f.Type == vault.TypePassword }

// detail is a dossier drawn for its pane: every line, but for runs of plain
// text (its notes, the lines of a multiline value) that show draws only
// when they are on screen. A note of 900 KB (15,000 lines) took 120 ms to
// wrap and style at every keystroke while its dossier was selected.
type detail struct {
	lines []string
	sel   int // the line of the selected field (for scrolling)
	// plain lists the runs of lines that hold plain text (the notes, the
	// lines of a multiline value after its first), each with how to draw
	// one: show draws those on screen.
	plain []plainRun
}

type plainRun struct {
	from, to int
	draw     func(string) string
}

// addPlain appends lines of plain text that show draws with draw.
func (dt *detail) addPlain(lines []string, draw func(string) string) {
	dt.plain = append(dt.plain, plainRun{len(dt.lines), len(dt.lines) + len(lines), draw})
	dt.lines = append(dt.lines, lines...)
}

// show returns n lines from off, drawn.
func (dt detail) show(off, n int) []string {
	off = clamp(off, 0, len(dt.lines))
	out := slices.Clone(dt.lines[off:min(len(dt.lines), off+max(0, n))])
	for _, r := range dt.plain {
		for at := max(r.from, off); at < min(r.to, off+len(out)); at++ {
			out[at-off] = r.draw(out[at-off])
		}
	}
	return out
}

// wrappedNotes is the last dossier's notes wrapped to a width, kept in
// common: the detail pane draws them at every frame.
type wrappedNotes struct {
	id      vault.ID
	version uint64
	notes   string // the text wrapped: a version's notes, or an unsaved one's
	width   int
	unjoin  bool // cellsByCodePoint when wrapped
	lines   []string
}

// wrapNotes returns d's notes, made plain and wrapped to width.
func (c *common) wrapNotes(d *vault.Dossier, width int) []string {
	w := &c.notes
	if w.id != d.ID || w.version != d.Version || w.width != width || w.notes != d.Notes || w.unjoin != cellsByCodePoint.Load() {
		// A secret written in the notes shows masked, as a
		// secret field does; S moves it into one, where r reveals it.
		notes, _ := vault.MaskNoteSecrets(d.Notes, "••••••••")
		*w = wrappedNotes{id: d.ID, version: d.Version, notes: d.Notes, width: width, unjoin: cellsByCodePoint.Load(),
			lines: strings.Split(lipgloss.Wrap(PlainLines(notes), width, ""), "\n")}
	}
	return w.lines
}

// detailLines draws d and returns its lines and the line of the selected
// field (for scrolling); show draws the lines to put on screen.
func detailLines(c *common, d *vault.Dossier, v detailView) detail {
	st := c.styles
	now := c.now()
	w := max(10, v.width)
	var dt detail
	add := func(s ...string) { dt.lines = append(dt.lines, s...) }

	// Every text of the dossier is drawn through Plain or PlainLines: it may
	// have come from anyone, by a handoff or an import.
	title := Plain(d.Title)
	add(highlight(title, highlightSpans(title, v.words, false), w, st.Heading, st.Match))
	meta := []string{d.Kind.Title()}
	if d.Version > 0 {
		meta = append(meta, fmt.Sprintf("v%d", d.Version))
	}
	if !d.Updated.IsZero() {
		meta = append(meta, "updated "+d.Updated.Local().Format(time.DateOnly))
	}
	if !d.Reviewed.IsZero() {
		meta = append(meta, "reviewed "+d.Reviewed.Local().Format(time.DateOnly))
	}
	add(truncate(st.Muted.Render(strings.Join(meta, " · ")), w))
	if len(d.Tags) > 0 {
		var tags []string
		for _, t := range d.Tags {
			tags = append(tags, st.Tag.Render(Plain(t)))
		}
		add(truncate(strings.Join(tags, " "), w))
	}

	labelW := 4
	for _, f := range d.Fields {
		labelW = max(labelW, lipgloss.Width(Plain(f.Label)))
	}
	labelW = min(labelW, max(8, w*2/5))
	valueW := max(4, w-labelW-3)
	if len(d.Fields) > 0 {
		add("", st.Label.Render("FIELDS"))
	}
	for i, f := range d.Fields {
		marker := "  "
		label := st.Label.Render(pad(Plain(f.Label), labelW))
		if i == v.sel {
			marker = st.Cursor.Render("› ")
			label = st.Cursor.Render(pad(Plain(f.Label), labelW))
			dt.sel = len(dt.lines)
		}
		var value string
		switch {
		case isSecret(f) && f.Value == "":
			value = st.Muted.Render("—")
		case isSecret(f) && i == v.revealed:
			secs := int((v.revealLeft + time.Second - 1) / time.Second)
			first, rest, multi := strings.Cut(PlainLines(f.Value), "\n")
			value = st.Secret.Render(truncate(first, valueW-8)) + st.Muted.Render(fmt.Sprintf("  %ds", secs))
			if multi { // a secret of several lines (allergies, a recovery code) shows them all
				add(marker + label + " " + value)
				indent := "  " + strings.Repeat(" ", labelW) + " "
				dt.addPlain(strings.Split(rest, "\n"), func(l string) string { return indent + st.Secret.Render(truncate(l, valueW)) })
				continue
			}
		case isSecret(f):
			value = st.Secret.Render(mask)
			// A one-time password's key shows the code it gives now,
			// as an authenticator app does; y copies the code.
			if k, ok := vault.FieldTOTP(f); ok {
				code, left := k.Code(now)
				value += "  " + st.Value.Render(groupCode(code)) + st.Muted.Render(fmt.Sprintf("  %ds", int((left+time.Second-1)/time.Second)))
			}
		case f.Value == "":
			value = st.Muted.Render("—")
		default:
			first, rest, multi := strings.Cut(PlainLines(f.Value), "\n")
			if f.Type == vault.TypeDate {
				first = vault.DayText(first)
			}
			value = highlight(first, highlightSpans(first, v.words, false), valueW, st.Value, st.Match)
			if multi {
				add(marker + label + " " + value)
				indent := "  " + strings.Repeat(" ", labelW) + " "
				dt.addPlain(strings.Split(rest, "\n"), func(l string) string {
					return indent + highlight(l, highlightSpans(l, v.words, false), valueW, st.Value, st.Match)
				})
				continue
			}
		}
		if err := f.Validate(); err != nil && f.Value != "" {
			value += st.Warn.Render(" ⚠")
		}
		switch {
		case slices.Contains(v.reused, f.Label):
			value += st.Warn.Render("  ⚠ used elsewhere too")
		case slices.Contains(v.alike, f.Label):
			value += st.Warn.Render("  ⚠ a variant of one used elsewhere")
		case slices.Contains(v.common, f.Label):
			value += st.Warn.Render("  ⚠ a common password")
		case slices.Contains(v.personal, f.Label):
			value += st.Warn.Render("  ⚠ made of this dossier's details")
		case slices.Contains(v.short, f.Label):
			value += st.Warn.Render(fmt.Sprintf("  ⚠ under %d characters", vault.ShortPassword))
		case !isSecret(f) && slices.Contains(v.unmasked, f.Label):
			value += st.Warn.Render("  ⚠ a secret? ctrl+o in the editor masks it")
		}
		add(marker + label + " " + value)
	}

	if len(d.Dates) > 0 {
		add("", st.Label.Render("DATES"))
		for _, dt := range d.Dates {
			next := dt.Next(now)
			line := st.Label.Render(pad(Plain(dt.Label), labelW)) + " " + st.Value.Render(next.Format(time.DateOnly))
			if dt.Due(now) { // first, where a narrow pane cuts nothing of it
				line += " " + st.Due.Render(DueText(next, now))
			}
			if !dt.Remind.IsZero() {
				line += st.Muted.Render(" · remind " + dt.Remind.String() + " before")
			}
			if dt.Yearly {
				line += st.Muted.Render(" · yearly")
			}
			add("  " + truncate(line, w-2))
		}
	}
	if len(v.names) > 0 || len(v.namedBy) > 0 {
		add("", st.Label.Render("RELATED")+st.Muted.Render("  R goes to one"))
		for _, r := range []struct {
			label  string
			titles []string
		}{{"names", v.names}, {"named by", v.namedBy}} {
			if len(r.titles) == 0 {
				continue
			}
			// Each title whole, on as many lines as they take: a
			// household is several, and a cut one is no name.
			lw := max(labelW, 8)
			valueW := max(10, w-2-lw-1)
			var rows []string
			for _, title := range r.titles {
				title = truncate(title, valueW)
				switch n := len(rows); {
				case n > 0 && lipgloss.Width(rows[n-1]+" · "+title) <= valueW:
					rows[n-1] += " · " + title
				default:
					rows = append(rows, title)
				}
			}
			for i, row := range rows {
				label := strings.Repeat(" ", lw)
				if i == 0 {
					label = pad(r.label, lw)
				}
				add("  " + st.Label.Render(label) + " " + st.Value.Render(row))
			}
		}
	}
	if d.Notes != "" {
		add("", st.Label.Render("NOTES"))
		var inNotes []string
		for _, u := range v.unmasked {
			if l, ok := strings.CutPrefix(u, "notes: "); ok {
				inNotes = append(inNotes, Plain(l))
			}
		}
		switch len(inNotes) {
		case 0:
		case 1:
			add(truncate(st.Warn.Render(fmt.Sprintf("  ⚠ %s in the notes: S masks it", inNotes[0])), w))
		default: // each is masked below, where it is
			add(truncate(st.Warn.Render(fmt.Sprintf("  ⚠ %d secrets in the notes: S masks them", len(inNotes))), w))
		}
		dt.addPlain(c.wrapNotes(d, w-2), func(l string) string {
			return "  " + highlight(l, highlightSpans(l, v.words, false), w-2, st.Value, st.Match)
		})
	}
	if len(d.Attachments) > 0 {
		add("", st.Label.Render("ATTACHMENTS"))
		for _, a := range d.Attachments {
			add("  " + truncate(Plain(a.Name)+st.Muted.Render("  "+humanSize(a.Size)), w-2))
		}
	}
	if p := d.Provenance; p != nil {
		add("", st.Label.Render("PROVENANCE"))
		line := "imported " + p.Imported.Local().Format(time.DateOnly)
		if p.From != "" {
			line += " from " + AbbreviateKey(p.From)
		}
		add("  "+truncate(line, w-2), "  "+st.Muted.Render(truncate(Plain(p.Source), w-2)))
	}
	return dt
}

// DueText says when a date falls, relative to now: "in 9d", "today",
// "passed 3d ago". The command line says it the same way.
func DueText(next, now time.Time) string {
	days := int(next.Sub(now.Truncate(24*time.Hour)).Hours() / 24)
	switch {
	case days < 0:
		return fmt.Sprintf("passed %dd ago", -days)
	case days == 0:
		return "today"
	default:
		return fmt.Sprintf("in %dd", days)
	}
}
