package cli

import (
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPTY returns the two ends of a new pseudo-terminal.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}

// readFor returns what f gives within d. (It polls: f.Fd(), which
// quietTerminal calls, puts a file in blocking mode, so deadlines do not
// apply to it.)
func readFor(t *testing.T, f *os.File, d time.Duration) string {
	t.Helper()
	fd := int(f.Fd())
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, int(d.Milliseconds()))
	for err == unix.EINTR { // a child that exits interrupts it (SIGCHLD)
		n, err = unix.Poll(fds, int(d.Milliseconds()))
	}
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		return ""
	}
	buf := make([]byte, 256)
	n, err = unix.Read(fd, buf)
	if err != nil {
		t.Fatal(err)
	}
	return string(buf[:n])
}

// TestQuietTerminal types ahead into a real pseudo-terminal while it is
// quiet: nothing is echoed, ctrl+c raises no signal, and when the interface
// never ran what was typed is thrown away; afterwards the terminal echoes
// again, as before.
func TestQuietTerminal(t *testing.T) {
	master, tty := openPTY(t)
	fd := int(tty.Fd())
	before, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if before.Lflag&unix.ECHO == 0 || before.Lflag&unix.ISIG == 0 {
		t.Fatalf("a new terminal without echo or signal keys: lflag %#x", before.Lflag)
	}

	restore := quietTerminal(tty)
	if _, err := master.WriteString("correct horse battery\n"); err != nil {
		t.Fatal(err)
	}
	if echo := readFor(t, master, 300*time.Millisecond); echo != "" {
		t.Fatalf("the quiet terminal echoed %q", echo)
	}
	during, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if during.Lflag&unix.ISIG != 0 {
		t.Fatal("ctrl+c would still raise a signal")
	}

	restore(true) // the interface never ran
	if left := readFor(t, tty, 300*time.Millisecond); left != "" {
		t.Fatalf("what was typed ahead is still there for the shell: %q", left)
	}
	after, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if *after != *before {
		t.Fatalf("the terminal was not put back: lflag %#x, was %#x", after.Lflag, before.Lflag)
	}
	if _, err := master.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	if echo := readFor(t, master, time.Second); echo != "x" {
		t.Fatalf("after quietTerminal the terminal echoes %q for x", echo)
	}

	// Not a terminal: nothing to do, nothing to undo.
	f, err := os.CreateTemp(t.TempDir(), "notatty")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	quietTerminal(f)(true)
}
