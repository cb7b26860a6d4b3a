//go:build !linux

package ui

import (
	"errors"
	"os"
	"os/exec"
)

// memoryFile needs Linux's memfd_create: elsewhere an attachment can only
// be saved as a copy.
func memoryFile([]byte) (*os.File, error) {
	return nil, errors.New("showing an attachment without a copy on disk needs Linux; save a copy instead, and delete it when done")
}

func ownSession(*exec.Cmd) {}
