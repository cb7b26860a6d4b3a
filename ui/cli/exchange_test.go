//go:build unix

package cli_test

// Tests of backup, restore, handoff, import and contacts through the real
// binary, and interoperability with the real age and age-keygen commands,
// built from the age module this program uses. They reuse the helpers of
// cli_test.go.

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"confidant/crypto"
	"confidant/vault"
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
	if !strings.Contains(got, "2 dossiers, 0 in the trash, 1 attachment,") || !strings.Contains(got, "with the handoff identity") {
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
	if ev := a.log(t); !hasEvent(ev, "contact-added", "", "Maria") || !hasEvent(ev, "contact-removed", "", "Maria") {
		t.Errorf("adding and removing a contact is not logged: %+v", ev)
	}
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
	// A folder named by mistake was read as an empty file ("it is empty").
	folder := filepath.Join(dir, "a folder")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"import", folder}, {"import", folder, "--plaintext"}, {"backup", "--verify", folder}, {"attach", "Eleanor Vance", folder}} {
		_, stderr, code := v.run(t, args...)
		wantError(t, stderr, code, 1)
		if !strings.Contains(stderr, "a folder is a folder, not a file; name a file in it") || strings.Contains(stderr, "empty") {
			t.Errorf("%v: %q", args, stderr)
		}
	}
}

