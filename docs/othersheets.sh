#!/usr/bin/env bash
# Issue 7: "nothing grows with the size of the input workbook's other sheets".
# Builds a typical month's ledger (LINES PO lines, default 20,000), and the same
# workbook with one more sheet, "Archive 2002", holding ARCHIVE rows of PO lines
# (default 1,048,575: a whole other sheet at Excel's limit, which covenant never
# reads). Measures `covenant monthly` and `--in-place` on both with
# /usr/bin/time, and checks that --in-place copied the archive's compressed bytes
# unchanged. See docs/performance.md. Needs /usr/bin/python3 (zipfile only).
#
#   bash docs/othersheets.sh [LINES] [ARCHIVE]
lines=${1:-20000}
archive=${2:-1048575}
LABEL_WIDTH=28
source "$(dirname "$0")/measure.sh"
"$work/mksamples" -large "$lines" -month 2003-10 -out "$work/plain.xlsx" >/dev/null
"$work/mksamples" -large "$archive" -month 2002-10 -out "$work/big.xlsx" >/dev/null

# the big ledger's Purchases sheet (inline strings, the same styles) becomes a
# fifth sheet of the small one
/usr/bin/python3 - "$work/plain.xlsx" "$work/big.xlsx" "$work/archive.xlsx" <<'PY'
import sys, zipfile
src, big, out = sys.argv[1:]
sheet = 'xl/worksheets/sheet1.xml'
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(big) as zb, \
        zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=1) as zo:
    assert zi.read('xl/styles.xml') == zb.read('xl/styles.xml'), 'the two ledgers differ in styles'
    for info in zi.infolist():
        data = zi.read(info.filename)
        if info.filename == 'xl/workbook.xml':
            data = data.replace(b'</sheets>', b'<sheet name="Archive 2002" sheetId="99" r:id="rIdArchive"></sheet></sheets>')
        elif info.filename == 'xl/_rels/workbook.xml.rels':
            data = data.replace(b'</Relationships>', b'<Relationship Id="rIdArchive" Target="worksheets/archive.xml" '
                                b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"></Relationship></Relationships>')
        elif info.filename == '[Content_Types].xml':
            data = data.replace(b'</Types>', b'<Override PartName="/xl/worksheets/archive.xml" '
                                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"></Override></Types>')
        zo.writestr(info.filename, data)
    with zb.open(sheet) as r, zo.open('xl/worksheets/archive.xml', 'w', force_zip64=True) as w:
        w.write(r.read().replace(b'tabSelected="true"', b''))
PY

for f in plain archive; do
	cp "$work/$f.xlsx" "$work/$f-inplace.xlsx"
	measure "$f monthly" "$work/covenant" monthly --ledger "$work/$f.xlsx" --month 2003-10 --out "$work/$f-out.xlsx" --as-of 2003-11-03
	measure "$f monthly --in-place" "$work/covenant" monthly --ledger "$work/$f-inplace.xlsx" --month 2003-10 --out "$work/$f-out2.xlsx" --as-of 2003-11-03 --in-place
done
/usr/bin/python3 - "$work/archive.xlsx" "$work/archive-inplace.xlsx" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p).getinfo('xl/worksheets/archive.xml') for p in sys.argv[1:])
same = (a.CRC, a.compress_size, a.file_size) == (b.CRC, b.compress_size, b.file_size)
print('archive sheet: %d bytes of XML, %d compressed; after --in-place: %s' % (a.file_size, a.compress_size, 'unchanged' if same else 'CHANGED'))
sys.exit(0 if same else 1)
PY
ls -l "$work"/plain.xlsx "$work"/archive.xlsx | awk '{printf "%12d  %s\n", $5, $NF}'
