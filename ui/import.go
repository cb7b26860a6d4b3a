package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"confidant/vault"
	"confidant/vault/importers"
)

// importScreen brings dossiers in from a file: pick it, open it with the
// vault's own identity (a handoff addressed to this vault), a passphrase
// asked for when the file needs one, or an identity file asked for when the
// file is addressed to someone else; a plaintext export is read as it is
// once the person says so. Then see what is new and what matches a dossier
// already here (and what differs), choose what happens to matches, confirm,
// and import in one transaction. A file that cannot be read shows one line
// and changes nothing.
type importScreen struct {
	c       *common
	stage   int // impPick, impOpening, impPassphrase, impIdentity, impPlaintext, impPreview, impDone
	pick    filePick
	pass    textinput.Model
	ident   textinput.Model // the path of an identity file
	whom    string          // whom the file is addressed to, when it is not this vault
	keys    vault.FileKeys  // what the file was opened with (no passphrase kept)
	path    string
	audit   string // what audit found in the passwords a plaintext file brought in
	seq     uint64
	busy    bool // a command holds the bundle
	err     string
	spinner spinner.Model
	plug    pluginPrompt // an identity's plugin asking while the file opens

	// What the file holds, while the screen is open (plaintext in memory
	// only; wiped when the screen lets go of it).
	bundle *vault.Bundle
	sum    [32]byte
	from   vault.From
	format importers.Format
	shape  shapeOf
	plan   *vault.ImportPlan
	policy vault.Policy
	cursor int
}

// shapeOf says, by name only, what a plaintext export's parts become: a
// spreadsheet's columns (importers.Columns), another program's fields
// (importers.Fields). label titles it on the preview.
type shapeOf struct{ label, text string }

const (
	impPick = iota
	impOpening
	impPassphrase
	impIdentity
	impPlaintext
	impPreview
	impDone
)

// Messages of the import screen.
type (
	// importOpenedMsg carries a decrypted, parsed file and its preview.
	importOpenedMsg struct {
		seq    uint64
		bundle *vault.Bundle
		sum    [32]byte
		format importers.Format
		shape  shapeOf // what a plaintext export's columns or fields become
		plan   *vault.ImportPlan
		from   vault.From
		err    error
	}
	// importPlannedMsg carries the preview under another policy.
	importPlannedMsg struct {
		seq  uint64
		plan *vault.ImportPlan
		err  error
	}
	// importGoMsg is the confirmed request to import.
	importGoMsg struct{}
	// importedMsg reports the import, as carried out.
	importedMsg struct {
		plan *vault.ImportPlan
		err  error
		// audit is what vault.Audit found in the passwords a plaintext
		// file brought in ("of the 5 passwords brought in, 1 common"), or "".
		audit string
	}
)

