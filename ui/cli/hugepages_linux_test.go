package cli_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"confidant/ui/cli"
)

const hugePagesChild = "CONFIDANT_HUGEPAGES_CHILD"

// TestUseHugePages checks, in new processes as fresh as main's, that a
// command (init) puts the heap's next allocations in memory marked for huge
// pages (VmFlags "hg" in /proc/self/smaps), and that --help, which opens no
// vault, and GODEBUG=disablethp=1 leave it unmarked.
func TestUseHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skip("this kernel has no transparent huge pages")
	}
	for _, tc := range []struct {
		commands, godebug string
		want              bool
	}{
		{"--help", "", false},
		{"init", "", true},
		{"init", "disablethp=1", false},
	} {
		dir := t.TempDir()
		pass := filepath.Join(dir, "passphrase")
		if err := os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), hugePagesChild+"="+tc.commands, "GODEBUG="+tc.godebug,
			"CONFIDANT_VAULT="+filepath.Join(dir, "v.db"), "CONFIDANT_TEST_PASSPHRASE_FILE="+pass)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s, GODEBUG=%q: %v\n%s", tc.commands, tc.godebug, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		flags := lines[len(lines)-1]
		if got := strings.Contains(" "+flags+" ", " hg "); got != tc.want {
			t.Errorf("after %s, GODEBUG=%q: an 8 MiB allocation's mapping has VmFlags %q; marked for huge pages %v, want %v\n%s",
				tc.commands, tc.godebug, flags, got, tc.want, out)
		}
	}
}

// checkHugePages is the child's part, run from TestMain before anything
// else: it runs the commands through cli.Main as main does (their output
// discarded), then prints the VmFlags of the mapping that holds the end of a
// new allocation (its start may be in the few MiB the heap began with).
func checkHugePages() int {
	pass := os.Getenv("CONFIDANT_TEST_PASSPHRASE_FILE")
	for _, c := range strings.Fields(os.Getenv(hugePagesChild)) {
		args := []string{c}
		if c == "init" {
			args = []string{"--passphrase-file", pass, c, "--work-factor", "10"}
		}
		if code := cli.Main(context.Background(), args, cli.Env{Stdin: os.Stdin, Stdout: io.Discard, Stderr: os.Stderr}); code != 0 {
			return code
		}
	}
	b := make([]byte, 8<<20)
	fmt.Println(vmFlags(uintptr(unsafe.Pointer(&b[len(b)-1]))))
	return 0
}

// vmFlags returns the VmFlags line of the mapping holding addr, or what
// went wrong.
func vmFlags(addr uintptr) string {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inside := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := strings.Cut(strings.Fields(line + " ")[0], "-"); ok {
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			inside = err1 == nil && err2 == nil && uint64(addr) >= a && uint64(addr) < b
			continue
		}
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok && inside {
			return strings.TrimSpace(rest)
		}
	}
	return "no mapping holds the address"
}

// TestAddressSpaceLimit runs the binary under ulimit -v, where bbolt's 1 GiB
// map and the huge-page span may not fit. Every command (list, search, add,
// an import) must work, or fail with the one-line error that names the
// address space: never a Go fatal error of this program's making, and never
// the misleading "not a confidant vault". Limits the Go runtime itself cannot
// run under are logged and passed over; at least one limit must let every
// command work.
func TestAddressSpaceLimit(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set ulimit -v")
	}
	v := newVault(t)
	v.mustRun(t, "add", "Alpha", "--note", "a quince tree")
	bundle := filepath.Join(t.TempDir(), "handoff.json")
	const handoff = `{"format":"confidant-bundle/v1","purpose":"handoff","count":1,"dossiers":[{"title":"Bravo","kind":"note"}]}`
	if err := os.WriteFile(bundle, []byte(handoff), 0o600); err != nil {
		t.Fatal(err)
	}
	worked := 0
	for _, gib := range []float64{1.5, 2, 3} {
		kib := strconv.Itoa(int(gib * (1 << 20)))
		runtimeFailed, all := false, true
		for _, args := range [][]string{
			{"list"}, {"search", "quince"}, {"add", "Charlie " + kib},
			{"import", bundle, "--plaintext", "--yes", "--on-conflict", "keep-both"},
		} {
			cmd, stdout, stderr := v.command(t, "", append([]string{"--passphrase-file", v.PassFile}, args...)...)
			cmd.Args = append([]string{"sh", "-c", `ulimit -v "$0" && exec "$@"`, kib, confidantBin}, cmd.Args[1:]...)
			cmd.Path, _ = exec.LookPath("sh")
			code := exitCode(t, cmd.Run())
			errText := stderr.String()
			// The runtime failing before main, or finding no room to grow
			// the heap at all: the runtime reserves about 1.5 GiB of
			// address space for itself on linux/amd64 (its page summaries
			// and arena index), so under the tightest limit whether a
			// command starts, or dies of "out of memory" a few MB in, is
			// chance and load, not this program's doing. A larger limit
			// must let every command work, so a real blow-up still fails.
			if strings.Contains(errText, "(0 in use)") || strings.Contains(errText, "heap arena map") ||
				strings.Contains(errText, "page summary") || strings.Contains(errText, "pthread_create failed") ||
				strings.Contains(errText, "runtime: out of memory: cannot allocate") {
				runtimeFailed = true
				break
			}
			if code == 1 && strings.Contains(errText, "address space") && strings.Count(errText, "\n") == 1 {
				all = false // refused, and said why
				continue
			}
			if code != 0 || strings.Contains(errText, "not a confidant vault") || strings.Contains(errText, "fatal error") {
				t.Errorf("ulimit -v %s KiB, %s: exit %d\nstdout %q\nstderr %s", kib, strings.Join(args, " "), code,
					stdout.String(), firstLines(errText, 6))
			}
		}
		switch {
		case runtimeFailed:
			t.Logf("ulimit -v %s KiB: the Go runtime cannot run under it", kib)
		case !all:
			t.Logf("ulimit -v %s KiB: refused for want of address space", kib)
		default:
			worked++
		}
	}
	if worked == 0 {
		t.Error("no limit tried let every command work")
	}
}
