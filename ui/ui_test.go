package ui

import (
	"errors"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"confidant/vault"
)

func TestSetup_CreatesVault(t *testing.T) {
	clk := newClock()
	m := newTestModel(t, nil, clk, 80, 24)
	mustContain(t, view(m), "Welcome to Confidant", "There is no vault yet")

	m = typeText(t, m, "short")
	m = press(t, m, "enter")
	mustContain(t, view(m), "fewer than 8 characters")

	// Past the first input with tab, the same.
	m = press(t, m, "tab")
	m = typeText(t, m, "short")
	m = press(t, m, "enter")
	mustContain(t, view(m), "fewer than 8 characters")
	if m.setup.busy || m.setup.focus != 0 {
		t.Fatal("a short passphrase given by way of tab went on to create the vault")
	}
	m = press(t, m, "tab", "ctrl+u", "shift+tab")

	// A common password, however long, is refused too.
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, "Summer2024!!")
	mustContain(t, view(m), "strength: a common password, guessed first")
	m = press(t, m, "tab")
	m = typeText(t, m, "Summer2024!!")
	m = press(t, m, "enter")
	mustContain(t, view(m), "is a common password")
	if m.setup.busy || m.setup.focus != 0 {
		t.Fatal("a common passphrase went on to create the vault")
	}
	m = press(t, m, "tab", "ctrl+u", "shift+tab", "ctrl+u")

	m = typeText(t, m, "short and longer")
	mustContain(t, view(m), "strength:")
	mustNotContain(t, view(m), "short and longer")
	m = press(t, m, "enter")
	m = typeText(t, m, "something else")
	m = press(t, m, "enter")
	mustContain(t, view(m), "the two passphrases differ")

	m = typeText(t, m, "short and longer")
	m = press(t, m, "enter")
	if m.screen != screenMain || m.c.store == nil || m.c.store.Locked() {
		t.Fatalf("after setup: screen %d, store %v", m.screen, m.c.store)
	}
	t.Cleanup(func() { m.c.store.Close() })
	mustContain(t, view(m), "0 dossiers", "Your vault is empty", "press n to add a first dossier", "Or I to bring in a client")
}

func TestUnlock_WrongThenRight(t *testing.T) {
	clk := newClock()
	s := newTestStore(t, clk)
	sampleDossiers(t, s)
	s.Lock()
	m := newTestModel(t, s, clk, 80, 24)

	m = typeText(t, m, "not it")
	m, cmd := sendNoRun(m, keyMsg("enter"))
	if !m.unlock.busy || cmd == nil {
		t.Fatal("enter did not start key derivation in a command")
	}
	mustContain(t, view(m), "unlocking…")
	mustNotContain(t, view(m), "not it")
	for _, msg := range runCmd(cmd) {
		m = send(t, m, msg)
	}
	if m.screen != screenUnlock || !s.Locked() {
		t.Fatal("a wrong passphrase unlocked the vault")
	}
	mustContain(t, view(m), "wrong passphrase, try again")

	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	if m.screen != screenMain || s.Locked() {
		t.Fatalf("right passphrase did not unlock:\n%s", view(m))
	}
	mustContain(t, view(m), "4 dossiers", "Dr. Amara Okafor")
	mustNotContain(t, view(m), "common password")
}

// TestUnlock_CommonPassphrase: a vault made before common passphrases were
// refused still opens with one, and the status line says to change it.
func TestUnlock_CommonPassphrase(t *testing.T) {
	clk := newClock()
	const weak = "Password2024!"
	s, err := vault.Create(filepath.Join(t.TempDir(), "vault.db"), []byte(weak), vault.CreateOptions{WorkFactor: 10}, &vault.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Lock()
	m := newTestModel(t, s, clk, 100, 24)
	m = typeText(t, m, weak)
	m = press(t, m, "enter")
	if m.screen != screenMain || s.Locked() {
		t.Fatalf("the passphrase did not unlock:\n%s", view(m))
	}
	mustContain(t, view(m), "the vault passphrase is a common password: P changes it")
	mustNotContain(t, view(m), weak)
}

func TestBrowse_FilterRevealCopy(t *testing.T) {
	m, clk := mainModel(t, 100, 30)

	m = press(t, m, "/")
	m = typeText(t, m, "passport")
	if got := len(m.browse.visible); got != 1 {
		t.Fatalf("filter passport shows %d dossiers, want 1", got)
	}
	mustContain(t, view(m), "1 match", "Eleanor Vance passport")

	// A secret value is not searchable.
	m = press(t, m, "esc")
	m = press(t, m, "/")
	m = typeText(t, m, "P12345")
	if got := len(m.browse.visible); got != 0 {
		t.Fatalf("filter on a secret value found %d dossiers", got)
	}
	m = press(t, m, "esc", "/")
	m = typeText(t, m, "shellfish")
	if got := len(m.browse.visible); got != 1 || m.browse.selected().Title != "Eleanor Vance" {
		t.Fatalf("filter on a note found %d dossiers", got)
	}
	m = press(t, m, "esc", "/")
	m = typeText(t, m, "#vip kind:tra")
	if got := len(m.browse.visible); got != 1 || m.browse.selected().Title != "Eleanor Vance passport" {
		t.Fatalf("filter by tag and kind found %d dossiers", got)
	}

	m = press(t, m, "enter", "enter", "j", "j")
	if f := m.browse.selected().Fields[m.browse.field]; f.Label != "Number" {
		t.Fatalf("selected field %q, want Number", f.Label)
	}
	mustContain(t, view(m), "•••••")
	mustNotContain(t, view(m), "P123456789")

	m, cmd := sendNoRun(m, keyMsg("r"))
	if cmd == nil {
		t.Fatal("reveal returned no command to log it")
	}
	m = send(t, m, runCmd(cmd)...)
	mustContain(t, view(m), "P123456789", "10s")
	clk.advance(revealFor)
	m = send(t, m, tickMsg{})
	mustNotContain(t, view(m), "P123456789")

	m, cmd = sendNoRun(m, keyMsg("y"))
	var sawClipboard bool
	for _, msg := range cmdMsgs(cmd) {
		if strings.Contains(strings.ToLower(reflectName(msg)), "clipboard") {
			sawClipboard = true
		}
		m = send(t, m, msg)
	}
	if !sawClipboard {
		t.Fatal("copy did not set the clipboard")
	}
	mustContain(t, view(m), "Number on clipboard · clears in 30s")
	clk.advance(12 * time.Second)
	m = send(t, m, tickMsg{})
	mustContain(t, view(m), "clears in 18s")
	clk.advance(18 * time.Second)
	m, cmd = sendNoRun(m, tickMsg{})
	if cmd == nil {
		t.Fatal("no command clears the clipboard")
	}
	mustContain(t, view(m), "clipboard cleared")

	events, err := m.c.store.Log(m.browse.selected().ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, string(e.Action)+" "+e.Detail)
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "copied Number") || !strings.Contains(got, "revealed Number") {
		t.Fatalf("access log = %s, want the reveal and the copy", got)
	}
}

