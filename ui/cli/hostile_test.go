//go:build unix

package cli_test

import (
	"strings"
	"testing"
)

// What a dossier holds is printed plain: a title, a label, a value or a note
// from a handoff or an import can neither send the terminal a command nor
// move what is printed.
func TestHostileText(t *testing.T) {
	const hostile = "Mal\x1b[5mBLINK\x1b]52;c;cHduZWQ=\x07\rOVER\nNEXT\tTAB\bBS\u009b2J end"
	v := newVault(t)
	id := v.add(t, "A "+hostile, "--field", "Label "+hostile+"="+"value "+hostile,
		"--field", "Lines:multiline=first "+hostile+"\nsecond", "--note", "notes "+hostile)
	v.mustRun(t, "edit", id, "--title", "B "+hostile)
	for _, args := range [][]string{{"list"}, {"show", id}, {"search", "mal"}, {"history", id}, {"log"}} {
		out := v.mustRun(t, args...)
		if args[0] != "history" && args[0] != "log" && !strings.Contains(out, "MalBLINK") {
			t.Fatalf("%s does not show the dossier:\n%s", args[0], out)
		}
		if i := strings.IndexFunc(out, func(r rune) bool {
			return r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0))
		}); i >= 0 {
			t.Errorf("%s prints a control character: %q", args[0], out[max(0, i-20):min(len(out), i+20)])
		}
	}
}
