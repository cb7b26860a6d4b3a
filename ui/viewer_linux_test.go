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
// given, as a viewer does, into a file of the test's, and exits with exit.
// It returns where the content and the path it was given go.
func standInOpener(t *testing.T, exit int) (content, path string) {
	t.Helper()
	dir := t.TempDir()
	content, path = filepath.Join(dir, "content"), filepath.Join(dir, "path")
	script := "#!/bin/sh\necho \"$1\" > " + path + "\ncat \"$1\" > " + content + ".new && mv " + content + ".new " + content + "\nexit " + strconv.Itoa(exit) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o700); err != nil {
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
	v, err := OpenInViewer("passport.pdf", data)
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
	v, err = OpenInViewer("passport.pdf", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Started(10 * time.Second); err == nil || !strings.Contains(err.Error(), "found no viewer for passport.pdf") {
		t.Errorf("a failing opener: %v", err)
	}
	v.Close()

	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if _, err := OpenInViewer("passport.pdf", []byte("x")); err == nil || !strings.Contains(err.Error(), "no desktop") {
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
	mustContain(t, view(m), "found no viewer for insurance scan.pdf")
	if len(m.viewings) != 0 {
		t.Error("a failed viewing was kept")
	}
}
