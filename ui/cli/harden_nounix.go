//go:build !unix

package cli

func harden() {}
