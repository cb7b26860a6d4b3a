package cli_test

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// fakeClipboard puts an xclip on the PATH of the binary's children that
// keeps the clipboard in a file and logs every write, as the real one
// would serve the desktop's: the binary's own clipboard code (atotto's)
// runs as on a desktop.
type fakeClipboard struct {
	bin, file, log string
}

func newFakeClipboard(t *testing.T, fail bool) *fakeClipboard {
	t.Helper()
	dir := t.TempDir()
	c := &fakeClipboard{bin: filepath.Join(dir, "bin"), file: filepath.Join(dir, "clipboard"), log: filepath.Join(dir, "writes")}
	os.Mkdir(c.bin, 0o700)
	script := `#!/bin/sh
case " $* " in
*" -out "*) cat "` + c.file + `" 2>/dev/null ;;
*) cat > "` + c.file + `.new" && mv "` + c.file + `.new" "` + c.file + `" && { cat "` + c.file + `"; echo; } >> "` + c.log + `" ;;
esac
`
	if fail {
		script = "#!/bin/sh\necho 'Error: Can'\\''t open display: (null)' >&2\nexit 1\n"
	}
	if err := os.WriteFile(filepath.Join(c.bin, "xclip"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *fakeClipboard) holds(t *testing.T) string {
	t.Helper()
	b, _ := os.ReadFile(c.file)
	return string(b)
}

func (c *fakeClipboard) writes(t *testing.T) []string {
	t.Helper()
	b, _ := os.ReadFile(c.log)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// startWaiting starts `confidant copy args…`, which is to wait to clear the
// clipboard, and returns once it says it is waiting (so the value is on the
// clipboard), with a function that waits for it to end and returns its
// standard error.
func (v *testVault) startWaiting(t *testing.T, c *fakeClipboard, args ...string) (*exec.Cmd, func() string) {
	t.Helper()
	cmd, _ := v.copyCmd(t, c, args...)
	return cmd, startUntil(t, cmd, "ctrl+c clears it now")
}

// startUntil starts cmd, a command that waits, and returns once its
// standard error has said marker, with a function that waits for it to
// end with exit 0 and returns all it said there.
func startUntil(t *testing.T, cmd *exec.Cmd, marker string) func() string {
	t.Helper()
	cmd.Stderr = nil
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	lines := bufio.NewScanner(pipe)
	for !strings.Contains(stderr.String(), marker) {
		if !lines.Scan() {
			cmd.Wait()
			t.Fatalf("%s ended before it waited: %q", cmd.Args[1:], stderr.String())
		}
		stderr.WriteString(lines.Text() + "\n")
	}
	return func() string {
		rest, _ := io.ReadAll(pipe)
		if code := exitCode(t, cmd.Wait()); code != 0 {
			t.Errorf("%s ended with exit %d", cmd.Args[1:], code)
		}
		return stderr.String() + string(rest)
	}
}

// copyCmd returns `confidant copy args…` with the fake clipboard's xclip
// first on its PATH.
func (v *testVault) copyCmd(t *testing.T, c *fakeClipboard, args ...string) (*exec.Cmd, func() (string, string)) {
	t.Helper()
	cmd, out, errb := v.command(t, "", append([]string{"--passphrase-file", v.PassFile, "copy"}, args...)...)
	cmd.Env = append(cmd.Env, "PATH="+c.bin+":"+os.Getenv("PATH"))
	return cmd, func() (string, string) { return out.String(), errb.String() }
}

// TestCopy: copy puts a field's value on the clipboard, never on standard
// output or error, records it, and clears it after --clipboard-clear, or
// at once at ctrl+c, leaving a clipboard that holds something copied
// since; the vault is free for other commands while it waits. Without a
// label it takes the Password field or the only secret; a one-time key
// gives its code. With no clipboard, or one that refuses, it says so and
// records nothing.
func TestCopy(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	const pw = "s3cret-Pa55word"
	if _, stderr, code := v.runStdin(t, pw+"\nJBSWY3DPEHPK3PXP\n", "add", "Airline portal", "--kind", "vendor", "--field", "Username=ana@example.com",
		"--secret", "Password", "--secret", "TOTP"); code != 0 {
		t.Fatalf("add: %s", stderr)
	}
	v.add(t, "Ana Lima", "--kind", "note", "--field", "Passport number=533401234", "--field", "Nickname=Nana")

	t.Run("cleared after its time", func(t *testing.T) {
		c := newFakeClipboard(t, false)
		cmd, output := v.copyCmd(t, c, "Airline portal", "Password", "--clipboard-clear", "300ms")
		code := exitCode(t, cmd.Run())
		stdout, stderr := output()
		if code != 0 || stdout != "" || strings.Contains(stderr, pw) {
			t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
		for _, want := range []string{"copied Password of Airline portal to the desktop clipboard", "clearing the clipboard in 300ms", "clipboard cleared"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr %q lacks %q", stderr, want)
			}
		}
		if got := c.writes(t); len(got) != 2 || got[0] != pw || got[1] != "" {
			t.Errorf("the clipboard was given %q, want the password then nothing", got)
		}
	})

	t.Run("ctrl+c clears at once, and the vault is free meanwhile", func(t *testing.T) {
		c := newFakeClipboard(t, false)
		cmd, end := v.startWaiting(t, c, "Ana Lima") // its only secret
		if got := c.holds(t); got != "533401234" {
			t.Fatalf("the clipboard holds %q", got)
		}
		if _, stderr, code := v.run(t, "list"); code != 0 {
			t.Errorf("list beside a waiting copy: exit %d, %s", code, stderr)
		}
		cmd.Process.Signal(syscall.SIGINT) // with the default 30 s to wait: the command's guard would end a test that waits that long
		if stderr := end(); !strings.Contains(stderr, "copied Passport number of Ana Lima") || !strings.Contains(stderr, "clipboard cleared") {
			t.Errorf("stderr %q", stderr)
		}
		if got := c.holds(t); got != "" {
			t.Errorf("after ctrl+c the clipboard holds %q", got)
		}
	})

	t.Run("something copied since is left", func(t *testing.T) {
		c := newFakeClipboard(t, false)
		cmd, end := v.startWaiting(t, c, "Airline portal", "Username", "--clipboard-clear", "1h")
		if got := c.holds(t); got != "ana@example.com" {
			t.Fatalf("the clipboard holds %q", got)
		}
		os.WriteFile(c.file, []byte("a flight number"), 0o600)
		cmd.Process.Signal(syscall.SIGTERM)
		stderr := end()
		if got := c.holds(t); got != "a flight number" {
			t.Errorf("the clipboard holds %q, want what was copied since", got)
		}
		if !strings.Contains(stderr, "the desktop clipboard holds something copied since, and was left as it is") {
			t.Errorf("stderr %q", stderr)
		}
	})

	t.Run("a one-time password key gives its code", func(t *testing.T) {
		c := newFakeClipboard(t, false)
		cmd, output := v.copyCmd(t, c, "Airline portal", "totp", "--clipboard-clear", "0")
		if code := exitCode(t, cmd.Run()); code != 0 {
			_, stderr := output()
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if got := c.holds(t); !regexp.MustCompile(`^[0-9]{6}$`).MatchString(got) {
			t.Errorf("the clipboard holds %q, want a six-digit code", got)
		}
		if _, stderr := output(); !strings.Contains(stderr, "the one-time password from TOTP of Airline portal (valid for") || strings.Contains(stderr, "clearing") {
			t.Errorf("stderr %q", stderr)
		}
	})

	log := v.mustRun(t, "log")
	for _, want := range []string{"Airline portal  Password", "Ana Lima        Passport number", "Airline portal  Username", "Airline portal  TOTP code"} {
		if !strings.Contains(log, want) {
			t.Errorf("the access log lacks %q:\n%s", want, log)
		}
	}

	t.Run("refused", func(t *testing.T) {
		c := newFakeClipboard(t, false)
		for _, tc := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"Airline portal", "--clipboard-clear", "0"}, 0, "copied Password of Airline portal"}, // though TOTP is secret too
			{[]string{"Ana Lima", "Shoe size"}, 1, "Ana Lima has no field \"Shoe size\" (its fields: Passport number, Nickname)"},
			{[]string{"Ana Lima", "Nickname", "--clipboard-clear", "soon"}, 2, "--clipboard-clear \"soon\" should be a duration"},
		} {
			cmd, output := v.copyCmd(t, c, tc.args...)
			code := exitCode(t, cmd.Run())
			if _, stderr := output(); code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("copy %q: exit %d, stderr %q; want %d, %q", tc.args, code, stderr, tc.code, tc.want)
			}
		}
		id := v.add(t, "Two secrets", "--kind", "note", "--field", "PIN=1234", "--field", "Door code=4471")
		cmd, output := v.copyCmd(t, c, id)
		if code := exitCode(t, cmd.Run()); code != 2 {
			t.Errorf("copy of a dossier with two secrets and no label: exit %d", code)
		}
		if _, stderr := output(); !strings.Contains(stderr, "Two secrets has several secret fields (PIN, Door code): name the one to copy after the title") {
			t.Errorf("stderr %q", stderr)
		}

		// No clipboard at all: no xclip on the PATH, no terminal.
		empty := t.TempDir()
		cmd, output = v.copyCmd(t, c, "Ana Lima")
		cmd.Env = append(cmd.Env, "PATH="+empty)
		if code := exitCode(t, cmd.Run()); code != 1 {
			t.Errorf("copy with no clipboard: exit %d", code)
		}
		if _, stderr := output(); !strings.Contains(stderr, "there is no clipboard here") {
			t.Errorf("stderr %q", stderr)
		}

		// A clipboard that refuses: nothing is recorded.
		before := v.mustRun(t, "log")
		cmd, output = v.copyCmd(t, newFakeClipboard(t, true), "Ana Lima")
		if code := exitCode(t, cmd.Run()); code != 1 {
			t.Errorf("copy to a refusing clipboard: exit %d", code)
		}
		if _, stderr := output(); !strings.Contains(stderr, "no clipboard took the value") || strings.Contains(stderr, "533401234") {
			t.Errorf("stderr %q", stderr)
		}
		if after := v.mustRun(t, "log"); after != before {
			t.Errorf("a copy that failed was recorded:\n%s", after)
		}
	})
}

