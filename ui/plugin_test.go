//go:build unix

package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"confidant/vault"
)

// testPlugin builds ui/cli/testdata/ageplugin once as
// age-plugin-confidanttest, puts its directory first on PATH, and returns
// a new identity file of it (in dir) and its recipient.
var pluginDir = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "confidant-ui-plugin-")
	if err != nil {
		return "", err
	}
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "age-plugin-confidanttest"), "confidant/ui/cli/testdata/ageplugin")
	build.Dir = pkgDir
	build.Env = append(os.Environ(), goDirs...)
	out, err := build.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, out)
	}
	return dir, nil
})

// goDirs are the go command's caches as the test binary started: the
// tests move HOME, under which go would look for them otherwise and build
// everything anew.
var goDirs = func() []string {
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		return nil
	}
	v := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(v) != 3 {
		return nil
	}
	return []string{"GOCACHE=" + v[0], "GOMODCACHE=" + v[1], "GOPATH=" + v[2]}
}()

func testPlugin(t *testing.T, dir string) (identityFile, recipient string) {
	t.Helper()
	bin, err := pluginDir()
	if err != nil {
		t.Fatalf("building the test plugin: %v", err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := exec.Command(filepath.Join(bin, "age-plugin-confidanttest"), "--generate").Output()
	if err != nil {
		t.Fatal(err)
	}
	identityFile = filepath.Join(dir, "yubikey-identity.txt")
	if err := os.WriteFile(identityFile, out, 0o600); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	recipient = strings.TrimPrefix(first, "# recipient: ")
	if !strings.HasPrefix(recipient, "age1confidanttest1") {
		t.Fatalf("the plugin generated %q", out)
	}
	return identityFile, recipient
}

// driver runs a model's commands each on a goroutine of its own, as a
// tea.Program does, for commands that wait on one another: a decryption
// that waits for the answer to its plugin's question, which comes from a
// key pressed after the question showed.
type driver struct {
	t    *testing.T
	m    model
	msgs chan tea.Msg
}

func newDriver(t *testing.T, m model) *driver {
	return &driver{t: t, m: m, msgs: make(chan tea.Msg, 64)}
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				d.run(c)
			}
			return
		}
		if _, tick := msg.(spinner.TickMsg); tick || msg == nil || reflect.TypeOf(msg).PkgPath() != "confidant/ui" {
			return
		}
		d.msgs <- msg
	}()
}

func (d *driver) send(msg tea.Msg) {
	m, cmd := sendNoRun(d.m, msg)
	d.m = m
	d.run(cmd)
}

func (d *driver) press(keys ...string) {
	for _, k := range keys {
		d.send(keyMsg(k))
	}
}

func (d *driver) typeText(s string) {
	for _, r := range s {
		d.send(keyMsg(string(r)))
	}
}

// until delivers the commands' messages until cond holds.
func (d *driver) until(what string, cond func(m model) bool) {
	d.t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond(d.m) {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-deadline:
			d.t.Fatalf("waiting for %s:\n%s", what, view(d.m))
		}
	}
}

// TestImport_PluginIdentity: a handoff addressed to a hardware key's
// plugin opens in the interface with that plugin's identity file. The
// plugin's PIN request shows on the import screen (not echoed, with q and
// ? taken as letters), a wrong PIN is said so and nothing is imported,
// esc cancels the question and says so, and the right PIN opens the file.
// pluginImport makes a handoff addressed to the test plugin, whose
// identity wants pin, and returns an empty vault's import screen with the
// file picked and the plugin's identity file typed in.
func pluginImport(t *testing.T, pin string) *driver {
	t.Helper()
	home := t.TempDir()
	setHome(t, home)
	_, rcpt := testPlugin(t, home)
	t.Setenv("CONFIDANTTEST_PIN", pin)
	writeSampleBackup(t, []string{filepath.Join(home, "for-my-yubikey.age")}, []vault.Seal{{To: []string{rcpt}}})
	m := vaultModel(t, false, 100, 24)
	m = openImport(t, m)
	m = pickFile(t, m, "for-my-yubikey.age")
	if m.imp.stage != impIdentity {
		t.Fatalf("no identity asked:\n%s", view(m))
	}
	return newDriver(t, typeText(t, m, "~/yubikey-identity.txt"))
}

