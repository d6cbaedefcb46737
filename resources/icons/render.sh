#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders the PNG, .ico and .icns application icons from orderdesk.svg. Run it by hand after
# changing the SVG and commit what it writes: the build uses the committed files, so no platform
# needs these tools (Debian: librsvg2-bin icoutils icnsutils).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" orderdesk.svg --output "$tmp/$size.png"
done
# The window icon (Qt resource) and the hicolor theme icons for Linux.
for size in 16 32 48 128 256; do
    cp "$tmp/$size.png" "orderdesk-$size.png"
done
# Windows keeps the 256 px image as PNG inside the .ico (-r), as Explorer expects.
icotool --create --output orderdesk.ico \
    "$tmp/16.png" "$tmp/24.png" "$tmp/32.png" "$tmp/48.png" "$tmp/64.png" "$tmp/128.png" \
    --raw="$tmp/256.png"
png2icns orderdesk.icns "$tmp/16.png" "$tmp/32.png" "$tmp/48.png" "$tmp/128.png" \
    "$tmp/256.png" "$tmp/512.png" >/dev/null
