//go:build unix

package cli_test

// These tests drive the real confidant binary with os/exec, as a person or a
// script would: a fresh vault in a temporary directory for each test, the
// passphrase from a file, standard input empty unless a test gives one, no
// terminal (each child runs in its own session), and TMPDIR pointing at an
// empty directory that must stay empty.
//
// TestMain builds the binary once with `go build`.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/vault"
)

// confidantBin is the path of the binary under test, built by TestMain.
var confidantBin string

// buildDir holds the binaries the tests build.
var buildDir string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	if os.Getenv(hugePagesChild) != "" { // a child of TestUseHugePages, as fresh as main
		return checkHugePages()
	}
	dir, err := os.MkdirTemp("", "confidant-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	buildDir = dir
	confidantBin = filepath.Join(dir, "confidant")
	if err := goBuild(confidantBin, "confidant"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// goBuild builds pkg into out.
func goBuild(out, pkg string) error {
	msg, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput()
	if err == nil {
		return nil
	}
	return fmt.Errorf("go build %s: %v\n%s", pkg, err, msg)
}

// burstBin builds testdata/burst once and returns its path.
var burstBin = sync.OnceValues(func() (string, error) {
	out := filepath.Join(buildDir, "burst")
	return out, goBuild(out, "confidant/ui/cli/testdata/burst")
})

// testPassphrase is the passphrase of every test vault.
const testPassphrase = "correct horse battery staple"

// testVault is one temporary vault and the environment its commands run in.
type testVault struct {
	Dir      string // directory of the vault file, created by init
	Path     string // the vault file ($CONFIDANT_VAULT)
	PassFile string // file whose first line is the passphrase
	Home     string // $HOME of the children
	TmpDir   string // $TMPDIR of the children; nothing may be written there
}

// newEmptyVault returns the paths of a vault that does not exist yet.
func newEmptyVault(t *testing.T) *testVault {
	t.Helper()
	root := t.TempDir()
	v := &testVault{
		Dir:      filepath.Join(root, "v"),
		PassFile: filepath.Join(root, "passphrase"),
		Home:     filepath.Join(root, "home"),
		TmpDir:   filepath.Join(root, "tmp"),
	}
	v.Path = filepath.Join(v.Dir, "vault.db")
	for _, d := range []string{v.Home, v.TmpDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, v.PassFile, testPassphrase+"\n")
	t.Cleanup(func() {
		if names := dirNames(t, v.TmpDir); len(names) > 0 {
			t.Errorf("the program wrote to $TMPDIR: %v", names)
		}
	})
	return v
}

// newVault returns a vault created with `init --work-factor 10`.
func newVault(t *testing.T) *testVault {
	t.Helper()
	v := newEmptyVault(t)
	v.mustRun(t, "init", "--work-factor", "10")
	return v
}

// env is the whole environment of a child: nothing is inherited but PATH.
func (v *testVault) env() []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + v.Home,
		"TMPDIR=" + v.TmpDir,
		"XDG_DATA_HOME=" + filepath.Join(v.Home, "data"),
		"CONFIDANT_VAULT=" + v.Path,
		"LANG=C.UTF-8",
	}
	if pin, ok := os.LookupEnv("CONFIDANTTEST_PIN"); ok { // for the test plugin (testdata/ageplugin)
		env = append(env, "CONFIDANTTEST_PIN="+pin)
	}
	return env
}

// command returns the binary with args, not started: stdin as given, no
// controlling terminal, and a generous guard against a hang.
func (v *testVault) command(t *testing.T, stdin string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, confidantBin, args...)
	cmd.Env = v.env()
	cmd.Dir = v.Home
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no /dev/tty to prompt on
	return cmd, &stdout, &stderr
}

// exitCode returns the exit code of a finished command, failing the test if
// it could not run.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	t.Fatalf("running confidant: %v", err)
	return -1
}

// exec runs the binary with args exactly as given (no passphrase file).
func (v *testVault) exec(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd, out, errb := v.command(t, stdin, args...)
	code = exitCode(t, cmd.Run())
	return out.String(), errb.String(), code
}

// run runs `confidant --passphrase-file FILE args…` with empty stdin.
func (v *testVault) run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return v.runStdin(t, "", args...)
}

// runStdin is run with stdin.
func (v *testVault) runStdin(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return v.exec(t, stdin, append([]string{"--passphrase-file", v.PassFile}, args...)...)
}

// mustRun is run, failing the test unless it exits 0; it returns stdout.
func (v *testVault) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	stdout, stderr, code := v.run(t, args...)
	if code != 0 {
		t.Fatalf("confidant %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// add runs `add TITLE args…` and returns the ID it prints.
func (v *testVault) add(t *testing.T, title string, args ...string) string {
	t.Helper()
	out := v.mustRun(t, append([]string{"add", title}, args...)...)
	id := strings.TrimSuffix(out, "\n")
	if !idRE.MatchString(id) {
		t.Fatalf("add %q printed %q, want an ID", title, out)
	}
	return id
}

var idRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// wantError checks a failed run: the exit code, and exactly one line on
// stderr, starting "confidant: ".
func wantError(t *testing.T, stderr string, code, wantCode int) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit %d, want %d (stderr %q)", code, wantCode, stderr)
	}
	if strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") || !strings.HasPrefix(stderr, "confidant: ") {
		t.Errorf("stderr = %q, want exactly one line starting \"confidant: \"", stderr)
	}
}

// jsonDossier is the --json form of a dossier, as a script reads it.
type jsonDossier struct {
	ID      string      `json:"id"`
	Version uint64      `json:"version"`
	Title   string      `json:"title"`
	Kind    string      `json:"kind"`
	Fields  []jsonField `json:"fields"`
	Notes   string      `json:"notes"`
	Tags    []string    `json:"tags"`
	Dates   []struct {
		Label  string `json:"label"`
		Date   string `json:"date"`
		Remind string `json:"remind"`
		Yearly bool   `json:"yearly"`
		Next   string `json:"next"`
	} `json:"dates"`
	Attachments []struct {
		Name      string `json:"name"`
		MediaType string `json:"media_type"`
		Size      int64  `json:"size"`
		SHA256    string `json:"sha256"`
	} `json:"attachments"`
	Created  time.Time  `json:"created"`
	Updated  time.Time  `json:"updated"`
	Reviewed *time.Time `json:"reviewed"`
	Deleted  time.Time  `json:"deleted"` // trash only
}

// jsonField is one field of a --json dossier.
type jsonField struct {
	Label  string  `json:"label"`
	Value  *string `json:"value"`
	Type   string  `json:"type"`
	Secret bool    `json:"secret"`
	Masked bool    `json:"masked"`
}

// field returns the field labelled label, failing the test if there is none.
func (d jsonDossier) field(t *testing.T, label string) (value string, typ string, secret, masked bool) {
	t.Helper()
	for _, f := range d.Fields {
		if f.Label == label {
			if f.Value != nil {
				value = *f.Value
			}
			return value, f.Type, f.Secret, f.Masked
		}
	}
	t.Fatalf("dossier %q has no field %q: %+v", d.Title, label, d.Fields)
	return
}

func (d jsonDossier) hasField(label string) bool {
	return slices.ContainsFunc(d.Fields, func(f jsonField) bool { return f.Label == label })
}

func (d jsonDossier) dateLabels() []string {
	var out []string
	for _, dt := range d.Dates {
		out = append(out, dt.Label)
	}
	return out
}

func decodeJSON[T any](t *testing.T, out string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output is not the expected JSON: %v\n%s", err, out)
	}
	return v
}

// show returns `show REF --json [extra…]`.
func (v *testVault) show(t *testing.T, ref string, extra ...string) jsonDossier {
	t.Helper()
	return decodeJSON[jsonDossier](t, v.mustRun(t, append([]string{"show", ref, "--json"}, extra...)...))
}

// list returns the dossiers of `CMD… --json`, e.g. list, search Q, trash.
func (v *testVault) list(t *testing.T, args ...string) []jsonDossier {
	t.Helper()
	return decodeJSON[[]jsonDossier](t, v.mustRun(t, append(args, "--json")...))
}

func titles(ds []jsonDossier) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Title)
	}
	return out
}

func ids(ds []jsonDossier) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.ID)
	}
	slices.Sort(out)
	return out
}

// jsonEvent is one --json access log entry.
type jsonEvent struct {
	Action  string `json:"action"`
	Dossier string `json:"dossier"`
	Detail  string `json:"detail"`
}

func (v *testVault) log(t *testing.T, args ...string) []jsonEvent {
	t.Helper()
	return decodeJSON[[]jsonEvent](t, v.mustRun(t, append([]string{"log", "--json"}, args...)...))
}

