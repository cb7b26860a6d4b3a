package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"confidant/ui"
	"confidant/vault"
)

// tagJSON is a tag in tags --json.
type tagJSON struct {
	Tag      string `json:"tag"`
	Dossiers int    `json:"dossiers"`
}

func (a *app) tagsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "tags",
		Short: "List the tags with how many dossiers carry each; rename or remove one everywhere",
		Long: `tags lists every tag with how many dossiers carry it, most carried first
(tags that differ only in case are one). tags rename OLD NEW gives every
dossier tagged OLD the tag NEW instead (merging the two where a dossier has
both), tags rm TAG takes TAG from every dossier, and tags add TAG gives it
to the dossiers named or found by --search: all in one write, each
dossier as a new version, so history shows and revert undoes it.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				tags, err := s.Tags()
				if err != nil {
					return err
				}
				if asJSON {
					out := make([]tagJSON, 0, len(tags))
					for _, t := range tags {
						out = append(out, tagJSON{t.Tag, t.Dossiers})
					}
					return writeJSON(a.env.Stdout, out)
				}
				if len(tags) == 0 {
					fmt.Fprintln(a.env.Stderr, "no tags")
					return nil
				}
				w := bufio.NewWriter(a.env.Stdout)
				tw := newColumns(w)
				fmt.Fprintln(tw, "DOSSIERS\tTAG")
				for _, tc := range tags {
					fmt.Fprintf(tw, "%s\t%s\n", strconv.Itoa(tc.Dossiers), ui.Plain(tc.Tag))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				return w.Flush()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	rename := func(from, to string) error {
		return a.withVault(func(s *vault.Store) error {
			n, err := s.RenameTag(from, to)
			if err != nil {
				return err
			}
			switch {
			case n == 0:
				fmt.Fprintf(a.env.Stderr, "confidant: no dossier is tagged %s\n", ui.Plain(from))
			case to == "":
				fmt.Fprintf(a.env.Stdout, "took %s from %s\n", ui.Plain(from), count(n, "dossier"))
			default:
				fmt.Fprintf(a.env.Stdout, "%s is %s now, in %s\n", ui.Plain(from), ui.Plain(to), count(n, "dossier"))
			}
			return nil
		})
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "rename OLD NEW",
		Short: "Give every dossier tagged OLD the tag NEW instead",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[1] == "" {
				return usageError{fmt.Errorf("the new name is empty: tags rm %s takes the tag away", ui.Plain(args[0]))}
			}
			return rename(args[0], args[1])
		},
	}, &cobra.Command{
		Use:   "rm TAG",
		Short: "Take TAG from every dossier that carries it",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return rename(args[0], "")
		},
	}, a.tagAddCommand())
	return cmd
}

// tagAddCommand is `tags add TAG (ID|TITLE)… [--search QUERY]`.
func (a *app) tagAddCommand() *cobra.Command {
	var search string
	add := &cobra.Command{
		Use:   "add TAG [ID|TITLE]... [--search QUERY]",
		Short: "Give TAG to the dossiers named, or to every dossier a search finds",
		Long: `tags add gives TAG to each dossier named, and with --search to every
dossier that search QUERY finds (confidant search shows which first): a
household, the staff of one house, the clients of one board. One write,
each dossier that lacks the tag a new version; one that carries it already
is left as it is.`,
		Args: rangeArgs(1, 1000),
		RunE: func(cmd *cobra.Command, args []string) error {
			tag := args[0]
			if len(args) == 1 && search == "" {
				return usageError{errors.New("name the dossiers to tag after the tag, or give --search QUERY")}
			}
			return a.withVault(func(s *vault.Store) error {
				var ids []vault.ID
				seen := map[vault.ID]bool{}
				take := func(id vault.ID) {
					if !seen[id] {
						seen[id] = true
						ids = append(ids, id)
					}
				}
				for _, ref := range args[1:] {
					d, err := s.Resolve(ref)
					if err != nil {
						return err
					}
					take(d.ID)
				}
				if search != "" {
					found := s.Search(search)
					if len(found) == 0 {
						return fmt.Errorf("search %q finds no dossier: nothing tagged", ui.Plain(search))
					}
					for _, d := range found {
						take(d.ID)
					}
				}
				n, err := s.TagAll(ids, tag)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "tagged %s %s", count(n, "dossier"), ui.Plain(strings.TrimSpace(tag)))
				if had := len(ids) - n; had > 0 {
					fmt.Fprintf(a.env.Stdout, "; %d had it already", had)
				}
				fmt.Fprintln(a.env.Stdout)
				return nil
			})
		},
	}
	add.Flags().StringVar(&search, "search", "", "tag every dossier this search finds (words, #tag, kind:K, a phone number, as search takes)")
	return add
}
