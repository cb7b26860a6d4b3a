package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/atotto/clipboard"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"confidant/ui"
	"confidant/vault"
)

// Clipboard is one place `copy` puts a value. Env.Clipboards nil means the
// system's: the desktop's clipboard through xclip, xsel, wl-copy or
// pbcopy where one is installed, and the terminal's through OSC 52.
type Clipboard struct {
	Name  string // what it is, for the person: "the desktop clipboard"
	Write func(string) error
	// Read returns what the clipboard holds, or is nil where it cannot be
	// read back (OSC 52): such a clipboard is cleared whatever it holds by
	// then, another is cleared only if it still holds the value copied.
	Read func() (string, error)
}

// systemClipboards returns the clipboards of this session, and a function
// that lets go of the terminal.
func systemClipboards() ([]Clipboard, func()) {
	var boards []Clipboard
	done := func() {}
	if !clipboard.Unsupported {
		boards = append(boards, Clipboard{Name: "the desktop clipboard", Write: ui.WriteClipboard, Read: clipboard.ReadAll})
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		boards = append(boards, Clipboard{Name: "the terminal's clipboard (OSC 52)", Write: func(s string) error {
			if s == "" {
				// A space, not nothing: tmux ignores an OSC 52 without
				// data, and would keep the secret (as the interface does).
				s = " "
			}
			_, err := io.WriteString(tty, ansi.SetSystemClipboard(s))
			return err
		}})
		done = func() { tty.Close() }
	}
	return boards, done
}

func (a *app) copyCommand() *cobra.Command {
	var clearAfter string
	cmd := &cobra.Command{
		Use:   "copy ID|TITLE [LABEL]",
		Short: "Put a field's value on the clipboard, never printing it, and clear it after 30 s",
		Long: `copy puts a field's value on the clipboard without printing it, so that it is
in neither the terminal's scrollback nor the shell's history: the desktop's
clipboard (through xclip, xsel, wl-copy or pbcopy) and the terminal's (OSC 52,
which reaches the clipboard of the computer in front of you over ssh, where the
terminal allows it). Without LABEL it copies the Password field, or the
dossier's only secret. A one-time password key copies the code it gives now.

It stays in the foreground, as keepassxc-cli clip does, and clears the
clipboard after --clipboard-clear (30s), or at once at ctrl+c; the desktop's
is cleared only if it still holds the value. --clipboard-clear 0 leaves it.
The copy is recorded in the access log.`,
		Args: rangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			after := time.Duration(0)
			if clearAfter != "0" {
				var err error
				if after, err = parseDuration("clipboard-clear", clearAfter); err != nil {
					return err
				}
			}
			ctx, stop := cmd.Context(), context.CancelFunc(func() {})
			defer func() { stop() }()
			boards := a.env.Clipboards
			if boards == nil {
				var done func()
				boards, done = systemClipboards()
				defer done()
			}
			if len(boards) == 0 {
				return errors.New("there is no clipboard here: no terminal, and no xclip, xsel or wl-copy installed; show --reveal prints the value")
			}
			var value, what string
			var placed []Clipboard
			err := a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				f, err := copyField(d, args[1:])
				if err != nil {
					return err
				}
				value, what = f.Value, fmt.Sprintf("%s of %s", ui.Plain(f.Label), ui.Plain(d.Title))
				logged := f.Label
				if key, ok := vault.FieldTOTP(f); ok {
					code, left := key.Code(time.Now())
					value, logged = code, f.Label+" code"
					what = fmt.Sprintf("the one-time password from %s of %s (valid for %d more seconds)", ui.Plain(f.Label), ui.Plain(d.Title), int((left+time.Second-1)/time.Second))
				}
				// From here ctrl+c or a hang-up clears what was copied,
				// however soon it comes, rather than ending the process
				// with the value left on the clipboard. (Not before: the
				// passphrase prompt reads on through a caught ctrl+c.)
				ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGHUP)
				var names []string
				for _, b := range boards {
					if b.Write(value) == nil {
						placed = append(placed, b)
						names = append(names, b.Name)
					}
				}
				if len(placed) == 0 {
					// The clipboard program's own words may quote what it was given.
					return errors.New("no clipboard took the value: the desktop clipboard needs a display (DISPLAY or WAYLAND_DISPLAY); show --reveal prints it")
				}
				if err := s.Record(vault.ActCopied, d.ID, logged); err != nil {
					clearBoards(placed, value)
					return err
				}
				fmt.Fprintf(a.env.Stderr, "confidant: copied %s to %s\n", what, strings.Join(names, " and "))
				return nil
			})
			if err != nil || after == 0 {
				return err
			}
			return a.clearLater(ctx, placed, value, after)
		},
	}
	cmd.Flags().StringVar(&clearAfter, "clipboard-clear", "30s", "clear the clipboard after this long (like 30s, 2m); 0 leaves it")
	return cmd
}

