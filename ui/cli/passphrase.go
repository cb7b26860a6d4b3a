package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/term"

	"confidant/vault"
)

// errNoTerminal is returned when a passphrase is needed, no file was given,
// and there is no terminal to ask on.
var errNoTerminal = errors.New("no terminal to ask for the passphrase on; use --passphrase-file FILE")

// passphrase returns the vault passphrase: the first line of
// --passphrase-file, or what the person types on the terminal.
func (a *app) passphrase(prompt string) ([]byte, error) {
	if a.passphraseFile != "" {
		return readPassphraseFile(a.passphraseFile)
	}
	return askPassphrase(prompt)
}

// newPassphrase returns a passphrase for a new vault or a new key: the first
// line of file if given, otherwise typed twice on the terminal. A typed
// passphrase that is too short, or repeated differently, is asked for again,
// up to three times, as passwd does: the command may have cost a second of
// unlocking before it asked.
func newPassphrase(file, what string, warn io.Writer) ([]byte, error) {
	if file != "" {
		p, err := readPassphraseFile(file)
		if err != nil {
			return nil, err
		}
		if short := tooShort(p, what); short != "" {
			clear(p)
			return nil, usageError{errors.New(short + "; nothing was changed")}
		}
		warnWeak(p, warn)
		return p, nil
	}
	for attempt := 1; ; attempt++ {
		p1, err := askPassphrase(fmt.Sprintf("New %s: ", what))
		if err != nil {
			return nil, err
		}
		p2, err := askPassphrase(fmt.Sprintf("Repeat the %s: ", what))
		if err != nil {
			clear(p1)
			return nil, err
		}
		same := bytes.Equal(p1, p2)
		clear(p2)
		var problem error
		if short := tooShort(p1, what); short != "" {
			problem = usageError{errors.New(short)} // The interface's first-run screen refuses the same.
		} else if !same {
			problem = errors.New("the passphrases do not match")
		}
		if problem == nil {
			warnWeak(p1, warn)
			return p1, nil
		}
		clear(p1)
		if attempt == 3 {
			if u, ok := problem.(usageError); ok {
				return nil, usageError{fmt.Errorf("%w; nothing was changed", u.error)}
			}
			return nil, fmt.Errorf("%w; nothing was changed", problem)
		}
		fmt.Fprintf(warn, "confidant: %v; try again\n", problem)
	}
}

// tooShort says what is wrong with a new passphrase that is too short or
// common (vault.PassphraseProblem), or returns "".
func tooShort(p []byte, what string) string {
	if problem := vault.PassphraseProblem(p); problem != "" {
		return fmt.Sprintf("the new %s %s; a few unrelated words are best", what, problem)
	}
	return ""
}

func warnWeak(p []byte, warn io.Writer) {
	if utf8.RuneCount(p) < 10 {
		fmt.Fprintln(warn, "confidant: warning: a passphrase under 10 characters is easy to guess; consider four or more random words")
	}
}

// readPassphraseFile returns the first line of the file, without its line
// break. It refuses an empty first line.
func readPassphraseFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the passphrase file: %w", err)
	}
	defer f.Close()
	line, err := bufio.NewReader(io.LimitReader(f, 64<<10)).ReadBytes('\n')
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading the passphrase file: %w", err)
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) == 0 {
		return nil, fmt.Errorf("the passphrase file %s has an empty first line", path)
	}
	return line, nil
}

// askPassphrase prompts on /dev/tty without echo, whatever stdin and stdout
// are connected to.
func askPassphrase(prompt string) ([]byte, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, errNoTerminal
	}
	defer tty.Close()
	if !term.IsTerminal(int(tty.Fd())) {
		return nil, errNoTerminal
	}
	fmt.Fprint(tty, prompt)
	p, err := readSecret(tty)
	fmt.Fprintln(tty)
	if err != nil {
		return nil, fmt.Errorf("reading the passphrase: %w", err)
	}
	if len(p) == 0 {
		return nil, errors.New("the passphrase is empty")
	}
	return p, nil
}

// askValue prompts on the terminal, without echo, for a secret field's value.
func askValue(prompt string) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil || !term.IsTerminal(int(tty.Fd())) {
		if tty != nil {
			tty.Close()
		}
		// The caller then reads standard input; this is said only when that
		// is empty too. An argument would show in ps: not proposed.
		return "", errors.New("no terminal to ask for the secret value on, and nothing on standard input: give each --secret LABEL without a value its own line there")
	}
	defer tty.Close()
	fmt.Fprint(tty, prompt)
	p, err := readSecret(tty)
	fmt.Fprintln(tty)
	if err != nil {
		return "", fmt.Errorf("reading the value: %w", err)
	}
	return string(p), nil
}
