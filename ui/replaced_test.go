package ui

import (
	"bytes"
	"os"
	"testing"

	"charm.land/lipgloss/v2"

	"confidant/vault"
)

// TestSave_FileReplaced: an edit saved after a sync program put another
// file in the vault's place is refused, and the status line says why and
// what to do, in one line an 80-column terminal shows whole.
func TestSave_FileReplaced(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	path := m.c.store.Path()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".new", data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "e")
	m = typeText(t, m, " Jr")
	m = press(t, m, "ctrl+s")
	msg := errText(vault.ErrReplaced)
	if lipgloss.Width(msg) > 80 {
		t.Errorf("%d columns: %q", lipgloss.Width(msg), msg)
	}
	mustContain(t, view(m), msg)
	if now, _ := os.ReadFile(path); !bytes.Equal(now, data) {
		t.Error("the file put in place was written to")
	}
}
