#!/usr/bin/env bash
# Measures covenant at Excel's row limit side by side with the baseline of issue 7:
# excelize's StreamWriter writing the same 1,048,575 rows (cmd/mksamples -large,
# which writes the stress ledger through StreamWriter). Prints wall time, CPU and
# peak RSS of each run, and the ratios. See docs/performance.md.
#
#   bash docs/perf.sh [LINES] [RUNS]   # default 1048575 lines, 1 run
#
# With RUNS > 1 the three measurements are repeated, one after the other, and the
# median of each ratio is printed too: the machine's speed drifts, so a ratio is
# only taken within a run.
lines=${1:-1048575}
runs=${2:-1}
source "$(dirname "$0")/measure.sh"

for run in $(seq 1 "$runs"); do
	[ "$runs" -gt 1 ] && echo "run $run of $runs"
	measure baseline "$work/mksamples" -large "$lines" -month 2003-10 -out "$work/ledger.xlsx"
	cp "$work/ledger.xlsx" "$work/inplace.xlsx"
	rm -f "$work/out.xlsx" "$work/out2.xlsx"
	measure monthly "$work/covenant" monthly --ledger "$work/ledger.xlsx" --month 2003-10 --out "$work/out.xlsx" --as-of 2003-11-03
	measure in-place "$work/covenant" monthly --ledger "$work/inplace.xlsx" --month 2003-10 --out "$work/out2.xlsx" --as-of 2003-11-03 --in-place
	base=$(cat "$work/baseline.wall")
	for r in monthly in-place; do
		ratio=$(awk -v w="$(cat "$work/$r.wall")" -v b="$base" 'BEGIN { printf "%.2f", w / b }')
		echo "$r / baseline = $ratio"
		echo "$ratio" >>"$work/$r.ratios"
	done
done
if [ "$runs" -gt 1 ]; then
	for r in monthly in-place; do
		sort -n "$work/$r.ratios" | awk -v r="$r" '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%-10s / baseline: median %.2f, best %.2f, worst %.2f over %d runs\n", r, m, v[1], v[NR], NR }'
	done
fi
ls -l "$work"/*.xlsx | awk '{printf "%12d  %s\n", $5, $NF}'