func newImport(c *common) (importScreen, tea.Cmd) {
	im := importScreen{c: c, policy: vault.Skip, spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
	var pickCmd tea.Cmd
	im.pick, pickCmd = newFilePick(c, max(3, c.height-7))
	im.pass = newPassInput(c, "the file's passphrase")
	im.pass.SetWidth(max(20, min(60, c.width-4)))
	im.ident = newPathInput(c, "")
	im.ident.Placeholder = "~/.ssh/id_ed25519, or an age key file"
	im.ident.SetWidth(max(20, min(60, c.width-4)))
	im.plug = newPluginPrompt(c)
	return im, pickCmd
}

func (im importScreen) typing() bool {
	return im.stage == impPassphrase || im.stage == impIdentity || (im.stage == impOpening && im.plug.open()) ||
		(im.stage == impPick && im.pick.typing)
}

// drop lets go of the file's content, wiping it unless a command still
// reads it.
func (im *importScreen) drop() {
	if im.c == nil {
		return
	}
	if im.bundle != nil && !im.busy {
		im.bundle.Wipe()
	}
	im.bundle, im.plan, im.shape = nil, nil, shapeOf{}
	im.pass.Reset()
	im.plug.cancel() // a plugin still asking stops
}

// openFileCmd decrypts the file at path with the vault's identity and what
// keys gives (its passphrase is cleared when done), or reads it as it is if
// keys says it is a plaintext export; detects what it holds, parses it and
// plans its import under policy.
func openFileCmd(s *vault.Store, seq uint64, path string, keys vault.FileKeys, policy vault.Policy) tea.Cmd {
	return func() tea.Msg {
		var limit int64
		if keys.Plaintext {
			limit = importers.MaxInput
		}
		plain, sum, sender, err := s.DecryptFile(path, limit, keys)
		clear(keys.Passphrase)
		if err != nil {
			return importOpenedMsg{seq: seq, err: err}
		}
		defer clear(plain)
		defer sender.Wipe()
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".asc"), ".age")
		f, err := importers.DetectNamed(plain, name)
		if err != nil {
			return importOpenedMsg{seq: seq, err: fmt.Errorf("%s: %w", filepath.Base(path), err)}
		}
		var b *vault.Bundle
		var from vault.From
		var shape shapeOf
		if f == importers.Bundle {
			if b, err = vault.ParseBundle(plain); err != nil {
				return importOpenedMsg{seq: seq, err: fmt.Errorf("%s: %w", filepath.Base(path), err)}
			}
			if from, err = s.CheckSender(b, sender); err != nil {
				b.Wipe()
				return importOpenedMsg{seq: seq, err: fmt.Errorf("%s: %w", filepath.Base(path), err)}
			}
		} else {
			if b, err = importers.ReadBundle(f, plain, name); err != nil {
				return importOpenedMsg{seq: seq, err: fmt.Errorf("%s: %w", filepath.Base(path), err)}
			}
			if f != importers.Table && f != importers.Text {
				shape = shapeOf{"Fields", importers.Fields(b.List())}
			}
		}
		plan, err := s.PlanImport(b, policy)
		if err != nil {
			b.Wipe()
			return importOpenedMsg{seq: seq, err: err}
		}
		if f == importers.Table {
			shape = shapeOf{"Columns", importers.Columns(plain)}
		}
		return importOpenedMsg{seq: seq, bundle: b, sum: sum, format: f, shape: shape, plan: plan, from: from}
	}
}

func planCmd(s *vault.Store, seq uint64, b *vault.Bundle, policy vault.Policy) tea.Cmd {
	return func() tea.Msg {
		plan, err := s.PlanImport(b, policy)
		return importPlannedMsg{seq: seq, plan: plan, err: err}
	}
}

func importCmd(s *vault.Store, b *vault.Bundle, o vault.ImportOptions, plaintext bool) tea.Cmd {
	return func() tea.Msg {
		plan, err := s.Import(b, o)
		msg := importedMsg{plan: plan, err: err}
		if err == nil && plaintext {
			// Moving in from another program: old habits come to light.
			r := vault.Audit(b.List())
			if found := r.Findings(); found != "" {
				msg.audit = fmt.Sprintf("of the %d password%s brought in, %s: is:weak and is:reused find them", r.Checked, plural(r.Checked), found)
			}
		}
		return msg
	}
}

// importErr is the one line a person reads about a file that was not
// imported, with what to do where that helps.
func importErr(err error) string {
	s := errText(err)
	switch {
	case errors.Is(err, vault.ErrFileCorrupt):
		s += ": nothing was changed; ask for the file again"
	case errors.Is(err, importers.ErrWorkbook):
		s += "; " + importers.WorkbookHint
	case errors.Is(err, importers.ErrUnknownFormat):
		s += ": force one with confidant import --format"
	case errors.Is(err, vault.ErrBundleVersion):
		s += ": a newer confidant reads it"
	case errors.Is(err, vault.ErrForged):
		s += ": nothing was changed; ask the sender, by phone or in person, whether they sent it"
	}
	return s
}

