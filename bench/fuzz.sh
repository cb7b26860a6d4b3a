#!/usr/bin/env bash
# fuzz.sh runs every fuzzer of the module for a while, one after another,
# prints each one's executions and new interesting inputs, and copies the
# inputs it found into the package's testdata/fuzz/FuzzX (the committed
# corpus that `go test` replays).
#
#   bash bench/fuzz.sh [FUZZTIME]     # default 60s per fuzzer
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
fuzztime=${1:-60s}
cache=$(go env GOCACHE)/fuzz
targets=(
	"./vault FuzzParseShard" "./vault FuzzReadDay" "./vault FuzzReadValue" "./vault FuzzParseSummaries" "./vault FuzzContainsFold" "./crypto FuzzOpen" "./crypto FuzzDecrypt" "./crypto FuzzHKDF" "./crypto FuzzX25519Key" "./vault FuzzParseEvents" "./vault FuzzDossierUnmarshal" "./vault FuzzParseBundle" "./vault FuzzParseBundleDifferential" "./vault FuzzBundleEncodeDifferential" "./vault FuzzValidDossierReadsBack" "./vault FuzzSamePhone" "./vault FuzzParseTOTP" "./vault FuzzReadLabel" "./vault FuzzHitWindow" "./vault FuzzNoteSecrets" "./vault FuzzCommonPassword" "./vault FuzzPersonalPassword"
	"./vault/importers FuzzParseVCard" "./vault/importers FuzzParseKeePassXC" "./vault/importers FuzzParseKeePassXML" "./vault/importers FuzzParseBitwarden"
	"./vault/importers FuzzParseText" "./vault/importers FuzzDetect" "./vault/importers FuzzParseSpreadsheet" "./ui FuzzPlain" "./ui FuzzContainsWords" "./ui FuzzNamesFirst" "./ui FuzzParseExec"
)
failed=0
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	import=confidant/${pkg#./}
	mark=$(mktemp)
	log=$(mktemp)
	status=ok
	go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$pkg" >"$log" 2>&1 || status=FAILED
	# Go 1.26's fuzzing coordinator can fail a target at the end of
	# -fuzztime with a bare "context deadline exceeded" and no failing input
	# (golang/go#75804, fixed in Go 1.27): a race in its own shutdown, not a
	# finding. Such a run is reported as "deadline", not as a failure; a run
	# that wrote a failing input always fails.
	if [[ $status == FAILED ]] && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
		status=deadline
	fi
	# A fuzzer that fails on its corpus prints none of these: no match is no figure.
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
	interesting=$(grep -o 'new interesting: [0-9]*' "$log" | tail -1 | cut -d' ' -f3 || true)
	corpus=$(grep -o '(total: [0-9]*)' "$log" | tail -1 | tr -dc 0-9 || true)
	# Keep what this run found, next to the inputs already committed.
	dst=$pkg/testdata/fuzz/$name
	kept=0
	if [[ -d $cache/$import/$name ]]; then
		mkdir -p "$dst"
		while IFS= read -r -d '' f; do
			if [[ ! -e $dst/$(basename "$f") ]]; then
				cp "$f" "$dst/"
				kept=$((kept + 1))
			fi
		done < <(find "$cache/$import/$name" -type f -newer "$mark" -print0)
	fi
	printf '%-22s %-20s %-6s execs %-10s new interesting %-5s corpus %-6s kept %s\n' \
		"$name" "$pkg" "$status" "${execs:-?}" "${interesting:-?}" "${corpus:-?}" "$kept"
	if [[ $status == FAILED ]]; then
		tail -30 "$log"
		failed=1
	fi
	rm -f "$mark" "$log"
done
exit $failed
