package cli_test

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
	xterm "golang.org/x/term"

	"confidant/ui/cli"
	"confidant/vault"
)

// terminal is the person's end of a pseudo-terminal a command runs on.
type terminal struct {
	t      *testing.T
	master *os.File
	unread string // shown, and not yet matched by expect
}

// onTerminal runs confidant args… with a pseudo-terminal as its controlling
// terminal (its /dev/tty) and standard streams.
func (v *testVault) onTerminal(t *testing.T, args ...string) (term *terminal, wait func() int) {
	t.Helper()
	master, tty := cli.OpenPTY(t)
	return v.onPTY(t, master, tty, args...)
}

// onPTY is onTerminal on a pseudo-terminal made already (its two ends).
func (v *testVault) onPTY(t *testing.T, master, tty *os.File, args ...string) (term *terminal, wait func() int) {
	t.Helper()
	cmd, _, _ := v.command(t, "", args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return &terminal{t: t, master: master}, func() int { return exitCode(t, cmd.Wait()) }
}

// expect reads the terminal until it has shown want, and returns what it
// showed up to the end of want; what follows is left for the next expect.
func (term *terminal) expect(want string) string {
	t := term.t
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(term.unread, want) {
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never showed %q; it showed %q", want, term.unread)
		}
		term.unread += cli.ReadFor(t, term.master, 200*time.Millisecond)
	}
	end := strings.Index(term.unread, want) + len(want)
	shown := term.unread[:end]
	term.unread = term.unread[end:]
	return shown
}

// say types s and enter.
func (term *terminal) say(s string) {
	if _, err := term.master.WriteString(s + "\n"); err != nil {
		term.t.Fatal(err)
	}
}

// TestNewPassphrase_AsksAgain: a new passphrase typed too short, or
// common, is asked for again, as passwd does, and the third miss (here,
// repeated differently) gives up without changing anything.
func TestNewPassphrase_AsksAgain(t *testing.T) {
	v := newEmptyVault(t)
	term, wait := v.onTerminal(t, "init", "--work-factor", "10")
	term.expect("New vault passphrase: ")
	term.say("short")
	term.expect("Repeat the vault passphrase: ")
	term.say("short")
	term.expect("fewer than 8 characters; a few unrelated words are best; try again")
	term.expect("New vault passphrase: ")
	term.say("Qwerty2024!")
	term.expect("Repeat the vault passphrase: ")
	term.say("Qwerty2024!")
	term.expect("is a common password, or one changed a little, which an attack guesses first; a few unrelated words are best; try again")
	term.expect("New vault passphrase: ")
	term.say("a long passphrase")
	term.expect("Repeat the vault passphrase: ")
	term.say("a long passphrase")
	term.expect("created")
	if code := wait(); code != 0 {
		t.Fatalf("init exited %d", code)
	}
	writeFile(t, v.PassFile, "a long passphrase\n")
	v.mustRun(t, "list")

	// Three misses: nothing changes.
	term, wait = v.onTerminal(t, "--passphrase-file", v.PassFile, "passwd")
	for range 3 {
		term.expect("New vault passphrase: ")
		term.say("another long one")
		term.expect("Repeat the vault passphrase: ")
		term.say("another long two")
	}
	term.expect("confidant: the passphrases do not match; nothing was changed")
	if code := wait(); code != 1 {
		t.Fatalf("passwd after three misses exited %d", code)
	}
	v.mustRun(t, "list")
}

// TestPassphrase_TypedAheadInRawMode: a passphrase typed while the shell's
// line editor still held the terminal raw arrives with its enter as a
// carriage return. The prompt took only a newline as the end of the line,
// so it waited for an enter already pressed; it now unlocks at once.
func TestPassphrase_TypedAheadInRawMode(t *testing.T) {
	v := newVault(t)
	v.add(t, "Eleanor Vance")
	master, tty := cli.OpenPTY(t)
	fd := int(tty.Fd())
	cooked, err := xterm.MakeRaw(fd)
	if err != nil {
		t.Fatal(err)
	}
	typed := testPassphrase + "\r"
	if _, err := master.WriteString(typed); err != nil {
		t.Fatal(err)
	}
	// The terminal driver takes the bytes in a moment after the write.
	for deadline := time.Now().Add(5 * time.Second); ; {
		if n, err := unix.IoctlGetInt(fd, unix.TIOCINQ); err == nil && n == len(typed) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the typed passphrase never reached the terminal's input")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The shell gives the terminal back in its usual mode, and runs the command.
	if err := xterm.Restore(fd, cooked); err != nil {
		t.Fatal(err)
	}
	term, wait := v.onPTY(t, master, tty, "list")
	shown := term.expect("Eleanor Vance")
	if strings.Contains(shown, testPassphrase) {
		t.Errorf("the passphrase was shown: %q", shown)
	}
	if code := wait(); code != 0 {
		t.Fatalf("list exited %d", code)
	}
}

// TestUnlock_CommonPassphraseWarns: a vault made before common passphrases
// were refused still opens with one; typed on the terminal, the command
// says to change it; read from a file (a script, every run) it does not.
func TestUnlock_CommonPassphraseWarns(t *testing.T) {
	v := newEmptyVault(t)
	if err := os.Mkdir(v.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	const weak = "Password2024!"
	s, err := vault.Create(v.Path, []byte(weak), vault.CreateOptions{WorkFactor: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	term, wait := v.onTerminal(t, "list")
	term.expect("Passphrase for ")
	term.say(weak)
	term.expect("confidant: warning: the vault passphrase is a common password: change it with confidant passwd")
	if code := wait(); code != 0 {
		t.Fatalf("list exited %d", code)
	}
	writeFile(t, v.PassFile, weak+"\n")
	if _, stderr, code := v.run(t, "list"); code != 0 || strings.Contains(stderr, "common password") {
		t.Errorf("with --passphrase-file: exit %d, stderr %q", code, stderr)
	}
}