func (im importScreen) Update(msg tea.Msg) (importScreen, tea.Cmd) {
	k := im.c.keys
	switch msg := msg.(type) {
	case pluginAskMsg:
		return im, im.plug.receive(msg)
	case importOpenedMsg:
		if msg.seq != im.seq || im.stage != impOpening {
			if msg.bundle != nil {
				msg.bundle.Wipe()
			}
			return im, nil
		}
		im.busy = false
		im.plug.cancel()
		switch {
		case errors.Is(msg.err, vault.ErrPassphraseNeeded):
			im.stage, im.err = impPassphrase, ""
			return im, im.pass.Focus()
		case errors.Is(msg.err, vault.ErrWrongPassphrase):
			im.stage, im.err = impPassphrase, "wrong passphrase for the file, try again"
			return im, im.pass.Focus()
		case errors.Is(msg.err, vault.ErrNotForYou) || errors.Is(msg.err, vault.ErrIdentity) || errors.Is(msg.err, vault.ErrPlugin):
			if errors.Is(msg.err, vault.ErrNotForYou) {
				im.whom = errText(msg.err)
			}
			im.stage, im.err = impIdentity, ""
			if im.keys.IdentityFile != "" {
				im.err = im.plug.explain(msg.err)
				if errors.Is(msg.err, vault.ErrNotForYou) {
					im.err = "that identity does not open the file either"
				}
			}
			return im, im.ident.Focus()
		case errors.Is(msg.err, vault.ErrNotAgeFile) && vault.IsVaultFile(im.path):
			im.stage, im.err = impPick, Plain(filepath.Base(im.path))+" is a vault file (a copy from backup --copy), not an export: open it with confidant --vault, and hand off or back up from there what to bring in"
			return im, nil
		case errors.Is(msg.err, vault.ErrNotAgeFile) && !im.keys.Plaintext:
			im.stage, im.err = impPlaintext, ""
			return im, nil
		case msg.err != nil:
			im.stage, im.err = impPick, importErr(msg.err)
			return im, nil
		}
		im.bundle, im.sum, im.format, im.shape, im.plan, im.from = msg.bundle, msg.sum, msg.format, msg.shape, msg.plan, msg.from
		im.stage, im.err, im.cursor = impPreview, "", 0
		return im, nil
	case importPlannedMsg:
		if msg.seq != im.seq {
			return im, nil
		}
		im.busy = false
		if msg.err != nil {
			im.err = errText(msg.err)
			return im, nil
		}
		im.plan = msg.plan
		return im, nil
	case importGoMsg:
		if im.stage != impPreview || im.busy || im.bundle == nil {
			return im, nil
		}
		im.busy = true
		o := vault.ImportOptions{Policy: im.policy, Source: filepath.Base(im.path), SHA256: im.sum, Plan: im.plan, Sender: im.from}
		return im, tea.Batch(importCmd(im.c.store, im.bundle, o, im.keys.Plaintext), im.spinner.Tick)
	case importedMsg:
		im.busy = false
		if msg.err != nil {
			im.err = errText(msg.err) + ": nothing was imported"
			return im, errCmd(msg.err)
		}
		im.drop()
		im.plan, im.stage, im.cursor, im.audit = msg.plan, impDone, 0, msg.audit
		p := msg.plan
		if im.keys.Plaintext {
			return im, statusCmd("imported %d new, %d replaced, %d kept both, %d skipped; now delete %s: it holds every secret in the clear", p.Count(vault.ActionNew), p.Count(vault.ActionReplace), p.Count(vault.ActionKeepBoth), p.Count(vault.ActionSkip), Plain(filepath.Base(im.path)))
		}
		return im, statusCmd("imported %d new, %d replaced, %d kept both, %d skipped", p.Count(vault.ActionNew), p.Count(vault.ActionReplace), p.Count(vault.ActionKeepBoth), p.Count(vault.ActionSkip))
	case spinner.TickMsg:
		if !im.busy {
			return im, nil
		}
		var cmd tea.Cmd
		im.spinner, cmd = im.spinner.Update(msg)
		return im, cmd
	}

	switch im.stage {
	case impOpening:
		if im.plug.open() {
			return im, im.plug.update(msg)
		}
	case impPick:
		if msg, ok := msg.(tea.KeyPressMsg); ok && key.Matches(msg, k.Back) && !im.pick.typing {
			return im, im.c.post(backMsg{})
		}
		path, cmd := im.pick.update(msg)
		if path != "" {
			im.ident.Reset()
			return im.open(path, vault.FileKeys{})
		}
		if _, ok := msg.(tea.KeyPressMsg); ok {
			im.err = ""
		}
		return im, cmd
	case impPassphrase:
		if msg, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case key.Matches(msg, k.Back):
				im.pass.Reset()
				im.pass.Blur()
				im.stage, im.err = impPick, ""
				return im, nil
			case key.Matches(msg, k.Submit):
				if im.pass.Value() == "" {
					im.err = "type the passphrase the file was encrypted with"
					return im, nil
				}
				keys := im.keys
				keys.Passphrase = []byte(im.pass.Value())
				im.pass.Reset()
				im.pass.Blur()
				return im.open(im.path, keys)
			}
		}
		var cmd tea.Cmd
		im.pass, cmd = im.pass.Update(msg)
		return im, cmd
	case impIdentity:
		if msg, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case key.Matches(msg, k.Back):
				im.ident.Blur()
				im.stage, im.err = impPick, ""
				return im, nil
			case key.Matches(msg, k.Submit):
				path := strings.TrimSpace(im.ident.Value())
				if path == "" {
					im.err = "type the path of the identity file that opens it"
					return im, nil
				}
				im.ident.Blur()
				return im.open(im.path, vault.FileKeys{IdentityFile: expandHome(path)})
			}
		}
		var cmd tea.Cmd
		im.ident, cmd = im.ident.Update(msg)
		return im, cmd
	case impPlaintext:
		if msg, ok := msg.(tea.KeyPressMsg); ok {
			switch {
			case key.Matches(msg, k.Back):
				im.stage, im.err = impPick, ""
				return im, nil
			case key.Matches(msg, k.Submit):
				return im.open(im.path, vault.FileKeys{Plaintext: true})
			}
		}
		return im, nil
	case impPreview:
		msg, ok := msg.(tea.KeyPressMsg)
		if !ok || im.busy {
			return im, nil
		}
		n := len(im.plan.Items)
		if c, ok := listNav(k, msg, im.cursor, n, 10); ok {
			im.cursor = c
			return im, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			im.drop()
			im.stage, im.err = impPick, ""
			return im, nil
		case key.Matches(msg, k.Policy):
			im.policy = map[vault.Policy]vault.Policy{vault.Skip: vault.Replace, vault.Replace: vault.KeepBoth, vault.KeepBoth: vault.Skip}[im.policy]
			im.seq = im.c.nextSeq()
			im.busy = true
			return im, planCmd(im.c.store, im.seq, im.bundle, im.policy)
		case key.Matches(msg, k.Submit):
			p := im.plan
			if p.Count(vault.ActionSkip) == len(p.Items) {
				return im, statusCmd("nothing to import: every dossier is skipped")
			}
			go1 := len(p.Items) - p.Count(vault.ActionSkip)
			prompt := fmt.Sprintf("Import %d dossier%s from %s?\n%d new, %d replaced, %d kept both, %d skipped.\nAll of it is written in one go, or nothing.",
				go1, plural(go1), Plain(filepath.Base(im.path)), p.Count(vault.ActionNew), p.Count(vault.ActionReplace), p.Count(vault.ActionKeepBoth), p.Count(vault.ActionSkip))
			return im, im.c.post(confirmMsg{prompt: prompt, yes: importGoMsg{}})
		}
	case impDone:
		if msg, ok := msg.(tea.KeyPressMsg); ok {
			if c, ok := listNav(k, msg, im.cursor, len(im.plan.Items), 10); ok {
				im.cursor = c
				return im, nil
			}
			if key.Matches(msg, k.Back) || key.Matches(msg, k.Submit) {
				return im, im.c.post(backMsg{})
			}
		}
	}
	return im, nil
}

