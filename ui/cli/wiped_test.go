package cli

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"confidant/vault"
)

// TestWiped: a change that was saved but whose old copies stay in the
// file's free space (vault.ErrNotWiped) is a warning, one line on standard
// error, and the command succeeds; any other error fails it.
func TestWiped(t *testing.T) {
	var stderr bytes.Buffer
	a := &app{env: Env{Stderr: &stderr}}
	if err := a.wiped(fmt.Errorf("%w: a read of the vault did not end", vault.ErrNotWiped)); err != nil {
		t.Errorf("ErrNotWiped failed the command: %v", err)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "confidant: warning: the change is saved") || strings.Count(got, "\n") != 1 {
		t.Errorf("the warning: %q", got)
	}
	stderr.Reset()
	if err := a.wiped(vault.ErrLocked); !errors.Is(err, vault.ErrLocked) || stderr.Len() != 0 {
		t.Errorf("another error: %v, %q", err, stderr.String())
	}
	if err := a.wiped(nil); err != nil || stderr.Len() != 0 {
		t.Errorf("no error: %v, %q", err, stderr.String())
	}
}
