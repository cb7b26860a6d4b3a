package ui

import (
	"fmt"
	"strings"

	"confidant/vault"
)

// HandoffChoice says what of the chosen dossiers a handoff carries, label
// by label (case and surrounding spaces aside): the interface's "what
// goes" list and handoff's --include-secret and --leave flags make one.
// What it leaves out, the file does not name.
type HandoffChoice struct {
	AllSecrets  bool            // every secret field goes
	Secrets     map[string]bool // and the secret fields of these labels
	LeaveFields map[string]bool // fields of these labels stay, secret or not
	LeaveDates  map[string]bool // dates of these labels stay
	NoNotes     bool            // the notes stay
	Attachments bool            // every attachment goes
	// and the attachments of these names (the passport scan, not the
	// doctor's letter)
	AttachmentNames map[string]bool
}

// LabelKey is how HandoffChoice compares labels.
func LabelKey(label string) string { return strings.ToLower(strings.TrimSpace(label)) }

// Field reports whether f goes.
func (c HandoffChoice) Field(f vault.Field) bool {
	k := LabelKey(f.Label)
	return !c.LeaveFields[k] && (!f.Secret || c.AllSecrets || c.Secrets[k])
}

// Date reports whether d goes.
func (c HandoffChoice) Date(d vault.Date) bool { return !c.LeaveDates[LabelKey(d.Label)] }

// Attachment reports whether a goes.
func (c HandoffChoice) Attachment(a vault.Attachment) bool {
	return c.Attachments || c.AttachmentNames[LabelKey(a.Name)]
}

// Export returns the options that export ids as the choice says.
func (c HandoffChoice) Export(ids []vault.ID, from string) vault.ExportOptions {
	return vault.ExportOptions{IDs: ids, Secrets: c.AllSecrets, Attachments: c.Attachments, From: from,
		KeepField: c.Field, KeepDate: c.Date, NoNotes: c.NoNotes, KeepAttachment: c.Attachment}
}

// whatItem is one line of the handoff's "what goes" list: the fields of
// one label, the dates of one label, the notes, or the attachments of one
// name, across the chosen dossiers.
type whatItem struct {
	what   int // whatField, whatDate, whatNotes, whatAttachments
	label  string
	secret bool // a field of this label is secret somewhere
	// notes: the secret is written in the notes, not a field
	// ("Door code: 4471"): it goes with the notes or stays, as chosen
	notes bool
	n     int // how many of the chosen dossiers have it
	size  int64
	on    bool
}

const (
	whatField = iota
	whatDate
	whatNotes
	whatAttachments
)

// key tells items apart, and keeps a choice across a change of the
// dossiers chosen.
func (it whatItem) key() string { return fmt.Sprint(it.what, LabelKey(it.label)) }

// whatGoes lists what the dossiers ds hold, fields first in the order they
// come, then dates, notes and attachments; each on unless it is secret or
// an attachment, or as it was in before.
func whatGoes(ds []*vault.Dossier, before []whatItem) []whatItem {
	var items []whatItem
	at := map[string]int{}
	add := func(it whatItem, secret bool, size int64) {
		i, ok := at[it.key()]
		if !ok {
			i = len(items)
			at[it.key()] = i
			items = append(items, it)
		}
		items[i].notes = items[i].notes && it.notes // in the notes only
		items[i].n++
		items[i].secret = items[i].secret || secret
		items[i].size += size
	}
	for _, d := range ds {
		for _, f := range d.Fields {
			add(whatItem{what: whatField, label: f.Label}, f.Secret, 0)
		}
		for _, l := range vault.NoteSecretLabels(d) {
			if d.FieldIndex(l) < 0 {
				add(whatItem{what: whatField, label: l, notes: true}, true, 0)
			}
		}
	}
	for _, d := range ds {
		for _, dt := range d.Dates {
			add(whatItem{what: whatDate, label: dt.Label}, false, 0)
		}
	}
	for _, d := range ds {
		if d.Notes != "" {
			add(whatItem{what: whatNotes, label: "Notes"}, false, 0)
		}
	}
	for _, d := range ds {
		for _, a := range d.Attachments {
			add(whatItem{what: whatAttachments, label: a.Name}, false, a.Size)
		}
	}
	was := map[string]bool{}
	for _, it := range before {
		was[it.key()] = it.on
	}
	for i := range items {
		it := &items[i]
		on, ok := was[it.key()]
		if !ok {
			on = !it.secret && it.what != whatAttachments
		}
		it.on = on
	}
	return items
}

// choice turns the list into a HandoffChoice.
func choiceOf(items []whatItem) HandoffChoice {
	c := HandoffChoice{Secrets: map[string]bool{}, LeaveFields: map[string]bool{}, LeaveDates: map[string]bool{}, AttachmentNames: map[string]bool{}}
	for _, it := range items {
		k := LabelKey(it.label)
		switch {
		case it.what == whatField && it.on && it.secret:
			c.Secrets[k] = true
		case it.what == whatField && !it.on:
			c.LeaveFields[k] = true
		case it.what == whatDate && !it.on:
			c.LeaveDates[k] = true
		case it.what == whatNotes:
			c.NoNotes = !it.on
		case it.what == whatAttachments && it.on:
			c.AttachmentNames[k] = true
		}
	}
	return c
}

// aside says what the item is, after its label: "secret · 2 dossiers",
// "date · 1 dossier", "attachment · 2.1 MiB".
func (it whatItem) aside() string {
	if it.what == whatAttachments {
		size := "attachment · " + humanSize(it.size)
		if it.n > 1 {
			size = fmt.Sprintf("attachment · %d dossiers, %s", it.n, humanSize(it.size))
		}
		return size
	}
	n := fmt.Sprintf("%d dossier%s", it.n, plural(it.n))
	switch {
	case it.what == whatField && it.notes:
		return "secret, in the notes · " + n
	case it.what == whatField && it.secret:
		return "secret · " + n
	case it.what == whatDate:
		return "date · " + n
	}
	return n
}
