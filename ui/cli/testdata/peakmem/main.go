// Command peakmem is a helper for the command line's fault tests: it runs a
// command with its own standard streams, waits for it, writes the command's
// peak resident memory in KiB to file descriptor 3, and exits as it did.
//
// It exists because Linux carries the resident size of the process that
// called exec into the new program's peak (ru_maxrss): measured straight
// from a big test binary, a small command would seem as big as the test.
// This helper is small, so what it reports is the command's own peak.
//
//	peakmem COMMAND [ARG…] 3>FILE
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peakmem COMMAND [ARG…] 3>FILE")
		os.Exit(2)
	}
	syscall.CloseOnExec(3) // the command does not get the report's descriptor
	report := os.NewFile(3, "report")
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		fmt.Fprintln(os.Stderr, "peakmem:", err)
		os.Exit(127)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && report != nil {
		fmt.Fprintln(report, ru.Maxrss)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		os.Exit(128 + int(ws.Signal()))
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
