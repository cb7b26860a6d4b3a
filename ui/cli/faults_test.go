//go:build unix

package cli_test

// The fault and abuse suite (issue 5; docs/RELIABILITY.md says what each
// test proves and how to run it): processes killed during edits and a large
// import, several processes on one vault, a damaged vault file, hostile
// input files with the child's peak memory, a full disk, and plaintext left
// behind after a whole session. They drive the real binary with the helpers
// of cli_test.go and exchange_test.go.
//
// `go test -short` keeps every test small; the default run is the one CI
// runs; CONFIDANT_FAULTS=long runs many more rounds and seeds.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"confidant/crypto"
)

// faultRounds returns how many rounds or seeds a fault test runs: short
// under -short, normal by default, long with CONFIDANT_FAULTS=long.
func faultRounds(short, normal, long int) int {
	switch {
	case os.Getenv("CONFIDANT_FAULTS") == "long":
		return long
	case testing.Short():
		return short
	}
	return normal
}

// churnBin builds testdata/churn once and returns its path.
var churnBin = sync.OnceValues(func() (string, error) {
	out := filepath.Join(buildDir, "churn")
	return out, goBuild(out, "confidant/ui/cli/testdata/churn")
})

// measured is one finished run of the binary with what it cost.
type measured struct {
	stdout, stderr string
	code           int
	took           time.Duration
	maxRSS         int64 // the child's peak resident memory, in KiB
}

// peakmemBin builds testdata/peakmem once and returns its path.
var peakmemBin = sync.OnceValues(func() (string, error) {
	out := filepath.Join(buildDir, "peakmem")
	return out, goBuild(out, "confidant/ui/cli/testdata/peakmem")
})

// measure runs the binary with args exactly as given and returns its
// output, exit code, wall time and peak resident memory, which
// testdata/peakmem reads with getrusage of the waited child (measured from
// this test process, it would include the test's own size; see there).
func (v *testVault) measure(t *testing.T, stdin string, args ...string) measured {
	t.Helper()
	peakmem, err := peakmemBin()
	if err != nil {
		t.Fatal(err)
	}
	cmd, out, errb := v.command(t, stdin, args...)
	cmd.Path, cmd.Args = peakmem, append([]string{peakmem, confidantBin}, args...)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd.ExtraFiles = []*os.File{w}
	start := time.Now()
	err = cmd.Start()
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	report, _ := io.ReadAll(r)
	err = cmd.Wait()
	m := measured{stdout: out.String(), stderr: errb.String(), took: time.Since(start), code: exitCode(t, err)}
	kib, perr := strconv.ParseInt(strings.TrimSpace(string(report)), 10, 64)
	if perr != nil {
		t.Fatalf("peakmem reported %q: %v", report, perr)
	}
	m.maxRSS = kib
	if runtime.GOOS == "darwin" {
		m.maxRSS >>= 10 // bytes there
	}
	return m
}

// wantNoCrash fails the test if a run crashed instead of failing cleanly:
// an exit code other than 0 or 1 (a signal, a Go panic's 2), or a Go
// panic or runtime fault on stderr.
func wantNoCrash(t *testing.T, what, stderr string, code int) {
	t.Helper()
	for _, s := range []string{"panic:", "goroutine ", "fatal error:", "SIGSEGV", "SIGBUS", "unexpected fault address"} {
		if strings.Contains(stderr, s) {
			t.Errorf("%s crashed (%q on stderr, exit %d):\n%s", what, s, code, firstLines(stderr, 12))
			return
		}
	}
	if code != 0 && code != 1 {
		t.Errorf("%s: exit %d, want 0 or 1; stderr %q", what, code, firstLines(stderr, 4))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

// ---------------------------------------------------------------------------
// Crash

// churnState is what the test expects of one dossier: its version, where it
// is ("live" or "trash") and its attachments as NAME=SHA256,… or "-".
type churnState struct {
	version     uint64
	where       string
	attachments string
}

// churnObserve reads the vault's state through the binary.
func churnObserve(t *testing.T, v *testVault) map[string]churnState {
	t.Helper()
	got := map[string]churnState{}
	for _, where := range []string{"live", "trash"} {
		cmd := "list"
		if where == "trash" {
			cmd = "trash"
		}
		for _, d := range v.list(t, cmd) {
			var atts []string
			for _, a := range d.Attachments {
				atts = append(atts, a.Name+"="+a.SHA256)
			}
			slices.Sort(atts)
			s := churnState{version: d.Version, where: where, attachments: strings.Join(atts, ",")}
			if s.attachments == "" {
				s.attachments = "-"
			}
			if _, dup := got[d.ID]; dup {
				t.Errorf("dossier %s is both in the vault and in the trash", d.ID)
			}
			got[d.ID] = s
		}
	}
	return got
}

// TestFaults_KillDuringChurn kills, with SIGKILL at random moments, a
// process making random changes (add, edit, attach, detach, move to the
// trash, restore) as fast as it can. After each kill the vault must verify,
// and every dossier must be exactly as the last acknowledged change left it
// (version, place, attachments and their hashes), except the one change in
// flight, which may have happened or not. It complements
// TestKillDuringWrites (adds only) and TestKillDuringImport.
func TestFaults_KillDuringChurn(t *testing.T) {
	t.Parallel()
	churn, err := churnBin()
	if err != nil {
		t.Fatal(err)
	}
	rounds := faultRounds(8, 30, 300)
	v := newVault(t)
	model := churnObserve(t, v)
	var acked, killedInFlight int
	for round := range rounds {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, churn, "-seed", strconv.FormatUint(mrand.Uint64()|1, 10), v.Path, v.PassFile)
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
		after := mrand.IntN(7)
		delay := time.Duration(mrand.IntN(4000)) * time.Microsecond
		var timer *time.Timer
		if after == 0 {
			timer = time.AfterFunc(delay, kill)
		}
		inFlight, inFlightOp := "", ""
		n := 0
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case len(f) == 3 && f[0] == "try":
				inFlightOp, inFlight = f[1], f[2]
			case len(f) == 6 && f[0] == "ok" && f[1] == inFlightOp && (f[2] == inFlight || inFlight == "-"):
				version, err := strconv.ParseUint(f[3], 10, 64)
				if err != nil {
					t.Fatalf("round %d: churn printed %q", round, sc.Text())
				}
				model[f[2]] = churnState{version: version, where: f[4], attachments: f[5]}
				inFlight, inFlightOp = "", ""
				acked++
				if n++; n == after {
					timer = time.AfterFunc(delay, kill)
				}
			default:
				t.Fatalf("round %d: churn printed %q", round, sc.Text())
			}
		}
		err = cmd.Wait()
		if timer != nil {
			timer.Stop()
		}
		cancel()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: churn ended with %v, not killed; stderr %q", round, err, stderr.String())
		}
		if inFlight != "" {
			killedInFlight++
		}

		if stdout, stderr, code := v.run(t, "verify"); code != 0 {
			t.Fatalf("round %d (killed after %d changes, during %s %s): verify exit %d\n%s%s", round, n, inFlightOp, inFlight, code, stdout, stderr)
		}
		got := churnObserve(t, v)
		for id, want := range model {
			have, ok := got[id]
			switch {
			case id == inFlight:
				if !ok {
					t.Fatalf("round %d: dossier %s vanished during an interrupted %s", round, id, inFlightOp)
				}
			case !ok:
				t.Fatalf("round %d: acknowledged dossier %s (%+v) is missing", round, id, want)
			case have != want:
				t.Fatalf("round %d: dossier %s is %+v, the last acknowledged change left %+v", round, id, have, want)
			}
		}
		for id := range got {
			if _, ok := model[id]; !ok && inFlight != "-" {
				t.Fatalf("round %d: dossier %s appeared, but no add was acknowledged or in flight", round, id)
			}
		}
		model = got
	}
	t.Logf("churn: %d rounds, %d acknowledged changes, %d kills during a change, %d dossiers at the end", rounds, acked, killedInFlight, len(model))
}

