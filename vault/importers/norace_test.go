//go:build !race

package importers_test

// raceDetector is true when the tests run with -race.
const raceDetector = false