// TestCopy_WaylandSensitive: under Wayland the value goes to wl-copy with
// --sensitive, on standard input, so that clipboard managers keep no copy
// of it; a wl-copy too old for the flag gets the value without it. Both
// are cleared after --clipboard-clear.
func TestCopy_WaylandSensitive(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	const pw = "s3cret-Pa55word"
	if _, stderr, code := v.runStdin(t, pw+"\n", "add", "Airline portal", "--kind", "vendor", "--secret", "Password"); code != 0 {
		t.Fatalf("add: %s", stderr)
	}
	for _, old := range []bool{false, true} {
		dir := t.TempDir()
		bin, file, calls := filepath.Join(dir, "bin"), filepath.Join(dir, "clipboard"), filepath.Join(dir, "calls")
		os.Mkdir(bin, 0o700)
		refuse := ""
		if old {
			refuse = `[ "$1" = --sensitive ] && { echo "wl-copy: unrecognized option '--sensitive'" >&2; exit 1; }` + "\n"
		}
		copyScript := "#!/bin/sh\n" + refuse + `echo "wl-copy $*" >> "` + calls + `"
cat > "` + file + `"
`
		pasteScript := "#!/bin/sh\ncat \"" + file + "\" 2>/dev/null\n"
		os.WriteFile(filepath.Join(bin, "wl-copy"), []byte(copyScript), 0o700)
		os.WriteFile(filepath.Join(bin, "wl-paste"), []byte(pasteScript), 0o700)

		cmd, output := v.copyCmd(t, &fakeClipboard{bin: bin}, "Airline portal", "--clipboard-clear", "300ms")
		cmd.Env = append(cmd.Env, "WAYLAND_DISPLAY=wayland-test")
		code := exitCode(t, cmd.Run())
		stdout, stderr := output()
		if code != 0 || stdout != "" || !strings.Contains(stderr, "copied Password of Airline portal to the desktop clipboard") {
			t.Fatalf("old wl-copy %v: exit %d, %q, %q", old, code, stdout, stderr)
		}
		b, _ := os.ReadFile(calls)
		got := strings.Split(strings.TrimSpace(string(b)), "\n")
		for i := range got {
			got[i] = strings.TrimSpace(got[i])
		}
		want := []string{"wl-copy --sensitive", "wl-copy"} // the value, then the clearing
		if old {
			want = []string{"wl-copy", "wl-copy"}
		}
		if strings.Join(got, "|") != strings.Join(want, "|") || strings.Contains(string(b), pw) {
			t.Errorf("old wl-copy %v: wl-copy was run as %q, want %q", old, got, want)
		}
		if left, _ := os.ReadFile(file); len(left) != 0 {
			t.Errorf("old wl-copy %v: the clipboard holds %q after clearing", old, left)
		}
	}
}
