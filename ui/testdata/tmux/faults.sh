#!/usr/bin/env bash
# faults.sh drives Confidant's interface in a real terminal (tmux) under the
# faults of issue 5 (docs/RELIABILITY.md says what each flow proves):
#   1. kill -9 at several moments: right after a save the screen
#      acknowledged, in the middle of typing a form, right after ctrl+s;
#      each time `confidant verify` and `list` open the vault, and every
#      acknowledged save is there
#   2. contention: while an interface holds the vault, `confidant list`,
#      `confidant add` and a second interface, each in another pane, fail
#      with "in use" within 2 s; the first interface keeps working; once it
#      is locked, `add`, `backup` and `backup --copy` run beside it
#   3. clipboard: after a copy, tmux's clipboard (OSC 52, set-clipboard on)
#      and the system clipboard (a stand-in xclip on PATH) hold the secret;
#      after --clipboard-clear 2s and after quitting, they no longer do
# Like flows.sh it uses throwaway vaults at work factor 10, a tmux server of
# its own per interface, and polls the screen instead of sleeping blindly.
# flows.sh runs it with CONFIDANT_BIN set; alone it builds the binary:
#   bash ui/testdata/tmux/faults.sh
set -euo pipefail

# has PATTERN…: grep -q that reads all of its input. With pipefail, a
# command piped into grep -q can die of a closed pipe once grep has matched
# and quit, and fail the pipeline though the text was there.
has() { grep -c "$@" >/dev/null; }
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
tmp=$(mktemp -d)
sock="confidant-faults-$$"
session=faults
pass='correct horse battery staple'
timeout=${FLOWS_TIMEOUT:-15}
inuse='confidant: vault is in use by another process; close the other confidant and try again'

cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

command -v tmux >/dev/null || { echo "faults.sh: tmux is not installed" >&2; exit 2; }
bin=${CONFIDANT_BIN:-}
if [[ -z $bin ]]; then
	bin=$tmp/confidant
	(cd "$root" && go build -o "$bin" .)
fi
mkdir -p "$tmp/home"
printf '%s\n' "$pass" >"$tmp/pass"

screen() { tmux -L "$sock" capture-pane -p -t "$session:0"; }
keys() { tmux -L "$sock" send-keys -t "$session:0" "$@"; }
text() { tmux -L "$sock" send-keys -t "$session:0" -l "$1"; }

fail() {
	echo "FAIL: $*" >&2
	echo "---- screen ----" >&2
	screen >&2 || true
	echo "----------------" >&2
	exit 1
}

# wait_for TEXT: poll the screen until it shows TEXT.
wait_for() {
	local deadline=$((SECONDS + timeout))
	while ((SECONDS < deadline)); do
		if screen | has -F -- "$1"; then
			return 0
		fi
		sleep 0.05
	done
	fail "timed out waiting for: $1"
}

