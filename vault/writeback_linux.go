package vault

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing f's bytes in
// [off, off+n) to the disk, without waiting for it, so that the fsync that
// ends a large write has little left to do. It is only a hint: errors are
// for that fsync to report.
func startWriteback(f *os.File, off, n int64) {
	_ = unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
