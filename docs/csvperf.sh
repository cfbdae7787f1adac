#!/usr/bin/env bash
# Measures covenant monthly on the same books as a workbook and as a folder of
# CSV files (issue 14), side by side, and the books of two locations against
# the sum of their reads. Prints wall time, CPU and peak RSS of each run, and
# the ratios. See docs/performance.md.
#
#   bash docs/csvperf.sh [LINES] [RUNS]   # default 1048575 lines, 1 run
#
# The stress ledger is cmd/mksamples -large (every line franchised, in
# October 2003), exported as CSV by -csv (UTF-8, commas: samples/csvexport).
# The two locations are two stress ledgers of LINES/2 lines each (seeds 1 and
# 2: the same PO numbers, which at two locations are two lines each). With
# RUNS > 1 the workbook and CSV runs alternate, RUNS times, and the median of
# each ratio is printed.
lines=${1:-1048575}
runs=${2:-1}
source "$(dirname "$0")/measure.sh"
LABEL_WIDTH=14

args=(--month 2003-10 --as-of 2003-11-03)
"$work/mksamples" -large "$lines" -month 2003-10 -out "$work/books.xlsx" -csv "$work/books" >/dev/null
half=$(((lines + 1) / 2))
for s in 1 2; do
	"$work/mksamples" -large "$half" -month 2003-10 -seed "$s" -out "$work/loc$s.xlsx" -csv "$work/loc$s" >/dev/null
done
du -sh "$work/books.xlsx" "$work/books" | awk '{printf "%8s  %s\n", $1, $2}'

for run in $(seq 1 "$runs"); do
	[ "$runs" -gt 1 ] && echo "run $run of $runs"
	measure workbook "$work/covenant" monthly --ledger "$work/books.xlsx" "${args[@]}" --out "$work/out-wb.xlsx"
	measure csv "$work/covenant" monthly --ledger "$work/books" "${args[@]}" --out "$work/out-csv.xlsx"
	ratio=$(awk -v c="$(cat "$work/csv.wall")" -v w="$(cat "$work/workbook.wall")" 'BEGIN { printf "%.2f", c / w }')
	echo "csv / workbook = $ratio"
	echo "$ratio" >>"$work/csv.ratios"
	for kind in csv workbook; do
		ext=""
		[ "$kind" = workbook ] && ext=.xlsx
		measure "$kind-loc1" "$work/covenant" monthly --ledger "$work/loc1$ext" "${args[@]}" --out "$work/out-1.xlsx"
		measure "$kind-loc2" "$work/covenant" monthly --ledger "$work/loc2$ext" "${args[@]}" --out "$work/out-2.xlsx"
		measure "$kind-both" "$work/covenant" monthly --ledger "$work/loc1$ext" --ledger "$work/loc2$ext" "${args[@]}" --out "$work/out-12.xlsx"
		ratio=$(awk -v b="$(cat "$work/$kind-both.wall")" -v a="$(cat "$work/$kind-loc1.wall")" -v c="$(cat "$work/$kind-loc2.wall")" 'BEGIN { printf "%.2f", b / (a + c) }')
		echo "$kind: two locations / the sum of each alone = $ratio"
		echo "$ratio" >>"$work/$kind-both.ratios"
	done
done
if [ "$runs" -gt 1 ]; then
	for r in csv csv-both workbook-both; do
		sort -n "$work/$r.ratios" | awk -v r="$r" '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%-14s: median %.2f, best %.2f, worst %.2f over %d runs\n", r, m, v[1], v[NR], NR }'
	done
fi
