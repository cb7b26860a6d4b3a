//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package cli

import "os"

// quietTerminal does nothing here; see quiet_unix.go.
func quietTerminal(*os.File) func(discard bool) { return func(bool) {} }