func hasEvent(events []jsonEvent, action, id, detail string) bool {
	return slices.ContainsFunc(events, func(e jsonEvent) bool {
		return e.Action == action && e.Dossier == id && (detail == "" || e.Detail == detail)
	})
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func perm(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// token returns a distinctive random string, for values a test must find
// (or must not find) later.
func token(prefix string) string { return prefix + rand.Text() }

func TestInit(t *testing.T) {
	t.Parallel()
	t.Run("creates a 0700 directory and a 0600 file", func(t *testing.T) {
		v := newEmptyVault(t)
		out := v.mustRun(t, "init", "--work-factor", "10")
		if got := perm(t, v.Dir); got != 0o700 {
			t.Errorf("vault directory mode %o, want 700", got)
		}
		if got := perm(t, v.Path); got != 0o600 {
			t.Errorf("vault file mode %o, want 600", got)
		}
		rcpt := regexp.MustCompile(`(?m)^handoff recipient: (age1\S+)$`).FindStringSubmatch(out)
		if rcpt == nil || strings.HasPrefix(rcpt[1], "age1pq1") {
			t.Fatalf("init printed %q, want a classic age1 handoff recipient", out)
		}
		if got := strings.TrimSpace(v.mustRun(t, "recipient")); got != rcpt[1] {
			t.Errorf("recipient = %q, init printed %q", got, rcpt[1])
		}
	})
	t.Run("--pq makes a post-quantum recipient", func(t *testing.T) {
		v := newEmptyVault(t)
		out := v.mustRun(t, "init", "--work-factor", "10", "--pq")
		if !strings.Contains(out, "handoff recipient: age1pq1") {
			t.Errorf("init --pq printed %q, want an age1pq1 recipient", out)
		}
		if got := v.mustRun(t, "recipient"); !strings.HasPrefix(got, "age1pq1") {
			t.Errorf("recipient = %q, want age1pq1…", got)
		}
	})
	t.Run("refuses a passphrase under 8 characters", func(t *testing.T) {
		v := newEmptyVault(t)
		writeFile(t, v.PassFile, "Zoë 123\n") // 7 characters, 8 bytes
		_, stderr, code := v.run(t, "init", "--work-factor", "10")
		wantError(t, stderr, code, 2)
		if !strings.Contains(stderr, "fewer than 8 characters") {
			t.Errorf("stderr %q", stderr)
		}
		if _, err := os.Stat(v.Path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a vault was made: %v", err)
		}
		writeFile(t, v.PassFile, "Zoë 1234\n")
		_, stderr, code = v.run(t, "init", "--work-factor", "10")
		if code != 0 || !strings.Contains(stderr, "warning: a passphrase under 10 characters") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("refuses a common password, however long", func(t *testing.T) {
		v := newEmptyVault(t)
		for _, p := range []string{"Password123!", "P@ssw0rd2024", "iloveyou!!!!"} {
			writeFile(t, v.PassFile, p+"\n")
			_, stderr, code := v.run(t, "init", "--work-factor", "10")
			wantError(t, stderr, code, 2)
			if !strings.Contains(stderr, "the new vault passphrase is a common password, or one changed a little, which an attack guesses first; a few unrelated words are best") ||
				strings.Contains(stderr, p) {
				t.Errorf("%s: stderr %q", p, stderr)
			}
			if _, err := os.Stat(v.Path); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: a vault was made: %v", p, err)
			}
		}
		writeFile(t, v.PassFile, "password lantern orbit\n") // common words, not a common password
		v.mustRun(t, "init", "--work-factor", "10")
	})
	t.Run("refuses an existing vault", func(t *testing.T) {
		v := newVault(t)
		id := v.add(t, "Kept")
		before := readFile(t, v.Path)
		stdout, stderr, code := v.run(t, "init", "--work-factor", "10")
		wantError(t, stderr, code, 1)
		if !strings.Contains(stderr, "already exists") || stdout != "" {
			t.Errorf("stdout %q, stderr %q, want a refusal", stdout, stderr)
		}
		if !bytes.Equal(readFile(t, v.Path), before) {
			t.Error("init changed the existing vault")
		}
		if got := v.show(t, id); got.Title != "Kept" {
			t.Errorf("after the refused init, the dossier is %+v", got)
		}
	})
	t.Run("refuses a file that is not a vault", func(t *testing.T) {
		v := newEmptyVault(t)
		if err := os.Mkdir(v.Dir, 0o700); err != nil {
			t.Fatal(err)
		}
		writeFile(t, v.Path, "my notes, not a vault\n")
		_, stderr, code := v.run(t, "init", "--work-factor", "10")
		wantError(t, stderr, code, 1)
		if got := string(readFile(t, v.Path)); got != "my notes, not a vault\n" {
			t.Errorf("init overwrote the file: %q", got)
		}
	})
	t.Run("a work factor out of range is a usage error", func(t *testing.T) {
		v := newEmptyVault(t)
		_, stderr, code := v.run(t, "init", "--work-factor", "99")
		wantError(t, stderr, code, 2)
		if _, err := os.Stat(v.Path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a vault file was created: %v", err)
		}
	})
	t.Run("without a passphrase file or terminal it says what to do", func(t *testing.T) {
		v := newEmptyVault(t)
		_, stderr, code := v.exec(t, "", "init", "--work-factor", "10")
		wantError(t, stderr, code, 1)
		if !strings.Contains(stderr, "--passphrase-file") {
			t.Errorf("stderr %q does not mention --passphrase-file", stderr)
		}
		if _, err := os.Stat(v.Path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a vault file was created: %v", err)
		}
	})
}

func TestAdd(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	t.Run("fields, secrets, tags, note and dates", func(t *testing.T) {
		id := v.add(t, "Eleanor Vance", "--kind", "client",
			"--field", "Phone=+44 20 7946 0958", "--field", "Employer=Acme Ltd", "--field", "Site:url=https://example.com",
			"--secret", "Door code=4711-xyz", "--tag", "vip", "--tag", "London", "--note", "Prefers tea\nNo calls before 10",
			"--date", "Birthday=1980-04-02:1w", "--date", "Contract end=2031-01-31")
		d := v.show(t, id, "--reveal")
		if d.ID != id || d.Title != "Eleanor Vance" || d.Kind != "client" || d.Version != 1 {
			t.Errorf("dossier %s %q %s v%d", d.ID, d.Title, d.Kind, d.Version)
		}
		for _, tc := range []struct{ label, value, typ string }{
			{"Phone", "+44 20 7946 0958", "phone"}, // the client template's type
			{"Employer", "Acme Ltd", "text"},
			{"Site", "https://example.com", "url"},
			{"Door code", "4711-xyz", "text"},
		} {
			value, typ, secret, _ := d.field(t, tc.label)
			if value != tc.value || typ != tc.typ || secret != (tc.label == "Door code") {
				t.Errorf("field %s = %q %s secret=%v, want %q %s", tc.label, value, typ, secret, tc.value, tc.typ)
			}
		}
		if !slices.Equal(d.Tags, []string{"vip", "London"}) {
			t.Errorf("tags %q", d.Tags)
		}
		if d.Notes != "Prefers tea\nNo calls before 10" {
			t.Errorf("notes %q", d.Notes)
		}
		if len(d.Dates) != 2 {
			t.Fatalf("dates %+v", d.Dates)
		}
		if dt := d.Dates[0]; dt.Label != "Birthday" || dt.Date != "1980-04-02" || dt.Remind != "1w" || !dt.Yearly {
			t.Errorf("birthday %+v, want 1980-04-02, remind 1w, yearly", dt)
		}
		if dt := d.Dates[1]; dt.Label != "Contract end" || dt.Date != "2031-01-31" || dt.Remind != "" || dt.Yearly {
			t.Errorf("contract end %+v, want 2031-01-31, once", dt)
		}
	})
	t.Run("days as people write them", func(t *testing.T) {
		id := v.add(t, "Passport A. Lovelace", "--kind", "travel", "--field", "Expires=14.03.2029",
			"--field", "Renewed:date=Mar 2, 2024", "--date", "Visa interview=1 April 2030:2w")
		d := v.show(t, id)
		for label, want := range map[string]string{"Expires": "2029-03-14", "Renewed": "2024-03-02"} {
			if value, typ, _, _ := d.field(t, label); value != want || typ != "date" {
				t.Errorf("%s = %q %s, want %q date", label, value, typ, want)
			}
		}
		// The expiry brings its reminder (TestAdd_ImpliedDates).
		if len(d.Dates) != 2 || d.Dates[0].Date != "2030-04-01" || d.Dates[0].Remind != "2w" || d.Dates[1].Date != "2029-03-14" {
			t.Errorf("dates %+v", d.Dates)
		}
	})
	t.Run("a web address without its scheme", func(t *testing.T) {
		id := v.add(t, "Acme", "--kind", "vendor", "--field", "Website=acme.example/portal", "--field", "Intranet:url=intra.acme.example")
		d := v.show(t, id)
		for label, want := range map[string]string{"Website": "https://acme.example/portal", "Intranet": "https://intra.acme.example"} {
			if value, typ, _, _ := d.field(t, label); value != want || typ != "url" {
				t.Errorf("%s = %q %s, want %q url", label, value, typ, want)
			}
		}
	})
	t.Run("a kind's template gives types and secrecy", func(t *testing.T) {
		id := v.add(t, "Passport E. Vance", "--kind", "travel", "--field", "Number=P1234567", "--field", "Expires=2031-04-30")
		d := v.show(t, id)
		if d.Kind != "travel" {
			t.Errorf("kind %q", d.Kind)
		}
		if _, _, secret, masked := d.field(t, "Number"); !secret || !masked {
			t.Errorf("the travel Number field is not secret and masked")
		}
		if value, typ, _, _ := d.field(t, "Expires"); typ != "date" || value != "2031-04-30" {
			t.Errorf("Expires = %q %s, want a date", value, typ)
		}
		_, stderr, code := v.run(t, "add", "Bad passport", "--kind", "travel", "--field", "Expires=soon")
		wantError(t, stderr, code, 1)
	})
	t.Run("the default kind is note", func(t *testing.T) {
		if d := v.show(t, v.add(t, "Just a note")); d.Kind != "note" {
			t.Errorf("kind %q, want note", d.Kind)
		}
	})
	t.Run("--secret LABEL reads the value from stdin without a terminal", func(t *testing.T) {
		for _, in := range []string{"s3cret-from-stdin\n", "s3cret-from-stdin\r\n", "s3cret-from-stdin"} {
			stdout, stderr, code := v.runStdin(t, in, "add", "Stdin secret", "--secret", "PIN")
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if strings.Contains(stdout+stderr, "s3cret") {
				t.Errorf("the value was echoed: %q %q", stdout, stderr)
			}
			d := v.show(t, strings.TrimSpace(stdout), "--reveal")
			if value, _, secret, _ := d.field(t, "PIN"); value != "s3cret-from-stdin" || !secret {
				t.Errorf("stdin %q: PIN = %q secret=%v", in, value, secret)
			}
		}
		t.Run("nothing on standard input says where to give it, not as an argument", func(t *testing.T) {
			_, stderr, code := v.run(t, "add", "No secret given", "--secret", "PIN")
			if code != 1 || !strings.Contains(stderr, "nothing on standard input: give each --secret LABEL without a value its own line there") ||
				strings.Contains(stderr, "LABEL=VALUE") {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
		})
		t.Run("two secrets read two lines", func(t *testing.T) {
			stdout, stderr, code := v.runStdin(t, "first\nsecond\n", "add", "Two secrets", "--secret", "A", "--secret", "B")
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			d := v.show(t, strings.TrimSpace(stdout), "--reveal")
			a, _, _, _ := d.field(t, "A")
			b, _, _, _ := d.field(t, "B")
			if a != "first" || b != "second" {
				t.Errorf("A=%q B=%q", a, b)
			}
		})
		t.Run("--note - reads the notes from what is left", func(t *testing.T) {
			stdout, stderr, code := v.runStdin(t, "P123\nFirst line of the notes\r\nsecond line\n", "add", "Notes from stdin", "--secret", "Number", "--note", "-")
			if code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			id := strings.TrimSpace(stdout)
			d := v.show(t, id, "--reveal")
			if n, _, _, _ := d.field(t, "Number"); n != "P123" || d.Notes != "First line of the notes\r\nsecond line" {
				t.Fatalf("Number %q, notes %q", n, d.Notes)
			}
			v.mustRun(t, "edit", id, "--tag", "kept") // no --note: the notes stay
			if _, stderr, code := v.runStdin(t, "Replaced", "edit", id, "--note", "-"); code != 0 {
				t.Fatalf("edit --note -: exit %d, %q", code, stderr)
			}
			if d := v.show(t, id); d.Notes != "Replaced" {
				t.Fatalf("notes %q after edit", d.Notes)
			}
			_, stderr, code = v.runStdin(t, strings.Repeat("x", 1<<20+1), "edit", id, "--note", "-")
			wantError(t, stderr, code, 2)
			if !strings.Contains(stderr, "longer than 1.0 MiB") {
				t.Errorf("too long: %q", stderr)
			}
		})
		t.Run("empty stdin is an error", func(t *testing.T) {
			before := len(v.list(t, "list"))
			_, stderr, code := v.run(t, "add", "No secret", "--secret", "PIN")
			wantError(t, stderr, code, 1)
			if got := len(v.list(t, "list")); got != before {
				t.Errorf("%d dossiers after a failed add, want %d", got, before)
			}
		})
	})
	t.Run("usage errors add nothing", func(t *testing.T) {
		before := v.list(t, "list")
		for _, tc := range []struct {
			name string
			args []string
			code int
		}{
			{"no title", []string{"add"}, 2},
			{"two titles", []string{"add", "A", "B"}, 2},
			{"unknown kind", []string{"add", "A", "--kind", "spaceship"}, 2},
			{"field without =", []string{"add", "A", "--field", "Phone"}, 2},
			{"date not a date", []string{"add", "A", "--date", "Expiry=2031-13-45"}, 2},
			{"date in doubt", []string{"add", "A", "--date", "Expiry=03/04/2031"}, 2},
			{"date field in doubt", []string{"add", "A", "--field", "Expiry:date=03/04/2031"}, 1},
			{"date without =", []string{"add", "A", "--date", "Expiry"}, 2},
			{"bad reminder", []string{"add", "A", "--date", "Expiry=2031-01-01:soon"}, 2},
			{"unknown flag", []string{"add", "A", "--colour", "red"}, 2},
			{"email field not an email", []string{"add", "A", "--field", "Mail:email=not-an-address"}, 1},
			{"empty title", []string{"add", " "}, 1},
			{"tag with a comma", []string{"add", "A", "--tag", "a,b"}, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				stdout, stderr, code := v.run(t, tc.args...)
				wantError(t, stderr, code, tc.code)
				if stdout != "" {
					t.Errorf("stdout %q", stdout)
				}
				if strings.HasSuffix(tc.name, "in doubt") && (!strings.Contains(stderr, "day and month are in doubt") || strings.Contains(stderr, "03/04/2031")) {
					t.Errorf("stderr %q", stderr)
				}
			})
		}
		if after := v.list(t, "list"); !slices.Equal(ids(after), ids(before)) {
			t.Errorf("dossiers changed: %q, was %q", titles(after), titles(before))
		}
	})
}

func TestEdit(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Hugo Marsh", "--kind", "client", "--field", "Employer=Acme", "--field", "Floor=3",
		"--secret", "Door code=1111", "--tag", "vip", "--tag", "old", "--note", "first note",
		"--date", "Birthday=1975-06-01:1w", "--date", "Visa expiry=2030-01-01:2m")
	version := uint64(1)
	steps := []struct {
		name  string
		args  []string
		check func(t *testing.T, d jsonDossier)
	}{
		{"change and add fields", []string{"--field", "Employer=Globex", "--field", "Car=Blue Saab"}, func(t *testing.T, d jsonDossier) {
			if e, _, _, _ := d.field(t, "Employer"); e != "Globex" {
				t.Errorf("Employer %q", e)
			}
			if c, _, _, _ := d.field(t, "Car"); c != "Blue Saab" {
				t.Errorf("Car %q", c)
			}
		}},
		{"change a secret", []string{"--secret", "Door code=2222"}, func(t *testing.T, d jsonDossier) {
			if c, _, secret, _ := d.field(t, "Door code"); c != "2222" || !secret {
				t.Errorf("Door code %q secret=%v", c, secret)
			}
		}},
		{"tags", []string{"--tag", "travel", "--remove-tag", "OLD"}, func(t *testing.T, d jsonDossier) {
			if !slices.Equal(d.Tags, []string{"vip", "travel"}) {
				t.Errorf("tags %q", d.Tags)
			}
		}},
		{"notes", []string{"--note", "second note"}, func(t *testing.T, d jsonDossier) {
			if d.Notes != "second note" {
				t.Errorf("notes %q", d.Notes)
			}
		}},
		{"dates", []string{"--date", "Visa expiry=2032-02-02", "--date", "Anniversary=2001-09-09:3d", "--remove-date", "birthday"},
			func(t *testing.T, d jsonDossier) {
				if got := d.dateLabels(); !slices.Equal(got, []string{"Visa expiry", "Anniversary"}) {
					t.Fatalf("dates %q", got)
				}
				if d.Dates[0].Date != "2032-02-02" || d.Dates[0].Remind != "" {
					t.Errorf("visa expiry %+v", d.Dates[0])
				}
				if d.Dates[1].Remind != "3d" || !d.Dates[1].Yearly {
					t.Errorf("anniversary %+v", d.Dates[1])
				}
			}},
		{"remove a field", []string{"--remove-field", "floor"}, func(t *testing.T, d jsonDossier) {
			if d.hasField("Floor") {
				t.Errorf("Floor is still there: %+v", d.Fields)
			}
		}},
		{"title", []string{"--title", "Hugo R. Marsh"}, func(t *testing.T, d jsonDossier) {
			if d.Title != "Hugo R. Marsh" {
				t.Errorf("title %q", d.Title)
			}
		}},
		{"kind", []string{"--kind", "contact"}, func(t *testing.T, d jsonDossier) {
			if d.Kind != "contact" {
				t.Errorf("kind %q", d.Kind)
			}
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			ref := id
			if version%2 == 0 {
				ref = id[:6] // a prefix works as well as the ID
			}
			out := v.mustRun(t, append([]string{"edit", ref}, st.args...)...)
			version++
			if want := fmt.Sprintf("%s version %d\n", id, version); out != want {
				t.Errorf("edit printed %q, want %q", out, want)
			}
			d := v.show(t, id, "--reveal")
			if d.Version != version {
				t.Errorf("version %d, want %d", d.Version, version)
			}
			st.check(t, d)
		})
	}
	t.Run("the new title finds it, the old does not", func(t *testing.T) {
		if d := v.show(t, "hugo r. marsh"); d.ID != id {
			t.Errorf("show by the new title found %s", d.ID)
		}
		_, stderr, code := v.run(t, "show", "Hugo Marsh")
		wantError(t, stderr, code, 1)
	})
	t.Run("failed edits change nothing", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			args []string
			code int
		}{
			{"missing field", []string{"edit", id, "--remove-field", "Nope"}, 1},
			{"missing date", []string{"edit", id, "--remove-date", "Nope"}, 1},
			{"invalid value", []string{"edit", id, "--field", "Born:date=yesterday"}, 1},
			{"unknown dossier", []string{"edit", "no such dossier", "--note", "x"}, 1},
			{"no dossier named", []string{"edit"}, 2},
			{"bad kind", []string{"edit", id, "--kind", "spaceship"}, 2},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, stderr, code := v.run(t, tc.args...)
				wantError(t, stderr, code, tc.code)
			})
		}
		if d := v.show(t, id); d.Version != version {
			t.Errorf("version %d after failed edits, want %d", d.Version, version)
		}
	})
}

func TestShow(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	secret := token("pw-")
	door := token("44") // a secret written in the notes: a digit, and found nowhere else
	id := v.add(t, "Margot Lane", "--field", "Employer=Initech", "--secret", "Password="+secret, "--note", "The door code is "+door+", then #.")
	v.add(t, "Twin")
	v.add(t, "twin")

	t.Run("by ID, prefix or title", func(t *testing.T) {
		for _, ref := range []string{id, id[:8], id[:4], strings.ToUpper(id[:6]), "Margot Lane", "margot lane", "  Margot Lane "} {
			if d := v.show(t, ref); d.ID != id {
				t.Errorf("show %q found %s, want %s", ref, d.ID, id)
			}
		}
	})
	t.Run("unknown or ambiguous", func(t *testing.T) {
		for _, ref := range []string{"Nobody", "twin", "ffffffffffffffffffffffffffffffff"} {
			_, stderr, code := v.run(t, "show", ref)
			wantError(t, stderr, code, 1)
		}
	})
	t.Run("a secret is masked without --reveal", func(t *testing.T) {
		out := v.mustRun(t, "show", id)
		if strings.Contains(out, secret) {
			t.Errorf("show printed the secret:\n%s", out)
		}
		if !strings.Contains(out, "••••••••") || !strings.Contains(out, "Initech") {
			t.Errorf("show does not print the mask and the other field:\n%s", out)
		}
		js := v.mustRun(t, "show", id, "--json")
		if strings.Contains(js, secret) || strings.Contains(js, door) || !strings.Contains(js, `"notes_masked": 1`) {
			t.Errorf("show --json printed the secret, or the door code in the notes:\n%s", js)
		}
		value, _, isSecret, masked := decodeJSON[jsonDossier](t, js).field(t, "Password")
		if value != "" || !isSecret || !masked {
			t.Errorf("Password in JSON: value %q secret=%v masked=%v", value, isSecret, masked)
		}
		for _, args := range [][]string{{"show", id}, {"list", "--json"}, {"search", "margot", "--json"}, {"list"}, {"search", "margot"}, {"search", "door", "--json"}, {"history", id, "--json"}, {"log", "--json"}} {
			if out := v.mustRun(t, args...); strings.Contains(out, secret) || strings.Contains(out, door) {
				t.Errorf("%s printed the secret or the door code", strings.Join(args, " "))
			}
		}
		if hasEvent(v.log(t), "revealed", id, "") {
			t.Error("the log records a reveal that did not happen")
		}
	})
	t.Run("--reveal shows it and is logged", func(t *testing.T) {
		if out := v.mustRun(t, "show", id, "--reveal"); !strings.Contains(out, secret) || !strings.Contains(out, door) {
			t.Errorf("show --reveal does not print the secret:\n%s", out)
		}
		if d := v.show(t, id, "--reveal"); d.Notes != "The door code is "+door+", then #." {
			t.Errorf("notes in JSON with --reveal: %q", d.Notes)
		}
		value, _, _, masked := v.show(t, id, "--reveal").field(t, "Password")
		if value != secret || masked {
			t.Errorf("Password in JSON with --reveal: %q masked=%v", value, masked)
		}
		events := v.log(t, id)
		if !hasEvent(events, "revealed", id, "Password") {
			t.Errorf("log %s has no reveal of Password: %+v", id, events)
		}
		if out := v.mustRun(t, "log"); !strings.Contains(out, "revealed") || strings.Contains(out, secret) {
			t.Errorf("log:\n%s", out)
		}
	})
}