// TestImport_PlaintextExports imports a vCard export with --plaintext and
// the detected format.
func TestImport_PlaintextExports(t *testing.T) {
	v := newVault(t)
	for _, f := range []string{"maria.vcf", "keepassxc.csv", "bitwarden.json", "retreat.md", "keepassxc.xml"} {
		path, err := filepath.Abs("../../vault/importers/testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		_, stderr, code := v.run(t, "import", path, "--plaintext", "--yes")
		if code != 0 || !strings.Contains(stderr, "now delete "+path+": it holds every secret in the clear") {
			t.Errorf("import of %s: exit %d, stderr %q", f, code, stderr)
		}
	}
	// An age-encrypted file needs no such reminder.
	age, _ := ageCommands(t)
	sealed := filepath.Join(t.TempDir(), "sealed.age")
	runAge(t, age, "-e", "-r", strings.TrimSpace(v.mustRun(t, "recipient")), "-o", sealed, "../../vault/testdata/bundle/handoff.json")
	if _, stderr, code := v.run(t, "import", sealed, "--plaintext", "--yes"); code != 0 || strings.Contains(stderr, "now delete") {
		t.Errorf("import of an age file: exit %d, stderr %q", code, stderr)
	}
	d := v.show(t, "Bank of Example", "--reveal")
	if _, _, secret, _ := d.field(t, "Password"); !secret {
		t.Error("a KeePass password is not secret")
	}
	if got := len(v.list(t, "list")); got != 11 {
		t.Errorf("%d dossiers after the imports, want 11 (Bank of Example matched itself)", got)
	}
	// The preview names the export's fields, by label.
	xml, _ := filepath.Abs("../../vault/importers/testdata/keepassxc.xml")
	if out := v.mustRun(t, "import", xml, "--plaintext", "--dry-run"); !strings.Contains(out,
		"  fields: Username, Password (secret), Website (web address), Frequent flyer, Mobile (phone), Passport number (secret), TOTP (secret)\n") {
		t.Errorf("the preview of a KeePass XML export:\n%s", out)
	}
	// The CSV's preview says what it leaves behind, and where it is kept.
	csv, _ := filepath.Abs("../../vault/importers/testdata/keepassxc.csv")
	if out := v.mustRun(t, "import", csv, "--plaintext", "--dry-run"); !strings.Contains(out,
		"  note: KeePassXC's CSV leaves out each entry's own fields (a passport number kept as one), tags and expiry; its XML export keeps them") {
		t.Errorf("the preview of a KeePassXC CSV export:\n%s", out)
	}
	// The KeePass XML export's own fields came in, which its CSV leaves behind.
	d = v.show(t, "Margaret Okafor — airline")
	if _, _, secret, _ := d.field(t, "Passport number"); !secret {
		t.Error("the passport number from the KeePass XML export is not secret")
	}
}

// TestImport_KeePass2Attachments: a KeePass 2 XML export's attachments,
// gzipped in its Meta, come in with their dossiers, sealed like any other,
// and save back out as they were.
func TestImport_KeePass2Attachments(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	scan := []byte("%PDF-1.4 the passport scan of Ana Lima")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(scan)
	zw.Close()
	export := filepath.Join(t.TempDir(), "keepass2.xml")
	writeFile(t, export, `<?xml version="1.0" encoding="utf-8"?><KeePassFile><Meta><Binaries><Binary ID="0" Compressed="True">`+
		base64.StdEncoding.EncodeToString(gz.Bytes())+`</Binary></Binaries></Meta><Root><Group><Name>Database</Name><Entry>
<String><Key>Title</Key><Value>Ana Lima</Value></String><String><Key>Passport number</Key><Value>533401234</Value></String>
<Binary><Key>passport.pdf</Key><Value Ref="0"/></Binary></Entry></Group></Root></KeePassFile>`)
	if _, stderr, code := v.run(t, "import", export, "--plaintext", "--yes"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	d := v.show(t, "Ana Lima")
	if len(d.Attachments) != 1 {
		t.Fatalf("attachments %+v", d.Attachments)
	}
	out := filepath.Join(t.TempDir(), "out.pdf")
	v.mustRun(t, "attachment", "Ana Lima", "passport.pdf", "--out", out)
	if got := readFile(t, out); !bytes.Equal(got, scan) {
		t.Errorf("the attachment saved back is %q", got)
	}
	if _, stderr, code := v.run(t, "verify"); code != 0 {
		t.Errorf("verify: %s", stderr)
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

// colleagueHandoff writes a one-dossier handoff bundle, unknown to any test
// vault, and returns its path.
func colleagueHandoff(t *testing.T) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "handoff.json")
	writeFile(t, f, `{"format":"confidant-bundle/v1","purpose":"handoff","created":"2026-03-01T09:30:00Z","count":1,`+
		`"dossiers":[{"title":"From a colleague","kind":"note","notes":"sent before the restore"}]}`)
	return f
}

// TestRestore_KeepsIdentity_WholeVault: a backup carries the handoff
// identity, the trash and the access log; the restored vault, with a new
// passphrase, opens a handoff sent to the old vault's recipient before the
// backup was made, and holds the same trash and log. --new-identity does
// not open it.
func TestRestore_KeepsIdentity_WholeVault(t *testing.T) {
	age, _ := ageCommands(t)
	v := sampleVault(t)
	rcpt := strings.TrimSpace(v.mustRun(t, "recipient"))
	v.add(t, "Old client", "--note", "left us")
	v.mustRun(t, "rm", "Old client")
	v.mustRun(t, "contacts", "add", "Maria", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
	v.mustRun(t, "show", "Eleanor Vance", "--reveal")
	handoff := filepath.Join(t.TempDir(), "to-old-vault.age")
	runAge(t, age, "-e", "-r", rcpt, "-o", handoff, colleagueHandoff(t))

	type timedEvent struct {
		Time time.Time `json:"time"`
		jsonEvent
	}
	timedLog := func(v *testVault) []timedEvent {
		return decodeJSON[[]timedEvent](t, v.mustRun(t, "log", "--json"))
	}
	wantLog, wantTrash := timedLog(v), v.list(t, "trash")
	dir := t.TempDir()
	bp := filepath.Join(dir, "bp")
	writeFile(t, bp, "the backup passphrase\n")
	backup := filepath.Join(dir, "b.age")
	v.mustRun(t, "backup", "--out", backup, "--backup-passphrase-file", bp, "--work-factor", "10")

	r := newEmptyVault(t)
	writeFile(t, r.PassFile, "a different vault passphrase\n")
	out := r.mustRun(t, "restore", backup, "--backup-passphrase-file", bp, "--work-factor", "10")
	if !strings.Contains(out, "handoff recipient (kept from the backup): "+rcpt) {
		t.Errorf("restore printed %q, want the kept recipient %s", out, rcpt)
	}
	if got := strings.TrimSpace(r.mustRun(t, "recipient")); got != rcpt {
		t.Fatalf("restored recipient %s, want %s", got, rcpt)
	}
	if got := r.mustRun(t, "import", handoff, "--yes"); !strings.Contains(got, "imported: 1 new") {
		t.Errorf("the handoff to the old recipient: %q", got)
	}
	if haveTrash := r.list(t, "trash"); len(haveTrash) != 1 || haveTrash[0].ID != wantTrash[0].ID ||
		!haveTrash[0].Deleted.Equal(wantTrash[0].Deleted) {
		t.Errorf("trash after restore %+v, want %+v", haveTrash, wantTrash)
	}
	var haveLog []timedEvent
	for _, e := range timedLog(r) {
		if e.Action != "restored" && e.Action != "imported" {
			haveLog = append(haveLog, e)
		}
	}
	if !reflect.DeepEqual(haveLog, wantLog) {
		t.Errorf("log after restore:\n got %+v\nwant %+v", haveLog, wantLog)
	}
	if got := r.mustRun(t, "contacts", "list"); !strings.Contains(got, "Maria") {
		t.Errorf("contacts after restore: %q", got)
	}
	r.mustRun(t, "verify")

	fresh := newEmptyVault(t)
	out = fresh.mustRun(t, "restore", backup, "--backup-passphrase-file", bp, "--work-factor", "10", "--new-identity")
	if strings.Contains(out, rcpt) || !strings.Contains(out, "new handoff recipient") {
		t.Errorf("restore --new-identity printed %q", out)
	}
	_, stderr, code := fresh.run(t, "import", handoff, "--yes")
	wantError(t, stderr, code, 1)
	if !strings.Contains(stderr, "not addressed to this vault") {
		t.Errorf("a vault with a new identity: %q", stderr)
	}
}

// rsaKey writes an unencrypted ssh-rsa private key to dir/id_rsa, with
// ssh-keygen when there is one, else with Go's crypto/rsa, and returns its
// path and public key.
func rsaKey(t *testing.T, dir string) (file, pub string) {
	t.Helper()
	file = filepath.Join(dir, "id_rsa")
	if _, err := exec.LookPath("ssh-keygen"); err == nil {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "colleague", "-f", file).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v %s", err, out)
		}
		return file, strings.TrimSpace(string(readFile(t, file+".pub")))
	}
	sk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(&sk.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(sk, "colleague")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, file, string(pem.EncodeToMemory(block)))
	return file, strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp)))
}

