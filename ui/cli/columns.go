package cli

import (
	"bytes"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// cellWidth is the number of terminal columns s takes, as the interface
// counts them (lipgloss): a CJK character or an emoji takes two, a combining
// accent none. text/tabwriter counted runes, so a list with 山田 太郎 in it
// lost its alignment by one column per wide character. s has been through
// ui.Plain: it holds no control characters.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// columns is text/tabwriter with a padding of two spaces, for cells of plain
// text measured by [cellWidth]: it collects what is written until Flush, then
// pads every tab-terminated cell to the widest cell of its column. Unlike
// tabwriter, a column's width is taken over all the lines of one Flush, not
// over each run of lines that has that column; every table here writes rows
// of one shape.
type columns struct {
	w   io.Writer
	buf bytes.Buffer
}

func newColumns(w io.Writer) *columns { return &columns{w: w} }

func (c *columns) Write(p []byte) (int, error) { return c.buf.Write(p) }

func (c *columns) Flush() error {
	const padding = 2
	text := c.buf.String()
	c.buf.Reset()
	text, last := strings.CutSuffix(text, "\n")
	lines := strings.Split(text, "\n")
	var width []int
	for _, l := range lines {
		cells := strings.Split(l, "\t")
		for j, cell := range cells[:len(cells)-1] { // the last cell is not padded
			if j == len(width) {
				width = append(width, 0)
			}
			width[j] = max(width[j], cellWidth(cell))
		}
	}
	var out bytes.Buffer
	for i, l := range lines {
		cells := strings.Split(l, "\t")
		for j, cell := range cells {
			out.WriteString(cell)
			if j < len(cells)-1 {
				out.WriteString(strings.Repeat(" ", width[j]+padding-cellWidth(cell)))
			}
		}
		if i < len(lines)-1 || last {
			out.WriteByte('\n')
		}
	}
	_, err := c.w.Write(out.Bytes())
	return err
}