// open starts reading the file at path in a command, with keys.
func (im importScreen) open(path string, keys vault.FileKeys) (importScreen, tea.Cmd) {
	if path != im.path {
		im.whom = ""
	}
	im.path, im.stage, im.err, im.busy = path, impOpening, "", true
	im.seq = im.c.nextSeq()
	if keys.IdentityFile != "" {
		keys.Prompts = im.plug.start(im.seq) // a plugin's identity asks through it
	}
	im.keys = keys
	im.keys.Passphrase = nil // openFileCmd clears it
	return im, tea.Batch(im.plug.run(openFileCmd(im.c.store, im.seq, path, keys, im.policy)), im.spinner.Tick)
}

func (im importScreen) View() string {
	c := im.c
	st := c.styles
	h := max(4, c.height-2)
	switch im.stage {
	case impPick:
		lines := append([]string{st.Title.Render("Import: pick a file")}, im.pick.lines()...)
		foot := []string{st.Muted.Render("a handoff or backup (.age), or another program's export sealed with age")}
		if im.err != "" {
			foot = wrapLines(im.err, c.width, 3, st.Error.Render)
		}
		lines = fitLinesKeep(lines, h-len(foot))
		for len(lines) < h-len(foot) {
			lines = append(lines, "")
		}
		return fitLines(append(lines, foot...), c.width, h)
	case impOpening:
		lines := []string{st.Title.Render("Import " + Plain(filepath.Base(im.path))), "", im.spinner.View() + " opening the file…"}
		if more := im.plug.view(c.width); len(more) > 0 {
			lines = append(append(lines, ""), more...)
		}
		return fitLines(lines, c.width, h)
	case impPassphrase:
		lines := []string{
			st.Title.Render("Import " + Plain(filepath.Base(im.path))), "",
			"This file is encrypted with a passphrase.", "",
			"Passphrase", im.pass.View(), "",
		}
		if im.err != "" {
			lines = append(lines, st.Error.Render(im.err))
		} else {
			lines = append(lines, st.Muted.Render("enter opens · esc picks another file"))
		}
		return fitLines(lines, c.width, h)
	case impIdentity:
		lines := []string{st.Title.Render("Import " + Plain(filepath.Base(im.path))), ""}
		if im.whom != "" {
			lines = append(lines, wrapLines(im.whom, c.width, 4, st.Muted.Render)...)
			lines = append(lines, "")
		}
		lines = append(lines, "Identity file that opens it", im.ident.View(), "")
		if im.err != "" {
			lines = append(lines, wrapLines(im.err, c.width, 3, st.Error.Render)...)
		} else {
			lines = append(lines, st.Muted.Render("an age identity, a plugin's (a YubiKey's) or an ssh private key · enter opens · esc picks another file"))
		}
		return fitLines(lines, c.width, h)
	case impPlaintext:
		lines := []string{
			st.Title.Render("Import " + Plain(filepath.Base(im.path))), "",
			"This file is not encrypted: it is a plaintext export (a spreadsheet or",
			"another program's CSV, KeePass XML, Bitwarden JSON, vCards, text) or not",
			"an export at all.", "",
			"Import it as it is? It stays on the disk in the clear: delete it",
			"afterwards, and empty the trash it goes to.", "",
			st.Muted.Render("enter reads it · esc picks another file"),
		}
		return fitLines(lines, c.width, h)
	}
	return im.planView()
}

