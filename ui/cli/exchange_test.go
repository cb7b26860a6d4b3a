//go:build unix

package cli_test

// Tests of backup, restore, handoff, import and contacts through the real
// binary, and interoperability with the real age and age-keygen commands,
// built from the age module this program uses. They reuse the helpers of
// cli_test.go.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// ageBins builds age and age-keygen once.
var ageBins = sync.OnceValues(func() ([2]string, error) {
	out := [2]string{filepath.Join(buildDir, "age"), filepath.Join(buildDir, "age-keygen")}
	if err := goBuild(out[0], "filippo.io/age/cmd/age"); err != nil {
		return out, err
	}
	return out, goBuild(out[1], "filippo.io/age/cmd/age-keygen")
})

func ageCommands(t *testing.T) (age, keygen string) {
	t.Helper()
	bins, err := ageBins()
	if err != nil {
		t.Skipf("cannot build the age command, skipping interop: %v", err)
	}
	return bins[0], bins[1]
}

// runAge runs an age command and returns its stdout.
func runAge(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v %s", filepath.Base(bin), strings.Join(args, " "), err, msg)
	}
	return out
}

// newKey makes an age identity file and returns it with its recipient.
func newKey(t *testing.T, keygen string, pq bool) (file, recipient string) {
	t.Helper()
	file = filepath.Join(t.TempDir(), "key.txt")
	args := []string{"-o", file}
	if pq {
		args = append([]string{"-pq"}, args...)
	}
	runAge(t, keygen, args...)
	return file, strings.TrimSpace(string(runAge(t, keygen, "-y", file)))
}

// sampleVault is a vault with a client (secret field, attachment) and a vendor.
func sampleVault(t *testing.T) *testVault {
	t.Helper()
	v := newVault(t)
	v.add(t, "Eleanor Vance", "--kind", "client", "--field", "Email=eleanor@example.com", "--secret", "Passport=P123456789", "--tag", "vip")
	v.add(t, "Acme Travel", "--kind", "vendor", "--field", "Phone=+44 20 7946 0958")
	scan := filepath.Join(t.TempDir(), "scan.txt")
	writeFile(t, scan, "passport scan")
	v.mustRun(t, "attach", "Eleanor Vance", scan)
	return v
}

type bundleJSON struct {
	Format   string `json:"format"`
	Purpose  string `json:"purpose"`
	Count    int    `json:"count"`
	Dossiers []struct {
		Title  string `json:"title"`
		Fields []struct {
			Label  string `json:"label"`
			Secret bool   `json:"secret"`
		} `json:"fields"`
		Attachments []struct {
			Content []byte `json:"content"`
		} `json:"attachments"`
	} `json:"dossiers"`
}

func TestBackup_AgeDecrypts(t *testing.T) {
	age, keygen := ageCommands(t)
	v := sampleVault(t)
	key, rcpt := newKey(t, keygen, false)
	for _, armor := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "backup.age")
		args := []string{"backup", "--out", out, "--recipient", rcpt}
		if armor {
			args = append(args, "--armor")
		}
		v.mustRun(t, args...)
		if p := perm(t, out); p != 0o600 {
			t.Errorf("backup file mode %v", p)
		}
		if got := strings.HasPrefix(string(readFile(t, out)), "-----BEGIN AGE ENCRYPTED FILE-----"); got != armor {
			t.Errorf("armor=%v but the file starts otherwise", armor)
		}
		if names := dirNames(t, filepath.Dir(out)); len(names) != 1 {
			t.Errorf("backup left other files beside it: %v", names)
		}
		plain := runAge(t, age, "-d", "-i", key, out)
		var b bundleJSON
		if err := json.Unmarshal(plain, &b); err != nil {
			t.Fatalf("age -d gives no JSON: %v", err)
		}
		if b.Format != "confidant-bundle/v1" || b.Purpose != "backup" || b.Count != 2 || len(b.Dossiers) != 2 {
			t.Errorf("bundle header %+v", b)
		}
	}
	events := v.log(t)
	if !hasEvent(events, "exported", "", "backup to backup.age") {
		t.Errorf("backup not logged: %+v", events)
	}
}

