package ui

import (
	"errors"
	"fmt"
	"testing"

	"confidant/vault"
)

// TestPasswd: P changes the vault passphrase after the current one is
// typed right; a wrong current one, a common or short new one, two that
// differ, and the same one are refused, and nothing changes; esc leaves.
func TestPasswd(t *testing.T) {
	m, _ := mainModel(t, 100, 30)
	s := m.c.store
	m = press(t, m, "P")
	if m.screen != screenPasswd {
		t.Fatalf("P opened screen %d", m.screen)
	}
	mustContain(t, view(m), "Change the vault passphrase", "Current", "New", "Again")
	fill := func(cur, next, again string) model {
		t.Helper()
		for i, v := range []string{cur, next, again} {
			m.passwd.inputs[i].Reset()
			m = typeText(t, m, v)
			m = press(t, m, "enter")
		}
		return m
	}
	const next = "lantern orbit quarry velvet"
	for _, c := range []struct{ cur, next, again, want string }{
		{"not the passphrase", next, next, "that is not the vault's passphrase: nothing was changed"},
		{testPass, "Summer2024!!", "Summer2024!!", "is a common password"},
		{testPass, "tiny1", "tiny1", "has fewer than 8 characters"},
		{testPass, next, next + "x", "the two new passphrases differ"},
		{testPass, testPass, testPass, "that is the passphrase the vault has"},
	} {
		m = fill(c.cur, c.next, c.again)
		if m.screen != screenPasswd {
			t.Fatalf("%q: left the screen", c.want)
		}
		mustContain(t, view(m), c.want)
		mustNotContain(t, view(m), c.next)
		if err := s.CheckPassphrase([]byte(testPass)); err != nil {
			t.Fatalf("%q: the passphrase changed: %v", c.want, err)
		}
		for m.passwd.focus != 0 {
			m = press(t, m, "shift+tab")
		}
	}
	m = fill(testPass, next, next)
	if m.screen != screenMain {
		t.Fatalf("not back on the list:\n%s", view(m))
	}
	mustContain(t, view(m), "passphrase changed: the vault opens with the new one")
	if err := s.CheckPassphrase([]byte(next)); err != nil {
		t.Errorf("the new passphrase: %v", err)
	}
	if err := s.CheckPassphrase([]byte(testPass)); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Errorf("the old passphrase: %v", err)
	}
	if events, err := s.Log(vault.ID{}); err != nil || len(events) == 0 || events[0].Action != vault.ActPassphraseChanged {
		t.Errorf("the log's newest event: %v, %v", events[:min(1, len(events))], err)
	}
	// esc leaves, and what was typed goes with it.
	m = press(t, m, "P")
	m = typeText(t, m, "half typed")
	m = press(t, m, "esc")
	if m.screen != screenMain || m.passwd.inputs[0].Value() != "" {
		t.Errorf("esc: screen %d, %q left", m.screen, m.passwd.inputs[0].Value())
	}
}

// TestPasswd_NotWiped: a change that was saved, but whose old keys could
// not then be overwritten in the vault file (vault.ErrNotWiped), is not
// shown as a failure ("nothing was changed" would be false): the screen
// goes back to the list and the status says both.
func TestPasswd_NotWiped(t *testing.T) {
	m, _ := mainModel(t, 200, 30)
	m = press(t, m, "P")
	note, err := wipeNote(fmt.Errorf("%w: a read of the vault did not end", vault.ErrNotWiped))
	if err != nil || note == "" {
		t.Fatalf("wipeNote: %q, %v", note, err)
	}
	m = send(t, m, passwdMsg{note: note})
	if m.screen != screenMain {
		t.Fatalf("not back on the list:\n%s", view(m))
	}
	mustContain(t, view(m), "passphrase changed: the vault opens with the new one · warning: the change is saved")
	mustNotContain(t, view(m), "nothing was changed")
	// Any other error stays one.
	if note, err := wipeNote(vault.ErrLocked); note != "" || !errors.Is(err, vault.ErrLocked) {
		t.Errorf("wipeNote(ErrLocked): %q, %v", note, err)
	}
}

// TestPasswd_NewRecipient: ctrl+o on the passphrase screen also gives the
// vault a new recipient, says so before and after, and is off by default.
func TestPasswd_NewRecipient(t *testing.T) {
	m, _ := mainModel(t, 160, 30)
	s := m.c.store
	was, _ := s.Recipient()
	m = press(t, m, "P")
	mustContain(t, view(m), "if the old one leaked, ctrl+o also gives the vault a new recipient")
	m = press(t, m, "ctrl+o")
	mustContain(t, view(m), "and a new recipient: handoffs addressed to the old one will not open")
	const next = "lantern orbit quarry velvet"
	for _, v := range []string{testPass, next, next} {
		m = typeText(t, m, v)
		m = press(t, m, "enter")
	}
	now, _ := s.Recipient()
	if m.screen != screenMain || now == was {
		t.Fatalf("screen %d, recipient %s, was %s:\n%s", m.screen, now, was, view(m))
	}
	mustContain(t, view(m), "new passphrase and recipient: colleagues need it (C, then y copies it)")

	// Off again by default: the next change keeps the recipient.
	m = press(t, m, "P")
	mustNotContain(t, view(m), "and a new recipient")
	for _, v := range []string{next, testPass + " again", testPass + " again"} {
		m = typeText(t, m, v)
		m = press(t, m, "enter")
	}
	if again, _ := s.Recipient(); again != now {
		t.Errorf("a plain change replaced the recipient")
	}
	mustContain(t, view(m), "passphrase changed: the vault opens with the new one")
}
