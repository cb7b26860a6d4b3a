//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cli

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
	"golang.org/x/term"
)

// quietTerminal turns off the echo and the signal keys of f, when it is a
// terminal, until the returned function puts them back. It covers the time
// between the start of the interactive command and the interface taking
// the terminal in raw mode: without it the terminal driver echoes what is
// typed ahead (a passphrase typed while the program starts) onto the normal
// screen, where it stays in the scrollback after the program exits. The
// signal keys are off for the same span so that a ctrl+c then cannot kill
// the process with the echo still off; it reaches the interface as a key.
//
// The function it returns takes discard: true when the interface never
// ran (the vault was in use, say), so that what was typed for it is thrown
// away instead of being read by the shell as a command, and kept in its
// history.
func quietTerminal(f *os.File) func(discard bool) {
	fd := int(f.Fd())
	if !term.IsTerminal(fd) {
		return func(bool) {}
	}
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return func(bool) {}
	}
	was := *t
	t.Lflag &^= unix.ECHO | unix.ISIG
	if unix.IoctlSetTermios(fd, ioctlSetTermios, t) != nil {
		return func(bool) {}
	}
	return func(discard bool) {
		req := uint(ioctlSetTermios)
		if discard {
			req = ioctlSetTermiosFlush
		}
		unix.IoctlSetTermios(fd, req, &was)
	}
}

// readSecret reads a line from the terminal f without echo, as
// term.ReadPassword does, but takes a carriage return as the end of the line
// too. A passphrase typed so early that the shell still held the terminal in
// its own raw mode reached the program as "words\r": the terminal driver
// turns a carriage return into a newline only as it arrives, and
// term.ReadPassword skipped the \r and waited for an enter the person had
// already pressed. A carriage return cannot be part of a typed line
// otherwise (ICRNL is on), so nothing else changes.
func readSecret(f *os.File) ([]byte, error) {
	fd := int(f.Fd())
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	was := *t
	t.Lflag &^= unix.ECHO
	t.Lflag |= unix.ICANON | unix.ISIG
	t.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, t); err != nil {
		return nil, err
	}
	defer unix.IoctlSetTermios(fd, ioctlSetTermios, &was)
	var line []byte
	var b [1]byte
	for {
		n, err := unix.Read(fd, b[:])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			clear(line)
			return nil, err
		case n == 0: // ctrl+d: the end of the input
			if len(line) > 0 {
				return line, nil
			}
			return nil, io.EOF
		}
		switch b[0] {
		case '\n', '\r':
			return line, nil
		case '\b', 0x7f: // the line discipline edits a typed line; these come only typed ahead in raw mode
			if len(line) > 0 {
				line[len(line)-1] = 0
				line = line[:len(line)-1]
			}
		default:
			if len(line) == cap(line) { // grow without leaving the old bytes behind
				grown := make([]byte, len(line), 2*cap(line)+64)
				copy(grown, line)
				clear(line)
				line = grown
			}
			line = append(line, b[0])
		}
	}
}

// hasTerminal reports whether the process has a controlling terminal, which
// the interface draws on (Bubble Tea opens /dev/tty).
func hasTerminal() bool {
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}
