//go:build ignore

// Command profile runs one confidant command, exactly as the confidant binary does, with a CPU profile (and
// optionally a heap profile and an execution trace), to find where a whole command spends its time:
//
//	go build -o /tmp/confidant-prof bench/profile/main.go
//	CONFIDANT_CPUPROFILE=cpu.out /tmp/confidant-prof --vault V --passphrase-file P list >/dev/null
//	go tool pprof -top /tmp/confidant-prof cpu.out
//
// CONFIDANT_TRACE=trace.out writes a runtime trace (go tool trace), CONFIDANT_MEMPROFILE=mem.out a heap profile
// of everything allocated. It also prints the wall time of the command and of the process to stderr.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"time"

	"confidant/ui/cli"
)

func main() {
	start := time.Now()
	if p := os.Getenv("CONFIDANT_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			panic(err)
		}
		pprof.StartCPUProfile(f)
	}
	if p := os.Getenv("CONFIDANT_TRACE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			panic(err)
		}
		trace.Start(f)
	}
	if os.Getenv("CONFIDANT_MEMPROFILE") != "" {
		runtime.MemProfileRate = 4096
	}
	code := cli.Main(context.Background(), os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	ran := time.Since(start)
	if os.Getenv("CONFIDANT_CPUPROFILE") != "" {
		pprof.StopCPUProfile()
	}
	if os.Getenv("CONFIDANT_TRACE") != "" {
		trace.Stop()
	}
	if p := os.Getenv("CONFIDANT_MEMPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	fmt.Fprintf(os.Stderr, "profile: command %s (process %s after main started)\n", ran.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	os.Exit(code)
}
