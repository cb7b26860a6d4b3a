#!/usr/bin/env bash
# viewer.sh: an attachment shown from memory in a real desktop's viewer.
#
# A virtual X display (Xvfb), Debian's xdg-utils naming feh as the viewer of
# PNG images, and Confidant's own binary: `attachment --open` must start
# feh on /proc/PID/fd/3 of a process that is not Confidant's, the window
# must show, SIGTERM (as ctrl+c) must end the process holding the file while feh's
# window stays (holding no file of Confidant's), and the access log must
# record it. The stand-ins of the Go tests cannot show that a real viewer
# reads the file; this does. Needs Xvfb, feh, xdg-utils and x11-utils
# (.ci/run installs them). Run from anywhere: bash ui/testdata/desktop/viewer.sh
set -euo pipefail

# has PATTERN…: grep -q that reads all of its input. With pipefail, a
# command piped into grep -q can die of a closed pipe once grep has matched
# and quit, and fail the pipeline though the text was there.
has() { grep -c "$@" >/dev/null; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
for tool in Xvfb feh xdg-mime xwininfo; do
	command -v "$tool" >/dev/null || { echo "viewer.sh: $tool is not installed (Debian: xvfb feh xdg-utils x11-utils)" >&2; exit 2; }
done
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	pkill -f "feh .*/proc/[0-9]*/fd/3" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# wait_until CMD…: poll for 10 s.
wait_until() {
	local deadline=$((SECONDS + 10))
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}

(cd "$root" && go build -o "$tmp/confidant" .)
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/.local/share XDG_CONFIG_HOME=$tmp/home/.config XDG_CURRENT_DESKTOP=
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
export DISPLAY=:$((200 + $$ % 500))
Xvfb "$DISPLAY" -screen 0 800x600x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
wait_until xwininfo -root || fail "Xvfb did not start on $DISPLAY"
xdg-mime default feh.desktop image/png
[[ $(xdg-mime query default image/png) == feh.desktop ]] || fail "xdg-mime does not name feh for PNG"

echo "correct horse battery staple" >"$tmp/pass"
c() { "$tmp/confidant" --vault "$tmp/v.db" --passphrase-file "$tmp/pass" "$@"; }
c init --work-factor 10 >/dev/null
c add "Ana Lima passport" --kind travel >/dev/null
# A 1×1 PNG, attached, then its file deleted.
echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' | base64 -d >"$tmp/scan.png"
c attach "Ana Lima passport" "$tmp/scan.png" >/dev/null 2>&1
rm "$tmp/scan.png"

echo "viewer: attachment --open → feh shows it from /proc/PID/fd/3"
# The binary itself in the background, so that $! is its PID (a function
# would run in a subshell), and SIGTERM, not SIGINT: a shell without job
# control starts a background command with SIGINT ignored.
"$tmp/confidant" --vault "$tmp/v.db" --passphrase-file "$tmp/pass" attachment "Ana Lima passport" scan.png --open 2>"$tmp/err" &
open=$!
pids+=($open)
feh_window() { xwininfo -root -tree | grep -oE '"feh [^"]*/proc/[0-9]+/fd/3"'; }
wait_until feh_window || fail "no feh window: $(cat "$tmp/err"; xwininfo -root -tree | grep -c '"' ) windows"
holder=$(feh_window | grep -oE '/proc/[0-9]+' | cut -d/ -f3)
[[ $holder != "$open" ]] || fail "feh reads Confidant's own descriptor"
wait_until grep -q "from memory: no copy is on disk" "$tmp/err" || fail "attachment --open said: $(cat "$tmp/err")"
kill -TERM "$open"
wait "$open" || fail "attachment --open ended with $? at SIGTERM"
wait_until bash -c "! kill -0 $holder" || fail "the process holding the file ($holder) outlived the command"
feh_window >/dev/null || fail "the viewer's window closed with the command"
feh=$(pgrep -x feh | head -1)
if ls -l "/proc/$feh/fd" 2>/dev/null | has memfd; then fail "feh still holds the file in memory"; fi
c log | has "viewed-attachment .*scan.png" || fail "the access log does not record it: $(c log | head -3)"
if grep -rlF "IHDR" "$tmp" "$HOME" 2>/dev/null | grep -v '/confidant$' | has .; then fail "a copy of the image is on disk"; fi
echo "ok: a real viewer read the attachment from memory"
