package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"confidant/ui"
	"confidant/vault"
)

func (a *app) contactsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contacts",
		Short: "Keep colleagues' public keys, for handoff --contact NAME",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.listContacts()
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "add NAME RECIPIENT",
		Short: "Add a colleague: age1…, age1pq1…, \"ssh-ed25519 …\", \"ssh-rsa …\" or a plugin recipient",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				c, err := s.AddContact(args[0], args[1])
				if err != nil {
					return exchangeError(err, nil)
				}
				fmt.Fprintf(a.env.Stdout, "added %s (%s)\n", ui.Plain(c.Name), abbreviateKey(c.Recipient))
				return nil
			})
		},
	}, &cobra.Command{
		Use:   "list",
		Short: "List the address book",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.listContacts()
		},
	}, &cobra.Command{
		Use:   "rm NAME",
		Short: "Remove a colleague from the address book",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				if err := s.RemoveContact(args[0]); err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "removed %s\n", ui.Plain(args[0]))
				return nil
			})
		},
	})
	return cmd
}

func (a *app) listContacts() error {
	return a.withVault(func(s *vault.Store) error {
		cs, err := s.Contacts()
		if err := a.partial(err, len(cs)); err != nil {
			return err
		}
		tw := newColumns(a.env.Stdout)
		for _, c := range cs {
			fmt.Fprintf(tw, "%s\t%s\n", ui.Plain(c.Name), ui.Plain(c.Recipient))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		return err
	})
}
