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
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