// wrapLines wraps text to width in at most n lines, each drawn by style.
func wrapLines(text string, width, n int, style func(...string) string) []string {
	lines := strings.Split(lipgloss.Wrap(text, max(10, width), " "), "\n")
	lines = fitLinesKeep(lines, n)
	for i, l := range lines {
		lines[i] = style(l)
	}
	return lines
}

// fitLinesKeep cuts lines to at most n.
func fitLinesKeep(lines []string, n int) []string {
	if len(lines) > n {
		return lines[:n]
	}
	return lines
}

// planRow draws one item of the preview, by title and field label only.
func planRow(it vault.ImportItem, done bool) string {
	action := string(it.Action)
	if done && it.Action != vault.ActionSkip {
		action = "✓ " + action
	}
	s := fmt.Sprintf("  %-11s %s (%s)", action, Plain(it.Incoming.Title), it.Incoming.Kind)
	switch {
	case it.Match.IsZero():
	case len(it.Changes) == 0:
		s += " · identical to one here"
	default:
		s += fmt.Sprintf(" · %d change%s", len(it.Changes), plural(len(it.Changes)))
	}
	if it.Older {
		s += " · yours is newer"
	}
	return s
}

// matchText says which dossier here an incoming one matches, and what
// differs, by name only; "" when it matches none.
func matchText(it vault.ImportItem) string {
	if it.Match.IsZero() {
		return ""
	}
	var ch []string
	for _, c := range it.Changes {
		ch = append(ch, Plain(c.What)+" "+c.How)
	}
	what := "identical"
	if len(ch) > 0 {
		what = strings.Join(ch, ", ")
	}
	text := fmt.Sprintf("matches %q here by %s: %s", it.MatchTitle, it.MatchBy, what)
	if it.Older {
		text += fmt.Sprintf("; yours changed after the file's copy (%s): replacing goes back to it", it.Incoming.Updated.Local().Format(time.DateOnly))
	}
	return text
}

