package vault

import (
	"bytes"
	"reflect"
	"slices"
	"testing"
	"time"
)

func fuzzDossiers() []*Dossier {
	a := New("Eleanor Vance", KindTravel)
	a.ID = ID{1}
	a.Version = 3
	a.Fields[2].Value = "P<GBRVANCE<<ELEANOR<123456789"
	a.Tags = []string{"vip"}
	on, _ := ParseDay("2031-04-30")
	a.Dates = []Date{{Label: "Passport expiry", On: on, Remind: Period{Months: 6}}}
	a.Created = time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	b := Dossier{ID: ID{1, 2}, Title: "Acme", Kind: KindVendor, Notes: "net 30",
		Attachments: []Attachment{{ID: ID{9}, Name: "w9.pdf", Size: 10}},
		Provenance:  &Provenance{Source: "x.age", From: "Ana"}}
	return []*Dossier{&a, &b}
}

func FuzzParseShard(f *testing.F) {
	ds := fuzzDossiers()
	f.Add(appendShard(nil, nil, nil))
	f.Add(appendShard(nil, ds[:1], nil))
	f.Add(appendShard(nil, ds, []ID{{7}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, unreadable, err := parseShard(bytes.Clone(data)) // parseShard keeps its input
		if err != nil {
			return
		}
		ptrs := make([]*Dossier, len(got))
		for i := range got {
			ptrs[i] = &got[i]
		}
		again, unreadable2, err := parseShard(appendShard(nil, ptrs, unreadable))
		if err != nil {
			t.Fatalf("a decoded shard does not decode after encoding: %v", err)
		}
		if !slices.Equal(unreadable, unreadable2) {
			t.Fatalf("decode, encode, decode changed the unreadable IDs: %v, %v", unreadable, unreadable2)
		}
		if len(got) != len(again) || (len(got) > 0 && !reflect.DeepEqual(got, again)) {
			t.Fatalf("decode, encode, decode changed the shard:\n%+v\n%+v", got, again)
		}
	})
}

func FuzzParseEvents(f *testing.F) {
	f.Add(appendEvents(nil, nil))
	f.Add(appendEvents(nil, []Event{{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Action: ActCreated, Dossier: ID{1}}}))
	f.Add(appendEvents(nil, []Event{
		{Time: time.Unix(1, 2).UTC(), Action: ActRevealed, Dossier: ID{3}, Detail: "Number"},
		{Action: ActExported, Detail: "backup.age"},
	}))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parseEvents(data)
		if err != nil {
			return
		}
		again, err := parseEvents(appendEvents(nil, got))
		if err != nil {
			t.Fatalf("decoded events do not decode after encoding: %v", err)
		}
		if len(got) != len(again) || (len(got) > 0 && !reflect.DeepEqual(got, again)) {
			t.Fatalf("decode, encode, decode changed the events:\n%+v\n%+v", got, again)
		}
	})
}

func FuzzParseSummaries(f *testing.F) {
	ds := fuzzDossiers()
	f.Add(appendSummaries(nil, nil, nil))
	f.Add(appendSummaries(nil, ds[:1], nil))
	f.Add(appendSummaries(nil, ds, []ID{{7}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, unreadable, err := parseSummaries(bytes.Clone(data)) // it keeps its input
		if err != nil {
			return
		}
		// Encoding goes through dossiers; a summary is all of theirs that
		// it keeps.
		ds := make([]*Dossier, len(got))
		for i, x := range got {
			ds[i] = &Dossier{ID: x.ID, Version: x.Version, Title: x.Title, Kind: x.Kind, Tags: x.Tags, Dates: x.Dates}
		}
		again, unreadable2, err := parseSummaries(appendSummaries(nil, ds, unreadable))
		if err != nil {
			t.Fatalf("decoded summaries do not decode after encoding: %v", err)
		}
		if !slices.Equal(unreadable, unreadable2) {
			t.Fatalf("decode, encode, decode changed the unreadable IDs: %v, %v", unreadable, unreadable2)
		}
		if len(got) != len(again) || (len(got) > 0 && !reflect.DeepEqual(got, again)) {
			t.Fatalf("decode, encode, decode changed the summaries:\n%+v\n%+v", got, again)
		}
	})
}
