package cli

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"confidant/crypto"
	"confidant/ui"
	"confidant/vault"
	"confidant/vault/importers"
)

// defaultMaxFile is the largest encrypted file backup --verify, restore and
// import read; past it they refuse before reading it all.
const defaultMaxFile = 1 << 30

// hinted adds what to do to an error, keeping it comparable with errors.Is.
type hinted struct {
	err  error
	hint string
}

func (h hinted) Error() string { return h.err.Error() + "; " + h.hint }
func (h hinted) Unwrap() error { return h.err }

// exchangeError adds a hint to the errors of reading and writing files for
// other people. contacts, if any, name the ssh key a file is for.
func exchangeError(err error, contacts []vault.Contact) error {
	var nf *crypto.NotForYouError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &nf):
		for _, tag := range nf.SSHTags {
			for _, c := range contacts {
				if r, perr := crypto.ParseRecipient(c.Recipient, nil); perr == nil && r.Tag() == tag {
					return hinted{err, fmt.Sprintf("that key is contact %s's (%s); the file was meant for them", ui.Plain(c.Name), ui.Plain(c.Recipient))}
				}
			}
		}
		return hinted{err, "give the matching identity with --identity FILE"}
	case errors.Is(err, crypto.ErrPassphraseNeeded):
		return hinted{err, "give its passphrase with --backup-passphrase-file FILE, or run on a terminal"}
	case errors.Is(err, crypto.ErrWrongPassphrase):
		return hinted{errors.New("wrong passphrase for the file"), "check --backup-passphrase-file"}
	case errors.Is(err, crypto.ErrPlugin):
		return hinted{err, "nothing was changed; check the key is plugged in and its PIN (asked on the terminal), and try again"}
	case errors.Is(err, crypto.ErrCorrupt):
		return hinted{err, "nothing was changed; ask for the file again or use another copy"}
	case errors.Is(err, vault.ErrForged):
		return hinted{err, "nothing was changed; ask the sender, by phone or in person, whether they sent it"}
	case errors.Is(err, crypto.ErrTooLarge):
		return hinted{err, "nothing was read past the limit and nothing was changed"}
	case errors.Is(err, vault.ErrBundleVersion):
		return hinted{err, "install a newer confidant to read it"}
	case errors.Is(err, importers.ErrWorkbook):
		return hinted{err, importers.WorkbookHint}
	case errors.Is(err, importers.ErrUnknownFormat):
		return hinted{err, "force one with --format"}
	case errors.Is(err, crypto.ErrRecipient):
		return hinted{err, "a recipient is age1…, age1pq1…, ssh-ed25519 … or ssh-rsa …"}
	}
	return err
}

// writeBundle encrypts the bundle into path, atomically.
func writeBundle(path string, b *vault.Bundle, encrypt func(io.Writer) (io.WriteCloser, error)) error {
	return vault.WriteFileAtomic(path, true, func(w io.Writer) error {
		ew, err := encrypt(vault.CappedWriter(w))
		if err != nil {
			return err
		}
		if err := b.Encode(ew); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if err := ew.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	})
}

// sources is how a command decrypts a file: identity files and a passphrase.
type sources struct {
	identities     []string
	passphraseFile string
	maxSize        int64
}

func (src *sources) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVarP(&src.identities, "identity", "i", nil, "an age or ssh identity `FILE` to decrypt with (repeatable)")
	cmd.Flags().StringVar(&src.passphraseFile, "backup-passphrase-file", "", "read the file's passphrase from the first line of `FILE`")
	cmd.Flags().Int64Var(&src.maxSize, "max-size", defaultMaxFile, "refuse an encrypted file larger than this many bytes")
	cmd.Flags().MarkHidden("max-size")
}

// identities returns what to decrypt with: the identity files, then a
// passphrase read only if the file turns out to need one.
func (src *sources) identitySet(a *app) ([]crypto.Identity, error) {
	var ids []crypto.Identity
	for _, path := range src.identities {
		data, err := readLimited(path, 1<<20)
		if err != nil {
			return nil, fmt.Errorf("reading the identity file: %w", err)
		}
		got, err := crypto.ParseIdentities(data, path, askPassphrase, a.env.Stderr)
		clear(data)
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
	}
	ids = append(ids, crypto.PassphraseIdentity(func() ([]byte, error) {
		if src.passphraseFile != "" {
			return readPassphraseFile(src.passphraseFile)
		}
		p, err := askPassphrase("Passphrase of the file: ")
		if errors.Is(err, errNoTerminal) {
			return nil, nil
		}
		return p, err
	}))
	return ids, nil
}

