package vault

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":           "plain text",
		"Eleanor VANCE":        "eleanor vance",
		"José Peña":            "jose pena",
		"Müller & Söhne":       "muller & sohne",
		"Straße ẞ":             "strasse ss",
		"Ørsted, Łódź, Þór":    "orsted, lodz, thor",
		"Æsir œuvre":           "aesir oeuvre",
		"İstanbul, ıspanak":    "istanbul, ispanak",
		"Nguyễn Thị Ánh":       "nguyen thi anh",
		"Jose\u0301 (NFD)":     "jose (nfd)",
		"Άλφα Ωμέγα":           "αλφα ωμεγα",
		"Москва, ёлка, йогурт": "москва, ёлка, йогурт", // Cyrillic keeps its letters
		"李娜":                   "李娜",
		"\u212a (Kelvin)":      "k (kelvin)",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if !slices.IsSortedFunc(foldTable[:], func(a, b struct {
		r rune
		s string
	}) int {
		return int(a.r - b.r)
	}) {
		t.Fatal("foldTable is not in order: foldRune's binary search would miss letters")
	}
}