func TestList(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	t.Run("empty", func(t *testing.T) {
		stdout, stderr, code := v.run(t, "list")
		if code != 0 || stdout != "" || stderr == "" {
			t.Errorf("list on an empty vault: exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
		if out := v.mustRun(t, "list", "--json"); strings.TrimSpace(out) != "[]" {
			t.Errorf("list --json on an empty vault: %q", out)
		}
	})
	a := v.add(t, "bravo", "--kind", "client", "--tag", "vip", "--date", "Renewal=2099-01-01")
	b := v.add(t, "Alpha", "--kind", "vendor")
	c := v.add(t, "Charlie", "--kind", "client", "--tag", "VIP")
	t.Run("text, sorted by title", func(t *testing.T) {
		out := v.mustRun(t, "list")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID") {
			t.Fatalf("list:\n%s", out)
		}
		for i, want := range []struct{ id, title string }{{b, "Alpha"}, {a, "bravo"}, {c, "Charlie"}} {
			if l := lines[i+1]; !strings.HasPrefix(l, want.id[:8]) || !strings.Contains(l, want.title) {
				t.Errorf("line %d = %q, want %s %s", i+1, l, want.id[:8], want.title)
			}
		}
		if !strings.Contains(lines[2], "Renewal 2099-01-01") {
			t.Errorf("the next date is missing: %q", lines[2])
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"json", []string{"list"}, []string{"Alpha", "bravo", "Charlie"}},
		{"by tag", []string{"list", "--tag", "vip"}, []string{"bravo", "Charlie"}},
		{"by kind", []string{"list", "--kind", "vendor"}, []string{"Alpha"}},
		{"by tag and kind", []string{"list", "--kind", "client", "--tag", "nope"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := titles(v.list(t, tc.args...)); !slices.Equal(got, tc.want) {
				t.Errorf("%v: %q, want %q", tc.args, got, tc.want)
			}
		})
	}
	t.Run("bad kind", func(t *testing.T) {
		_, stderr, code := v.run(t, "list", "--kind", "spaceship")
		wantError(t, stderr, code, 2)
	})
}

func TestSearch(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	v.add(t, "Field match", "--field", "Employer=Globex Industries")
	v.add(t, "Note match", "--note", "Allergic to PEANUTS, carries an EpiPen")
	v.add(t, "Tag match", "--tag", "Riviera")
	v.add(t, "Secret only", "--secret", "Vault combination=zanzibar")
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"globex", []string{"Field match"}},
		{"GLOBEX industries", []string{"Field match"}},
		{"Employer", []string{"Field match"}}, // a field's label
		{"peanuts", []string{"Note match"}},
		{"epipen allergic", []string{"Note match"}},
		{"rIVIERA", []string{"Tag match"}},
		{"match", []string{"Field match", "Note match", "Tag match"}},
		{"zanzibar", []string{}}, // secret values are not searched
		{"globex peanuts", []string{}},
		{"nothing like it", []string{}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			if got := titles(v.list(t, "search", tc.query)); !slices.Equal(got, tc.want) {
				t.Errorf("search %q: %q, want %q", tc.query, got, tc.want)
			}
		})
	}
	t.Run("text", func(t *testing.T) {
		if out := v.mustRun(t, "search", "riviera"); !strings.Contains(out, "Tag match") || strings.Contains(out, "Note match") {
			t.Errorf("search riviera:\n%s", out)
		}
	})
	t.Run("needs one query", func(t *testing.T) {
		_, stderr, code := v.run(t, "search")
		wantError(t, stderr, code, 2)
	})
}

func TestAttachments(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Scans")
	dir := t.TempDir()
	content := make([]byte, 1<<20+123)
	rand.Read(content)
	src := filepath.Join(dir, "passport scan.pdf")
	if err := os.WriteFile(src, content, 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("attach", func(t *testing.T) {
		// The original stays where it was, and the command says so.
		if _, stderr, _ := v.run(t, "attach", id, src, "--name", "said.pdf"); !strings.Contains(stderr, src+" is still on the disk unencrypted: delete it") {
			t.Errorf("attach says nothing of the original: %q", stderr)
		}
		v.mustRun(t, "detach", id, "said.pdf")
		if out := v.mustRun(t, "attach", id, src); !strings.Contains(out, "passport scan.pdf") {
			t.Errorf("attach printed %q", out)
		}
		d := v.show(t, id)
		if len(d.Attachments) != 1 {
			t.Fatalf("attachments %+v", d.Attachments)
		}
		a := d.Attachments[0]
		sum := sha256.Sum256(content)
		if a.Name != "passport scan.pdf" || a.Size != int64(len(content)) || a.SHA256 != hex.EncodeToString(sum[:]) || a.MediaType != "application/pdf" {
			t.Errorf("attachment %+v", a)
		}
	})
	t.Run("round trip to a file, 0600", func(t *testing.T) {
		out := filepath.Join(dir, "copy.pdf")
		v.mustRun(t, "attachment", id, "passport scan.pdf", "--out", out)
		if !bytes.Equal(readFile(t, out), content) {
			t.Error("the saved copy differs from the attached file")
		}
		if got := perm(t, out); got != 0o600 {
			t.Errorf("saved copy mode %o, want 600", got)
		}
		t.Run("refuses to overwrite without --force", func(t *testing.T) {
			writeFile(t, out, "keep me")
			_, stderr, code := v.run(t, "attachment", id, "passport scan.pdf", "--out", out)
			wantError(t, stderr, code, 1)
			if got := string(readFile(t, out)); got != "keep me" {
				t.Errorf("the file was overwritten")
			}
			v.mustRun(t, "attachment", id, "passport scan.pdf", "--out", out, "--force")
			if !bytes.Equal(readFile(t, out), content) {
				t.Error("--force did not write the attachment")
			}
		})
	})
	t.Run("round trip to stdout", func(t *testing.T) {
		if out := v.mustRun(t, "attachment", id, "passport scan.pdf", "--out", "-"); out != string(content) {
			t.Errorf("--out - wrote %d bytes, want the %d attached", len(out), len(content))
		}
	})
	t.Run("--name", func(t *testing.T) {
		v.mustRun(t, "attach", id, src, "--name", "copy two.bin")
		if out := v.mustRun(t, "attachment", id, "copy two.bin", "--out", "-"); out != string(content) {
			t.Error("the attachment kept under --name differs")
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			args []string
			code int
		}{
			{"duplicate name", []string{"attach", id, src}, 1},
			{"missing file", []string{"attach", id, filepath.Join(dir, "nope")}, 1},
			{"unknown attachment", []string{"attachment", id, "nope", "--out", "-"}, 1},
			{"no --out", []string{"attachment", id, "passport scan.pdf"}, 2},
			{"unknown dossier", []string{"attach", "nobody", src}, 1},
			{"detach unknown", []string{"detach", id, "nope"}, 1},
			{"attach one argument", []string{"attach", id}, 2},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, stderr, code := v.run(t, tc.args...)
				wantError(t, stderr, code, tc.code)
			})
		}
		if d := v.show(t, id); len(d.Attachments) != 2 {
			t.Errorf("attachments after failed commands: %+v", d.Attachments)
		}
	})
	t.Run("over 16 MiB is refused", func(t *testing.T) {
		big := filepath.Join(dir, "big.bin")
		if err := os.WriteFile(big, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(big, vault.MaxAttachmentSize+1); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := v.run(t, "attach", id, big)
		wantError(t, stderr, code, 1)
		if !strings.Contains(stderr, "16 MiB") {
			t.Errorf("stderr %q does not give the limit", stderr)
		}
		if d := v.show(t, id); len(d.Attachments) != 2 {
			t.Errorf("attachments %+v", d.Attachments)
		}
	})
	t.Run("exactly 16 MiB is kept", func(t *testing.T) {
		if testing.Short() {
			t.Skip("a 16 MiB attachment in short mode")
		}
		big := make([]byte, vault.MaxAttachmentSize)
		rand.Read(big)
		path := filepath.Join(dir, "limit.bin")
		if err := os.WriteFile(path, big, 0o600); err != nil {
			t.Fatal(err)
		}
		v.mustRun(t, "attach", id, path)
		out := filepath.Join(dir, "limit copy.bin")
		v.mustRun(t, "attachment", id, "limit.bin", "--out", out)
		if !bytes.Equal(readFile(t, out), big) {
			t.Error("the 16 MiB round trip differs")
		}
		v.mustRun(t, "detach", id, "limit.bin")
	})
	t.Run("detach", func(t *testing.T) {
		v.mustRun(t, "detach", id, "copy two.bin")
		d := v.show(t, id)
		if len(d.Attachments) != 1 || d.Attachments[0].Name != "passport scan.pdf" {
			t.Errorf("attachments after detach: %+v", d.Attachments)
		}
		_, stderr, code := v.run(t, "attachment", id, "copy two.bin", "--out", "-")
		wantError(t, stderr, code, 1)
	})
	t.Run("logged", func(t *testing.T) {
		events := v.log(t, id)
		for _, want := range []jsonEvent{{"attached", id, "passport scan.pdf"}, {"saved-attachment", id, "passport scan.pdf"}, {"detached", id, "copy two.bin"}} {
			if !hasEvent(events, want.Action, want.Dossier, want.Detail) {
				t.Errorf("no %+v in the log", want)
			}
		}
	})
	t.Run("verify opens them", func(t *testing.T) {
		v.mustRun(t, "verify")
	})
}

func TestTrash(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	a := v.add(t, "Alpha", "--note", "keep this")
	b := v.add(t, "Bravo")
	t.Run("rm moves to the trash", func(t *testing.T) {
		if out := v.mustRun(t, "rm", a); !strings.Contains(out, a[:8]) {
			t.Errorf("rm printed %q", out)
		}
		if got := ids(v.list(t, "list")); !slices.Equal(got, []string{b}) {
			t.Errorf("list after rm: %q", got)
		}
		_, stderr, code := v.run(t, "show", a)
		wantError(t, stderr, code, 1)
		trash := v.list(t, "trash")
		if len(trash) != 1 || trash[0].ID != a || trash[0].Title != "Alpha" || trash[0].Deleted.IsZero() {
			t.Errorf("trash: %+v", trash)
		}
		if out := v.mustRun(t, "trash"); !strings.Contains(out, "Alpha") {
			t.Errorf("trash:\n%s", out)
		}
		if !hasEvent(v.log(t, a), "deleted", a, "") {
			t.Error("log of a trashed dossier has no deletion")
		}
	})
	t.Run("restore-trash brings it back", func(t *testing.T) {
		if out := v.mustRun(t, "restore-trash", a); !strings.Contains(out, a) {
			t.Errorf("restore-trash printed %q", out)
		}
		if d := v.show(t, a); d.Notes != "keep this" {
			t.Errorf("restored dossier: %+v", d)
		}
		if trash := v.list(t, "trash"); len(trash) != 0 {
			t.Errorf("trash after restore: %q", titles(trash))
		}
		_, stderr, code := v.run(t, "restore-trash", a)
		wantError(t, stderr, code, 1)
	})
	t.Run("trash --purge deletes one for good", func(t *testing.T) {
		c := v.add(t, "Charlie", "--note", "asked to be erased")
		v.mustRun(t, "rm", c)
		v.mustRun(t, "rm", b)
		if out := v.mustRun(t, "trash", "--purge", "charlie"); out != "deleted Charlie ("+c[:8]+") for good, with its history and files\n" {
			t.Errorf("trash --purge printed %q", out)
		}
		if trash := v.list(t, "trash"); len(trash) != 1 || trash[0].ID != b {
			t.Errorf("trash after --purge: %q", titles(trash))
		}
		_, stderr, code := v.run(t, "trash", "--purge", "charlie")
		wantError(t, stderr, code, 1)
		_, stderr, code = v.run(t, "trash", "--purge", "bravo", "--empty")
		wantError(t, stderr, code, 2)
		v.mustRun(t, "restore-trash", b)
		if !hasEvent(v.log(t), "purged", c, "") {
			t.Error("the log does not say the dossier was purged")
		}
		// By its whole ID, a purged dossier's events are still listed.
		if !hasEvent(v.log(t, c), "purged", c, "") {
			t.Error("log ID of the purged dossier does not list its purge")
		}
	})
	t.Run("trash --empty deletes for good", func(t *testing.T) {
		v.mustRun(t, "rm", "alpha")
		v.mustRun(t, "rm", b)
		if out := v.mustRun(t, "trash", "--empty"); !strings.Contains(out, "deleted 2") {
			t.Errorf("trash --empty printed %q", out)
		}
		if trash := v.list(t, "trash"); len(trash) != 0 {
			t.Errorf("trash after --empty: %q", titles(trash))
		}
		if got := v.list(t, "list"); len(got) != 0 {
			t.Errorf("list after --empty: %q", titles(got))
		}
		_, stderr, code := v.run(t, "restore-trash", a)
		wantError(t, stderr, code, 1)
		v.mustRun(t, "verify")
	})
	t.Run("rm of nothing", func(t *testing.T) {
		_, stderr, code := v.run(t, "rm", "nobody")
		wantError(t, stderr, code, 1)
		_, stderr, code = v.run(t, "rm")
		wantError(t, stderr, code, 2)
	})
}

func TestHistoryRevert(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Versioned", "--note", "one", "--field", "Floor=1")
	v.mustRun(t, "edit", id, "--note", "two")
	v.mustRun(t, "edit", id, "--note", "three", "--field", "Floor=3", "--tag", "moved")

	type version struct {
		Version uint64 `json:"version"`
		Title   string `json:"title"`
		Changes []struct {
			What string `json:"what"`
			How  string `json:"how"`
		} `json:"changes"`
	}
	history := func(t *testing.T) []version {
		return decodeJSON[[]version](t, v.mustRun(t, "history", id, "--json"))
	}
	t.Run("history lists every version and its changes", func(t *testing.T) {
		h := history(t)
		var got []uint64
		for _, x := range h {
			got = append(got, x.Version)
			if x.Version > 1 && len(x.Changes) == 0 {
				t.Errorf("version %d lists no change", x.Version)
			}
		}
		if !slices.Equal(got, []uint64{3, 2, 1}) {
			t.Errorf("versions %v, want [3 2 1]", got)
		}
		if out := v.mustRun(t, "history", id); !strings.Contains(out, "(current)") {
			t.Errorf("history:\n%s", out)
		}
	})
	t.Run("revert makes an old version current as a new one", func(t *testing.T) {
		if out := v.mustRun(t, "revert", id, "1"); out != id+" version 4 (from version 1)\n" {
			t.Errorf("revert printed %q", out)
		}
		d := v.show(t, id)
		floor, _, _, _ := d.field(t, "Floor")
		if d.Version != 4 || d.Notes != "one" || floor != "1" || len(d.Tags) != 0 {
			t.Errorf("after revert: v%d notes %q floor %q tags %q", d.Version, d.Notes, floor, d.Tags)
		}
		if n := len(history(t)); n != 4 {
			t.Errorf("%d versions after revert, want 4", n)
		}
		if !hasEvent(v.log(t, id), "reverted", id, "") {
			t.Error("the revert is not in the log")
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			args []string
			code int
		}{
			{"not a number", []string{"revert", id, "first"}, 2},
			{"no such version", []string{"revert", id, "99"}, 1},
			{"one argument", []string{"revert", id}, 2},
			{"history of nobody", []string{"history", "nobody"}, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, stderr, code := v.run(t, tc.args...)
				wantError(t, stderr, code, tc.code)
			})
		}
	})
}

func TestLogAndReview(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	a := v.add(t, "Alpha")
	b := v.add(t, "Bravo")
	v.mustRun(t, "edit", a, "--note", "x")
	t.Run("review", func(t *testing.T) {
		if d := v.show(t, a); d.Reviewed != nil {
			t.Fatalf("reviewed %v before review", d.Reviewed)
		}
		v.mustRun(t, "review", "Alpha")
		if d := v.show(t, a); d.Reviewed == nil || d.Reviewed.IsZero() {
			t.Error("review did not set the reviewed time")
		}
		if out := v.mustRun(t, "show", a); strings.Contains(out, "Reviewed  never") {
			t.Errorf("show after review:\n%s", out)
		}
	})
	t.Run("log of the vault", func(t *testing.T) {
		events := v.log(t)
		for _, want := range []jsonEvent{{"created", a, ""}, {"created", b, ""}, {"edited", a, ""}, {"reviewed", a, ""}} {
			if !hasEvent(events, want.Action, want.Dossier, "") {
				t.Errorf("no %s %s in %+v", want.Action, want.Dossier, events)
			}
		}
		if events[0].Action != "reviewed" {
			t.Errorf("newest event %+v, want the review", events[0])
		}
	})
	t.Run("log of one dossier", func(t *testing.T) {
		for _, e := range v.log(t, "Bravo") {
			if e.Dossier != b {
				t.Errorf("log Bravo lists %+v", e)
			}
		}
		if events := v.log(t, b); len(events) != 1 {
			t.Errorf("log %s: %+v", b, events)
		}
	})
	t.Run("errors", func(t *testing.T) {
		_, stderr, code := v.run(t, "log", a, b)
		wantError(t, stderr, code, 2)
		_, stderr, code = v.run(t, "log", "nobody")
		wantError(t, stderr, code, 1)
		_, stderr, code = v.run(t, "review")
		wantError(t, stderr, code, 2)
	})
}