// decryptFile reads and decrypts an age file, refusing one over max bytes
// before reading it. It returns the plaintext, the SHA-256 of the file as it
// is on disk and what the file says about its writer. With plaintextOK, a
// file that is not age-encrypted is returned as it is, with a nil sender.
func decryptFile(path string, max int64, ids []crypto.Identity, plaintextOK bool) ([]byte, [32]byte, *crypto.Sender, error) {
	var sum [32]byte
	f, size, err := vault.OpenInput(path) // size 0 when unknown: Decrypt then grows its buffer as it reads
	if err != nil {
		return nil, sum, nil, err
	}
	defer f.Close()
	if size > max {
		return nil, sum, nil, fmt.Errorf("%s is %s: %w (%s)", path, Size(size), crypto.ErrTooLarge, Size(max))
	}
	h := sha256.New()
	plain, sender, err := crypto.DecryptSender(crypto.Sized(io.TeeReader(f, h), size), max, ids...)
	if errors.Is(err, crypto.ErrNotAgeFile) && plaintextOK {
		limit := min(max, importers.MaxInput)
		plain, sum, err := vault.ReadPlainFile(path, limit)
		if errors.Is(err, crypto.ErrTooLarge) {
			err = fmt.Errorf("%w (%s)", crypto.ErrTooLarge, Size(limit))
		}
		return plain, sum, nil, err // no sender: the file was not age-encrypted
	}
	if err != nil {
		return nil, sum, nil, fmt.Errorf("%s: %w", path, err)
	}
	// Hash whatever followed the age payload too (armor trailers).
	if _, err := io.Copy(h, io.LimitReader(f, max)); err != nil {
		clear(plain)
		sender.Wipe()
		return nil, sum, nil, err
	}
	copy(sum[:], h.Sum(nil))
	return plain, sum, sender, nil
}

// recipientFlags are how backup and handoff name recipients.
type recipientFlags struct {
	to       []string
	file     string
	contacts []string
	armor    bool
}

func (rf *recipientFlags) parse(a *app, s *vault.Store) ([]crypto.Recipient, []string, error) {
	var rs []crypto.Recipient
	var names []string
	for _, t := range rf.to {
		r, err := crypto.ParseRecipient(t, a.env.Stderr)
		if err != nil {
			return nil, nil, usageError{err}
		}
		rs, names = append(rs, r), append(names, abbreviateKey(r.String()))
	}
	if rf.file != "" {
		data, err := readLimited(rf.file, 1<<20)
		if err != nil {
			return nil, nil, fmt.Errorf("reading the recipients file: %w", err)
		}
		got, err := crypto.ParseRecipientsFile(data, a.env.Stderr)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", rf.file, err)
		}
		for _, r := range got {
			rs, names = append(rs, r), append(names, abbreviateKey(r.String()))
		}
	}
	for _, name := range rf.contacts {
		if s == nil {
			return nil, nil, usageError{errors.New("--contact needs the vault")}
		}
		c, err := s.Contact(name)
		if err != nil {
			return nil, nil, fmt.Errorf("%w; see `confidant contacts list`", err)
		}
		r, err := crypto.ParseRecipient(c.Recipient, a.env.Stderr)
		if err != nil {
			return nil, nil, fmt.Errorf("contact %s: %w", ui.Plain(c.Name), err)
		}
		rs, names = append(rs, r), append(names, fmt.Sprintf("%s (%s)", ui.Plain(c.Name), abbreviateKey(c.Recipient)))
	}
	if err := crypto.CheckRecipients(rs); err != nil {
		return nil, nil, err
	}
	return rs, names, nil
}

// abbreviateKey shortens a public key for a message: age1qyqs…x7ke.
func abbreviateKey(k string) string { return ui.AbbreviateKey(k) }

