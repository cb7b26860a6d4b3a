package ui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"confidant/vault"
)

// TestSecureNotes: S asks, then moves the secrets written in the notes
// into masked fields, in one save; n leaves them. A dossier without any
// says so.
func TestSecureNotes(t *testing.T) {
	m, _ := mainModel(t, 100, 30)
	d, err := m.c.store.Resolve("Household alarm codes")
	if err != nil {
		t.Fatal(err)
	}
	d.Notes = "Gate opens at 7:30.\nDoor code: 4471\nSafe PIN: 0911"
	if _, err := m.c.store.Save(d); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "g", "S")
	mustContain(t, view(m), "no secret written in the notes of")
	m = press(t, m, "G")
	m = send(t, m, refreshMsg{})
	m = press(t, m, "enter")
	mustContain(t, view(m), "⚠ 2 secrets in the notes: S masks them", "Door code: ••••••••", "Safe PIN: ••••••••")
	mustNotContain(t, view(m), "4471", "0911")
	m = press(t, m, "S")
	mustContain(t, view(m), "Move Door code, Safe PIN from the notes of Household alarm codes into masked fields?")
	m = press(t, m, "n")
	if got, _ := m.c.store.Get(d.ID); !strings.Contains(got.Notes, "4471") {
		t.Fatal("n moved them")
	}
	m = press(t, m, "S", "y")
	mustContain(t, view(m), "moved Door code, Safe PIN from the notes into masked fields")
	got, _ := m.c.store.Get(d.ID)
	door, _ := got.Field("Door code")
	pin, _ := got.Field("Safe PIN")
	if got.Notes != "Gate opens at 7:30.\n" || door.Value != "4471" || !door.Secret || pin.Value != "0911" || pin.Type != vault.TypePassword {
		t.Errorf("after S: notes %q, %+v, %+v", got.Notes, door, pin)
	}
	mustNotContain(t, view(m), "4471", "in the notes: S")

	// In a sentence: the value moves, and the sentence names the field.
	d, _ = m.c.store.Get(d.ID)
	d.Notes += "Spare key with Joan; the gate code is 7781, then press #."
	if _, err := m.c.store.Save(d); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, refreshMsg{})
	mustContain(t, view(m), "⚠ Gate code in the notes: S masks it", "the gate code is ••••••••, then")
	mustNotContain(t, view(m), "7781")
	m = press(t, m, "S", "y")
	got, _ = m.c.store.Get(d.ID)
	if gate, _ := got.Field("Gate code"); gate.Value != "7781" || !gate.Secret || got.Notes != "Gate opens at 7:30.\nSpare key with Joan; the gate code is [Gate code], then press #." {
		t.Errorf("after S: notes %q, %+v", got.Notes, gate)
	}
}

// TestConfirm_Wraps: a question longer than the screen is wide (S on a
// dossier of long labels, at 80 columns) is wrapped inside its box, to
// its last word, never cut at the edge.
func TestConfirm_Wraps(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = send(t, m, confirmMsg{prompt: "Move Door code, Alarm code, Wi-Fi password from the notes of Robert Vance into masked fields?\nThe notes keep the rest.", yes: quitMsg{}})
	v := view(m)
	for _, line := range strings.Split(v, "\n") {
		if w := lipgloss.Width(line); w > 80 || strings.HasSuffix(strings.TrimRight(line, " "), "…") {
			t.Fatalf("a line of %d cells, or cut:\n%s", w, v)
		}
	}
	mustContain(t, v, "into masked fields?", "The notes keep the rest.", "y yes · n no")
}
