package vault

import (
	"reflect"
	"slices"
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

func TestFollowField(t *testing.T) {
	day := func(s string) time.Time {
		d, err := ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	expires := func(v string) Field { return Field{Label: "Expires", Type: TypeDate, Value: v} }
	for _, c := range []struct {
		name  string
		dates []Date
		f     Field
		was   string
		want  []Date
	}{
		{"a new expiry brings its reminder", nil, expires("2031-04-30"), "",
			[]Date{{Label: "Expires", On: day("2031-04-30"), Remind: Period{Months: 6}}}},
		{"a date of birth a yearly birthday", nil, Field{Label: "Date of birth", Type: TypeDate, Value: "1980-04-02"}, "",
			[]Date{{Label: "Birthday", On: day("1980-04-02"), Remind: Period{Days: 14}, Yearly: true}}},
		{"the date moves with its field", []Date{{Label: "Expires", On: day("2031-04-30"), Remind: Period{Months: 3}}}, expires("2032-05-01"), "2031-04-30",
			[]Date{{Label: "Expires", On: day("2032-05-01"), Remind: Period{Months: 3}}}},
		{"a date set apart stays", []Date{{Label: "Expires", On: day("2030-01-01")}}, expires("2032-05-01"), "2031-04-30",
			[]Date{{Label: "Expires", On: day("2030-01-01")}}},
		{"a date on that day already is enough", []Date{{Label: "Passport expiry", On: day("2031-04-30")}}, expires("2031-04-30"), "",
			[]Date{{Label: "Passport expiry", On: day("2031-04-30")}}},
		{"an unchanged field proposes nothing", nil, expires("2031-04-30"), "2031-04-30", nil},
		{"a text field proposes nothing", nil, Field{Label: "Expires", Type: TypeText, Value: "2031-04-30"}, "", nil},
		{"another label proposes nothing", nil, Field{Label: "Issued", Type: TypeDate, Value: "2021-04-30"}, "", nil},
	} {
		d := Dossier{Dates: slices.Clone(c.dates)}
		d.FollowField(c.f, c.was)
		if !reflect.DeepEqual(d.Dates, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, d.Dates, c.want)
		}
	}
}
