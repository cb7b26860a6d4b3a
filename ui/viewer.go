package ui

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// ViewFor is how long an attachment handed to the desktop's viewer stays
// readable for a viewer that has not opened it yet; one that has keeps
// what it read. A lock, quitting, or the end of this process ends it
// sooner.
const ViewFor = 2 * time.Minute

// Viewing is an attachment handed to the desktop's viewer from memory: its
// bytes are in an anonymous file in memory (memfd), never on a disk, held
// open by a small shell that the viewer reads it through, as
// /proc/PID/fd/3. This process cannot be that PID: it is not dumpable, so
// that other programs cannot read its memory, and that also closes its
// /proc/PID/fd to them. The shell holds nothing else, and ends when this
// process closes the pipe it waits on, or exits.
type Viewing struct {
	Name string // the attachment's name, for the person
	Path string // what the viewer was given: it names no client

	opener string // the program started, for errors

	closed atomic.Bool    // Close was called: the shell's end is no failure
	hold   io.WriteCloser // the shell's standard input: closing it ends the shell
	opened chan struct{}  // closed when xdg-open has returned success
	done   chan struct{}  // closed when the shell exits
	err    error          // the opener's failure, once done

	closeOnce sync.Once
}

// Close lets go of the file in memory: a viewer that has not opened it by
// now no longer can.
func (v *Viewing) Close() {
	v.closeOnce.Do(func() {
		v.closed.Store(true)
		v.hold.Close()
	})
}

// Started waits up to d for the opener (the viewer, or xdg-open) to
// return, and returns its failure; nil when it succeeded, or is still
// running after d (a viewer runs while its window is open, and so does
// xdg-open on some desktops).
func (v *Viewing) Started(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-v.opened:
		return nil
	case <-v.done:
		return v.err
	case <-t.C:
		return nil
	}
}

// viewScript is run by /bin/sh with the memory file as descriptor 3 and
// the opener's command line as its arguments, fileArg where the file goes:
// the application the desktop opens such files with, or xdg-open. The
// opener gets the file as the shell's, /proc/$$/fd/3, which stays open
// after it returns (xdg-open may hand the path to a viewer already
// running, and return before it reads); the opener itself inherits
// neither that descriptor nor the pipes. The shell says when the opener
// has returned. A reader in the background waits for the shell's standard
// input to close, and then ends the shell, even while the opener still
// runs (a viewer started by the shell runs until its window closes, and
// keeps what it read): the file in memory goes with the shell.
//
// The redirections are made in subshells: dash makes a command's own
// redirections in the shell itself while the command runs, which moved
// descriptor 3 away just when xdg-open looked for it. $$ is still the
// shell's PID in a subshell. The pipe goes to the reader as descriptor 4:
// a command run in the background reads /dev/null as its standard input.
const viewScript = `n=$#
for a in "$@"; do
	[ "$a" = "` + fileArg + `" ] && a="/proc/$$/fd/3"
	set -- "$@" "$a"
done
shift "$n"
exec 4<&0 0</dev/null
(exec 3<&- >/dev/null 2>&1; read -r _ <&4; kill -TERM $$) &
exec 4<&-
(exec 3<&- >/dev/null 2>&1; exec "$@") || exit $?
echo opened
wait`

// OpenInViewer shows data, an attachment called name of mediaType, in
// the desktop's viewer without a copy on disk: the bytes go into a sealed
// file in memory that nothing can change, and the application the desktop
// opens that type with (desktopCommand), or else xdg-open, gets its path
// under /proc, which names no client (the command line shows
// /proc/PID/fd/3). Nothing the opener prints reaches the terminal. data
// is cleared. The caller closes the Viewing, after ViewFor or sooner.
func OpenInViewer(name, mediaType string, data []byte) (*Viewing, error) {
	defer clear(data)
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, errors.New("there is no desktop here to show it on (neither DISPLAY nor WAYLAND_DISPLAY is set): open it on the laptop itself")
	}
	argv := desktopCommand(mediaType)
	if argv == nil {
		opener, err := exec.LookPath("xdg-open")
		if err != nil {
			return nil, errors.New("xdg-open is not installed (Debian: apt-get install xdg-utils), so no viewer can be started")
		}
		argv = []string{opener, fileArg}
	}
	f, err := memoryFile(data)
	if err != nil {
		return nil, err
	}
	defer f.Close() // the shell has its own from here
	cmd := exec.Command("/bin/sh", append([]string{"-c", viewScript, "confidant-view"}, argv...)...)
	cmd.ExtraFiles = []*os.File{f}
	ownSession(cmd)
	hold, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	said, err := cmd.StdoutPipe()
	if err != nil {
		hold.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		hold.Close()
		return nil, fmt.Errorf("starting a viewer: %w", err)
	}
	v := &Viewing{Name: name, Path: fmt.Sprintf("/proc/%d/fd/3", cmd.Process.Pid), opener: filepath.Base(argv[0]), hold: hold,
		opened: make(chan struct{}), done: make(chan struct{})}
	go func() {
		r := bufio.NewReader(said)
		if line, _ := r.ReadString('\n'); line == "opened\n" {
			close(v.opened)
		}
		io.Copy(io.Discard, r)
		if err := cmd.Wait(); err != nil && !v.closed.Load() {
			v.err = fmt.Errorf("%s could not show %s (%v): save a copy instead, and delete it when done", v.opener, name, err)
		}
		close(v.done)
	}()
	return v, nil
}

// isText reports whether an attachment is text to show in the terminal:
// its type or name says so, and it is UTF-8 without NUL bytes (anything
// else would draw as noise).
func isText(mediaType, name string, data []byte) bool {
	mt, _, _ := strings.Cut(strings.ToLower(mediaType), ";")
	mt = strings.TrimSpace(mt)
	texty := strings.HasPrefix(mt, "text/") || mt == "application/json" || mt == "application/xml" || strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml")
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md", ".csv", ".tsv", ".json", ".xml", ".yaml", ".yml", ".ini", ".conf", ".log", ".vcf", ".ics":
		texty = true
	}
	return texty && utf8.Valid(data) && bytes.IndexByte(data, 0) < 0
}
