//go:build unix && !linux

package cli

func notDumpable() {}
