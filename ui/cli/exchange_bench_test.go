//go:build unix

package cli_test

// Benchmarks of backup and import of 10,000 dossiers with the age
// encryption included: through the libraries (export, encode, encrypt,
// write and sync a file; read, decrypt, parse, import) and through the real
// binary, whose figures also hold process start-up, the vault's key
// derivation (work factor 10) and its unlock.
//
//	go test -run '^$' -bench 'Backup|Import' -benchtime 3x -count 3 ./ui/cli

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"confidant/crypto"
	"confidant/vault"
)

const benchDossiers = 10_000

var benchPass = []byte(testPassphrase)

// benchVault creates a vault at work factor 10 holding the dossiers of
// bigBundle, with the given handoff identity ("" for a new one), and
// returns it closed.
func benchVault(b *testing.B, n int, identity string) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "vault.db")
	s, err := vault.Create(path, benchPass, vault.CreateOptions{WorkFactor: 10, Identity: identity}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if n > 0 {
		if _, err := s.Import(bigBundle(n), vault.ImportOptions{Source: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

func openBench(b *testing.B, path string) *vault.Store {
	b.Helper()
	s, err := vault.Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Unlock(benchPass); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchSeal is one way a backup is encrypted.
type benchSeal struct {
	name    string
	encrypt func(io.Writer) (io.WriteCloser, error)
}

// benchSeals returns a new X25519 recipient, and the two ways a backup is
// encrypted: to that recipient, and with a passphrase at work factor 10.
func benchSeals(b *testing.B) (rcpt string, seals []benchSeal) {
	b.Helper()
	keys, err := crypto.GenerateKeys(false)
	if err != nil {
		b.Fatal(err)
	}
	r, err := crypto.ParseRecipient(keys.Recipient(), nil)
	if err != nil {
		b.Fatal(err)
	}
	return keys.Recipient(), []benchSeal{
		{"x25519", func(w io.Writer) (io.WriteCloser, error) { return crypto.EncryptTo(w, []crypto.Recipient{r}, false) }},
		{"passphrase-wf10", func(w io.Writer) (io.WriteCloser, error) {
			return crypto.EncryptWithPassphrase(w, []byte("backup passphrase"), 10, false)
		}},
	}
}

// BenchmarkBackupEncrypted: a backup of the whole vault streamed into an
// age writer, written to a file and synced, as `confidant backup` does.
func BenchmarkBackupEncrypted(b *testing.B) {
	s := openBench(b, benchVault(b, benchDossiers, ""))
	_, seals := benchSeals(b)
	out := filepath.Join(b.TempDir(), "backup.age")
	for _, seal := range seals {
		b.Run(seal.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.WriteBackup(out, vault.Backup(), seal.encrypt, true); err != nil {
					b.Fatal(err)
				}
			}
			fi, err := os.Stat(out)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(fi.Size())/(1<<20), "MiB")
		})
	}
}

// BenchmarkImportEncrypted: decrypt a handoff of 10,000 dossiers with the
// vault's identity, parse it and import it into an empty vault in one
// transaction.
func BenchmarkImportEncrypted(b *testing.B) {
	keys, err := crypto.GenerateKeys(false)
	if err != nil {
		b.Fatal(err)
	}
	file := bigHandoff(b, b.TempDir(), keys.Recipient(), benchDossiers)
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		s := openBench(b, benchVault(b, 0, keys.SecretIdentity()))
		id, _ := s.HandoffIdentity()
		b.StartTimer()
		plain, err := crypto.Decrypt(bytes.NewReader(data), 1<<30, id)
		if err != nil {
			b.Fatal(err)
		}
		bundle, err := vault.ParseBundle(plain)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Import(bundle, vault.ImportOptions{Source: "big.age"}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(data))/(1<<20), "MiB")
}

// BenchmarkBackupCommand times `confidant backup` of 10,000 dossiers, the
// whole process.
func BenchmarkBackupCommand(b *testing.B) {
	path := benchVault(b, benchDossiers, "")
	rcpt, _ := benchSeals(b)
	dir := b.TempDir()
	passFile, bpFile := filepath.Join(dir, "pass"), filepath.Join(dir, "bp")
	os.WriteFile(passFile, []byte(testPassphrase+"\n"), 0o600)
	os.WriteFile(bpFile, []byte("backup passphrase\n"), 0o600)
	out := filepath.Join(dir, "backup.age")
	for _, tc := range []struct{ name, flag, value string }{
		{"x25519", "--recipient", rcpt},
		{"passphrase-wf10", "--backup-passphrase-file", bpFile},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				runBench(b, "--vault", path, "--passphrase-file", passFile, "backup", "--out", out, tc.flag, tc.value, "--work-factor", "10")
			}
		})
	}
}

// BenchmarkImportCommand times `confidant import BIG --yes` of 10,000
// dossiers into an empty vault, the whole process.
func BenchmarkImportCommand(b *testing.B) {
	keys, err := crypto.GenerateKeys(false)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	file := bigHandoff(b, dir, keys.Recipient(), benchDossiers)
	passFile := filepath.Join(dir, "pass")
	os.WriteFile(passFile, []byte(testPassphrase+"\n"), 0o600)
	for b.Loop() {
		b.StopTimer()
		path := benchVault(b, 0, keys.SecretIdentity())
		b.StartTimer()
		out := runBench(b, "--vault", path, "--passphrase-file", passFile, "import", file, "--yes")
		if !strings.Contains(out, "imported: 10000 new") {
			b.Fatalf("import printed %q", out)
		}
	}
}

// runBench runs the binary with args and a bare environment and returns
// its standard output.
func runBench(b *testing.B, args ...string) string {
	b.Helper()
	cmd := exec.Command(confidantBin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + b.TempDir(), "LANG=C.UTF-8"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Run(); err != nil {
		b.Fatalf("confidant %s: %v %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}