func TestPasswd(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Survivor", "--secret", "PIN=8080")
	newFile := filepath.Join(t.TempDir(), "new")
	writeFile(t, newFile, "a brand new passphrase\r\nignored second line\n")

	t.Run("a missing new passphrase file changes nothing", func(t *testing.T) {
		_, stderr, code := v.run(t, "passwd", "--new-passphrase-file", filepath.Join(t.TempDir(), "nope"))
		wantError(t, stderr, code, 1)
		v.mustRun(t, "list")
	})
	if out := v.mustRun(t, "passwd", "--new-passphrase-file", newFile); out != "passphrase changed\n" {
		t.Errorf("passwd printed %q", out)
	}
	t.Run("the old passphrase fails", func(t *testing.T) {
		stdout, stderr, code := v.run(t, "list")
		if code != 1 || stderr != "confidant: wrong passphrase\n" || stdout != "" {
			t.Errorf("old passphrase: exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
	})
	t.Run("the new one works", func(t *testing.T) {
		for _, content := range []string{"a brand new passphrase", "a brand new passphrase\n", "a brand new passphrase\r\n"} {
			writeFile(t, v.PassFile, content)
			d := v.show(t, id, "--reveal")
			if pin, _, _, _ := d.field(t, "PIN"); pin != "8080" {
				t.Errorf("PIN %q after passwd", pin)
			}
		}
		v.mustRun(t, "verify")
		if log := v.mustRun(t, "log"); strings.Count(log, "passphrase-changed") != 1 {
			t.Errorf("the log does not say once that the passphrase changed:\n%s", log)
		}
	})
}

func TestRecipientVerifyVersionCompletion(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	t.Run("recipient", func(t *testing.T) {
		out := v.mustRun(t, "recipient")
		if !regexp.MustCompile(`^age1[02-9ac-hj-np-z]+\n$`).MatchString(out) {
			t.Errorf("recipient printed %q", out)
		}
		if again := v.mustRun(t, "recipient"); again != out {
			t.Errorf("recipient changed: %q then %q", out, again)
		}
	})
	t.Run("verify a clean vault", func(t *testing.T) {
		v.add(t, "One", "--secret", "PIN=1")
		id := v.add(t, "Two")
		v.mustRun(t, "edit", id, "--note", "n")
		v.mustRun(t, "rm", "One")
		stdout, stderr, code := v.run(t, "verify")
		if code != 0 || !strings.HasPrefix(stdout, "ok: 1 dossiers") || stderr != "" {
			t.Errorf("verify: exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
	})
	t.Run("--version", func(t *testing.T) {
		stdout, stderr, code := v.exec(t, "", "--version")
		if code != 0 || !strings.HasPrefix(stdout, "confidant version ") || stderr != "" {
			t.Errorf("--version: exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
	})
	t.Run("completion", func(t *testing.T) {
		for _, shell := range []string{"bash", "zsh", "fish"} {
			stdout, stderr, code := v.exec(t, "", "completion", shell)
			if code != 0 || !strings.Contains(stdout, "confidant") || stderr != "" {
				t.Errorf("completion %s: exit %d, stderr %q, %d bytes", shell, code, stderr, len(stdout))
			}
		}
		if stdout, _, _ := v.exec(t, "", "completion", "bash"); !strings.Contains(stdout, "bash completion") {
			t.Errorf("completion bash is not a bash completion script")
		}
	})
	t.Run("help", func(t *testing.T) {
		stdout, _, code := v.exec(t, "", "--help")
		if code != 0 || !strings.Contains(stdout, "restore-trash") {
			t.Errorf("--help: exit %d\n%s", code, stdout)
		}
	})
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Someone")
	wrong := filepath.Join(t.TempDir(), "wrong")
	writeFile(t, wrong, "not the passphrase\n")
	for _, tc := range []struct {
		name string
		args []string // run exactly, without the passphrase file
		code int
		want string // in stderr
	}{
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown flag", []string{"list", "--frobnicate"}, 2, "unknown flag"},
		{"unknown global flag", []string{"--frobnicate"}, 2, "unknown flag"},
		{"too many arguments", []string{"--passphrase-file", v.PassFile, "show", "a", "b"}, 2, "argument"},
		{"too few arguments", []string{"--passphrase-file", v.PassFile, "show"}, 2, "argument"},
		{"arguments to a command that takes none", []string{"--passphrase-file", v.PassFile, "list", "x"}, 2, "argument"},
		{"flag without value", []string{"--passphrase-file", v.PassFile, "list", "--tag"}, 2, "flag needs an argument"},
		{"bad idle-lock duration", []string{"--idle-lock", "soon"}, 2, "--idle-lock"},
		{"bad review period", []string{"open", "--review-every", "-3d"}, 2, "--review-every"},
		{"not found", []string{"--passphrase-file", v.PassFile, "show", "nobody"}, 1, "nobody"},
		{"missing passphrase file", []string{"--passphrase-file", filepath.Join(t.TempDir(), "nope"), "list"}, 1, "passphrase file"},
		{"no passphrase and no terminal", []string{"list"}, 1, "--passphrase-file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := v.exec(t, "", tc.args...)
			wantError(t, stderr, code, tc.code)
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q does not contain %q", stderr, tc.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
		})
	}
	t.Run("wrong passphrase", func(t *testing.T) {
		for _, args := range [][]string{{"list"}, {"show", id, "--reveal"}, {"add", "x"}, {"verify"}, {"recipient"},
			{"passwd", "--new-passphrase-file", wrong}, {"log"}, {"rm", id}} {
			stdout, stderr, code := v.exec(t, "", append([]string{"--passphrase-file", wrong}, args...)...)
			if code != 1 || stderr != "confidant: wrong passphrase\n" || stdout != "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and exactly \"confidant: wrong passphrase\"", args, code, stdout, stderr)
			}
		}
		if d := v.show(t, id); d.Version != 1 {
			t.Errorf("a command with the wrong passphrase changed the dossier: %+v", d)
		}
	})
	t.Run("no vault", func(t *testing.T) {
		nv := newEmptyVault(t)
		for _, args := range [][]string{{"list"}, {"add", "x"}, {"show", "x"}, {"verify"}, {"passwd", "--new-passphrase-file", wrong}} {
			_, stderr, code := nv.run(t, args...)
			wantError(t, stderr, code, 1)
			if !strings.Contains(stderr, "confidant init") {
				t.Errorf("%v: stderr %q gives no hint to run confidant init", args, stderr)
			}
		}
		if _, err := os.Stat(nv.Dir); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("commands on a missing vault created its directory: %v", err)
		}
	})
	t.Run("--vault overrides CONFIDANT_VAULT", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other.db")
		_, stderr, code := v.run(t, "--vault", other, "list")
		wantError(t, stderr, code, 1)
		if !strings.Contains(stderr, other) {
			t.Errorf("stderr %q does not name %s", stderr, other)
		}
	})
}

func TestPassphraseFile(t *testing.T) {
	t.Parallel()
	v := newEmptyVault(t)
	writeFile(t, v.PassFile, "kumquat zephyr\r\nozone quartz\n")
	v.mustRun(t, "init", "--work-factor", "10")
	for _, tc := range []struct {
		name    string
		content string
		code    int
	}{
		{"first line alone", "kumquat zephyr", 0},
		{"with a newline", "kumquat zephyr\n", 0},
		{"with CRLF", "kumquat zephyr\r\n", 0},
		{"a second line is ignored", "kumquat zephyr\nsomething else\n", 0},
		{"the second line is not the passphrase", "ozone quartz\n", 1},
		{"spaces count", "kumquat zephyr \n", 1},
		{"empty first line", "\nkumquat zephyr\n", 1},
		{"empty file", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), "p")
			writeFile(t, f, tc.content)
			stdout, stderr, code := v.exec(t, "", "--passphrase-file", f, "recipient")
			if tc.code == 0 {
				if code != 0 || !strings.HasPrefix(stdout, "age1") {
					t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
				}
				return
			}
			wantError(t, stderr, code, tc.code)
			if strings.Contains(stderr, "kumquat") || strings.Contains(stderr, "ozone") {
				t.Errorf("stderr %q quotes the passphrase file", stderr)
			}
		})
	}
}

// TestNoPlaintext adds and edits dossiers full of distinctive random values
// and checks that none of them appears in any file of the vault's directory,
// and that nothing was written to $TMPDIR.
func TestNoPlaintext(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	var plain []string
	tok := func(prefix string) string {
		s := token(prefix)
		plain = append(plain, s)
		return s
	}
	type want struct{ id, title, notes, field, value, secret, tag string }
	var wants []want
	for i := range 5 {
		w := want{title: tok("Title"), notes: tok("Notes"), field: tok("Label"), value: tok("Value"), secret: tok("Secret"), tag: tok("Tag")}
		stdinSecret := tok("Stdin")
		w.id = strings.TrimSpace(func() string {
			stdout, stderr, code := v.runStdin(t, stdinSecret+"\n", "add", w.title, "--kind", "client",
				"--field", w.field+"="+w.value, "--field", "Email=someone."+strings.ToLower(tok("Mail"))+"@example.com",
				"--secret", "Door="+w.secret, "--secret", "Typed", "--tag", w.tag, "--note", w.notes+"\n"+tok("Line"),
				"--date", tok("Date")+"=2031-04-30:6m")
			if code != 0 {
				t.Fatalf("add: exit %d, stderr %q", code, stderr)
			}
			return stdout
		}())
		// Edits leave the earlier values in the sealed history.
		w.title, w.notes, w.value = tok("Retitled"), tok("Renoted"), tok("Revalued")
		v.mustRun(t, "edit", w.id, "--title", w.title, "--note", w.notes, "--field", w.field+"="+w.value,
			"--tag", tok("Extra"), "--date", tok("Later")+"=2040-01-01")
		if i%2 == 0 {
			name := tok("Scan") + ".txt"
			f := filepath.Join(t.TempDir(), name)
			writeFile(t, f, strings.Repeat(tok("Attached")+"\n", 100))
			v.mustRun(t, "attach", w.id, f)
		}
		if i == 4 {
			v.mustRun(t, "rm", w.id)
		}
		wants = append(wants, w)
	}
	v.mustRun(t, "show", wants[0].id, "--reveal") // a reveal is logged
	v.mustRun(t, "review", wants[1].id)
	v.mustRun(t, "search", strings.ToLower(wants[1].notes))

	// The values are really stored: the check below could find them.
	for _, w := range wants[:4] {
		d := v.show(t, w.id, "--reveal")
		value, _, _, _ := d.field(t, w.field)
		secret, _, _, _ := d.field(t, "Door")
		if d.Title != w.title || d.Notes != w.notes || value != w.value || secret != w.secret || !slices.Contains(d.Tags, w.tag) {
			t.Errorf("dossier %s does not hold what was added: %+v", w.id, d)
		}
	}

	var files int
	err := filepath.WalkDir(v.Dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lower := bytes.ToLower(data)
		for _, p := range plain {
			if bytes.Contains(data, []byte(p)) || bytes.Contains(lower, []byte(strings.ToLower(p))) {
				t.Errorf("%s holds the plaintext %q", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("no vault file to check")
	}
	if names := dirNames(t, v.TmpDir); len(names) > 0 {
		t.Errorf("$TMPDIR holds %v", names)
	}
}

// TestSecretsNotInErrors makes commands fail on input holding a
// secret-looking value and checks that no output repeats it.
func TestSecretsNotInErrors(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	secret := token("S3CRET")
	stored := token("STORED")
	title := token("TITLE")
	id := v.add(t, title, "--secret", "Door="+stored, "--field", "Employer="+stored+"x")
	dir := t.TempDir()
	scan := filepath.Join(dir, "scan.txt")
	writeFile(t, scan, secret)
	v.mustRun(t, "attach", id, scan)
	out := filepath.Join(dir, "out.txt")
	writeFile(t, out, "existing")
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
	}{
		{"bad date in a date field", "", []string{"add", "T", "--field", "Born:date=" + secret}, 1},
		{"bad date in a date field on edit", "", []string{"edit", id, "--field", "Born:date=" + secret}, 1},
		{"bad email in a secret", "", []string{"add", "T", "--secret", "Login:email=" + secret}, 1},
		{"bad email in a secret from stdin", secret + "\n", []string{"add", "T", "--secret", "Login:email"}, 1},
		{"bad phone", "", []string{"add", "T", "--field", "Tel:phone=" + secret}, 1},
		{"bad url", "", []string{"edit", id, "--field", "Site:url=" + secret}, 1},
		{"bad template date", "", []string{"add", "T", "--kind", "travel", "--field", "Expires=" + secret}, 1},
		{"bad --date", "", []string{"add", "T", "--date", "Birthday=" + secret}, 2},
		{"field without a label", "", []string{"add", "T", "--field", secret}, 2},
		{"duplicate attachment", "", []string{"attach", id, scan}, 1},
		{"attachment onto an existing file", "", []string{"attachment", id, "scan.txt", "--out", out}, 1},
		{"missing field on a dossier with secrets", "", []string{"edit", id, "--remove-field", "Nope"}, 1},
		{"missing date on a dossier with secrets", "", []string{"edit", id, "--remove-date", "Nope"}, 1},
		{"revert to a missing version", "", []string{"revert", id, "7"}, 1},
		{"unknown attachment", "", []string{"attachment", id, "nope", "--out", "-"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := v.runStdin(t, tc.stdin, tc.args...)
			wantError(t, stderr, code, tc.code)
			for _, s := range []string{secret, stored, title} {
				if strings.Contains(stdout+stderr, s) {
					t.Errorf("the output repeats a value: stdout %q, stderr %q", stdout, stderr)
				}
			}
		})
	}
	t.Run("a wrong passphrase is not echoed", func(t *testing.T) {
		f := filepath.Join(dir, "wrong")
		writeFile(t, f, secret+"\n")
		_, stderr, _ := v.exec(t, "", "--passphrase-file", f, "list")
		if strings.Contains(stderr, secret) {
			t.Errorf("stderr %q repeats the passphrase", stderr)
		}
	})
}

const inUse = "vault is in use by another process"

// TestTwoProcesses checks the vault lock: a process gets a clear error, not
// a hang, while another holds the vault.
func TestTwoProcesses(t *testing.T) {
	t.Parallel()
	t.Run("held by another process", func(t *testing.T) {
		v := newVault(t)
		id := v.add(t, "Locked out")
		s, err := vault.Open(v.Path, nil) // this test process holds the lock now
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"list"}, {"add", "Blocked"}, {"show", id}, {"init", "--work-factor", "10"}} {
			stdout, stderr, code := v.run(t, args...)
			wantError(t, stderr, code, 1)
			if args[0] != "init" && !strings.Contains(stderr, inUse) {
				t.Errorf("%v: stderr %q, want %q", args, stderr, inUse)
			}
			if stdout != "" {
				t.Errorf("%v: stdout %q", args, stdout)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if got := titles(v.list(t, "list")); !slices.Equal(got, []string{"Locked out"}) {
			t.Errorf("after the other process let go: %q", got)
		}
	})
	t.Run("ten at once", func(t *testing.T) {
		v := newVault(t)
		type proc struct {
			cmd            *exec.Cmd
			stdout, stderr *bytes.Buffer
		}
		var procs []proc
		for i := range 10 {
			cmd, stdout, stderr := v.command(t, "", "--passphrase-file", v.PassFile, "add", fmt.Sprintf("Concurrent %d", i), "--tag", "conc")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			procs = append(procs, proc{cmd, stdout, stderr})
		}
		var added []string
		for i, p := range procs {
			code := exitCode(t, p.cmd.Wait())
			switch out, errs := p.stdout.String(), p.stderr.String(); {
			case code == 0 && idRE.MatchString(strings.TrimSpace(out)) && errs == "":
				added = append(added, strings.TrimSpace(out))
			case code == 1 && out == "" && strings.HasPrefix(errs, "confidant: "+inUse) && strings.Count(errs, "\n") == 1:
			default:
				t.Errorf("process %d: exit %d, stdout %q, stderr %q", i, code, out, errs)
			}
		}
		t.Logf("%d of 10 adds succeeded", len(added))
		if len(added) == 0 {
			t.Error("no add succeeded")
		}
		v.mustRun(t, "verify")
		slices.Sort(added)
		if got := ids(v.list(t, "list")); !slices.Equal(got, added) {
			t.Errorf("the vault holds %q, the successful adds printed %q", got, added)
		}
	})
}

// TestKillDuringWrites kills, with SIGKILL at a random moment, a process
// adding and editing dossiers as fast as it can, and checks after each kill
// that the vault verifies and holds every dossier whose ID was printed.
func TestKillDuringWrites(t *testing.T) {
	t.Parallel()
	burst, err := burstBin()
	if err != nil {
		t.Fatal(err)
	}
	rounds := 60
	if testing.Short() {
		rounds = 20
	}
	v := newVault(t)
	acked := map[string]bool{}
	for round := range rounds {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, burst, v.Path, v.PassFile)
		cmd.Env = v.env()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		kill := func() { cmd.Process.Kill() }
		// Kill after a random number of acknowledged writes (none: during
		// start-up), a random fraction of a write later.
		after := mrand.IntN(8)
		delay := time.Duration(mrand.IntN(3000)) * time.Microsecond
		var timer *time.Timer
		if after == 0 {
			timer = time.AfterFunc(delay, kill)
		}
		sc := bufio.NewScanner(stdout)
		n := 0
		for sc.Scan() {
			line := sc.Text()
			if !idRE.MatchString(line) {
				t.Fatalf("round %d: burst printed %q", round, line)
			}
			acked[line] = true
			if n++; n == after {
				timer = time.AfterFunc(delay, kill)
			}
		}
		err = cmd.Wait()
		if timer != nil {
			timer.Stop()
		}
		cancel()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: burst ended with %v, not killed; stderr %q", round, err, stderr.String())
		}

		if stdout, stderr, code := v.run(t, "verify"); code != 0 {
			t.Fatalf("round %d (killed after %d writes): verify exit %d\n%s%s", round, n, code, stdout, stderr)
		}
		present := map[string]bool{}
		for _, d := range v.list(t, "list") {
			present[d.ID] = true
		}
		for id := range acked {
			if !present[id] {
				t.Fatalf("round %d: acknowledged dossier %s is missing", round, id)
			}
		}
	}
	t.Logf("%d rounds, %d acknowledged writes", rounds, len(acked))
}

