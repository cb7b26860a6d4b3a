package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"confidant/ui"
	"confidant/vault"
)

// dossierFlags are the flags add and edit share.
type dossierFlags struct {
	kind    string
	fields  []string
	secrets []string
	tags    []string
	note    string
	dates   []string
	// generate names password fields to fill with a new random password
	// of length characters, or of words words when that is set
	generate  []string
	length    int
	words     int
	noSymbols bool // letters and digits only
}

func (f *dossierFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.kind, "kind", "", "kind: client, travel, health, contact, vendor or note")
	fl.StringArrayVar(&f.fields, "field", nil, "a field `LABEL[:TYPE]=VALUE` (repeatable); TYPE is text, multiline, date, phone, email, url or password")
	fl.StringArrayVar(&f.secrets, "secret", nil, "a secret field `LABEL[=VALUE]`, masked until revealed; without =VALUE it is asked for on the terminal, so it never shows in ps (repeatable)")
	fl.StringArrayVar(&f.tags, "tag", nil, "a tag (repeatable)")
	fl.StringVar(&f.note, "note", "", "free-form notes; - reads them from standard input, so that they never show in ps")
	fl.StringArrayVar(&f.generate, "generate", nil, "a secret `LABEL` filled with a new random password (repeatable); it is never printed: show --reveal shows it")
	fl.IntVar(&f.length, "length", vault.DefaultPasswordLength, fmt.Sprintf("characters of a --generate password (%d to %d)", vault.MinPasswordLength, vault.MaxPasswordLength))
	fl.BoolVar(&f.noSymbols, "no-symbols", false, "make --generate a password of letters and digits only, for the sites that refuse symbols")
	fl.IntVar(&f.words, "words", 0, fmt.Sprintf("make --generate a passphrase of this many words instead, easier to read aloud (%d to %d; %d is as strong as 12 characters)", vault.MinPassphraseWords, vault.MaxPassphraseWords, vault.DefaultPassphraseWords))
	fl.StringArrayVar(&f.dates, "date", nil, "an important date `LABEL=YYYY-MM-DD[:REMIND][:yearly|:once]` (or DD.MM.YYYY, 14 March 2031), REMIND like 6m, 2w, 10d (repeatable)")
}

// apply writes the flags into d: fields and dates replace those with the same
// label, tags are added, the note replaces the notes if given.
func (a *app) apply(cmd *cobra.Command, f *dossierFlags, d *vault.Dossier) error {
	if f.kind != "" {
		k, err := vault.ParseKind(f.kind)
		if err != nil {
			return usageError{err}
		}
		d.Kind = k
	}
	// The values fields had, for the dates they imply (below).
	type change struct{ label, was string }
	var changed []change
	var inArgs []string // secrets whose values were arguments, which ps shows
	var set []string    // the labels given a value, for the common-password check
	for _, spec := range f.fields {
		label, value, ok := strings.Cut(spec, "=")
		if !ok {
			// Not quoted: what was typed may be the value itself.
			return usageError{errors.New("a --field should be LABEL=VALUE")}
		}
		was, masked, err := setField(d, label, value, false)
		if err != nil {
			return err
		}
		set = append(set, label)
		if masked {
			l, _ := splitFieldLabel(label)
			fmt.Fprintf(a.env.Stderr, "confidant: %s is masked, as its label names a secret: show --reveal prints it; edit --unsecret %q undoes it\n", ui.Plain(l), ui.Plain(l))
			if value != "" {
				inArgs = append(inArgs, l)
			}
		}
		changed = append(changed, change{label, was})
	}
	var stdin *bufio.Reader
	for _, spec := range f.secrets {
		label, value, ok := strings.Cut(spec, "=")
		if !ok {
			v, err := askValue(fmt.Sprintf("Value of %s: ", strings.TrimSpace(label)))
			if err != nil {
				// No terminal: read one line from standard input.
				if stdin == nil {
					stdin = bufio.NewReader(a.env.Stdin)
				}
				line, rerr := stdin.ReadString('\n')
				if rerr != nil && line == "" {
					return err
				}
				v = strings.TrimRight(line, "\r\n")
			}
			value = v
		} else if value != "" {
			l, _ := splitFieldLabel(label)
			inArgs = append(inArgs, l)
		}
		if _, _, err := setField(d, label, value, true); err != nil {
			return err
		}
		set = append(set, label)
	}
	if len(inArgs) > 0 {
		fmt.Fprintf(a.env.Stderr, "confidant: warning: the value of %s was part of the command, which ps shows to every user of this computer and the shell's history may keep: "+
			"give --secret LABEL without =VALUE to be asked for it, or pipe it in\n", ui.Plain(strings.Join(inArgs, ", ")))
	}
	if cmd.Flags().Changed("words") && cmd.Flags().Changed("length") {
		return usageError{errors.New("--words and --length are one or the other: a passphrase is counted in words")}
	}
	if cmd.Flags().Changed("words") && len(f.generate) == 0 {
		return usageError{errors.New("--words needs --generate LABEL: the field the passphrase is made for")}
	}
	if f.noSymbols && (len(f.generate) == 0 || cmd.Flags().Changed("words")) {
		return usageError{errors.New("--no-symbols goes with --generate LABEL, and not with --words: a passphrase has none")}
	}
	for _, label := range f.generate {
		label = strings.TrimSpace(label)
		if label == "" || strings.Contains(label, "=") {
			return usageError{errors.New("--generate takes a field's LABEL only: the password is made for it")}
		}
		pw, what, err := "", fmt.Sprintf("a new %d-character password", f.length), error(nil)
		if f.words > 0 || cmd.Flags().Changed("words") {
			pw, err = vault.GeneratePassphrase(f.words)
			what = fmt.Sprintf("a new passphrase of %d words", f.words)
		} else if f.noSymbols {
			pw, err = vault.GenerateLettersDigits(f.length)
			what = fmt.Sprintf("a new %d-character password of letters and digits", f.length)
		} else {
			pw, err = vault.GeneratePassword(f.length)
		}
		if err != nil {
			return usageError{err}
		}
		_, _, err = setField(d, label+":"+string(vault.TypePassword), pw, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.env.Stderr, "confidant: %s is %s; copy puts it on the clipboard, show --reveal prints it\n", ui.Plain(label), what)
	}
	for _, t := range f.tags {
		if !d.HasTag(t) {
			d.Tags = append(d.Tags, t)
		}
	}
	if cmd.Flags().Changed("note") {
		d.Notes = f.note
		if labels := vault.NoteSecretLabels(d); f.note != "-" && len(labels) > 0 {
			fmt.Fprintf(a.env.Stderr, "confidant: warning: the notes given with --note hold a secret (%s), which ps shows to every user of this computer and the shell's history may keep: "+
				"give --note - to type them or pipe them in\n", ui.Plain(strings.Join(labels, ", ")))
		}
		if f.note == "-" {
			// After the secrets' lines, if they came from standard input too.
			if stdin == nil {
				stdin = bufio.NewReader(a.env.Stdin)
			}
			if in, ok := a.env.Stdin.(*os.File); ok && term.IsTerminal(int(in.Fd())) {
				fmt.Fprintln(a.env.Stderr, "Type the notes; end them with ctrl+d on a line of its own:")
			}
			b, err := io.ReadAll(io.LimitReader(stdin, vault.MaxValue+1))
			if err != nil {
				return fmt.Errorf("reading the notes from standard input: %w", err)
			}
			if len(b) > vault.MaxValue {
				return usageError{fmt.Errorf("the notes on standard input are longer than %s, the most a dossier holds", Size(vault.MaxValue))}
			}
			d.Notes = strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
			clear(b)
		}
	}
	for _, spec := range f.dates {
		dt, err := parseDateFlag(spec)
		if err != nil {
			return usageError{err}
		}
		if i := slices.IndexFunc(d.Dates, func(x vault.Date) bool { return strings.EqualFold(x.Label, dt.Label) }); i >= 0 {
			d.Dates[i] = dt
		} else {
			d.Dates = append(d.Dates, dt)
		}
	}
	// An expiry or a date of birth brings its reminder, as in the editor,
	// after the dates given, which win.
	for _, c := range changed {
		label, _ := splitFieldLabel(c.label)
		if i := d.FieldIndex(label); i >= 0 {
			d.FollowField(d.Fields[i], c.was)
		}
	}
	// Checked once the whole dossier is set: its dates and tags are what
	// a password made of its details is made of.
	var common, personal []string
	for _, label := range set {
		l, _ := splitFieldLabel(label)
		fl, ok := d.Field(l)
		switch {
		case !ok || !fl.IsPassword() || slices.Contains(common, fl.Label) || slices.Contains(personal, fl.Label):
		case vault.CommonPassword(fl.Value):
			common = append(common, fl.Label)
		case vault.PersonalPassword(d, fl.Value):
			personal = append(personal, fl.Label)
		}
	}
	isAre := func(l []string) string { return map[bool]string{true: "is", false: "are"}[len(l) == 1] }
	if len(common) > 0 {
		fmt.Fprintf(a.env.Stderr, "confidant: warning: %s %s a common password, or one changed a little, which an attack guesses first: --generate LABEL makes a new one\n",
			ui.Plain(strings.Join(common, ", ")), isAre(common))
	}
	if len(personal) > 0 {
		fmt.Fprintf(a.env.Stderr, "confidant: warning: %s %s made of the dossier's own details (a name, a date, a phone number), which whoever knows the client tries first: --generate LABEL makes a new one\n",
			ui.Plain(strings.Join(personal, ", ")), isAre(personal))
	}
	return nil
}