func reflectName(msg tea.Msg) string {
	return strings.TrimPrefix(strings.TrimPrefix(typeName(msg), "tea."), "*")
}

func typeName(v any) string { return strings.ReplaceAll(fmtType(v), " ", "") }

func TestBrowse_Sort(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = press(t, m, "s", "s")
	if m.browse.sort != sortNext {
		t.Fatalf("sort = %s", m.browse.sort)
	}
	// The birthday (10 March) comes before the passport expiry (30 June).
	if d := m.browse.selected(); d.Title != "Dr. Amara Okafor" {
		t.Fatalf("sorting lost the selection: %s", d.Title)
	}
	if d := m.browse.ix.entries[m.browse.visible[0]].d; d.Title != "Eleanor Vance" {
		t.Fatalf("first by next date: %s", d.Title)
	}
	mustContain(t, view(m), "by next date")

	// Once the passport has expired it needs attention before any birthday:
	// it sorted last, having no date ahead.
	m, clk := mainModel(t, 80, 24)
	clk.advance(150 * 24 * time.Hour) // to the end of July
	m = press(t, m, "ctrl+l")
	m = typeText(t, m, testPass)
	m = press(t, m, "enter", "s", "s")
	if d := m.browse.ix.entries[m.browse.visible[0]].d; d.Title != "Eleanor Vance passport" {
		t.Fatalf("first by next date, the passport expired: %s", d.Title)
	}
}

func TestIdleLock_DropsEverything(t *testing.T) {
	m, clk := mainModel(t, 80, 24)
	m = press(t, m, "j", "enter")                  // Eleanor Vance
	mustContain(t, view(m), "Prefers aisle seats") // the notes, wrapped for the pane
	if m.c.notes.lines == nil {
		t.Fatal("the detail pane keeps no wrapped notes")
	}
	clk.advance(4 * time.Minute)
	m = send(t, m, tickMsg{})
	if m.screen != screenMain {
		t.Fatal("locked before the idle limit")
	}
	// A laptop that slept: the wall clock jumps.
	clk.advance(2 * time.Hour)
	m, cmd := sendNoRun(m, tickMsg{})
	if m.screen != screenUnlock || !m.c.store.Locked() {
		t.Fatal("not locked after the idle limit")
	}
	_ = cmd
	if len(m.browse.ix.entries) != 0 || m.browse.ix.cache != nil || m.browse.selected() != nil {
		t.Fatal("the main screen kept decrypted dossiers after locking")
	}
	if m.c.notes.lines != nil || m.c.notes.notes != "" {
		t.Fatal("the detail pane's wrapped notes outlived the lock")
	}
	mustContain(t, view(m), "locked after 5m0s without use")
	mustNotContain(t, view(m), "Eleanor")
}

func TestLockKey(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = press(t, m, "ctrl+l")
	if m.screen != screenUnlock || !m.c.store.Locked() {
		t.Fatal("ctrl+l did not lock")
	}
}

func TestPrivacy(t *testing.T) {
	m, clk := mainModel(t, 80, 24)
	m = press(t, m, "ctrl+x")
	mustNotContain(t, view(m), "Eleanor", "Confidant ")
	mustContain(t, view(m), "hidden")
	clk.advance(2 * time.Second)
	m = press(t, m, "ctrl+x")
	mustContain(t, view(m), "Eleanor")

	m = press(t, m, "ctrl+x")
	clk.advance(privacyGrace)
	m = press(t, m, "ctrl+x")
	if !m.privacy {
		t.Fatal("the privacy key brought the screen back after the grace period")
	}
	mustContain(t, view(m), "passphrase to show")
	m = typeText(t, m, "wrong")
	m = press(t, m, "enter")
	mustContain(t, view(m), "wrong passphrase")

	// The check runs in a command and reloads nothing: the store keeps the
	// very dossiers it had (a second Unlock would decrypt them all again).
	before := m.c.store.List()
	m = typeText(t, m, testPass)
	m, cmd := sendNoRun(m, keyMsg("enter"))
	if !m.privacyBusy || cmd == nil {
		t.Fatal("enter did not start the passphrase check in a command")
	}
	mustContain(t, view(m), "checking…")
	mustNotContain(t, view(m), "Eleanor")
	msgs := runCmd(cmd)
	if len(msgs) != 1 || typeName(msgs[0]) != "ui.privacyCheckedMsg" {
		t.Fatalf("the check returned %v", msgs)
	}
	m = send(t, m, msgs...)
	if m.privacy {
		t.Fatal("the passphrase did not bring the screen back")
	}
	if after := m.c.store.List(); len(after) == 0 || &after[0] != &before[0] {
		t.Fatal("leaving the privacy screen reloaded the vault")
	}
	mustContain(t, view(m), "Eleanor")
}

// TestPrivacy_ResultsArriveBehind checks that a command finishing while the
// screen is hidden still reaches the screen behind it.
func TestPrivacy_ResultsArriveBehind(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m, cmd := sendNoRun(m, keyMsg("d")) // Dr. Amara Okafor to the trash
	m = press(t, m, "ctrl+x")
	m = send(t, m, runCmd(cmd)...)
	if !m.privacy {
		t.Fatal("a result uncovered the hidden screen")
	}
	mustNotContain(t, view(m), "Eleanor", "Okafor")
	m = press(t, m, "ctrl+x")
	mustContain(t, view(m), "3 dossiers", "moved Dr. Amara Okafor to the trash")
}

// TestPrivacy_WrongPassphraseKeepsVault checks that a wrong passphrase
// behind the privacy screen neither shows nor locks anything.
func TestPrivacy_WrongPassphraseKeepsVault(t *testing.T) {
	m, clk := mainModel(t, 80, 24)
	m = press(t, m, "ctrl+x")
	clk.advance(privacyGrace)
	m = typeText(t, m, "not the passphrase")
	m, cmd := sendNoRun(m, keyMsg("enter"))
	msgs := runCmd(cmd)
	if len(msgs) != 1 {
		t.Fatalf("the check returned %v", msgs)
	}
	if err := msgs[0].(privacyCheckedMsg).err; !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("check error = %v, want ErrWrongPassphrase", err)
	}
	m = send(t, m, msgs...)
	if !m.privacy || m.c.store.Locked() {
		t.Fatalf("after a wrong passphrase: privacy %v, locked %v", m.privacy, m.c.store.Locked())
	}
	mustContain(t, view(m), "wrong passphrase, try again")
	mustNotContain(t, view(m), "not the passphrase", "Eleanor")
}

