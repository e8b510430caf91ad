# Sourced by the check scripts: ensure_venv DIR IMPORTS PACKAGE... makes a Python venv at DIR
# (under target/) with the packages installed, unless it is there already and IMPORTS (a
# comma-separated list of modules) import in it. Each tool gets a venv of its own, so packages
# that install modules of the same name (misp-stix and stix-rust both install `stix`) stay apart.
ensure_venv() {
  local venv=$1 imports=$2
  shift 2
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import $imports" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
  fi
}
