package cli

// For the command tests (package cli_test), which drive the binary on a
// real pseudo-terminal.
var (
	OpenPTY = openPTY
	ReadFor = readFor
)
