#!/usr/bin/env bash
# Packages the cross-built Windows program as a zip to unpack and run: casebook.exe with its
# licences and third-party notices and a README.txt (Windows line endings).
#
# usage: scripts/package-windows.sh [EXE] [OUT_DIR]
#   EXE      default target/x86_64-pc-windows-gnu/release/casebook.exe
#            (cargo build --release --locked --target x86_64-pc-windows-gnu; needs the MinGW-w64
#            compiler, Debian's gcc-mingw-w64-x86-64, for the PDF engine's stack switching)
#   OUT_DIR  default target/package
# needs: python3 (for the zip)
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-target/x86_64-pc-windows-gnu/release/casebook.exe}
out=${2:-target/package}
[ -f "$exe" ] || { echo "package-windows: no program at $exe" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
name="casebook-${version}-windows-x86_64"
mkdir -p "$out"
EXE="$exe" NAME="$name" OUT="$out" VERSION="$version" python3 - <<'EOF'
import os, pathlib, zipfile
name, out, version = os.environ["NAME"], pathlib.Path(os.environ["OUT"]), os.environ["VERSION"]
readme = f"""Casebook {version} for Windows (x86-64), portable.

Double-click casebook.exe: the example case opens. Open a case file from File > Open, or drop
it on the window. No installation is needed and nothing is written outside your user folder
(settings, recent files and autosaves go to %APPDATA%\\Casebook).

The command line: casebook.exe --help lists check, export, import and generate, e.g.
  casebook.exe check case.casebook.json
  casebook.exe export case.casebook.json --briefing pdf -o briefing.pdf

Licences: LICENSE-MIT, LICENSE-APACHE; everything bundled: THIRD-PARTY-NOTICES.txt.
"""
target = out / f"{name}.zip"
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    def add(path, arcname, text=False):
        info = zipfile.ZipInfo(f"{name}/{arcname}", date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        data = pathlib.Path(path).read_bytes()
        if text:
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        z.writestr(info, data)
    add(os.environ["EXE"], "casebook.exe")
    for f in ["assets/notices/THIRD-PARTY-NOTICES.txt", "LICENSE-MIT", "LICENSE-APACHE"]:
        add(f, pathlib.Path(f).name, text=True)
    info = zipfile.ZipInfo(f"{name}/README.txt", date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, readme.replace("\n", "\r\n"))
print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
EOF