# now_ms prints the wall clock in milliseconds.
now_ms() {
	local t=${EPOCHREALTIME//[.,]/}
	echo $((10#$t / 1000))
}

# start runs the interface on VAULT with ARGS in a new tmux server (see
# flows.sh: a server per run). $pane_env may hold extra VAR=value words.
start() {
	local vault=$1
	shift
	tmux -L "$sock" kill-server 2>/dev/null || true
	runs=$((${runs:-0} + 1))
	sock="confidant-faults-$$-$runs"
	tmux -L "$sock" -f /dev/null new-session -d -s "$session" -x 80 -y 24 \
		"env HOME=$tmp/home CONFIDANT_VAULT=$vault ${pane_env:-} $bin $* ; echo EXITED \$?; sleep 60"
}

# app_pid prints the PID of the interface running in the first pane.
app_pid() {
	local pid
	pid=$(pgrep -P "$(tmux -L "$sock" display -p -t "$session:0" "#{pane_pid}")" -x "${bin##*/}" || true)
	[[ -n $pid ]] || fail "cannot find the confidant process"
	echo "$pid"
}

# kill9 [PID] kills the interface with SIGKILL and waits until it is gone.
kill9() {
	local pid=${1:-} deadline=$((SECONDS + timeout))
	[[ -n $pid ]] || pid=$(app_pid)
	kill -KILL "$pid"
	while kill -0 "$pid" 2>/dev/null; do
		((SECONDS < deadline)) || fail "confidant $pid outlived kill -9"
		sleep 0.02
	done
	kills=$((${kills:-0} + 1))
}

unlock() {
	wait_for "Passphrase"
	text "$pass"
	keys Enter
	wait_for " · by title"
}

# add TITLE NAME adds a client profile through the keys; it returns once
# the screen acknowledged the save.
add() {
	keys n
	wait_for "choose a template"
	keys Enter
	wait_for "New client profile"
	text "$1"
	keys Tab Tab
	text "$2"
	keys C-s
	wait_for "added $1"
	acks=$((${acks:-0} + 1))
}

# edit_email TITLE finds the dossier with / and opens its form on the
# Email field of the client profile.
edit_email() {
	keys /
	text "$1"
	wait_for "1 match"
	keys Enter
	keys e
	wait_for "Edit $1"
	keys Tab Tab Tab # title → tags → Full name → Email
}

# ---------------------------------------------------------------------------
# 1. kill -9

vault=$tmp/kill/vault.db
cli() { "$bin" --vault "$vault" --passphrase-file "$tmp/pass" "$@"; }
cli init --work-factor 10 >/dev/null

# want[TITLE] holds what `confidant show TITLE` must print, |-separated:
# the last save of it the screen acknowledged. gone lists titles that were
# never saved and must not be there.
declare -A want
gone=()

# check_vault runs verify and list on the killed vault, then checks every
# acknowledged save and every title that must not be there.
check_vault() {
	local what=$1 out n listed title needle
	out=$(cli verify 2>&1) || fail "$what: verify failed: $out"
	[[ $out =~ ^ok:\ ([0-9]+)\ dossier ]] || fail "$what: verify printed: $out"
	n=${BASH_REMATCH[1]}
	listed=$(cli list 2>&1) || fail "$what: list failed: $listed"
	(($(wc -l <<<"$listed") - 1 == n)) || fail "$what: verify counts $n dossiers, list shows: $listed"
	for title in "${!want[@]}"; do
		out=$(cli show "$title" 2>&1) || fail "$what: the acknowledged \"$title\" is not there: $out"
		IFS='|' read -ra needles <<<"${want[$title]}"
		for needle in "${needles[@]}"; do
			grep -qF -- "$needle" <<<"$out" || fail "$what: \"$title\" lacks \"$needle\" (acknowledged):"$'\n'"$out"
		done
	done
	for title in "${gone[@]}"; do
		if out=$(cli show "$title" 2>&1); then
			fail "$what: \"$title\" was never saved but is there"
		fi
		grep -qF "no dossier has the title or ID" <<<"$out" || fail "$what: show \"$title\": $out"
	done
}

echo "faults 1: kill -9 right after an acknowledged add"
start "$vault"
unlock
add "Alder client" "Alice Alder"
want["Alder client"]="Alice Alder|(version 1)"
kill9
check_vault "killed after an add"

echo "faults 1: kill -9 right after an acknowledged edit, with more saves before it"
start "$vault"
unlock
add "Birch client" "Bob Birch"
want["Birch client"]="Bob Birch|(version 1)"
add "Cedar client" "Carol Cedar"
want["Cedar client"]="Carol Cedar|(version 1)"
edit_email "Alder client"
text "alice@alder.example"
keys C-s
wait_for "saved Alder client"
acks=$((acks + 1))
want["Alder client"]="Alice Alder|alice@alder.example|(version 2)"
kill9
check_vault "killed after an edit"

echo "faults 1: kill -9 in the middle of typing a new dossier and an edit"
start "$vault"
unlock
keys n
wait_for "choose a template"
keys Enter
wait_for "New client profile"
text "Dogwood half typed"
keys Tab Tab
gone+=("Dogwood half typed")
# Keys keep coming while the process dies.
(for w in Dora Dogwood who types a long name one word at a time; do
	tmux -L "$sock" send-keys -t "$session:0" -l "$w " 2>/dev/null || exit 0
	sleep 0.01
done) &
typist=$!
wait_for "Dora"
kill9
wait "$typist" || true
check_vault "killed while typing a new dossier"
start "$vault"
unlock
edit_email "Birch client"
text "bob@never.example"
wait_for "bob@never.example"
kill9
check_vault "killed while editing"
out=$(cli show "Birch client")
grep -qF "never.example" <<<"$out" && fail "an edit that was never saved is in the vault"

echo "faults 1: kill -9 0 to 9 ms after ctrl+s, before or after the acknowledgement"
landed=0
for round in 1 2 3 4 5 6; do
	start "$vault"
	unlock
	title="Elm in flight $round"
	keys n
	wait_for "choose a template"
	keys Enter
	wait_for "New client profile"
	text "$title"
	keys Tab Tab
	text "Eve Elm"
	pid=$(app_pid)
	keys C-s
	# Half the rounds kill at once, half up to 9 ms later.
	((round % 2)) || sleep "0.00$((RANDOM % 10))"
	kill9 "$pid"
	check_vault "killed right after ctrl+s (round $round)"
	# The save may have happened or not; whole, if it did.
	if out=$(cli show "$title" 2>/dev/null); then
		grep -qF "Eve Elm" <<<"$out" || fail "round $round: \"$title\" is there but incomplete: $out"
		want["$title"]="Eve Elm|(version 1)"
		landed=$((landed + 1))
	else
		gone+=("$title")
	fi
done
echo "  $kills kills; $acks saves acknowledged on screen, all there; of 6 saves in flight, $landed landed (whole)"

# ---------------------------------------------------------------------------
# 2. contention

# other NAME CMD… runs CMD in a new window (its own pane) of the server and
# waits for it; it leaves "EXIT MS" in $tmp/NAME.res and CMD's stderr in
# $tmp/NAME.err. The time is measured in that pane, from start to exit.
other() {
	local name=$1 deadline
	shift
	cat >"$tmp/$name.sh" <<-EOF
		#!/usr/bin/env bash
		export HOME=$tmp/home CONFIDANT_VAULT=$vault LC_ALL=C
		s=\${EPOCHREALTIME//[.,]/}
		$(printf '%q ' "$@") 2>"$tmp/$name.err"
		rc=\$?
		e=\${EPOCHREALTIME//[.,]/}
		echo "\$rc \$(( (10#\$e - 10#\$s) / 1000 ))" >"$tmp/$name.part"
		mv "$tmp/$name.part" "$tmp/$name.res"
		sleep 60
	EOF
	tmux -L "$sock" new-window -d -n "$name" "bash $tmp/$name.sh"
	deadline=$((SECONDS + timeout))
	until [[ -f $tmp/$name.res ]]; do
		((SECONDS < deadline)) || fail "$name in another pane did not finish"
		sleep 0.05
	done
}

echo "faults 2: while an interface holds the vault, others fail with \"in use\" within 2 s"
start "$vault" --idle-lock 1h
unlock
figures=()
for name in list add interface; do
	case $name in
	list) other "$name" "$bin" --passphrase-file "$tmp/pass" list ;;
	add) other "$name" "$bin" --passphrase-file "$tmp/pass" add "Fir loser" ;;
	interface) other "$name" "$bin" ;;
	esac
	read -r rc ms <"$tmp/$name.res"
	err=$(cat "$tmp/$name.err")
	[[ $rc == 1 && $err == "$inuse" ]] || fail "$name in another pane: exit $rc, stderr \"$err\", want exit 1 and \"$inuse\""
	((ms <= 2000)) || fail "$name in another pane took $ms ms to say the vault is in use, over 2 s"
	figures+=("$name $ms ms")
done
# The passphrase typed ahead into a second interface, or into a one-shot
# command that will ask for it, while it starts and waits for the vault, is
# never echoed into the scrollback, and is not left for the shell to run
# (and keep in its history) once the program gives up.
for ahead_cmd in "" " list"; do
	tmux -L "$sock" new-window -d -n ahead "HOME=$tmp/home bash --norc --noprofile"
	ahead_tty=$(tmux -L "$sock" display -p -t ahead '#{pane_tty}')
	sleep 0.3 # bash's prompt
	tmux -L "$sock" send-keys -t ahead "CONFIDANT_VAULT=$vault $bin$ahead_cmd" Enter
	# Wait for the terminal mode the program sets first: no echo, still line
	# by line (bash's own prompt has neither). Both from one reading: two
	# readings could take the no echo from bash's prompt and the line by
	# line from the moment between bash and the program, which echoes.
	deadline=$((SECONDS + timeout))
	until mode=$(stty -F "$ahead_tty" -a) && has -- ' -echo ' <<<"$mode" && ! has -- '-icanon' <<<"$mode"; do
		((SECONDS < deadline)) || fail "confidant$ahead_cmd never turned the terminal's echo off"
		sleep 0.01
	done
	tmux -L "$sock" send-keys -t ahead -l "$pass"
	tmux -L "$sock" send-keys -t ahead Enter
	deadline=$((SECONDS + timeout))
	until tmux -L "$sock" capture-pane -p -J -t ahead | has -F "$inuse"; do
		((SECONDS < deadline)) || fail "confidant$ahead_cmd did not say the vault is in use"
		sleep 0.05
	done
	# What the shell's commands get: the mode the terminal was left in.
	tmux -L "$sock" send-keys -t ahead "stty -a | tr ' ' '\n' | grep -x -- '-\\?echo' | sed 's/^/mode: /'" Enter
	deadline=$((SECONDS + timeout))
	until tmux -L "$sock" capture-pane -p -J -t ahead | has '^mode: '; do
		((SECONDS < deadline)) || fail "stty in the shell printed nothing"
		sleep 0.05
	done
	ahead=$(tmux -L "$sock" capture-pane -p -J -S - -t ahead)
	grep -qF -- "$pass" <<<"$ahead" && fail "the passphrase typed ahead for confidant$ahead_cmd shows in the terminal: $ahead"
	grep -q "command not found" <<<"$ahead" && fail "the shell ran the passphrase typed ahead for confidant$ahead_cmd: $ahead"
	grep -qx "mode: echo" <<<"$ahead" || fail "confidant$ahead_cmd left the terminal without echo: $ahead"
	tmux -L "$sock" kill-window -t ahead
done

# The first interface still works: it saves, and the others changed nothing.
add "Fir client" "Fay Fir"
want["Fir client"]="Fay Fir|(version 1)"
gone+=("Fir loser")
# Locked, it lets the vault go: a scheduled backup and a one-shot command
# open it meanwhile. Unlocking takes it back, and shows what they wrote.
keys C-l
wait_for "Passphrase"
locked_add=$(cli add "Fir while locked" --kind note 2>&1) || fail "add beside the locked interface: $locked_add"
want["Fir while locked"]="(version 1)"
locked_backup=$(cli backup --out "$tmp/while-locked.age" -r "$(cli recipient)" 2>&1) || fail "backup beside the locked interface: $locked_backup"
# As a scheduled job makes it: a copy of the sealed file, with no passphrase.
locked_copy=$("$bin" --vault "$vault" backup --copy --out "$tmp/nightly.db" </dev/null 2>&1) || fail "backup --copy beside the locked interface: $locked_copy"
unlock
wait_for "Fir while locked"
keys q
wait_for "EXITED 0"
check_vault "after the contention"
echo "  \"in use\" after: ${figures[*]}; a passphrase typed ahead meanwhile (interface, list): not echoed, not run by the shell; once the interface locked, add, backup and backup --copy ran beside it"

# ---------------------------------------------------------------------------
# 3. clipboard

echo "faults 3: the clipboard holds the secret after a copy, not after --clipboard-clear"
secret="Pin-$RANDOM$RANDOM-$RANDOM"
cli add "Gorse client" --secret "PIN=$secret" >/dev/null
# The system clipboard: a stand-in xclip (atotto/clipboard runs
# `xclip -in -selection clipboard`), the clipboard a file it replaces.
mkdir -p "$tmp/fakebin"
clip=$tmp/clipboard
cat >"$tmp/fakebin/xclip" <<-'EOF'
	#!/bin/sh
	[ "$1" = -in ] || exit 1
	cat >"$CLIP_FILE.part" && mv "$CLIP_FILE.part" "$CLIP_FILE"
	echo write >>"$CLIP_FILE.writes"
EOF
chmod +x "$tmp/fakebin/xclip"
: >"$clip"

pane_env="PATH=$tmp/fakebin:$PATH CLIP_FILE=$clip" start "$vault" --idle-lock 1h --clipboard-clear 2s
# OSC 52: tmux keeps what the program sets as a paste buffer.
tmux -L "$sock" set -g set-clipboard on
tmux -L "$sock" pipe-pane -O -t "$session:0" "cat >$tmp/raw"
unlock
buffer() { tmux -L "$sock" show-buffer 2>/dev/null || true; }
# poll CMD WANT WHAT: until CMD prints WANT, or fail.
poll() {
	local deadline=$((SECONDS + timeout))
	until [[ $($1) == "$2" ]]; do
		((SECONDS < deadline)) || fail "$3: got \"$($1)\""
		sleep 0.05
	done
}
sysclip() { cat "$clip"; }
# copy_pin finds the dossier, copies its PIN and waits for the status.
copy_pin() {
	keys /
	text "gorse"
	wait_for "1 match"
	keys Enter Enter
	wait_for "› PIN"
	keys y
	wait_for "PIN on clipboard · clears in"
}
copy_pin
copied=$(now_ms)
poll buffer "$secret" "tmux's clipboard (OSC 52) after the copy does not hold the secret"
poll sysclip "$secret" "the system clipboard after the copy does not hold the secret"
wait_for "clipboard cleared"
cleared=$(($(now_ms) - copied))
poll sysclip "" "the system clipboard after --clipboard-clear 2s still holds something"
((cleared >= 1900 && cleared <= 4000)) || fail "the clipboard was cleared $cleared ms after the copy, with --clipboard-clear 2s"
# What the program sent the terminal: the secret, then one clearing OSC 52.
# osc52 prints the data of each OSC 52 the program sent, comma-separated;
# osc52_count N waits until it sent N.
osc52() { grep -oaE $'\e]52;c;[A-Za-z0-9+/=]*\a' "$tmp/raw" | sed 's/^.*;//' | tr -d '\a' | paste -sd, -; }
osc52_count() {
	local deadline=$((SECONDS + timeout))
	until (($(grep -oaE $'\e]52;c;[A-Za-z0-9+/=]*\a' "$tmp/raw" | wc -l) >= $1)); do
		((SECONDS < deadline)) || fail "the program sent fewer than $1 OSC 52 sequences: \"$(osc52)\""
		sleep 0.05
	done
}
b64=$(printf %s "$secret" | base64 -w0)
osc52_count 2
sent=$(osc52)
[[ $sent == "$b64,"* ]] || fail "OSC 52 sequences the program sent: \"$sent\", want the secret first"
clearing=${sent#"$b64,"}
[[ $clearing != *,* && $clearing != "$b64" ]] || fail "OSC 52 sequences the program sent: \"$sent\", want the secret, then one clearing it"
# The clear is a space: tmux drops an OSC 52 with no data (input_osc_52
# returns at once) and would keep the secret (RELIABILITY.md, finding 7).
[[ -n $clearing ]] || fail "the clipboard was cleared with an empty OSC 52, which tmux ignores"
[[ $(buffer) != "$secret" ]] || fail "tmux's clipboard still holds the secret after the clear"
# Quitting before the timeout clears it too.
keys y
wait_for "PIN on clipboard · clears in"
poll sysclip "$secret" "the system clipboard after the second copy does not hold the secret"
keys q
wait_for "EXITED 0"
[[ $(sysclip) == "" ]] || fail "the system clipboard still holds the secret after quitting"
osc52_count 4
[[ $(osc52) == "$b64,$clearing,$b64,$clearing" ]] || fail "OSC 52 sequences after quitting: \"$(osc52)\", want a clear after each copy"
writes=$(wc -l <"$clip.writes")
# Closing the terminal window (the pane goes: SIGHUP) before the timeout
# clears the system clipboard too; the terminal's own went with it.
pane_env="PATH=$tmp/fakebin:$PATH CLIP_FILE=$clip" start "$vault" --idle-lock 1h --clipboard-clear 1m
unlock
copy_pin
poll sysclip "$secret" "the system clipboard after the copy does not hold the secret"
tmux -L "$sock" kill-server
poll sysclip "" "the system clipboard still holds the secret after the terminal closed"
# And a kill (SIGTERM, as a logout or a shutdown sends).
pane_env="PATH=$tmp/fakebin:$PATH CLIP_FILE=$clip" start "$vault" --idle-lock 1h --clipboard-clear 1m
unlock
copy_pin
poll sysclip "$secret" "the system clipboard after the copy does not hold the secret"
kill -TERM "$(app_pid)"
wait_for "EXITED"
poll sysclip "" "the system clipboard still holds the secret after SIGTERM"
rm -f "$tmp/raw" "$clip"
echo "  cleared $cleared ms after the copy (--clipboard-clear 2s), on quitting, when the terminal closed and at SIGTERM; system clipboard writes: $writes"

echo "ok: the fault flows passed"
