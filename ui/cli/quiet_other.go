//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package cli

import (
	"os"

	"golang.org/x/term"
)

// quietTerminal does nothing here; see quiet_unix.go.
func quietTerminal(*os.File) func(discard bool) { return func(bool) {} }

// readSecret is term.ReadPassword here; see quiet_unix.go.
func readSecret(f *os.File) ([]byte, error) { return term.ReadPassword(int(f.Fd())) }

// hasTerminal lets the interface find out for itself here.
func hasTerminal() bool { return true }
