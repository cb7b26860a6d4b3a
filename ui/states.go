package ui

import (
	"fmt"
	"strings"
	"time"

	"confidant/vault"
)

// InStates returns the dossiers of list that are in every state named, as
// the filter's is: finds them (is:due, is:reused, is:short, is:weak,
// is:unmasked, is:twin; a name may be cut short, is:re), at now with
// reviews due every `every` (0: the interface's 90 days), so that
// `confidant search` takes is: as the interface does. A name that starts
// no state is an error that lists them.
func InStates(list []vault.Dossier, names []string, now time.Time, every time.Duration) ([]*vault.Dossier, error) {
	for _, n := range names {
		known := false
		for _, f := range isFlags {
			known = known || strings.HasPrefix(f.name, vault.Fold(n))
		}
		if !known {
			var all []string
			for _, f := range isFlags {
				all = append(all, "is:"+f.name)
			}
			return nil, fmt.Errorf("is:%s is not a state; the states are %s", Plain(n), strings.Join(all, ", "))
		}
	}
	if every <= 0 {
		every = defaultReviewEvery
	}
	ix := buildIndex(list, nil, now, every)
	var out []*vault.Dossier
	for i := range ix.entries {
		e := &ix.entries[i]
		in := true
		for _, n := range names {
			in = in && hasState(e, vault.Fold(n))
		}
		if in {
			out = append(out, e.d)
		}
	}
	return out, nil
}
