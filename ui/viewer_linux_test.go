package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"confidant/vault"
)

// standInOpener puts an xdg-open first on PATH that reads the file it is
// given, as a viewer does, into a file of the test's, and exits with exit;
// and an xdg-mime that knows no application for any type, so that the
// machine's own desktop is never asked. It returns where the content and
// the path it was given go.
func standInOpener(t *testing.T, exit int) (content, path string) {
	t.Helper()
	dir := t.TempDir()
	content, path = filepath.Join(dir, "content"), filepath.Join(dir, "path")
	script := "#!/bin/sh\necho \"$@\" > " + path + "\ncat \"$1\" > " + content + ".new && mv " + content + ".new " + content + "\nexit " + strconv.Itoa(exit) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "xdg-mime"), []byte("#!/bin/sh\nexit 0\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+":"+os.Getenv("PATH"))
	t.Setenv("DISPLAY", ":99")
	return content, path
}

// gone waits for the process pid to end.
func gone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("process %d, which holds the file in memory, is still running", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestOpenInViewer: the bytes reach the viewer through /proc/PID/fd/3 of a
// process that is not this one, even though this one is not dumpable (as
// the binary makes itself), and that process ends at Close. A failing
// opener, and no desktop, are errors.
func TestOpenInViewer(t *testing.T) {
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		t.Fatal(err)
	}
	defer unix.Prctl(unix.PR_SET_DUMPABLE, 1, 0, 0, 0)
	content, path := standInOpener(t, 0)
	data := []byte("%PDF-1.4 \x00\x01 passport 533401234")
	want := string(data)
	v, err := OpenInViewer("passport.pdf", "application/pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Started(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(content); string(got) != want {
		t.Errorf("the viewer read %q, want %q", got, want)
	}
	if strings.Contains(string(data), "533401234") {
		t.Error("the caller's copy was not cleared")
	}
	given, _ := os.ReadFile(path)
	m := regexp.MustCompile(`^/proc/(\d+)/fd/3\n$`).FindStringSubmatch(string(given))
	if m == nil || m[1] == strconv.Itoa(os.Getpid()) || strings.TrimSpace(string(given)) != v.Path {
		t.Fatalf("the viewer was given %q (this process is %d; Path %q)", given, os.Getpid(), v.Path)
	}
	pid, _ := strconv.Atoi(m[1])
	if syscall.Kill(pid, 0) != nil {
		t.Fatal("the process holding the file ended before Close")
	}
	v.Close()
	gone(t, pid)

	standInOpener(t, 3)
	v, err = OpenInViewer("passport.pdf", "application/pdf", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Started(10 * time.Second); err == nil || !strings.Contains(err.Error(), "xdg-open could not show passport.pdf") {
		t.Errorf("a failing opener: %v", err)
	}
	v.Close()

	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if _, err := OpenInViewer("passport.pdf", "application/pdf", []byte("x")); err == nil || !strings.Contains(err.Error(), "no desktop") {
		t.Errorf("without a desktop: %v", err)
	}
}

// TestAttachments_Open: enter on an attachment shows it in the viewer and
// says it is from memory; the access log records it; a lock lets go of
// it, as do ViewFor's end and an opener that fails, which is said.
func TestAttachments_Open(t *testing.T) {
	scan := []byte("%PDF-1.4 insurance policy 7731")
	m, _ := attachModel(t, map[string][]byte{"insurance scan.pdf": scan})
	m = pick(t, m, 0)
	m = press(t, m, "enter")
	m.c.viewer = OpenInViewer

	content, path := standInOpener(t, 0)
	m = press(t, m, "enter")
	mustContain(t, view(m), "insurance scan.pdf is open in the viewer, from memory: no copy is on disk")
	if got, _ := os.ReadFile(content); string(got) != string(scan) {
		t.Errorf("the viewer read %q", got)
	}
	if len(m.viewings) != 1 {
		t.Fatalf("%d viewings kept", len(m.viewings))
	}
	given, _ := os.ReadFile(path)
	pid, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(string(given)), "/proc/"), "/fd/3"))
	events, err := m.c.store.Log(m.attach.id)
	if err != nil {
		t.Fatal(err)
	}
	if e := events[0]; e.Action != vault.ActViewed || e.Detail != "insurance scan.pdf" {
		t.Errorf("the last event: %+v", e)
	}
	m = press(t, m, "ctrl+l")
	if m.viewings != nil {
		t.Error("a lock kept the viewing")
	}
	gone(t, pid)

	m = typeText(t, m, testPass)
	m = press(t, m, "enter", "A", "enter")
	if len(m.viewings) != 1 {
		t.Fatalf("%d viewings kept", len(m.viewings))
	}
	given, _ = os.ReadFile(path)
	pid, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(string(given)), "/proc/"), "/fd/3"))
	clk := m.c.now
	m.c.now = func() time.Time { return clk().Add(ViewFor) }
	m = send(t, m, tickMsg{})
	if len(m.viewings) != 0 {
		t.Error("the viewing outlived ViewFor")
	}
	gone(t, pid)

	standInOpener(t, 3)
	m = press(t, m, "enter")
	mustContain(t, view(m), "xdg-open could not show insurance scan.pdf")
	if len(m.viewings) != 0 {
		t.Error("a failed viewing was kept")
	}
}

