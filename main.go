// Command confidant is a terminal vault for the people who keep other
// people's secrets: client dossiers sealed with age in one local bbolt file.
//
// Run it bare to open the interactive vault; see `confidant --help` for the
// commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"confidant/ui/cli"
)

func main() {
	// SIGTERM, and SIGHUP when the terminal closes, end the program through
	// ctx, so that it lets go of what it holds first: the interface clears
	// a value it put on the clipboard. A command run under nohup keeps
	// ignoring SIGHUP.
	sigs := []os.Signal{syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		sigs = append(sigs, syscall.SIGHUP)
	}
	ctx, stop := signal.NotifyContext(context.Background(), sigs...)
	code := cli.Main(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
