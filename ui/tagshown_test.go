package ui

import (
	"slices"
	"testing"
)

// TestTags_TagShown: with the list filtered, # then a gives a tag to every
// dossier shown, in one write, and goes back to the list; without a filter
// it says to filter first, and tags nothing.
func TestTags_TagShown(t *testing.T) {
	m, _ := mainModel(t, 100, 24)
	m = press(t, m, "#", "a")
	mustContain(t, view(m), "filter the list first")
	if m.tags.adding {
		t.Fatal("a without a filter asks for a tag")
	}
	m = press(t, m, "esc", "/")
	m = typeText(t, m, "#vip")
	m = press(t, m, "enter", "#")
	mustContain(t, view(m), "a tags the 2 shown by #vip")
	m = press(t, m, "a")
	mustContain(t, view(m), "Tag the 2 dossiers shown by #vip with:")
	m = typeText(t, m, "vance household")
	m = press(t, m, "enter")
	if m.screen != screenMain {
		t.Fatalf("not back on the list:\n%s", view(m))
	}
	mustContain(t, view(m), "tagged 2 dossiers vance household")
	for title, want := range map[string]bool{"Eleanor Vance": true, "Eleanor Vance passport": true, "Dr. Amara Okafor": false} {
		d, err := m.c.store.Resolve(title)
		if err != nil || slices.Contains(d.Tags, "vance household") != want {
			t.Errorf("%s: tags %q, %v", title, d.Tags, err)
		}
	}
	// Again: both have it.
	m = press(t, m, "#", "a")
	m = typeText(t, m, "Vance Household")
	m = press(t, m, "enter")
	mustContain(t, view(m), "tagged 0 dossiers Vance Household; 2 had it already")
}