func TestBackup_Passphrase_Verify_Restore(t *testing.T) {
	v := sampleVault(t)
	dir := t.TempDir()
	bp := filepath.Join(dir, "bp")
	writeFile(t, bp, "a separate backup passphrase\n")
	out := filepath.Join(dir, "b.age")
	v.mustRun(t, "backup", "--out", out, "--backup-passphrase-file", bp, "--work-factor", "10")
	got := v.mustRun(t, "backup", "--verify", out, "--backup-passphrase-file", bp)
	if !strings.Contains(got, "2 dossier(s), 1 attachment(s)") {
		t.Errorf("verify: %q", got)
	}
	wrong := filepath.Join(dir, "wrong")
	writeFile(t, wrong, "nope\n")
	_, stderr, code := v.run(t, "backup", "--verify", out, "--backup-passphrase-file", wrong)
	wantError(t, stderr, code, 1)

	// Restoring refuses an existing vault, then creates a new one.
	_, stderr, code = v.run(t, "restore", out, "--backup-passphrase-file", bp)
	wantError(t, stderr, code, 1)
	r := newEmptyVault(t)
	r.mustRun(t, "restore", out, "--backup-passphrase-file", bp, "--work-factor", "10")
	want, have := v.list(t, "list"), r.list(t, "list")
	if strings.Join(titles(want), "|") != strings.Join(titles(have), "|") || strings.Join(ids(want), "|") != strings.Join(ids(have), "|") {
		t.Fatalf("restored %v, want %v", titles(have), titles(want))
	}
	d := r.show(t, "Eleanor Vance", "--reveal")
	if val, _, secret, _ := d.field(t, "Passport"); val != "P123456789" || !secret {
		t.Errorf("restored secret %q", val)
	}
	if len(d.Attachments) != 1 {
		t.Error("attachment not restored")
	}
}

// TestHandoff_AgeEncrypts: a bundle encrypted by the real age command, armored
// and not, to an X25519 vault, a post-quantum vault and an ssh-ed25519 key,
// is imported by confidant.
func TestHandoff_AgeEncrypts(t *testing.T) {
	age, _ := ageCommands(t)
	bundle, err := filepath.Abs("../../vault/testdata/bundle/handoff.json")
	if err != nil {
		t.Fatal(err)
	}
	sshDir := t.TempDir()
	sshKey := filepath.Join(sshDir, "id_ed25519")
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("no ssh-keygen")
	}
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "colleague", "-f", sshKey).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	sshPub := strings.TrimSpace(string(readFile(t, sshKey+".pub")))
	for _, tc := range []struct {
		name string
		pq   bool
		ssh  bool
	}{{"x25519", false, false}, {"post-quantum", true, false}, {"ssh-ed25519", false, true}} {
		for _, armor := range []bool{false, true} {
			t.Run(tc.name+map[bool]string{false: "", true: "/armor"}[armor], func(t *testing.T) {
				v := newEmptyVault(t)
				initArgs := []string{"init", "--work-factor", "10"}
				if tc.pq {
					initArgs = append(initArgs, "--pq")
				}
				v.mustRun(t, initArgs...)
				rcpt := strings.TrimSpace(v.mustRun(t, "recipient"))
				if tc.pq != strings.HasPrefix(rcpt, "age1pq1") {
					t.Fatalf("recipient %s", rcpt)
				}
				if tc.ssh {
					rcpt = sshPub
				}
				file := filepath.Join(t.TempDir(), "handoff.age")
				args := []string{"-e", "-r", rcpt, "-o", file}
				if armor {
					args = append(args, "-a")
				}
				runAge(t, age, append(args, bundle)...)
				imp := []string{"import", file, "--yes"}
				if tc.ssh {
					_, stderr, code := v.run(t, imp...)
					wantError(t, stderr, code, 1)
					if !strings.Contains(stderr, "ssh-ed25519 key with tag") {
						t.Errorf("not-for-you error does not name the ssh key: %q", stderr)
					}
					imp = append(imp, "--identity", sshKey)
				}
				out := v.mustRun(t, imp...)
				if !strings.Contains(out, "imported: 2 new") {
					t.Errorf("import printed %q", out)
				}
				got := titles(v.list(t, "list"))
				if strings.Join(got, "|") != "Acme Travel|Eleanor Vance" {
					t.Errorf("imported %v", got)
				}
				events := v.log(t)
				found := false
				for _, e := range events {
					if e.Action == "imported" {
						found = true
					}
				}
				if !found {
					t.Error("import not logged")
				}
			})
		}
	}
}