// setField sets the value of the field labelled label, adding it if the
// dossier lacks it. A label may end in :TYPE; otherwise a field the kind's
// template proposes keeps the template's type, and a new one takes what its
// label names (vault.ReadLabel), as in the editor: "Mobile" is a phone
// number, "Visa expires" holding a day a date, whose reminder follows.
// masked says that a new field is secret because its label names a secret
// ("Passport number", "Door code"), where secret did not ask for it.
func setField(d *vault.Dossier, label, value string, secret bool) (was string, masked bool, err error) {
	label, typ := splitFieldLabel(label)
	if label == "" {
		return "", false, usageError{errors.New("a field needs a label before the =")}
	}
	i := d.FieldIndex(label)
	if i < 0 {
		f := vault.Field{Label: label, Type: vault.TypeText}
		if tf, ok := vault.TemplateField(d.Kind, label); ok {
			f = tf
		} else {
			h := vault.ReadLabel(label)
			f.Secret, masked = h.Secret, h.Secret && !secret
			if _, err := vault.ReadDay(value); err == nil && h.Day {
				f.Type = vault.TypeDate
			} else if t := (vault.Field{Label: label, Type: h.Type, Value: vault.ReadValue(h.Type, value)}); t.Validate() == nil {
				f.Type = h.Type // a value that is not what the label says stays text
			}
		}
		d.Fields = append(d.Fields, f)
		i = len(d.Fields) - 1
	}
	f := &d.Fields[i]
	was = f.Value
	if typ != "" {
		f.Type = typ
	}
	f.Value = vault.ReadValue(f.Type, value) // 14.03.2029 is kept as 2029-03-14, example.com as https://example.com
	if secret {
		f.Secret = true
	}
	return was, masked, f.Validate()
}

// splitFieldLabel splits a --field's LABEL[:TYPE]; typ is "" without a
// known TYPE, and the label then keeps any colon.
func splitFieldLabel(spec string) (label string, typ vault.FieldType) {
	label = strings.TrimSpace(spec)
	if l, t, ok := strings.Cut(label, ":"); ok {
		if ft, err := vault.ParseFieldType(t); err == nil {
			return strings.TrimSpace(l), ft
		}
	}
	return label, ""
}

func parseDateFlag(spec string) (vault.Date, error) {
	label, rest, ok := strings.Cut(spec, "=")
	label = strings.TrimSpace(label)
	if !ok || label == "" {
		return vault.Date{}, errors.New("a --date should be LABEL=YYYY-MM-DD[:REMIND]")
	}
	parts := strings.Split(rest, ":")
	day, err := vault.ReadDay(parts[0])
	if errors.Is(err, vault.ErrDayInDoubt) {
		return vault.Date{}, fmt.Errorf("--date %q: %w", label, err)
	}
	if err != nil {
		return vault.Date{}, fmt.Errorf("%w: --date %q should be YYYY-MM-DD or DD.MM.YYYY", vault.ErrInvalid, label)
	}
	on, err := vault.ParseDay(day)
	if err != nil {
		return vault.Date{}, err
	}
	dt := vault.Date{Label: label, On: on, Yearly: vault.LooksYearly(label)}
	for _, p := range parts[1:] {
		switch strings.ToLower(strings.TrimSpace(p)) {
		case "yearly":
			dt.Yearly = true
		case "once":
			dt.Yearly = false
		default:
			if dt.Remind, err = vault.ParsePeriod(p); err != nil {
				return vault.Date{}, err
			}
		}
	}
	return dt, nil
}

