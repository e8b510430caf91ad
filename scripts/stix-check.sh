#!/usr/bin/env bash
# STIX 2.1 check: exports the example case and a generated large case as STIX bundles, validates
# both with the OASIS validator (stix2-validator) in strict mode, and parses both with the OASIS
# stix2 library. The Python tools go into a venv under target/.
#
# One best-practice check is left out, 302 ("an external reference with a URL SHOULD carry a
# hash of the content"): Casebook never fetches an address, so it has no content to hash, and
# inventing a hash would be worse than giving none. Every other check runs, warnings as errors.
#
# usage: scripts/stix-check.sh [CASEBOOK_BINARY]   (default target/debug/casebook)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/casebook}
out=target/stix-check
venv=target/stix-venv
mkdir -p "$out"
if [ ! -x "$venv/bin/stix2_validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "stix2-validator>=3.2" "stix2>=3.0"
fi
"$bin" export assets/example-case.json --stix "$out/example.json"
"$bin" generate --actors 3000 --seed 7 -o "$out/large.casebook.json" >/dev/null
"$bin" export "$out/large.casebook.json" --stix "$out/large.json"
for bundle in "$out/example.json" "$out/large.json"; do
  if ! "$venv/bin/stix2_validator" --strict --no-cache --disable 302 "$bundle" > "$bundle.validation.txt"; then
    head -n 40 "$bundle.validation.txt"
    echo "STIX check failed: $bundle is not valid in strict mode" >&2
    exit 1
  fi
  tail -n 2 "$bundle.validation.txt"
  "$venv/bin/python" - "$bundle" <<'PY'
import sys, collections, stix2
bundle = stix2.parse(open(sys.argv[1], encoding="utf-8").read(), allow_custom=False)
kinds = collections.Counter(o.type for o in bundle.objects)
print(f"stix2 parsed {sys.argv[1]}: {len(bundle.objects)} objects:",
      ", ".join(f"{n} {t}" for t, n in sorted(kinds.items())))
PY
done
echo "STIX check passed: both bundles valid in strict mode and parsed by the stix2 library"
