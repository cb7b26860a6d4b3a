//go:build !linux

package cli

// UseHugePages does nothing here: see hugepages_linux.go.
func UseHugePages() {}