func (a *app) addCommand() *cobra.Command {
	var f dossierFlags
	var like string
	cmd := &cobra.Command{
		Use:   "add TITLE",
		Short: "Add a dossier and print its ID",
		Example: `  confidant add "Eleanor Vance passport" --kind travel --field Number=P1234567 \
      --field Expires=2031-04-30 --date "Passport expiry=2031-04-30:6m" --tag vip
  confidant add "Eleanor Vance" --kind client --secret "Door code" --tag vip
  confidant add "Hugo Vance" --like "Eleanor Vance" --field "Full name=Hugo Vance"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if like != "" {
				return a.addLike(cmd, &f, args[0], like)
			}
			kind := vault.KindNote
			if f.kind != "" {
				k, err := vault.ParseKind(f.kind)
				if err != nil {
					return usageError{err}
				}
				kind = k
			}
			d := vault.Dossier{Title: args[0], Kind: kind}
			if err := a.apply(cmd, &f, &d); err != nil {
				return err
			}
			orderByTemplate(&d)
			return a.withVault(func(s *vault.Store) error {
				// Read before adding, so that the summaries are read and
				// Add counts the vault against the dossiers a backup
				// carries.
				others := s.Namesakes(d)
				d, err := s.Add(d)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.env.Stdout, d.ID)
				a.noteNamesakes(others)
				return nil
			})
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&like, "like", "", "start from a copy of this `ID|TITLE`: its kind, fields (secrets too), tags, dates and notes, not its attachments; the other flags change the copy")
	return cmd
}

// addLike adds a dossier titled title like the one ref names
// (vault.Dossier.Like), changed by the flags as edit changes one.
func (a *app) addLike(cmd *cobra.Command, f *dossierFlags, title, ref string) error {
	return a.withVault(func(s *vault.Store) error {
		from, err := s.Resolve(ref)
		if err != nil {
			return err
		}
		d := from.Like(title)
		if err := a.apply(cmd, f, &d); err != nil {
			return err
		}
		others := s.Namesakes(d)
		if d, err = s.Add(d); err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, d.ID)
		if n := len(from.Attachments); n > 0 {
			fmt.Fprintf(a.env.Stderr, "confidant: %s stayed with %s\n", count(n, "attachment"), ui.Plain(from.Title))
		}
		a.noteNamesakes(others)
		return nil
	})
}

// noteNamesakes tells the person, on standard error, which other dossiers
// have the title just given (Store.Namesakes): a second "Eleanor Vance" is
// often a mistake, and a title given to show, edit or rm then needs an ID.
func (a *app) noteNamesakes(others []vault.Summary) {
	if len(others) == 0 {
		return
	}
	var l []string
	for _, o := range others {
		l = append(l, o.ID.Short()+" ("+string(o.Kind)+")")
	}
	verb := "have"
	if len(l) == 1 {
		verb = "has"
	}
	fmt.Fprintf(a.env.Stderr, "confidant: %s %s this title too; commands that take a title will ask for an ID\n", strings.Join(l, ", "), verb)
}

// orderByTemplate puts the fields a kind proposes first, in the template's
// order, and the others after them as given.
func orderByTemplate(d *vault.Dossier) {
	rank := func(f vault.Field) int {
		for i, t := range vault.Template(d.Kind) {
			if strings.EqualFold(t.Label, f.Label) {
				return i
			}
		}
		return 1 << 20
	}
	slices.SortStableFunc(d.Fields, func(x, y vault.Field) int { return rank(x) - rank(y) })
}

func (a *app) editCommand() *cobra.Command {
	var f dossierFlags
	var title string
	var removeFields, removeTags, removeDates, unsecret, mask, fromNotes []string
	cmd := &cobra.Command{
		Use:   "edit ID|TITLE",
		Short: "Change a dossier's title, kind, fields, tags, notes or dates",
		Example: `  confidant edit 3f2a --field Phone=+44 20 7946 0958 --remove-tag old
  confidant edit "Eleanor Vance" --date "Birthday=1980-04-02:1w" --note "Prefers tea"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				if cmd.Flags().Changed("title") {
					d.Title = title
				}
				for _, l := range removeFields {
					i := d.FieldIndex(l)
					if i < 0 {
						return fmt.Errorf("the dossier has no field %q: %w", l, vault.ErrNotFound)
					}
					d.Fields = slices.Delete(d.Fields, i, i+1)
				}
				for _, l := range unsecret {
					i := d.FieldIndex(l)
					if i < 0 {
						return fmt.Errorf("the dossier has no field %q: %w", l, vault.ErrNotFound)
					}
					d.Fields[i].Secret = false
				}
				for _, l := range mask {
					i := d.FieldIndex(l)
					if i < 0 {
						return fmt.Errorf("the dossier has no field %q: %w", l, vault.ErrNotFound)
					}
					d.Fields[i].Secret = true
				}
				for _, l := range fromNotes {
					if err := vault.SecretFromNotes(&d, l); err != nil {
						return err
					}
				}
				for _, t := range removeTags {
					d.Tags = slices.DeleteFunc(d.Tags, func(x string) bool { return strings.EqualFold(x, t) })
				}
				for _, l := range removeDates {
					n := len(d.Dates)
					d.Dates = slices.DeleteFunc(d.Dates, func(x vault.Date) bool { return strings.EqualFold(x.Label, l) })
					if len(d.Dates) == n {
						return fmt.Errorf("the dossier has no date %q: %w", l, vault.ErrNotFound)
					}
				}
				if err := a.apply(cmd, &f, &d); err != nil {
					return err
				}
				d, err = s.Save(d)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "%s version %d\n", d.ID, d.Version)
				if title != "" {
					a.noteNamesakes(s.Namesakes(d))
				}
				return nil
			})
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&title, "title", "", "a new title")
	fl.StringArrayVar(&removeFields, "remove-field", nil, "remove the field with this `LABEL` (repeatable)")
	fl.StringArrayVar(&unsecret, "unsecret", nil, "show the field with this `LABEL` unmasked from now on (repeatable)")
	fl.StringArrayVar(&mask, "mask", nil, "mask the field with this `LABEL` as a secret from now on, keeping its value (repeatable)")
	fl.StringArrayVar(&fromNotes, "from-notes", nil, "move the secret \"`LABEL`: value\" (or \"the LABEL is value\") of the notes into a masked field (repeatable; audit lists them)")
	fl.StringArrayVar(&removeTags, "remove-tag", nil, "remove a tag (repeatable)")
	fl.StringArrayVar(&removeDates, "remove-date", nil, "remove the date with this `LABEL` (repeatable)")
	return cmd
}