// TestFaults_KillDuringLargeImport is TestKillDuringImport at 10,000
// dossiers (about 10 MB of bundle): each SIGKILL, from start-up to past the
// end of an uninterrupted run, must leave a vault that verifies and holds
// the whole import or none of it. It does not run with -short.
func TestFaults_KillDuringLargeImport(t *testing.T) {
	rounds := faultRounds(0, 10, 60)
	if rounds == 0 {
		t.Skip("the large import rounds do not run with -short")
	}
	t.Parallel()
	const n = 10_000
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
	tally := map[string]int{}
	for round := range rounds {
		v := copyVault(t, base)
		cmd, _, stderr := v.command(t, "", "--passphrase-file", v.PassFile, "import", big, "--yes")
		killed, delay := killAfter(t, cmd, stderr, commitDelay(full, round), round)
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
	t.Logf("large import of %d: uninterrupted %v; %d rounds: %v", n, full.Round(time.Millisecond), rounds, tally)
}

// commitDelay is when to kill a run that takes full uninterrupted: from 10%
// to 110% of it, and on even rounds from 75%, the transaction and its
// commit.
func commitDelay(full time.Duration, round int) time.Duration {
	frac := 0.1 + mrand.Float64()
	if round%2 == 0 {
		frac = 0.75 + 0.35*mrand.Float64()
	}
	return time.Duration(float64(full) * frac)
}

// TestFaults_KillDuringTagRename kills `tags rename` of a tag that 3,000
// dossiers carry at random moments: each rename is one transaction of
// 3,000 new versions, so every kill must leave a vault that verifies and
// holds the tag renamed in all of them or in none.
func TestFaults_KillDuringTagRename(t *testing.T) {
	rounds := faultRounds(2, 10, 40)
	t.Parallel()
	const n = 3000
	base := newVault(t)
	big := bigHandoff(t, t.TempDir(), strings.TrimSpace(base.mustRun(t, "recipient")), n)
	base.mustRun(t, "import", big, "--yes")
	tagged := func(v *testVault, tag string) int { return len(v.list(t, "list", "--tag", tag)) }

	probe := copyVault(t, base)
	start := time.Now()
	probe.mustRun(t, "tags", "rename", "bulk", "key clients")
	full := time.Since(start)
	if got := tagged(probe, "key clients"); got != n {
		t.Fatalf("an uninterrupted rename left %d dossiers tagged, want %d", got, n)
	}
	tally := map[string]int{}
	for round := range rounds {
		v := copyVault(t, base)
		cmd, _, stderr := v.command(t, "", "--passphrase-file", v.PassFile, "tags", "rename", "bulk", "key clients")
		killed, delay := killAfter(t, cmd, stderr, commitDelay(full, round), round)
		if stdout, stderr, code := v.run(t, "verify"); code != 0 {
			t.Fatalf("round %d (killed %v after %v): verify exit %d\n%s%s", round, killed, delay, code, stdout, stderr)
		}
		switch old, renamed := tagged(v, "bulk"), tagged(v, "key clients"); {
		case renamed == n && old == 0:
			tally[map[bool]string{true: "killed, all", false: "finished"}[killed]]++
		case old == n && renamed == 0 && killed:
			tally["killed, none"]++
		default:
			t.Fatalf("round %d (killed %v after %v): %d dossiers still tagged bulk, %d renamed; want all or none", round, killed, delay, old, renamed)
		}
	}
	t.Logf("tags rename of %d dossiers: uninterrupted %v; %d rounds: %v", n, full.Round(time.Millisecond), rounds, tally)
}

// ---------------------------------------------------------------------------
// Contention

// holdWithFIFO starts `confidant --passphrase-file FIFO args…`, which opens
// (and locks) the vault, then blocks reading its passphrase from the FIFO.
// It returns once the child has the FIFO open, so holds the vault, and a
// function that hands it the passphrase and waits for it.
func holdWithFIFO(t *testing.T, v *testVault, args ...string) (release func() (stdout, stderr string, code int), pid int) {
	t.Helper()
	fifo := filepath.Join(t.TempDir(), "passphrase.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a FIFO: %v", err)
	}
	cmd, stdout, stderr := v.command(t, "", append([]string{"--passphrase-file", fifo}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Opening a FIFO for writing without blocking fails with ENXIO until a
	// reader has it open: poll until the child reaches its passphrase.
	var w *os.File
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(time.Minute)
	for w == nil {
		fd, err := syscall.Open(fifo, syscall.O_WRONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		switch {
		case err == nil:
			w = os.NewFile(uintptr(fd), fifo)
			continue
		case !errors.Is(err, syscall.ENXIO):
			t.Fatal(err)
		}
		select {
		case <-tick.C:
		case <-deadline:
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("confidant %v never read its passphrase; stderr %q", args, stderr.String())
		}
	}
	released := false
	t.Cleanup(func() {
		if !released {
			w.Close()
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return func() (string, string, int) {
		t.Helper()
		released = true
		if _, err := io.WriteString(w, testPassphrase+"\n"); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		code := exitCode(t, cmd.Wait())
		return stdout.String(), stderr.String(), code
	}, cmd.Process.Pid
}

// TestFaults_Contention starts two, then ten, processes on one vault at
// once: the first holds it (it is waiting for its passphrase), every other
// one, whatever its command, fails with exit 1 and "vault is in use by
// another process" without changing the file, then the first completes its
// add. How long each loser took is logged, not asserted (the lock timeout
// is one second).
func TestFaults_Contention(t *testing.T) {
	t.Parallel()
	for _, n := range []int{2, 10} {
		t.Run(fmt.Sprintf("%d processes", n), func(t *testing.T) {
			t.Parallel()
			v := newVault(t)
			id := v.add(t, "Held", "--tag", "held")
			dir := t.TempDir()
			scan := filepath.Join(dir, "scan.txt")
			writeFile(t, scan, "a scan")
			handoff := bigHandoff(t, dir, strings.TrimSpace(v.mustRun(t, "recipient")), 3)
			loserArgs := [][]string{
				{"list"}, {"add", "Loser"}, {"edit", id, "--note", "lost"}, {"show", id, "--reveal"},
				{"search", "held"}, {"verify"}, {"attach", id, scan}, {"import", handoff, "--yes"},
				{"backup", "--out", filepath.Join(dir, "b.age"), "--recipient", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"},
			}
			before := v.mustRun(t, "list", "--json")
			beforeBytes := readFile(t, v.Path)

			release, _ := holdWithFIFO(t, v, "add", "Winner")
			type loser struct {
				args           []string
				cmd            *exec.Cmd
				stdout, stderr *bytes.Buffer
				took           time.Duration
				err            error
			}
			losers := make([]*loser, n-1)
			for i := range losers {
				args := loserArgs[i%len(loserArgs)]
				cmd, stdout, stderr := v.command(t, "", append([]string{"--passphrase-file", v.PassFile}, args...)...)
				losers[i] = &loser{args: args, cmd: cmd, stdout: stdout, stderr: stderr}
			}
			var wg sync.WaitGroup
			for _, l := range losers {
				start := time.Now()
				if err := l.cmd.Start(); err != nil {
					t.Fatal(err)
				}
				wg.Go(func() {
					l.err = l.cmd.Wait()
					l.took = time.Since(start)
				})
			}
			wg.Wait()
			var slowest time.Duration
			var took []string
			for _, l := range losers {
				code := exitCode(t, l.err)
				wantError(t, l.stderr.String(), code, 1)
				if !strings.HasPrefix(l.stderr.String(), "confidant: "+inUse) || l.stdout.Len() != 0 {
					t.Errorf("%v: stdout %q, stderr %q, want only %q", l.args, l.stdout, l.stderr, inUse)
				}
				slowest = max(slowest, l.took)
				took = append(took, l.took.Round(time.Millisecond).String())
			}
			if !bytes.Equal(readFile(t, v.Path), beforeBytes) {
				t.Error("the vault file changed while it was held")
			}
			if _, err := os.Stat(filepath.Join(dir, "b.age")); err == nil {
				t.Error("a backup was written while the vault was held")
			}
			stdout, stderr, code := release()
			if code != 0 || !idRE.MatchString(strings.TrimSpace(stdout)) {
				t.Fatalf("the process holding the vault: exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			got := titles(v.list(t, "list"))
			if !slices.Equal(got, []string{"Held", "Winner"}) {
				t.Errorf("after the contention the vault holds %q (before: %s)", got, before)
			}
			v.mustRun(t, "verify")
			t.Logf("%d processes: 1 worked, %d failed with %q; loser wall times %v, max %v",
				n, n-1, inUse, took, slowest.Round(time.Millisecond))
		})
	}
}

// TestFaults_CoreDumpsOff checks, on a running process that holds the
// vault, that its core file size limit is zero (ui/cli/harden_unix.go).
func TestFaults_CoreDumpsOff(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/PID/limits")
	}
	v := newVault(t)
	release, pid := holdWithFIFO(t, v, "list")
	limits, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", pid))
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for l := range strings.Lines(string(limits)) {
		if strings.HasPrefix(l, "Max core file size") {
			line = l
		}
	}
	if f := strings.Fields(strings.TrimPrefix(line, "Max core file size")); len(f) < 2 || f[0] != "0" || f[1] != "0" {
		t.Errorf("core file size limit of the running process: %q, want 0 0", strings.TrimSpace(line))
	}
	if _, stderr, code := release(); code != 0 {
		t.Errorf("list: exit %d, stderr %q", code, stderr)
	}
}

// ---------------------------------------------------------------------------
// Damage

// damageVault returns a closed vault of 40 dossiers, some edited, with
// attachments, some in the trash, and a contact, and the IDs and titles of
// the live dossiers.
func damageVault(t *testing.T) (*testVault, map[string]string) {
	t.Helper()
	v := newVault(t)
	dir := t.TempDir()
	titleOf := map[string]string{}
	for i := range 40 {
		title := fmt.Sprintf("Dossier %02d", i)
		id := v.add(t, title, "--kind", "client", "--field", "Email=d"+strconv.Itoa(i)+"@example.com",
			"--secret", "Code="+rand.Text(), "--note", strings.Repeat("Notes of a client. ", 40))
		titleOf[id] = title
		if i%4 == 0 {
			v.mustRun(t, "edit", id, "--note", "edited "+rand.Text())
		}
		if i%7 == 0 {
			scan := filepath.Join(dir, fmt.Sprintf("scan%d.bin", i))
			data := make([]byte, 8<<10+i*512)
			rand.Read(data)
			writeFile(t, scan, string(data))
			v.mustRun(t, "attach", id, scan)
		}
		if i%10 == 9 {
			v.mustRun(t, "rm", id)
			delete(titleOf, id)
		}
	}
	v.mustRun(t, "contacts", "add", "Maria", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p")
	return v, titleOf
}

// damage is one way to damage a vault file. do returns the damaged file
// and the dossiers verify must name (nil: any, or none).
type damage struct {
	name string
	do   func(rng *mrand.Rand, file []byte, values []boltValue) (damaged []byte, owners []string)
}

// boltValue is one value of the vault file, found by reading it with bbolt.
type boltValue struct {
	bucket, key, value []byte
}

// at returns every offset of v in the file (a value can also linger in a
// freed page).
func (v boltValue) at(file []byte) []int {
	var out []int
	for off := 0; ; {
		i := bytes.Index(file[off:], v.value)
		if i < 0 {
			return out
		}
		out = append(out, off+i)
		off += i + 1
	}
}

// owners returns the dossiers verify names when v is damaged.
func (v boltValue) owners(live []string) []string {
	switch string(v.bucket) {
	case "dossiers", "trash":
		return []string{hex.EncodeToString(v.key)}
	case "history":
		return []string{hex.EncodeToString(v.key[:16])}
	case "shards":
		var out []string
		for _, id := range live {
			if id[:2] == hex.EncodeToString(v.key) {
				out = append(out, id)
			}
		}
		return out
	}
	return nil // attachments: named under their dossier, which the test does not map
}

var damages = []damage{
	{name: "flip a byte inside a sealed value", do: func(rng *mrand.Rand, b []byte, vs []boltValue) ([]byte, []string) {
		v := vs[rng.IntN(len(vs))]
		i := rng.IntN(len(v.value))
		for _, off := range v.at(b) {
			b[off+i] ^= byte(1 + rng.IntN(255))
		}
		return b, v.owners(liveIDs(vs))
	}},
	{name: "zero a 4 KiB page inside a sealed value", do: func(rng *mrand.Rand, b []byte, vs []boltValue) ([]byte, []string) {
		big := slices.DeleteFunc(slices.Clone(vs), func(v boltValue) bool { return len(v.value) < 3*4096 })
		v := big[rng.IntN(len(big))]
		for _, off := range v.at(b) {
			page := (off + 4095) / 4096 * 4096
			clear(b[page : page+4096])
		}
		return b, v.owners(liveIDs(vs))
	}},
	{name: "zero both meta pages", do: func(rng *mrand.Rand, b []byte, _ []boltValue) ([]byte, []string) {
		clear(b[:8192])
		return b, nil
	}},
	{name: "flip a byte anywhere", do: func(rng *mrand.Rand, b []byte, _ []boltValue) ([]byte, []string) {
		b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		return b, nil
	}},
	{name: "flip 16 bytes anywhere", do: func(rng *mrand.Rand, b []byte, _ []boltValue) ([]byte, []string) {
		for range 16 {
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		}
		return b, nil
	}},
	{name: "truncate", do: func(rng *mrand.Rand, b []byte, _ []boltValue) ([]byte, []string) {
		return b[:rng.IntN(len(b))], nil
	}},
	{name: "truncate at a page", do: func(rng *mrand.Rand, b []byte, _ []boltValue) ([]byte, []string) {
		return b[:4096*rng.IntN(len(b)/4096)], nil
	}},
	{name: "zero a page anywhere", do: func(rng *mrand.Rand, b []byte, _ []boltValue) ([]byte, []string) {
		p := 2 + rng.IntN(len(b)/4096-2)
		clear(b[p*4096 : (p+1)*4096])
		return b, nil
	}},
}

// liveIDs returns the IDs of the dossiers bucket's keys, in hex.
func liveIDs(vs []boltValue) []string {
	var out []string
	for _, v := range vs {
		if string(v.bucket) == "dossiers" {
			out = append(out, hex.EncodeToString(v.key))
		}
	}
	return out
}

// boltValues reads every value of the vault's buckets but meta.
func boltValues(t *testing.T, path string) []boltValue {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []boltValue
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if string(name) == "meta" {
				return nil
			}
			return b.ForEach(func(k, v []byte) error {
				if len(v) >= 64 {
					out = append(out, boltValue{bytes.Clone(name), bytes.Clone(k), bytes.Clone(v)})
				}
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// vaultDigest returns a digest of every bucket, key and value of the vault
// file: what the vault holds, without bbolt's bookkeeping (every unlock
// commits a transaction, which rewrites a meta page; see
// TestFaults_ReadsDoNotWrite).
func vaultDigest(t *testing.T, path string) string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := sha256.New()
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			fmt.Fprintf(h, "bucket %q\n", name)
			return b.ForEach(func(k, v []byte) error {
				fmt.Fprintf(h, "%x=%x\n", k, v)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestFaults_DamageFile damages a copy of a vault file in many ways (bytes
// flipped inside sealed values, 4 KiB pages zeroed inside them, the meta
// pages zeroed, random bytes flipped anywhere, truncation, random pages
// zeroed), many seeds each, and runs verify, then list, on it. Neither may crash (a panic, a
// runtime fault, an exit code other than 0 or 1); a failure is one line.
// verify names the dossier whose value was damaged, and list still shows
// every dossier verify did not name, under its title.
func TestFaults_DamageFile(t *testing.T) {
	t.Parallel()
	seeds := faultRounds(2, 12, 100)
	v, titleOf := damageVault(t)
	pristine := readFile(t, v.Path)
	values := boltValues(t, v.Path)
	tally := map[string]int{}
	var mu sync.Mutex
	count := func(k string) { mu.Lock(); tally[k]++; mu.Unlock() }
	for _, dm := range damages {
		t.Run(dm.name, func(t *testing.T) {
			t.Parallel()
			for seed := range seeds {
				rng := mrand.New(mrand.NewPCG(uint64(seed), 0xda4a6e))
				c := copyVault(t, v)
				damaged, owners := dm.do(rng, bytes.Clone(pristine), values)
				if err := os.WriteFile(c.Path, damaged, 0o600); err != nil {
					t.Fatal(err)
				}
				what := fmt.Sprintf("seed %d: verify", seed)
				stdout, stderr, code := c.run(t, "verify")
				wantNoCrash(t, what, stderr, code)
				if t.Failed() {
					return
				}
				named := map[string]bool{}
				vaultWide := false
				for l := range strings.Lines(stdout) {
					f := strings.Split(strings.TrimSuffix(l, "\n"), "\t")
					switch {
					case len(f) == 3 && f[0] == "damaged" && f[1] == "(vault)":
						vaultWide = true
					case len(f) == 3 && f[0] == "damaged":
						named[f[1]] = true
					case strings.HasPrefix(l, "ok: "):
					default:
						t.Errorf("%s printed %q", what, l)
					}
				}
				switch {
				case code == 0:
					count("verify ok")
					if len(named) > 0 || vaultWide {
						t.Errorf("%s: exit 0 but names damage:\n%s", what, stdout)
					}
				case len(named) > 0 || vaultWide:
					count("verify names damage")
				default:
					count("verify refuses: " + refusal(stderr))
				}
				if code != 0 {
					wantError(t, stderr, code, 1)
				}
				for _, id := range owners {
					if !named[id] {
						t.Errorf("%s: the damaged dossier %s is not named:\n%s%s", what, id, stdout, stderr)
					}
				}
				// list, or its clear refusal; when it lists, every dossier
				// verify did not name is there under its title.
				lout, lerr, lcode := c.run(t, "list", "--json")
				wantNoCrash(t, fmt.Sprintf("seed %d: list", seed), lerr, lcode)
				if lcode != 0 {
					wantError(t, lerr, lcode, 1)
					if code == 0 {
						t.Errorf("seed %d: verify passed but list fails: %q", seed, lerr)
					}
					continue
				}
				// upcoming reads what list reads: where list opens the
				// vault, so does it.
				_, uerr, ucode := c.run(t, "upcoming", "--within", "100y")
				wantNoCrash(t, fmt.Sprintf("seed %d: upcoming", seed), uerr, ucode)
				if ucode != 0 {
					t.Errorf("seed %d: list opens the vault, upcoming fails: %q", seed, uerr)
				}
				var listed []jsonDossier
				if err := json.Unmarshal([]byte(lout), &listed); err != nil {
					t.Errorf("seed %d: list --json printed no JSON: %v", seed, err)
					continue
				}
				have := map[string]string{}
				for _, d := range listed {
					have[d.ID] = d.Title
				}
				if code == 1 && len(named) == 0 && !vaultWide {
					continue // verify refused the file: nothing to compare
				}
				for id, title := range titleOf {
					if !named[id] && have[id] != title {
						t.Errorf("seed %d: dossier %s (%s) is not named by verify but list shows %q", seed, id, title, have[id])
					}
				}
			}
		})
	}
	t.Cleanup(func() { t.Logf("%d damages × %d seeds: %v", len(damages), seeds, tally) })
}

// refusal shortens a one-line refusal for the tally: its text up to the
// path or the first semicolon.
func refusal(stderr string) string {
	s := strings.TrimPrefix(strings.TrimSpace(stderr), "confidant: ")
	if i := strings.IndexAny(s, ";/"); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// ---------------------------------------------------------------------------
// Hostile input

// memBound is the peak resident memory a child may reach on any hostile
// input, in KiB: generous (a 100 MiB field takes about 116 MiB, the file), to
// catch reading a whole huge file or allocating what a count claims, not to
// measure.
const memBound = 512 << 10

// sealTo writes an age file to path, encrypted to rcpt, whose plaintext
// write produces.
func sealTo(t *testing.T, path, rcpt string, write func(w io.Writer) error) {
	t.Helper()
	r, err := crypto.ParseRecipient(rcpt, nil)
	if err != nil {
		t.Fatal(err)
	}
	sealWith(t, path, func(w io.Writer) (io.WriteCloser, error) { return crypto.EncryptTo(w, []crypto.Recipient{r}, false) }, write)
}

func sealWith(t *testing.T, path string, encrypt func(io.Writer) (io.WriteCloser, error), write func(w io.Writer) error) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w, err := encrypt(bw)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(w); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
}

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// repeated writes head, then part n times, then tail.
func repeated(head, part string, n int, tail string) func(io.Writer) error {
	return func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		bw.WriteString(head)
		for i := range n {
			if i > 0 && strings.HasPrefix(part, "{") {
				bw.WriteString(",")
			}
			bw.WriteString(part)
		}
		bw.WriteString(tail)
		return bw.Flush()
	}
}

const bundleHead = `{"format":"confidant-bundle/v1","purpose":"handoff","created":"2026-03-01T09:30:00Z",`

// TestFaults_HostileInput feeds import, restore and backup --verify hostile
// files: truncated, tampered, for another vault, under a wrong passphrase,
// huge (1 GiB of zeros, a million dossiers, a 100 MiB field), deeply
// nested, and malformed bundles, CSV, vCard and Bitwarden JSON. Each must
// get one line on stderr and exit 1, leave the vault's file byte for byte
// as it was, and stay under memBound of peak memory, which is logged.
func TestFaults_HostileInput(t *testing.T) {
	t.Parallel()
	v := sampleVault(t)
	rcpt := strings.TrimSpace(v.mustRun(t, "recipient"))
	other := newVault(t)
	otherRcpt := strings.TrimSpace(other.mustRun(t, "recipient"))
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	bp, wrong := path("bp"), path("wrong")
	writeFile(t, bp, "the file's passphrase\n")
	writeFile(t, wrong, "not the file's passphrase\n")
	good := `{"format":"confidant-bundle/v1","purpose":"handoff","created":"2026-03-01T09:30:00Z","count":1,` +
		`"dossiers":[{"title":"From a colleague","kind":"note","notes":"hello"}]}`
	sealTo(t, path("good.age"), rcpt, text(good))
	data := readFile(t, path("good.age"))
	writeFile(t, path("truncated.age"), string(data[:len(data)-20]))
	tampered := bytes.Clone(data)
	tampered[len(tampered)-30] ^= 0x40
	writeFile(t, path("tampered.age"), string(tampered))
	tamperedHeader := bytes.Clone(data)
	tamperedHeader[bytes.IndexByte(tamperedHeader, '\n')+10] ^= 0x01
	writeFile(t, path("tampered-header.age"), string(tamperedHeader))
	sealTo(t, path("other-vault.age"), otherRcpt, text(good))
	passSeal := func(name string) {
		sealWith(t, path(name), func(w io.Writer) (io.WriteCloser, error) {
			return crypto.EncryptWithPassphrase(w, []byte("the file's passphrase"), 10, false)
		}, text(strings.Replace(good, `"handoff"`, `"backup"`, 1)))
	}
	passSeal("passphrase.age")

	const million = 1_000_000
	sealTo(t, path("claims-a-million.age"), rcpt, text(bundleHead+`"count":1000000,"dossiers":[{"title":"x","kind":"note"}]}`))
	sealTo(t, path("nested-bundle.age"), rcpt, repeated(bundleHead+`"count":1,"dossiers":`, "[", million, ""))
	sealTo(t, path("nested-bitwarden.age"), rcpt, repeated(`{"encrypted":false,"items":`, "[", million, ""))
	for name, s := range map[string]string{
		"bundle-cut.age":       bundleHead + `"count":1,"dossiers":[{"title":"x","kind":`,
		"bundle-types.age":     bundleHead + `"count":"one","dossiers":{"title":[]}}`,
		"bundle-bad-id.age":    bundleHead + `"count":1,"dossiers":[{"id":"zz","title":"x","kind":"note"}]}`,
		"bundle-bad-kind.age":  bundleHead + `"count":1,"dossiers":[{"title":"x","kind":"wizard"}]}`,
		"bundle-identity.age":  bundleHead + `"count":0,"dossiers":[],"identity":"AGE-SECRET-KEY-1QQQ"}`,
		"csv-open-quote.age":   "Group,Title,Username,Password,URL,Notes\n\"Root\",\"Bank,\"x\n",
		"vcard-unended.age":    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Maria\r\nTEL:+44\r\n",
		"vcard-nested.age":     strings.Repeat("BEGIN:VCARD\r\n", 10000) + "END:VCARD\r\n",
		"bitwarden-types.age":  `{"encrypted":false,"items":[{"type":"login","name":7}]}`,
		"bitwarden-locked.age": `{"encrypted":true,"items":[]}`,
		"table-latin1.age":     "Name,Notes\nJos\xe9,x\n",
		"table-ragged.age":     "Name,Phone\nAna,+44 20 7946 0958,extra\n",
		"keepass-inner.age":    `<KeePassFile><Root><Group><Entry><String><Key>Password</Key><Value Protected="True">c2VjcmV0</Value></String></Entry></Group></Root></KeePassFile>`,
	} {
		sealTo(t, path(name), rcpt, text(s))
	}
	zeros, plainCSV := path("zeros-1gib"), path("huge-export.csv")
	if !testing.Short() {
		// 1 GiB of zeros, sparse: exactly at the size limit, so it is read.
		if err := os.WriteFile(zeros, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(zeros, 1<<30); err != nil {
			t.Fatal(err)
		}
		sealTo(t, path("a-million.age"), rcpt, repeated(bundleHead+`"count":1000000,"dossiers":[`, `{"title":"x","kind":"note"}`, million, `]}`))
		sealTo(t, path("field-100mib.age"), rcpt, repeated(bundleHead+`"count":1,"dossiers":[{"title":"x","kind":"note","fields":[{"label":"L","value":"`,
			strings.Repeat("a", 1<<20), 100, `"}]}]}`))
		sealTo(t, path("notes-100mib.age"), rcpt, repeated(bundleHead+`"count":1,"dossiers":[{"title":"x","kind":"note","notes":"`,
			strings.Repeat("b", 1<<20), 100, `"}]}`))
		sealTo(t, path("bitwarden-a-million.age"), rcpt, repeated(`{"encrypted":false,"items":[`, `{"type":2,"name":"x"}`, million, `]}`))
		sealTo(t, path("csv-wide.age"), rcpt, repeated("Group,Title,Username,Password,URL,Notes\nRoot,T,u,p,https://x,", "n,", 5_000_000, "\n"))
		sealTo(t, path("table-wide.age"), rcpt, repeated("Name,Phone\nAna,1,", "n,", 5_000_000, "\n"))
		sealTo(t, path("table-a-million.age"), rcpt, repeated("Name,Phone\n", "Ana Example,+44 20 7946 0958\n", million, ""))
		sealTo(t, path("keepass-deep.age"), rcpt, repeated("<KeePassFile><Root>", "<Group>", million, ""))
		var bomb bytes.Buffer // 15 MiB of zeros, gzipped to 15 KB, named by 20 entries
		zw := gzip.NewWriter(&bomb)
		zw.Write(make([]byte, 15<<20))
		zw.Close()
		sealTo(t, path("keepass-bomb.age"), rcpt, repeated(`<KeePassFile><Meta><Binaries><Binary ID="0" Compressed="True">`+base64.StdEncoding.EncodeToString(bomb.Bytes())+
			`</Binary></Binaries></Meta><Root><Group>`, `<Entry><String><Key>Title</Key><Value>x</Value></String><Binary><Key>z</Key><Value Ref="0"/></Binary></Entry>`, 20, `</Group></Root></KeePassFile>`))
		sealTo(t, path("keepass-attributes.age"), rcpt, repeated("<KeePassFile><Root><Group><Entry", ` a="b"`, 5_000_000, "/></Group></Root></KeePassFile>"))
		sealTo(t, path("keepass-a-million.age"), rcpt, repeated("<KeePassFile><Root><Group>", "<Entry><String><Key>Title</Key><Value>x</Value></String></Entry>", million, "</Group></Root></KeePassFile>"))
		sealTo(t, path("vcard-folded-line.age"), rcpt, repeated("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Maria\r\nNOTE:x", "\r\n y", 10_000_000, "\r\nEND:VCARD\r\n"))
		// A plaintext export over the 64 MiB importers' limit.
		sealWith(t, plainCSV, func(w io.Writer) (io.WriteCloser, error) { return nopCloser{w}, nil },
			repeated("Group,Title,Username,Password,URL,Notes\n", "Root,Title,user,pass,https://example.com,a note\n", 1_500_000, ""))
	}

	imp := func(file string, extra ...string) []string {
		return append([]string{"import", path(file), "--yes"}, extra...)
	}
	cases := []struct {
		name string
		args []string
		want string // in stderr
		ok   bool   // a strange but valid file: it may be imported (on a copy), within the memory bound
		big  bool   // not with -short
	}{
		{name: "truncated", args: imp("truncated.age"), want: "truncated or was tampered with"},
		{name: "tampered payload", args: imp("tampered.age"), want: "truncated or was tampered with"},
		{name: "tampered header", args: imp("tampered-header.age")},
		{name: "for another vault", args: imp("other-vault.age"), want: "not addressed to this vault"},
		{name: "wrong passphrase: import", args: imp("passphrase.age", "--backup-passphrase-file", wrong), want: "wrong passphrase for the file"},
		{name: "wrong passphrase: backup --verify", args: []string{"backup", "--verify", path("passphrase.age"), "--backup-passphrase-file", wrong}, want: "wrong passphrase for the file"},
		{name: "no passphrase given", args: imp("passphrase.age"), want: "--backup-passphrase-file"},
		{name: "1 GiB of zeros", args: imp("zeros-1gib"), want: "not age-encrypted", big: true},
		{name: "1 GiB of zeros: --plaintext", args: imp("zeros-1gib", "--plaintext"), want: "larger than the limit", big: true},
		{name: "1 GiB of zeros: backup --verify", args: []string{"backup", "--verify", zeros, "--backup-passphrase-file", bp}, want: "not age-encrypted", big: true},
		{name: "plaintext CSV over 64 MiB", args: []string{"import", plainCSV, "--yes", "--plaintext"}, want: "larger than the limit", big: true},
		{name: "bundle claims a million dossiers", args: imp("claims-a-million.age"), want: "incomplete"},
		{name: "bundle holds a million dossiers", args: imp("a-million.age"), want: "more than 100000 dossiers", big: true},
		{name: "100 MiB field", args: imp("field-100mib.age"), want: "too long", big: true},
		{name: "100 MiB notes", args: imp("notes-100mib.age"), want: "too long", big: true},
		{name: "bundle nested a million deep", args: imp("nested-bundle.age"), want: "nested deeper"},
		{name: "bitwarden nested a million deep", args: imp("nested-bitwarden.age", "--format", "bitwarden")},
		{name: "bitwarden with a million items", args: imp("bitwarden-a-million.age"), want: "more than 100000", big: true},
		{name: "bundle cut short", args: imp("bundle-cut.age"), want: "syntax error"},
		{name: "bundle with wrong types", args: imp("bundle-types.age"), want: "wrong type"},
		{name: "bundle with a bad ID", args: imp("bundle-bad-id.age"), want: "hex digits"},
		{name: "bundle with a bad kind", args: imp("bundle-bad-kind.age"), want: "unknown"},
		{name: "handoff carrying an identity", args: imp("bundle-identity.age"), want: "only a backup may"},
		{name: "CSV with an open quote", args: imp("csv-open-quote.age", "--format", "keepassxc"), want: "CSV"},
		{name: "CSV 5 million columns wide", args: imp("csv-wide.age", "--format", "keepassxc"), ok: true, big: true},
		{name: "spreadsheet not UTF-8", args: imp("table-latin1.age", "--format", "spreadsheet"), want: `save it again as "CSV UTF-8"`},
		{name: "spreadsheet row past its header", args: imp("table-ragged.age", "--format", "spreadsheet"), want: "more columns than the header row"},
		{name: "spreadsheet 5 million columns wide", args: imp("table-wide.age", "--format", "spreadsheet"), want: "more than 1000 columns", big: true},
		{name: "spreadsheet of a million rows", args: imp("table-a-million.age", "--format", "spreadsheet"), want: "more than 100000 rows", big: true},
		{name: "KeePass XML encrypted inside", args: imp("keepass-inner.age"), want: "this is a database's inner XML, not an export"},
		{name: "KeePass XML nested a million deep", args: imp("keepass-deep.age"), want: "nested more than 64 deep", big: true},
		{name: "KeePass XML, 5 million attributes on one tag", args: imp("keepass-attributes.age"), want: "a tag longer than 64 KiB", big: true},
		{name: "KeePass XML of a million entries", args: imp("keepass-a-million.age"), want: "more than 100000 entries", big: true},
		{name: "KeePass XML, attachments that unzip to 300 MiB", args: imp("keepass-bomb.age"), want: "the attachments come to more than 64 MiB", big: true},
		{name: "vCard without END", args: imp("vcard-unended.age", "--format", "vcard"), want: "END:VCARD"},
		{name: "vCard nested 10,000 deep", args: imp("vcard-nested.age", "--format", "vcard"), want: "inside a card"},
		{name: "vCard with a 30 MB folded line", args: imp("vcard-folded-line.age", "--format", "vcard"), ok: true, big: true},
		{name: "bitwarden with wrong types", args: imp("bitwarden-types.age", "--format", "bitwarden")},
		{name: "bitwarden encrypted export", args: imp("bitwarden-locked.age", "--format", "bitwarden")},
	}
	beforeList := v.mustRun(t, "list", "--json")
	beforeDigest := vaultDigest(t, v.Path)
	var report []string
	line := func(name string, m measured) {
		report = append(report, fmt.Sprintf("%-36s exit %d  %6.1f MiB  %7v  %s", name, m.code,
			float64(m.maxRSS)/1024, m.took.Round(time.Millisecond), strings.TrimSpace(strings.ReplaceAll(m.stderr, dir+"/", ""))))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.big && testing.Short() {
				t.Skip("a large input: not with -short")
			}
			c := copyVault(t, v) // each case on its own copy of the vault
			m := c.measure(t, "", append([]string{"--passphrase-file", c.PassFile}, tc.args...)...)
			line(tc.name, m)
			wantNoCrash(t, tc.name, m.stderr, m.code)
			if !tc.ok || m.code != 0 {
				wantError(t, m.stderr, m.code, 1)
				if !strings.Contains(m.stderr, tc.want) {
					t.Errorf("stderr %q, want %q in it", m.stderr, tc.want)
				}
				if vaultDigest(t, c.Path) != beforeDigest {
					t.Error("a refused file changed the vault")
				}
				if after := c.mustRun(t, "list", "--json"); after != beforeList {
					t.Error("a refused file changed the vault's dossiers")
				}
			}
			if m.maxRSS > memBound {
				t.Errorf("peak memory %d MiB, over the bound of %d MiB", m.maxRSS>>10, memBound>>10)
			}
		})
	}
	t.Run("restore", func(t *testing.T) {
		for _, tc := range []struct{ name, file, pass string }{
			{"wrong passphrase", "passphrase.age", wrong},
			{"a handoff to a vault", "good.age", bp},
			{"truncated", "truncated.age", bp},
			{"1 GiB of zeros", "zeros-1gib", bp},
		} {
			r := newEmptyVault(t)
			m := r.measure(t, "", "--passphrase-file", r.PassFile, "restore", path(tc.file), "--backup-passphrase-file", tc.pass, "--work-factor", "10")
			line("restore: "+tc.name, m)
			wantNoCrash(t, tc.name, m.stderr, m.code)
			wantError(t, m.stderr, m.code, 1)
			if _, err := os.Stat(r.Path); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: a failed restore left a vault file: %v", tc.name, err)
			}
			if m.maxRSS > memBound {
				t.Errorf("%s: peak memory %d MiB", tc.name, m.maxRSS>>10)
			}
		}
	})
	t.Logf("hostile inputs (name, exit, peak RSS, wall time, stderr):\n%s", strings.Join(report, "\n"))
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// ---------------------------------------------------------------------------
// Disk full

// smallDisk mounts a tmpfs of size bytes and returns its directory, or
// skips the test where mounting is not allowed.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the disk-full check mounts a Linux tmpfs")
	}
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): %v %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// vaultOn returns a new vault whose file is in dir.
func vaultOn(t *testing.T, dir string) *testVault {
	t.Helper()
	v := newEmptyVault(t)
	v.Dir = filepath.Join(dir, "v")
	v.Path = filepath.Join(v.Dir, "vault.db")
	v.mustRun(t, "init", "--work-factor", "10")
	return v
}

// freeSpace returns the bytes free on the file system holding dir.
func freeSpace(t *testing.T, dir string) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

// fileBlocks returns the bytes of disk a file takes (its allocated blocks,
// not its length: bbolt's files are sparse).
func fileBlocks(t *testing.T, path string) int64 {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	return st.Blocks * 512
}

// wantDiskFull checks a write refused for lack of space: one clear line.
func wantDiskFull(t *testing.T, what, stderr string, code int) {
	t.Helper()
	wantNoCrash(t, what, stderr, code)
	wantError(t, stderr, code, 1)
	if !strings.Contains(stderr, "no space left on device") {
		t.Errorf("%s: stderr %q does not say the disk is full", what, stderr)
	}
}

// attachRandom attaches n files of size random bytes to the dossier id.
func attachRandom(t *testing.T, v *testVault, id string, n, size int) {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		scan := filepath.Join(dir, fmt.Sprintf("scan%d.bin", i))
		data := make([]byte, size)
		rand.Read(data)
		writeFile(t, scan, string(data))
		v.mustRun(t, "attach", id, scan)
	}
}

// TestFaults_DiskFull fills a 2 MiB tmpfs holding the vault with edits,
// then with attachments, and fills one with a backup, a restore and
// imports. Each refused write gets one clear line; the vault still
// verifies and holds every acknowledged write, and takes writes again once
// there is room; a backup that does not fit leaves no file under its name
// and no temporary file, and leaves an earlier backup there untouched; a
// restore that does not fit leaves no file and the vault beside it byte
// for byte; an import that does not fit leaves the vault's meta pages,
// contents, list and verify output as they were. Skipped where a tmpfs
// cannot be mounted.
func TestFaults_DiskFull(t *testing.T) {
	t.Parallel()
	disk := smallDisk(t, "2m")

	// check verifies the vault on the full disk, checks that every
	// acknowledged dossier is there with its acknowledged version, then frees
	// the filler and checks that a write succeeds again.
	check := func(t *testing.T, v *testVault, acked map[string]uint64, filler string) {
		t.Helper()
		if stdout, stderr, code := v.run(t, "verify"); code != 0 {
			t.Fatalf("verify on the full disk: exit %d\n%s%s", code, stdout, stderr)
		}
		have := map[string]uint64{}
		for _, d := range v.list(t, "list") {
			have[d.ID] = d.Version
		}
		for id, version := range acked {
			if have[id] < version {
				t.Errorf("acknowledged dossier %s at version %d: the vault has version %d", id, version, have[id])
			}
		}
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
		v.add(t, "After the disk was freed")
		v.mustRun(t, "verify")
	}
	// fill leaves about room bytes free on the disk, in a file it returns.
	fill := func(t *testing.T, room int64) string {
		t.Helper()
		free := freeSpace(t, disk)
		f := filepath.Join(disk, "filler")
		if free > room {
			if err := os.WriteFile(f, make([]byte, free-room), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return f
	}

	t.Run("edits", func(t *testing.T) {
		v := vaultOn(t, disk)
		defer os.RemoveAll(v.Dir)
		filler := fill(t, 256<<10)
		acked := map[string]uint64{}
		note := strings.Repeat("A long note about a client. ", 200)
		var last string
		for i := 0; ; i++ {
			if i == 2000 {
				t.Fatal("2000 writes and the disk is not full")
			}
			var stdout, stderr string
			var code int
			if last == "" || i%2 == 0 {
				stdout, stderr, code = v.run(t, "add", fmt.Sprintf("Client %d", i), "--note", note+rand.Text())
			} else {
				stdout, stderr, code = v.run(t, "edit", last, "--note", note+rand.Text())
			}
			if code != 0 {
				wantDiskFull(t, "a write on a full disk", stderr, code)
				t.Logf("disk full after %d writes: %s", i, strings.TrimSpace(stderr))
				break
			}
			if id := strings.TrimSpace(stdout); idRE.MatchString(id) {
				last, acked[id] = id, 1
			} else {
				acked[last]++
			}
		}
		check(t, v, acked, filler)
	})
	t.Run("attachments", func(t *testing.T) {
		v := vaultOn(t, disk)
		defer os.RemoveAll(v.Dir)
		id := v.add(t, "With scans")
		filler := fill(t, 512<<10)
		src := t.TempDir()
		acked := map[string]uint64{id: 1}
		for i := 0; ; i++ {
			if i == 200 {
				t.Fatal("200 attachments and the disk is not full")
			}
			scan := filepath.Join(src, fmt.Sprintf("scan%d.bin", i))
			data := make([]byte, 64<<10)
			rand.Read(data)
			writeFile(t, scan, string(data))
			_, stderr, code := v.run(t, "attach", id, scan)
			if code != 0 {
				wantDiskFull(t, "an attachment on a full disk", stderr, code)
				t.Logf("disk full after %d attachments: %s", i, strings.TrimSpace(stderr))
				break
			}
			acked[id]++
		}
		d := v.show(t, id)
		if uint64(len(d.Attachments)) != acked[id]-1 {
			t.Errorf("%d attachments acknowledged, the dossier has %d", acked[id]-1, len(d.Attachments))
		}
		check(t, v, acked, filler)
	})
	t.Run("backup", func(t *testing.T) {
		v := newVault(t) // on the ordinary disk; the backup goes to the small one
		id := v.add(t, "Big")
		attachRandom(t, v, id, 6, 512<<10)
		out := filepath.Join(disk, "backup.age")
		rcpt := "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
		_, stderr, code := v.run(t, "backup", "--out", out, "--recipient", rcpt)
		wantDiskFull(t, "a backup onto a full disk", stderr, code)
		if names := dirNames(t, disk); len(names) != 0 {
			t.Errorf("the failed backup left %v", names)
		}
		// An earlier, small backup under the same name stays as it was.
		small := newVault(t)
		small.add(t, "Small")
		small.mustRun(t, "backup", "--out", out, "--recipient", rcpt)
		earlier := readFile(t, out)
		_, stderr, code = v.run(t, "backup", "--out", out, "--recipient", rcpt)
		wantDiskFull(t, "a backup over an earlier one", stderr, code)
		if !bytes.Equal(readFile(t, out), earlier) {
			t.Error("the failed backup changed the earlier backup")
		}
		if names := dirNames(t, disk); !slices.Equal(names, []string{"backup.age"}) {
			t.Errorf("the failed backup left %v", names)
		}
		os.Remove(out)
		v.mustRun(t, "verify")
	})
	t.Run("passwd", func(t *testing.T) {
		// A passphrase change rewrites every value under a new key in one
		// write: without room for it, the vault keeps its old passphrase
		// and key, whole.
		v := vaultOn(t, disk)
		defer os.RemoveAll(v.Dir)
		id := v.add(t, "Scans")
		attachRandom(t, v, id, 2, 256<<10)
		filler := fill(t, 128<<10)
		newFile := filepath.Join(t.TempDir(), "new")
		writeFile(t, newFile, "a brand new passphrase\n")
		_, stderr, code := v.run(t, "passwd", "--new-passphrase-file", newFile)
		wantDiskFull(t, "a passphrase change on a full disk", stderr, code)
		v.mustRun(t, "verify")
		if d := v.show(t, id); len(d.Attachments) != 2 {
			t.Errorf("after the refused change: %d attachments", len(d.Attachments))
		}
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
		v.mustRun(t, "passwd", "--new-passphrase-file", newFile)
		writeFile(t, v.PassFile, "a brand new passphrase\n")
		v.mustRun(t, "verify")
	})
	t.Run("compact", func(t *testing.T) {
		// Compacting writes a copy beside the vault: without room for it,
		// the vault stays byte for byte, and no copy is left.
		v := vaultOn(t, disk)
		defer os.RemoveAll(v.Dir)
		id := v.add(t, "Scans", "--note", "kept")
		attachRandom(t, v, id, 2, 256<<10)
		v.mustRun(t, "detach", id, "scan0.bin")
		filler := fill(t, 16<<10)
		was := readFile(t, v.Path)
		_, stderr, code := v.run(t, "compact")
		wantDiskFull(t, "compacting on a full disk", stderr, code)
		t.Logf("compacting on a full disk: %s", strings.TrimSpace(stderr))
		if !bytes.Equal(readFile(t, v.Path), was) {
			t.Error("the refused compaction changed the vault file")
		}
		if names := dirNames(t, v.Dir); !slices.Equal(names, []string{"vault.db"}) {
			t.Errorf("the refused compaction left %v", names)
		}
		v.mustRun(t, "verify")
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
		v.mustRun(t, "compact")
		v.mustRun(t, "verify")
		if d := v.show(t, id); d.Notes != "kept" || len(d.Attachments) != 1 {
			t.Errorf("after compacting: %q, %d attachments", d.Notes, len(d.Attachments))
		}
	})
	t.Run("restore", func(t *testing.T) {
		// A vault already on the small disk, which the restore must not touch.
		v := vaultOn(t, disk)
		defer os.RemoveAll(v.Dir)
		kept := v.add(t, "Kept", "--note", "acknowledged before the restore")
		v.mustRun(t, "edit", kept, "--note", "edited before the restore")
		v.add(t, "Also kept")
		// A backup of 3 MiB of attachments, on the ordinary disk.
		big := newVault(t)
		id := big.add(t, "Big")
		src := t.TempDir()
		attachRandom(t, big, id, 6, 512<<10)
		bp := filepath.Join(src, "bp")
		writeFile(t, bp, "the backup passphrase\n")
		backup := filepath.Join(src, "big.age")
		big.mustRun(t, "backup", "--out", backup, "--backup-passphrase-file", bp, "--work-factor", "10")
		beforeList, beforeVerify := v.mustRun(t, "list", "--json"), v.mustRun(t, "verify")
		beforeFile := readFile(t, v.Path)

		r := newEmptyVault(t)
		r.Dir = filepath.Join(disk, "r")
		r.Path = filepath.Join(r.Dir, "vault.db")
		// Less room than the new vault's first pages, than its first
		// transaction, than the restored dossiers.
		for _, room := range []int64{4 << 10, 64 << 10, 512 << 10} {
			filler := fill(t, room)
			what := fmt.Sprintf("a restore with %d KiB free", freeSpace(t, disk)>>10)
			_, stderr, code := r.run(t, "restore", backup, "--backup-passphrase-file", bp, "--work-factor", "10")
			wantDiskFull(t, what, stderr, code)
			if strings.Contains(stderr, "not a confidant vault") {
				// Finding 5 (docs/RELIABILITY.md): vault.openBolt calls bbolt's
				// failure to write a new file's first pages "not a vault".
				t.Errorf("%s calls the new file not a vault (finding 5)", what)
			}
			t.Logf("%s: %s", what, strings.TrimSpace(stderr))
			if _, err := os.Lstat(r.Path); err == nil {
				t.Errorf("%s left %s", what, r.Path)
			}
			// Nothing on the disk but the filler, v's vault and (empty) r.
			err := filepath.WalkDir(disk, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || p == filler || p == v.Path {
					return err
				}
				t.Errorf("%s left %s", what, p)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(readFile(t, v.Path), beforeFile) {
				t.Errorf("%s changed the vault beside it", what)
			}
			if err := os.Remove(filler); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
		}
		if got := v.mustRun(t, "list", "--json"); got != beforeList {
			t.Errorf("the vault beside the restore lists\n%s\nwant\n%s", got, beforeList)
		}
		if got := v.mustRun(t, "verify"); got != beforeVerify {
			t.Errorf("the vault beside the restore verifies %q, want %q", got, beforeVerify)
		}
		if d := v.show(t, kept); d.Version != 2 || d.Notes != "edited before the restore" {
			t.Errorf("the acknowledged edit: version %d, notes %q", d.Version, d.Notes)
		}
		// With room, a restore to the same path works: nothing is in its way.
		small := newVault(t)
		small.add(t, "Small", "--secret", "PIN=4711")
		smallBackup := filepath.Join(src, "small.age")
		small.mustRun(t, "backup", "--out", smallBackup, "--backup-passphrase-file", bp, "--work-factor", "10")
		r.mustRun(t, "restore", smallBackup, "--backup-passphrase-file", bp, "--work-factor", "10")
		r.mustRun(t, "verify")
		if got, want := ids(r.list(t, "list")), ids(small.list(t, "list")); !slices.Equal(got, want) {
			t.Errorf("restored %v, want %v", got, want)
		}
		os.RemoveAll(r.Dir)
	})
	t.Run("import", func(t *testing.T) {
		v := vaultOn(t, disk)
		defer os.RemoveAll(v.Dir)
		kept := v.add(t, "Kept", "--field", "Email=kept@example.com")
		v.mustRun(t, "edit", kept, "--note", "acknowledged before the import")
		v.add(t, "Also kept", "--secret", "PIN=0042")
		src := t.TempDir()
		bundle := bigHandoff(t, src, strings.TrimSpace(v.mustRun(t, "recipient")), 3000)
		csv := filepath.Join(src, "export.csv")
		var b strings.Builder
		b.WriteString(`"Group","Title","Username","Password","URL","Notes"` + "\n")
		for i := range 5000 {
			fmt.Fprintf(&b, "\"Root\",\"Account %05d\",\"user%d\",\"pw-%d\",\"https://example.com/%d\",\"%s\"\n",
				i, i, i, i, strings.Repeat("A note about the account. ", 8))
		}
		writeFile(t, csv, b.String())
		inputs := []struct {
			name string
			args []string
			n    int
		}{
			{"a bundle of 3000 dossiers", []string{"import", bundle, "--yes"}, 3000},
			{"a CSV export of 5000 rows", []string{"import", csv, "--plaintext", "--yes"}, 5000},
		}
		// Each input imports whole where there is room.
		for i, in := range inputs {
			var c *testVault
			if i == 0 {
				c = copyVault(t, v) // the bundle is sealed to v
			} else {
				c = newVault(t)
			}
			c.mustRun(t, in.args...)
			if got := len(c.list(t, "list")); got < in.n {
				t.Fatalf("%s on an ordinary disk: %d dossiers", in.name, got)
			}
		}

		beforeList, beforeVerify := v.mustRun(t, "list", "--json"), v.mustRun(t, "verify")
		beforeDigest := vaultDigest(t, v.Path)
		file := readFile(t, v.Path)
		pageSize := int(binary.LittleEndian.Uint32(file[24:28])) // bbolt's meta: page header, magic, version, page size
		beforeMeta := bytes.Clone(file[:2*pageSize])
		blocksBefore := fileBlocks(t, v.Path)
		for _, in := range inputs {
			for _, room := range []int64{16 << 10, 256 << 10, 1 << 20} {
				filler := fill(t, room)
				free, blocks := freeSpace(t, disk), fileBlocks(t, v.Path)
				what := fmt.Sprintf("%s with %d KiB free", in.name, free>>10)
				stdout, stderr, code := v.run(t, in.args...)
				wantDiskFull(t, what, stderr, code)
				if strings.Contains(stdout, "imported:") {
					t.Errorf("%s: stdout %q acknowledges an import", what, stdout)
				}
				t.Logf("%s: %s (the vault file grew by %d KiB)", what, strings.TrimSpace(stderr), (fileBlocks(t, v.Path)-blocks)>>10)
				if names := dirNames(t, v.Dir); !slices.Equal(names, []string{"vault.db"}) {
					t.Errorf("%s: the vault's directory holds %v", what, names)
				}
				// bbolt writes its meta page last: both must be as they were.
				if file := readFile(t, v.Path); !bytes.Equal(file[:2*pageSize], beforeMeta) {
					t.Errorf("%s: the failed import changed the meta pages", what)
				}
				if got := vaultDigest(t, v.Path); got != beforeDigest {
					t.Errorf("%s: the vault's buckets changed", what)
				}
				if got := v.mustRun(t, "list", "--json"); got != beforeList {
					t.Errorf("%s: the vault lists\n%s\nwant\n%s", what, got, beforeList)
				}
				if got := v.mustRun(t, "verify"); got != beforeVerify {
					t.Errorf("%s: verify says %q, want %q", what, got, beforeVerify)
				}
				// No filler when the vault file already took the room (below).
				if err := os.Remove(filler); err != nil && !errors.Is(err, fs.ErrNotExist) {
					t.Fatal(err)
				}
			}
		}
		if d := v.show(t, kept); d.Version != 2 || d.Notes != "acknowledged before the import" {
			t.Errorf("the acknowledged edit: version %d, notes %q", d.Version, d.Notes)
		}
		// The pages a failed import wrote past the database are given back
		// (finding 6 of docs/RELIABILITY.md): the file takes no more of the
		// disk than before, but for the odd block of bbolt's own.
		after := fileBlocks(t, v.Path)
		t.Logf("after the failed imports the vault file takes %d KiB of the disk, %d KiB before", after>>10, blocksBefore>>10)
		if after > blocksBefore+64<<10 {
			t.Errorf("the failed imports kept %d KiB of the disk", (after-blocksBefore)>>10)
		}
		v.add(t, "After the disk was freed")
		v.mustRun(t, "verify")
	})
}

// ---------------------------------------------------------------------------
// Leaks

// TestFaults_NoPlaintextLeft runs a whole session through the binary with
// distinctive random values: add, edit, search, show --reveal, attach and
// save an attachment to standard output, backup, verify the backup,
// handoff to a colleague's vault, import there, hand back, import here,
// restore the backup into a third vault. Then no value may appear, in any
// case, in any file of the three vaults' directories, $TMPDIR, or anywhere
// under $HOME (where the backup and handoff files are).
func TestFaults_NoPlaintextLeft(t *testing.T) {
	t.Parallel()
	v := newVault(t)
	// The colleague's vault and the restored one share v's HOME and TMPDIR.
	share := func(w *testVault) *testVault {
		w.Home, w.TmpDir = v.Home, v.TmpDir
		return w
	}
	b := share(newVault(t))
	var plain []string
	tok := func(prefix string) string {
		s := token(prefix)
		plain = append(plain, s)
		return s
	}
	tag := tok("Tag")
	id := v.add(t, tok("Title"), "--kind", "client", "--field", tok("Label")+"="+tok("Value"),
		"--secret", "Door="+tok("Secret"), "--tag", tag, "--note", tok("Note"), "--date", tok("Date")+"=2031-04-30:1m")
	renoted := tok("Renoted")
	stdout, stderr, code := v.runStdin(t, tok("Stdin")+"\n", "edit", id, "--secret", "Typed", "--note", renoted,
		"--field", "Employer="+tok("Employer"))
	if code != 0 {
		t.Fatalf("edit: exit %d, %s%s", code, stdout, stderr)
	}
	v.add(t, tok("Other"), "--secret", "Pin="+tok("Pin"))
	if got := ids(v.list(t, "search", strings.ToLower(renoted))); !slices.Equal(got, []string{id}) {
		t.Errorf("search found %q, want %s", got, id)
	}
	if got := v.show(t, id, "--reveal"); !strings.Contains(got.Notes, "Renoted") {
		t.Errorf("show --reveal: %+v", got)
	}
	outside := t.TempDir() // sources a person keeps elsewhere
	scanName := tok("Scan") + ".txt"
	scan := filepath.Join(outside, scanName)
	content := tok("Attached")
	writeFile(t, scan, content)
	v.mustRun(t, "attach", id, scan)
	if got := v.mustRun(t, "attachment", id, scanName, "--out", "-"); got != content {
		t.Errorf("attachment --out - gave %q", got)
	}
	bp := filepath.Join(outside, "backup-passphrase")
	writeFile(t, bp, "the backup passphrase\n")
	backup := filepath.Join(v.Home, "backup.age")
	v.mustRun(t, "backup", "--out", backup, "--backup-passphrase-file", bp, "--work-factor", "10")
	v.mustRun(t, "backup", "--verify", backup, "--backup-passphrase-file", bp)
	armored := filepath.Join(v.Home, "backup.asc")
	v.mustRun(t, "backup", "--out", armored, "--recipient", strings.TrimSpace(b.mustRun(t, "recipient")), "--armor")

	handoff := filepath.Join(v.Home, "handoff.age")
	v.mustRun(t, "handoff", "--to", strings.TrimSpace(b.mustRun(t, "recipient")), id, "--out", handoff,
		"--include-secrets", "--include-attachments")
	b.mustRun(t, "import", handoff, "--yes")
	b.add(t, tok("Colleague"), "--secret", "Key="+tok("ColleagueSecret"))
	back := filepath.Join(v.Home, "handback.age")
	b.mustRun(t, "handoff", "--to", strings.TrimSpace(v.mustRun(t, "recipient")), "--tag", tag, "--out", back, "--include-secrets")
	if got := v.mustRun(t, "import", back, "--yes", "--on-conflict", "keep-both"); !strings.Contains(got, "imported") {
		t.Errorf("import of the hand-back: %q", got)
	}
	r := share(newEmptyVault(t))
	r.mustRun(t, "restore", backup, "--backup-passphrase-file", bp, "--work-factor", "10")
	if got := r.show(t, id, "--reveal"); !strings.Contains(got.Notes, "Renoted") {
		t.Errorf("restored: %+v", got)
	}

	var files int
	for _, root := range []string{v.Dir, b.Dir, r.Dir, v.TmpDir, v.Home} {
		err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
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
				if bytes.Contains(lower, []byte(strings.ToLower(p))) {
					t.Errorf("%s holds the plaintext %q", path, p)
				}
			}
			// A name is plaintext too.
			if strings.Contains(strings.ToLower(path), strings.ToLower(scanName)) {
				t.Errorf("a file is named after the attachment: %s", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 7 {
		t.Errorf("only %d files checked; the session should have left at least 3 vaults and 4 bundle files", files)
	}
	if names := dirNames(t, v.TmpDir); len(names) > 0 {
		t.Errorf("$TMPDIR holds %v", names)
	}
	t.Logf("%d values, %d files checked", len(plain), files)
}

// TestFaults_ReadsDoNotWrite checks that commands that only read leave the
// vault file byte for byte as it was.
func TestFaults_ReadsDoNotWrite(t *testing.T) {
	t.Parallel()
	v := sampleVault(t)
	for _, args := range [][]string{{"list"}, {"show", "Eleanor Vance"}, {"search", "acme"}, {"verify"}, {"log"}, {"recipient"}} {
		before := readFile(t, v.Path)
		v.mustRun(t, args...)
		if !bytes.Equal(readFile(t, v.Path), before) {
			t.Errorf("%v changed the vault file", args)
		}
	}
}
