//go:build !linux

package vault

import "os"

// startWriteback is a hint that only Linux has (sync_file_range); the
// fsync that ends a write does it all elsewhere.
func startWriteback(*os.File, int64, int64) {}

// punchTail would free the blocks of a failed write past the database;
// only Linux's fallocate is used for it.
func punchTail(string, int64) {}

// addressSpaceLimit is only read on Linux, where ulimit -v is common in
// confined environments.
func addressSpaceLimit() (uint64, bool) { return 0, false }
