package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"confidant/crypto"
	"confidant/vault"
)

func (a *app) initCommand() *cobra.Command {
	var co vault.CreateOptions
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a new vault (refuses to touch an existing one)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if co.WorkFactor != 0 && (co.WorkFactor < crypto.MinWorkFactor || co.WorkFactor > crypto.MaxWorkFactor) {
				return usageError{fmt.Errorf("--work-factor %d is out of range (%d to %d)", co.WorkFactor, crypto.MinWorkFactor, crypto.MaxWorkFactor)}
			}
			pass, err := newPassphrase(a.passphraseFile, "vault passphrase", a.env.Stderr)
			if err != nil {
				return err
			}
			defer clear(pass)
			s, err := vault.Create(a.vaultPath, pass, co, nil)
			if err != nil {
				return err
			}
			defer s.Close()
			rcpt, err := s.Recipient()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.env.Stdout, "created %s\nhandoff recipient: %s\n", a.vaultPath, rcpt)
			return nil
		},
	}
	cmd.Flags().IntVar(&co.WorkFactor, "work-factor", 0, "scrypt work factor, log2 N (default 18, about a second)")
	cmd.Flags().BoolVar(&co.PostQuantum, "pq", false, "make the handoff identity post-quantum (age1pq1…)")
	return cmd
}

func (a *app) passwdCommand() *cobra.Command {
	var newFile string
	var wf int
	var newRecipient bool
	cmd := &cobra.Command{
		Use:   "passwd",
		Short: "Change the vault passphrase (and the key every value is sealed with)",
		Long: `passwd asks for a new vault passphrase (twice, on the terminal, or from the
first line of --new-passphrase-file), makes a new vault key, seals every
value again with it, and overwrites what the old keys and values leave in
the file. A copy of the vault made before still opens with the old
passphrase, and what it holds is readable to whoever has both.

If the old passphrase may have leaked and a copy of the vault been opened
with it, give --new-recipient too: the vault's handoff identity is then
replaced as well, since whoever opened such a copy holds it, can read the
handoffs addressed to the vault, and can seal handoffs in its name. The new
recipient is printed: give it to the colleagues who hand dossiers to you,
as handoffs addressed to the old one no longer open.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				pass, err := newPassphrase(newFile, "vault passphrase", a.env.Stderr)
				if err != nil {
					return err
				}
				defer clear(pass)
				if err := a.wiped(s.ChangeKeys(pass, vault.KeyChange{WorkFactor: wf, NewRecipient: newRecipient})); err != nil {
					return err
				}
				fmt.Fprintln(a.env.Stdout, "passphrase changed")
				if newRecipient {
					rcpt, err := s.Recipient()
					if err != nil {
						return err
					}
					fmt.Fprintf(a.env.Stdout, "the vault's new recipient, for colleagues to address handoffs to (those addressed to the old one no longer open):\n%s\n", rcpt)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&newFile, "new-passphrase-file", "", "read the new passphrase from the first line of `FILE`")
	cmd.Flags().IntVar(&wf, "work-factor", 0, "also change the scrypt work factor")
	cmd.Flags().BoolVar(&newRecipient, "new-recipient", false, "also replace the vault's handoff identity (after a leak): colleagues need the new recipient")
	return cmd
}

func (a *app) recipientCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "recipient",
		Short: "Print the vault's public age recipient, for colleagues to address handoffs to",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				r, err := s.Recipient()
				if err != nil {
					return err
				}
				fmt.Fprintln(a.env.Stdout, r)
				return nil
			})
		},
	}
}

func (a *app) verifyCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Decrypt every value in the vault and report each damaged one",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.quietDamaged = true
			return a.withVault(func(s *vault.Store) error {
				rep, err := s.Verify()
				if err != nil {
					return err
				}
				for _, p := range rep.Problems {
					id := "(vault)"
					if !p.Dossier.IsZero() {
						id = p.Dossier.String()
					}
					fmt.Fprintf(a.env.Stdout, "damaged\t%s\t%s\n", id, p.Where)
				}
				for _, p := range rep.TooLong {
					fmt.Fprintf(a.env.Stdout, "too long\t%s\t%s\n", p.Dossier, p.Where)
				}
				if len(rep.Problems) > 0 {
					// Not wrapping vault.ErrDamaged, whose hint is to run verify.
					return fmt.Errorf("%d of %d values are damaged or tampered with (listed above); restore the vault from a backup if you need them", len(rep.Problems), rep.Values)
				}
				if len(rep.TooLong) > 0 {
					return fmt.Errorf("%s over the limits a backup is read back with (listed above): a backup stops at each until it is shortened with confidant edit", count(len(rep.TooLong), "dossier"))
				}
				fmt.Fprintf(a.env.Stdout, "ok: %d dossiers, %d values decrypted\n", rep.Dossiers, rep.Values)
				return nil
			})
		},
	}
}

func (a *app) compactCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "compact",
		Short: "Write the vault file anew with only what it holds, to make it smaller",
		Long: `compact writes the vault anew into a file beside it, holding only what is
live, and moves it into the vault's place. The vault file never shrinks by
itself: a passphrase change rewrites every value once, and removed files,
purged dossiers and forgotten log events leave free room, overwritten but
kept. Nothing is decrypted, so no passphrase is asked. It needs room on the
disk for the copy; if anything fails, the vault is left as it was.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(false)
			if err != nil {
				return err
			}
			defer s.Close()
			before, after, err := s.Compact()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.env.Stdout, "compacted %s: %s, was %s\n", a.vaultPath, Size(after), Size(before))
			return nil
		},
	}
}
