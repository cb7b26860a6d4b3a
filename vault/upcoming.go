package vault

import (
	"slices"
	"time"
)

// Coming is something a person should see to soon: a dossier's date
// inside its reminder window, or a dossier not reviewed for a while.
type Coming struct {
	Dossier *Dossier
	Date    Date      // the date, unless Review
	When    time.Time // the date's next occurrence, or the day the review fell due
	Review  bool
	Since   time.Time // for a review: the last one, or the dossier's creation
}

// ReviewDue reports whether d has not been reviewed (or, never reviewed,
// not since it was created) for every, and since when.
func (d *Dossier) ReviewDue(now time.Time, every time.Duration) (since time.Time, due bool) {
	since = d.Reviewed
	if since.IsZero() {
		since = d.Created
	}
	return since, every > 0 && !since.IsZero() && now.Sub(since) >= every
}

// Upcoming returns what is coming for the dossiers of list, sorted by
// when: each date inside its reminder window ([Date.Due]: a passed date
// that is not yearly stays due), and each dossier not reviewed for
// reviewEvery (none if it is zero). A non-zero within adds every date
// whose next occurrence is at most that far from today, reminder or not:
// "the passports that expire in the next six months".
func Upcoming(list []Dossier, now time.Time, reviewEvery time.Duration, within Period) []Coming {
	var out []Coming
	today := day(now)
	until := today.AddDate(within.Years, within.Months, within.Days)
	for i := range list {
		d := &list[i]
		for _, dt := range d.Dates {
			next := dt.Next(now)
			if dt.Due(now) || (!within.IsZero() && !next.Before(today) && !next.After(until)) {
				out = append(out, Coming{Dossier: d, Date: dt, When: next})
			}
		}
		if since, due := d.ReviewDue(now, reviewEvery); due {
			out = append(out, Coming{Dossier: d, When: since.Add(reviewEvery), Review: true, Since: since})
		}
	}
	slices.SortStableFunc(out, func(a, b Coming) int { return a.When.Compare(b.When) })
	return out
}