// TestKillDuringPassphraseChange kills `passwd` with SIGKILL at a random
// moment, over and over, switching between two passphrases: the change
// now also overwrites the free pages of the file (where the keys sealed
// under the old passphrase stay), and a kill there must not cost the
// vault. After each round exactly one of the two passphrases opens it (the
// new one if the change was acknowledged), and it verifies whole.
func TestKillDuringPassphraseChange(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	var want []string
	for _, title := range []string{"Alpha", "Bravo", "Charlie"} {
		id := v.add(t, title, "--secret", "PIN=1234", "--note", strings.Repeat("a long note ", 200))
		v.mustRun(t, "edit", id, "--note", "shorter")
		want = append(want, id)
	}
	slices.Sort(want)
	files := [2]string{v.PassFile, filepath.Join(t.TempDir(), "second")}
	writeFile(t, files[1], "a second passphrase here\n")
	cur := 0
	passwd := func(kill time.Duration) (done bool) {
		cmd, stdout, stderr := v.command(t, "", "--passphrase-file", files[cur], "passwd", "--new-passphrase-file", files[1-cur])
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		timer := time.AfterFunc(kill, func() { cmd.Process.Kill() })
		err := cmd.Wait()
		timer.Stop()
		if err == nil {
			if stdout.String() != "passphrase changed\n" || stderr.Len() != 0 {
				t.Fatalf("passwd printed %q, %q", stdout, stderr)
			}
			cur = 1 - cur
			return true
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("passwd ended with %v; stderr %q", err, stderr)
		}
		return false
	}
	start := time.Now()
	passwd(time.Minute)
	probe := time.Since(start)
	rounds := 40
	if testing.Short() {
		rounds = 15
	}
	killed := 0
	for round := range rounds {
		kill := time.Duration(mrand.Int64N(int64(probe) * 12 / 10))
		acked := passwd(kill)
		if !acked {
			killed++
			// Unacknowledged: either passphrase may be the one now.
			if _, stderr, code := v.exec(t, "", "--passphrase-file", files[cur], "list"); code != 0 {
				if !strings.Contains(stderr, "wrong passphrase") {
					t.Fatalf("round %d: %s", round, stderr)
				}
				cur = 1 - cur
			}
		}
		if _, _, code := v.exec(t, "", "--passphrase-file", files[1-cur], "list"); code == 0 {
			t.Fatalf("round %d: both passphrases open the vault", round)
		}
		stdout, stderr, code := v.exec(t, "", "--passphrase-file", files[cur], "verify")
		if code != 0 {
			t.Fatalf("round %d (acknowledged %v, kill at %v of %v): verify exit %d\n%s%s", round, acked, kill, probe, code, stdout, stderr)
		}
		stdout, _, _ = v.exec(t, "", "--passphrase-file", files[cur], "list", "--json")
		if ids := ids(decodeJSON[[]jsonDossier](t, stdout)); !slices.Equal(ids, want) {
			t.Fatalf("round %d: the vault holds %q, want %q", round, ids, want)
		}
	}
	t.Logf("%d rounds, %d killed before passwd finished (one passwd: %v)", rounds, killed, probe)
	if killed == 0 {
		t.Error("no round was killed")
	}
}

