package cli_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"confidant/ui/cli"
)

const hugePagesChild = "CONFIDANT_HUGEPAGES_CHILD"

// TestUseHugePages checks, in a new process as fresh as main's, that the
// heap's next allocations land in memory marked for huge pages (VmFlags
// "hg" in /proc/self/smaps), and that GODEBUG=disablethp=1 leaves it
// unmarked.
func TestUseHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skip("this kernel has no transparent huge pages")
	}
	for _, tc := range []struct {
		godebug string
		want    bool
	}{{"", true}, {"disablethp=1", false}} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), hugePagesChild+"=1", "GODEBUG="+tc.godebug)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("GODEBUG=%q: %v\n%s", tc.godebug, err, out)
		}
		flags, _, _ := strings.Cut(string(out), "\n")
		if got := strings.Contains(" "+flags+" ", " hg "); got != tc.want {
			t.Errorf("GODEBUG=%q: an 8 MiB allocation's mapping has VmFlags %q; marked for huge pages %v, want %v",
				tc.godebug, flags, got, tc.want)
		}
	}
}

// checkHugePages is the child's part, run from TestMain before anything
// else: it prints the VmFlags of the mapping that holds the end of a new
// allocation (its start may be in the few MiB the heap began with).
func checkHugePages() int {
	cli.UseHugePages()
	b := make([]byte, 8<<20)
	fmt.Println(vmFlags(uintptr(unsafe.Pointer(&b[len(b)-1]))))
	return 0
}

// vmFlags returns the VmFlags line of the mapping holding addr, or what
// went wrong.
func vmFlags(addr uintptr) string {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inside := false
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := strings.Cut(strings.Fields(line + " ")[0], "-"); ok {
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			inside = err1 == nil && err2 == nil && uint64(addr) >= a && uint64(addr) < b
			continue
		}
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok && inside {
			return strings.TrimSpace(rest)
		}
	}
	return "no mapping holds the address"
}
