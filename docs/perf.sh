#!/usr/bin/env bash
# Measures covenant at Excel's row limit side by side with the baseline of issue 7:
# excelize's StreamWriter writing the same 1,048,575 rows (cmd/mksamples -large,
# which writes the stress ledger through StreamWriter). Prints wall time, CPU and
# peak RSS of each run, and the ratios. See docs/performance.md.
#
#   bash docs/perf.sh [LINES]        # default 1048575
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1048575}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/covenant" ./cmd/covenant
go build -o "$work/mksamples" ./cmd/mksamples

measure() { # label, command...
	local label=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null
	read -r wall user sys rss <"$work/time"
	awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" \
		'BEGIN { printf "%-10s %7.2f s wall %7.2f s CPU %6d MB peak RSS\n", l, w, u + s, m / 1024 }'
	echo "$wall" >"$work/$label.wall"
}

measure baseline "$work/mksamples" -large "$lines" -month 2003-10 -out "$work/ledger.xlsx"
cp "$work/ledger.xlsx" "$work/inplace.xlsx"
measure monthly "$work/covenant" monthly --ledger "$work/ledger.xlsx" --month 2003-10 --out "$work/out.xlsx" --as-of 2003-11-03
measure in-place "$work/covenant" monthly --ledger "$work/inplace.xlsx" --month 2003-10 --out "$work/out2.xlsx" --as-of 2003-11-03 --in-place
base=$(cat "$work/baseline.wall")
for r in monthly in-place; do
	awk -v r="$r" -v w="$(cat "$work/$r.wall")" -v b="$base" 'BEGIN { printf "%-10s / baseline = %.2f\n", r, w / b }'
done
ls -l "$work"/*.xlsx | awk '{printf "%12d  %s\n", $5, $NF}'