// TestDamagedValue damages one dossier's sealed value and its shard of the
// index in the bbolt file, and checks that only that dossier is lost.
func TestDamagedValue(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	var others []string
	for _, title := range []string{"Alpha", "Charlie", "Delta"} {
		others = append(others, v.add(t, title, "--note", "fine"))
	}
	victim := v.add(t, "Bravo", "--note", "damaged")
	v.mustRun(t, "edit", victim, "--note", "damaged twice") // history stays readable
	slices.Sort(others)

	raw, err := hex.DecodeString(victim)
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(v.Path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, at := range []struct{ bucket, key []byte }{{[]byte("dossiers"), raw}, {[]byte("shards"), raw[:1]}} {
			b := tx.Bucket(at.bucket)
			if b == nil {
				return fmt.Errorf("no bucket %s", at.bucket)
			}
			val := bytes.Clone(b.Get(at.key))
			if len(val) == 0 {
				return fmt.Errorf("no value %x in %s", at.key, at.bucket)
			}
			val[len(val)-1] ^= 0x01 // inside the last chunk's authentication tag
			if err := b.Put(at.key, val); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	t.Run("list shows the others, with a warning", func(t *testing.T) {
		stdout, stderr, code := v.run(t, "list", "--json")
		if code != 0 {
			t.Fatalf("list: exit %d, stderr %q", code, stderr)
		}
		if got := ids(decodeJSON[[]jsonDossier](t, stdout)); !slices.Equal(got, others) {
			t.Errorf("list %q, want %q", got, others)
		}
		if !strings.Contains(stderr, "warning") || !strings.Contains(stderr, "verify") {
			t.Errorf("stderr %q, want a warning", stderr)
		}
		for _, id := range others {
			if d := v.show(t, id); d.Notes != "fine" {
				t.Errorf("dossier %s: %+v", id, d)
			}
		}
	})
	t.Run("verify reports it by ID", func(t *testing.T) {
		stdout, stderr, code := v.run(t, "verify")
		wantError(t, stderr, code, 1)
		if !strings.Contains(stderr, "damaged") {
			t.Errorf("stderr %q does not say values are damaged", stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		var found bool
		for _, l := range lines {
			f := strings.Split(l, "\t")
			// A dossier whose ID begins with the victim's byte shares its
			// damaged shard (about one run in 85): its index entry is
			// damaged too, though its own value is not.
			sharesShard := len(f) == 3 && f[2] == "index" && len(f[1]) == len(victim) && f[1][:2] == victim[:2]
			if len(f) < 3 || f[0] != "damaged" || (f[1] != victim && !sharesShard) {
				t.Errorf("verify reports %q, want only damaged values of %s", l, victim)
			}
			found = found || (len(f) == 3 && f[1] == victim && f[2] == "dossier")
		}
		if !found {
			t.Errorf("verify does not report the dossier value of %s:\n%s", victim, stdout)
		}
	})
	t.Run("other writes still work", func(t *testing.T) {
		id := v.add(t, "Echo")
		if d := v.show(t, id); d.Title != "Echo" {
			t.Errorf("%+v", d)
		}
	})
	t.Run("rm removes the unreadable dossier for good", func(t *testing.T) {
		stdout := v.mustRun(t, "rm", victim[:8])
		if !strings.Contains(stdout, "for good") {
			t.Errorf("rm of a damaged dossier printed %q", stdout)
		}
		if stdout, stderr, code := v.run(t, "verify"); code != 0 {
			t.Errorf("verify after removing the damaged dossier: exit %d\n%s%s", code, stdout, stderr)
		}
		if _, stderr, _ := v.run(t, "list"); strings.Contains(stderr, "warning") {
			t.Errorf("list still warns: %q", stderr)
		}
	})
}

// TestRefusesVault checks that a vault from a newer program, and a file that
// is not a vault, are refused clearly and left alone.
func TestRefusesVault(t *testing.T) {
	t.Parallel()
	t.Run("newer format", func(t *testing.T) {
		v := newVault(t)
		v.add(t, "Future")
		db, err := bolt.Open(v.Path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("format"), []byte("99")) })
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		before := readFile(t, v.Path)
		for _, args := range [][]string{{"list"}, {"add", "x"}, {"verify"}} {
			_, stderr, code := v.run(t, args...)
			wantError(t, stderr, code, 1)
			if !strings.Contains(stderr, "newer") {
				t.Errorf("%v: stderr %q does not say the vault is newer", args, stderr)
			}
		}
		if !bytes.Equal(readFile(t, v.Path), before) {
			t.Error("the newer vault was changed")
		}
	})
	t.Run("not a vault", func(t *testing.T) {
		v := newEmptyVault(t)
		if err := os.Mkdir(v.Dir, 0o700); err != nil {
			t.Fatal(err)
		}
		junk := make([]byte, 64<<10)
		rand.Read(junk)
		if err := os.WriteFile(v.Path, junk, 0o600); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := v.run(t, "list")
		wantError(t, stderr, code, 1)
		if !bytes.Equal(readFile(t, v.Path), junk) {
			t.Error("the file was changed")
		}
	})
}

// TestDamaged_BackupLeavesItOut damages a log entry and an attachment: a
// backup still writes everything else, says on stderr what it left out,
// and the file verifies and restores.
func TestDamaged_BackupLeavesItOut(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Eleanor Vance", "--note", "fine")
	scan := filepath.Join(t.TempDir(), "scan.txt")
	writeFile(t, scan, "passport scan")
	v.mustRun(t, "attach", id, scan)
	db, err := bolt.Open(v.Path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"log", "attachments"} {
			b := tx.Bucket([]byte(name))
			k, val := b.Cursor().First()
			val = bytes.Clone(val)
			val[len(val)-1] ^= 0x01
			if err := b.Put(bytes.Clone(k), val); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	bp := filepath.Join(t.TempDir(), "bp")
	writeFile(t, bp, "backup words here\n")
	out := filepath.Join(t.TempDir(), "b.age")
	stdout, stderr, code := v.run(t, "backup", "--out", out, "--backup-passphrase-file", bp, "--work-factor", "10")
	if code != 0 || !strings.Contains(stdout, "backed up 1 dossier,") {
		t.Fatalf("backup: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "leaves out") || !strings.Contains(stderr, "log entry 1") || !strings.Contains(stderr, "attachment scan.txt") || !strings.Contains(stderr, "confidant verify") {
		t.Errorf("stderr %q does not say what was left out", stderr)
	}
	if got := v.mustRun(t, "backup", "--verify", out, "--backup-passphrase-file", bp); !strings.Contains(got, "complete: 1 dossier,") {
		t.Errorf("verify: %q", got)
	}
	r := newEmptyVault(t)
	r.mustRun(t, "restore", out, "--backup-passphrase-file", bp, "--work-factor", "10")
	if d := r.show(t, "Eleanor Vance"); d.Notes != "fine" {
		t.Errorf("restored %+v", d)
	}
}

// TestAdd_ImpliedDates: an expiry or a date of birth given as a field brings
// its reminder, as the editor does; a date given for that day wins, and an
// edit of the field moves the date it brought.
func TestAdd_ImpliedDates(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	dates := func(ref string) string {
		var out []string
		for _, d := range v.show(t, ref).Dates {
			out = append(out, fmt.Sprintf("%s %s %s %v", d.Label, d.Date, d.Remind, d.Yearly))
		}
		return strings.Join(out, "; ")
	}
	id := v.add(t, "Eleanor passport", "--kind", "travel", "--field", "Number=P1", "--field", "Expires=30.04.2031")
	if got := dates(id); got != "Expires 2031-04-30 6m false" {
		t.Errorf("a passport's expiry: %q", got)
	}
	v.mustRun(t, "edit", id, "--field", "Expires=2032-05-01")
	if got := dates(id); got != "Expires 2032-05-01 6m false" {
		t.Errorf("after the expiry changed: %q", got)
	}
	id = v.add(t, "Eleanor", "--kind", "client", "--field", "Date of birth=2 April 1980")
	if got := dates(id); got != "Birthday 1980-04-02 2w true" {
		t.Errorf("a date of birth: %q", got)
	}
	id = v.add(t, "Hugo passport", "--kind", "travel", "--field", "Expires=2031-01-01", "--date", "Passport expiry=2031-01-01:3m")
	if got := dates(id); got != "Passport expiry 2031-01-01 3m false" {
		t.Errorf("a date given for that day: %q", got)
	}
	// A field no template proposes, named as such a date, is one when it
	// holds a day: its reminder follows. Given as text, or not a day, it
	// stays text.
	id = v.add(t, "Hugo", "--kind", "client", "--field", "Passport expiry=14.03.2029", "--field", "Birthday=1 May 1970",
		"--field", "Wedding anniversary=2001-06-30", "--field", "Visa expires:text=2030-01-01", "--field", "Licence expiry=soon")
	if got := dates(id); got != "Passport expiry 2029-03-14 6m false; Birthday 1970-05-01 2w true; Wedding anniversary 2001-06-30 2w true" {
		t.Errorf("dates named by their fields: %q", got)
	}
	d := v.show(t, id)
	for label, want := range map[string]string{"Passport expiry": "date", "Visa expires": "text", "Licence expiry": "text"} {
		if _, typ, _, _ := d.field(t, label); typ != want {
			t.Errorf("%s is %s, want %s", label, typ, want)
		}
	}
}

// TestAdd_Like: add --like starts from a copy of another dossier (kind,
// fields, secrets too, tags, dates, notes), which the other flags change;
// its attachments stay with it, and standard error says so.
func TestAdd_Like(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	if _, stderr, code := v.runStdin(t, "533401234\n", "add", "Eleanor Vance", "--kind", "client", "--field", "Full name=Eleanor Vance",
		"--field", "Address:multiline=1 Chester Square", "--secret", "Passport number", "--tag", "vip", "--note", "Aisle seats",
		"--date", "Anniversary=2001-06-30:2w:yearly"); code != 0 {
		t.Fatalf("add: %s", stderr)
	}
	scan := filepath.Join(t.TempDir(), "scan.txt")
	writeFile(t, scan, "a scan")
	v.mustRun(t, "attach", "Eleanor Vance", scan)
	stdout, stderr, code := v.run(t, "add", "Hugo Vance", "--like", "Eleanor Vance", "--field", "Full name=Hugo Vance", "--tag", "family")
	if code != 0 || !strings.Contains(stderr, "1 attachment stayed with Eleanor Vance") {
		t.Fatalf("add --like: exit %d, %q", code, stderr)
	}
	hugo, eleanor := v.show(t, strings.TrimSpace(stdout), "--reveal"), v.show(t, "Eleanor Vance")
	if hugo.Kind != "client" || !slices.Equal(hugo.Tags, []string{"vip", "family"}) || hugo.Notes != "Aisle seats" || len(hugo.Dates) != 1 || len(hugo.Attachments) != 0 {
		t.Errorf("the copy: %+v", hugo)
	}
	if name, _, _, _ := hugo.field(t, "Full name"); name != "Hugo Vance" {
		t.Errorf("Full name %q", name)
	}
	if addr, _, _, _ := hugo.field(t, "Address"); addr != "1 Chester Square" {
		t.Errorf("Address %q", addr)
	}
	if pp, _, secret, _ := hugo.field(t, "Passport number"); pp != "533401234" || !secret {
		t.Errorf("Passport number %q secret=%v", pp, secret)
	}
	if name, _, _, _ := eleanor.field(t, "Full name"); name != "Eleanor Vance" || len(eleanor.Attachments) != 1 {
		t.Errorf("the original changed: %+v", eleanor)
	}
	if _, stderr, code := v.run(t, "add", "X", "--like", "Nobody"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("--like of nobody: exit %d, %q", code, stderr)
	}
}

// TestTags: tags counts the dossiers of each tag; rename and rm change every
// dossier that carries it, and add the dossiers named or found, each as a
// new version, in one write.
func TestTags(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	a := v.add(t, "Ana", "--kind", "client", "--tag", "vip", "--tag", "board")
	v.add(t, "Bruno", "--kind", "client", "--tag", "VIP")
	v.add(t, "Carla", "--kind", "contact", "--tag", "family")
	if out := v.mustRun(t, "tags"); !strings.HasPrefix(out, "DOSSIERS  TAG\n2         ") || !strings.Contains(out, "\n1         board\n1         family\n") {
		t.Errorf("tags:\n%s", out)
	}
	if out := v.mustRun(t, "tags", "rename", "vip", "key clients"); out != "vip is key clients now, in 2 dossiers\n" {
		t.Errorf("tags rename: %q", out)
	}
	if got := v.list(t, "list", "--tag", "key clients"); len(got) != 2 {
		t.Errorf("list --tag \"key clients\": %d dossiers", len(got))
	}
	if out := v.mustRun(t, "tags", "rm", "board"); out != "took board from 1 dossier\n" {
		t.Errorf("tags rm: %q", out)
	}
	if d := v.show(t, a); !slices.Equal(d.Tags, []string{"key clients"}) {
		t.Errorf("Ana's tags: %q", d.Tags)
	}
	if out := v.mustRun(t, "history", a); !strings.Contains(out, "tags changed (current)") {
		t.Errorf("history:\n%s", out)
	}
	if out := v.mustRun(t, "tags", "--json"); !strings.Contains(out, `"tag": "key clients",`+"\n"+`    "dossiers": 2`) {
		t.Errorf("tags --json:\n%s", out)
	}
	_, stderr, code := v.run(t, "tags", "rename", "nobody", "x")
	if code != 0 || !strings.Contains(stderr, "no dossier is tagged nobody") {
		t.Errorf("rename of a tag nobody has: exit %d, %q", code, stderr)
	}
	_, stderr, code = v.run(t, "tags", "rename", "family", "a,b")
	wantError(t, stderr, code, 1)
	if !strings.Contains(stderr, "a tag must not hold a comma") {
		t.Errorf("rename to a comma: %q", stderr)
	}
	_, stderr, code = v.run(t, "tags", "rename", "family", "")
	wantError(t, stderr, code, 2)

	// tags add: to the dossiers named and those a search finds, once each;
	// one that has the tag is left as it is.
	if out := v.mustRun(t, "tags", "add", "household", "Ana", "--search", "kind:contact"); out != "tagged 2 dossiers household\n" {
		t.Errorf("tags add: %q", out)
	}
	if out := v.mustRun(t, "tags", "add", "Household", "Ana", "Bruno"); out != "tagged 1 dossier Household; 1 had it already\n" {
		t.Errorf("tags add again: %q", out)
	}
	if got := v.list(t, "list", "--tag", "household"); len(got) != 3 {
		t.Errorf("list --tag household: %d dossiers", len(got))
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tags", "add", "x"}, 2, "name the dossiers to tag"},
		{[]string{"tags", "add", "x", "--search", "nothing-matches-this"}, 1, "finds no dossier"},
		{[]string{"tags", "add", "x", "Nobody"}, 1, "not found"},
		{[]string{"tags", "add", "a,b", "Ana"}, 1, "without a comma"},
	} {
		_, stderr, code := v.run(t, c.args...)
		wantError(t, stderr, code, c.code)
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%q: %q", c.args, stderr)
		}
	}
}

// TestSearch_SaysWhere: under each dossier found, search says where each
// word is when the title and tags do not show it, a secret by its label
// only; --json is the dossiers as before.
func TestSearch_SaysWhere(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	v.add(t, "Margaret Okafor", "--kind", "client", "--tag", "vip", "--field", "Phone=+44 20 7946 0321", "--field", "Passport number=533401234",
		"--note", "Prefers aisle seats.\nDriver: Samuel, +44 7700 900123.")
	v.add(t, "Samuel Okafor", "--kind", "contact")
	out := v.mustRun(t, "search", "samuel")
	want := "ID        TITLE            KIND     TAGS  NEXT DATE\n" +
		"%s  Margaret Okafor  client   vip   \n" +
		"          notes: Driver: Samuel, +44 7700 900123.\n" +
		"%s  Samuel Okafor    contact        \n"
	lines := strings.Split(out, "\n")
	if len(lines) != 5 || lines[2] != "          notes: Driver: Samuel, +44 7700 900123." || !strings.HasSuffix(lines[1], "Margaret Okafor  client   vip   ") {
		t.Errorf("search samuel:\n%s\nwant the shape of\n%s", out, want)
	}
	for query, where := range map[string]string{
		"passport":      "          Passport number: •••••",
		"020 7946 0321": "          Phone: +44 20 7946 0321",
		"aisle vip":     "          notes: Prefers aisle seats.",
	} {
		out := v.mustRun(t, "search", query)
		if !strings.Contains(out, "\n"+where+"\n") || strings.Contains(out, "533401234") {
			t.Errorf("search %q:\n%s\nlacks %q", query, out, where)
		}
	}
	if out := v.mustRun(t, "search", "samuel", "--json"); strings.Contains(out, "notes: Driver") {
		t.Errorf("search --json holds the lines for people:\n%s", out)
	}
}

// TestAdd_SecretInArguments: a secret's value given in the command is
// saved, with a warning that ps and the shell's history show it (never the
// value); one asked for, or piped in, has none. A common password gets a
// warning of its own.
func TestAdd_SecretInArguments(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	_, stderr, code := v.run(t, "add", "Gym", "--secret", "Password=Zq7-in-the-command", "--secret", "PIN=")
	if code != 0 || strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "Zq7") ||
		!strings.Contains(stderr, "confidant: warning: the value of Password was part of the command, which ps shows to every user of this computer and the shell's history may keep: give --secret LABEL without =VALUE to be asked for it, or pipe it in\n") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code = v.runStdin(t, "Zq7-piped-in\n", "add", "Spa", "--secret", "Password"); code != 0 || stderr != "" {
		t.Errorf("piped in: exit %d, stderr %q", code, stderr)
	}
	// A common password is saved, with a warning that names it, not its value.
	if _, stderr, code = v.runStdin(t, "Summer2024!!\n0000\n", "add", "Club", "--secret", "Password", "--secret", "PIN"); code != 0 ||
		stderr != "confidant: warning: Password is a common password, or one changed a little, which an attack guesses first: --generate LABEL makes a new one\n" {
		t.Errorf("a common password: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code = v.run(t, "edit", "Spa", "--secret", "Door code=4471"); code != 0 || !strings.Contains(stderr, "the value of Door code was part of the command") {
		t.Errorf("edit: exit %d, stderr %q", code, stderr)
	}
	if got := v.mustRun(t, "show", "Spa", "--reveal"); !strings.Contains(got, "Zq7-piped-in") || !strings.Contains(got, "4471") {
		t.Errorf("show --reveal:\n%s", got)
	}
	// Notes given in the command that hold a secret: a warning naming its
	// label; typed or piped in with --note -, none.
	if _, stderr, code = v.run(t, "add", "Villa", "--note", "Gate at 7:30. The alarm code is 9031."); code != 0 || strings.Contains(stderr, "9031") ||
		stderr != "confidant: warning: the notes given with --note hold a secret (Alarm code), which ps shows to every user of this computer and the shell's history may keep: give --note - to type them or pipe them in\n" {
		t.Errorf("--note with a secret: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code = v.runStdin(t, "The alarm code is 9031.\n", "add", "Villa 2", "--note", "-"); code != 0 || stderr != "" {
		t.Errorf("--note -: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code = v.run(t, "add", "Villa 3", "--note", "Gate at 7:30."); code != 0 || stderr != "" {
		t.Errorf("--note without a secret: exit %d, stderr %q", code, stderr)
	}
}

// TestAdd_LabelNamesField: a new field takes what its label names, as in
// the editor and a spreadsheet's columns: a passport or account number and
// a door code are masked (and it says so on standard error), a mobile is a
// phone number. A value that is not what its label says stays text, a
// type given wins, and a template's field keeps the template's.
func TestAdd_LabelNamesField(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	out, stderr, code := v.run(t, "add", "Ana Lima", "--kind", "note", "--field", "Passport number=533401234", "--field", "Mobile=+351 912 345 678",
		"--field", "Bank account number:text=PT50 0002", "--field", "Website=not a web address", "--field", "Place of birth=Porto", "--field", "Email:text=ana(at)example")
	if code != 0 {
		t.Fatalf("add: %d %s", code, stderr)
	}
	id := strings.TrimSpace(out)
	for _, label := range []string{"Passport number", "Bank account number"} {
		if want := fmt.Sprintf("%s is masked, as its label names a secret: show --reveal prints it; edit --unsecret %q undoes it", label, label); !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if strings.Contains(stderr, "533401234") || strings.Contains(stderr, "Mobile") {
		t.Errorf("stderr %q", stderr)
	}
	if want := "warning: the value of Passport number, Bank account number was part of the command, which ps shows"; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	d := v.show(t, id)
	for label, want := range map[string]string{"Passport number": "text secret", "Mobile": "phone", "Bank account number": "text secret",
		"Website": "text", "Place of birth": "text", "Email": "text"} {
		_, typ, secret, _ := d.field(t, label)
		if secret {
			typ += " secret"
		}
		if typ != want {
			t.Errorf("%s is %s, want %s", label, typ, want)
		}
	}
	// edit adds fields the same way.
	if _, stderr, code = v.run(t, "edit", id, "--field", "Door code=4471", "--field", "PIN=0000"); code != 0 {
		t.Fatalf("edit: %d %s", code, stderr)
	}
	if !strings.Contains(stderr, "Door code is masked") || !strings.Contains(stderr, "PIN is masked") {
		t.Errorf("edit's stderr %q", stderr)
	}
	d = v.show(t, id)
	if _, typ, secret, _ := d.field(t, "PIN"); typ != "password" || !secret {
		t.Errorf("PIN is %s secret=%v", typ, secret)
	}
	// A client profile's Company is the template's text, whatever it holds.
	id = v.add(t, "Bruno Lima", "--kind", "client", "--field", "Company=Lima Passport Services")
	if _, typ, secret, _ := v.show(t, id).field(t, "Company"); typ != "text" || secret {
		t.Errorf("Company is %s secret=%v", typ, secret)
	}
}

// TestAdd_Namesakes: adding a dossier, or renaming one, to a title another
// dossier has (in any case, with or without accents) says which, on
// standard error: show, edit and rm then need an ID. A new title says
// nothing.
func TestAdd_Namesakes(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	first := v.add(t, "Eleanor Vance", "--kind", "client")
	if _, stderr, code := v.run(t, "add", "Hugo Brandt"); code != 0 || stderr != "" {
		t.Fatalf("a new title: code %d, %q", code, stderr)
	}
	stdout, stderr, code := v.run(t, "add", "eleanor vánce", "--kind", "note")
	if code != 0 || len(strings.TrimSpace(stdout)) != 32 {
		t.Fatalf("add: code %d, %q", code, stdout)
	}
	if want := first[:8] + " (client) has this title too; commands that take a title will ask for an ID"; !strings.Contains(stderr, want) {
		t.Errorf("a second Eleanor Vance: %q, want %q", stderr, want)
	}
	second := strings.TrimSpace(stdout)
	if _, stderr, _ := v.run(t, "edit", second, "--note", "x"); stderr != "" {
		t.Errorf("an edit that keeps the title: %q", stderr)
	}
	_, stderr, _ = v.run(t, "edit", "Hugo Brandt", "--title", "Eleanor Vance")
	both := first[:8] + " (client), " + second[:8] + " (note)" // in the order of their IDs
	if second < first {
		both = second[:8] + " (note), " + first[:8] + " (client)"
	}
	if !strings.Contains(stderr, both+" have this title too") {
		t.Errorf("renamed to a title two others have: %q", stderr)
	}
}

// TestList_ExpiredPassport: list's NEXT DATE column shows a date that has
// passed and still needs attention, first: an expired passport showed no
// date at all, while a birthday months away did.
func TestList_ExpiredPassport(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	v.add(t, "Hugo passport", "--kind", "travel", "--field", "Number=P1", "--field", "Expires=2020-01-31",
		"--date", "Birthday=1980-04-02:2w:yearly")
	v.add(t, "Ines passport", "--kind", "travel", "--field", "Number=P2", "--field", "Expires=2099-01-31")
	out := v.mustRun(t, "list")
	var hugo, ines string
	for l := range strings.SplitSeq(out, "\n") {
		switch {
		case strings.Contains(l, "Hugo passport"):
			hugo = l
		case strings.Contains(l, "Ines passport"):
			ines = l
		}
	}
	if !strings.HasSuffix(hugo, "! Expires 2020-01-31") {
		t.Errorf("the expired passport's row: %q", hugo)
	}
	if !strings.HasSuffix(ines, "Expires 2099-01-31") || strings.Contains(ines, "!") {
		t.Errorf("a passport valid for years: %q", ines)
	}
}

// TestBackup_Copy: backup --copy writes the vault file as it stands without
// asking for any passphrase (none is given, and there is no terminal); the
// copy opens with the vault's passphrase and holds everything. It refuses to
// write over the vault, and options that only an encrypted backup takes.
// Commands that expect an age file say what a copy is.
func TestBackup_Copy(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Eleanor Vance", "--kind", "client", "--secret", "Passport=P123456789", "--note", "aisle seat")
	scan := filepath.Join(v.Home, "scan.pdf")
	os.WriteFile(scan, []byte("%PDF-1.4 scan"), 0o600)
	v.mustRun(t, "attach", id, scan)

	out := filepath.Join(v.Home, "nightly.db")
	stdout, stderr, code := v.exec(t, "", "backup", "--copy", "--out", out)
	if code != 0 || !strings.Contains(stdout, "copied the vault to "+out) {
		t.Fatalf("backup --copy without a passphrase: exit %d, %q, %q", code, stdout, stderr)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the copy: %v, %v", fi, err)
	}
	raw, _ := os.ReadFile(out)
	for _, plain := range []string{"Eleanor", "P123456789", "aisle seat", "%PDF"} {
		if bytes.Contains(raw, []byte(plain)) {
			t.Errorf("the copy holds %q in the clear", plain)
		}
	}
	copied := &testVault{Home: v.Home, TmpDir: v.TmpDir, Path: out, PassFile: v.PassFile}
	if got := copied.show(t, id, "--reveal"); got.Title != "Eleanor Vance" || got.Notes != "aisle seat" || len(got.Attachments) != 1 {
		t.Fatalf("the dossier in the copy: %+v", got)
	}
	copied.mustRun(t, "verify")

	before, _ := os.ReadFile(v.Path)
	if _, stderr, code := v.exec(t, "", "backup", "--copy", "--out", v.Path); code == 0 || !strings.Contains(stderr, "is the vault itself") {
		t.Errorf("a copy over the vault: exit %d, %q", code, stderr)
	}
	if after, _ := os.ReadFile(v.Path); !bytes.Equal(before, after) {
		t.Error("the refused copy changed the vault")
	}
	if _, stderr, code := v.exec(t, "", "backup", "--copy", "--out", out, "-r", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"); code != 2 || !strings.Contains(stderr, "--copy writes the vault file as it is") {
		t.Errorf("--copy with a recipient: exit %d, %q", code, stderr)
	}
	for _, args := range [][]string{{"backup", "--verify", out}, {"--vault", filepath.Join(v.Home, "new.db"), "restore", out}, {"import", out}} {
		_, stderr, _ := v.run(t, args...)
		if !strings.Contains(stderr, "it is a vault file") || !strings.Contains(stderr, "--vault "+out) {
			t.Errorf("%s of a copy: %q", args, stderr)
		}
	}
}

// TestInteractive_NoTerminal: the bare command (the interface) run where
// there is no terminal, as from cron, says so in one line and what to use
// instead, and leaves no vault behind; Bubble Tea's own words were
// "error opening TTY: could not open TTY: open /dev/tty: no such device or
// address".
func TestInteractive_NoTerminal(t *testing.T) {
	t.Parallel()
	v := newEmptyVault(t)
	stdout, stderr, code := v.exec(t, "")
	if code != 1 || stdout != "" || stderr != "confidant: the interactive vault needs a terminal, and there is none here (a script, cron, a pipe); use the commands instead: confidant --help\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(v.Path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a vault was left: %v", err)
	}
}

// TestUpcoming: `upcoming` lists, soonest first, the dates inside their
// reminders and the dossiers due for review, as the interface's Upcoming
// screen does; --within adds every date that close; nothing due prints
// nothing on standard output.
func TestUpcoming(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	if stdout, stderr, code := v.run(t, "upcoming"); code != 0 || stdout != "" || stderr != "nothing is due\n" {
		t.Fatalf("an empty vault: exit %d, %q, %q", code, stdout, stderr)
	}
	today := time.Now()
	in := func(days int) string { return today.AddDate(0, 0, days).Format(time.DateOnly) }
	ana := v.add(t, "Ana Passport", "--kind", "travel", "--field", "Expires="+in(40)) // reminded 6 months ahead: due
	bo := v.add(t, "Bo", "--kind", "client", "--field", "Birthday="+in(100))          // a birthday in 100 days
	v.add(t, "Cy", "--kind", "client", "--date", "Visa expiry="+in(200)+":1m")        // not yet
	stdout := v.mustRun(t, "upcoming")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], in(40)+"  in 40d  "+ana[:8]+"  Ana Passport  Expires") {
		t.Errorf("upcoming:\n%s", stdout)
	}
	stdout = v.mustRun(t, "upcoming", "--within", "1y")
	for _, want := range []string{in(40) + "  in 40d ", "  " + bo[:8] + "  Bo  ", "Birthday", "Visa expiry"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("upcoming --within 1y lacks %q:\n%s", want, stdout)
		}
	}
	if i, j := strings.Index(stdout, "Ana Passport"), strings.Index(stdout, "Visa expiry"); i < 0 || j < i {
		t.Errorf("not soonest first:\n%s", stdout)
	}
	var items []struct {
		ID, Title, What, When, Remind string
		Review, Yearly                bool
	}
	if err := json.Unmarshal([]byte(v.mustRun(t, "upcoming", "--within", "1y", "--json")), &items); err != nil || len(items) != 3 {
		t.Fatalf("--json: %+v, %v", items, err)
	}
	if it := items[1]; it.Title != "Bo" || it.What != "Birthday" || !it.Yearly || it.Remind != "2w" || it.When != in(100) {
		t.Errorf("--json: %+v", it)
	}
	if _, stderr, code := v.run(t, "upcoming", "--within", "soon"); code != 2 || !strings.Contains(stderr, "--within \"soon\" should be a period like 6m") {
		t.Errorf("--within soon: exit %d, %q", code, stderr)
	}
}

// TestUpcoming_Backup: upcoming says when the vault is due for a backup,
// the vault's first line, until a backup or a copy of the file holds every
// change; --backup-every says how long a change may wait (0: never), and
// --tag or --kind, asking about some dossiers, leave it out.
func TestUpcoming_Backup(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Eleanor Vance", "--kind", "client")
	due := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := v.run(t, append([]string{"upcoming"}, args...)...)
		if code != 0 {
			t.Fatalf("upcoming %v: exit %d, %q", args, code, stderr)
		}
		if stdout == "" {
			return ""
		}
		lines := strings.Split(stdout, "\n")
		if len(lines) < 2 {
			t.Fatalf("upcoming %v:\n%s", args, stdout)
		}
		return lines[1]
	}
	now := "--backup-every=1ns" // any change has waited long enough
	today := time.Now().Format(time.DateOnly)
	if got := due(now); !strings.Contains(got, "  backup  ") || !strings.Contains(got, "the vault  1 dossier, none in a backup yet: confidant backup --out FILE") {
		t.Fatalf("never backed up: %q", got)
	}
	for _, args := range [][]string{nil, {now, "--tag", "vip"}, {now, "--kind", "client"}, {"--backup-every", "0"}} {
		if got := due(args...); got != "" {
			t.Errorf("upcoming %v: %q, want nothing", args, got)
		}
	}
	var items []struct {
		ID, What, When string
		Backup         bool
	}
	if err := json.Unmarshal([]byte(v.mustRun(t, "upcoming", now, "--json")), &items); err != nil || len(items) != 1 ||
		!items[0].Backup || items[0].ID != "" || items[0].What != "1 dossier, none in a backup yet" {
		t.Fatalf("--json: %+v, %v", items, err)
	}

	v.mustRun(t, "backup", "--copy", "--out", filepath.Join(t.TempDir(), "copy.db"))
	if got := due(now); got != "" {
		t.Fatalf("after backup --copy: %q", got)
	}
	v.mustRun(t, "edit", id, "--tag", "vip")
	if got := due(now); !strings.Contains(got, "1 dossier changed since the backup of "+today) {
		t.Fatalf("after an edit: %q", got)
	}
	bp := filepath.Join(t.TempDir(), "bp")
	writeFile(t, bp, "backup words here\n")
	v.mustRun(t, "backup", "--out", filepath.Join(t.TempDir(), "b.age"), "--backup-passphrase-file", bp, "--work-factor", "10")
	if got := due(now); got != "" {
		t.Fatalf("after a backup: %q", got)
	}
	if _, stderr, code := v.run(t, "upcoming", "--backup-every", "soon"); code != 2 || !strings.Contains(stderr, "--backup-every \"soon\" should be a duration") {
		t.Errorf("--backup-every soon: exit %d, %q", code, stderr)
	}
}