func TestForm_NewDossier(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = press(t, m, "n")
	if m.screen != screenPick {
		t.Fatal("n did not open the template picker")
	}
	m = press(t, m, "j", "j", "j", "enter") // contact
	if m.screen != screenForm || m.form.orig.Kind != vault.KindContact {
		t.Fatalf("form on %q", m.form.orig.Kind)
	}
	m = typeText(t, m, "Marco Bellini")
	m = press(t, m, "tab")
	m = typeText(t, m, "chef, events")
	// tab passes over the template's labels: Name, Relationship, Phone values.
	m = press(t, m, "tab", "tab", "tab")
	m = typeText(t, m, "not a phone")
	mustContain(t, view(m), "⚠")
	m = press(t, m, "ctrl+s")
	if m.screen != screenForm || m.form.err == "" {
		t.Fatal("saved a dossier with an invalid phone")
	}
	for range len("not a phone") {
		m = press(t, m, "backspace")
	}
	m = typeText(t, m, "+39 06 1234 5678")

	// A new field, marked secret (its label does not name one), moved up.
	m = press(t, m, "ctrl+n")
	m = typeText(t, m, "Locker")
	m = press(t, m, "tab")
	m = typeText(t, m, "9921")
	m = press(t, m, "ctrl+o", "ctrl+up")
	mustContain(t, view(m), "9921") // shown while typed in
	m = press(t, m, "tab")
	mustNotContain(t, view(m), "9921")

	// ctrl+e edits the label of the row in focus.
	// Locker went up above Phone; tab left it for Phone's value.
	m = press(t, m, "ctrl+e")
	m = typeText(t, m, " (mobile)")
	if got := m.form.fields[3].label.Value(); got != "Phone (mobile)" {
		t.Fatalf("after ctrl+e the label is %q", got)
	}

	// esc asks before dropping the changes.
	m = press(t, m, "esc")
	if m.confirm == nil {
		t.Fatal("leaving a changed form did not ask")
	}
	m = press(t, m, "n")
	if m.screen != screenForm {
		t.Fatal("no left the form")
	}

	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("save did not return to the list:\n%s", view(m))
	}
	d := m.browse.selected()
	if d.Title != "Marco Bellini" || !d.HasTag("chef") || !d.HasTag("events") {
		t.Fatalf("saved %+v", d)
	}
	i := d.FieldIndex("Locker")
	p := d.FieldIndex("Phone (mobile)")
	if i < 0 || !d.Fields[i].Secret || i+1 != p {
		t.Fatalf("door code at %d (phone at %d): %+v", i, p, d.Fields)
	}
	mustContain(t, view(m), "added Marco Bellini", "5 dossiers")
	if strings.Contains(view(m), "has this title") {
		t.Error("a new title is said to be taken")
	}
}

// TestNew_Namesake: adding a dossier whose title another has (in another
// case, without its accents) says so, since it is often a mistake.
func TestNew_Namesake(t *testing.T) {
	m, _ := mainModel(t, 100, 24)
	m = press(t, m, "n", "enter") // client
	m = typeText(t, m, "eleanor vance")
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("save did not return to the list:\n%s", view(m))
	}
	mustContain(t, view(m), "added eleanor vance · another dossier has this title", "5 dossiers")
}

func TestForm_EditAndQuitAsks(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = press(t, m, "G", "e") // the last: Household alarm codes
	if m.screen != screenForm || m.form.orig.Title != "Household alarm codes" {
		t.Fatalf("edit opened %q", m.form.orig.Title)
	}
	m = typeText(t, m, " (main house)")
	m, cmd := sendNoRun(m, keyMsg("ctrl+c"))
	m = send(t, m, runCmd(cmd)...)
	if m.confirm == nil || m.quitting {
		t.Fatal("ctrl+c with unsaved changes did not ask")
	}
	lines := strings.Split(view(m), "\n")
	if foot := lines[len(lines)-1]; !strings.Contains(foot, "y yes") || strings.Contains(foot, "save") {
		t.Fatalf("the footer under the question shows %q", foot)
	}
	m = press(t, m, "esc")
	m = press(t, m, "ctrl+s")
	if d := m.browse.selected(); d.Title != "Household alarm codes (main house)" || d.Version != 2 {
		t.Fatalf("after edit: %q v%d", d.Title, d.Version)
	}
}

func TestQuit(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = press(t, m, "/")
	m = typeText(t, m, "q?")
	if m.quitting || m.fullHelp {
		t.Fatal("q or ? typed in the filter acted as keys")
	}
	m = press(t, m, "esc", "?")
	if !m.fullHelp {
		t.Fatal("? did not show the keys")
	}
	mustContain(t, view(m), "Keys", "access log", "hide screen")
	m = press(t, m, "?", "q")
	if !m.quitting || view(m) != "" {
		t.Fatal("q did not quit and clear the screen")
	}
}

func TestDelete_UndoAndTrash(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = press(t, m, "d") // Dr. Amara Okafor
	mustContain(t, view(m), "moved Dr. Amara Okafor to the trash", "3 dossiers")
	m = press(t, m, "u")
	mustContain(t, view(m), "restored Dr. Amara Okafor", "4 dossiers")

	m = press(t, m, "d", "T")
	mustContain(t, view(m), "Trash", "Dr. Amara Okafor", "purge in 30d")
	m = press(t, m, "r")
	mustContain(t, view(m), "the trash is empty")
	m = press(t, m, "esc")
	mustContain(t, view(m), "4 dossiers")
}

func TestHistory_Revert(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = press(t, m, "e")
	m = typeText(t, m, " Jr")
	m = press(t, m, "ctrl+s", "H")
	mustContain(t, view(m), "History of Dr. Amara Okafor Jr", "v2", "(current)", "title changed", "created")
	m = press(t, m, "j", "r", "y")
	if d := m.browse.selected(); d.Title != "Dr. Amara Okafor" || d.Version != 3 {
		t.Fatalf("after revert: %q v%d", d.Title, d.Version)
	}
}

func TestUpcomingAndReviewed(t *testing.T) {
	m, clk := mainModel(t, 100, 24)
	mustContain(t, view(m), "2 due")
	m = press(t, m, "U")
	mustContain(t, view(m), "Upcoming", "Birthday", "in 9d", "Passport expiry")
	clk.advance(100 * 24 * time.Hour)
	m = press(t, m, "esc", "U")
	mustContain(t, view(m), "not reviewed since 2026-03-01")
	m = press(t, m, "m")
	mustContain(t, view(m), "reviewed")
}