// TestHandoff_SSHRSA: a handoff the real age command encrypts to an ssh-rsa
// key, armored and not, is refused naming the key, then imported with
// --identity; a backup to an ssh-rsa key verifies and restores with it.
func TestHandoff_SSHRSA(t *testing.T) {
	age, _ := ageCommands(t)
	key, pub := rsaKey(t, t.TempDir())
	if !strings.HasPrefix(pub, "ssh-rsa ") {
		t.Fatalf("public key %q", pub)
	}
	for _, armor := range []bool{false, true} {
		v := newVault(t)
		file := filepath.Join(t.TempDir(), "handoff.age")
		args := []string{"-e", "-r", pub, "-o", file}
		if armor {
			args = append(args, "-a")
		}
		runAge(t, age, append(args, colleagueHandoff(t))...)
		_, stderr, code := v.run(t, "import", file, "--yes")
		wantError(t, stderr, code, 1)
		if !strings.Contains(stderr, "ssh-rsa key with tag") {
			t.Errorf("not-for-you error does not name the ssh-rsa key: %q", stderr)
		}
		if out := v.mustRun(t, "import", file, "--yes", "--identity", key); !strings.Contains(out, "imported: 1 new") {
			t.Errorf("armor=%v: import printed %q", armor, out)
		}
	}
	v := sampleVault(t)
	backup := filepath.Join(t.TempDir(), "b.age")
	v.mustRun(t, "backup", "--out", backup, "--recipient", pub)
	if got := v.mustRun(t, "backup", "--verify", backup, "--identity", key); !strings.Contains(got, "complete: 2 dossiers,") {
		t.Errorf("verify: %q", got)
	}
	r := newEmptyVault(t)
	r.mustRun(t, "restore", backup, "--identity", key, "--work-factor", "10")
	if got := titles(r.list(t, "list")); strings.Join(got, "|") != "Acme Travel|Eleanor Vance" {
		t.Errorf("restored %v", got)
	}
}

