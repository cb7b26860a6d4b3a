package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"confidant/vault"
)

func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"Eleanor Vance":                        "Eleanor Vance",
		"a\tb\nc":                              "a b c",
		"red \x1b[31mword\x1b[0m":              "red word",
		"title\x1b]0;PWNED\x07 after":          "title after",
		"link \x1b]8;;https://e.example\x1b\\": "link ",
		"cr\rbs\bbell\x07del\x7f c1\u009b2J":   "crbsbelldel c12J",
		"Zoë 李娜":                               "Zoë 李娜",
		"invoice\u202efdp.exe":                 "invoicefdp.exe", // a right-to-left override
		"a\u2067b\u2069c":                      "abc",
		"family 👨\u200d👩\u200d👧":               "family 👨\u200d👩\u200d👧", // a joiner is not a control
	} {
		if got := Plain(in); got != want {
			t.Errorf("Plain(%q) = %q, want %q", in, got, want)
		}
	}
	if got := PlainLines("one\r\ntwo\tx\n\x1b[5mthree"); got != "one\ntwo x\nthree" {
		t.Errorf("PlainLines: %q", got)
	}
}

func TestSafeScreen(t *testing.T) {
	styled := "\x1b[1m\x1b[38;5;147mConfidant\x1b[0m\x1b[39m  \x1b[38:2::1:2:3mx\x1b[m\n│ row │"
	if got := safeScreen(styled); got != styled {
		t.Fatalf("a screen drawn with styles changed:\n%q\n%q", styled, got)
	}
	for in, want := range map[string]string{
		"a\x1b[2Jb":                              "ab",            // erase the screen
		"a\x1b[?25lb":                            "ab",            // hide the cursor
		"a\x1b[5;1Hb":                            "ab",            // move it
		"a\x1b]0;title\x07b":                     "ab",            // retitle the window
		"a\x1b]52;c;aGk=\x1b\\b":                 "ab",            // write the clipboard
		"a\x1bP$q m\x1b\\b":                      "ab",            // ask the terminal to answer (DECRQSS)
		"a\x1b]8;;https://e.example\nb \x1b[1mc": "a\nb \x1b[1mc", // an OSC left open ends with its line
		"a\x1b7b\x1b":                            "ab",            // save the cursor; a lone ESC
		"a\rb\bc\x07d\te\u009bf\x7fg":            "abcdefg",
	} {
		if got := safeScreen(in); got != want {
			t.Errorf("safeScreen(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzPlain checks that what Plain and PlainLines return holds no control
// character (but PlainLines' line breaks), is returned as it is when clean,
// and that safeScreen leaves nothing but SGR and line breaks.
func FuzzPlain(f *testing.F) {
	f.Add("Eleanor Vance")
	f.Add("a\x1b[31mb\x1b]0;t\x07c\rd\ne\tf\u009bg")
	f.Add("\x1b]8;;u\x1b\\l\x1b]8;;\x1b\\")
	f.Add("\x1b[1;38;5;147mX\x1b[0m\n\x1b[")
	f.Add("a\u202eb\u2066c\u2069\u200d")
	f.Add("Zoë 👩\u200d👩\u200d👧 ❤\ufe0f 👍🏽")
	f.Fuzz(func(t *testing.T, s string) {
		control := isControl
		if !hasControl(s) && strings.ContainsFunc(s, control) {
			t.Fatalf("hasControl(%q) missed a control character", s)
		}
		if hasJoiner(s) != strings.ContainsFunc(s, isJoiner) {
			t.Fatalf("hasJoiner(%q) = %v", s, hasJoiner(s))
		}
		p := Plain(s)
		if strings.ContainsFunc(p, control) {
			t.Fatalf("Plain(%q) = %q", s, p)
		}
		if Plain(p) != p {
			t.Fatalf("Plain changes its own result %q", p)
		}
		if !hasControl(s) && p != s {
			t.Fatalf("Plain changed clean text %q to %q", s, p)
		}
		l := PlainLines(s)
		if strings.ContainsFunc(l, func(r rune) bool { return r != '\n' && control(r) }) || strings.Count(l, "\n") > strings.Count(s, "\n") {
			t.Fatalf("PlainLines(%q) = %q", s, l)
		}
		out := safeScreen(s)
		if !cleanScreen(out) || safeScreen(out) != out {
			t.Fatalf("safeScreen(%q) = %q", s, out)
		}
		if cleanScreen(s) && out != s {
			t.Fatalf("safeScreen changed a clean screen %q to %q", s, out)
		}
		if rest := sgr.ReplaceAllString(out, ""); strings.ContainsFunc(rest, func(r rune) bool { return r != '\n' && control(r) }) {
			t.Fatalf("safeScreen(%q) leaves %q", s, rest)
		}
	})
}

// BenchmarkSafeScreen measures the check every frame goes through, on the
// main screen at 120×40.
func BenchmarkSafeScreen(b *testing.B) {
	m, _ := mainModel(b, 120, 40)
	frame := m.render()
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		if safeScreen(frame) != frame {
			b.Fatal("the main screen is not clean")
		}
	}
}

// TestWideNames_StayInColumns: a name in Japanese takes two terminal
// columns a character. The address book and the trash padded names with
// fmt's %-24s, which counts runes, so the column after 山田 太郎 started four
// columns late.
func TestWideNames_StayInColumns(t *testing.T) {
	m := vaultModel(t, false, 110, 24)
	s := m.c.store
	for _, c := range [][2]string{
		{"Ana", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"},
		{"山田 太郎", "age177ataphcxgqjqcyk9ymtw06lsfx98eyat6065qazajcszgx6k4vqtp77pe"},
	} {
		if _, err := s.AddContact(c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, title := range []string{"Ana Sørensen", "山田 太郎"} {
		d, err := s.Add(vault.New(title, vault.KindClient))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(d.ID); err != nil {
			t.Fatal(err)
		}
	}
	// Each row's second column starts where Ana's does.
	aligned := func(screen, next string) {
		t.Helper()
		at := -1
		for l := range strings.SplitSeq(screen, "\n") {
			if !strings.Contains(l, "Ana") && !strings.Contains(l, "山田") {
				continue
			}
			before, _, ok := strings.Cut(l, next)
			if !ok {
				t.Fatalf("no %q in %q", next, l)
			}
			if at < 0 {
				at = lipgloss.Width(before)
			} else if w := lipgloss.Width(before); w != at {
				t.Errorf("%q starts at column %d, not %d:\n%s", next, w, at, screen)
			}
		}
		if at < 0 {
			t.Fatalf("no rows:\n%s", screen)
		}
	}
	m = press(t, m, "C")
	aligned(view(m), "age1")
	m = press(t, m, "esc", "T")
	aligned(view(m), "client")
}

// TestEmojiClusters_KeepTheLayout: on a terminal that counts cells by code
// point (Bubble Tea's renderer, until the terminal reports mode 2027), a
// title with 👩‍👩‍👧 or ❤️ made its row 4 cells too long or 1 too short, and the
// pane's border moved. With the clusters taken apart every row of the
// screen is as wide by the renderer's count as by lipgloss's; once the
// terminal says it counts clusters, they are drawn whole. The vault keeps
// the text as it was.
func TestEmojiClusters_KeepTheLayout(t *testing.T) {
	defer cellsByCodePoint.Store(cellsByCodePoint.Load())
	m := vaultModel(t, false, 90, 12)
	titles := []string{"Zoë 👩\u200d👩\u200d👧 family", "Mum ❤\ufe0f", "Kofi 👍🏽", "Flag 🏳\ufe0f\u200d🌈"}
	for _, title := range titles {
		if _, err := m.c.store.Add(vault.New(title, vault.KindContact)); err != nil {
			t.Fatal(err)
		}
	}
	m = press(t, m, "ctrl+l")
	m = typeText(t, m, testPass)
	m = press(t, m, "enter")
	widths := func(screen string, width func(string) int) {
		t.Helper()
		for i, l := range strings.Split(screen, "\n") {
			if strings.HasPrefix(l, "│") || strings.HasPrefix(l, "╭") {
				if w := width(l); w != 90 {
					t.Errorf("line %d is %d cells:\n%s", i, w, screen)
				}
			}
		}
	}
	cellsByCodePoint.Store(true)
	screen := view(m)
	widths(screen, ansi.StringWidthWc)
	widths(screen, lipgloss.Width)
	mustContain(t, screen, "Zoë 👩👩👧 family", "Mum ❤")

	m = press(t, m, "down") // the detail pane shows the title too
	widths(view(m), ansi.StringWidthWc)

	mm, _ := m.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset})
	m = mm.(model)
	if cellsByCodePoint.Load() {
		t.Fatal("mode 2027 reported, and clusters still taken apart")
	}
	screen = view(m)
	mustContain(t, screen, titles[0], titles[1])
	widths(screen, lipgloss.Width)
	d, err := m.c.store.Resolve(titles[0])
	if err != nil || d.Title != titles[0] {
		t.Fatalf("stored title %q, %v", d.Title, err)
	}
	// The command line never takes them apart.
	cellsByCodePoint.Store(false)
	if got := Plain(titles[1]); got != titles[1] {
		t.Errorf("Plain(%q) = %q", titles[1], got)
	}
}

// TestPlanRow_Older: the import preview marks a match the vault changed after
// the file's copy, in its row and in the line under the list.
func TestPlanRow_Older(t *testing.T) {
	it := vault.ImportItem{
		Incoming: vault.Dossier{Title: "Acme Ltd", Kind: vault.KindVendor, Updated: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)},
		Match:    vault.NewID(), MatchTitle: "Acme Ltd", MatchBy: "id",
		Changes: []vault.Change{{What: "notes", How: "changed"}}, Action: vault.ActionReplace, Older: true,
	}
	if got := planRow(it, false); !strings.HasSuffix(got, "· 1 change · yours is newer") {
		t.Errorf("row %q", got)
	}
	if got := matchText(it); !strings.Contains(got, "yours changed after the file's copy (2026-11-02): replacing goes back to it") {
		t.Errorf("detail %q", got)
	}
	it.Older = false
	if got := planRow(it, false) + matchText(it); strings.Contains(got, "newer") || strings.Contains(got, "goes back") {
		t.Errorf("a newer copy: %q", got)
	}
}

// TestElidePath: a long path keeps its start and its file name, cut in the
// middle; one that fits stays whole.
func TestElidePath(t *testing.T) {
	long := "/home/pa/Sync/a-very-long-directory-name/another-long-folder/vault.db"
	for _, tc := range []struct {
		p     string
		width int
		want  string
	}{
		{"/home/pa/vault.db", 50, "/home/pa/vault.db"},
		{long, 40, "/home/pa/Sync/a-very-long-dire…/vault.db"},
		{long, 12, "/home/pa/Sy…"}, // too narrow for the name: the start
	} {
		got := elidePath(tc.p, tc.width)
		if got != tc.want || lipgloss.Width(got) > tc.width {
			t.Errorf("elidePath(%q, %d) = %q, want %q", tc.p, tc.width, got, tc.want)
		}
	}
}
