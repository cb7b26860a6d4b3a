package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"confidant/ui"
	"confidant/vault"
)

const mask = "••••••••"

// dossierJSON is the --json form of a dossier. Secret values are left out
// unless revealed; "masked" says one was.
type dossierJSON struct {
	ID          string            `json:"id"`
	Version     uint64            `json:"version"`
	Title       string            `json:"title"`
	Kind        vault.Kind        `json:"kind"`
	Fields      []fieldJSON       `json:"fields"`
	Notes       string            `json:"notes"`
	NotesMasked int               `json:"notes_masked,omitempty"` // secrets written in the notes, masked there
	Tags        []string          `json:"tags"`
	Dates       []dateJSON        `json:"dates"`
	Attachments []attachmentJSON  `json:"attachments"`
	Created     time.Time         `json:"created"`
	Updated     time.Time         `json:"updated"`
	Reviewed    *time.Time        `json:"reviewed,omitempty"`
	Provenance  *vault.Provenance `json:"provenance,omitempty"`
}

type fieldJSON struct {
	Label  string          `json:"label"`
	Value  *string         `json:"value"`
	Type   vault.FieldType `json:"type"`
	Secret bool            `json:"secret"`
	Masked bool            `json:"masked,omitempty"`
}

type dateJSON struct {
	Label  string `json:"label"`
	Date   string `json:"date"`
	Remind string `json:"remind,omitempty"`
	Yearly bool   `json:"yearly"`
	Next   string `json:"next"`
}