func TestAccessLog(t *testing.T) {
	m, _ := mainModel(t, 100, 24)
	m = press(t, m, "G", "enter", "r", "y", "esc", "L")
	mustContain(t, view(m), "Access log", "copied", "revealed", "Alarm code", "created")
	m = press(t, m, "f")
	mustContain(t, view(m), "Access log of Household alarm codes")
}

func TestResize(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	for _, size := range [][2]int{{50, 15}, {160, 50}, {80, 24}} {
		m = send(t, m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(view(m), "\n")
		if len(lines) != size[1] {
			t.Fatalf("%dx%d: %d lines", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if w := len([]rune(l)); w > size[0] {
				t.Fatalf("%dx%d: line %d is %d wide: %q", size[0], size[1], i, w, l)
			}
		}
	}
}

func TestMouse(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = send(t, m, tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft})
	if m.browse.cursor != 2 {
		t.Fatalf("click on the third row selected %d", m.browse.cursor)
	}
	m = send(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if m.browse.cursor != 0 {
		t.Fatalf("wheel up: %d", m.browse.cursor)
	}
}

func TestBackgroundColor_Light(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = send(t, m, tea.BackgroundColorMsg{Color: lightColor{}})
	if m.c.styles.Dark {
		t.Fatal("a light background kept the dark styles")
	}
}

// TestColorProfile_Mono: where the terminal shows no colour (NO_COLOR),
// the selected row is drawn in reverse, since its background is dropped;
// a change of background keeps that, and a colour terminal drops it.
func TestColorProfile_Mono(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	if m.c.styles.Selected.GetReverse() {
		t.Fatal("reverse before any profile")
	}
	m = send(t, m, tea.ColorProfileMsg{Profile: colorprofile.Ascii})
	m = send(t, m, tea.BackgroundColorMsg{Color: lightColor{}})
	if !m.c.styles.Selected.GetReverse() || m.c.styles.Dark {
		t.Fatal("no reverse for the selected row without colour")
	}
	row := m.browse.listRow(&m.browse.ix.entries[m.browse.visible[m.browse.cursor]], true, 40)
	if !regexp.MustCompile(`\x1b\[([0-9;]*;)?7[;m]`).MatchString(row) {
		t.Errorf("the selected row %q has no reverse", row)
	}
	m = send(t, m, tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	if m.c.styles.Selected.GetReverse() {
		t.Fatal("reverse kept in colour")
	}
}

func TestViews(t *testing.T) {
	t.Run("setup", func(t *testing.T) {
		m := newTestModel(t, nil, newClock(), 80, 24)
		m.c.cfg.Path = "/home/pa/.local/share/confidant/vault.db"
		m = typeText(t, m, "three random words")
		golden(t, view(m))
	})
	t.Run("unlock", func(t *testing.T) {
		clk := newClock()
		s := newTestStore(t, clk)
		s.Lock()
		m := newTestModel(t, s, clk, 80, 24)
		m = typeText(t, m, "wrong")
		m = press(t, m, "enter")
		golden(t, strings.ReplaceAll(view(m), s.Path(), pad("/tmp/vault.db", len(s.Path()))))
	})
	t.Run("main", func(t *testing.T) {
		m, _ := mainModel(t, 80, 24)
		golden(t, view(m))
	})
	t.Run("main_filter", func(t *testing.T) {
		m, _ := mainModel(t, 80, 24)
		m = press(t, m, "/")
		m = typeText(t, m, "vance")
		m = press(t, m, "enter", "j", "enter", "j", "j", "r")
		golden(t, view(m))
	})
	t.Run("main_wide", func(t *testing.T) {
		m, _ := mainModel(t, 120, 32)
		m = press(t, m, "j", "enter")
		golden(t, view(m))
	})
	t.Run("edit", func(t *testing.T) {
		m, _ := mainModel(t, 80, 24)
		m = press(t, m, "j", "j", "e", "tab", "tab", "tab")
		golden(t, view(m))
	})
	t.Run("upcoming", func(t *testing.T) {
		m, _ := mainModel(t, 80, 24)
		m = press(t, m, "U")
		golden(t, view(m))
	})
	t.Run("help", func(t *testing.T) {
		m, _ := mainModel(t, 80, 24)
		m = press(t, m, "?")
		golden(t, view(m))
	})
}

// TestImports keeps bbolt and age out of the interface's own imports.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(p, "bbolt") || strings.HasPrefix(p, "filippo.io/age") || p == "confidant/crypto" {
				t.Errorf("%s imports %s", name, p)
			}
		}
	}
}