// clearLater waits for after, or for the context's end (ctrl+c, a
// hang-up, SIGTERM), and clears the clipboards. On a terminal it counts
// down.
func (a *app) clearLater(ctx context.Context, placed []Clipboard, value string, after time.Duration) error {
	tty := false
	if f, ok := a.env.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		tty = true
	}
	end := time.Now().Add(after)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	timer := time.NewTimer(after)
	defer timer.Stop()
	if !tty {
		fmt.Fprintf(a.env.Stderr, "confidant: clearing the clipboard in %s (ctrl+c clears it now)\n", shortDuration(after))
	}
wait:
	for {
		if tty {
			fmt.Fprintf(a.env.Stderr, "\rconfidant: clearing the clipboard in %s (ctrl+c clears it now) \x1b[K", shortDuration(time.Until(end).Round(time.Second)))
		}
		select {
		case <-tick.C:
		case <-timer.C:
			break wait
		case <-ctx.Done():
			break wait
		}
	}
	if tty {
		fmt.Fprint(a.env.Stderr, "\r\x1b[K")
	}
	kept := clearBoards(placed, value)
	switch {
	case len(kept) > 0:
		fmt.Fprintf(a.env.Stderr, "confidant: clipboard cleared; %s holds something copied since, and was left as it is\n", strings.Join(kept, " and "))
	default:
		fmt.Fprintln(a.env.Stderr, "confidant: clipboard cleared")
	}
	return nil
}

// clearBoards empties each clipboard that may still hold value, and
// returns the names of those that hold something else by now.
func clearBoards(placed []Clipboard, value string) (kept []string) {
	for _, b := range placed {
		if b.Read != nil {
			if now, err := b.Read(); err == nil && now != value {
				kept = append(kept, b.Name)
				continue
			}
		}
		b.Write("")
	}
	return kept
}

// copyField picks the field copy copies: the one labelled label[0], or
// without a label the Password field, or else the only secret.
func copyField(d vault.Dossier, label []string) (vault.Field, error) {
	title := ui.Plain(d.Title)
	var f vault.Field
	switch {
	case len(label) == 1:
		var ok bool
		if f, ok = d.Field(label[0]); !ok {
			return f, fmt.Errorf("%s has no field %q (its fields: %s): %w", title, ui.Plain(label[0]), labels(d.Fields, nil), vault.ErrNotFound)
		}
	default:
		i, n := d.MainSecret()
		switch {
		case i >= 0:
			f = d.Fields[i]
		case n == 0:
			return f, usageError{fmt.Errorf("%s has no password or other secret field: name the field to copy after the title (its fields: %s)", title, labels(d.Fields, nil))}
		default:
			secret := func(f vault.Field) bool {
				return (f.Secret || f.Type == vault.TypePassword) && strings.TrimSpace(f.Value) != ""
			}
			return f, usageError{fmt.Errorf("%s has several secret fields (%s): name the one to copy after the title", title, labels(d.Fields, secret))}
		}
	}
	if strings.TrimSpace(f.Value) == "" {
		return f, fmt.Errorf("%s's %s is empty: nothing to copy", title, ui.Plain(f.Label))
	}
	return f, nil
}

// labels lists the labels of the fields keep accepts (all when nil), the
// first eight.
func labels(fields []vault.Field, keep func(vault.Field) bool) string {
	var out []string
	for _, f := range fields {
		if keep == nil || keep(f) {
			out = append(out, ui.Plain(f.Label))
		}
	}
	if len(out) == 0 {
		return "none"
	}
	if len(out) > 8 {
		out = append(out[:8], "…")
	}
	return strings.Join(out, ", ")
}

// shortDuration writes d as a person would: 1h, not 1h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if t, ok := strings.CutSuffix(s, "m0s"); ok {
		s = t + "m"
	}
	if t, ok := strings.CutSuffix(s, "h0m"); ok {
		s = t + "h"
	}
	return s
}