func (a *app) backupCommand() *cobra.Command {
	var out, verify, passFile string
	var rf recipientFlags
	var noHistory, copyVault bool
	var wf int
	var src sources
	cmd := &cobra.Command{
		Use:   "backup --out FILE | --verify FILE",
		Short: "Write the whole vault to an age-encrypted backup, or check one",
		Long: `backup writes every dossier, with secrets, attachments and history, and
the address book, the trash, the access log and the vault's handoff identity,
as one age-encrypted bundle (see docs/FORMAT.md). It is
encrypted with a backup passphrase (asked twice, or --backup-passphrase-file),
or to public keys with --recipient / --recipients-file. The stock age command
decrypts it: age -d [-i KEY] FILE.

The file is written under a temporary name beside FILE, synced, then renamed:
an interrupted backup never replaces a good one.

--copy writes the vault file itself instead, as it stands: every value still
sealed with the vault passphrase, so no passphrase is asked and nothing is
decrypted. A scheduled job can make it without keeping a passphrase in a file.
It opens with the vault passphrase: confidant --vault FILE.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if verify != "" {
				if out != "" {
					return usageError{errors.New("use either --out or --verify")}
				}
				src.passphraseFile = passFile
				return a.verifyBackup(verify, &src)
			}
			if out == "" {
				return usageError{errors.New("backup needs --out FILE (or --verify FILE)")}
			}
			usesKeys := len(rf.to) > 0 || rf.file != ""
			if copyVault {
				if usesKeys || len(rf.contacts) > 0 || passFile != "" || rf.armor || noHistory {
					return usageError{errors.New("--copy writes the vault file as it is: it takes no recipients, backup passphrase, --armor or --no-history")}
				}
				s, err := a.open(false) // no passphrase: nothing is decrypted
				if err != nil {
					return err
				}
				defer s.Close()
				if err := s.CopyTo(out); errors.Is(err, vault.ErrBackupNotRecorded) {
					fmt.Fprintf(a.env.Stderr, "confidant: warning: %v\n", err)
				} else if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "copied the vault to %s, sealed with the vault passphrase as it is; it opens with confidant --vault %s\n", out, out)
				return nil
			}
			if usesKeys && passFile != "" {
				return usageError{errors.New("use either a backup passphrase or recipients, not both")}
			}
			if len(rf.contacts) > 0 {
				return usageError{errors.New("backup takes --recipient, not --contact")}
			}
			if wf < crypto.MinWorkFactor || wf > crypto.MaxWorkFactor {
				return usageError{fmt.Errorf("--work-factor %d is out of range (%d to %d)", wf, crypto.MinWorkFactor, crypto.MaxWorkFactor)}
			}
			return a.withVault(func(s *vault.Store) error {
				var encrypt func(io.Writer) (io.WriteCloser, error)
				to := "a backup passphrase"
				if usesKeys {
					rs, names, err := rf.parse(a, nil)
					if err != nil {
						return exchangeError(err, nil)
					}
					to = strings.Join(names, ", ")
					encrypt = func(w io.Writer) (io.WriteCloser, error) { return crypto.EncryptTo(w, rs, rf.armor) }
				} else {
					pass, err := newPassphrase(passFile, "backup passphrase", a.env.Stderr)
					if err != nil {
						return err
					}
					defer clear(pass)
					encrypt = func(w io.Writer) (io.WriteCloser, error) {
						return crypto.EncryptWithPassphrase(w, pass, wf, rf.armor)
					}
				}
				opts := vault.Backup()
				opts.History = !noHistory
				opts.From, _ = s.Recipient()
				// The backup streams the vault through small buffers
				// and the process ends a tenth of a second later: a
				// collection every few MB allocated was a tenth of the
				// command's time. Peak memory goes from 32 to 38 MB at
				// 10,000 dossiers (bench/compare.sh, docs/BENCHMARKS.md).
				defer debug.SetGCPercent(debug.SetGCPercent(400))
				n, err := s.WriteBackup(out, opts, encrypt, true)
				if err != nil {
					return exchangeError(err, nil)
				}
				if err := s.RecordBackup(n.At, "backup to "+filepath.Base(out)); err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "backed up %s, %d in the trash, %s and %s to %s, encrypted to %s\n",
					count(n.Dossiers, "dossier"), n.Trash, count(n.Contacts, "contact"), count(n.Log, "log event"), out, to)
				if len(n.Unreadable) > 0 {
					fmt.Fprintf(a.env.Stderr, "confidant: warning: the backup leaves out what it could not read or hold: %s; `confidant verify` shows what is damaged\n", strings.Join(n.Unreadable, ", "))
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&out, "out", "o", "", "write the backup to `FILE`")
	fl.StringVar(&verify, "verify", "", "check that the backup `FILE` decrypts and is complete")
	fl.StringVar(&passFile, "backup-passphrase-file", "", "read the backup passphrase from the first line of `FILE`")
	fl.StringArrayVarP(&rf.to, "recipient", "r", nil, "encrypt to this public key instead of a passphrase (repeatable)")
	fl.StringVarP(&rf.file, "recipients-file", "R", "", "encrypt to the public keys in `FILE`, one a line")
	fl.BoolVarP(&rf.armor, "armor", "a", false, "write ASCII armor instead of binary")
	fl.BoolVar(&noHistory, "no-history", false, "leave out earlier versions of dossiers")
	fl.BoolVar(&copyVault, "copy", false, "write a copy of the vault file itself, still sealed with the vault passphrase: none is asked")
	fl.IntVar(&wf, "work-factor", crypto.DefaultWorkFactor, "scrypt work factor of the backup passphrase")
	fl.StringArrayVarP(&src.identities, "identity", "i", nil, "with --verify: an identity `FILE` to decrypt with (repeatable)")
	fl.Int64Var(&src.maxSize, "max-size", defaultMaxFile, "with --verify: refuse a file larger than this many bytes")
	fl.MarkHidden("max-size")
	return cmd
}

// readBackup decrypts and parses a backup file.
func (a *app) readBackup(path string, src *sources) (*vault.Bundle, error) {
	ids, err := src.identitySet(a)
	if err != nil {
		return nil, err
	}
	plain, _, sender, err := decryptFile(path, src.maxSize, ids, false)
	sender.Wipe()
	if errors.Is(err, crypto.ErrNotAgeFile) {
		if vault.IsVaultFile(path) {
			return nil, hinted{err, fmt.Sprintf("it is a vault file (a copy from backup --copy?), used as it is: check it with confidant --vault %s verify", ui.Plain(path))}
		}
		return nil, hinted{err, "a Confidant backup is an age file (confidant backup --out writes one); check the path"}
	}
	if err != nil {
		return nil, exchangeError(err, nil)
	}
	defer clear(plain)
	b, err := vault.ParseBundle(plain)
	if err != nil {
		return nil, exchangeError(fmt.Errorf("%s: %w", path, err), nil)
	}
	return b, nil
}

func (a *app) verifyBackup(path string, src *sources) error {
	b, err := a.readBackup(path, src)
	if err != nil {
		return err
	}
	defer b.Wipe()
	if b.Purpose != vault.PurposeBackup {
		return fmt.Errorf("%s is a handoff, not a backup; bring it in with `confidant import`", path)
	}
	atts, versions, missing := 0, 0, 0
	for _, d := range append(slices.Clip(b.Dossiers), b.Trash...) {
		atts += len(d.Content)
		versions += len(d.History)
		for _, at := range d.Dossier.Attachments {
			if _, ok := d.Content[at.ID]; !ok {
				missing++
			}
		}
	}
	if missing > 0 {
		lack := "lack their content"
		if missing == 1 {
			lack = "lacks its content"
		}
		return fmt.Errorf("%s is incomplete: %s %s; make a new backup", path, count(missing, "attachment"), lack)
	}
	identity := "with"
	if b.Identity == "" {
		identity = "without"
	}
	fmt.Fprintf(a.env.Stdout, "ok: %s decrypts and is complete: %s, %d in the trash, %s, %s, %s, %s, %s the handoff identity, made %s\n",
		path, count(len(b.Dossiers), "dossier"), len(b.Trash), count(atts, "attachment"), count(versions, "earlier version"),
		count(len(b.Contacts), "contact"), count(len(b.Log), "log event"), identity, stamp(b.Created))
	return nil
}

func (a *app) restoreCommand() *cobra.Command {
	var src sources
	var co vault.CreateOptions
	var newIdentity bool
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Create a new vault at --vault from a backup",
		Long: `restore decrypts a backup (with its passphrase, or --identity FILE) and
creates a NEW vault from it at --vault, asking for the new vault's passphrase
(or reading --passphrase-file). It never overwrites an existing vault. The
dossiers, their history and attachments, the trash, the address book and the
access log come back as they were.

The new vault has a new vault key but keeps the backup's handoff identity,
so handoffs colleagues sent to the old vault still open. --new-identity makes
a new one instead (--pq: post-quantum); tell colleagues the recipient printed
at the end.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if co.WorkFactor != 0 && (co.WorkFactor < crypto.MinWorkFactor || co.WorkFactor > crypto.MaxWorkFactor) {
				return usageError{fmt.Errorf("--work-factor %d is out of range (%d to %d)", co.WorkFactor, crypto.MinWorkFactor, crypto.MaxWorkFactor)}
			}
			if _, err := os.Lstat(a.vaultPath); err == nil {
				return fmt.Errorf("%w: %s", vault.ErrExists, a.vaultPath)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			b, err := a.readBackup(args[0], &src)
			if err != nil {
				return err
			}
			defer b.Wipe()
			if b.Purpose != vault.PurposeBackup {
				return fmt.Errorf("%s is a handoff, not a backup; create a vault with `confidant init` and `confidant import` it", args[0])
			}
			kept := b.Identity != "" && !newIdentity
			if kept {
				if co.PostQuantum && !strings.HasPrefix(b.Identity, "AGE-SECRET-KEY-PQ-1") {
					return usageError{errors.New("the backup's handoff identity is not post-quantum; add --new-identity to make a new one")}
				}
				co.Identity = b.Identity
			}
			pass, err := newPassphrase(a.passphraseFile, "vault passphrase", a.env.Stderr)
			if err != nil {
				return err
			}
			defer clear(pass)
			s, err := vault.CreateFromBackup(a.vaultPath, pass, b, filepath.Base(args[0]), co, nil)
			if err != nil {
				return err
			}
			defer s.Close()
			rcpt, _ := s.Recipient()
			which := "handoff recipient (kept from the backup)"
			if !kept {
				which = "new handoff recipient (tell your colleagues)"
			}
			fmt.Fprintf(a.env.Stdout, "restored %s, %d in the trash, %s and %s into %s\n%s: %s\n",
				count(len(b.Dossiers), "dossier"), len(b.Trash), count(len(b.Contacts), "contact"), count(len(b.Log), "log event"), a.vaultPath, which, rcpt)
			return nil
		},
	}
	src.register(cmd)
	cmd.Flags().IntVar(&co.WorkFactor, "work-factor", 0, "scrypt work factor of the new vault (default 18)")
	cmd.Flags().BoolVar(&newIdentity, "new-identity", false, "make a new handoff identity instead of keeping the backup's")
	cmd.Flags().BoolVar(&co.PostQuantum, "pq", false, "with --new-identity: make it post-quantum")
	return cmd
}