// TestForm_ImpliedDates: a travel document's expiry, once typed, brings an
// important date reminded six months ahead (shown in the form, saved with
// the dossier, so that Upcoming finds it); changing the expiry moves that
// date; a removed date stays removed while the field is left as it is; and
// a date already on that day (the README's "Passport expiry") is not
// doubled.
func TestForm_ImpliedDates(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "n", "j", "enter") // travel document
	if m.screen != screenForm || m.form.orig.Kind != vault.KindTravel {
		t.Fatalf("form on %q", m.form.orig.Kind)
	}
	m = typeText(t, m, "Passport Ada")
	// Title, tags, then the values of Holder, Document, Number, Issuing
	// country, Issued and Expires.
	m = press(t, m, "tab", "tab", "tab", "tab", "tab", "tab", "tab")
	if _, row, col := m.form.locate(m.form.focus); m.form.fields[row].label.Value() != "Expires" || col != 1 {
		t.Fatalf("focus on %q", m.form.fields[row].label.Value())
	}
	m = typeText(t, m, "2026-07-01")
	if len(m.form.dates) != 0 {
		t.Fatal("a date was added while the field was being typed")
	}
	m = press(t, m, "tab")
	if len(m.form.dates) != 1 {
		t.Fatalf("leaving the expiry gave %d dates", len(m.form.dates))
	}
	mustContain(t, view(m), "from Expires")
	dr := m.form.dates[0]
	if dr.label.Value() != "Expires" || dr.day.Value() != "2026-07-01" || dr.remind.Value() != "6m" || dr.yearly {
		t.Fatalf("the date: %q %q %q yearly %v", dr.label.Value(), dr.day.Value(), dr.remind.Value(), dr.yearly)
	}

	// Changing the expiry moves the date with it.
	m = press(t, m, "shift+tab")
	for range len("2026-07-01") {
		m = press(t, m, "backspace")
	}
	m = typeText(t, m, "2026-08-15")
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("not saved:\n%s", view(m))
	}
	d := m.browse.selected()
	if len(d.Dates) != 1 || d.Dates[0].Label != "Expires" || d.Dates[0].On.Format(time.DateOnly) != "2026-08-15" ||
		d.Dates[0].Remind != (vault.Period{Months: 6}) {
		t.Fatalf("saved dates %+v", d.Dates)
	}
	// The tests' clock stands at 2026-03-01, inside the six months.
	m = press(t, m, "U")
	mustContain(t, view(m), "Passport Ada", "Expires")

	// Removed, it stays removed while the expiry is not changed.
	m = press(t, m, "esc")
	m = press(t, m, "e")
	m = press(t, m, "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab") // onto the date's day
	if sec, _, _ := m.form.locate(m.form.focus); sec != secDate {
		t.Fatalf("focus in section %d", sec)
	}
	m = press(t, m, "ctrl+r")
	m = press(t, m, "shift+tab", "shift+tab") // back through the expiry, unchanged
	m = press(t, m, "tab", "tab")
	if len(m.form.dates) != 0 {
		t.Fatalf("the removed date came back: %d dates", len(m.form.dates))
	}
	m = press(t, m, "ctrl+s")
	if d := m.browse.selected(); len(d.Dates) != 0 {
		t.Fatalf("saved dates %+v", d.Dates)
	}

	// A date already on the day: nothing added.
	m = press(t, m, "e", "ctrl+g")
	m = typeText(t, m, "Passport expiry")
	m = press(t, m, "tab")
	m = typeText(t, m, "2028-01-01")
	for range 20 {
		if _, row, col := m.form.locate(m.form.focus); row < len(m.form.fields) && m.form.fields[row].label.Value() == "Expires" && col == 1 {
			break
		}
		m = press(t, m, "tab")
	}
	for range len("2026-08-15") {
		m = press(t, m, "backspace")
	}
	m = typeText(t, m, "2028-01-01")
	m = press(t, m, "ctrl+s")
	if d := m.browse.selected(); len(d.Dates) != 1 || d.Dates[0].Label != "Passport expiry" {
		t.Fatalf("saved dates %+v", d.Dates)
	}
}

// burst delivers keys as one read from the terminal does, each before the
// commands of the ones before it have run, then runs those commands as the
// program would.
func burst(t testing.TB, m model, keys ...string) model {
	t.Helper()
	var cmds []tea.Cmd
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = sendNoRun(m, keyMsg(k))
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		m = send(t, m, runCmd(cmd)...)
	}
	return m
}

// Keys typed right after one that changes screens reach the new screen.
// They once reached the old one: "e" then "d" typed together opened the
// editor and moved the dossier being edited to the trash.
func TestTypeAhead(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = burst(t, m, "G", "e", "d", "!")
	if m.screen != screenForm || m.form.title.Value() != "Household alarm codes"+"d!" {
		t.Fatalf("e, d, ! typed together: screen %d, title %q", m.screen, m.form.title.Value())
	}
	if tr, err := m.c.store.Trash(); err != nil || len(tr) != 0 {
		t.Fatalf("the d after e reached the main screen: trash %v, %v", tr, err)
	}
	m = burst(t, m, "esc", "y")
	if m.screen != screenMain || m.confirm != nil {
		t.Fatalf("esc, y typed together did not leave the form: screen %d, confirm %v", m.screen, m.confirm)
	}

	m = burst(t, m, "n", "down", "enter", "P", "a", "s", "s")
	if m.screen != screenForm || m.form.orig.Kind != vault.KindTravel || m.form.title.Value() != "Pass" {
		t.Fatalf("n, down, enter, Pass typed together: screen %d, kind %v, title %q", m.screen, m.form.orig.Kind, m.form.title.Value())
	}
	m = burst(t, m, "esc", "y", "T", "esc", "q")
	if !m.quitting {
		t.Fatalf("esc, y, T, esc, q typed together did not quit: screen %d", m.screen)
	}
}

// A second d pressed before the first one's answer is not a second delete
// of the same dossier ("not found"); once the list moves on, d trashes the
// next one.
func TestDelete_Twice(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	m = burst(t, m, "d", "d")
	if tr, _ := m.c.store.Trash(); len(tr) != 1 || m.statusErr {
		t.Fatalf("d, d typed together: %d in the trash, status %q", len(tr), m.status)
	}
	mustContain(t, view(m), "moved Dr. Amara Okafor to the trash")
	m = press(t, m, "d")
	if tr, _ := m.c.store.Trash(); len(tr) != 2 || m.statusErr {
		t.Fatalf("d after the list moved on: %d in the trash, status %q", len(tr), m.status)
	}
	// Nor is an e: it would edit a dossier in the trash, which cannot be saved.
	m = burst(t, m, "d", "e")
	if tr, _ := m.c.store.Trash(); len(tr) != 3 || m.screen != screenMain {
		t.Fatalf("d, e typed together: %d in the trash, screen %d", len(tr), m.screen)
	}
}

// Results of commands that finish after the vault locks are dropped: a
// client's name must not show under the lock screen, a save must not leave
// it, and a copy that lands after the lock is cleared at once.
func TestLock_LateResults(t *testing.T) {
	m, _ := mainModel(t, 80, 24)
	var clip []string
	m.c.sysClipboard = func(s string) error { clip = append(clip, s); return nil }
	unlock := func(m model) model {
		m = typeText(t, m, testPass)
		return press(t, m, "enter")
	}

	m = press(t, m, "e") // Dr. Amara Okafor
	m = typeText(t, m, " (GP)")
	m, cmd := sendNoRun(m, keyMsg("ctrl+s"))
	saved := runCmd(cmd) // the save finishes as the vault locks
	m = press(t, m, "ctrl+l")
	m = send(t, m, saved...)
	if m.screen != screenUnlock {
		t.Fatalf("a save finishing after the lock left the lock screen: screen %d", m.screen)
	}
	mustNotContain(t, view(m), "Okafor")

	m = unlock(m)
	m, cmd = sendNoRun(m, keyMsg("d"))
	deleted := runCmd(cmd)
	m = press(t, m, "ctrl+l")
	m = send(t, m, deleted...)
	mustNotContain(t, view(m), "Okafor")

	m = unlock(m)
	m = press(t, m, "enter") // Eleanor Vance's first field, her full name
	m, cmd = sendNoRun(m, keyMsg("y"))
	copied := runCmd(cmd) // the copy's own commands have run: it is on the clipboard
	m = press(t, m, "ctrl+l")
	m = send(t, m, copied...)
	if len(clip) != 2 || clip[0] != "Eleanor Margaret Vance" || clip[1] != "" {
		t.Fatalf("a copy landing after the lock: clipboard writes %q", clip)
	}
	mustNotContain(t, view(m), "Vance", "clipboard")
}