// TestAdd_GeneratePassword: --generate LABEL fills a secret password field
// with a new random password that is never printed; edit makes a new one,
// the old kept in the history.
func TestAdd_GeneratePassword(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	stdout, stderr, code := v.run(t, "add", "Airline portal", "--kind", "vendor", "--field", "Username=mchen", "--generate", "Password")
	if code != 0 || !strings.Contains(stderr, "Password is a new 20-character password; copy puts it on the clipboard, show --reveal prints it") {
		t.Fatalf("add: exit %d, %q", code, stderr)
	}
	id := strings.TrimSpace(stdout)
	d := v.show(t, id, "--reveal")
	pw, typ, secret, _ := d.field(t, "Password")
	if len(pw) != 20 || typ != "password" || !secret || strings.Contains(stdout+stderr, pw) {
		t.Fatalf("Password = %q %s secret=%v", pw, typ, secret)
	}
	if _, _, _, masked := v.show(t, id).field(t, "Password"); !masked {
		t.Error("the generated password is not masked")
	}
	if _, stderr, code := v.run(t, "edit", id, "--generate", "Password", "--length", "32"); code != 0 || !strings.Contains(stderr, "32-character") {
		t.Fatalf("edit: exit %d, %q", code, stderr)
	}
	again, _, _, _ := v.show(t, id, "--reveal").field(t, "Password")
	if len(again) != 32 || again == pw {
		t.Errorf("after edit --generate: %q (was %q)", again, pw)
	}
	if out := v.mustRun(t, "history", id); !strings.Contains(out, "Password") {
		t.Errorf("the history does not name the changed password:\n%s", out)
	}
	// --words: a passphrase to read aloud, never printed either.
	if _, stderr, code := v.run(t, "edit", id, "--generate", "Wi-Fi", "--words", "7"); code != 0 || !strings.Contains(stderr, "Wi-Fi is a new passphrase of 7 words") {
		t.Fatalf("edit --words: exit %d, %q", code, stderr)
	}
	words, typ, secret, _ := v.show(t, id, "--reveal").field(t, "Wi-Fi")
	if strings.Count(words, "-") < 6 || strings.Trim(words, "abcdefghijklmnopqrstuvwxyz-") != "" || typ != "password" || !secret {
		t.Errorf("Wi-Fi = %q %s secret=%v", words, typ, secret)
	}
	// --no-symbols: for a bank that refuses them.
	if _, stderr, code := v.run(t, "edit", id, "--generate", "Bank PIN word", "--no-symbols", "--length", "16"); code != 0 ||
		!strings.Contains(stderr, "Bank PIN word is a new 16-character password of letters and digits") {
		t.Fatalf("edit --no-symbols: exit %d, %q", code, stderr)
	}
	plain, _, _, _ := v.show(t, id, "--reveal").field(t, "Bank PIN word")
	if len(plain) != 16 || strings.Trim(plain, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
		t.Errorf("--no-symbols made %q", plain)
	}
	for _, args := range [][]string{
		{"edit", id, "--no-symbols"},
		{"edit", id, "--generate", "PIN", "--words", "6", "--no-symbols"},
		{"edit", id, "--generate", "Password=hunter2"},
		{"edit", id, "--generate", "PIN", "--length", "4"},
		{"edit", id, "--generate", "PIN", "--words", "3"},
		{"edit", id, "--generate", "PIN", "--words", "6", "--length", "20"},
		{"edit", id, "--words", "6"},
	} {
		if _, stderr, code := v.run(t, args...); code != 2 || strings.Contains(stderr, "hunter2") {
			t.Errorf("%q: exit %d, %q", args, code, stderr)
		}
	}
}

// TestCode: code prints the one-time password a dossier's key gives now
// (checked against the key computed here), says how long it lasts on
// standard error, logs it, and says what to do without a key.
func TestCode(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	const key = "JBSWY3DPEHPK3PXP"
	id := v.add(t, "Bank portal", "--kind", "vendor", "--secret", "TOTP="+key, "--field", "Backup:text=otpauth://totp/Bank:x?secret="+key+"&digits=8")
	totp, err := vault.ParseTOTP(key)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := totp.Code(time.Now())
	stdout, stderr, code := v.run(t, "code", id, "TOTP")
	after, _ := totp.Code(time.Now()) // the same, unless a 30 s step ended meanwhile
	if got := strings.TrimSpace(stdout); code != 0 || (got != before && got != after) || !strings.Contains(stderr, "valid for") {
		t.Errorf("code: exit %d, %q (want %s), %q", code, stdout, before, stderr)
	}
	if _, stderr, code := v.run(t, "code", id); code != 2 || !strings.Contains(stderr, "several one-time password keys (Backup, TOTP)") {
		t.Errorf("two keys: exit %d, %q", code, stderr)
	}
	if stdout := v.mustRun(t, "code", id, "backup"); len(strings.TrimSpace(stdout)) != 8 {
		t.Errorf("an 8-digit otpauth key gave %q", stdout)
	}
	other := v.add(t, "Plain", "--kind", "vendor")
	if _, stderr, code := v.run(t, "code", other); code != 1 || !strings.Contains(stderr, "add the secret a site shows at setup as a field labelled TOTP") {
		t.Errorf("no key: exit %d, %q", code, stderr)
	}
	if out := v.mustRun(t, "show", id); !strings.Contains(out, "TOTP    ••••••••  (a one-time password key; confidant code prints its code)") {
		t.Errorf("show does not point to code:\n%s", out)
	}
	if out := v.mustRun(t, "log", id); !strings.Contains(out, "TOTP code") {
		t.Errorf("the log does not record the code:\n%s", out)
	}
}

