package crypto

import "testing"

// A dossier's record is about 800 bytes (a title, two fields, tags and a
// 500-byte note): what an import seals 10,000 times and verify opens.
const benchValue = 800

func BenchmarkSeal(b *testing.B) {
	k, err := GenerateKeys(false)
	if err != nil {
		b.Fatal(err)
	}
	p := make([]byte, benchValue)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Seal(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	k, err := GenerateKeys(false)
	if err != nil {
		b.Fatal(err)
	}
	s, err := k.Seal(make([]byte, benchValue))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Open(s); err != nil {
			b.Fatal(err)
		}
	}
}