func (im importScreen) planView() string {
	c := im.c
	st := c.styles
	p := im.plan
	done := im.stage == impDone
	var head []string
	if done {
		head = []string{st.OK.Render("Imported from " + Plain(filepath.Base(im.path))), ""}
	} else {
		n := len(p.Items)
		head = []string{st.Title.Render("Import "+Plain(filepath.Base(im.path))) + st.TitleAside.Render(fmt.Sprintf("  %s · %d dossier%s", im.format, n, plural(n)))}
		if from, ok := FromText(im.from); from != "" {
			style := st.Warn
			if ok {
				style = st.OK
			} else if !im.from.Handoff {
				style = st.Muted
			}
			for i, l := range wrapLines(from, c.width-18, 3, style.Render) {
				label := ""
				if i == 0 {
					label = "From"
				}
				head = append(head, row(c, false, label, l))
			}
		}
		if im.shape.text != "" {
			for i, l := range wrapLines(Plain(im.shape.text), c.width-18, 8, st.Muted.Render) {
				label := ""
				if i == 0 {
					label = im.shape.label
				}
				head = append(head, row(c, false, label, l))
			}
		}
		if hint := importers.Hint(im.format); hint != "" {
			for i, l := range wrapLines(hint, c.width-18, 3, st.Warn.Render) {
				label := ""
				if i == 0 {
					label = "Note"
				}
				head = append(head, row(c, false, label, l))
			}
		}
		head = append(head, row(c, false, "On conflict", radio(im.policy == vault.Skip, "skip")+"  "+radio(im.policy == vault.Replace, "replace")+"  "+radio(im.policy == vault.KeepBoth, "keep both")))
	}
	counts := fmt.Sprintf("%d new · %d to replace · %d to keep both · %d to skip", p.Count(vault.ActionNew), p.Count(vault.ActionReplace), p.Count(vault.ActionKeepBoth), p.Count(vault.ActionSkip))
	var foot string
	var more []string // lines under the foot
	switch {
	case done:
		counts = fmt.Sprintf("%d new · %d replaced · %d kept both · %d skipped", p.Count(vault.ActionNew), p.Count(vault.ActionReplace), p.Count(vault.ActionKeepBoth), p.Count(vault.ActionSkip))
		foot = st.Muted.Render("each imported dossier records where it came from · enter returns")
		if im.keys.Plaintext {
			foot = st.Error.Render("now delete " + Plain(filepath.Base(im.path)) + ": it holds every secret in the clear")
		}
		if im.audit != "" {
			more = wrapLines(im.audit, c.width, 2, st.Warn.Render)
		}
	case im.busy:
		foot = im.spinner.View() + " working…"
	case im.err != "":
		foot = st.Error.Render(im.err)
	case p.CountOlder() > 0:
		n := p.CountOlder()
		foot = st.Warn.Render(fmt.Sprintf("%d matching dossier%s changed here after the file's copy: replacing goes back (an old file sent again?)", n, plural(n)))
	default:
		foot = st.Muted.Render("nothing is written until you confirm · p chooses what happens to matches")
	}
	var detail []string
	if im.cursor < len(p.Items) {
		if t := matchText(p.Items[im.cursor]); t != "" {
			detail = wrapLines(t, c.width-2, 2, st.Muted.Render)
			for i := range detail {
				detail[i] = "  " + detail[i]
			}
		}
	}
	h := max(4, c.height-2)
	room := max(1, h-len(head)-3-len(detail)-len(more))
	// Only the rows on screen are drawn: a file may hold 10,000 dossiers.
	off := window(im.cursor, max(0, im.cursor-room/2), room, len(p.Items))
	lines := append([]string{}, head...)
	for i := off; i < len(p.Items) && i < off+room; i++ {
		r := planRow(p.Items[i], done)
		if i == im.cursor {
			r = st.Selected.Render(pad(r, c.width))
		}
		lines = append(lines, r)
	}
	for len(lines) < len(head)+room {
		lines = append(lines, "")
	}
	lines = append(lines, detail...)
	lines = append(lines, "", counts, foot)
	lines = append(lines, more...)
	return fitLines(lines, c.width, h)
}