type attachmentJSON struct {
	Name      string    `json:"name"`
	MediaType string    `json:"media_type,omitempty"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	Added     time.Time `json:"added"`
}

func toJSON(d vault.Dossier, reveal bool) dossierJSON {
	j := dossierJSON{ID: d.ID.String(), Version: d.Version, Title: d.Title, Kind: d.Kind, Notes: d.Notes,
		Tags: d.Tags, Created: d.Created, Updated: d.Updated, Provenance: d.Provenance,
		Fields: []fieldJSON{}, Dates: []dateJSON{}, Attachments: []attachmentJSON{}}
	if j.Tags == nil {
		j.Tags = []string{}
	}
	if !reveal { // as show prints them
		j.Notes, j.NotesMasked = vault.MaskNoteSecrets(d.Notes, mask)
	}
	if !d.Reviewed.IsZero() {
		r := d.Reviewed
		j.Reviewed = &r
	}
	for _, f := range d.Fields {
		fj := fieldJSON{Label: f.Label, Type: f.Type, Secret: f.Secret}
		if !f.Secret || reveal {
			v := f.Value
			fj.Value = &v
		} else {
			fj.Masked = true
		}
		j.Fields = append(j.Fields, fj)
	}
	now := time.Now()
	for _, dt := range d.Dates {
		j.Dates = append(j.Dates, dateJSON{Label: dt.Label, Date: dt.On.Format(time.DateOnly),
			Remind: dt.Remind.String(), Yearly: dt.Yearly, Next: dt.Next(now).Format(time.DateOnly)})
	}
	for _, at := range d.Attachments {
		j.Attachments = append(j.Attachments, attachmentJSON{Name: at.Name, MediaType: at.MediaType,
			Size: at.Size, SHA256: fmt.Sprintf("%x", at.SHA256), Added: at.Added})
	}
	return j
}

func writeJSON(w io.Writer, v any) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printDossiers prints dossiers as JSON, secrets masked.
func (a *app) printDossiers(ds []vault.Dossier) error {
	out := make([]dossierJSON, 0, len(ds))
	for _, d := range ds {
		out = append(out, toJSON(d, false))
	}
	return writeJSON(a.env.Stdout, out)
}

// printSummaries prints one line per dossier, in aligned columns.
func (a *app) printSummaries(l []vault.Summary) error {
	return a.printFound(l, nil)
}

// printFound is printSummaries with lines under some rows: under[i], if
// any, under l[i], beginning where the titles do.
func (a *app) printFound(l []vault.Summary, under [][]string) error {
	if len(l) == 0 {
		fmt.Fprintln(a.env.Stderr, "no dossiers")
		return nil
	}
	now := time.Now()
	t := table{rows: make([][5]string, 0, len(l)+1)}
	t.add([5]string{"ID", "TITLE", "KIND", "TAGS", "NEXT DATE"})
	for i := range l {
		x := &l[i]
		next := ""
		if dt, ok := x.NextDate(now); ok {
			next = dt.Label + " " + dt.Next(now).Format(time.DateOnly)
			if dt.Due(now) {
				next = "! " + next
			}
		}
		t.add([5]string{x.ID.Short(), ui.Plain(x.Title), string(x.Kind), ui.Plain(strings.Join(x.Tags, ", ")), ui.Plain(next)})
		if i < len(under) {
			t.under(under[i])
		}
	}
	bw := bufio.NewWriterSize(a.env.Stdout, 64<<10)
	t.write(bw)
	return bw.Flush()
}

// table lays out rows as [columns] does, for one block of rows known in
// advance. tabwriter cost one call per cell and per run of padding; a list of
// 10,000 dossiers spent a third of its time there.
type table struct {
	rows  [][5]string
	width [4]int // in terminal columns (cellWidth)
	// below holds lines to write under a row, by the row's index.
	below map[int][]string
}

func (t *table) add(r [5]string) {
	for j := range t.width {
		t.width[j] = max(t.width[j], cellWidth(r[j]))
	}
	t.rows = append(t.rows, r)
}

// under puts lines under the last row added, beginning where its second
// column does.
func (t *table) under(lines []string) {
	if len(lines) == 0 {
		return
	}
	if t.below == nil {
		t.below = map[int][]string{}
	}
	t.below[len(t.rows)-1] = lines
}

func (t *table) write(w *bufio.Writer) {
	const padding = 2
	spaces := strings.Repeat(" ", slices.Max(t.width[:])+padding)
	for i, r := range t.rows {
		for j := range t.width {
			w.WriteString(r[j])
			w.WriteString(spaces[:t.width[j]+padding-cellWidth(r[j])])
		}
		w.WriteString(r[4])
		w.WriteByte('\n')
		for _, l := range t.below[i] {
			w.WriteString(spaces[:t.width[0]+padding])
			w.WriteString(l)
			w.WriteByte('\n')
		}
	}
}

func printDossier(w io.Writer, d vault.Dossier, reveal bool) {
	now := time.Now()
	fmt.Fprintf(w, "%s  (%s)\n", ui.Plain(d.Title), d.Kind.Title())
	tw := newColumns(w)
	fmt.Fprintf(tw, "ID\t%s\n", d.ID)
	if len(d.Tags) > 0 {
		fmt.Fprintf(tw, "Tags\t%s\n", ui.Plain(strings.Join(d.Tags, ", ")))
	}
	reviewed := "never"
	if !d.Reviewed.IsZero() {
		reviewed = stamp(d.Reviewed)
	}
	fmt.Fprintf(tw, "Created\t%s\nUpdated\t%s (version %d)\nReviewed\t%s\n", stamp(d.Created), stamp(d.Updated), d.Version, reviewed)
	if p := d.Provenance; p != nil {
		from := ""
		if p.From != "" {
			from = " from " + abbreviateKey(p.From)
		}
		fmt.Fprintf(tw, "Imported\t%s%s, %s\n", ui.Plain(p.Source), from, stamp(p.Imported))
	}
	tw.Flush()
	var fields []vault.Field
	for _, f := range d.Fields {
		if f.Value != "" {
			fields = append(fields, f)
		}
	}
	if len(fields) > 0 {
		fmt.Fprintln(w, "\nFields")
		tw = newColumns(w)
		for _, f := range fields {
			v := f.Value
			if f.Type == vault.TypeDate {
				v = vault.DayText(v)
			}
			if f.Secret && !reveal {
				v = mask + "  (secret; copy puts it on the clipboard, --reveal prints it)"
				if _, ok := vault.FieldTOTP(f); ok {
					v = mask + "  (a one-time password key; confidant code prints its code)"
				}
			}
			lines := strings.Split(ui.PlainLines(v), "\n")
			fmt.Fprintf(tw, "  %s\t%s\n", ui.Plain(f.Label), lines[0])
			for _, l := range lines[1:] {
				fmt.Fprintf(tw, "  \t%s\n", l)
			}
		}
		tw.Flush()
	}
	if len(d.Dates) > 0 {
		fmt.Fprintln(w, "\nDates")
		tw = newColumns(w)
		for _, dt := range d.Dates {
			extra := ""
			if dt.Yearly {
				extra = "yearly, next " + dt.Next(now).Format(time.DateOnly)
			}
			if !dt.Remind.IsZero() {
				extra = strings.TrimPrefix(extra+", remind "+dt.Remind.String()+" before", ", ")
			}
			if dt.Due(now) {
				extra = strings.TrimPrefix(extra+", due now", ", ")
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", ui.Plain(dt.Label), vault.DayText(dt.On.Format(time.DateOnly)), extra)
		}
		tw.Flush()
	}
	if strings.TrimSpace(d.Notes) != "" {
		fmt.Fprintln(w, "\nNotes")
		notes, masked := d.Notes, 0
		if !reveal {
			notes, masked = vault.MaskNoteSecrets(notes, mask)
		}
		for l := range strings.SplitSeq(ui.PlainLines(notes), "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
		if masked > 0 {
			fmt.Fprintf(w, "  (%s written in the notes masked: --reveal prints %s; edit %s --from-notes LABEL keeps one in a masked field)\n",
				count(masked, "secret"), map[bool]string{true: "it", false: "them"}[masked == 1], d.ID.Short())
		}
	}
	if len(d.Attachments) > 0 {
		fmt.Fprintln(w, "\nAttachments")
		tw = newColumns(w)
		for _, at := range d.Attachments {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", ui.Plain(at.Name), Size(at.Size), ui.Plain(at.MediaType))
		}
		tw.Flush()
	}
}

// count writes n and a noun that takes an s in the plural: 1 dossier, 2
// dossiers.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func stamp(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }

// Size writes a byte count for people: 512 B, 1.2 KiB, 3.4 MiB.
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

func (a *app) printTrash(items []vault.Trashed, asJSON bool) error {
	if asJSON {
		type trashJSON struct {
			dossierJSON
			Deleted time.Time `json:"deleted"`
		}
		out := []trashJSON{}
		for _, t := range items {
			out = append(out, trashJSON{toJSON(t.Dossier, false), t.Deleted})
		}
		return writeJSON(a.env.Stdout, out)
	}
	if len(items) == 0 {
		fmt.Fprintln(a.env.Stderr, "the trash is empty")
		return nil
	}
	bw := bufio.NewWriter(a.env.Stdout)
	defer bw.Flush()
	tw := newColumns(bw)
	fmt.Fprintln(tw, "ID\tTITLE\tKIND\tDELETED\tPURGED")
	for _, t := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Dossier.ID.Short(), ui.Plain(t.Dossier.Title), t.Dossier.Kind,
			stamp(t.Deleted), t.Deleted.Add(vault.TrashRetention).Local().Format(time.DateOnly))
	}
	return tw.Flush()
}

func (a *app) printHistory(versions []vault.Dossier, asJSON bool) error {
	type versionJSON struct {
		Version uint64         `json:"version"`
		Saved   time.Time      `json:"saved"`
		Title   string         `json:"title"`
		Changes []vault.Change `json:"changes"`
	}
	var out []versionJSON
	for i, v := range versions {
		vj := versionJSON{Version: v.Version, Saved: v.Updated, Title: v.Title, Changes: []vault.Change{}}
		if i+1 < len(versions) {
			vj.Changes = append(vj.Changes, vault.Diff(versions[i+1], v)...)
		}
		out = append(out, vj)
	}
	if asJSON {
		if out == nil {
			out = []versionJSON{}
		}
		return writeJSON(a.env.Stdout, out)
	}
	bw := bufio.NewWriter(a.env.Stdout)
	defer bw.Flush()
	tw := newColumns(bw)
	fmt.Fprintln(tw, "VERSION\tSAVED\tCHANGES")
	for i, v := range out {
		var parts []string
		for _, c := range v.Changes {
			parts = append(parts, c.What+" "+c.How)
		}
		changes := strings.Join(parts, "; ")
		if i == len(out)-1 && changes == "" {
			changes = "created"
			if v.Version > 1 {
				changes = "(oldest kept)"
			}
		}
		if i == 0 {
			changes = strings.TrimPrefix(changes+" (current)", " ")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", v.Version, stamp(v.Saved), ui.Plain(changes))
	}
	return tw.Flush()
}

func (a *app) printLog(s *vault.Store, events []vault.Event, asJSON bool) error {
	title := func(id vault.ID) string {
		if id.IsZero() {
			return ""
		}
		if d, err := s.Get(id); err == nil {
			return d.Title
		}
		return "(deleted " + id.Short() + ")"
	}
	if asJSON {
		type eventJSON struct {
			Time    time.Time    `json:"time"`
			Action  vault.Action `json:"action"`
			Dossier string       `json:"dossier,omitempty"`
			Title   string       `json:"title,omitempty"`
			Detail  string       `json:"detail,omitempty"`
		}
		out := []eventJSON{}
		for _, e := range events {
			ej := eventJSON{Time: e.Time, Action: e.Action, Detail: e.Detail}
			if !e.Dossier.IsZero() {
				ej.Dossier, ej.Title = e.Dossier.String(), title(e.Dossier)
			}
			out = append(out, ej)
		}
		return writeJSON(a.env.Stdout, out)
	}
	if len(events) == 0 {
		fmt.Fprintln(a.env.Stderr, "the log is empty")
		return nil
	}
	bw := bufio.NewWriter(a.env.Stdout)
	defer bw.Flush()
	tw := newColumns(bw)
	fmt.Fprintln(tw, "TIME\tACTION\tDOSSIER\tDETAIL")
	for _, e := range events {
		who := ""
		if !e.Dossier.IsZero() {
			who = e.Dossier.Short() + " " + title(e.Dossier)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", stamp(e.Time), e.Action, ui.Plain(who), ui.Plain(e.Detail))
	}
	return tw.Flush()
}
