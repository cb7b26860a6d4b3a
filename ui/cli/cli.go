// Package cli is Confidant's command line: a cobra program whose bare form
// opens the interactive interface of package ui.
//
// Exit codes: 0 on success, 1 on an error (one line on stderr saying what
// went wrong and what to do), 2 on a usage error.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"confidant/ui"
	"confidant/vault"
)

// Env holds what the commands read and write, so that tests and main can
// hand in their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Clipboards are where copy puts a value; nil means the system's
	// (systemClipboards).
	Clipboards []Clipboard
	// Viewer shows an attachment from memory; nil means ui.OpenInViewer.
	Viewer func(name, mediaType string, data []byte) (*ui.Viewing, error)
}

// app is one run of the program: the parsed global flags and the streams.
type app struct {
	env            Env
	vaultPath      string
	passphraseFile string
	started        bool // set once flags and arguments parsed: later errors are not usage errors
	quietDamaged   bool // verify reports damaged dossiers itself: no warning at unlock
}

// usageError marks an error in how the program was called (exit 2).
type usageError struct{ error }

// Main runs the program with args (without the program name) and returns
// the exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	harden()
	a := &app{env: env}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) || !a.started {
		fmt.Fprintf(env.Stderr, "confidant: %s (see confidant --help)\n", oneLine(err.Error()))
		return 2
	}
	fmt.Fprintf(env.Stderr, "confidant: %s\n", oneLine(a.explain(err)))
	return 1
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// explain turns an error into what a person should read: what went wrong
// and what to do. It never adds a secret; vault and crypto errors carry none.
func (a *app) explain(err error) string {
	switch {
	case errors.Is(err, vault.ErrWrongPassphrase):
		return "wrong passphrase"
	case errors.Is(err, vault.ErrNoVault):
		return fmt.Sprintf("no vault at %s; run `confidant init` to create one, or choose another with --vault", a.vaultPath)
	case errors.Is(err, vault.ErrInUse):
		return "vault is in use by another process; close the other confidant and try again"
	case errors.Is(err, vault.ErrNewerFormat):
		return err.Error() + "; install a newer confidant to open it"
	case errors.Is(err, vault.ErrNotVault):
		return err.Error() + "; check --vault, or restore from a backup if it was a vault"
	case errors.Is(err, vault.ErrExists):
		return err.Error() + "; choose another path with --vault, or use the existing vault"
	case errors.Is(err, vault.ErrLocked):
		return "vault is locked; unlock it first"
	case errors.Is(err, vault.ErrCorrupt):
		return err.Error() + "; restore it from a backup with `confidant restore`"
	case errors.Is(err, vault.ErrDamaged):
		return err.Error() + "; run `confidant verify`, and restore from a backup if needed"
	case errors.Is(err, vault.ErrConflict):
		return err.Error() + "; read it again and repeat the change"
	}
	return err.Error()
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func (a *app) rootCommand() *cobra.Command {
	var create vault.CreateOptions
	var idle, clip, review, backup string
	root := &cobra.Command{
		Use:   "confidant",
		Short: "A sealed vault for the people who keep other people's secrets",
		Long: `Confidant keeps client dossiers (passports, health details, contacts,
confidential notes) in one local file where every value is sealed with age.

Run it bare to open the interactive vault. The passphrase is asked for on the
terminal, or read from the first line of --passphrase-file; never from an argument.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("unknown command %q", args[0])}
			}
			return nil
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			a.started = true
			// Every command from here on derives a key with scrypt, 256 MiB
			// at the default work factor, or reads a whole vault or file.
			useHugePages()
			return a.resolvePath()
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.interactive(cmd.Context(), create, idle, clip, review, backup)
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.vaultPath, "vault", "", "vault file (default $CONFIDANT_VAULT, else $XDG_DATA_HOME/confidant/vault.db)")
	pf.StringVar(&a.passphraseFile, "passphrase-file", "", "read the vault passphrase from the first line of `FILE`")
	root.Flags().IntVar(&create.WorkFactor, "work-factor", 0, "scrypt work factor if the first run creates a vault (default 18)")
	root.Flags().BoolVar(&create.PostQuantum, "pq", false, "post-quantum handoff identity if the first run creates a vault")
	root.Flags().StringVar(&idle, "idle-lock", "5m", "lock the interface after this long without use (like 5m, 1h)")
	root.Flags().StringVar(&clip, "clipboard-clear", "30s", "clear a copied value from the clipboard after this long")
	root.Flags().StringVar(&review, "review-every", "90d", "list a dossier as due for review when not reviewed for this long (like 90d)")
	root.Flags().StringVar(&backup, "backup-every", "7d", "remind to back up when a change has waited this long for a backup (like 7d; 0 never)")

	open := &cobra.Command{
		Use:   "open",
		Short: "Open the interactive vault (the same as bare confidant)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.interactive(cmd.Context(), create, idle, clip, review, backup)
		},
	}
	open.Flags().AddFlagSet(root.LocalNonPersistentFlags())
	root.AddCommand(open)
	root.AddCommand(a.initCommand(), a.addCommand(), a.editCommand(), a.listCommand(), a.upcomingCommand(), a.showCommand(), a.copyCommand(), a.codeCommand(), a.auditCommand(),
		a.searchCommand(), a.attachCommand(), a.detachCommand(), a.attachmentCommand(), a.rmCommand(), a.mergeCommand(),
		a.trashCommand(), a.restoreTrashCommand(), a.historyCommand(), a.revertCommand(), a.logCommand(),
		a.reviewCommand(), a.passwdCommand(), a.recipientCommand(), a.verifyCommand(), a.compactCommand(),
		a.backupCommand(), a.restoreCommand(), a.handoffCommand(), a.importCommand(), a.contactsCommand(), a.tagsCommand())
	return root
}

// noArgs, exactArgs and rangeArgs check positional arguments and report a
// usage error.
func noArgs(cmd *cobra.Command, args []string) error { return rangeArgs(0, 0)(cmd, args) }

func exactArgs(n int) cobra.PositionalArgs { return rangeArgs(n, n) }

func rangeArgs(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			if lo == hi {
				return usageError{fmt.Errorf("%s takes %s, got %d", cmd.CommandPath(), count(lo, "argument"), len(args))}
			}
			return usageError{fmt.Errorf("%s takes %d to %d arguments, got %d", cmd.CommandPath(), lo, hi, len(args))}
		}
		return nil
	}
}

func (a *app) resolvePath() error {
	if a.vaultPath == "" {
		a.vaultPath = a.env.Getenv("CONFIDANT_VAULT")
	}
	if a.vaultPath == "" {
		p, err := vault.DefaultPath()
		if err != nil {
			return err
		}
		a.vaultPath = p
	}
	return nil
}

// open opens the vault and, with unlock set, unlocks it with the passphrase.
// The caller closes the store.
func (a *app) open(unlock bool) (*vault.Store, error) {
	quiet := func(discard bool) {}
	if unlock && a.passphraseFile == "" {
		// The passphrase will be asked for on the terminal. What is typed
		// for it before the prompt shows (while the vault opens, or waits a
		// second for another process) is not echoed, and if the vault cannot
		// be opened it is thrown away rather than run by the shell: see
		// quietTerminal. The prompt reads what was typed ahead.
		if tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
			restore := quietTerminal(tty)
			quiet = func(discard bool) {
				restore(discard)
				tty.Close()
				quiet = func(bool) {}
			}
			defer func() { quiet(true) }()
		}
	}
	s, err := vault.Open(a.vaultPath, nil)
	if err != nil {
		return nil, err
	}
	if !unlock {
		return s, nil
	}
	pass, err := a.passphrase(fmt.Sprintf("Passphrase for %s: ", a.vaultPath))
	quiet(false) // echo and ctrl+c back, for the key derivation and what follows
	if err != nil {
		s.Close()
		return nil, err
	}
	defer clear(pass)
	if err := s.Unlock(pass); err != nil {
		s.Close()
		return nil, err
	}
	// Typed by a person (a script's passphrase file is left alone: its
	// every run would say it): a vault made before common passphrases were
	// refused says so, as the interface does.
	if a.passphraseFile == "" && vault.PassphraseProblem(pass) != "" {
		fmt.Fprintln(a.env.Stderr, "confidant: warning: the vault passphrase is a common password: change it with confidant passwd")
	}
	return s, nil
}

// withVault opens and unlocks the vault, runs fn, and closes it. It warns
// of damaged dossiers that fn came across: a command decrypts only what it
// needs, and `confidant verify` reads everything.
func (a *app) withVault(fn func(s *vault.Store) error) error {
	s, err := a.open(true)
	if err != nil {
		return err
	}
	defer s.Close()
	err = fn(s)
	if n := len(s.DamagedFound()); n > 0 && !a.quietDamaged {
		fmt.Fprintf(a.env.Stderr, "confidant: warning: %s could not be decrypted; run `confidant verify`\n", count(n, "dossier"))
	}
	return err
}

// parseDuration reads a Go duration ("90s", "5m", "1h30m") or a number of
// days ("90d"); it must be positive.
func parseDuration(flag, s string) (time.Duration, error) {
	var d time.Duration
	var err error
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		days, err = strconv.Atoi(n)
		d = time.Duration(days) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 {
		return 0, usageError{fmt.Errorf("--%s %q should be a duration like 30s, 5m, 1h or 90d", flag, s)}
	}
	return d, nil
}

// parseBackupEvery reads --backup-every: a duration as parseDuration takes
// it, or 0 (or off) for never, which the interface's Config says as a
// negative duration.
func parseBackupEvery(s string) (time.Duration, error) {
	if s == "0" || s == "off" {
		return -1, nil
	}
	return parseDuration("backup-every", s)
}

func (a *app) interactive(ctx context.Context, create vault.CreateOptions, idle, clip, review, backup string) error {
	ran := false
	if in, ok := a.env.Stdin.(*os.File); ok {
		restore := quietTerminal(in)
		defer func() { restore(!ran) }()
	}
	cfg := ui.Config{Path: a.vaultPath, Create: create}
	var err error
	if cfg.IdleLock, err = parseDuration("idle-lock", idle); err != nil {
		return err
	}
	if cfg.ClipboardClear, err = parseDuration("clipboard-clear", clip); err != nil {
		return err
	}
	if cfg.ReviewEvery, err = parseDuration("review-every", review); err != nil {
		return err
	}
	if cfg.BackupEvery, err = parseBackupEvery(backup); err != nil {
		return err
	}
	if !hasTerminal() {
		// Bubble Tea's words were "error opening TTY: could not open TTY:
		// open /dev/tty: no such device or address".
		return errors.New("the interactive vault needs a terminal, and there is none here (a script, cron, a pipe); use the commands instead: confidant --help")
	}
	s, err := vault.Open(a.vaultPath, nil)
	if errors.Is(err, vault.ErrNoVault) {
		s, err = nil, nil
	}
	if err != nil {
		return err
	}
	cfg.Store = s
	ran = true
	end, err := ui.Run(ctx, cfg)
	if end != nil {
		end.Close()
	}
	if s != nil && s != end {
		s.Close()
	}
	return err
}
