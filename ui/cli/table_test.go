package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"text/tabwriter"
)

// TestTable_AsTabwriter: table lays rows out exactly as text/tabwriter did
// before it, for cells of every width, empty cells and non-ASCII text.
func TestTable_AsTabwriter(t *testing.T) {
	words := []string{"", "a", "Élodie", "北京", "client 0042", "vip, travel", "! Passport 2031-04-30", "x y z"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 50 {
		var tab table
		var want bytes.Buffer
		tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', 0)
		for range n + 1 {
			var r [5]string
			for j := range r {
				r[j] = words[rng.IntN(len(words))]
			}
			tab.add(r)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], r[4])
		}
		tw.Flush()
		var got bytes.Buffer
		bw := bufio.NewWriter(&got)
		tab.write(bw)
		bw.Flush()
		if got.String() != want.String() {
			t.Fatalf("rows %d:\ngot\n%s\nwant\n%s", n+1, got.String(), want.String())
		}
	}
}
