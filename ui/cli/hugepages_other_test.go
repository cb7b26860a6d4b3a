//go:build !linux

package cli_test

const hugePagesChild = "CONFIDANT_HUGEPAGES_CHILD"

func checkHugePages() int { return 0 }
