#!/usr/bin/env bash
# Makes (once) target/medallion-venv holding medallion, the OASIS reference TAXII 2.1 server,
# from PyPI, and prints the path of its program. The TAXII round trip (tests/taxii_medallion.rs)
# runs it itself when CASEBOOK_MEDALLION does not name one; .ci/run names it.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/python-venv.sh
source scripts/python-venv.sh
ensure_venv target/medallion-venv medallion medallion==3.0.0 >&2
echo "$PWD/target/medallion-venv/bin/medallion"