// Days typed as people write them (14.03.2029, 1 April 2030) are taken, and
// shown as they will be kept once the field is left; a day whose order is
// in doubt (03/04/2029) is not.
func TestForm_DaysAsPeopleWriteThem(t *testing.T) {
	m, _ := mainModel(t, 100, 40)
	m = press(t, m, "n", "j", "enter") // travel document
	m = typeText(t, m, "Passport Ada")
	m = press(t, m, "tab", "tab", "tab", "tab", "tab", "tab", "tab") // Expires
	m = typeText(t, m, "03/04/2029")
	mustContain(t, view(m), "should be a date")
	for range len("03/04/2029") {
		m = press(t, m, "backspace")
	}
	m = typeText(t, m, "14.03.2029")
	mustNotContain(t, view(m), "should be a date")
	m = press(t, m, "tab")
	if got := m.form.fields[len(m.form.fields)-1].value.Value(); got != "2029-03-14" {
		t.Fatalf("the expiry after leaving it: %q", got)
	}
	if len(m.form.dates) != 1 || m.form.dates[0].day.Value() != "2029-03-14" {
		t.Fatalf("the date proposed from it: %d dates", len(m.form.dates))
	}

	m = press(t, m, "ctrl+g") // a date of one's own
	m = typeText(t, m, "Visa interview")
	m = press(t, m, "tab")
	m = typeText(t, m, "1 April 2030")
	mustNotContain(t, view(m), "write the day as")
	m = press(t, m, "tab")
	if got := m.form.dates[1].day.Value(); got != "2030-04-01" {
		t.Fatalf("the date's day after leaving it: %q", got)
	}
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("not saved:\n%s", view(m))
	}
	d := m.browse.selected()
	if d.Title != "Passport Ada" || d.Fields[5].Value != "2029-03-14" || len(d.Dates) != 2 ||
		d.Dates[1].Label != "Visa interview" || d.Dates[1].On.Format(time.DateOnly) != "2030-04-01" {
		t.Fatalf("saved %q: fields %+v, dates %+v", d.Title, d.Fields, d.Dates)
	}
}

// A passphrase typed before the interface took the terminal arrives with
// its enter turned into ctrl+j by the terminal driver; it still unlocks.
func TestUnlock_TypedAhead(t *testing.T) {
	clk := newClock()
	s := newTestStore(t, clk)
	s.Lock()
	m := newTestModel(t, s, clk, 80, 24)
	m = typeText(t, m, testPass)
	m = press(t, m, "ctrl+j")
	if m.screen != screenMain || s.Locked() {
		t.Fatalf("a typed-ahead passphrase did not unlock:\n%s", view(m))
	}
}

// TestLock_ReleasesTheVault: while the interface is locked (or not yet
// unlocked) another program can open the vault, as a scheduled backup does;
// unlocking while it still has it open says so and keeps the screen;
// unlocking after shows what it wrote.
func TestLock_ReleasesTheVault(t *testing.T) {
	m, _ := mainModel(t, 100, 24)
	path := m.c.store.Path()
	quick := &vault.Options{Timeout: 100 * time.Millisecond}
	if _, err := vault.Open(path, quick); !errors.Is(err, vault.ErrInUse) {
		t.Fatalf("another program opened the vault beside the unlocked interface: %v", err)
	}
	m = press(t, m, "ctrl+l")
	if m.screen != screenUnlock {
		t.Fatalf("ctrl+l: screen %d", m.screen)
	}
	other, err := vault.Open(path, quick)
	if err != nil {
		t.Fatalf("another program beside the locked interface: %v", err)
	}
	if err := other.Unlock([]byte(testPass)); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Add(vault.New("Hugo Brandt", vault.KindClient)); err != nil {
		t.Fatal(err)
	}
	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	if m.screen != screenUnlock {
		t.Fatal("unlocked while another program had the vault open")
	}
	mustContain(t, view(m), "another program has the vault open")
	other.Close()
	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	if m.screen != screenMain {
		t.Fatalf("not unlocked:\n%s", view(m))
	}
	mustContain(t, view(m), "5 dossiers", "Hugo Brandt")
}

// TestDetail_OneTimeCode: a field holding a one-time password key shows,
// beside its mask, the code it gives now and how long it stays valid (as
// an authenticator app does), which the tick counts down; y copies the
// code, not the key.
func TestDetail_OneTimeCode(t *testing.T) {
	clk := newClock()
	clk.t = time.Unix(40, 0).UTC() // RFC 6238's first vector, 287082 in six digits, is the code from 30 s to 60 s
	d := vault.New("Bank portal", vault.KindVendor)
	d.Fields = []vault.Field{{Label: "TOTP", Value: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Type: vault.TypeText, Secret: true}}
	m, clip := clipModel(t, clk, d)
	clk.t = time.Unix(50, 0).UTC()
	m = send(t, m, tickMsg{})
	mustContain(t, view(m), "TOTP", "287 082  10s")
	mustNotContain(t, view(m), "GEZDGNBV")
	clk.t = time.Unix(55, 0).UTC()
	m = send(t, m, tickMsg{})
	mustContain(t, view(m), "287 082  5s")
	m = press(t, m, "enter", "y")
	if len(*clip) != 1 || (*clip)[0] != "287082" {
		t.Fatalf("y copied %q, want the code", *clip)
	}
	mustContain(t, view(m), "TOTP code on clipboard")
	clk.t = time.Unix(61, 0).UTC()
	m = send(t, m, tickMsg{})
	mustNotContain(t, view(m), "287 082")
}

