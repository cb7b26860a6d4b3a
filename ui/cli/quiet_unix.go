//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cli

import (
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
