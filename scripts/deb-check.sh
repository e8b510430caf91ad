#!/usr/bin/env bash
# The Debian package, installed as a user would: builds it from BINARY (scripts/package-linux.sh),
# installs it with dpkg, checks its desktop entry with desktop-file-validate and its MIME type,
# runs the installed /usr/bin/casebook (check on the example case, and a PDF and an HTML
# briefing), compares the briefings with the ones the unpackaged program writes (the HTML byte
# for byte, the PDF's text: a PDF records when it was made), and removes the package again.
#
# usage: scripts/deb-check.sh [BINARY]   (default: target/release/casebook)
# needs: root or sudo, dpkg, desktop-file-validate (desktop-file-utils), pdftotext (poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/casebook}
out=target/deb-check
rm -rf "$out" && mkdir -p "$out"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
fail() { echo "deb check FAILED: $*" >&2; exit 1; }

scripts/package-linux.sh "$bin" "$out" | tee "$out/package.txt"
deb=$(ls "$out"/casebook_*.deb)
as_root dpkg -i "$deb" >"$out/dpkg-install.txt" 2>&1 || { cat "$out/dpkg-install.txt" >&2; fail "dpkg -i $deb"; }
trap 'as_root dpkg -r casebook >/dev/null 2>&1 || true' EXIT

[ -x /usr/bin/casebook ] || fail "no /usr/bin/casebook after installing"
desktop-file-validate /usr/share/applications/casebook.desktop || fail "the desktop entry does not validate"
grep -q '^MimeType=application/x-casebook+json;$' /usr/share/applications/casebook.desktop \
  || fail "the desktop entry does not open case files"
grep -q 'pattern="\*.casebook.json"' /usr/share/mime/packages/casebook.xml || fail "no MIME type for *.casebook.json"
[ -s /usr/share/doc/casebook/THIRD-PARTY-NOTICES.txt ] || fail "no third-party notices installed"
[ -s /usr/share/icons/hicolor/scalable/apps/casebook.svg ] || fail "no icon installed"

work=$(mktemp -d)
cp assets/example-case.json "$work/albania.casebook.json"
(cd "$work" && /usr/bin/casebook check albania.casebook.json) >"$out/check.txt" || fail "the installed casebook check failed"
grep -q "valid Casebook case" "$out/check.txt" || fail "casebook check did not report a valid case: $(cat "$out/check.txt")"
for format in pdf html; do
  (cd "$work" && /usr/bin/casebook export albania.casebook.json --briefing "$format" -o "installed.$format") \
    >/dev/null || fail "the installed casebook could not export a $format briefing"
  "$bin" export "$work/albania.casebook.json" --briefing "$format" -o "$work/unpackaged.$format" >/dev/null
done
# The HTML is the same bytes; a PDF records the moment it was made, so its text is compared.
cmp -s "$work/installed.html" "$work/unpackaged.html" \
  || fail "the installed program's HTML briefing differs from the unpackaged one's"
pdftotext "$work/installed.pdf" "$work/installed.txt"
pdftotext "$work/unpackaged.pdf" "$work/unpackaged.txt"
cmp -s "$work/installed.txt" "$work/unpackaged.txt" \
  || fail "the installed program's PDF briefing says other things than the unpackaged one's"
[ "$(head -c 5 "$work/installed.pdf")" = "%PDF-" ] || fail "the installed program's PDF is not a PDF"
echo "deb check passed: $(basename "$deb") installs, validates, and its casebook checks and briefs the example case"