func TestHandoff_RoundTrip_Contacts(t *testing.T) {
	a, b := sampleVault(t), newVault(t)
	rb := strings.TrimSpace(b.mustRun(t, "recipient"))
	a.mustRun(t, "contacts", "add", "Maria", rb)
	if out := a.mustRun(t, "contacts", "list"); !strings.Contains(out, "Maria") || !strings.Contains(out, rb) {
		t.Errorf("contacts list: %q", out)
	}
	_, stderr, code := a.run(t, "contacts", "add", "Bad", "age1nope")
	wantError(t, stderr, code, 1)

	out := filepath.Join(t.TempDir(), "to-maria.age")
	dry := a.mustRun(t, "handoff", "--contact", "Maria", "--tag", "vip", "--out", out, "--dry-run")
	for _, want := range []string{"Eleanor Vance", "fields: Email", "stays behind: Passport (secret), attachment scan.txt", "dry run"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, dry)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("--dry-run wrote the file")
	}
	a.mustRun(t, "handoff", "--contact", "Maria", "Eleanor Vance", "--out", out, "--include-attachments")
	if !hasEvent(a.log(t), "handed-off", "", "") {
		t.Log("handoff events:", a.log(t))
	}
	// Without --yes and without a terminal, import refuses after the preview.
	stdout, stderr, code := b.run(t, "import", out)
	wantError(t, stderr, code, 1)
	if !strings.Contains(stdout, "new") || !strings.Contains(stderr, "--yes") {
		t.Errorf("preview %q, error %q", stdout, stderr)
	}
	b.mustRun(t, "import", out, "--yes")
	d := b.show(t, "Eleanor Vance", "--reveal")
	if d.hasField("Passport") || len(d.Attachments) != 1 {
		t.Errorf("handoff carried secrets or lost the attachment: %+v", d)
	}
	// The same file again: matched by ID, identical, nothing to import.
	if got := b.mustRun(t, "import", out, "--yes"); !strings.Contains(got, "nothing to import") {
		t.Errorf("second import: %q", got)
	}
	a.mustRun(t, "contacts", "rm", "Maria")
	_, stderr, code = a.run(t, "handoff", "--contact", "Maria", "Acme Travel", "--out", out)
	wantError(t, stderr, code, 1)
}

// TestImport_BadFiles: every bad file gets one line, exit 1, and leaves the
// vault as it was.
func TestImport_BadFiles(t *testing.T) {
	age, keygen := ageCommands(t)
	v := sampleVault(t)
	rcpt := strings.TrimSpace(v.mustRun(t, "recipient"))
	dir := t.TempDir()
	bundle := "../../vault/testdata/bundle/handoff.json"
	good := filepath.Join(dir, "good.age")
	runAge(t, age, "-e", "-r", rcpt, "-o", good, bundle)
	data := readFile(t, good)
	_, otherRcpt := newKey(t, keygen, false)
	files := map[string][]byte{
		"truncated": data[:len(data)-20],
		"tampered":  append(append([]byte{}, data[:len(data)-5]...), data[len(data)-5]^1, data[len(data)-4], data[len(data)-3], data[len(data)-2], data[len(data)-1]),
		"not-age":   []byte("BEGIN:VCARD\nFN:x\nEND:VCARD\n"),
		"empty":     nil,
	}
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), string(content))
	}
	runAge(t, age, "-e", "-r", otherRcpt, "-o", filepath.Join(dir, "wrong-recipient"), bundle)
	future := filepath.Join(dir, "future.json")
	writeFile(t, future, `{"format":"confidant-bundle/v9","dossiers":"later"}`)
	runAge(t, age, "-e", "-r", rcpt, "-o", filepath.Join(dir, "unknown-format"), future)
	big := filepath.Join(dir, "oversized")
	if err := os.WriteFile(big, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, 1<<30+1); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	before := v.mustRun(t, "list", "--json")
	for _, name := range []string{"truncated", "tampered", "not-age", "empty", "wrong-recipient", "unknown-format", "oversized"} {
		t.Run(name, func(t *testing.T) {
			_, stderr, code := v.run(t, "import", filepath.Join(dir, name), "--yes")
			wantError(t, stderr, code, 1)
			if after := v.mustRun(t, "list", "--json"); after != before {
				t.Error("the vault changed")
			}
		})
	}
	_, stderr, _ := v.run(t, "import", filepath.Join(dir, "wrong-recipient"), "--yes")
	if !strings.Contains(stderr, "not addressed to this vault") {
		t.Errorf("wrong recipient: %q", stderr)
	}
	_, stderr, _ = v.run(t, "import", filepath.Join(dir, "unknown-format"), "--yes")
	if !strings.Contains(stderr, "confidant-bundle/v9") {
		t.Errorf("unknown format: %q", stderr)
	}
}

// TestImport_PlaintextExports imports a vCard export with --plaintext and
// the detected format.
func TestImport_PlaintextExports(t *testing.T) {
	v := newVault(t)
	for _, f := range []string{"maria.vcf", "keepassxc.csv", "bitwarden.json", "retreat.md"} {
		path, err := filepath.Abs("../../vault/importers/testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		v.mustRun(t, "import", path, "--plaintext", "--yes")
	}
	d := v.show(t, "Bank of Example", "--reveal")
	if _, _, secret, _ := d.field(t, "Password"); !secret {
		t.Error("a KeePass password is not secret")
	}
	if got := len(v.list(t, "list")); got != 7 {
		t.Errorf("%d dossiers after the imports, want 7 (Bank of Example matched itself)", got)
	}
}

func TestBackup_FailureLeavesNoFile(t *testing.T) {
	v := sampleVault(t)
	out := filepath.Join(t.TempDir(), "missing-dir", "b.age")
	_, stderr, code := v.run(t, "backup", "--out", out, "--recipient", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
	wantError(t, stderr, code, 1)
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a failed backup left a file")
	}
}
