package vault

import (
	"testing"
	"time"
)

func TestImpliedDate(t *testing.T) {
	day := func(s string) time.Time { d, _ := ParseDay(s); return d }
	for _, c := range []struct {
		f    Field
		want Date
		ok   bool
	}{
		{Field{Label: "Expires", Value: "2031-04-30", Type: TypeDate}, Date{Label: "Expires", On: day("2031-04-30"), Remind: Period{Months: 6}}, true},
		{Field{Label: " expiry date ", Value: " 2031-04-30 ", Type: TypeDate}, Date{Label: "expiry date", On: day("2031-04-30"), Remind: Period{Months: 6}}, true},
		{Field{Label: "Valid until", Value: "2030-01-01", Type: TypeDate}, Date{Label: "Valid until", On: day("2030-01-01"), Remind: Period{Months: 6}}, true},
		{Field{Label: "Date of birth", Value: "1980-02-29", Type: TypeDate}, Date{Label: "Birthday", On: day("1980-02-29"), Remind: Period{Days: 14}, Yearly: true}, true},
		{Field{Label: "Issued", Value: "2020-01-01", Type: TypeDate}, Date{}, false},                // no reminder wanted
		{Field{Label: "Expires", Value: "2031-04-30", Type: TypeText}, Date{}, false},               // not a date field
		{Field{Label: "Expires", Value: "30/04/2031", Type: TypeDate}, Date{}, false},               // not a valid day
		{Field{Label: "Expires", Value: "", Type: TypeDate}, Date{}, false},                         // empty
		{Field{Label: "Passport expires soon", Value: "2031-04-30", Type: TypeDate}, Date{}, false}, // only whole labels
	} {
		got, ok := ImpliedDate(c.f)
		if ok != c.ok || got.Label != c.want.Label || !got.On.Equal(c.want.On) || got.Remind != c.want.Remind || got.Yearly != c.want.Yearly {
			t.Errorf("ImpliedDate(%+v) = %+v, %v; want %+v, %v", c.f, got, ok, c.want, c.ok)
		}
	}
}
