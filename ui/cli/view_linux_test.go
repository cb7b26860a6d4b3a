package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeOpener puts an xdg-open on the PATH of the binary's children that
// does what a viewer does with the path it is given: reads the file. It
// keeps what it read, and the path, in files of the test's own.
type fakeOpener struct {
	bin, path, content string
}

func newFakeOpener(t *testing.T, exit int) *fakeOpener {
	t.Helper()
	dir := t.TempDir()
	o := &fakeOpener{bin: filepath.Join(dir, "bin"), path: filepath.Join(dir, "path"), content: filepath.Join(dir, "content")}
	os.Mkdir(o.bin, 0o700)
	script := `#!/bin/sh
echo "$1" > "` + o.path + `"
cat "$1" > "` + o.content + `.new" && mv "` + o.content + `.new" "` + o.content + `"
exit ` + strconv.Itoa(exit) + "\n"
	if err := os.WriteFile(filepath.Join(o.bin, "xdg-open"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	// Knows no application for any type: the machine's desktop is not asked.
	if err := os.WriteFile(filepath.Join(o.bin, "xdg-mime"), []byte("#!/bin/sh\nexit 0\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return o
}

// read waits for the viewer to have read the file, and returns what it read
// and through which path.
func (o *fakeOpener) read(t *testing.T) (content, path string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := os.ReadFile(o.content)
		if err == nil {
			p, _ := os.ReadFile(o.path)
			return string(c), strings.TrimSpace(string(p))
		}
		if time.Now().After(deadline) {
			t.Fatal("the viewer was never given the file")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestAttachment_Open: attachment --open hands the file to the desktop's
// viewer (a stand-in xdg-open) from memory: the viewer reads the right
// bytes through /proc/PID/fd/3 of a process that is not the vault's (the
// vault's own is closed to other processes: it is not dumpable), the path
// names no client, no copy is left in the vault's folder or TMPDIR, the
// vault is free while it waits, ctrl+c ends it and the file with it, and
// the access log records it. No desktop, a failing opener, and --open with
// --out each get a clear one-line error.
func TestAttachment_Open(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	const content = "%PDF-1.4 passport of Ana Lima, 533401234"
	id := v.add(t, "Ana Lima passport", "--kind", "travel")
	scan := filepath.Join(t.TempDir(), "Ana Lima passport.pdf")
	writeFile(t, scan, content)
	v.mustRun(t, "attach", id, scan)
	os.Remove(scan)

	o := newFakeOpener(t, 0)
	cmd, _, _ := v.command(t, "", "--passphrase-file", v.PassFile, "attachment", "Ana Lima passport", "Ana Lima passport.pdf", "--open")
	cmd.Env = append(cmd.Env, "PATH="+o.bin+":"+os.Getenv("PATH"), "DISPLAY=:99")
	end := startUntil(t, cmd, "ctrl+c ends it now")
	got, path := o.read(t)
	if got != content {
		t.Errorf("the viewer read %q, want %q", got, content)
	}
	m := regexp.MustCompile(`^/proc/(\d+)/fd/3$`).FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("the viewer was given %q", path)
	}
	holder, _ := strconv.Atoi(m[1])
	if holder == cmd.Process.Pid {
		t.Errorf("the viewer read the vault process's own descriptor")
	}
	for _, dir := range []string{filepath.Dir(v.Path), v.TmpDir} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, _ := os.ReadFile(p); strings.Contains(string(b), "533401234") {
					t.Errorf("%s holds the attachment's content", p)
				}
			}
			return nil
		})
	}
	if _, stderr, code := v.run(t, "list"); code != 0 {
		t.Errorf("list beside a waiting --open: exit %d, %s", code, stderr)
	}
	cmd.Process.Signal(syscall.SIGINT)
	if stderr := end(); !strings.Contains(stderr, "from memory: no copy is on disk") {
		t.Errorf("stderr: %q", stderr)
	}
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(holder, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the process holding the file (%d) outlived the command", holder)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if out := v.mustRun(t, "log", id); !strings.Contains(out, "viewed-attachment") || !strings.Contains(out, "Ana Lima passport.pdf") {
		t.Errorf("the log:\n%s", out)
	}

	for _, c := range []struct {
		name string
		env  []string
		args []string
		code int
		want string
	}{
		{"no desktop", []string{"PATH=" + o.bin + ":" + os.Getenv("PATH")}, []string{"--open"}, 1, "no desktop here"},
		{"no viewer", []string{"PATH=" + newFakeOpener(t, 3).bin + ":" + os.Getenv("PATH"), "WAYLAND_DISPLAY=wayland-0"}, []string{"--open"}, 1, "xdg-open could not show"},
		{"both", nil, []string{"--open", "--out", "-"}, 2, "one or the other"},
	} {
		cmd, stdout, stderr := v.command(t, "", append([]string{"--passphrase-file", v.PassFile, "attachment", id, "Ana Lima passport.pdf"}, c.args...)...)
		cmd.Env = append(cmd.Env, c.env...)
		code := exitCode(t, cmd.Run())
		if code != c.code || !strings.Contains(stderr.String(), c.want) || strings.Count(stderr.String(), "\n") != 1 || stdout.Len() > 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", c.name, code, stdout, stderr)
		}
	}
}
