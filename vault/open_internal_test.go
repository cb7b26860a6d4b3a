package vault

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOpen_Permission: a vault file this user may not read and write is
// named once, with what to check. bbolt's words were "opening v.db: open
// v.db: permission denied". The file system refuses only other users than
// root, so the real refusal is checked where the tests do not run as root,
// and the wording from the error bbolt gives everywhere.
func TestOpen_Permission(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	err := openFailure(path, &fs.PathError{Op: "open", Path: path, Err: syscall.EACCES})
	if os.Geteuid() != 0 {
		s, cerr := Create(path, []byte("correct horse battery"), CreateOptions{WorkFactor: 10}, nil)
		if cerr != nil {
			t.Fatal(cerr)
		}
		s.Close()
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		if _, err = Open(path, nil); err == nil {
			t.Fatal("a read-only file opened")
		}
		t.Logf("as user %d: %v", os.Geteuid(), err)
	}
	if !errors.Is(err, fs.ErrPermission) || strings.Count(err.Error(), path) != 1 ||
		!strings.Contains(err.Error(), "check its owner and mode") || strings.Contains(err.Error(), "\n") {
		t.Errorf("a file that may not be written: %v", err)
	}
}