func (a *app) listCommand() *cobra.Command {
	var asJSON bool
	var tag, kind string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List dossiers by title",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var k vault.Kind
			if kind != "" {
				var err error
				if k, err = vault.ParseKind(kind); err != nil {
					return usageError{err}
				}
			}
			return a.withVault(func(s *vault.Store) error {
				if asJSON {
					if err := s.Load(); err != nil {
						return err
					}
					ds := slices.DeleteFunc(slices.Clone(s.List()), func(d vault.Dossier) bool {
						return tag != "" && !d.HasTag(tag) || k != "" && d.Kind != k
					})
					return a.printDossiers(ds)
				}
				// The summaries are enough for the table, and much
				// cheaper: no dossier needs decrypting.
				l, err := s.Summaries()
				if err != nil {
					return err
				}
				if tag != "" || k != "" {
					l = slices.DeleteFunc(slices.Clone(l), func(x vault.Summary) bool {
						return tag != "" && !x.HasTag(tag) || k != "" && x.Kind != k
					})
				}
				return a.printSummaries(l)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&tag, "tag", "", "only dossiers with this tag")
	cmd.Flags().StringVar(&kind, "kind", "", "only dossiers of this kind")
	return cmd
}

func (a *app) searchCommand() *cobra.Command {
	var asJSON bool
	var every string
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Find dossiers whose title, fields, notes or tags contain every word of QUERY",
		Long: `Find dossiers whose title, kind, tags, notes, field labels, field values, date
labels or attachment names contain every word of QUERY, ignoring case and
accents (jose finds José). As in the interface's filter, #vip asks for a tag
that begins with vip, kind:travel for a kind, and is: for a state: is:due
(a date inside its reminder, or not reviewed for --review-every), is:reused
(a password another field holds too, or a variant of it), is:short, is:weak
(short, common, or made of the dossier's details), is:unmasked (a secret shown, or written in the notes) and
is:twin (an email or phone another dossier holds). The values of secret
fields are not searched. Under each dossier found, a line says where each
word is when it is not in the title or tags ("notes: Driver: Samuel, +44 7700
900123"), as much of the line as fits in 80 characters.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// is:… words are states, found over the whole vault; the rest
			// is searched as words.
			var words, states []string
			for _, w := range strings.Fields(args[0]) {
				if st, ok := strings.CutPrefix(strings.ToLower(w), "is:"); ok {
					states = append(states, st)
				} else {
					words = append(words, w)
				}
			}
			query := strings.Join(words, " ")
			reviewEvery, err := parseDuration("review-every", every)
			if err != nil {
				return err
			}
			if _, err := ui.InStates(nil, states, time.Now(), reviewEvery); err != nil {
				return usageError{err} // before the passphrase is asked for
			}
			return a.withVault(func(s *vault.Store) error {
				if err := s.Load(); err != nil {
					return err
				}
				found := s.Search(query)
				if len(states) > 0 {
					in, err := ui.InStates(s.List(), states, time.Now(), reviewEvery)
					if err != nil {
						return usageError{err}
					}
					ids := map[vault.ID]bool{}
					for _, d := range in {
						ids[d.ID] = true
					}
					found = slices.DeleteFunc(found, func(d vault.Dossier) bool { return !ids[d.ID] })
				}
				if asJSON {
					return a.printDossiers(found)
				}
				// Under each dossier, where its words were found outside
				// the title and tags: "notes: Driver: Samuel, +44 7700 900123".
				l := make([]vault.Summary, len(found))
				under := make([][]string, len(found))
				for i := range found {
					l[i] = found[i].Summary()
					for _, h := range found[i].Hits(query) {
						under[i] = append(under[i], ui.Plain(h.Where)+": "+ui.Plain(h.Text))
					}
				}
				return a.printFound(l, under)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&every, "review-every", "90d", "is:due lists a dossier not reviewed for this long")
	return cmd
}

func (a *app) showCommand() *cobra.Command {
	var asJSON, reveal bool
	cmd := &cobra.Command{
		Use:   "show ID|TITLE",
		Short: "Show a dossier; secret fields stay masked unless --reveal",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				if reveal {
					for _, f := range d.Fields {
						if f.Secret {
							if err := s.Record(vault.ActRevealed, d.ID, f.Label); err != nil {
								return err
							}
						}
					}
				}
				if asJSON {
					return writeJSON(a.env.Stdout, toJSON(d, reveal))
				}
				printDossier(a.env.Stdout, d, reveal)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&reveal, "reveal", false, "show secret values (recorded in the access log)")
	return cmd
}

func (a *app) reviewCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "review ID|TITLE",
		Short: "Mark a dossier as reviewed today",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				_, err = s.MarkReviewed(d.ID)
				return err
			})
		},
	}
}

func (a *app) mergeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "merge KEEP OTHER",
		Short: "Fold a second dossier of one person into the first; the second goes to the trash",
		Long: `merge folds OTHER into KEEP, for one person brought in twice (audit lists
the dossiers that share an email or a phone): OTHER's fields, dates, tags and
notes join KEEP's, a label KEEP holds with another value as "Label (2)", and
nothing KEEP already holds is repeated. KEEP is saved as its next version
(revert undoes it) and OTHER goes to the trash (restore-trash brings it
back), in one write. OTHER's attachments are copied into KEEP (one whose
content KEEP holds already is not), "scan (2).pdf" where KEEP has a file of
that name; OTHER keeps its own in the trash.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				keep, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				other, err := s.Resolve(args[1])
				if err != nil {
					return err
				}
				merged, err := s.Merge(keep.ID, other.ID)
				if err != nil {
					return err
				}
				var came []string
				for _, f := range merged.Fields[len(keep.Fields):] {
					came = append(came, ui.Plain(f.Label))
				}
				if n := len(merged.Dates) - len(keep.Dates); n > 0 {
					came = append(came, count(n, "date"))
				}
				if n := len(merged.Tags) - len(keep.Tags); n > 0 {
					came = append(came, count(n, "tag"))
				}
				if merged.Notes != keep.Notes {
					came = append(came, "notes")
				}
				if n := len(merged.Attachments) - len(keep.Attachments); n > 0 {
					came = append(came, count(n, "attachment"))
				}
				fmt.Fprintf(a.env.Stdout, "merged %s into %s (version %d): %s\n", ui.Plain(other.Title), ui.Plain(keep.Title), merged.Version, orNone(came))
				fmt.Fprintf(a.env.Stdout, "%s is in the trash: confidant restore-trash %s brings it back, confidant revert %s %d undoes the merge here\n",
					ui.Plain(other.Title), other.ID.Short(), keep.ID.Short(), keep.Version)
				return nil
			})
		},
	}
}