func (im importScreen) help() keyHelp {
	k := im.c.keys
	switch im.stage {
	case impPick:
		open := withHelp(k.Submit, "enter", "open")
		return keyHelp{
			short: []key.Binding{k.Up, k.Down, open, typePath, k.Back},
			full:  [][]key.Binding{{k.Up, k.Down, open, withHelp(k.Close, "h/←", "up a folder"), typePath, k.Back}, globalKeys(k)},
		}
	case impPassphrase, impIdentity:
		open := withHelp(k.Submit, "enter", "open")
		return keyHelp{short: []key.Binding{open, k.Back}, full: [][]key.Binding{{open, k.Back}, {k.Quit, k.Privacy, k.Lock}}}
	case impPlaintext:
		read := withHelp(k.Submit, "enter", "read it")
		return keyHelp{short: []key.Binding{read, k.Back}, full: [][]key.Binding{{read, k.Back}, globalKeys(k)}}
	case impPreview:
		imp := withHelp(k.Submit, "enter", "import")
		return keyHelp{
			short: []key.Binding{imp, k.Policy, k.Up, k.Down, k.Back},
			full:  [][]key.Binding{{imp, k.Policy, k.Up, k.Down, k.Back}, globalKeys(k)},
		}
	case impDone:
		return keyHelp{short: []key.Binding{withHelp(k.Submit, "enter", "done")}, full: [][]key.Binding{{withHelp(k.Submit, "enter", "done")}, globalKeys(k)}}
	}
	return keyHelp{short: []key.Binding{k.Back}, full: [][]key.Binding{{k.Back}, globalKeys(k)}}
}
