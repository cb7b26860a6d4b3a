//go:build !linux

package cli

// useHugePages does nothing here: see hugepages_linux.go.
func useHugePages() {}
