#!/usr/bin/env python3
"""Writes assets/notices/THIRD-PARTY-NOTICES.txt: the licences and notices of everything a
Casebook build bundles, generated, never hand-written.

- Casebook's own licence;
- the data bundled in the binary (fonts, the country table) with their licences;
- every Rust crate linked into the program on any platform (the normal dependencies of the
  `casebook` package, as Cargo.lock resolves them; build scripts and procedural macros run at
  build time and are not bundled), with its version, licence expression and repository;
- the text of every licence, copyright and notice file those crates ship (LICENSE*, COPYING*,
  NOTICE*, COPYRIGHT*, and the licences of fonts they carry), each distinct text once, with the
  crates that ship it.

usage: scripts/make_notices.py [--check]
  --check: fail (exit 1) if the file on disk is not what this script would write now, e.g.
           after a dependency changed without the notices being made again.
"""

import hashlib
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "notices" / "THIRD-PARTY-NOTICES.txt"

LICENCE_FILE = re.compile(
    r"^(licen[cs]e|copying|notice|copyright|ofl|ufl|unlicense)([-_.].*)?$", re.IGNORECASE
)
# Files that look like licences but are not texts to reproduce.
NOT_TEXT = re.compile(r"\.(rs|toml|json|html?|py|sh|yml|yaml)$", re.IGNORECASE)

BUNDLED_DATA = """\
Bundled data
============

Noto Sans Arabic (assets/fonts/NotoSansArabic-Regular.ttf, NotoSansArabic-Bold.ttf)
  (c) 2010-2020 Google Inc. / Google LLC, under the SIL Open Font License 1.1; the licence's
  text is assets/fonts/OFL-1.1.txt, reproduced under "Bundled licence texts" below.

The country table (assets/reference/countries.tsv)
  Country names, ISO 3166 codes and capitals derived by scripts/make_country_table.py from the
  MISP galaxy "country" cluster (MISP project, https://github.com/MISP/misp-galaxy), which is
  dual-licensed CC0-1.0 or BSD-2-Clause; used here under CC0-1.0.

The reference library of known groups (assets/reference/library.json)
  Derived by scripts/make_reference_library.sh from the MISP galaxy clusters mitre-intrusion-set,
  mitre-malware, mitre-tool, mitre-attack-pattern and threat-actor (MISP project,
  https://github.com/MISP/misp-galaxy; dual-licensed CC0-1.0 or BSD-2-Clause, used here under
  CC0-1.0), as the pymispgalaxies package ships them. The ATT&CK part is MITRE ATT&CK:
  (c) The MITRE Corporation. This work is reproduced and distributed with the permission of
  The MITRE Corporation. ATT&CK(R) is a registered trademark of The MITRE Corporation. Terms of
  use: https://attack.mitre.org/resources/legal-and-branding/terms-of-use/

The fonts of the user interface (Ubuntu Light, Hack, Noto Emoji, Emoji Icon Font) come with
the crate epaint_default_fonts, and the fonts of PDF briefings (Libertinus Serif, New Computer
Modern, DejaVu Sans Mono) with the crate typst-assets: their licences are among the crates'
licence texts below.
"""


def metadata():
    out = subprocess.run(
        ["cargo", "metadata", "--locked", "--format-version", "1"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def bundled_packages(meta):
    """The packages linked into the program: normal dependencies of the root, transitively,
    leaving out procedural macros (they run at build time)."""
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]
    seen, todo = set(), [root]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for dep in nodes[node]["deps"]:
            if not any(k["kind"] is None for k in dep["dep_kinds"]):
                continue
            package = packages[dep["pkg"]]
            if any("proc-macro" in t["kind"] for t in package["targets"]):
                continue
            todo.append(dep["pkg"])
    seen.discard(root)
    return sorted((packages[i] for i in seen), key=lambda p: (p["name"], p["version"]))


def licence_files(package):
    """A package's licence and notice files: at its root, and one or two folders down (fonts
    carry theirs beside them)."""
    base = pathlib.Path(package["manifest_path"]).parent
    found = []
    for path in sorted(base.rglob("*")):
        relative = path.relative_to(base)
        if len(relative.parts) > 3 or not path.is_file():
            continue
        if any(part in ("target", "tests", "benches", "examples", ".git") for part in relative.parts):
            continue
        if LICENCE_FILE.match(path.name) and not NOT_TEXT.search(path.name):
            found.append((str(relative), path))
    return found


def normalised(text):
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().splitlines())


def notices():
    meta = metadata()
    packages = bundled_packages(meta)
    own = meta["packages"][0]
    for p in meta["packages"]:
        if p["id"] == meta["resolve"]["root"]:
            own = p
    lines = [
        "Casebook: third-party notices",
        "=============================",
        "",
        "Generated by scripts/make_notices.py from Cargo.lock and the licence files the crates",
        "ship; do not edit (run the script again after a dependency changes; CI checks it).",
        "",
        f"Casebook {own['version']} is licensed under {own['license']}.",
        "",
        BUNDLED_DATA,
        f"Rust crates ({len(packages)}, linked into Casebook on Linux, Windows or macOS)",
        "=" * 60,
        "",
    ]
    texts = {}  # digest -> (text, [crate@version (file)])
    for package in packages:
        name = f"{package['name']} {package['version']}"
        licence = package.get("license") or "see its licence file"
        repository = package.get("repository") or ""
        lines.append(f"{name}  |  {licence}  |  {repository}".rstrip(" |"))
        for relative, path in licence_files(package):
            try:
                text = normalised(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            if not text:
                continue
            digest = hashlib.sha256(text.encode()).hexdigest()
            texts.setdefault(digest, (text, []))[1].append(f"{name} ({relative})")
    lines += ["", "", "Bundled licence texts", "=====================", ""]
    ofl = normalised((ROOT / "assets" / "fonts" / "OFL-1.1.txt").read_text(encoding="utf-8"))
    lines += ["--- Noto Sans Arabic (assets/fonts/OFL-1.1.txt) ---", "", ofl, ""]
    lines += ["", "Licence texts of the crates", "===========================", ""]
    for text, users in sorted(texts.values(), key=lambda t: t[1][0]):
        lines.append("--- " + "; ".join(users) + " ---")
        lines.append("")
        lines.append(text)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main():
    text = notices()
    if "--check" in sys.argv[1:]:
        on_disk = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if on_disk != text:
            print(
                f"{OUT.relative_to(ROOT)} is out of date: run scripts/make_notices.py",
                file=sys.stderr,
            )
            sys.exit(1)
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(text):,} bytes")


if __name__ == "__main__":
    main()
