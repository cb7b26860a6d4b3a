package cli

import (
	"os"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugeHeapSpan is how much of the heap's address space is marked for huge
// pages: address space only, not memory. It holds scrypt's 256 MiB at the
// default work factor and an import of 10,000 dossiers (about 100 MiB); a
// heap that grows past it takes ordinary pages beyond it. A larger span costs
// more to set up (the runtime's metadata for each 64 MiB of it): 1 GiB added
// 6 ms to a small command, 4 GiB 17 ms.
const hugeHeapSpan = 512 << 20

// useHugePages asks Linux to back the Go heap with 2 MiB transparent huge
// pages. Where the system gives huge pages only to memory that asks for them
// (the "madvise" setting, Debian's default), every fresh 4 KiB page of heap
// costs a page fault; on the 2-core VM of docs/BENCHMARKS.md a fault takes
// about 13 µs. Unlocking at the default work factor touches 256 MiB for
// scrypt, 65,536 faults: 1.40 s for a command, against 0.67 s in huge pages;
// an import of 10,000 dossiers took 21,000 faults, more time than its
// computation. The runtime has no setting for this (GODEBUG=disablethp only
// turns huge pages off), so the heap is grown once by one large allocation,
// that memory is marked with madvise(MADV_HUGEPAGE), and it is freed: the
// runtime keeps it mapped and allocates from it first, and the mark stays
// with the mapping. Nothing is touched, so this costs no memory up front; it
// costs a few milliseconds (the allocation, a collection, whole 2 MiB pages
// zeroed for a small heap), so --help and --version, which open no vault,
// do not call it.
//
// It does nothing under GODEBUG=disablethp=1, or after its first call, or
// where the address space is limited (ulimit -v): there the span could be
// what does not fit, and the runtime dies when an allocation fails. Other
// failures are ignored: they leave the heap as the system made it.
var useHugePages = sync.OnceFunc(func() {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return
	}
	var as unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &as); err != nil || as.Cur != unix.RLIM_INFINITY {
		return
	}
	const huge = 2 << 20
	b := make([]byte, hugeHeapSpan)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	skip := int((huge - start%huge) % huge) // madvise takes whole huge pages
	end := (len(b) - skip) / huge * huge
	unix.Madvise(b[skip:skip+end], unix.MADV_HUGEPAGE)
	runtime.KeepAlive(b)
	b = nil
	runtime.GC() // gives the span back to the heap at once
})
