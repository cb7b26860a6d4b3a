package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"confidant/vault"
)

// attachModel returns a model on the attachments screen of Dr. Amara
// Okafor, with HOME (where the file picker starts) at a new directory
// holding the files named in files.
func attachModel(t *testing.T, files map[string][]byte) (model, string) {
	t.Helper()
	home := t.TempDir()
	setHome(t, home)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(home, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, _ := mainModel(t, 100, 24)
	m = press(t, m, "A")
	if m.screen != screenAttachments {
		t.Fatalf("A did not open the attachments:\n%s", view(m))
	}
	mustContain(t, view(m), "Attachments of Dr. Amara Okafor", "no attachments: a adds a file")
	return m, home
}

// pick opens the file picker, lets it read its directory (the program
// would route the picker's own messages to it), and moves down n rows.
func pick(t *testing.T, m model, down int) model {
	t.Helper()
	m, cmd := sendNoRun(m, keyMsg("a"))
	if m.attach.mode != attachPick {
		t.Fatal("a did not open the file picker")
	}
	for _, msg := range cmdMsgs(cmd) {
		m = send(t, m, msg)
	}
	for range down {
		m = press(t, m, "j")
	}
	return m
}

// attached returns the attachments the store holds for the dossier the
// screen is about.
func attached(t *testing.T, m model) []vault.Attachment {
	t.Helper()
	for _, d := range m.c.store.List() {
		if d.ID == m.attach.id {
			return d.Attachments
		}
	}
	t.Fatal("the dossier is gone")
	return nil
}

func TestAttachments_AddSaveOutRemove(t *testing.T) {
	scan := []byte("%PDF-1.4\nnot really a scan, but bytes: \x00\x01\x02\xff\n")
	m, _ := attachModel(t, map[string][]byte{"insurance scan.pdf": scan, "notes.txt": []byte("plain notes\n")})

	// Add: the picker lists the home directory; enter picks the file.
	m = pick(t, m, 0)
	mustContain(t, view(m), "Attach a file to Dr. Amara Okafor", "insurance scan.pdf", "notes.txt")
	m = press(t, m, "enter")
	if m.attach.mode != attachList {
		t.Fatal("picking a file did not return to the list")
	}
	mustContain(t, view(m), "attached insurance scan.pdf · the file picked is still on the disk unencrypted", "insurance scan.pdf", humanSize(int64(len(scan))), "application/pdf", "added 2026-03-01")
	m = pick(t, m, 1)
	m = press(t, m, "enter")
	mustContain(t, view(m), "attached notes.txt", "notes.txt", "12 B", "text/plain")
	if got := attached(t, m); len(got) != 2 {
		t.Fatalf("the store holds %d attachments, want 2", len(got))
	}

	// Save a copy out, to a path typed in.
	out := filepath.Join(t.TempDir(), "copy of scan.pdf")
	m = press(t, m, "g", "s")
	if m.attach.mode != attachSaveAs || !m.typing() {
		t.Fatal("s did not ask where to save")
	}
	mustContain(t, view(m), "save to ›", "the copy on disk is not encrypted")
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, out)
	m = press(t, m, "enter")
	mustContain(t, view(m), "saved a copy to "+out)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, scan) {
		t.Fatal("the copy differs from the file attached")
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Fatalf("the copy has mode %o, want 600", perm)
	}

	// It refuses to overwrite.
	if err := os.WriteFile(out, []byte("changed since"), 0o600); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "s", "ctrl+u")
	m = typeText(t, m, out)
	m = press(t, m, "enter")
	mustContain(t, view(m), "already exists: choose another name")
	if got, _ := os.ReadFile(out); string(got) != "changed since" {
		t.Fatal("saving out overwrote a file")
	}

	// esc leaves the path without saving.
	m = press(t, m, "s", "esc")
	if m.attach.mode != attachList || m.screen != screenAttachments {
		t.Fatal("esc did not cancel saving")
	}

	events, err := m.c.store.Log(m.attach.id)
	if err != nil {
		t.Fatal(err)
	}
	var saved int
	for _, e := range events {
		if e.Action == vault.ActSavedOut && e.Detail == "insurance scan.pdf" {
			saved++
		}
	}
	if saved != 1 {
		t.Fatalf("the log holds %d saves out, want 1", saved)
	}

	// Remove asks first; n keeps it.
	m = press(t, m, "x")
	if m.confirm == nil {
		t.Fatal("x removed without asking")
	}
	mustContain(t, view(m), "Remove insurance scan.pdf from Dr. Amara Okafor?")
	m = press(t, m, "n")
	if got := attached(t, m); len(got) != 2 {
		t.Fatalf("no removed it: %d left", len(got))
	}
	m = press(t, m, "x", "y")
	mustContain(t, view(m), "removed insurance scan.pdf")
	got2 := attached(t, m)
	if len(got2) != 1 || got2[0].Name != "notes.txt" {
		t.Fatalf("after removing: %+v", got2)
	}
	for _, l := range strings.Split(view(m), "\n") {
		if strings.HasPrefix(l, "  insurance scan.pdf") {
			t.Fatalf("the list still shows the removed file:\n%s", view(m))
		}
	}

	// The main screen's detail lists what is left.
	m = press(t, m, "esc")
	if m.screen != screenMain {
		t.Fatal("esc did not return to the main screen")
	}
	mustContain(t, view(m), "notes.txt")
}

