package ui

import (
	"os"
	"os/exec"
	"strings"

	"github.com/atotto/clipboard"
)

// WriteClipboard puts s on the desktop's clipboard through xclip, xsel or
// wl-copy, as github.com/atotto/clipboard chooses, but marked as a secret
// where the tool can say so: under Wayland, wl-copy (2.3 on) takes
// --sensitive and offers x-kde-passwordManagerHint beside the text, which
// clipboard managers (Klipper, CopyQ, cliphist) take as "keep no copy in
// the history". An older wl-copy refuses the flag and is run again
// without it. The value goes through standard input, never an argument.
// xclip and xsel offer one type only, so nothing marks the value there.
func WriteClipboard(s string) error {
	if s != "" && os.Getenv("WAYLAND_DISPLAY") != "" {
		copyCmd, err1 := exec.LookPath("wl-copy")
		_, err2 := exec.LookPath("wl-paste") // atotto reads back through it, or uses neither
		if err1 == nil && err2 == nil {
			cmd := exec.Command(copyCmd, "--sensitive")
			cmd.Stdin = strings.NewReader(s)
			if cmd.Run() == nil {
				return nil
			}
		}
	}
	return clipboard.WriteAll(s)
}
