package ui

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// fileArg stands for the file in a command line made from a desktop entry
// (desktopCommand); viewScript puts the file's path in its place.
const fileArg = "@CONFIDANT_FILE@"

// desktopCommand returns the command line of the application the desktop
// opens files of mediaType with (its desktop entry, which `xdg-mime query
// default` names), fileArg where the file goes; nil where none is set, the
// entry cannot be read, or it runs in a terminal: xdg-open is asked then.
//
// xdg-open would find the same application by itself on GNOME, KDE and
// the others, but on a desktop of none of those (i3, sway) it asks the
// file's type of `mimetype --dereference`, which follows /proc/PID/fd/3 to
// the name a file in memory has, "/memfd:… (deleted)", finds no file
// there, and gives up. The type is known here: the attachment's.
func desktopCommand(mediaType string) []string {
	mediaType, _, _ = strings.Cut(mediaType, ";")
	mediaType = strings.TrimSpace(mediaType)
	if !strings.Contains(mediaType, "/") || mediaType == "application/octet-stream" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdg-mime", "query", "default", mediaType).Output()
	if err != nil {
		return nil
	}
	name, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";")
	if !strings.HasSuffix(name, ".desktop") || strings.ContainsAny(name, "/\x00") {
		return nil
	}
	for _, dir := range applicationDirs() {
		if argv, ok := readDesktopEntry(dir, name); ok {
			return argv
		}
	}
	return nil
}

// applicationDirs lists where desktop entries live, the person's first
// (the XDG base directories).
func applicationDirs() []string {
	home := os.Getenv("XDG_DATA_HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = filepath.Join(h, ".local", "share")
		}
	}
	sys := os.Getenv("XDG_DATA_DIRS")
	if sys == "" {
		sys = "/usr/local/share:/usr/share"
	}
	var dirs []string
	for _, d := range append([]string{home}, filepath.SplitList(sys)...) {
		if d != "" {
			dirs = append(dirs, filepath.Join(d, "applications"))
		}
	}
	return dirs
}

// readDesktopEntry reads the desktop entry called name under dir (where
// "kde4-okular.desktop" may also be kde4/okular.desktop) and returns its
// command line; ok is false where there is no such entry, it has no
// command, or it runs in a terminal.
func readDesktopEntry(dir, name string) ([]string, bool) {
	f, err := os.Open(filepath.Join(dir, name))
	for rest := name; err != nil; {
		i := strings.IndexByte(rest, '-')
		if i < 0 {
			return nil, false
		}
		rest = rest[:i] + "/" + rest[i+1:]
		f, err = os.Open(filepath.Join(dir, rest))
	}
	defer f.Close()
	var execLine string
	inEntry := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			inEntry = line == "[Desktop Entry]"
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !inEntry || !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "Exec":
			execLine = strings.TrimSpace(value)
		case "Terminal":
			if strings.TrimSpace(value) == "true" {
				return nil, false
			}
		case "Hidden":
			if strings.TrimSpace(value) == "true" {
				return nil, false
			}
		}
	}
	argv := parseExec(execLine)
	return argv, len(argv) > 0
}

// parseExec splits a desktop entry's Exec value into a command line, as
// the Desktop Entry Specification says: the value's own escapes (\s, \\),
// then words apart by spaces, a word in double quotes taken whole with \",
// \`, \$ and \\ escaped; the file's codes (%f %F %u %U) become fileArg,
// %% a percent sign, and the other codes (an icon, a name, a path) are
// dropped. Without a file code the file goes last. A value that does not
// parse gives nil.
func parseExec(value string) []string {
	value = strings.NewReplacer(`\s`, " ", `\n`, "\n", `\t`, "\t", `\r`, "\r", `\\`, `\`).Replace(value)
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case quoted && c == '\\' && i+1 < len(value) && strings.IndexByte("\"`$\\", value[i+1]) >= 0:
			i++
			w.WriteByte(value[i])
		case c == '"':
			quoted, inWord = !quoted, true
		case !quoted && (c == ' ' || c == '\t'):
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if quoted {
		return nil
	}
	if inWord {
		words = append(words, w.String())
	}
	var argv []string
	file := false
	for _, word := range words {
		switch word {
		case "%f", "%F", "%u", "%U":
			argv = append(argv, fileArg)
			file = true
			continue
		case "%i", "%c", "%k", "%d", "%D", "%n", "%N", "%v", "%m":
			continue
		}
		argv = append(argv, strings.ReplaceAll(word, "%%", "%"))
	}
	if len(argv) == 0 {
		return nil
	}
	if !file {
		argv = append(argv, fileArg)
	}
	return argv
}