// TestOpenInViewer_DesktopEntry: where the desktop names an application
// for the type (xdg-mime query default), that application is started with
// the file, as its entry's command line says, without xdg-open; one that
// runs in a terminal is left to xdg-open.
func TestOpenInViewer_DesktopEntry(t *testing.T) {
	content, path := standInOpener(t, 0)
	bin := filepath.Dir(path) + "-viewer"
	os.Mkdir(bin, 0o700)
	viewed := filepath.Join(bin, "viewed")
	viewer := filepath.Join(bin, "pdf viewer") // a space, quoted in the entry
	// It reads the file, then stays open as a viewer's window does.
	if err := os.WriteFile(viewer, []byte("#!/bin/sh\necho $$ > '"+viewed+".pid'\necho \"$@\" > '"+viewed+".args'\ncat \"$3\" > '"+viewed+"'\nexec sleep 60\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	mime := "#!/bin/sh\n[ \"$1 $2 $3\" = \"query default application/pdf\" ] && echo viewer.desktop\n[ \"$1 $2 $3\" = \"query default text/plain\" ] && echo vim.desktop\nexit 0\n"
	pathDirs := strings.SplitN(os.Getenv("PATH"), ":", 2)
	if err := os.WriteFile(filepath.Join(pathDirs[0], "xdg-mime"), []byte(mime), 0o700); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	os.MkdirAll(filepath.Join(data, "applications"), 0o700)
	entries := map[string]string{
		"viewer.desktop": "[Desktop Entry]\nName=PDF\nExec=\"" + viewer + "\" --title %c --page=1 %U\nIcon=pdf\n[Desktop Action new]\nExec=nothing\n",
		"vim.desktop":    "[Desktop Entry]\nExec=vim %F\nTerminal=true\n",
	}
	for name, text := range entries {
		if err := os.WriteFile(filepath.Join(data, "applications", name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	v, err := OpenInViewer("passport.pdf", "application/pdf", []byte("%PDF scan"))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, err := os.ReadFile(viewed); err == nil && string(b) == "%PDF scan" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the desktop's application was never given the file")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if args, _ := os.ReadFile(viewed + ".args"); string(args) != "--title --page=1 "+v.Path+"\n" {
		t.Errorf("the application was started with %q (file %s)", args, v.Path)
	}
	// Let go of while the viewer's window is still open: the shell, and the
	// file in memory with it, go; the viewer stays.
	b, _ := os.ReadFile(viewed + ".pid")
	app, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	defer syscall.Kill(app, syscall.SIGKILL)
	holder, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(v.Path, "/proc/"), "/fd/3"))
	if err := v.Started(200 * time.Millisecond); err != nil {
		t.Errorf("a viewer still open: %v", err)
	}
	v.Close()
	gone(t, holder)
	if syscall.Kill(app, 0) != nil {
		t.Error("letting go of the file closed the viewer")
	}
	if _, err := os.Stat(content); err == nil {
		t.Error("xdg-open was started too")
	}

	// In a terminal: xdg-open's.
	v2, err := OpenInViewer("notes.txt", "text/plain; charset=utf-8", []byte("notes"))
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if err := v2.Started(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(content); string(b) != "notes" {
		t.Errorf("xdg-open read %q", b)
	}
}
