package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"confidant/vault"
)

// hostile is text a handoff, an import or another program could put in any
// part of a dossier: a blink, a window title, a hyperlink, a clipboard
// write (OSC 52), a carriage return that would draw over the start of the
// row, a line break that would push the rows below down, a tab, a
// backspace, a C1 control sequence introducer, and a bell.
const hostile = "Mal\x1b[5mBLINK\x1b]0;PWNED\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\" +
	"\x1b]52;c;cHduZWQ=\x07\rOVER\nNEXT\tTAB\bBS\u009b2J\x07end"

// injected are the pieces of hostile that must never reach the terminal.
var injected = []string{"\x1b[5m", "\x1b]", "\x07", "\r", "\b", "\t", "\u009b", "\x1b\\"}

// sgr matches the escape sequences the screen itself is drawn with.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// checkFrame fails the test if the screen holds anything from hostile but
// its printable text, or if a line of it does not fill the width exactly
// (a line break or a tab drawn raw would shift what follows).
func checkFrame(t *testing.T, where string, m model) {
	t.Helper()
	checkFrameBut(t, where, m, "")
}

// checkFrameBut is checkFrame, except that it lets one sequence through.
func checkFrameBut(t *testing.T, where string, m model, but string) {
	t.Helper()
	frame := m.View().Content
	for _, bad := range injected {
		if strings.Contains(frame, bad) && bad != but {
			t.Errorf("%s: the screen holds %q:\n%s", where, bad, ansi.Strip(frame))
		}
	}
	if rest := sgr.ReplaceAllString(frame, ""); strings.ContainsFunc(rest, func(r rune) bool {
		return r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0))
	}) {
		t.Errorf("%s: the screen holds a control character: %q", where, rest)
	}
	lines := strings.Split(frame, "\n")
	if len(lines) != m.c.height {
		t.Errorf("%s: %d lines on a screen of %d", where, len(lines), m.c.height)
	}
	for i, l := range lines {
		if w := lipgloss.Width(l); w != m.c.width {
			t.Errorf("%s: line %d is %d cells wide, not %d: %q", where, i, w, m.c.width, ansi.Strip(l))
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// addHostile adds to s a dossier whose every part is hostile.
func addHostile(t *testing.T, s *vault.Store, clk *clock) {
	t.Helper()
	d := vault.New("A "+hostile, vault.KindClient)
	d.Tags = []string{"tag" + strings.ReplaceAll(hostile, "\n", "")}
	d.Fields = []vault.Field{
		{Label: "Label " + hostile, Value: "value " + hostile, Type: vault.TypeText},
		{Label: "Lines", Value: "first " + hostile + "\nsecond " + hostile, Type: vault.TypeMultiline},
		{Label: "Secret " + hostile, Value: "secret " + hostile, Type: vault.TypePassword, Secret: true},
	}
	d.Dates = []vault.Date{{Label: "Due " + hostile, On: clk.now().AddDate(0, 0, 3), Remind: vault.Period{Days: 14}}}
	d.Notes = "notes " + hostile + "\nmore " + hostile
	d, err := s.Add(d)
	if err != nil {
		t.Fatal(err)
	}
	// The vault refuses such names for files and colleagues.
	if _, err = s.Attach(d.ID, "file "+hostile+".pdf", "application/pdf", []byte("%PDF-")); err == nil {
		t.Error("a hostile attachment name was taken")
	}
	if _, err = s.Attach(d.ID, "file.pdf", "application/pdf\x1b[5m", []byte("%PDF-")); err != nil {
		t.Logf("a hostile media type is refused: %v", err)
	}
	rcpt, err := s.Recipient()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddContact("Colleague "+hostile, rcpt); err == nil {
		t.Error("a hostile contact name was taken")
	}
}

// TestHostileText walks the screens that show a dossier's text with a
// dossier whose every part is hostile: none of it may restyle the
// terminal, send it a command, or move what is drawn.
func TestHostileText(t *testing.T) {
	clk := newClock()
	s := newTestStore(t, clk)
	sampleDossiers(t, s)
	addHostile(t, s, clk)
	s.Lock()

	m := newTestModel(t, s, clk, 100, 30)
	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	m = press(t, m, "g") // the first by title: "A Mal…"
	checkFrame(t, "main screen", m)
	m = press(t, m, "enter")
	checkFrame(t, "fields", m)
	m = press(t, m, "y")
	checkFrame(t, "a field copied", m)
	m = press(t, m, "j", "j", "r")
	checkFrame(t, "a secret revealed", m)
	m = press(t, m, "esc", "/")
	m = typeText(t, m, "mal")
	checkFrame(t, "filtered", m)
	m = press(t, m, "esc")

	m = press(t, m, "e")
	checkFrame(t, "editing", m)
	m = typeText(t, m, "!")
	m = press(t, m, "ctrl+s")
	checkFrame(t, "saved", m)
	for _, k := range []string{"H", "U", "L", "A"} {
		m = press(t, m, k)
		checkFrame(t, "screen "+k, m)
		m = press(t, m, "esc")
	}
	m = press(t, m, "H", "j", "r")
	checkFrame(t, "asked to restore a version", m)
	m = press(t, m, "n", "esc")

	m = press(t, m, "d")
	checkFrame(t, "moved to the trash", m)
	m = press(t, m, "T")
	checkFrame(t, "trash", m)
}

// TestHostileHandoff hands the hostile dossier over and imports it: the
// handoff's preview and the importing vault's preview and screens show its
// text plain.
func TestHostileHandoff(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	b, rcpt := colleague(t, 100, 30)
	clk := newClock()
	s := newTestStore(t, clk)
	addHostile(t, s, clk)
	if _, err := s.AddContact("Maria", rcpt); err != nil {
		t.Fatal(err)
	}
	s.Lock()
	a := newTestModel(t, s, clk, 100, 30)
	a = typeText(t, a, testPass)
	a = press(t, a, "enter", "O")
	checkFrame(t, "marking", a)
	a = press(t, a, "enter")
	checkFrame(t, "what goes", a)
	a = press(t, a, "enter")
	checkFrame(t, "options", a)
	a = press(t, a, "space", "tab", "tab", "space", "ctrl+s") // to Maria, armored
	if a.handoff.stage != handPreview {
		t.Fatalf("no preview:\n%s", view(a))
	}
	checkFrame(t, "handoff preview", a)
	a = press(t, a, "enter")
	checkFrame(t, "handoff written", a)

	// A file name may hold anything but / and NUL, and the picker draws it.
	if err := os.WriteFile(filepath.Join(home, "b"+strings.NewReplacer("\n", "", "/", "").Replace(hostile)+".age"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// bubbles' file picker draws names as they are: safeScreen removes all
	// but the name's own styles (SGR), which it cannot tell from the
	// picker's. Those only restyle the name.
	b = openImport(t, b)
	checkFrameBut(t, "file picker", b, "\x1b[5m")
	b = press(t, b, "j")
	checkFrameBut(t, "file picker", b, "\x1b[5m")
	b = pickFile(t, b, "confidant-handoff-2026-03-01.age")
	if b.imp.stage != impPreview {
		t.Fatalf("the handoff did not open:\n%s", view(b))
	}
	checkFrame(t, "import preview", b)
	b = press(t, b, "enter")
	checkFrame(t, "asked to import", b)
	b = press(t, b, "y")
	checkFrame(t, "imported", b)
	if b.c.store.Len() != 1 {
		t.Fatalf("imported %d dossiers", b.c.store.Len())
	}
	b = press(t, b, "esc")
	checkFrame(t, "main screen", b)
}

// TestHostileFileName: a file's name is text from others too (a download,
// an archive unpacked). The file picker's widget draws names raw; the
// picker draws its list plain, so a name's own colours (which safeScreen
// lets through, as SGR) never reach the terminal, and a directory ends in
// a slash.
func TestHostileFileName(t *testing.T) {
	// A file name cannot hold a slash or NUL; everything else of hostile
	// can be in one.
	name := strings.NewReplacer("\n", "", "/", "_").Replace(hostile) + ".age"
	m, home := attachModel(t, map[string][]byte{name: []byte("x"), "plain.txt": []byte("y")})
	if err := os.Mkdir(filepath.Join(home, "folder"), 0o700); err != nil {
		t.Fatal(err)
	}
	m = pick(t, m, 0)
	checkFrame(t, "the file picker", m)
	mustContain(t, view(m), "Mal", "plain.txt", "folder/")
	for range 3 {
		m = press(t, m, "j")
		checkFrame(t, "the file picker, moved", m)
	}
}

// TestFilePick_StartsWhereThePersonIs: the first picker lists the working
// directory, where a person who started Confidant beside a file looks for
// it; the next one begins where the last file was picked.
func TestFilePick_StartsWhereThePersonIs(t *testing.T) {
	m, home := attachModel(t, map[string][]byte{"in home.txt": []byte("h")})
	work := filepath.Join(home, "work")
	other := filepath.Join(home, "elsewhere")
	for dir, file := range map[string]string{work: "here.txt", other: "there.txt"} {
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(work)
	m = pick(t, m, 0)
	if got := m.attach.pick.picker.CurrentDirectory; got != work {
		t.Fatalf("the picker began in %s, not the working directory %s", got, work)
	}
	mustContain(t, view(m), "here.txt")
	m = typeText(t, m, "~/elsewhere/there.txt")
	m = press(t, m, "enter")
	if got := attached(t, m); len(got) != 1 || got[0].Name != "there.txt" {
		t.Fatalf("attached %+v", got)
	}
	m = pick(t, m, 0)
	if got := m.attach.pick.picker.CurrentDirectory; got != other {
		t.Fatalf("the next picker began in %s, not where the last file came from (%s)", got, other)
	}
}