func (a *app) rmCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "rm ID|TITLE",
		Short: "Move a dossier to the trash (restore it with restore-trash)",
		Long: `Move a dossier to the trash; restore it with restore-trash. A dossier that
verify reports as damaged cannot be read, so it cannot be trashed: rm with its
ID removes it and its history for good.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if errors.Is(err, vault.ErrNotFound) || errors.Is(err, vault.ErrDamaged) {
					// An unreadable dossier goes by its ID.
					if id, ok := damagedID(s, args[0]); ok {
						if err := s.Delete(id); err != nil {
							return err
						}
						fmt.Fprintf(a.env.Stdout, "removed unreadable dossier %s for good\n", id.Short())
						return nil
					}
				}
				if err != nil {
					return err
				}
				if err := s.Delete(d.ID); err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "moved %s to the trash\n", d.ID.Short())
				return nil
			})
		},
	}
}

// partial decides what a listing does when some entries failed to open:
// with none opened it fails with err; otherwise it warns on standard error
// and goes on to show what did open.
func (a *app) partial(err error, opened int) error {
	if err == nil {
		return nil
	}
	if opened == 0 {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "confidant: warning: %s\n", oneLine(err.Error()))
	return nil
}

// wiped turns a change that was saved but whose old copies could not be
// overwritten in the file ([vault.ErrNotWiped]) into a warning on standard
// error: the command did what it was asked.
func (a *app) wiped(err error) error {
	if errors.Is(err, vault.ErrNotWiped) {
		fmt.Fprintf(a.env.Stderr, "confidant: warning: %s\n", oneLine(err.Error()))
		return nil
	}
	return err
}

// damagedID finds the one damaged dossier whose ID starts with ref (at
// least 4 hex digits).
func damagedID(s *vault.Store, ref string) (vault.ID, bool) {
	ref = strings.ToLower(strings.TrimSpace(ref))
	var found []vault.ID
	for _, id := range s.Damaged() {
		if len(ref) >= 4 && strings.HasPrefix(id.String(), ref) {
			found = append(found, id)
		}
	}
	if len(found) != 1 {
		return vault.ID{}, false
	}
	return found[0], true
}

func (a *app) trashCommand() *cobra.Command {
	var asJSON, empty bool
	var purge string
	cmd := &cobra.Command{
		Use:   "trash",
		Short: "List the trash (deleted dossiers are purged after 30 days), or empty it",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if empty && purge != "" {
				return usageError{errors.New("--empty deletes everything in the trash, --purge one dossier: give one or the other")}
			}
			return a.withVault(func(s *vault.Store) error {
				if purge != "" {
					t, err := s.ResolveTrash(purge)
					if err != nil {
						return err
					}
					if err := a.wiped(s.PurgeTrashed(t.Dossier.ID)); err != nil {
						return err
					}
					fmt.Fprintf(a.env.Stdout, "deleted %s (%s) for good, with its history and files\n", ui.Plain(t.Dossier.Title), t.Dossier.ID.Short())
					return nil
				}
				if empty {
					n, err := s.EmptyTrash()
					if err := a.wiped(err); err != nil {
						return err
					}
					fmt.Fprintf(a.env.Stdout, "deleted %s for good\n", count(n, "dossier"))
					return nil
				}
				items, err := s.Trash()
				if err := a.partial(err, len(items)); err != nil {
					return err
				}
				return a.printTrash(items, asJSON)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&empty, "empty", false, "delete everything in the trash for good")
	cmd.Flags().StringVar(&purge, "purge", "", "delete one dossier of the trash for good, now (`ID|TITLE`): a client who asks to be erased")
	return cmd
}

func (a *app) restoreTrashCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "restore-trash ID|TITLE",
		Short: "Move a dossier back from the trash",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				t, err := s.ResolveTrash(args[0])
				if err != nil {
					return err
				}
				d, err := s.RestoreTrash(t.Dossier.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "restored %s\n", d.ID)
				return nil
			})
		},
	}
}

func (a *app) historyCommand() *cobra.Command {
	var asJSON, forget bool
	cmd := &cobra.Command{
		Use:   "history ID|TITLE",
		Short: "List the kept versions of a dossier and what changed in each, or forget them",
		Long: `history lists the versions a dossier keeps (its last 32), newest first, and
what changed in each; revert makes one current again.

--forget deletes every earlier version, and the files only they held, for
good, keeping the current one: a value typed into the wrong client's notes
and taken out again otherwise stays in the history for 32 more changes.
What they leave in the vault file is overwritten; the access log records it.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if forget && asJSON {
				return usageError{errors.New("--forget prints what it did, not JSON")}
			}
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				if forget {
					n, err := s.ForgetHistory(d.ID)
					if err := a.wiped(err); err != nil {
						return err
					}
					fmt.Fprintf(a.env.Stdout, "forgot %s of %s; version %d stays\n", count(n, "earlier version"), ui.Plain(d.Title), d.Version)
					return nil
				}
				versions, err := s.History(d.ID)
				if err := a.partial(err, len(versions)); err != nil {
					return err
				}
				return a.printHistory(versions, asJSON)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&forget, "forget", false, "delete every earlier version for good, keeping the current one")
	return cmd
}

func (a *app) revertCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "revert ID|TITLE VERSION",
		Short: "Make an earlier version of a dossier current again (saved as a new version)",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			version, err := strconv.ParseUint(args[1], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("VERSION %q is not a version number; see confidant history", args[1])}
			}
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				d, err = s.Revert(d.ID, version)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.env.Stdout, "%s version %d (from version %d)\n", d.ID, d.Version, version)
				return nil
			})
		},
	}
}