// bigHandoff writes a handoff of n generated client dossiers, encrypted to
// rcpt, and returns its path.
func bigHandoff(t testing.TB, dir, rcpt string, n int) string {
	t.Helper()
	b := bigBundle(n)
	r, err := crypto.ParseRecipient(rcpt, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "big.age")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := crypto.EncryptTo(f, []crypto.Recipient{r}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Encode(w); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// bigBundle returns a handoff of n generated client dossiers of about 1 KB
// each (four fields, one of them secret, two tags, a 560-byte note).
func bigBundle(n int) *vault.Bundle {
	b := &vault.Bundle{Purpose: vault.PurposeHandoff, Created: time.Now()}
	note := strings.Repeat("Met at the spring fair; prefers morning calls. ", 12)
	for i := range n {
		d := vault.Dossier{Title: fmt.Sprintf("Client %05d", i), Kind: vault.KindClient, Notes: note, Tags: []string{"bulk", "spring"},
			Fields: []vault.Field{
				{Label: "Email", Value: fmt.Sprintf("client%05d@example.com", i), Type: vault.TypeEmail},
				{Label: "Phone", Value: fmt.Sprintf("+44 20 7946 %04d", i%10000), Type: vault.TypePhone},
				{Label: "Company", Value: "Example Holdings", Type: vault.TypeText},
				{Label: "Account PIN", Value: fmt.Sprintf("%06d", i), Type: vault.TypePassword, Secret: true},
			}}
		b.Dossiers = append(b.Dossiers, vault.BundleDossier{Dossier: d})
	}
	return b
}

// copyVault returns a new test vault holding a copy of v's file.
func copyVault(t *testing.T, v *testVault) *testVault {
	t.Helper()
	c := newEmptyVault(t)
	if err := os.Mkdir(c.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, c.Path, string(readFile(t, v.Path)))
	return c
}

// killAfter runs cmd and kills it with SIGKILL after delay. It reports
// whether the kill landed (a run may finish first), and fails t for a run
// that failed without it.
func killAfter(t *testing.T, cmd *exec.Cmd, stderr fmt.Stringer, delay time.Duration, round int) (killed bool, _ time.Duration) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(delay, func() { cmd.Process.Kill() })
	err := cmd.Wait()
	timer.Stop()
	var ee *exec.ExitError
	killed = errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL
	if !killed && err != nil {
		t.Fatalf("round %d: %s failed without being killed: %v %s", round, strings.Join(cmd.Args[1:], " "), err, stderr)
	}
	return killed, delay
}

// TestKillDuringImport kills `import BIG --yes` with SIGKILL at random
// moments, from start-up to past the end of an uninterrupted run, and checks
// each time that the vault opens and verifies and holds either the whole
// import or none of it.
func TestKillDuringImport(t *testing.T) {
	t.Parallel()
	const n = 3000
	base := newVault(t)
	base.add(t, "Already here")
	big := bigHandoff(t, t.TempDir(), strings.TrimSpace(base.mustRun(t, "recipient")), n)

	count := func(v *testVault) int { return len(v.list(t, "list")) }
	probe := copyVault(t, base)
	start := time.Now()
	probe.mustRun(t, "import", big, "--yes")
	full := time.Since(start)
	if got := count(probe); got != 1+n {
		t.Fatalf("an uninterrupted import left %d dossiers, want %d", got, 1+n)
	}

	rounds := 20
	tally := map[string]int{}
	for round := range rounds {
		v := copyVault(t, base)
		cmd, _, stderr := v.command(t, "", "--passphrase-file", v.PassFile, "import", big, "--yes")
		// Odd rounds: from 20% to 110% of an uninterrupted run (start-up,
		// decryption, parsing, the transaction, its commit, sometimes the
		// end). Even rounds: its last quarter, where the commit is.
		frac := 0.2 + 0.9*mrand.Float64()
		if round%2 == 0 {
			frac = 0.8 + 0.3*mrand.Float64()
		}
		began := time.Now()
		killed, delay := killAfter(t, cmd, stderr, time.Duration(float64(full)*frac), round)
		if !killed {
			// The probe ran under more load than this round (the other
			// tests run beside it): aim the next kills within this run.
			full = min(full, time.Since(began))
		}
		if stdout, stderr, code := v.run(t, "verify"); code != 0 {
			t.Fatalf("round %d (killed %v after %v): verify exit %d\n%s%s", round, killed, delay, code, stdout, stderr)
		}
		switch got := count(v); {
		case got == 1+n:
			tally[map[bool]string{true: "killed, all", false: "finished"}[killed]]++
		case got == 1 && killed:
			tally["killed, none"]++
		default:
			t.Fatalf("round %d (killed %v after %v): %d dossiers, want 1 or %d", round, killed, delay, got, 1+n)
		}
	}
	t.Logf("uninterrupted import of %d: %v; %d rounds: %v", n, full.Round(time.Millisecond), rounds, tally)
	if tally["killed, none"]+tally["killed, all"] == 0 {
		t.Error("no round was killed")
	}
}

// TestHandoff_Sealed: a handoff between two vaults says who wrote it, the
// stock age command still opens it, one that only names a colleague says
// it is not proven, and one sealed by another vault than the one it names is
// refused, leaving the vault as it was.
func TestHandoff_Sealed(t *testing.T) {
	age, keygen := ageCommands(t)
	ana, ben := sampleVault(t), newVault(t)
	anaKey := strings.TrimSpace(ana.mustRun(t, "recipient"))
	benKey := strings.TrimSpace(ben.mustRun(t, "recipient"))
	ben.mustRun(t, "contacts", "add", "Ana", anaKey)

	// To Ben's vault and to a key of Ben's laptop's age.
	keyFile, keyRcpt := newKey(t, keygen, false)
	file := filepath.Join(t.TempDir(), "to-ben.age")
	if out := ana.mustRun(t, "handoff", "--to", benKey, "--to", keyRcpt, "Eleanor Vance", "--out", file); !strings.Contains(out, "sealed by this vault") {
		t.Errorf("the handoff does not say it is sealed:\n%s", out)
	}
	var b bundleJSON
	if err := json.Unmarshal(runAge(t, age, "-d", "-i", keyFile, file), &b); err != nil || b.Count != 1 {
		t.Fatalf("age -d of a sealed handoff: %v, %+v", err, b)
	}
	out := ben.mustRun(t, "import", file, "--dry-run")
	if !strings.Contains(out, "from: Ana ("+anaKey[:12]+"…"+anaKey[len(anaKey)-8:]+"), sealed by their vault") {
		t.Errorf("the preview does not say who sealed it:\n%s", out)
	}

	// A post-quantum key beside a classic one: refused before the preview.
	pq := newEmptyVault(t)
	pq.mustRun(t, "init", "--work-factor", "10", "--pq")
	pqKey := strings.TrimSpace(pq.mustRun(t, "recipient"))
	stdout, stderr, code := ana.run(t, "handoff", "--to", benKey, "--to", pqKey, "Eleanor Vance", "--out", filepath.Join(t.TempDir(), "mixed.age"))
	wantError(t, stderr, code, 1)
	if stdout != "" || !strings.Contains(stderr, "post-quantum (age1pq1…) and classic keys cannot share a file") || strings.Contains(stderr, "not a recipient") {
		t.Errorf("mixed recipients: stdout %q, stderr %q", stdout, stderr)
	}

	// Written by stock age, naming Ana: shown, but as a claim.
	claim := filepath.Join(t.TempDir(), "claim.json")
	writeFile(t, claim, `{"format":"confidant-bundle/v1","purpose":"handoff","from":"`+anaKey+`","created":"2026-11-27T10:00:00Z","count":1,"dossiers":[{"title":"Wire details","kind":"vendor","fields":[{"label":"IBAN","value":"GB00 FAKE 0000"}]}]}`)
	unsealed := filepath.Join(t.TempDir(), "unsealed.age")
	runAge(t, age, "-e", "-r", benKey, "-o", unsealed, claim)
	out = ben.mustRun(t, "import", unsealed, "--dry-run")
	if !strings.Contains(out, "from: Ana (") || !strings.Contains(out, "it says, but not sealed by their vault") {
		t.Errorf("an unsealed file naming Ana:\n%s", out)
	}

	// Mallory's vault seals a handoff that names Ana.
	mallory := newVault(t)
	s, err := vault.Open(mallory.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock([]byte(testPassphrase)); err != nil {
		t.Fatal(err)
	}
	d, err := s.Add(vault.Dossier{Title: "Eleanor Vance", Kind: vault.KindClient, Fields: []vault.Field{{Label: "Bank", Value: "GB00 FAKE 0000"}}})
	if err != nil {
		t.Fatal(err)
	}
	fb, err := s.Export(vault.ExportOptions{IDs: []vault.ID{d.ID}, From: anaKey})
	if err != nil {
		t.Fatal(err)
	}
	forged := filepath.Join(t.TempDir(), "forged.age")
	if err := vault.WriteBundleFile(forged, fb, vault.Seal{To: []string{benKey}, Sender: s}, false); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := readFile(t, ben.Path)
	stdout, stderr, code = ben.run(t, "import", forged, "--yes", "--on-conflict", "replace")
	wantError(t, stderr, code, 1)
	if !strings.Contains(stderr, "not sealed by the vault it names as its writer") || !strings.Contains(stderr, "ask the sender") || stdout != "" {
		t.Errorf("a forged handoff: stdout %q, stderr %q", stdout, stderr)
	}
	if !bytes.Equal(before, readFile(t, ben.Path)) {
		t.Error("the refused import changed the vault")
	}
}

// TestImport_OldHandoffAgain: Ana's first handoff, sent again after her
// second was imported, would put the old details back under "replace"; the
// preview says the dossier here is newer, and why that matters.
func TestImport_OldHandoffAgain(t *testing.T) {
	ana, ben := sampleVault(t), newVault(t)
	benKey := strings.TrimSpace(ben.mustRun(t, "recipient"))
	first := filepath.Join(t.TempDir(), "first.age")
	ana.mustRun(t, "handoff", "--to", benKey, "Eleanor Vance", "--out", first)
	ben.mustRun(t, "import", first, "--yes")
	ana.mustRun(t, "edit", "Eleanor Vance", "--field", "Email=eleanor@lisbon.example")
	second := filepath.Join(t.TempDir(), "second.age")
	ana.mustRun(t, "handoff", "--to", benKey, "Eleanor Vance", "--out", second)
	if out := ben.mustRun(t, "import", second, "--dry-run", "--on-conflict", "replace"); strings.Contains(out, "newer") {
		t.Errorf("the newer handoff is called older:\n%s", out)
	}
	ben.mustRun(t, "import", second, "--yes", "--on-conflict", "replace")
	out := ben.mustRun(t, "import", first, "--dry-run", "--on-conflict", "replace")
	if !strings.Contains(out, "Email changed; yours is newer (the file's is from ") ||
		!strings.Contains(out, "1 matching dossier here changed after the file's copy: replacing goes back to the file's") {
		t.Errorf("the first handoff sent again:\n%s", out)
	}
}

// TestImport_Spreadsheet: a client list kept in a spreadsheet, saved as
// CSV, imports a dossier per row. The preview says what each column
// becomes before anything is written; a passport number is masked, an
// expiry and a birthday get their reminders, and `list` shows the next.
func TestImport_Spreadsheet(t *testing.T) {
	v := newVault(t)
	path, err := filepath.Abs("../../vault/importers/testdata/clients.csv")
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := v.run(t, "import", path, "--plaintext", "--dry-run")
	if code != 0 || !strings.Contains(stdout, "clients.csv (spreadsheet): 3 dossiers\n") ||
		!strings.Contains(stdout, "  columns: Name (title), Company (text), Email (email), Mobile (phone), Date of birth (date, reminded yearly), Passport number (secret),") ||
		!strings.Contains(stdout, "  new        Margaret Chen (client)\n") || !strings.Contains(stdout, "dry run: nothing written") {
		t.Fatalf("dry run: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := v.list(t, "list"); len(got) != 0 {
		t.Fatalf("a dry run wrote %d dossiers", len(got))
	}
	if _, stderr, code := v.run(t, "import", path, "--plaintext", "--yes"); code != 0 || !strings.Contains(stderr, "now delete") {
		t.Fatalf("import: exit %d, %s", code, stderr)
	}
	d := v.show(t, "Margaret Chen")
	if value, typ, secret, _ := d.field(t, "Passport number"); !secret || typ != "text" || strings.Contains(value, "K1234567") {
		t.Errorf("Passport number: %q %s secret=%v, want masked", value, typ, secret)
	}
	if value, typ, _, _ := d.field(t, "Passport expiry"); value != "2029-03-14" || typ != "date" {
		t.Errorf("Passport expiry: %q %s", value, typ)
	}
	if got := d.dateLabels(); !slices.Equal(got, []string{"Birthday", "Passport expiry", "Wedding anniversary"}) {
		t.Errorf("dates %q", got)
	}
	if !slices.Equal(d.Tags, []string{"vip", "board"}) || !strings.HasPrefix(d.Notes, "Prefers aisle seats") {
		t.Errorf("tags %q, notes %q", d.Tags, d.Notes)
	}
	if out := v.mustRun(t, "show", "Margaret Chen", "--reveal"); !strings.Contains(out, "K1234567") {
		t.Errorf("--reveal does not show the passport number:\n%s", out)
	}
	if got := titles(v.list(t, "list")); !slices.Equal(got, []string{"Acme Travel", "Margaret Chen", "Tomás Ruiz"}) {
		t.Errorf("list: %q", got)
	}
	// The same file again matches every row by title and kind.
	if stdout, _, code := v.run(t, "import", path, "--plaintext", "--yes"); code != 0 || !strings.Contains(stdout, "0 new, 0 to replace, 0 to keep both, 3 to skip") {
		t.Errorf("the same file again: exit %d\n%s", code, stdout)
	}
	// A table that is not UTF-8 (Excel's plain "CSV") is refused, and says how to save it.
	latin := filepath.Join(t.TempDir(), "clients.csv")
	if err := os.WriteFile(latin, []byte("Name,Notes\nJos\xe9,x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = v.run(t, "import", latin, "--plaintext", "--yes")
	if code == 0 || !strings.Contains(stderr, `save it again as "CSV UTF-8"`) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("a Windows-1252 table: exit %d, %q", code, stderr)
	}
	// The workbook itself is named as such, with how to save it as CSV.
	xlsx := filepath.Join(t.TempDir(), "clients.xlsx")
	if err := os.WriteFile(xlsx, []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = v.run(t, "import", xlsx, "--plaintext", "--yes")
	if code != 1 || !strings.Contains(stderr, xlsx+": a spreadsheet program's own file") || !strings.Contains(stderr, "Excel: File → Save As → CSV UTF-8") {
		t.Errorf("an Excel workbook: exit %d, %q", code, stderr)
	}
}

// TestHandoff_ChosenByLabel: --include-secret takes one secret and no
// other, --leave keeps a field and a date back, --leave-notes the notes.
// The preview names what stays; the file, read with the stock age, holds
// none of it, not even its labels; a misspelt label is refused before
// anything is written. Ben's older copy, replaced, keeps what the file
// lacks.
func TestHandoff_ChosenByLabel(t *testing.T) {
	age, keygen := ageCommands(t)
	ana, ben := newVault(t), newVault(t)
	ana.add(t, "Eleanor Vance", "--kind", "client", "--field", "Phone=+44 20 7946 0958", "--secret", "Passport number=532840177",
		"--secret", "Bank PIN=4471", "--field", "Rehab clinic=St Anne's", "--date", "Birthday=1968-04-02:2w:yearly", "--note", "Husband: Robert.")
	benKey := strings.TrimSpace(ben.mustRun(t, "recipient"))
	keyFile, keyRcpt := newKey(t, keygen, false)
	file := filepath.Join(t.TempDir(), "to-ben.age")
	scans := t.TempDir()
	for name, content := range map[string]string{"passport.pdf": "%PDF passport scan", "letter.pdf": "%PDF cardiology letter"} {
		writeFile(t, filepath.Join(scans, name), content)
		ana.mustRun(t, "attach", "Eleanor Vance", filepath.Join(scans, name))
	}

	// Ben's copy of everything, first.
	ana.mustRun(t, "handoff", "--to", benKey, "Eleanor Vance", "--include-secrets", "--out", file)
	ben.mustRun(t, "import", file, "--yes")
	ana.mustRun(t, "edit", "Eleanor Vance", "--secret", "Passport number=611902345")

	args := []string{"handoff", "--to", benKey, "--to", keyRcpt, "Eleanor Vance", "--include-secret", "passport number",
		"--leave", "Rehab clinic", "--leave", "birthday", "--leave-notes", "--include-attachment", "Passport.pdf", "--out", file}
	out := ana.mustRun(t, args...)
	for _, want := range []string{"fields: Phone, Passport number (secret)\n", "attachment: passport.pdf (18 B)\n",
		"stays behind: Rehab clinic, Bank PIN (secret), date Birthday, notes\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the preview lacks %q:\n%s", want, out)
		}
	}
	plain := runAge(t, age, "-d", "-i", keyFile, file)
	// The values as the file would hold them, quoted or whole: a bare
	// "4471" or "1968" turns up, now and then, among the random digits
	// of a timestamp's nanoseconds.
	for _, kept := range []string{"Bank PIN", `"4471"`, "Rehab", "St Anne", "Birthday", "1968-04-02", "Husband", "letter.pdf", base64.StdEncoding.EncodeToString([]byte("%PDF cardiology letter"))} {
		if bytes.Contains(plain, []byte(kept)) {
			t.Errorf("the file holds %q", kept)
		}
	}
	if !bytes.Contains(plain, []byte("611902345")) || !bytes.Contains(plain, []byte(base64.StdEncoding.EncodeToString([]byte("%PDF passport scan")))) {
		t.Error("the file lacks the passport number or scan it was to carry")
	}

	ben.mustRun(t, "import", file, "--yes", "--on-conflict", "replace")
	d := ben.show(t, "Eleanor Vance", "--reveal")
	for label, want := range map[string]string{"Passport number": "611902345", "Bank PIN": "4471", "Rehab clinic": "St Anne's"} {
		if val, _, _, _ := d.field(t, label); val != want {
			t.Errorf("Ben's %s after replacing: %q, want %q", label, val, want)
		}
	}
	if d.Notes != "Husband: Robert." || len(d.Dates) != 1 {
		t.Errorf("Ben's notes and dates after replacing: %q, %+v", d.Notes, d.Dates)
	}

	for _, bad := range [][]string{{"--leave", "Rehab clinik"}, {"--include-secret", "Phone"}, {"--include-attachment", "pasport.pdf"}} {
		before := readFile(t, file)
		_, stderr, code := ana.run(t, append([]string{"handoff", "--to", benKey, "Eleanor Vance", "--out", file}, bad...)...)
		if code != 2 || !strings.Contains(stderr, "no chosen dossier has") {
			t.Errorf("%v: exit %d, %q", bad, code, stderr)
		}
		if !bytes.Equal(before, readFile(t, file)) {
			t.Errorf("%v: the refused handoff wrote the file", bad)
		}
	}
}

// TestHandoff_NotesSecretsStay: a secret written in the notes stays behind
// as a secret field of its label does: its line is taken out, and in a
// sentence "[kept back]" takes the value's place. --include-secret takes it
// by its label, --include-secrets takes all.
func TestHandoff_NotesSecretsStay(t *testing.T) {
	t.Parallel()
	age, keygen := ageCommands(t)
	ana := newVault(t)
	ana.add(t, "Villa Rosa", "--kind", "note", "--note", "Gate opens at 7:30.\nDoor code: 4471\nThe alarm code is 9031, then press #.\nWi-Fi: VillaGuest")
	keyFile, keyRcpt := newKey(t, keygen, false)
	file := filepath.Join(t.TempDir(), "villa.age")
	for _, c := range []struct {
		flags        []string
		stays        string
		holds, lacks []string
	}{
		{nil, "stays behind: Door code (in the notes), Alarm code (in the notes)\n",
			[]string{`Gate opens at 7:30.\nThe alarm code is [kept back], then press #.\nWi-Fi: VillaGuest`}, []string{"4471", "9031", "Door code"}},
		{[]string{"--include-secret", "door code"}, "stays behind: Alarm code (in the notes)\n",
			[]string{`Door code: 4471\nThe alarm code is [kept back]`}, []string{"9031"}},
		{[]string{"--include-secrets"}, "",
			[]string{`Door code: 4471\nThe alarm code is 9031, then press #.`}, []string{"[kept back]"}},
	} {
		out := ana.mustRun(t, append([]string{"handoff", "--to", keyRcpt, "Villa Rosa", "--out", file}, c.flags...)...)
		if c.stays != "" && !strings.Contains(out, c.stays) || c.stays == "" && strings.Contains(out, "stays behind") {
			t.Errorf("%v: the preview says\n%s", c.flags, out)
		}
		plain := runAge(t, age, "-d", "-i", keyFile, file)
		for _, want := range c.holds {
			if !bytes.Contains(plain, []byte(want)) {
				t.Errorf("%v: the file lacks %q:\n%s", c.flags, want, plain)
			}
		}
		for _, kept := range c.lacks {
			if bytes.Contains(plain, []byte(kept)) {
				t.Errorf("%v: the file holds %q", c.flags, kept)
			}
		}
	}
}

// TestImport_AuditsWhatCameIn: moving in from another program's export,
// import says what audit finds in the passwords brought in, by counts and
// never a password; a clean file gets no such line.
func TestImport_AuditsWhatCameIn(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	csv := filepath.Join(t.TempDir(), "logins.csv")
	writeFile(t, csv, "Title,Username,Password\n"+
		"Bank,ev,Summer2024!!\n"+
		"Gym,ev,x7#Kq9\n"+
		"Club,ev,Zq7-shared-but-long-0042\n"+
		"Spa,ev,Zq7-shared-but-long-0042\n"+
		"Mail,ev,Zq7-unique-and-long-9931\n")
	_, stderr, code := v.run(t, "import", csv, "--plaintext", "--yes")
	want := "confidant: of the 5 passwords brought in, 1 common, 1 under 12 characters, 2 shared with another or a variant of one: confidant audit lists them, and is:weak and is:reused find them in the interface\n"
	if code != 0 || !strings.Contains(stderr, want) || strings.Contains(stderr, "Zq7") || strings.Contains(stderr, "Summer") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	clean := filepath.Join(t.TempDir(), "clean.csv")
	writeFile(t, clean, "Title,Username,Password\nAirline,ev,Zq7-unique-and-long-7715\n")
	if _, stderr, code := v.run(t, "import", clean, "--plaintext", "--yes"); code != 0 || strings.Contains(stderr, "brought in") {
		t.Errorf("a clean file: exit %d, stderr %q", code, stderr)
	}
}

// TestPasswd_NewRecipient: after a leak of the old passphrase, a copy of
// the vault opened with it holds the handoff identity, and seals handoffs
// that a colleague's preview shows as sealed by the vault. passwd
// --new-recipient replaces the identity; once the colleague's address book
// has the new recipient, the forger's handoffs no longer show as the
// vault's, and the vault's own do. A handoff addressed to the old
// recipient no longer opens, and changes nothing.
func TestPasswd_NewRecipient(t *testing.T) {
	ana, ben := sampleVault(t), newVault(t)
	oldKey := strings.TrimSpace(ana.mustRun(t, "recipient"))
	benKey := strings.TrimSpace(ben.mustRun(t, "recipient"))
	ben.mustRun(t, "contacts", "add", "Ana", oldKey)
	toOld := filepath.Join(t.TempDir(), "to-ana.age")
	ben.add(t, "Marcus Bell", "--kind", "client")
	ben.mustRun(t, "handoff", "--to", oldKey, "Marcus Bell", "--out", toOld)

	// The copy someone opened with the leaked passphrase.
	stolen := filepath.Join(t.TempDir(), "stolen.db")
	ana.mustRun(t, "backup", "--copy", "--out", stolen)

	newFile := filepath.Join(t.TempDir(), "new")
	writeFile(t, newFile, "a brand new passphrase\n")
	out := ana.mustRun(t, "passwd", "--new-passphrase-file", newFile, "--new-recipient")
	writeFile(t, ana.PassFile, "a brand new passphrase\n")
	newKey := strings.TrimSpace(ana.mustRun(t, "recipient"))
	if newKey == oldKey || !strings.HasPrefix(newKey, "age1") || out != "passphrase changed\nthe vault's new recipient, for colleagues to address handoffs to (those addressed to the old one no longer open):\n"+newKey+"\n" {
		t.Fatalf("passwd --new-recipient printed %q; recipient now %s, was %s", out, newKey, oldKey)
	}
	if log := ana.mustRun(t, "log"); !strings.Contains(log, "passphrase-changed") || !strings.Contains(log, "and the recipient, now age1") {
		t.Errorf("the log:\n%s", log)
	}
	ana.mustRun(t, "verify")

	// The old recipient's handoff is refused, and the vault left as it was.
	before := ana.mustRun(t, "list")
	_, stderr, code := ana.run(t, "import", toOld, "--yes")
	wantError(t, stderr, code, 1)
	if after := ana.mustRun(t, "list"); after != before || strings.Contains(after, "Marcus Bell") {
		t.Errorf("a refused import changed the vault:\n%s", after)
	}

	// The forger, with the stolen copy and the old passphrase.
	forged := filepath.Join(t.TempDir(), "forged.age")
	stolenVault := *ana
	stolenVault.Path = stolen
	writeFile(t, stolenVault.PassFile, testPassphrase+"\n")
	stolenVault.mustRun(t, "--vault", stolen, "handoff", "--to", benKey, "Eleanor Vance", "--out", forged)
	writeFile(t, ana.PassFile, "a brand new passphrase\n")
	if out := ben.mustRun(t, "import", forged, "--dry-run"); !strings.Contains(out, "from: Ana (") || !strings.Contains(out, "sealed by their vault") {
		t.Fatalf("before the address book changes, the forgery shows as Ana's:\n%s", out)
	}
	ben.mustRun(t, "contacts", "rm", "Ana")
	ben.mustRun(t, "contacts", "add", "Ana", newKey)
	if out := ben.mustRun(t, "import", forged, "--dry-run"); strings.Contains(out, "from: Ana") {
		t.Errorf("with the new recipient in the address book, the forgery still shows as Ana's:\n%s", out)
	}
	real := filepath.Join(t.TempDir(), "real.age")
	ana.mustRun(t, "handoff", "--to", benKey, "Acme Travel", "--out", real)
	if out := ben.mustRun(t, "import", real, "--dry-run"); !strings.Contains(out, "from: Ana ("+newKey[:12]) || !strings.Contains(out, "sealed by their vault") {
		t.Errorf("Ana's own handoff after the change:\n%s", out)
	}
}