func TestAttachments_PickerCancelAndTooLarge(t *testing.T) {
	m, home := attachModel(t, nil)
	big, err := os.Create(filepath.Join(home, "huge.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(vault.MaxAttachmentSize + 1); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	big.Close()

	m = pick(t, m, 0)
	m = press(t, m, "esc")
	if m.attach.mode != attachList || m.screen != screenAttachments {
		t.Fatal("esc in the picker did not return to the list")
	}

	m = pick(t, m, 0)
	mustContain(t, view(m), "huge.bin")
	m = press(t, m, "enter")
	mustContain(t, view(m), "attachment is larger than 16 MiB")
	if got := attached(t, m); len(got) != 0 {
		t.Fatalf("a file over the limit was attached: %+v", got)
	}
	// s and x do nothing without attachments.
	m = press(t, m, "s", "x")
	if m.attach.mode != attachList || m.confirm != nil {
		t.Fatal("s or x acted on no attachment")
	}
	if strings.Contains(view(m), "save to ›") {
		t.Fatal("s asked where to save nothing")
	}
}

// TestAttachments_TypedPath: ~, / and . begin a typed path rather than
// moving the list; tab completes it, a missing file is said so and
// nothing is attached, a directory opens in the list, and enter on a file
// attaches that file, not the one under the list's cursor. q typed into
// the path is a letter.
func TestAttachments_TypedPath(t *testing.T) {
	m, home := attachModel(t, map[string][]byte{"a first file.txt": []byte("first\n"), "scan of passport.pdf": []byte("%PDF-1.4\n")})
	if err := os.MkdirAll(filepath.Join(home, "quarterly", "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "quarterly", "deep", "report.txt"), []byte("report\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m = pick(t, m, 0)
	m = typeText(t, m, "~/scan")
	if !m.attach.pick.typing || !m.typing() {
		t.Fatal("~ did not begin a typed path")
	}
	m = press(t, m, "tab")
	if got := m.attach.pick.path.Value(); got != "~/scan of passport.pdf" {
		t.Fatalf("tab completed to %q", got)
	}
	m = typeText(t, m, "x")
	m = press(t, m, "enter")
	mustContain(t, view(m), "no file at ~/scan of passport.pdfx")
	if len(attached(t, m)) != 0 || m.attach.mode != attachPick {
		t.Fatal("a missing file was attached, or left the picker")
	}
	m = press(t, m, "backspace", "enter")
	if m.attach.mode != attachList {
		t.Fatalf("enter on a typed file did not attach it:\n%s", view(m))
	}
	if got := attached(t, m); len(got) != 1 || got[0].Name != "scan of passport.pdf" {
		t.Fatalf("attached %+v, want the typed file, not the one under the cursor", got)
	}

	// A typed directory opens in the list; esc leaves the path, then the picker.
	m = pick(t, m, 0)
	m = typeText(t, m, "~/q")
	m = press(t, m, "tab")
	if got := m.attach.pick.path.Value(); got != "~/quarterly/" {
		t.Fatalf("tab completed a directory to %q", got)
	}
	m = typeText(t, m, "deep")
	m, cmd := sendNoRun(m, keyMsg("enter"))
	for _, msg := range cmdMsgs(cmd) {
		m = send(t, m, msg)
	}
	if m.attach.pick.typing || m.attach.pick.picker.CurrentDirectory != filepath.Join(home, "quarterly", "deep") {
		t.Fatalf("a typed directory: typing %v, listing %s", m.attach.pick.typing, m.attach.pick.picker.CurrentDirectory)
	}
	mustContain(t, view(m), "report.txt")
	// A relative path is in the folder the list shows.
	m = typeText(t, m, "./re")
	m = press(t, m, "tab")
	if got := m.attach.pick.path.Value(); got != "./report.txt" {
		t.Fatalf("tab completed a relative path to %q", got)
	}
	m = press(t, m, "enter")
	if got := attached(t, m); len(got) != 2 || got[1].Name != "report.txt" {
		t.Fatalf("attached %+v", got)
	}
	// ~ alone is the home folder.
	m = pick(t, m, 0)
	m = typeText(t, m, "~/quarterly")
	m, cmd = sendNoRun(m, keyMsg("enter"))
	for _, msg := range cmdMsgs(cmd) {
		m = send(t, m, msg)
	}
	m = typeText(t, m, "~")
	m, cmd = sendNoRun(m, keyMsg("enter"))
	for _, msg := range cmdMsgs(cmd) {
		m = send(t, m, msg)
	}
	if m.attach.pick.picker.CurrentDirectory != home {
		t.Fatalf("~ listed %s", m.attach.pick.picker.CurrentDirectory)
	}
	m = press(t, m, "/")
	m = typeText(t, m, "q")
	if m.quitting || m.attach.pick.path.Value() != "/q" {
		t.Fatalf("q in a typed path: quitting %v, path %q", m.quitting, m.attach.pick.path.Value())
	}
	m = press(t, m, "esc")
	if m.attach.mode != attachPick || m.attach.pick.typing {
		t.Fatal("esc did not return from the path to the list")
	}
	m = press(t, m, "esc")
	if m.attach.mode != attachList {
		t.Fatal("esc did not leave the picker")
	}
}

// TestAttachments_ShowText: enter on a text attachment shows it here, from
// memory, its lines numbered and plain (an escape sequence in it draws as
// nothing), scrolled with j; esc puts it away, and a lock drops it. The
// access log records it. A file named .txt that is not text goes to the
// desktop's viewer instead.
func TestAttachments_ShowText(t *testing.T) {
	codes := "Recovery codes for the bank\n\x1b]52;c;aGk=\x071. 4471-2290\r\n2. 9031-5512\n"
	m, _ := attachModel(t, map[string][]byte{"codes.txt": []byte(codes), "scan.txt": {0xff, 0x00, 0x01}})
	for i := range 2 {
		m = pick(t, m, i)
		m = press(t, m, "enter")
	}
	m = press(t, m, "g", "enter") // codes.txt
	v := view(m)
	mustContain(t, v, "codes.txt  line 1 of 4 · shown here, from memory", "1  Recovery codes for the bank", "2  1. 4471-2290", "3  2. 9031-5512")
	mustNotContain(t, v, "aGk=", "]52")
	events, err := m.c.store.Log(m.attach.id)
	if err != nil || events[0].Action != vault.ActViewed || events[0].Detail != "codes.txt (here)" {
		t.Fatalf("the last event: %+v, %v", events[0], err)
	}
	m = press(t, m, "j")
	mustContain(t, view(m), "line 2 of 4")
	mustNotContain(t, view(m), "Recovery codes")
	m = press(t, m, "esc")
	if m.attach.mode != attachList || m.attach.text != nil {
		t.Fatal("esc did not put the text away")
	}
	m = press(t, m, "enter", "ctrl+l")
	if m.attach.text != nil || strings.Contains(view(m), "4471") {
		t.Fatal("the lock kept the text")
	}
	m = typeText(t, m, testPass)
	m = press(t, m, "enter", "A", "j", "enter") // scan.txt: not text
	mustContain(t, view(m), "no viewer can be started here")
}
