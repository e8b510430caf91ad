#!/usr/bin/env bash
# Packages a built casebook binary for Linux: a Debian/Ubuntu package (.deb: the program in
# /usr/bin, a desktop entry, an icon, the MIME type of case files so a double-click opens them,
# and the licences and third-party notices) and a portable archive (.tar.gz) holding the same.
#
# usage: scripts/package-linux.sh [BINARY] [OUT_DIR]
#   BINARY   default target/release/casebook (build it with `cargo build --release --locked`)
#   OUT_DIR  default target/package
# needs: dpkg-deb (Debian's dpkg), tar, gzip
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/casebook}
out=${2:-target/package}
[ -x "$bin" ] || { echo "package-linux: no program at $bin (cargo build --release --locked)" >&2; exit 1; }

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
machine=$(uname -m)
mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The .deb's tree.
root="$stage/deb"
install -Dm755 "$bin" "$root/usr/bin/casebook"
install -Dm644 packaging/linux/casebook.desktop "$root/usr/share/applications/casebook.desktop"
install -Dm644 packaging/linux/casebook.svg "$root/usr/share/icons/hicolor/scalable/apps/casebook.svg"
install -Dm644 packaging/linux/casebook-mime.xml "$root/usr/share/mime/packages/casebook.xml"
doc="$root/usr/share/doc/casebook"
install -Dm644 assets/notices/THIRD-PARTY-NOTICES.txt "$doc/THIRD-PARTY-NOTICES.txt"
install -Dm644 LICENSE-MIT "$doc/LICENSE-MIT"
install -Dm644 LICENSE-APACHE "$doc/LICENSE-APACHE"
install -Dm644 assets/fonts/OFL-1.1.txt "$doc/fonts/OFL-1.1.txt"
install -Dm644 docs/case-format.md "$doc/case-format.md"
cat >"$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: casebook
Comment: The licences and notices of everything bundled in the program (Rust crates, fonts,
 reference data) are in /usr/share/doc/casebook/THIRD-PARTY-NOTICES.txt.

Files: *
Copyright: 2026 The Casebook developers
License: MIT or Apache-2.0
 See /usr/share/doc/casebook/LICENSE-MIT and /usr/share/doc/casebook/LICENSE-APACHE.
EOF
size_kb=$(du -sk "$root" | cut -f1)
mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<EOF
Package: casebook
Version: $version
Architecture: $arch
Maintainer: The Casebook developers <casebook@localhost>
Installed-Size: $size_kb
Depends: libc6, libgcc-s1
Recommends: libgl1, libegl1, libx11-6, libxcursor1, libxi6, libxrandr2, libxkbcommon-x11-0, libwayland-client0, libvulkan1
Section: utils
Priority: optional
Homepage: https://example.invalid/casebook
Description: offline workbench for cyber-attribution case work
 Casebook holds a cyber-attribution case: the actors and their relationships on a map, what
 happened when on a timeline, sources graded on the Admiralty scale, and attribution judgments
 in ICD 203 terms, each traced to its evidence, with tradecraft checks. It writes briefings
 (HTML, Markdown, PDF) and STIX 2.1, and never uses the network.
EOF
# Files owned by root, whoever builds it.
deb="$out/casebook_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "wrote $deb ($(du -h "$deb" | cut -f1))"

# The portable archive: the program with its licences, desktop entry, icon and MIME type.
name="casebook-${version}-linux-${machine}"
dir="$stage/$name"
mkdir -p "$dir/share"
install -m755 "$bin" "$dir/casebook"
cp assets/notices/THIRD-PARTY-NOTICES.txt LICENSE-MIT LICENSE-APACHE "$dir/"
cp packaging/linux/casebook.desktop packaging/linux/casebook.svg packaging/linux/casebook-mime.xml "$dir/share/"
cat >"$dir/README.txt" <<EOF
Casebook $version for Linux ($machine), portable.

Run ./casebook (the example case opens), or ./casebook FILE.casebook.json. No installation is
needed; the program loads X11 or Wayland and OpenGL or Vulkan from the system at run time.
./casebook --help lists the command line (check, export, import, generate).

To open case files with a double-click, copy share/casebook.desktop to
~/.local/share/applications/ (with Exec= set to where casebook is), share/casebook.svg to
~/.local/share/icons/hicolor/scalable/apps/, and share/casebook-mime.xml to
~/.local/share/mime/packages/casebook.xml, then run update-mime-database ~/.local/share/mime.

Licences: LICENSE-MIT, LICENSE-APACHE; everything bundled: THIRD-PARTY-NOTICES.txt.
EOF
tarball="$out/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 -czf "$tarball" "$name"
echo "wrote $tarball ($(du -h "$tarball" | cut -f1))"
