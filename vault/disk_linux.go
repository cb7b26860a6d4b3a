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

// punchTail frees the disk blocks of the file at path from offset size to
// its end, keeping its length (fallocate PUNCH_HOLE|KEEP_SIZE); reading
// there gives zeros. Best effort: a file system that cannot punch holes
// keeps the blocks.
func punchTail(path string, size int64) {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() <= size {
		return
	}
	_ = unix.Fallocate(int(f.Fd()), unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, size, fi.Size()-size)
}

// addressSpaceLimit returns the process's limit on its address space
// (ulimit -v), and false when there is none.
func addressSpaceLimit() (uint64, bool) {
	var l unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &l); err != nil || l.Cur == unix.RLIM_INFINITY {
		return 0, false
	}
	return l.Cur, true
}
