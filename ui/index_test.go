package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// indexMsgs runs cmd and returns the indexedMsgs it produced.
func indexMsgs(t *testing.T, cmd tea.Cmd) []indexedMsg {
	t.Helper()
	var out []indexedMsg
	for _, msg := range runCmd(cmd) {
		if im, ok := msg.(indexedMsg); ok {
			out = append(out, im)
		}
	}
	return out
}

// TestIndex_BuiltInCommandAfterUnlock checks that unlocking does not index
// the dossiers inside Update: the main screen shows a spinner until the
// command's message arrives.
func TestIndex_BuiltInCommandAfterUnlock(t *testing.T) {
	clk := newClock()
	s := newTestStore(t, clk)
	sampleDossiers(t, s)
	s.Lock()
	m := newTestModel(t, s, clk, 80, 24)
	m = typeText(t, m, testPass)
	m, cmd := sendNoRun(m, keyMsg("enter"))
	msgs := runCmd(cmd) // key derivation
	if len(msgs) != 1 {
		t.Fatalf("unlock produced %v", msgs)
	}
	m, cmd = sendNoRun(m, msgs[0])
	if m.screen != screenMain {
		t.Fatal("not on the main screen after unlocking")
	}
	if len(m.browse.ix.entries) != 0 || !m.browse.loading {
		t.Fatal("the index was built inside Update")
	}
	mustContain(t, view(m), "opening the dossiers…")
	ims := indexMsgs(t, cmd)
	if len(ims) != 1 {
		t.Fatalf("unlocking returned %d index messages, want 1", len(ims))
	}
	if len(m.browse.ix.entries) != 0 {
		t.Fatal("running the command changed the model")
	}
	m = send(t, m, ims[0])
	if m.browse.loading || len(m.browse.visible) != 4 {
		t.Fatalf("after the index arrived: loading %v, %d shown", m.browse.loading, len(m.browse.visible))
	}
	mustContain(t, view(m), "4 dossiers", "Dr. Amara Okafor")
	mustNotContain(t, view(m), "opening the dossiers…")
}

// TestIndex_StaleDiscarded checks that an index asked for before another is
// dropped when it arrives after it, and that the old list stays on screen
// until the new one arrives.
func TestIndex_StaleDiscarded(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	s := m.c.store

	stale := indexMsgs(t, m.browse.refresh(vault.ID{}))
	d, err := s.Add(vault.New("Kenji Tanaka", vault.KindContact))
	if err != nil {
		t.Fatal(err)
	}
	m, cmd := sendNoRun(m, savedMsg{d: d, status: "added Kenji Tanaka"})
	mustContain(t, view(m), "4 dossiers") // the old list, until the new index comes
	if len(m.browse.visible) != 4 {
		t.Fatalf("%d dossiers shown before the index arrived", len(m.browse.visible))
	}
	fresh := indexMsgs(t, cmd)
	if len(stale) != 1 || len(fresh) != 1 || stale[0].gen >= fresh[0].gen {
		t.Fatalf("generations: stale %v, fresh %v", stale, fresh)
	}
	m = send(t, m, fresh[0])
	mustContain(t, view(m), "5 dossiers", "Kenji Tanaka")
	if got := m.browse.selected(); got == nil || got.ID != d.ID {
		t.Fatal("the saved dossier is not selected")
	}
	m = send(t, m, stale[0])
	if len(m.browse.ix.entries) != 5 {
		t.Fatalf("a stale index was installed: %d dossiers", len(m.browse.ix.entries))
	}
	mustContain(t, view(m), "5 dossiers", "Kenji Tanaka")
}

// TestIndex_StaleAfterLock checks that an index asked for before locking is
// not installed after: it would put decrypted dossiers back on screen.
func TestIndex_StaleAfterLock(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	pending := indexMsgs(t, m.browse.refresh(vault.ID{}))
	m = press(t, m, "ctrl+l")
	m = send(t, m, pending[0])
	if len(m.browse.ix.entries) != 0 {
		t.Fatal("an index from before the lock was installed")
	}
	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	m = send(t, m, pending[0])
	mustContain(t, view(m), "4 dossiers")
}

// TestIndex_ArrivesOnOtherScreen checks that an index arriving while
// another screen is active still reaches the main list.
func TestIndex_ArrivesOnOtherScreen(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	d, err := m.c.store.Add(vault.New("Kenji Tanaka", vault.KindContact))
	if err != nil {
		t.Fatal(err)
	}
	cmd := m.browse.refresh(d.ID)
	m = press(t, m, "T")
	if m.screen != screenTrash {
		t.Fatal("T did not open the trash")
	}
	m = send(t, m, runCmd(cmd)...)
	m = press(t, m, "esc")
	mustContain(t, view(m), "5 dossiers", "Kenji Tanaka")
}
