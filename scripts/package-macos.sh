#!/usr/bin/env bash
# Lays out Casebook.app around a macOS build of the program, zipped, with its licences and
# third-party notices, and the document type of case files (*.casebook.json) so Finder opens
# them with it. Linking a macOS program needs Apple's linker and SDK: build on a Mac with
#   rustup target add aarch64-apple-darwin      (or x86_64-apple-darwin)
#   cargo build --release --locked --target aarch64-apple-darwin
#   scripts/package-macos.sh target/aarch64-apple-darwin/release/casebook
# The bundle is not signed or notarised: on first start, Control-click it and choose Open (or
# sign it with your organisation's Developer ID: codesign --deep -s "Developer ID …").
#
# usage: scripts/package-macos.sh [BINARY] [OUT_DIR]
#   BINARY   default target/aarch64-apple-darwin/release/casebook
#   OUT_DIR  default target/package
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/aarch64-apple-darwin/release/casebook}
out=${2:-target/package}
[ -f "$bin" ] || { echo "package-macos: no program at $bin (build it on a Mac; see the header)" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
app="$stage/Casebook.app/Contents"
mkdir -p "$app/MacOS" "$app/Resources"
install -m755 "$bin" "$app/MacOS/casebook"
cp assets/notices/THIRD-PARTY-NOTICES.txt LICENSE-MIT LICENSE-APACHE "$app/Resources/"
cp packaging/linux/casebook.svg "$app/Resources/"
cat >"$app/Info.plist" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleName</key><string>Casebook</string>
  <key>CFBundleDisplayName</key><string>Casebook</string>
  <key>CFBundleIdentifier</key><string>org.casebook.Casebook</string>
  <key>CFBundleVersion</key><string>$version</string>
  <key>CFBundleShortVersionString</key><string>$version</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>CFBundleExecutable</key><string>casebook</string>
  <key>LSMinimumSystemVersion</key><string>11.0</string>
  <key>NSHighResolutionCapable</key><true/>
  <key>CFBundleDocumentTypes</key>
  <array>
    <dict>
      <key>CFBundleTypeName</key><string>Casebook case</string>
      <key>CFBundleTypeRole</key><string>Editor</string>
      <key>LSHandlerRank</key><string>Owner</string>
      <key>LSItemContentTypes</key><array><string>org.casebook.case</string></array>
    </dict>
  </array>
  <key>UTExportedTypeDeclarations</key>
  <array>
    <dict>
      <key>UTTypeIdentifier</key><string>org.casebook.case</string>
      <key>UTTypeDescription</key><string>Casebook case</string>
      <key>UTTypeConformsTo</key><array><string>public.json</string></array>
      <key>UTTypeTagSpecification</key>
      <dict><key>public.filename-extension</key><array><string>casebook.json</string></array></dict>
    </dict>
  </array>
</dict>
</plist>
EOF
mkdir -p "$out"
zip="$(realpath "$out")/casebook-${version}-macos.zip"
(cd "$stage" && python3 -c "
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for root, _, files in sorted(os.walk('Casebook.app')):
        for f in sorted(files):
            path = os.path.join(root, f)
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if os.access(path, os.X_OK) else 0o644) << 16
            z.writestr(info, open(path, 'rb').read())
" "$zip")
echo "wrote $zip"
