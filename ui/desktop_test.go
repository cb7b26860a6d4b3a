package ui

import (
	"slices"
	"strings"
	"testing"
)

func TestParseExec(t *testing.T) {
	for in, want := range map[string][]string{
		"evince %U":                        {"evince", fileArg},
		"feh %F":                           {"feh", fileArg},
		"okular":                           {"okular", fileArg},
		`"/opt/My App/app" --name "%c" %f`: {"/opt/My App/app", "--name", fileArg},
		`app --icon %i --rate=100%% %u`:    {"app", "--icon", "--rate=100%", fileArg},
		`sh -c "echo \"x\" \$HOME" %f`:     {"sh", "-c", `echo "x" $HOME`, fileArg},
		`app\sname %f`:                     {"app", "name", fileArg}, // \s is a space before the words are split
		`"unclosed %f`:                     nil,
		"":                                 nil,
		"   ":                              nil,
	} {
		if got := parseExec(in); !slices.Equal(got, want) {
			t.Errorf("parseExec(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseExec: a desktop entry's command line, from any file, never
// panics; what it gives always has the file; and each of its words, quoted
// and escaped again, reads back as the same command line.
func FuzzParseExec(f *testing.F) {
	for _, s := range []string{"evince %U", `"/opt/My App/app" --name "%c" %f`, `sh -c "echo \\"x\\" \\$HOME"`, `app\\sname %%f`, "a\tb %i %k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		argv := parseExec(s)
		if argv == nil {
			return
		}
		if !slices.Contains(argv, fileArg) {
			t.Fatalf("%q gives %q, without the file", s, argv)
		}
		var again []string
		for _, w := range argv {
			if w == fileArg {
				again = append(again, "%f")
				continue
			}
			w = strings.ReplaceAll(w, "%", "%%")
			w = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`).Replace(w)
			again = append(again, `"`+strings.ReplaceAll(w, `\`, `\\`)+`"`)
		}
		if back := parseExec(strings.Join(again, " ")); !slices.Equal(back, argv) {
			t.Fatalf("%q gives %q; quoted again, %q gives %q", s, argv, strings.Join(again, " "), back)
		}
	})
}
