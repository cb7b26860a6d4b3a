#!/usr/bin/env bash
# bench/spreadsheet.sh: import a client list saved as CSV, as a whole process.
#
# Builds confidant, writes a CSV of N rows (a name, a company, an email, a
# phone, a date of birth written 14/02/1963, a passport number and its
# expiry, a two-line address, a tag and about 500 bytes of notes), then
# RUNS times creates a vault (work factor 10) and imports the file into it
# with `import --plaintext --yes`, and prints each import's wall time and
# their median.
#
#   bash bench/spreadsheet.sh [ROWS] [RUNS]     # default 10000 rows, 7 runs
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=${1:-10000}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
go build -o "$work/confidant" .
printf 'bench passphrase\n' >"$work/pass"
awk -v n="$rows" 'BEGIN {
	split("aisle window vegetarian driver chauffeur villa suite gallery board retreat quince ledger harbour orchard", w, " ")
	srand(1)
	print "Name,Company,Email,Mobile,Date of birth,Passport number,Passport expiry,Address,Tags,Notes"
	for (i = 0; i < n; i++) {
		note = ""
		for (j = 0; j < 70; j++) note = note (j ? " " : "") w[1 + int(rand() * 14)]
		printf "Client %05d Oduya,Holdings %d,c%d@example.com,+1 212 555 %04d,%d/%02d/19%d,K%07d,20%d-0%d-1%d,\"%d Park Ave\nNew York\",vip,\"%s\"\n",
			i, i % 97, i, i % 10000, 1 + i % 28, 1 + i % 12, 50 + i % 50, i, 27 + i % 5, 1 + i % 9, i % 9, i, note
	}
}' >"$work/clients.csv"
echo "$(wc -c <"$work/clients.csv") bytes, $rows rows; $(nproc) CPUs; $(go version | cut -d' ' -f3)"
times=()
for r in $(seq "$runs"); do
	rm -f "$work/v.db"
	"$work/confidant" --vault "$work/v.db" --passphrase-file "$work/pass" init --work-factor 10 >/dev/null
	start=$(date +%s%N)
	"$work/confidant" --vault "$work/v.db" --passphrase-file "$work/pass" import --plaintext --yes "$work/clients.csv" >/dev/null 2>&1
	end=$(date +%s%N)
	ms=$(((end - start) / 1000000))
	times+=("$ms")
	echo "run $r: import $ms ms"
done
n=$("$work/confidant" --vault "$work/v.db" --passphrase-file "$work/pass" list | tail -n +2 | wc -l)
[ "$n" -eq "$rows" ] || { echo "the vault holds $n dossiers, want $rows" >&2; exit 1; }
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print "median import: " a[int((NR + 1) / 2)] " ms over " NR " runs"}'
