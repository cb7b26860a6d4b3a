package ui

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"confidant/vault"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

var testPass = "correct horse battery staple"

func TestMain(m *testing.M) {
	time.Local = time.UTC // golden views print local dates
	os.Exit(m.Run())
}

// clock is a fixed clock a test moves by hand.
type clock struct{ t time.Time }

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// newTestStore creates an unlocked vault at work factor 10 on clk, closed
// when the test ends.
func newTestStore(t testing.TB, clk *clock) *vault.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.db")
	s, err := vault.Create(path, []byte(testPass), vault.CreateOptions{WorkFactor: 10}, &vault.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sampleDossiers fills s with a few dossiers people would keep.
func sampleDossiers(t testing.TB, s *vault.Store) {
	t.Helper()
	day := func(s string) time.Time { d, _ := vault.ParseDay(s); return d }

	c := vault.New("Eleanor Vance", vault.KindClient)
	c.Fields[0].Value = "Eleanor Margaret Vance"
	c.Fields[1].Value = "eleanor@vance.example"
	c.Fields[2].Value = "+44 20 7946 0018"
	c.Fields[5].Value = "Vance Holdings"
	c.Fields[6].Value = "Chair"
	c.Tags = []string{"vip", "london"}
	c.Notes = "Prefers aisle seats; allergic to shellfish.\nDriver: Tomas, weekdays only."
	c.Dates = []vault.Date{{Label: "Birthday", On: day("1961-03-10"), Remind: vault.Period{Days: 14}, Yearly: true}}

	p := vault.New("Eleanor Vance passport", vault.KindTravel)
	p.Fields[0].Value = "Eleanor Margaret Vance"
	p.Fields[1].Value = "Passport"
	p.Fields[2].Value = "P123456789"
	p.Fields[3].Value = "United Kingdom"
	p.Fields[5].Value = "2026-06-30"
	p.Tags = []string{"vip", "travel"}
	p.Dates = []vault.Date{{Label: "Passport expiry", On: day("2026-06-30"), Remind: vault.Period{Months: 6}}}

	d := vault.New("Dr. Amara Okafor", vault.KindContact)
	d.Fields[0].Value = "Amara Okafor"
	d.Fields[1].Value = "GP to the Vance family"
	d.Fields[2].Value = "+44 20 7946 0999"

	n := vault.New("Household alarm codes", vault.KindNote)
	n.Fields = []vault.Field{{Label: "Alarm code", Value: "4471", Type: vault.TypePassword, Secret: true}}
	n.Notes = "Front door panel is left of the coat rack."
	n.Tags = []string{"home"}

	for _, x := range []vault.Dossier{c, p, d, n} {
		if _, err := s.Add(x); err != nil {
			t.Fatal(err)
		}
	}
}

// newTestModel returns the root model on s at width×height, with the fixed
// clock, no ticking and no system clipboard.
func newTestModel(t testing.TB, s *vault.Store, clk *clock, width, height int) model {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vault.db")
	if s != nil {
		path = s.Path()
	}
	c := newCommon(Config{Path: path, Store: s, Create: vault.CreateOptions{WorkFactor: 10}, Options: &vault.Options{Now: clk.now}})
	c.now = clk.now
	c.tick = func() tea.Cmd { return nil }
	c.sysClipboard = nil
	c.viewer = nil // a test that shows an attachment sets its own
	m := newModelWith(c)
	m = send(t, m, tea.WindowSizeMsg{Width: width, Height: height})
	return m
}

// mainModel returns a model on the main screen of an unlocked vault holding
// the sample dossiers.
func mainModel(t testing.TB, width, height int) (model, *clock) {
	t.Helper()
	clk := newClock()
	s := newTestStore(t, clk)
	sampleDossiers(t, s)
	s.Lock()
	m := newTestModel(t, s, clk, width, height)
	m = typeText(t, m, testPass)
	m = send(t, m, keyMsg("enter"))
	if m.screen != screenMain {
		t.Fatalf("not on the main screen after unlocking: screen %d\n%s", m.screen, view(m))
	}
	return m, clk
}

// keyMsg returns the key press a person makes for s: "y", "T", "enter",
// "ctrl+s", "shift+tab".
func keyMsg(s string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"space":     {Code: tea.KeySpace, Text: " "},
		"backspace": {Code: tea.KeyBackspace},
		"ctrl+up":   {Code: tea.KeyUp, Mod: tea.ModCtrl},
		"ctrl+down": {Code: tea.KeyDown, Mod: tea.ModCtrl},
	}
	if k, ok := special[s]; ok {
		return k
	}
	if r, ok := strings.CutPrefix(s, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(r[0]), Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

// send delivers msgs and runs the commands they return, feeding this
// package's messages back in until none are left: store commands run to
// completion, as the program would run them.
func send(t testing.TB, m model, msgs ...tea.Msg) model {
	t.Helper()
	for _, msg := range msgs {
		var cmd tea.Cmd
		var tm tea.Model
		tm, cmd = m.Update(msg)
		m = tm.(model)
		for _, out := range runCmd(cmd) {
			m = send(t, m, out)
		}
	}
	return m
}

// sendNoRun delivers msg and returns the command without running it.
func sendNoRun(m model, msg tea.Msg) (model, tea.Cmd) {
	tm, cmd := m.Update(msg)
	return tm.(model), cmd
}

// runCmd runs cmd and returns the messages of this package it produced;
// others (clipboard escapes, spinner ticks) are left out.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if cmds, ok := cmdList(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	if _, ok := msg.(spinner.TickMsg); ok || msg == nil {
		return nil
	}
	if reflect.TypeOf(msg).PkgPath() == "confidant/ui" {
		return []tea.Msg{msg}
	}
	return nil
}

// cmdMsgs runs cmd and returns every message it produced, this package's
// or not, without feeding them back.
func cmdMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if cmds, ok := cmdList(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, cmdMsgs(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// cmdList returns the commands of a tea.Batch or a tea.Sequence (whose
// message type Bubble Tea does not export), in order.
func cmdList(msg tea.Msg) ([]tea.Cmd, bool) {
	if batch, ok := msg.(tea.BatchMsg); ok {
		return batch, true
	}
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

func typeText(t testing.TB, m model, s string) model {
	t.Helper()
	for _, r := range s {
		if r == ' ' {
			m = send(t, m, keyMsg("space"))
			continue
		}
		m = send(t, m, keyMsg(string(r)))
	}
	return m
}

func press(t testing.TB, m model, keys ...string) model {
	t.Helper()
	for _, k := range keys {
		m = send(t, m, keyMsg(k))
	}
	return m
}

// view returns the rendered screen without styles.
func view(m model) string {
	return ansi.Strip(m.View().Content)
}

// golden compares got with testdata/<Test>/<case>.golden, rewriting it
// with -update.
func golden(t *testing.T, got string) {
	t.Helper()
	path := filepath.Join(pkgDir, "testdata", filepath.FromSlash(t.Name())+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("view differs from %s (run with -update if the change is right)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

func mustContain(t testing.TB, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Fatalf("view lacks %q:\n%s", sub, s)
		}
	}
}

func mustNotContain(t testing.TB, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			t.Fatalf("view shows %q:\n%s", sub, s)
		}
	}
}

// pkgDir is the package's directory, where the tests start: setHome moves
// away from it.
var pkgDir, _ = os.Getwd()

// setHome makes dir the home and the working directory, where a file
// picker begins.
func setHome(t *testing.T, dir string) {
	t.Helper()
	t.Setenv("HOME", dir)
	t.Chdir(dir)
}
