//go:build unix

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"filippo.io/age"
	"filippo.io/age/plugin"
)

// pluginBin builds testdata/ageplugin once, as age-plugin-confidanttest in
// a directory of its own, and returns that directory.
var pluginBin = sync.OnceValues(func() (string, error) {
	dir := filepath.Join(buildDir, "plugins")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, goBuild(filepath.Join(dir, "age-plugin-confidanttest"), "confidant/ui/cli/testdata/ageplugin")
})

// TestPlugin_EndToEnd: recipients and identities of an age plugin work
// through every exchange command and with the real age command, which
// finds the plugin on PATH as a YubiKey's would be: a backup to a plugin
// recipient that age decrypts and confidant verifies and restores; a
// handoff to one that another vault imports with the plugin identity; and
// a file age encrypts to one that confidant imports.
func TestPlugin_EndToEnd(t *testing.T) {
	ageBin, _ := ageCommands(t)
	dir, err := pluginBin()
	if err != nil {
		t.Fatalf("building the test plugin: %v", err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	rcpt := plugin.EncodeRecipient("confidanttest", []byte(x.Recipient().String()))
	key := filepath.Join(t.TempDir(), "plugin-identity.txt")
	writeFile(t, key, "# a test plugin's identity\n"+plugin.EncodeIdentity("confidanttest", []byte(x.String()))+"\n")
	if !strings.HasPrefix(rcpt, "age1confidanttest1") {
		t.Fatalf("recipient %q", rcpt)
	}

	v := sampleVault(t)
	backup := filepath.Join(t.TempDir(), "backup.age")
	if out := v.mustRun(t, "backup", "--out", backup, "--recipient", rcpt); !strings.Contains(out, "backed up 2 dossiers,") {
		t.Errorf("backup printed %q", out)
	}
	plain := runAge(t, ageBin, "-d", "-i", key, backup)
	if !strings.Contains(string(plain), `"Eleanor Vance"`) || !strings.Contains(string(plain), `"purpose":"backup"`) {
		t.Fatalf("age -d of the backup: %.200q", plain)
	}
	if got := v.mustRun(t, "backup", "--verify", backup, "--identity", key); !strings.Contains(got, "complete: 2 dossiers,") {
		t.Errorf("verify: %q", got)
	}
	r := newEmptyVault(t)
	r.mustRun(t, "restore", backup, "--identity", key, "--work-factor", "10")
	if got := titles(r.list(t, "list")); strings.Join(got, "|") != "Acme Travel|Eleanor Vance" {
		t.Errorf("restored %v", got)
	}

	handoff := filepath.Join(t.TempDir(), "handoff.age")
	v.mustRun(t, "handoff", "--to", rcpt, "Eleanor Vance", "--out", handoff, "--include-secrets")
	colleague := newVault(t)
	_, stderr, code := colleague.run(t, "import", handoff, "--yes")
	wantError(t, stderr, code, 1)
	// The test plugin wraps with X25519 stanzas, so the error names those;
	// a YubiKey's would name its piv-p256 stanza.
	if !strings.Contains(stderr, "not addressed to this vault") || !strings.Contains(stderr, "--identity FILE") {
		t.Errorf("a handoff to a plugin, imported without its identity: %q", stderr)
	}
	if out := colleague.mustRun(t, "import", handoff, "--yes", "--identity", key); !strings.Contains(out, "imported: 1 new") {
		t.Errorf("import printed %q", out)
	}
	if got := colleague.mustRun(t, "show", "Eleanor Vance", "--reveal"); !strings.Contains(got, "P123456789") {
		t.Errorf("the imported dossier lacks its secret: %q", got)
	}

	fromAge := filepath.Join(t.TempDir(), "from-age.age")
	runAge(t, ageBin, "-e", "-r", rcpt, "-o", fromAge, colleagueHandoff(t))
	if out := newVault(t).mustRun(t, "import", fromAge, "--yes", "--identity", key); !strings.Contains(out, "imported: 1 new") {
		t.Errorf("import of age's file printed %q", out)
	}

	// A plugin that fails (here: it wants a PIN and there is no terminal to
	// ask on) is said to be the plugin's failure, not a damaged file.
	t.Setenv("CONFIDANTTEST_PIN", "2468")
	pinned := newVault(t)
	_, stderr, code = pinned.run(t, "import", fromAge, "--yes", "--identity", key)
	wantError(t, stderr, code, 1)
	if !strings.Contains(stderr, "the identity's plugin did not open the file: confidanttest plugin") ||
		!strings.Contains(stderr, "check the key is plugged in and its PIN (asked on the terminal)") || strings.Contains(stderr, "tampered") {
		t.Errorf("a failing plugin: %q", stderr)
	}
	if got := pinned.list(t, "list"); len(got) != 0 {
		t.Errorf("a failing plugin imported %v", got)
	}
}