// clipModel returns a model at 100x24, unlocked on a vault at clk holding
// ds, and the values it writes to the system clipboard.
func clipModel(t *testing.T, clk *clock, ds ...vault.Dossier) (model, *[]string) {
	t.Helper()
	s := newTestStore(t, clk)
	for _, d := range ds {
		if _, err := s.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	s.Lock()
	m := newTestModel(t, s, clk, 100, 24)
	clip := new([]string)
	m.c.sysClipboard = func(s string) error { *clip = append(*clip, s); return nil }
	m = typeText(t, m, testPass)
	return press(t, m, "enter"), clip
}

// TestBrowse_CopyFromTheList: y on the list copies the selected dossier's
// password, or its only secret (a one-time key's code), as `confidant copy
// TITLE` does, so that "/ airline enter y" needs no move into the fields;
// with no secret or several it says how to copy, and copies nothing.
func TestBrowse_CopyFromTheList(t *testing.T) {
	clk := newClock()
	clk.t = time.Unix(40, 0).UTC() // RFC 6238's first vector: 287082
	m, clip := clipModel(t, clk, []vault.Dossier{
		{Title: "Airline portal", Kind: vault.KindVendor, Fields: []vault.Field{
			{Label: "Username", Value: "ana"}, {Label: "PIN", Value: "1234", Type: vault.TypePassword, Secret: true},
			{Label: "Password", Value: "pw-of-the-airline", Type: vault.TypePassword, Secret: true}}},
		{Title: "Bank token", Kind: vault.KindVendor, Fields: []vault.Field{
			{Label: "Account", Value: "12"}, {Label: "TOTP", Value: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Secret: true}}},
		{Title: "Caterer", Kind: vault.KindVendor, Fields: []vault.Field{{Label: "Phone", Value: "+44 20 7946 0000", Type: vault.TypePhone}}},
		{Title: "Door codes", Kind: vault.KindNote, Fields: []vault.Field{
			{Label: "Front", Value: "1111", Secret: true}, {Label: "Back", Value: "2222", Secret: true}}},
	}...)
	// copyOf presses y on the dossier query finds, and returns what went
	// to the clipboard and the screen after.
	copyOf := func(query string) (string, string) {
		t.Helper()
		*clip = nil
		m = press(t, m, "/")
		m = typeText(t, m, query)
		m = press(t, m, "enter", "y")
		got, screen := strings.Join(*clip, ","), view(m)
		m = press(t, m, "esc", "esc")
		return got, screen
	}
	for _, tc := range []struct{ query, want, says string }{
		{"airline", "pw-of-the-airline", "Password on clipboard"}, // the Password, not the PIN
		{"bank token", "287082", "TOTP code on clipboard"},        // the one-time key's code
		{"caterer", "", "no password or other secret here: enter, then y on a field"},
		{"door codes", "", "2 secrets here: enter, then y on the one to copy"},
	} {
		got, screen := copyOf(tc.query)
		if got != tc.want {
			t.Errorf("y on %s copied %q, want %q", tc.query, got, tc.want)
		}
		mustContain(t, screen, tc.says)
	}
}

// TestUpcoming_Within: w on the Upcoming screen adds every date of the
// next six months, reminder or not, and takes it away again.
func TestUpcoming_Within(t *testing.T) {
	m, _ := mainModel(t, 100, 24)
	d := vault.New("Hugo Brandt visa", vault.KindTravel)
	on, _ := vault.ParseDay("2026-08-01") // the clock says 2026-03-01: five months ahead
	d.Dates = []vault.Date{{Label: "Visa expiry", On: on, Remind: vault.Period{Months: 1}}}
	if _, err := m.c.store.Add(d); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "U")
	mustContain(t, view(m), "Upcoming  2 items", "w next 6 months")
	mustNotContain(t, view(m), "Visa expiry")
	m = press(t, m, "w")
	mustContain(t, view(m), "Upcoming, and every date of the next 6 months  3 items", "Visa expiry", "w only what is due")
	m = press(t, m, "w")
	mustContain(t, view(m), "Upcoming  2 items")
	mustNotContain(t, view(m), "Visa expiry")
}

// TestUpcoming_NothingDue: the line that says nothing is due is wrapped to
// the screen, to its end (what w does), at 60 columns.
func TestUpcoming_NothingDue(t *testing.T) {
	clk := newClock()
	s := newTestStore(t, clk)
	s.Lock()
	m := newTestModel(t, s, clk, 60, 20)
	m = typeText(t, m, testPass)
	m = press(t, m, "enter", "U")
	v := view(m)
	mustContain(t, v, "nothing is due", "w shows the next 6 months")
	body, _, _ := strings.Cut(v, "↑/k up") // the keys' line is cut, as help lines are
	mustNotContain(t, body, "…")
}

// TestTags_Screen: # lists the tags with how many dossiers carry each;
// enter shows a tag's dossiers on the list; r renames a tag in every
// dossier, x takes it away after asking; locking drops the screen.
func TestTags_Screen(t *testing.T) {
	m, _ := mainModel(t, 100, 24)
	m = press(t, m, "#")
	if m.screen != screenTags {
		t.Fatalf("# did not open the tags:\n%s", view(m))
	}
	mustContain(t, view(m), "Tags  4 tags", "     2  vip", "     1  home", "     1  london", "     1  travel")
	// enter: the list, filtered by the tag.
	m = press(t, m, "enter")
	if m.screen != screenMain || m.browse.input.Value() != "#vip" || len(m.browse.visible) != 2 {
		t.Fatalf("enter on vip: screen %d, filter %q, %d shown\n%s", m.screen, m.browse.input.Value(), len(m.browse.visible), view(m))
	}
	mustContain(t, view(m), "Eleanor Vance", "Eleanor Vance passport")
	mustNotContain(t, view(m), "Household alarm codes")
	m = press(t, m, "esc")

	// r: renamed in both dossiers, one write.
	m = press(t, m, "#", "r")
	mustContain(t, view(m), "Rename vip in every dossier to:")
	for range len("vip") {
		m = press(t, m, "backspace")
	}
	m = typeText(t, m, "key clients")
	m = press(t, m, "enter")
	mustContain(t, view(m), "vip is key clients now, in 2 dossiers", "     2  key clients")
	mustNotContain(t, view(m), "  vip")
	d, err := m.c.store.Resolve("Eleanor Vance passport")
	if err != nil || !slices.Equal(d.Tags, []string{"key clients", "travel"}) {
		t.Fatalf("tags of the passport: %q, %v", d.Tags, err)
	}
	// A comma is refused before anything is written.
	m = press(t, m, "r", "backspace")
	m = typeText(t, m, ",x")
	m = press(t, m, "enter")
	mustContain(t, view(m), "a tag holds no comma")
	m = press(t, m, "esc")

	// x: asked first; n keeps it, y takes it away.
	m = press(t, m, "j", "x")
	mustContain(t, view(m), "Take the tag home from 1 dossier?")
	m = press(t, m, "n")
	if d, _ := m.c.store.Resolve("Household alarm codes"); !d.HasTag("home") {
		t.Fatal("no took the tag away")
	}
	m = press(t, m, "x", "y")
	mustContain(t, view(m), "took home from 1 dossier")
	if d, _ := m.c.store.Resolve("Household alarm codes"); d.HasTag("home") {
		t.Fatal("y did not take the tag away")
	}
	// The list behind was told of the change.
	m = press(t, m, "esc", "/")
	m = typeText(t, m, "#key")
	if len(m.browse.visible) != 2 {
		t.Errorf("#key finds %d dossiers after the rename", len(m.browse.visible))
	}
	m = press(t, m, "esc", "#", "ctrl+l")
	if m.screen != screenUnlock || len(m.tags.tags) != 0 {
		t.Errorf("after the lock: screen %d, %d tags held", m.screen, len(m.tags.tags))
	}
}

