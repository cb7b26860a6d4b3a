//go:build unix

package cli

import "golang.org/x/sys/unix"

// harden keeps decrypted memory out of core dumps: the core size limit is
// set to zero for this process, and on Linux the process is marked not
// dumpable, which also stops other processes of the same user from reading
// its memory through ptrace or /proc/PID/mem. Failures are ignored: they
// leave the process as the system made it.
func harden() {
	unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
	notDumpable()
}
