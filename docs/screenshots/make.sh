#!/usr/bin/env bash
# make.sh remakes the README's screenshots of the interface: the main screen
# (main.png) and the edit screen (edit.png). It builds confidant, fills a
# throwaway vault with a few made-up dossiers, runs the interface in tmux at
# 100×30, captures the screens with their colours, and renders them with
# freeze (run from outside the repository so that go.mod is not touched).
# Needs tmux and network access for `go run` the first time.
# Run from anywhere: bash docs/screenshots/make.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$root/docs/screenshots
tmp=$(mktemp -d)
sock="confidant-shots-$$"
freeze=github.com/charmbracelet/freeze@v0.2.2
timeout=${SHOTS_TIMEOUT:-20}

cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

command -v tmux >/dev/null || { echo "make.sh: tmux is not installed" >&2; exit 2; }
(cd "$root" && go build -o "$tmp/confidant" .)

export CONFIDANT_VAULT=$tmp/vault.db
printf '%s\n' 'correct horse battery staple' >"$tmp/pass"
c() { "$tmp/confidant" --passphrase-file "$tmp/pass" "$@" >/dev/null; }

# Dates relative to today, so that the list shows what is due.
day() { date -u -d "$1" +%Y-%m-%d; }

c init --work-factor 10
c add "Eleanor Vance" --kind client --tag vip --tag london \
	--field "Email:email=eleanor@vance-holdings.example" --field "Phone:phone=+44 20 7946 0018" \
	--field "Company=Vance Holdings" --field "Role=Chair" --secret "Door code=4471#" \
	--date "Birthday=$(day '-60 years +9 days'):14d:yearly" \
	--note $'Prefers aisle seats; allergic to shellfish.\nDriver: Tomas, weekdays only.'
c add "Eleanor Vance passport" --kind travel --tag vip --tag travel \
	--field "Holder=Eleanor Margaret Vance" --field "Country=United Kingdom" \
	--secret "Number=P123456789" --field "Expires:date=$(day '+4 months')" \
	--date "Passport expiry=$(day '+4 months'):6m"
c add "Dr. Amara Okafor" --kind contact --tag family \
	--field "Relationship=GP to the Vance family" --field "Phone:phone=+44 20 7946 0999" \
	--field "Email:email=a.okafor@harleyclinic.example"
c add "Household alarm codes" --kind note --tag home \
	--secret "Alarm code=8812" --secret "Gate=2047" \
	--note "Front door panel is left of the coat rack."
c add "Bellini Catering" --kind vendor --tag events \
	--field "Contact=Marco Bellini" --field "Phone:phone=+39 06 1234 5678" \
	--field "Website:url=https://bellini-catering.example" --note "Charity gala dinner, 120 covers."
c add "Geneva villa" --kind note --tag property --tag geneva \
	--field "Address=Chemin des Crêts 14, Cologny" --secret "Wi-Fi=lakeview-2291" \
	--note "Gardener Tuesdays; keys with the concierge."
c add "Theo Whitfield" --kind health --tag family \
	--field "Blood type=O+" --field "Allergies=Penicillin" \
	--date "Flu vaccine=$(day '+20 days'):1m:yearly"
c add "Kenji Tanaka" --kind client --tag tokyo \
	--field "Email:email=kenji@tanaka-partners.example" --field "Phone:phone=+81 3 1234 5678" \
	--note "Board meeting quarterly; books the Ritz."

screen() { tmux -L "$sock" capture-pane -p -t shots; }
keys() { tmux -L "$sock" send-keys -t shots "$@"; }
wait_for() {
	local deadline=$((SECONDS + timeout))
	until screen | grep -qF -- "$1"; do
		((SECONDS < deadline)) || { echo "make.sh: timed out waiting for: $1" >&2; screen >&2; exit 1; }
		sleep 0.1
	done
}

# capture NAME: the pane with its colours, for freeze. freeze v0.2.2 does
# not honour ESC[49m (default background) and paints the last background
# to the end of the line; a full reset looks the same in the capture.
capture() {
	tmux -L "$sock" capture-pane -e -p -t shots | sed 's/\x1b\[49m/\x1b[0m/g' >"$tmp/$1.ans"
	(cd "$tmp" && go run "$freeze" --language ansi --window=false --padding 6 --margin 0 \
		--font.size 5 --line-height 1.2 --border.radius 0 --output "$out/$1.png" <"$tmp/$1.ans" >/dev/null)
	chmod 644 "$out/$1.png"
	echo "wrote $out/$1.png ($(wc -c <"$out/$1.png") bytes)"
}

tmux -L "$sock" new-session -d -s shots -x 100 -y 30 \
	"COLORTERM=truecolor CONFIDANT_VAULT=$CONFIDANT_VAULT $tmp/confidant"
wait_for "Passphrase"
tmux -L "$sock" send-keys -t shots -l 'correct horse battery staple'
keys Enter
wait_for "8 dossiers"
keys j j
wait_for "Prefers aisle seats"
sleep 0.3 # let the last frame land
capture main

keys e
wait_for "ctrl+s"
keys Tab Tab Tab
sleep 0.3
capture edit