// TestNewLike: N opens the editor on a new dossier like the selected one:
// its kind, fields (secrets too), tags, dates and notes under "TITLE
// (copy)"; saving adds it and leaves the original as it was; attachments
// stay with the original, which the status says.
func TestNewLike(t *testing.T) {
	m, _ := mainModel(t, 100, 30)
	orig, err := m.c.store.Resolve("Eleanor Vance passport")
	if err != nil {
		t.Fatal(err)
	}
	if orig, err = m.c.store.Attach(orig.ID, "scan.txt", "text/plain", []byte("a scan")); err != nil {
		t.Fatal(err)
	}
	m = send(t, m, savedMsg{d: orig}) // as the interface's own attach does: the list reads it anew
	m = press(t, m, "/")
	m = typeText(t, m, "passport")
	m = press(t, m, "enter", "N")
	if m.screen != screenForm || !m.form.orig.ID.IsZero() {
		t.Fatalf("N did not open a new dossier:\n%s", view(m))
	}
	mustContain(t, view(m), "New travel document, like Eleanor Vance passport", "Eleanor Vance passport (copy)", "its attachment stays with Eleanor Vance passport")
	m = press(t, m, "ctrl+s")
	if m.screen != screenMain {
		t.Fatalf("not saved:\n%s", view(m))
	}
	copied, err := m.c.store.Resolve("Eleanor Vance passport (copy)")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ = m.c.store.Get(orig.ID)
	if copied.ID == orig.ID || copied.Kind != orig.Kind || !slices.Equal(copied.Tags, orig.Tags) || copied.Notes != orig.Notes ||
		!slices.Equal(copied.Fields, orig.Fields) || len(copied.Dates) != len(orig.Dates) || len(copied.Attachments) != 0 || copied.Version != 1 {
		t.Errorf("the copy %+v\nof %+v", copied, orig)
	}
	if len(orig.Attachments) != 1 {
		t.Errorf("the original lost its attachment: %+v", orig.Attachments)
	}
}

// TestUpcoming_Backup: once a change has waited a week for a backup, the
// header says so and Upcoming lists the vault first; enter there opens the
// backup screen, and a backup written clears both. A later change brings
// them back, counted. Enter on a dossier's item shows that dossier, even
// when the filter hid it.
func TestUpcoming_Backup(t *testing.T) {
	m, clk := mainModel(t, 120, 24)
	header := func() string { return strings.SplitN(view(m), "\n", 2)[0] }
	mustNotContain(t, header(), "backed up", "backup")
	clk.advance(7 * 24 * time.Hour)
	mustContain(t, header(), "never backed up")
	m = press(t, m, "U")
	mustContain(t, view(m), "backup      the vault", "4 never backed up", "enter back up")
	mustNotContain(t, view(m), "m mark reviewed")
	m = press(t, m, "enter")
	if m.screen != screenBackup {
		t.Fatalf("enter on the backup item: screen %d", m.screen)
	}
	m = typeText(t, m, "a backup passphrase")
	m = press(t, m, "tab")
	m = typeText(t, m, "a backup passphrase")
	m = press(t, m, "tab", "tab")
	m = setPath(t, m, filepath.Join(t.TempDir(), "b.age"))
	m = press(t, m, "ctrl+s")
	mustContain(t, view(m), "Backup written")
	m = press(t, m, "enter")
	mustNotContain(t, header(), "backed up", "backup")
	m = press(t, m, "U")
	mustNotContain(t, view(m), "the vault")

	clk.advance(time.Hour)
	m = press(t, m, "esc", "e", "ctrl+s") // saved as it is: a new version all the same
	mustNotContain(t, header(), "backup")
	clk.advance(7 * 24 * time.Hour)
	mustContain(t, header(), "1 changed since backup")
	m = press(t, m, "U")
	mustContain(t, view(m), "1 changed since 2026-03-08")

	m = press(t, m, "esc", "/")
	m = typeText(t, m, "alarm")
	m = press(t, m, "enter")
	if m.browse.input.Value() != "alarm" || len(m.browse.visible) != 1 {
		t.Fatalf("the filter: %q, %d shown", m.browse.input.Value(), len(m.browse.visible))
	}
	m = press(t, m, "U")
	mustContain(t, view(m), "Passport expiry")
	for m.upcoming.items[m.upcoming.cursor].what != "Passport expiry" {
		m = press(t, m, "down")
	}
	m = press(t, m, "enter")
	if m.screen != screenMain || m.browse.selected() == nil || m.browse.selected().Title != "Eleanor Vance passport" || m.browse.input.Value() != "" {
		t.Fatalf("enter on the passport's expiry: screen %d, filter %q, selected %v", m.screen, m.browse.input.Value(), m.browse.selected())
	}
}

// TestLargeType: z on a field shows its value a character at a time,
// numbered, over the screen; a secret shown so is logged. Any key puts it
// away and does nothing else; so does the minute passing.
func TestLargeType(t *testing.T) {
	m, clk := mainModel(t, 100, 24)
	m = press(t, m, "G", "enter", "z") // Household alarm codes: Alarm code 4471
	v := view(m)
	mustContain(t, v, "Large type  Alarm code · hides in 60s", "4   4   7   1", "1   2   3   4", "any key put it away")
	mustNotContain(t, v, "Household alarm codes")
	if ev := eventsOf(t, m.c.store, m.browse.selected().ID, vault.ActRevealed); len(ev) != 1 || ev[0].Detail != "Alarm code in large type" {
		t.Fatalf("the access log: %+v", ev)
	}
	m = press(t, m, "k")
	mustNotContain(t, view(m), "Large type")
	if !m.browse.detailFocus || m.browse.selected().Title != "Household alarm codes" {
		t.Fatal("the key that put the large type away did something else too")
	}
	m = press(t, m, "z")
	clk.advance(largeFor)
	m = send(t, m, tickMsg{})
	mustNotContain(t, view(m), "Large type", "4   4   7   1")

	if got := largeChars("Ab 0\r\n👩\u200d👧e\u0301"); !slices.Equal(got, []string{"A", "b", " ", "0", "\r", "👩\u200d👧", "e\u0301"}) {
		t.Errorf("largeChars = %q", got)
	}
}