func (a *app) handoffCommand() *cobra.Command {
	var rf recipientFlags
	var tags []string
	var out string
	var secrets, attachments, dryRun, leaveNotes bool
	var withSecrets, leave, withFiles []string
	cmd := &cobra.Command{
		Use:   "handoff --to RECIPIENT|--contact NAME… (ID|TITLE|--tag T)… --out FILE",
		Short: "Hand chosen dossiers to colleagues, encrypted to their public keys",
		Long: `handoff writes the chosen dossiers to an age file only the named colleagues
can open, sealed as this vault's so that their vaults can tell who wrote it.
Secret fields and attachments stay behind unless --include-secrets and
--include-attachments say otherwise; history always stays. What goes may be
chosen label by label: --include-secret "Passport number" takes that secret
and no other, --include-attachment passport.pdf that file and no other,
--leave Allergies keeps that field (or date) back, whatever it is, and
--leave-notes the notes. What stays behind is not named in the
file. It prints exactly which dossiers and fields leave before writing;
--dry-run stops there.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" && !dryRun {
				return usageError{errors.New("handoff needs --out FILE (or --dry-run)")}
			}
			if len(rf.to) == 0 && len(rf.contacts) == 0 && rf.file == "" {
				return usageError{errors.New("handoff needs --to RECIPIENT or --contact NAME")}
			}
			if len(args) == 0 && len(tags) == 0 {
				return usageError{errors.New("name the dossiers to hand off: ID, TITLE or --tag T")}
			}
			return a.withVault(func(s *vault.Store) error {
				rs, names, err := rf.parse(a, s)
				if err != nil {
					return exchangeError(err, nil)
				}
				var chosen []vault.Dossier
				seen := map[vault.ID]bool{}
				pick := func(d vault.Dossier) {
					if !seen[d.ID] {
						seen[d.ID] = true
						chosen = append(chosen, d)
					}
				}
				for _, ref := range args {
					d, err := s.Resolve(ref)
					if err != nil {
						return err
					}
					pick(d)
				}
				for _, t := range tags {
					n := 0
					sums, err := s.Summaries()
					if err != nil {
						return err
					}
					for _, x := range sums {
						if x.HasTag(t) {
							d, err := s.Get(x.ID)
							if err != nil {
								return err
							}
							pick(d)
							n++
						}
					}
					if n == 0 {
						return fmt.Errorf("no dossier has the tag %q: %w", t, vault.ErrNotFound)
					}
				}
				ids := make([]vault.ID, len(chosen))
				for i, d := range chosen {
					ids[i] = d.ID
				}
				choice, err := handoffChoice(chosen, secrets, attachments, leaveNotes, withSecrets, leave, withFiles)
				if err != nil {
					return err
				}
				from, _ := s.Recipient()
				b, err := s.Export(choice.Export(ids, from))
				if err != nil {
					return err
				}
				defer b.Wipe()
				to := make([]string, len(rs))
				for i, r := range rs {
					to[i] = r.String()
				}
				a.printHandoff(chosen, b, names, s.SealsHandoffTo(to))
				if dryRun {
					fmt.Fprintln(a.env.Stdout, "dry run: nothing written")
					return nil
				}
				encrypt, err := s.HandoffEncrypter(rs, rf.armor, b)
				if err != nil {
					return exchangeError(err, nil)
				}
				if err = writeBundle(out, b, encrypt); err != nil {
					return exchangeError(err, nil)
				}
				detail := fmt.Sprintf("to %s in %s", strings.Join(names, ", "), filepath.Base(out))
				if err := s.RecordEach(vault.ActHandedOff, ids, detail); err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "wrote %s\n", out)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&rf.to, "to", "r", nil, "a colleague's public key: age1…, age1pq1…, ssh-ed25519 …, ssh-rsa … (repeatable)")
	fl.StringArrayVar(&rf.contacts, "contact", nil, "a contact from the address book, by name (repeatable)")
	fl.StringVarP(&rf.file, "recipients-file", "R", "", "also encrypt to the public keys in `FILE`")
	fl.StringArrayVar(&tags, "tag", nil, "hand off every dossier with this tag (repeatable)")
	fl.StringVarP(&out, "out", "o", "", "write the handoff to `FILE`")
	fl.BoolVar(&secrets, "include-secrets", false, "include secret fields")
	fl.StringArrayVar(&withSecrets, "include-secret", nil, "include the secret fields with this `LABEL`, and no other secret (repeatable)")
	fl.StringArrayVar(&leave, "leave", nil, "leave the fields and dates with this `LABEL` behind, secret or not (repeatable)")
	fl.BoolVar(&leaveNotes, "leave-notes", false, "leave the notes behind")
	fl.StringArrayVar(&withFiles, "include-attachment", nil, "include the attachments of this `NAME`, and no other (repeatable)")
	fl.BoolVar(&attachments, "include-attachments", false, "include attachments")
	fl.BoolVar(&dryRun, "dry-run", false, "only show what would leave")
	fl.BoolVarP(&rf.armor, "armor", "a", false, "write ASCII armor instead of binary")
	return cmd
}

// handoffChoice makes the choice of what goes from handoff's flags. A label
// that none of the chosen dossiers has is refused: a misspelt --leave
// must not let the field it meant leave.
func handoffChoice(chosen []vault.Dossier, allSecrets, attachments, noNotes bool, secrets, leave, files []string) (ui.HandoffChoice, error) {
	c := ui.HandoffChoice{AllSecrets: allSecrets, Attachments: attachments, NoNotes: noNotes,
		Secrets: map[string]bool{}, LeaveFields: map[string]bool{}, LeaveDates: map[string]bool{}, AttachmentNames: map[string]bool{}}
	has := func(label string, secretOnly, dates bool) bool {
		k := ui.LabelKey(label)
		for _, d := range chosen {
			for _, f := range d.Fields {
				if ui.LabelKey(f.Label) == k && (f.Secret || !secretOnly) {
					return true
				}
			}
			for _, dt := range d.Dates {
				if dates && ui.LabelKey(dt.Label) == k {
					return true
				}
			}
			// A secret written in the notes goes or stays by its label.
			if slices.ContainsFunc(vault.NoteSecretLabels(&d), func(l string) bool { return ui.LabelKey(l) == k }) {
				return true
			}
		}
		return false
	}
	for _, l := range secrets {
		if !has(l, true, false) {
			return c, usageError{fmt.Errorf("--include-secret %q: no chosen dossier has a secret of that label", l)}
		}
		c.Secrets[ui.LabelKey(l)] = true
	}
	for _, l := range leave {
		if !has(l, false, true) {
			return c, usageError{fmt.Errorf("--leave %q: no chosen dossier has a field or date of that label", l)}
		}
		c.LeaveFields[ui.LabelKey(l)], c.LeaveDates[ui.LabelKey(l)] = true, true
	}
	for _, name := range files {
		if !slices.ContainsFunc(chosen, func(d vault.Dossier) bool {
			return slices.ContainsFunc(d.Attachments, func(a vault.Attachment) bool { return ui.LabelKey(a.Name) == ui.LabelKey(name) })
		}) {
			return c, usageError{fmt.Errorf("--include-attachment %q: no chosen dossier has an attachment of that name", name)}
		}
		c.AttachmentNames[ui.LabelKey(name)] = true
	}
	return c, nil
}

// printHandoff lists what leaves and what stays behind, by name only.
func (a *app) printHandoff(chosen []vault.Dossier, b *vault.Bundle, to []string, sealed bool) {
	w := bufio.NewWriter(a.env.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "handing off %s to %s:\n", count(len(b.Dossiers), "dossier"), strings.Join(to, ", "))
	if sealed {
		fmt.Fprintln(w, "  sealed by this vault: their vault will show it came from you")
	} else {
		fmt.Fprintln(w, "  not sealed (their key or this vault's cannot check a seal): tell them to expect it")
	}
	for i, bd := range b.Dossiers {
		d, orig := bd.Dossier, chosen[i]
		fmt.Fprintf(w, "  %s  %s (%s)\n", d.ID.Short(), ui.Plain(d.Title), d.Kind)
		leave, also, attach, stay := ui.HandoffParts(&d, &orig)
		fmt.Fprintf(w, "    fields: %s\n", orNone(leave))
		if len(also) > 0 {
			fmt.Fprintf(w, "    also: %s\n", strings.Join(also, ", "))
		}
		for _, at := range attach {
			fmt.Fprintf(w, "    attachment: %s\n", at)
		}
		if len(stay) > 0 {
			fmt.Fprintf(w, "    stays behind: %s\n", strings.Join(stay, ", "))
		}
	}
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return strings.Join(s, ", ")
}

// tty opens the controlling terminal, or returns nil when there is none.
func tty() *os.File {
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil
	}
	if !term.IsTerminal(int(f.Fd())) {
		f.Close()
		return nil
	}
	return f
}

// askLine asks a question on the terminal and returns the answer, trimmed
// and lowercased.
func askLine(t *os.File, prompt string) (string, error) {
	fmt.Fprint(t, prompt)
	line, err := bufio.NewReader(t).ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.ToLower(strings.TrimSpace(line)), nil
}

func (a *app) importCommand() *cobra.Command {
	var src sources
	var format, onConflict, from string
	var dryRun, yes, plaintext bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Bring dossiers in from a handoff, a backup or another program's export",
		Long: `import decrypts FILE with the vault's own identity (a handoff addressed to
this vault), --identity FILE, or a passphrase (--backup-passphrase-file), armored
or binary. Inside may be a Confidant bundle, vCards, a KeePassXC CSV export, a
KeePass XML export (KeePassXC or KeePass 2; it keeps each entry's own fields,
tags and expiry, which the CSV leaves behind), a Bitwarden unencrypted JSON export, a spreadsheet saved as CSV (a header row
and a dossier per row; 1Password's, LastPass's, Chrome's and other password
managers' CSV exports, and Google's and Outlook's contacts, are read this
way), or text/Markdown (one secure note);
the format is detected, or forced with --format. A plaintext export (not
age-encrypted) is read only with --plaintext.

A spreadsheet's columns are read by their names: Name or Title (or First and
Last name) titles a dossier, Notes, Tags and Group are what they say, and
every other column is a field. Passwords, passport, card and account numbers
and health details are masked; a column of dates is kept as dates (an expiry,
a birthday or an anniversary gets its reminder). The preview lists what each
column becomes.

