//go:build race

package importers_test

// raceDetector is true when the tests run with -race, under which the
// largest inputs take minutes to make and read and show nothing new.
const raceDetector = true
