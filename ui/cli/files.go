package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"confidant/ui"
	"confidant/vault"
)

func (a *app) attachCommand() *cobra.Command {
	var name string
	cmd := &cobra.Command{
		Use:   "attach ID|TITLE FILE",
		Short: "Seal a file (up to 16 MiB) into a dossier",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := readLimited(args[1], vault.MaxAttachmentSize)
			if err != nil {
				return err
			}
			defer clear(data)
			if name == "" {
				name = filepath.Base(args[1])
			}
			mt := mime.TypeByExtension(filepath.Ext(name))
			if mt == "" {
				mt = http.DetectContentType(data)
			}
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				if _, err := s.Attach(d.ID, name, mt, data); err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "attached %s (%s) to %s\n", ui.Plain(name), Size(int64(len(data))), d.ID.Short())
				// The vault holds a sealed copy; the file picked is as it was.
				fmt.Fprintf(a.env.Stderr, "confidant: %s is still on the disk unencrypted: delete it if the vault should keep the only copy\n", ui.Plain(args[1]))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "name to keep it under (default: the file's name)")
	return cmd
}

// readLimited reads a whole file, refusing one larger than limit before
// reading it into memory.
func readLimited(path string, limit int64) ([]byte, error) {
	f, size, err := vault.OpenInput(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size > limit {
		return nil, fmt.Errorf("%s is %s: %w", path, Size(size), vault.ErrTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w", path, vault.ErrTooLarge)
	}
	return data, nil
}

func (a *app) detachCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "detach ID|TITLE NAME",
		Short: "Remove an attachment from a dossier",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				_, err = s.Detach(d.ID, args[1])
				return a.wiped(err)
			})
		},
	}
}

func (a *app) attachmentCommand() *cobra.Command {
	var out string
	var force, open bool
	cmd := &cobra.Command{
		Use:   "attachment ID|TITLE NAME (--out FILE | --open)",
		Short: "Show an attachment in the desktop's viewer from memory, or save a decrypted copy",
		Long: `With --open, show an attachment in the desktop's viewer (through xdg-open)
without a copy on disk: it is handed over as a file in memory, which the viewer
can read for 2 minutes, or until ctrl+c. Linux only.

With --out, save a decrypted copy to FILE, created 0600, or to standard output
with --out -. The copy is outside the vault: delete it when done.

Either is recorded in the access log.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if open {
				if out != "" {
					return usageError{errors.New("--open and --out are one or the other")}
				}
				return a.viewAttachment(cmd.Context(), args[0], args[1])
			}
			if out == "" {
				return usageError{errors.New("--out FILE is required (- for standard output), or --open to show it")}
			}
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				data, _, err := s.Attachment(d.ID, args[1])
				if err != nil {
					return err
				}
				defer clear(data)
				if out == "-" {
					_, err = a.env.Stdout.Write(data)
				} else {
					err = writeNew(out, data, force)
				}
				if err != nil {
					return err
				}
				return s.Record(vault.ActSavedOut, d.ID, args[1])
			})
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "where to write it (- for standard output)")
	cmd.Flags().BoolVar(&open, "open", false, "show it in the desktop's viewer, from memory, instead")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite FILE if it exists")
	return cmd
}

// viewAttachment hands an attachment to the desktop's viewer from memory,
// then waits, with the vault closed, until the viewer has had ui.ViewFor
// to read it, or ctrl+c, a hang-up or SIGTERM.
func (a *app) viewAttachment(ctx context.Context, ref, name string) error {
	view := a.env.Viewer
	if view == nil {
		view = ui.OpenInViewer
	}
	var v *ui.Viewing
	err := a.withVault(func(s *vault.Store) error {
		d, err := s.Resolve(ref)
		if err != nil {
			return err
		}
		data, at, err := s.Attachment(d.ID, name)
		if err != nil {
			return err
		}
		if v, err = view(name, at.MediaType, data); err != nil {
			return err
		}
		if err := v.Started(openerWait); err != nil {
			v.Close()
			return err
		}
		if err := s.Record(vault.ActViewed, d.ID, name); err != nil {
			v.Close()
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	defer v.Close()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(a.env.Stderr, "confidant: %s is open in the desktop's viewer, from memory: no copy is on disk. It stays readable for the viewer for %s (ctrl+c ends it now)\n",
		ui.Plain(name), shortDuration(ui.ViewFor))
	timer := time.NewTimer(ui.ViewFor)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
	return nil
}

// openerWait is how long attachment --open waits for xdg-open to say it
// failed before saying the file is open.
const openerWait = 3 * time.Second

// writeNew writes data to path, 0600, refusing to replace a file unless force.
func writeNew(path string, data []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; choose another --out or add --force", path)
	} else if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