It shows a preview first: who wrote a handoff (proven when their vault sealed
it; a file sealed by another vault than the one it names is refused), new
dossiers, and those matching one in the vault (same ID, or same title and
kind) with what differs. --on-conflict decides (skip by default; asked on a
terminal). Replacing takes what the file brings and keeps what it lacks (a
field, date or the notes its sender kept back). Everything is written in
one transaction, or nothing is.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var forced importers.Format
			if format != "" {
				f, err := importers.ParseFormat(format)
				if err != nil {
					return usageError{err}
				}
				forced = f
			}
			policy := vault.Skip
			if onConflict != "" {
				p, err := vault.ParsePolicy(onConflict)
				if err != nil {
					return usageError{err}
				}
				policy = p
			}
			path := args[0]
			return a.withVault(func(s *vault.Store) error {
				contacts, _ := s.Contacts()
				ids, err := src.identitySet(a)
				if err != nil {
					return err
				}
				var keys []crypto.Identity
				if id, ok := s.HandoffIdentity(); ok {
					keys = append(keys, id)
				}
				plain, sum, sender, err := decryptFile(path, src.maxSize, append(keys, ids...), plaintext)
				if errors.Is(err, crypto.ErrNotAgeFile) {
					if vault.IsVaultFile(path) {
						return hinted{err, fmt.Sprintf("it is a vault file, not an export: open it with confidant --vault %s, and hand off or back up from there what to bring in", ui.Plain(path))}
					}
					return hinted{err, "to import a plaintext export add --plaintext, and delete the export afterwards"}
				}
				if err != nil {
					return exchangeError(err, contacts)
				}
				defer func() { clear(plain) }() // on an error before it is wiped below
				defer sender.Wipe()
				name := strings.TrimSuffix(strings.TrimSuffix(path, ".asc"), ".age")
				f := forced
				if f == "" {
					if f, err = importers.DetectNamed(plain, name); err != nil {
						return exchangeError(fmt.Errorf("%s: %w", path, err), nil)
					}
				}
				var columns string // what a spreadsheet's columns become, or the fields of another program's export
				if f == importers.Table {
					columns = "columns: " + importers.Columns(plain)
				}
				var b *vault.Bundle
				var sentBy vault.From
				if f == importers.Bundle {
					if b, err = vault.ParseBundle(plain); err != nil {
						return exchangeError(fmt.Errorf("%s: %w", path, err), nil)
					}
					if sentBy, err = s.CheckSender(b, sender); err != nil {
						b.Wipe()
						return exchangeError(fmt.Errorf("%s: %w", path, err), nil)
					}
				} else {
					if b, err = importers.ReadBundle(f, plain, name); err != nil {
						return exchangeError(fmt.Errorf("%s: %w", path, err), nil)
					}
					if f != importers.Table && f != importers.Text {
						columns = "fields: " + importers.Fields(b.List())
					}
				}
				defer b.Wipe()
				// The bundle holds copies of what it needs: wipe the decrypted
				// file now, so that its memory is reused (7 MB at 10,000
				// dossiers) rather than new memory taken.
				clear(plain)
				plain = nil
				plan, err := s.PlanImport(b, policy)
				if err != nil {
					return err
				}
				var t *os.File
				if !yes && !dryRun {
					if t = tty(); t != nil {
						defer t.Close()
					}
				}
				if plan.Conflicts() > 0 && onConflict == "" && t != nil {
					a.printPlan(path, f, columns, b, sentBy, plan)
					match := "match ones"
					if plan.Conflicts() == 1 {
						match = "matches one"
					}
					ans, err := askLine(t, fmt.Sprintf("%s %s in the vault: [s]kip, [r]eplace or [k]eep both? ", count(plan.Conflicts(), "dossier"), match))
					if err != nil {
						return err
					}
					switch {
					case strings.HasPrefix(ans, "r"):
						policy = vault.Replace
					case strings.HasPrefix(ans, "k"):
						policy = vault.KeepBoth
					}
					if plan, err = s.PlanImport(b, policy); err != nil {
						return err
					}
				}
				a.printPlan(path, f, columns, b, sentBy, plan)
				if dryRun {
					fmt.Fprintln(a.env.Stdout, "dry run: nothing written")
					return nil
				}
				if plan.Count(vault.ActionSkip) == len(plan.Items) {
					fmt.Fprintln(a.env.Stdout, "nothing to import")
					return nil
				}
				if !yes {
					if t == nil {
						return errors.New("not on a terminal, so there is no one to confirm the import; add --yes to import, or --dry-run to only preview")
					}
					ans, err := askLine(t, "Import? [y/N] ")
					if err != nil {
						return err
					}
					if ans != "y" && ans != "yes" {
						fmt.Fprintln(a.env.Stdout, "nothing imported")
						return nil
					}
				}
				done, err := s.Import(b, vault.ImportOptions{Policy: policy, Source: filepath.Base(path), SHA256: sum, From: from, Plan: plan, Sender: sentBy})
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "imported: %d new, %d replaced, %d kept both, %d skipped\n",
					done.Count(vault.ActionNew), done.Count(vault.ActionReplace), done.Count(vault.ActionKeepBoth), done.Count(vault.ActionSkip))
				if sender == nil {
					fmt.Fprintf(a.env.Stderr, "confidant: now delete %s: it holds every secret in the clear\n", ui.Plain(path))
				}
				if plaintext {
					// Moving in from another program is when old habits
					// come to light: say what audit would find in them.
					a.auditBroughtIn(b.List())
				}
				return nil
			})
		},
	}
	src.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "", "force the format: bundle, vcard, keepassxc, keepass-xml, bitwarden, spreadsheet or text")
	fl.StringVar(&onConflict, "on-conflict", "", "for dossiers that match one in the vault: skip (default), replace or keep-both")
	fl.BoolVar(&dryRun, "dry-run", false, "only show the preview")
	fl.BoolVarP(&yes, "yes", "y", false, "import without asking")
	fl.BoolVar(&plaintext, "plaintext", false, "accept a file that is not age-encrypted (another program's export)")
	fl.StringVar(&from, "from", "", "record this sender in each dossier's provenance")
	return cmd
}

