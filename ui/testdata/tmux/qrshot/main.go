// Command qrshot turns a terminal screen, as `tmux capture-pane -e -p`
// gives it, into a PNG a QR decoder (zbarimg) can read, as a phone's
// camera would read the screen: each cell drawn with the upper half block
// ▀ becomes two pixels, its foreground above its background; every other
// cell is the terminal's dark background. flows.sh uses it to check that
// the code Confidant draws in a real terminal decodes to what it should.
//
// Usage: tmux capture-pane -e -p | go run ./ui/testdata/tmux/qrshot > shot.png
package main

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"strconv"
	"strings"
)

const scale = 4 // pixels a module

func main() {
	var rows [][]color.Gray // two a line
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	width := 0
	for sc.Scan() {
		up, down := cells(sc.Text())
		rows = append(rows, up, down)
		width = max(width, len(up))
	}
	img := image.NewGray(image.Rect(0, 0, width*scale, len(rows)*scale))
	for y, row := range rows {
		for x := range width {
			c := color.Gray{0x20}
			if x < len(row) {
				c = row[x]
			}
			for dy := range scale {
				for dx := range scale {
					img.SetGray(x*scale+dx, y*scale+dy, c)
				}
			}
		}
	}
	if err := png.Encode(os.Stdout, img); err != nil {
		fmt.Fprintln(os.Stderr, "qrshot:", err)
		os.Exit(1)
	}
}

// cells reads one line of the screen into the grey of the upper and lower
// half of each cell.
func cells(line string) (up, down []color.Gray) {
	dark := color.Gray{0x20}
	fg, bg := dark, dark
	for line != "" {
		if strings.HasPrefix(line, "\x1b[") {
			end := strings.IndexByte(line, 'm')
			if end < 0 {
				break
			}
			fg, bg = sgr(line[2:end], fg, bg, dark)
			line = line[end+1:]
			continue
		}
		r := []rune(line)[0]
		line = line[len(string(r)):]
		if r == '▀' {
			up, down = append(up, fg), append(down, bg)
		} else {
			up, down = append(up, bg), append(down, bg)
		}
	}
	return up, down
}

// sgr applies the parameters of one SGR sequence to the colours.
func sgr(params string, fg, bg, dark color.Gray) (color.Gray, color.Gray) {
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		switch p := ps[i]; {
		case p == "" || p == "0":
			fg, bg = dark, dark
		case p == "39":
			fg = dark
		case p == "49":
			bg = dark
		case (p == "38" || p == "48") && i+2 < len(ps) && ps[i+1] == "5":
			c := palette(ps[i+2])
			if p == "38" {
				fg = c
			} else {
				bg = c
			}
			i += 2
		case (p == "38" || p == "48") && i+4 < len(ps) && ps[i+1] == "2":
			r, _ := strconv.Atoi(ps[i+2])
			g, _ := strconv.Atoi(ps[i+3])
			b, _ := strconv.Atoi(ps[i+4])
			c := color.Gray{uint8((r + g + b) / 3)}
			if p == "38" {
				fg = c
			} else {
				bg = c
			}
			i += 4
		}
	}
	return fg, bg
}

// palette is the grey of a colour of the 256-colour palette: black and
// white, which the code is drawn in, and a middle grey for the rest.
func palette(n string) color.Gray {
	switch n {
	case "0", "16":
		return color.Gray{0}
	case "7", "15", "231":
		return color.Gray{0xff}
	}
	return color.Gray{0x80}
}
