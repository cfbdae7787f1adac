# Sourced by docs/perf.sh and docs/othersheets.sh: builds covenant and
# mksamples into a temporary folder ($work, removed on exit) and defines measure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/covenant" ./cmd/covenant
go build -o "$work/mksamples" ./cmd/mksamples

# measure LABEL COMMAND...: runs the command under /usr/bin/time and prints its
# wall time, CPU time and peak RSS; the wall time is left in $work/LABEL.wall.
measure() {
	local label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null
	read -r wall user sys rss <"$work/time"
	awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v width="${LABEL_WIDTH:-10}" \
		'BEGIN { printf "%-*s %7.2f s wall %7.2f s CPU %6d MB peak RSS\n", width, l, w, u + s, m / 1024 }'
	echo "$wall" >"$work/$label.wall"
}
