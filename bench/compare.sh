#!/usr/bin/env bash
# bench/compare.sh: Confidant against keepassxc-cli, side by side, as whole processes.
#
# Installs keepassxc-cli (Debian's keepassxc package) if it is missing, builds confidant, age and age-keygen from
# this repository, then runs bench/compare/main.go, which generates the same 1,000 and 10,000 entries into both
# tools, times their commands with both key derivations nearly free and then both at about a second, prints the
# tables and writes them into the "Side by side with KeePassXC" section of docs/BENCHMARKS.md.
#
# Usage: bench/compare.sh [-runs N] [-slow-runs N] [-sizes 1000,10000] [-no-slow] [-keep] [-doc FILE|-doc ""]
# Takes about 5 to 10 minutes on 2 CPUs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if ! command -v keepassxc-cli >/dev/null; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y keepassxc
fi

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/confidant" .
go build -o "$bin/age" filippo.io/age/cmd/age
go build -o "$bin/age-keygen" filippo.io/age/cmd/age-keygen

go run ./bench/compare/main.go -bin "$bin" -doc docs/BENCHMARKS.md -command "bench/compare.sh $*" "$@"