// auditBroughtIn says on standard error what audit finds in the passwords
// of the dossiers an import brought in, if anything: counts, never a
// password.
func (a *app) auditBroughtIn(list []vault.Dossier) {
	r := vault.Audit(list)
	if found := r.Findings(); found != "" {
		fmt.Fprintf(a.env.Stderr, "confidant: of the %s brought in, %s: confidant audit lists them, and is:weak and is:reused find them in the interface\n",
			count(r.Checked, "password"), found)
	}
}

// printPlan shows the preview of an import, by title and field label only.
func (a *app) printPlan(path string, f importers.Format, columns string, b *vault.Bundle, from vault.From, plan *vault.ImportPlan) {
	w := bufio.NewWriter(a.env.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%s (%s): %s\n", ui.Plain(filepath.Base(path)), f, count(len(plan.Items), "dossier"))
	if columns != "" {
		fmt.Fprintf(w, "  %s\n", ui.Plain(columns))
	}
	if hint := importers.Hint(f); hint != "" {
		fmt.Fprintf(w, "  note: %s\n", hint)
	}
	if text, _ := ui.FromText(from); text != "" {
		fmt.Fprintf(w, "  from: %s\n", text)
	}
	if b.Purpose == vault.PurposeBackup {
		fmt.Fprintln(w, "  (a backup: only its dossiers are imported; `confidant restore` makes a whole vault from it)")
	}
	for _, it := range plan.Items {
		d := it.Incoming
		fmt.Fprintf(w, "  %-9s  %s (%s)", it.Action, ui.Plain(d.Title), d.Kind)
		if !it.Match.IsZero() {
			var ch []string
			for _, c := range it.Changes {
				ch = append(ch, ui.Plain(c.What)+" "+c.How)
			}
			what := "identical"
			if len(ch) > 0 {
				what = strings.Join(ch, ", ")
			}
			fmt.Fprintf(w, "  matches %s %q by %s: %s", it.Match.Short(), ui.Plain(it.MatchTitle), it.MatchBy, what)
			if it.Older {
				fmt.Fprintf(w, "; yours is newer (the file's is from %s)", it.Incoming.Updated.Local().Format(time.DateOnly))
			}
		}
		fmt.Fprintln(w)
	}
	if n := plan.CountOlder(); n > 0 {
		fmt.Fprintf(w, "  %s here changed after the file's copy: replacing goes back to the file's (is it an old file sent again?)\n", count(n, "matching dossier"))
	}
	fmt.Fprintf(w, "%d new, %d to replace, %d to keep both, %d to skip\n", plan.Count(vault.ActionNew),
		plan.Count(vault.ActionReplace), plan.Count(vault.ActionKeepBoth), plan.Count(vault.ActionSkip))
}
