package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"
)

// TestTable_AsColumns: table lays rows out exactly as columns does, and, for
// ASCII text, as text/tabwriter did before both, for cells of every width
// and empty cells.
func TestTable_AsColumns(t *testing.T) {
	ascii := []string{"", "a", "client 0042", "vip, travel", "! Passport 2031-04-30", "x y z"}
	wide := append(ascii, "Élodie", "北京", "山田 太郎 (Yamada Tarō)", "Zoë 👩‍👩‍👧", "e\u0301cole")
	rng := rand.New(rand.NewPCG(1, 2))
	for _, words := range [][]string{ascii, wide} {
		for n := range 50 {
			var tab table
			var want, old bytes.Buffer
			cw := newColumns(&want)
			tw := tabwriter.NewWriter(&old, 0, 0, 2, ' ', 0)
			for range n + 1 {
				var r [5]string
				for j := range r {
					r[j] = words[rng.IntN(len(words))]
				}
				tab.add(r)
				fmt.Fprintf(cw, "%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], r[4])
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], r[4])
			}
			cw.Flush()
			tw.Flush()
			var got bytes.Buffer
			bw := bufio.NewWriter(&got)
			tab.write(bw)
			bw.Flush()
			if got.String() != want.String() {
				t.Fatalf("rows %d:\ngot\n%s\nwant\n%s", n+1, got.String(), want.String())
			}
			if len(words) == len(ascii) && got.String() != old.String() {
				t.Fatalf("rows %d, ASCII:\ngot\n%s\ntabwriter\n%s", n+1, got.String(), old.String())
			}
		}
	}
}

// TestColumns_WideText: a column after a title in Japanese, an accent
// written as a combining mark, or an emoji starts in the same terminal
// column on every row. tabwriter counted runes: 山田 took two columns too
// few, é (e and U+0301) one too many.
func TestColumns_WideText(t *testing.T) {
	titles := []string{"Ana Sørensen", "山田 太郎 (Yamada Tarō)", "e\u0301cole Normale", "Zoë 🎉 family", "محمد العلي"}
	var b bytes.Buffer
	c := newColumns(&b)
	for _, title := range titles {
		fmt.Fprintf(c, "%s\tclient\n", title)
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(titles) {
		t.Fatalf("%d lines: %q", len(lines), b.String())
	}
	want := cellWidth("山田 太郎 (Yamada Tarō)") + 2
	if want != 25 {
		t.Fatalf("山田 太郎 (Yamada Tarō) measured %d columns, want 23", want-2)
	}
	for i, l := range lines {
		before, _, ok := strings.Cut(l, "client")
		if !ok || cellWidth(before) != want || !strings.HasPrefix(l, titles[i]) {
			t.Errorf("line %d %q: kind starts at column %d, want %d", i, l, cellWidth(before), want)
		}
	}
	// Lines without a tab, an empty last cell and no final newline pass
	// through as tabwriter leaves them.
	b.Reset()
	fmt.Fprint(c, "Notes\n  a\tb\n  long label\t\nend")
	c.Flush()
	if got, want := b.String(), "Notes\n  a           b\n  long label  \nend"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
