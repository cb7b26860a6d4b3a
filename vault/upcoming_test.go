package vault

import (
	"slices"
	"testing"
	"time"
)

// TestUpcoming: what is coming, soonest first: a date inside its reminder
// window, a passed expiry (still due), a dossier not reviewed for the
// period; with a period, every date inside it too, reminder or not.
func TestUpcoming(t *testing.T) {
	now := time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { d, _ := ParseDay(s); return d }
	list := []Dossier{
		{Title: "Ana", Created: now.AddDate(0, -1, 0), Dates: []Date{
			{Label: "Passport expiry", On: day("2027-03-01"), Remind: Period{Months: 6}}, // due: inside 6 months
			{Label: "Visa expiry", On: day("2027-09-01"), Remind: Period{Months: 6}},     // not yet
			{Label: "Birthday", On: day("1980-12-02"), Remind: Period{Days: 14}, Yearly: true},
		}},
		{Title: "Bo", Created: now.AddDate(-1, 0, 0), Reviewed: now.AddDate(0, -4, 0), Dates: []Date{
			{Label: "Licence expiry", On: day("2026-10-01"), Remind: Period{Months: 1}}, // passed: stays due
			{Label: "Anniversary", On: day("2001-05-20"), Remind: Period{Days: 14}, Yearly: true},
		}},
		{Title: "Cy", Created: now.AddDate(0, 0, -89)}, // reviewed (created) 89 days ago: not due
	}
	got := func(cs []Coming) []string {
		var out []string
		for _, c := range cs {
			what := c.Date.Label
			if c.Review {
				what = "review since " + c.Since.Format(time.DateOnly)
			}
			out = append(out, c.When.Format(time.DateOnly)+" "+c.Dossier.Title+" "+what)
		}
		return out
	}
	want := []string{
		"2026-10-01 Bo Licence expiry",
		"2026-10-26 Bo review since 2026-07-28",
		"2026-12-02 Ana Birthday",
		"2027-03-01 Ana Passport expiry",
	}
	if g := got(Upcoming(list, now, 90*24*time.Hour, Period{})); !slices.Equal(g, want) {
		t.Errorf("Upcoming =\n%q\nwant\n%q", g, want)
	}
	// Within a year: the visa and the anniversary too; no reviews asked.
	want = []string{
		"2026-10-01 Bo Licence expiry",
		"2026-12-02 Ana Birthday",
		"2027-03-01 Ana Passport expiry",
		"2027-05-20 Bo Anniversary",
		"2027-09-01 Ana Visa expiry",
	}
	if g := got(Upcoming(list, now, 0, Period{Years: 1})); !slices.Equal(g, want) {
		t.Errorf("Upcoming within a year =\n%q\nwant\n%q", g, want)
	}
	// Within two weeks: only what is due, and the birthday.
	if g := got(Upcoming(list, now, 0, Period{Days: 14})); len(g) != 3 {
		t.Errorf("Upcoming within two weeks = %q", g)
	}
}
