package cli

import "golang.org/x/sys/unix"

// The termios requests: read, set now, and set after discarding the input
// not yet read (tcsetattr's TCSAFLUSH).
const (
	ioctlGetTermios      = unix.TCGETS
	ioctlSetTermios      = unix.TCSETS
	ioctlSetTermiosFlush = unix.TCSETSF
)