func TestImport_PluginIdentity(t *testing.T) {
	d := pluginImport(t, "42q?")
	asked := func(m model) bool { return m.imp.stage == impOpening && m.imp.plug.open() }

	// A wrong PIN: the plugin fails, and the screen says the file did not open.
	d.press("enter")
	d.until("the PIN question", asked)
	mustContain(t, view(d.m), "The confidanttest plugin asks: PIN of the test key", "enter answers · esc cancels")
	if !d.m.typing() {
		t.Fatal("the PIN question does not take typing")
	}
	d.typeText("1234")
	mustNotContain(t, view(d.m), "1234")
	d.press("enter")
	d.until("the wrong PIN's outcome", func(m model) bool { return m.imp.stage == impIdentity })
	if d.m.c.store.Len() != 0 || d.m.imp.bundle != nil {
		t.Fatal("a wrong PIN opened the file")
	}
	mustContain(t, view(d.m), "the identity's plugin did not open the file: confidanttest plugin: wrong PIN")

	// esc cancels the question: back to the identity, nothing opened.
	d.press("enter")
	d.until("the PIN question again", asked)
	d.press("esc")
	d.until("the canceled question's outcome", func(m model) bool { return m.imp.stage == impIdentity })
	mustContain(t, view(d.m), "the plugin's question was canceled, so the file was not opened")

	// The right PIN: q and ? are letters of it, not keys.
	d.press("enter")
	d.until("the PIN question a third time", asked)
	d.typeText("42q?")
	if d.m.quitting || d.m.fullHelp {
		t.Fatal("q or ? in the PIN acted as keys")
	}
	d.press("enter")
	d.until("the preview", func(m model) bool { return m.imp.stage == impPreview })
	mustContain(t, view(d.m), "4 new")
	d.press("enter")
	d.until("the confirmation", func(m model) bool { return m.confirm != nil })
	d.press("y")
	d.until("the import", func(m model) bool { return m.imp.stage == impDone })
	if d.m.c.store.Len() != 4 {
		t.Fatalf("imported %d", d.m.c.store.Len())
	}
}

// TestImport_PluginQuestionLeftOpen: locking while a plugin's question is
// open cancels it, so that the decryption ends rather than wait for an
// answer that cannot come.
func TestImport_PluginQuestionLeftOpen(t *testing.T) {
	d := pluginImport(t, "1234")
	d.press("enter")
	d.until("the PIN question", func(m model) bool { return m.imp.plug.open() })
	d.press("ctrl+l")
	if d.m.screen != screenUnlock {
		t.Fatalf("ctrl+l while the plugin asked: screen %d", d.m.screen)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case msg := <-d.msgs:
			if opened, ok := msg.(importOpenedMsg); ok {
				if opened.err == nil || opened.bundle != nil {
					t.Fatalf("the file opened after locking: %v", opened.err)
				}
				return // the decryption ended
			}
		case <-deadline:
			t.Fatal("the decryption still waits for the plugin's answer after locking")
		}
	}
}

// TestSetup_RestoresWithPlugin: the first-run restore opens a backup
// encrypted to a hardware key's plugin, asking its PIN on the form; a
// canceled question says so and creates nothing.
func TestSetup_RestoresWithPlugin(t *testing.T) {
	home := t.TempDir()
	setHome(t, home)
	_, rcpt := testPlugin(t, home)
	t.Setenv("CONFIDANTTEST_PIN", "2468")
	writeSampleBackup(t, []string{filepath.Join(home, "laptop.age")}, []vault.Seal{{To: []string{rcpt}}})

	m := newTestModel(t, nil, newClock(), 100, 30)
	m = press(t, m, "ctrl+r")
	fill := func(m model) model { // no passphrase for the backup: an identity file
		m.setup.file.SetValue("~/laptop.age")
		m.setup.ident.SetValue("~/yubikey-identity.txt")
		m.setup.inputs[0].SetValue("new vault words")
		m.setup.inputs[1].SetValue("new vault words")
		m.setup.focusOn(4)
		return m
	}
	d := newDriver(t, fill(m))
	asked := func(m model) bool { return m.setup.busy && m.setup.plug.open() }
	d.press("enter")
	d.until("the PIN question", asked)
	mustContain(t, view(d.m), "Restore a backup", "The confidanttest plugin asks: PIN of the test key")
	d.press("esc")
	d.until("the canceled restore", func(m model) bool { return !m.setup.busy })
	mustContain(t, view(d.m), "the plugin's question was canceled, so the file was not opened")
	if _, err := os.Stat(d.m.c.cfg.Path); err == nil || d.m.c.store != nil {
		t.Fatal("a canceled restore created the vault")
	}
	if d.m.setup.focus != 2 {
		t.Fatalf("after canceling, focus on %d, want the identity file", d.m.setup.focus)
	}

	d = newDriver(t, fill(d.m))
	d.press("enter")
	d.until("the PIN question again", asked)
	d.typeText("2468")
	d.press("enter")
	d.until("the restored vault", func(m model) bool { return m.screen == screenMain })
	if d.m.c.store.Len() != 4 {
		t.Fatalf("restored %d dossiers", d.m.c.store.Len())
	}
}