func (a *app) logCommand() *cobra.Command {
	var asJSON bool
	var forget string
	cmd := &cobra.Command{
		Use:   "log [ID|TITLE]",
		Short: "Show the access log, newest first, for the vault or one dossier; or forget its oldest events",
		Long: `log prints the access log: every dossier created, edited, revealed,
copied, exported, handed off, deleted or restored, and every backup, import
and address book change, newest first; with ID|TITLE, only that dossier's
(a dossier purged from the trash by its whole ID: its events stay, their
details emptied). It names fields and files, never a value.

--forget-before DAY (2024-12-31) or PERIOD (2y: that long ago) removes the
events older than that from the vault, in one write, and logs that it did,
with how many: a log kept for years takes room in the vault file and time
at each reading, and keeps who saw what about clients long gone. Backups
made before still hold them.`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if forget != "" {
				if len(args) > 0 || asJSON {
					return usageError{errors.New("--forget-before forgets the whole vault's old events: it takes no ID|TITLE or --json")}
				}
				return a.forgetLog(forget)
			}
			return a.withVault(func(s *vault.Store) error {
				var about vault.ID
				if len(args) == 1 {
					d, err := s.Resolve(args[0])
					if err != nil {
						// A dossier in the trash still has a log; so has
						// one purged, by its whole ID (the log names it).
						t, terr := s.ResolveTrash(args[0])
						if id, perr := vault.ParseID(strings.TrimSpace(args[0])); terr != nil && perr == nil {
							t.Dossier.ID, terr = id, nil
						}
						if terr != nil {
							return err
						}
						d = t.Dossier
					}
					about = d.ID
				}
				events, err := s.Log(about)
				if err := a.partial(err, len(events)); err != nil {
					return err
				}
				return a.printLog(s, events, asJSON)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&forget, "forget-before", "", "remove the events older than `DAY|PERIOD` (2024-12-31, or 2y for two years ago) from the log")
	return cmd
}

// forgetLog removes the log's events before when: a day, or a period back
// from now.
func (a *app) forgetLog(when string) error {
	var before time.Time
	if p, err := vault.ParsePeriod(when); err == nil && !p.IsZero() {
		before = p.Before(time.Now())
	} else if day, err := vault.ParseDay(when); err == nil {
		before = day
	} else {
		return usageError{fmt.Errorf("--forget-before %q should be a day like 2024-12-31 or a period like 2y or 18m", when)}
	}
	if before.After(time.Now()) {
		return usageError{fmt.Errorf("--forget-before %s is in the future: that would forget the whole log", before.Format(time.DateOnly))}
	}
	return a.withVault(func(s *vault.Store) error {
		n, err := s.ForgetLog(before)
		if err := a.wiped(err); err != nil {
			return err
		}
		fmt.Fprintf(a.env.Stdout, "forgot %s before %s; the log records that it did\n", count(n, "event"), before.Format(time.DateOnly))
		return nil
	})
}

// comingJSON is the --json form of an item of upcoming.
type comingJSON struct {
	ID     string     `json:"id"`
	Title  string     `json:"title"`
	Kind   vault.Kind `json:"kind"`
	What   string     `json:"what"`
	When   string     `json:"when"`
	Review bool       `json:"review"`
	Remind string     `json:"remind,omitempty"`
	Yearly bool       `json:"yearly,omitempty"`
	Backup bool       `json:"backup,omitempty"` // the vault is due for a backup: no ID, title or kind
}

func (a *app) upcomingCommand() *cobra.Command {
	var asJSON bool
	var within, every, backupEvery, tag, kind string
	cmd := &cobra.Command{
		Use:   "upcoming",
		Short: "List what is coming: dates inside their reminders, dossiers due for review",
		Long: `upcoming lists, soonest first, what the interface's Upcoming screen shows:
each date inside its reminder (an expiry reminded 6 months ahead is listed
from then on, and stays listed once passed), and each dossier not reviewed
for --review-every. --within 6m also lists every date in the next six
months, reminder or not: "which passports expire before the summer?".
Without --tag or --kind it also says when the vault is due for a backup: a
dossier changed, made or imported has waited --backup-every (7d) for one.

It prints nothing on standard output when nothing is due ("nothing is
due" goes to standard error), so a morning job can mail what it prints.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var period vault.Period
			if within != "" {
				p, err := vault.ParsePeriod(within)
				if err != nil || p.IsZero() {
					return usageError{fmt.Errorf("--within %q should be a period like 6m, 2w, 30d or 1y", within)}
				}
				period = p
			}
			reviewEvery, err := parseDuration("review-every", every)
			if err != nil {
				return err
			}
			backupDue, err := parseBackupEvery(backupEvery)
			if err != nil {
				return err
			}
			var k vault.Kind
			if kind != "" {
				if k, err = vault.ParseKind(kind); err != nil {
					return usageError{err}
				}
			}
			return a.withVault(func(s *vault.Store) error {
				if err := s.Load(); err != nil {
					return err
				}
				list := slices.DeleteFunc(slices.Clone(s.List()), func(d vault.Dossier) bool {
					return tag != "" && !d.HasTag(tag) || k != "" && d.Kind != k
				})
				now := time.Now()
				coming := vault.Upcoming(list, now, reviewEvery, period)
				bk := vault.BackupStateOf(list, s.LastBackup())
				backup := tag == "" && k == "" && bk.Due(now, backupDue)
				if asJSON {
					out := make([]comingJSON, 0, len(coming)+1)
					if backup {
						out = append(out, comingJSON{What: ui.BackupText(bk), When: bk.DueSince(backupDue).Format(time.DateOnly), Backup: true})
					}
					for _, c := range coming {
						j := comingJSON{ID: c.Dossier.ID.String(), Title: c.Dossier.Title, Kind: c.Dossier.Kind,
							What: c.Date.Label, When: c.When.Format(time.DateOnly), Review: c.Review,
							Remind: c.Date.Remind.String(), Yearly: c.Date.Yearly}
						if c.Review {
							j.What = "not reviewed since " + c.Since.Local().Format(time.DateOnly)
							j.Remind, j.Yearly = "", false
						}
						out = append(out, j)
					}
					return writeJSON(a.env.Stdout, out)
				}
				if len(coming) == 0 && !backup {
					fmt.Fprintln(a.env.Stderr, "nothing is due")
					return nil
				}
				t := table{rows: make([][5]string, 0, len(coming)+2)}
				t.add([5]string{"WHEN", "", "ID", "TITLE", "WHAT"})
				if backup {
					t.add([5]string{bk.DueSince(backupDue).Format(time.DateOnly), "backup", "", "the vault",
						ui.BackupText(bk) + ": confidant backup --out FILE"})
				}
				for _, c := range coming {
					when, what := c.When.Format(time.DateOnly), ui.Plain(c.Date.Label)
					in := ui.DueText(c.When, now)
					if c.Review {
						in, what = "review", "not reviewed since "+c.Since.Local().Format(time.DateOnly)
					}
					t.add([5]string{when, in, c.Dossier.ID.Short(), ui.Plain(c.Dossier.Title), what})
				}
				bw := bufio.NewWriter(a.env.Stdout)
				t.write(bw)
				return bw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&within, "within", "", "also list every date this close, reminder or not (like 6m, 2w, 30d)")
	cmd.Flags().StringVar(&every, "review-every", "90d", "list a dossier as due for review when not reviewed for this long")
	cmd.Flags().StringVar(&backupEvery, "backup-every", "7d", "say to back up when a change has waited this long for a backup (0 never)")
	cmd.Flags().StringVar(&tag, "tag", "", "only dossiers with this tag")
	cmd.Flags().StringVar(&kind, "kind", "", "only dossiers of this kind")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) codeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "code ID|TITLE [LABEL]",
		Short: "Print the one-time password (TOTP) a dossier's authenticator key gives now",
		Long: `code prints the six-digit (or so) code a login asks for, from the dossier's
one-time password key: a field labelled TOTP, OTP, 2FA or one-time password
holding the base32 secret a site showed at setup, or any field holding an
otpauth://totp/ address. LABEL picks one when there are several. How long the
code stays valid goes to standard error. It is recorded in the access log.`,
		Args: rangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				d, err := s.Resolve(args[0])
				if err != nil {
					return err
				}
				var found []vault.Field
				var key vault.TOTP
				for _, f := range d.Fields {
					if len(args) == 2 && !strings.EqualFold(strings.TrimSpace(f.Label), strings.TrimSpace(args[1])) {
						continue
					}
					if k, ok := vault.FieldTOTP(f); ok {
						found, key = append(found, f), k
					}
				}
				switch {
				case len(found) == 0 && len(args) == 2:
					return fmt.Errorf("%s has no field %q holding a one-time password key (a base32 secret or an otpauth://totp/ address): %w", ui.Plain(d.Title), ui.Plain(args[1]), vault.ErrNotFound)
				case len(found) == 0:
					return fmt.Errorf("%s has no one-time password key: add the secret a site shows at setup as a field labelled TOTP (edit --secret TOTP): %w", ui.Plain(d.Title), vault.ErrNotFound)
				case len(found) > 1:
					var labels []string
					for _, f := range found {
						labels = append(labels, ui.Plain(f.Label))
					}
					return usageError{fmt.Errorf("%s has several one-time password keys (%s): name one after the title", ui.Plain(d.Title), strings.Join(labels, ", "))}
				}
				if err := s.Record(vault.ActRevealed, d.ID, found[0].Label+" code"); err != nil {
					return err
				}
				code, left := key.Code(time.Now())
				fmt.Fprintln(a.env.Stdout, code)
				fmt.Fprintf(a.env.Stderr, "confidant: valid for %d more seconds\n", int((left+time.Second-1)/time.Second))
				return nil
			})
		},
	}
}

// passwordUseJSON is a password field in audit --json.
type passwordUseJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Label string `json:"label"`
	// Length is a short password's length.
	Length int `json:"length,omitempty"`
}

// sharedJSON is an email address or phone number several dossiers hold,
// by the fields that hold it.
type sharedJSON struct {
	What   string            `json:"what"` // "email" or "phone"
	Fields []passwordUseJSON `json:"fields"`
}

func (a *app) auditCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Find passwords used by several dossiers, short, common or made of the client's details (never printing one)",
		Long: `audit reads every password field (a field of type password, or a secret
labelled as a password; PINs and one-time password keys are left alone) and
lists the ones that share a password with another, those that hold variants
of one password (differing only in case, in the digits or symbols at the
ends, and in letters written as digits or symbols, as Summer2024!, summer2025
and Summ3r do), those under 12 characters, and
common ones: one of the 10,000 passwords people use most, or one changed a
little (P@ssw0rd, Letmein2024!), which an attack guesses first however long
it is; and those made of their own dossier's details, a name, a word of
another field or of the notes (a husband's name), a date or phone digits,
with a few characters more (Vance1968!, Rover2019, Robert1966!), which
whoever knows the client tries first. It
names dossiers and fields, never a password. Change one with the editor's
ctrl+p, or: confidant edit ID --generate LABEL

It also lists the fields shown unmasked though their labels name a secret (a
passport or account number, a door code, health details), which fields made
before Confidant masked such labels itself may be: confidant edit ID --mask
LABEL masks one. It lists the secrets written in the notes ("Door code:
4471", "the alarm code is 9031"), which edit ID --from-notes LABEL moves
into masked fields.
And the email addresses and phone numbers that several dossiers hold
(+44 20 7946 0958 and 020 7946 0958 are one number): a client brought in
twice from a spreadsheet and a phone's contacts, or a household.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withVault(func(s *vault.Store) error {
				if err := s.Load(); err != nil {
					return err
				}
				list := s.List()
				r, unmasked, shared := vault.Audit(list), vault.Unmasked(list), vault.SharedContacts(list)
				inNotes := vault.NoteSecrets(list)
				use := func(u vault.PasswordUse, n int) passwordUseJSON {
					return passwordUseJSON{ID: u.Dossier.ID.String(), Title: u.Dossier.Title, Label: u.Label, Length: n}
				}
				if asJSON {
					out := struct {
						Checked int                 `json:"checked"`
						Reused  [][]passwordUseJSON `json:"reused"`
						// Alike are variants of one password (Summer2024!, summer2025).
						Alike [][]passwordUseJSON `json:"alike"`
						Short []passwordUseJSON   `json:"short"`
						// Common are common passwords, or ones changed a little.
						Common []passwordUseJSON `json:"common"`
						// Personal are made of their dossier's own details.
						Personal []passwordUseJSON `json:"personal"`
						// Unmasked are fields named as secrets and shown.
						Unmasked []passwordUseJSON `json:"unmasked"`
						// InNotes are secrets written in the notes.
						InNotes []passwordUseJSON `json:"in_notes"`
						// Shared are the emails and phones several dossiers hold.
						Shared []sharedJSON `json:"shared"`
					}{Checked: r.Checked, Reused: [][]passwordUseJSON{}, Alike: [][]passwordUseJSON{}, Short: []passwordUseJSON{}, Common: []passwordUseJSON{}, Personal: []passwordUseJSON{}, Unmasked: []passwordUseJSON{}, InNotes: []passwordUseJSON{}, Shared: []sharedJSON{}}
					for _, sc := range shared {
						j := sharedJSON{What: "email"}
						if sc.Phone {
							j.What = "phone"
						}
						for _, u := range sc.Uses {
							j.Fields = append(j.Fields, use(u, 0))
						}
						out.Shared = append(out.Shared, j)
					}
					for _, u := range unmasked {
						out.Unmasked = append(out.Unmasked, use(u, 0))
					}
					for _, u := range inNotes {
						out.InNotes = append(out.InNotes, use(u, 0))
					}
					groups := func(gs [][]vault.PasswordUse) [][]passwordUseJSON {
						out := [][]passwordUseJSON{}
						for _, g := range gs {
							var group []passwordUseJSON
							for _, u := range g {
								group = append(group, use(u, 0))
							}
							out = append(out, group)
						}
						return out
					}
					out.Reused, out.Alike = groups(r.Reused), groups(r.Alike)
					for _, sh := range r.Short {
						out.Short = append(out.Short, use(sh.PasswordUse, sh.Length))
					}
					for _, u := range r.Common {
						out.Common = append(out.Common, use(u, 0))
					}
					for _, u := range r.Personal {
						out.Personal = append(out.Personal, use(u, 0))
					}
					return writeJSON(a.env.Stdout, out)
				}
				w := bufio.NewWriter(a.env.Stdout)
				defer w.Flush()
				fmt.Fprintf(w, "%s read; ", count(r.Checked, "password"))
				weak := len(r.Reused) > 0 || len(r.Alike) > 0 || len(r.Short) > 0 || len(r.Common) > 0 || len(r.Personal) > 0
				if weak {
					var found []string // only what was found
					for _, f := range []struct {
						n    int
						what string
					}{{len(r.Reused), "shared by several fields"}, {len(r.Alike), "in variants"}, {len(r.Short), "under 12 characters"}, {len(r.Common), "common"},
						{len(r.Personal), "made of their dossier's details"}} {
						if f.n > 0 {
							found = append(found, count(f.n, "password")+" "+f.what)
						}
					}
					fmt.Fprintln(w, strings.Join(found, ", "))
				} else {
					fmt.Fprintln(w, "none is used twice, under 12 characters, common or made of its dossier's details")
				}
				rows := func(us []vault.PasswordUse, extra func(int) string) {
					t := table{}
					for i, u := range us {
						t.add([5]string{"", u.Dossier.ID.Short(), ui.Plain(u.Dossier.Title), ui.Plain(u.Label), extra(i)})
					}
					var b strings.Builder
					bw := bufio.NewWriter(&b)
					t.write(bw)
					bw.Flush()
					for line := range strings.Lines(b.String()) {
						w.WriteString(strings.TrimRight(line, " \n") + "\n")
					}
				}
				for i, g := range r.Reused {
					fmt.Fprintf(w, "\nShared password %d, in %d fields:\n", i+1, len(g))
					rows(g, func(int) string { return "" })
				}
				for i, g := range r.Alike {
					fmt.Fprintf(w, "\nVariants of password %d, in %d fields (they differ only in case, the digits or symbols at the ends, and letters written as digits or symbols, as Summer2024!, summer2025 and Summ3r do: one leaked gives away the others):\n", i+1, len(g))
					rows(g, func(int) string { return "" })
				}
				if len(r.Short) > 0 {
					fmt.Fprintf(w, "\nUnder 12 characters:\n")
					us := make([]vault.PasswordUse, len(r.Short))
					for i, sh := range r.Short {
						us[i] = sh.PasswordUse
					}
					rows(us, func(i int) string { return count(r.Short[i].Length, "character") })
				}
				if len(r.Common) > 0 {
					fmt.Fprintf(w, "\nCommon passwords, or ones changed a little (P@ssw0rd, Letmein2024!), which an attack guesses first:\n")
					rows(r.Common, func(int) string { return "" })
				}
				if len(r.Personal) > 0 {
					fmt.Fprintf(w, "\nMade of their dossier's own details (a name, a date, a phone number: Vance1968!), which whoever knows the client tries first:\n")
					rows(r.Personal, func(int) string { return "" })
				}
				if weak {
					fmt.Fprintln(w, "\nChange one in the editor (ctrl+p makes a new one), or: confidant edit ID --generate LABEL")
				}
				if len(unmasked) > 0 {
					fmt.Fprintf(w, "\nShown unmasked, though named as secrets (%s):\n", count(len(unmasked), "field"))
					rows(unmasked, func(int) string { return "" })
					fmt.Fprintln(w, "\nMask one in the editor (ctrl+o), or: confidant edit ID --mask LABEL")
				}
				if len(inNotes) > 0 {
					fmt.Fprintf(w, "\nWritten in the notes, where search finds them and the screen shows them (%s):\n", count(len(inNotes), "secret"))
					rows(inNotes, func(int) string { return "" })
					fmt.Fprintln(w, "\nMove one into a masked field: confidant edit ID --from-notes LABEL")
				}
				for i, sc := range shared {
					if i == 0 {
						fmt.Fprintf(w, "\nThe same email or phone in several dossiers (one person twice, or a household?):\n")
					}
					what := "Email address"
					if sc.Phone {
						what = "Phone number"
					}
					fmt.Fprintf(w, "%s %d, in %s:\n", what, i+1, count(len(sc.Uses), "dossier"))
					rows(sc.Uses, func(int) string { return "" })
				}
				if len(shared) > 0 {
					fmt.Fprintln(w, "\nOne person twice: confidant merge KEEP OTHER folds the second into the first")
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