// TestAudit: audit names the dossiers that share a password and those with
// a short or a common one, never a password, and says how to change them.
func TestAudit(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	if out := v.mustRun(t, "audit"); out != "0 passwords read; none is used twice, under 12 characters, common or made of its dossier's details\n" {
		t.Errorf("an empty vault: %q", out)
	}
	const shared, short = "Zq7-shared-password-0042", "Zq7short"
	gym := v.add(t, "Gym", "--kind", "vendor", "--secret", "Password="+shared)
	hotel := v.add(t, "Hotel portal", "--kind", "vendor", "--secret", "Portal password="+shared)
	club := v.add(t, "Club", "--kind", "vendor", "--secret", "Password="+short, "--secret", "PIN=1234")
	v.add(t, "Bank", "--kind", "vendor", "--generate", "Password")
	spa := v.add(t, "Spa", "--kind", "vendor", "--secret", "Password=zq7-Shared-Password-2025!") // a variant
	mail := v.add(t, "Mail", "--kind", "vendor", "--secret", "Password=Dragon1234!!")            // long, but common
	stdout := v.mustRun(t, "audit")
	for _, want := range []string{
		"6 passwords read; 1 password shared by several fields, 1 password in variants, 1 password under 12 characters, 1 password common\n",
		"Common passwords, or ones changed a little (P@ssw0rd, Letmein2024!), which an attack guesses first:\n  " + mail[:8] + "  Mail  Password\n",
		"Shared password 1, in 2 fields:\n  " + gym[:8] + "  Gym           Password\n  " + hotel[:8] + "  Hotel portal  Portal password\n",
		"Variants of password 1, in 3 fields (they differ only in case, the digits or symbols at the ends, and letters written as digits or symbols",
		"  " + gym[:8] + "  Gym           Password\n  " + hotel[:8] + "  Hotel portal  Portal password\n  " + spa[:8] + "  Spa           Password\n",
		"Under 12 characters:\n  " + club[:8] + "  Club  Password  8 characters\n",
		"confidant edit ID --generate LABEL",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("audit lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(strings.ToLower(stdout), "zq7") || strings.Contains(strings.ToLower(stdout), "dragon") || strings.Contains(stdout, "PIN") {
		t.Errorf("audit shows a password or a PIN:\n%s", stdout)
	}
	var r struct {
		Checked int
		Reused  [][]struct{ ID, Title, Label string }
		Alike   [][]struct{ ID, Title, Label string }
		Short   []struct {
			Title  string
			Length int
		}
		Common []struct{ ID, Title, Label string }
	}
	out := v.mustRun(t, "audit", "--json")
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Checked != 6 || len(r.Reused) != 1 || len(r.Reused[0]) != 2 || len(r.Alike) != 1 || len(r.Alike[0]) != 3 ||
		len(r.Short) != 1 || r.Short[0].Length != 8 || len(r.Common) != 1 || r.Common[0].ID != mail ||
		strings.Contains(strings.ToLower(out), "zq7") || strings.Contains(strings.ToLower(out), "dragon") {
		t.Errorf("--json: %+v, %v\n%s", r, err, out)
	}
	// Changed, it is no longer shared.
	v.mustRun(t, "edit", hotel, "--generate", "Portal password")
	if out := v.mustRun(t, "audit"); strings.Contains(out, "Shared password") ||
		!strings.HasPrefix(out, "6 passwords read; 1 password in variants, 1 password under 12 characters, 1 password common\n") {
		t.Errorf("after --generate:\n%s", out)
	}
}

// TestAudit_NoteSecrets: audit lists the secrets written as lines of the
// notes, by dossier and label, never the value; edit --from-notes moves one
// into a masked field, and then it is not listed.
func TestAudit_NoteSecrets(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Villa", "--kind", "note", "--note", "Gate opens at 7:30.\nDoor code: 4471\nAllergies: none")
	out := v.mustRun(t, "audit")
	for _, want := range []string{"Written in the notes, where search finds them and the screen shows them (1 secret):\n  " + id[:8] + "  Villa  notes: Door code\n",
		"confidant edit ID --from-notes LABEL"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "4471") || strings.Contains(out, "Allergies") {
		t.Errorf("audit:\n%s", out)
	}
	if out := v.mustRun(t, "audit", "--json"); !strings.Contains(out, `"in_notes": [`) || !strings.Contains(out, `"label": "notes: Door code"`) {
		t.Errorf("audit --json:\n%s", out)
	}
	// show and search mask it, as they do a secret field; --reveal shows it.
	if out := v.mustRun(t, "show", id); strings.Contains(out, "4471") || !strings.Contains(out, "  Door code: ••••••••\n") || !strings.Contains(out, "(1 secret written in the notes masked: --reveal prints it") {
		t.Errorf("show:\n%s", out)
	}
	if out := v.mustRun(t, "search", "door"); strings.Contains(out, "4471") || !strings.Contains(out, "notes: Door code: ••••••••") {
		t.Errorf("search door:\n%s", out)
	}
	if out := v.mustRun(t, "show", id, "--reveal"); !strings.Contains(out, "  Door code: 4471\n") {
		t.Errorf("show --reveal:\n%s", out)
	}
	v.mustRun(t, "edit", id, "--from-notes", "door code")
	d := v.show(t, id, "--reveal")
	if value, _, secret, _ := d.field(t, "Door code"); value != "4471" || !secret || d.Notes != "Gate opens at 7:30.\nAllergies: none" {
		t.Errorf("after --from-notes: %q secret=%v, notes %q", value, secret, d.Notes)
	}
	if out := v.mustRun(t, "audit"); strings.Contains(out, "Written in the notes") {
		t.Errorf("audit after --from-notes:\n%s", out)
	}
	_, stderr, code := v.run(t, "edit", id, "--from-notes", "door code")
	wantError(t, stderr, code, 1)
}

// TestAudit_Unmasked: audit lists the fields shown though their labels
// name a secret (made before labels masked them, or unmasked since), by
// label only; edit --mask masks one and keeps its value.
// TestAudit_SharedContacts: a client in a spreadsheet and in the phone's
// contacts, her number written two ways, is found in both dossiers, by
// their fields, without the number.
func TestAudit_SharedContacts(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	a := v.add(t, "Eleanor Vance", "--kind", "client", "--field", "Phone:phone=+44 20 7946 0958", "--field", "Email=eleanor@vance.example")
	b := v.add(t, "Vance, Eleanor", "--kind", "contact", "--field", "Mobile=020-7946-0958")
	v.add(t, "Acme", "--kind", "vendor", "--field", "Phone:phone=+1 212 555 0100")
	out := v.mustRun(t, "audit")
	want := "The same email or phone in several dossiers (one person twice, or a household?):\nPhone number 1, in 2 dossiers:\n" +
		"  " + a[:8] + "  Eleanor Vance   Phone\n  " + b[:8] + "  Vance, Eleanor  Mobile\n"
	if !strings.Contains(out, want) || !strings.HasSuffix(out, "confidant merge KEEP OTHER folds the second into the first\n") ||
		strings.Contains(out, "7946") || strings.Contains(out, "Acme") {
		t.Errorf("audit:\n%s\nwant it to end with\n%s", out, want)
	}
	if out := v.mustRun(t, "audit", "--json"); !strings.Contains(out, `"what": "phone"`) || !strings.Contains(out, `"label": "Mobile"`) {
		t.Errorf("audit --json:\n%s", out)
	}
}

// TestMerge: the second dossier of one client is folded into the first:
// what it adds is named, not its values; it is in the trash and comes
// back; revert undoes the merge. An attachment comes along, copied, and
// stays when the trash is emptied.
func TestMerge(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	keep := v.add(t, "Eleanor Vance", "--kind", "client", "--field", "Phone:phone=+44 20 7946 0958", "--tag", "vip")
	other := v.add(t, "Vance, Eleanor", "--kind", "contact", "--field", "Mobile=+44 7700 900123", "--field", "Phone:phone=+44 20 7946 0958",
		"--tag", "london", "--note", "Met at the gala.")
	out := v.mustRun(t, "merge", keep, "Vance, Eleanor")
	for _, want := range []string{"merged Vance, Eleanor into Eleanor Vance (version 2): Mobile, 1 tag, notes\n",
		"confidant restore-trash " + other[:8] + " brings it back, confidant revert " + keep[:8] + " 1 undoes the merge here\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("merge says:\n%s\nlacking %q", out, want)
		}
	}
	if strings.Contains(out, "7700") {
		t.Errorf("merge printed a value:\n%s", out)
	}
	d := v.show(t, keep)
	if val, _, _, _ := d.field(t, "Mobile"); val != "+44 7700 900123" || len(d.Fields) != 2 || d.Notes != "Met at the gala." {
		t.Errorf("the merged dossier: %+v", d)
	}
	if _, stderr, code := v.run(t, "show", other); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("the merged-away dossier: exit %d, %q", code, stderr)
	}
	v.mustRun(t, "restore-trash", other)
	v.mustRun(t, "revert", keep, "1")
	if d := v.show(t, keep); len(d.Fields) != 1 {
		t.Errorf("after revert: %+v", d)
	}

	// A file comes along as a copy; the other keeps its own in the trash.
	scan := filepath.Join(t.TempDir(), "scan.pdf")
	writeFile(t, scan, "%PDF scan")
	v.mustRun(t, "attach", other, scan)
	if out := v.mustRun(t, "merge", keep, other); !strings.Contains(out, "(version 4): Mobile, 1 tag, notes, 1 attachment\n") {
		t.Errorf("merging a dossier with an attachment says:\n%s", out)
	}
	v.mustRun(t, "trash", "--empty")
	if out := v.mustRun(t, "attachment", keep, "scan.pdf", "--out", "-"); out != "%PDF scan" {
		t.Errorf("the merged attachment after the trash was emptied: %q", out)
	}
}

func TestAudit_Unmasked(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Ana Lima", "--kind", "note", "--field", "Passport number=533401234", "--field", "Nickname=Nana")
	if out := v.mustRun(t, "audit"); strings.Contains(out, "Shown unmasked") {
		t.Errorf("audit of masked fields:\n%s", out)
	}
	v.mustRun(t, "edit", id, "--unsecret", "Passport number")
	out := v.mustRun(t, "audit")
	for _, want := range []string{
		"0 passwords read; none is used twice, under 12 characters, common or made of its dossier's details\n",
		"Shown unmasked, though named as secrets (1 field):\n  " + id[:8] + "  Ana Lima  Passport number\n",
		"confidant edit ID --mask LABEL",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("audit lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "533401234") || strings.Contains(out, "Nickname") || strings.Contains(out, "--generate") {
		t.Errorf("audit:\n%s", out)
	}
	if out := v.mustRun(t, "audit", "--json"); !strings.Contains(out, `"unmasked": [`) || !strings.Contains(out, `"label": "Passport number"`) {
		t.Errorf("audit --json:\n%s", out)
	}
	v.mustRun(t, "edit", id, "--mask", "Passport number")
	if value, _, secret, _ := v.show(t, id, "--reveal").field(t, "Passport number"); !secret || value != "533401234" {
		t.Errorf("after --mask: %q secret=%v", value, secret)
	}
	if out := v.mustRun(t, "audit"); strings.Contains(out, "Shown unmasked") {
		t.Errorf("audit after --mask:\n%s", out)
	}
	if _, stderr, code := v.run(t, "edit", id, "--mask", "Shoe size"); code != 1 || !strings.Contains(stderr, `no field "Shoe size"`) {
		t.Errorf("--mask of no field: exit %d, %q", code, stderr)
	}
}

// TestLog_ForgetBefore: log --forget-before removes the events older than a
// day or a period, logs that it did, and refuses a day to come and what it
// cannot take.
func TestLog_ForgetBefore(t *testing.T) {
	t.Parallel()
	v := newEmptyVault(t)
	if err := os.Mkdir(v.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Events of three years ago, then of now.
	long := time.Now().AddDate(-3, 0, 0)
	s, err := vault.Create(v.Path, []byte(testPassphrase), vault.CreateOptions{WorkFactor: 10}, &vault.Options{Now: func() time.Time { return long }})
	if err != nil {
		t.Fatal(err)
	}
	old, err := s.Add(vault.New("Former client", vault.KindClient))
	if err == nil {
		err = s.Record(vault.ActRevealed, old.ID, "Passport number")
	}
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	v.add(t, "Eleanor Vance")
	for _, args := range [][]string{
		{"log", "--forget-before", "2999-01-01"},
		{"log", "--forget-before", "soon"},
		{"log", "--forget-before", "2y", "Eleanor Vance"},
	} {
		_, stderr, code := v.run(t, args...)
		wantError(t, stderr, code, 2)
	}
	out := v.mustRun(t, "log", "--forget-before", "2y")
	day := time.Now().AddDate(-2, 0, 0).Format(time.DateOnly)
	if !strings.Contains(out, " before "+day) { // run across midnight
		day = time.Now().AddDate(-2, 0, -1).Format(time.DateOnly)
	}
	if out != "forgot 2 events before "+day+"; the log records that it did\n" {
		t.Errorf("forget: %q", out)
	}
	log := v.mustRun(t, "log")
	if !strings.Contains(log, "log-forgotten") || !strings.Contains(log, "2 events before "+day) ||
		!strings.Contains(log, "Eleanor Vance") || strings.Contains(log, "revealed") || strings.Contains(log, "Former client") {
		t.Errorf("the log after forgetting:\n%s", log)
	}
	if out := v.mustRun(t, "log", "--forget-before", "2y"); out != "forgot 0 events before "+day+"; the log records that it did\n" {
		t.Errorf("again: %q", out)
	}
}

// TestSearch_States: search takes is: as the interface's filter does,
// alone or with words, a state's name cut short too; a name that is no
// state is refused with the list of them.
func TestSearch_States(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	v.add(t, "Wine club", "--kind", "vendor", "--secret", "Password=Summer2024!!")
	v.add(t, "Eleanor Vance", "--field", "Phone:phone=+44 20 7946 0958")
	v.add(t, "E. Vance (phone contacts)", "--field", "Mobile:phone=020 7946 0958")
	v.add(t, "Villa", "--kind", "note", "--note", "Door code: 4471")
	titles := func(query string) []string {
		t.Helper()
		var found []struct{ Title string }
		if err := json.Unmarshal([]byte(v.mustRun(t, "search", query, "--json")), &found); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range found {
			out = append(out, d.Title)
		}
		return out
	}
	for q, want := range map[string][]string{
		"is:weak":          {"Wine club"},
		"IS:WE":            {"Wine club"},
		"is:twin":          {"E. Vance (phone contacts)", "Eleanor Vance"},
		"is:twin contacts": {"E. Vance (phone contacts)"},
		"is:unmasked":      {"Villa"},
		"is:twin is:weak":  nil,
		"villa":            {"Villa"},
	} {
		if got := titles(q); !slices.Equal(got, want) {
			t.Errorf("search %q: %q, want %q", q, got, want)
		}
	}
	// Made now: no review is due for 90 days. A date inside its reminder is.
	if got := v.mustRun(t, "search", "is:due"); got != "" {
		t.Errorf("is:due of dossiers made now: %q", got)
	}
	v.add(t, "Eleanor Vance passport", "--kind", "travel", "--date", "Passport expiry="+time.Now().AddDate(0, 1, 0).Format(time.DateOnly)+":6m")
	if got := titles("is:due"); !slices.Equal(got, []string{"Eleanor Vance passport"}) {
		t.Errorf("is:due: %q", got)
	}
	_, stderr, code := v.run(t, "search", "is:nothing")
	wantError(t, stderr, code, 2)
	if !strings.Contains(stderr, "is:nothing is not a state; the states are is:due, is:reused, is:short, is:weak, is:unmasked, is:twin") {
		t.Errorf("stderr %q", stderr)
	}
}

// TestAudit_Personal: a password made of its own dossier's details (the
// client's name and birth year) is warned of when given, listed by audit
// (text and --json) by dossier and label, never by value, and found by
// search is:weak; another dossier's is not.
func TestAudit_Personal(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	stdout, stderr, code := v.runStdin(t, "Vance1968!\n", "add", "Eleanor Vance", "--kind", "client", "--date", "Birthday=1968-04-02:2w:yearly", "--secret", "Password")
	if code != 0 || !strings.Contains(stderr, "confidant: warning: Password is made of the dossier's own details") {
		t.Fatalf("add: exit %d, stderr %q", code, stderr)
	}
	id := strings.TrimSpace(stdout)
	v.add(t, "Marcus Bell", "--kind", "vendor", "--secret", "Password=Vance1968!plus-a-lot-more")
	out := v.mustRun(t, "audit")
	for _, want := range []string{
		"2 passwords read; 1 password under 12 characters, 1 password made of their dossier's details\n",
		"Made of their dossier's own details (a name, a date, a phone number: Vance1968!), which whoever knows the client tries first:\n  " + id[:8] + "  Eleanor Vance  Password\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("audit lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "Vance1968") != 1 { // the example in the heading, never the value
		t.Errorf("audit shows the password:\n%s", out)
	}
	var r struct {
		Personal []struct{ ID, Title, Label string }
	}
	if err := json.Unmarshal([]byte(v.mustRun(t, "audit", "--json")), &r); err != nil || len(r.Personal) != 1 || r.Personal[0].ID != id {
		t.Errorf("--json: %+v, %v", r, err)
	}
	if got := ids(v.list(t, "search", "is:weak")); !slices.Equal(got, []string{id}) {
		t.Errorf("search is:weak: %q", got)
	}
}

// TestCompact: compact writes the vault file anew, smaller after what
// filled it was removed, asks no passphrase, and the vault then lists and
// verifies as before.
func TestCompact(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Scans")
	attachRandom(t, v, id, 3, 1<<20)
	for _, d := range v.show(t, id).Attachments {
		v.mustRun(t, "detach", id, d.Name)
	}
	v.add(t, "Eleanor Vance", "--note", "kept")
	listed := v.mustRun(t, "list")
	before := fileSize(t, v.Path)
	stdout, stderr, code := v.exec(t, "", "compact") // no passphrase file
	if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "compacted "+v.Path+": ") {
		t.Fatalf("compact: exit %d, %q, %q", code, stdout, stderr)
	}
	if after := fileSize(t, v.Path); after >= before/2 {
		t.Errorf("the vault file went from %d to %d bytes", before, after)
	}
	if got := v.mustRun(t, "list"); got != listed {
		t.Errorf("list after compact:\n%s\nbefore:\n%s", got, listed)
	}
	v.mustRun(t, "verify")
	if names := dirNames(t, v.Dir); !slices.Equal(names, []string{"vault.db"}) {
		t.Errorf("left beside the vault: %v", names)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestHistory_Forget: history --forget deletes the earlier versions, the
// current one stays, and the log records it.
func TestHistory_Forget(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	id := v.add(t, "Eleanor Vance", "--note", "first")
	v.mustRun(t, "edit", id, "--note", "Marcus Bell's diagnosis, typed here by mistake")
	v.mustRun(t, "edit", id, "--note", "fixed")
	if out := v.mustRun(t, "history", "eleanor vance", "--forget"); out != "forgot 2 earlier versions of Eleanor Vance; version 3 stays\n" {
		t.Errorf("history --forget printed %q", out)
	}
	if out := v.mustRun(t, "history", id); strings.Count(out, "\n") != 2 || !strings.Contains(out, "\n3 ") {
		t.Errorf("history after --forget, want the header and version 3:\n%s", out)
	}
	if d := v.show(t, id); d.Notes != "fixed" {
		t.Errorf("the current version: %q", d.Notes)
	}
	if !hasEvent(v.log(t, id), "history-forgotten", id, "2 earlier versions") {
		t.Error("the log does not record it")
	}
	_, stderr, code := v.run(t, "history", id, "--forget", "--json")
	wantError(t, stderr, code, 2)
	v.mustRun(t, "verify")
}
