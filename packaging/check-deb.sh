#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The `packaging` ctest: builds the DEB from an already built tree and checks what a user would
# get from it. Usage: check-deb.sh BUILD_DIR VERSION APP_ID
# Needs dpkg-dev, lintian, desktop-file-utils, appstream and file (scripts/test installs them).
set -euo pipefail

build_dir=$1 version=$2 app_id=$3
failures=0
fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
pass() { printf 'ok:   %s\n' "$*"; }

for tool in cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli; do
    if ! command -v "$tool" >/dev/null; then
        echo "FAIL: $tool is not installed (scripts/test installs it)"
        exit 1
    fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Build the package, from the same CPack configuration that scripts/package uses.
if ! cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log"
    echo "FAIL: cpack -G DEB"
    exit 1
fi
debs=("$tmp"/out/*.deb)
[ -f "${debs[0]}" ] || { cat "$tmp/cpack.log"; echo "FAIL: cpack made no .deb"; exit 1; }
deb=${debs[0]}
pass "built $(basename "$deb")"

# 2. Metadata: the Qt libraries come from shlibdeps, the plugins only from our declaration.
#    Ubuntu 24.04 renamed the libraries with a t64 suffix; either name is right.
depends=$(dpkg-deb --field "$deb" Depends)
echo "      Depends: $depends"
for package in libqt6core6 libqt6widgets6 libqt6sql6 libqt6sql6-sqlite; do
    if grep -Eq "(^|, )${package}(t64)?( \\(|,|$)" <<<"$depends"; then
        pass "Depends names $package"
    else
        fail "Depends does not name $package"
    fi
done
deb_version=$(dpkg-deb --field "$deb" Version)
if [ "$deb_version" = "$version-1" ]; then
    pass "Version is $version-1"
else
    fail "Version is $deb_version, not $version-1"
fi

# 3. Unpack it as dpkg would install it and run what it installed.
root="$tmp/root"
dpkg -x "$deb" "$root"
check_version() { # NAME EXPECTED_PREFIX COMMAND...
    local name=$1 expected=$2 output
    shift 2
    if output=$("$@" 2>"$tmp/stderr") && [[ $output == "$expected"* ]]; then
        pass "$name --version: $output"
    else
        fail "$name --version printed: $output $(cat "$tmp/stderr")"
    fi
}
check_version orderdeskctl "orderdeskctl $version" "$root/usr/bin/orderdeskctl" --version
check_version orderdesk "OrderDesk $version" \
    env QT_QPA_PLATFORM=offscreen "$root/usr/bin/orderdesk" --version

# 4. Desktop integration files: where desktops look for them, and valid.
desktop="$root/usr/share/applications/$app_id.desktop"
metainfo="$root/usr/share/metainfo/$app_id.metainfo.xml"
for file in "$desktop" "$metainfo" \
    "$root/usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
    "$root/usr/share/icons/hicolor/"{48x48,128x128,256x256}"/apps/$app_id.png" \
    "$root/usr/share/man/man1/"{orderdesk,orderdeskctl}.1.gz \
    "$root/usr/share/doc/orderdesk/copyright"; do
    if [ -f "$file" ]; then
        pass "installs ${file#"$root"}"
    else
        fail "does not install ${file#"$root"}"
    fi
done
if output=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$output" ]; then
    pass "desktop-file-validate"
else
    fail "desktop-file-validate: $output"
fi
if output=$(appstreamcli validate --no-net "$metainfo" 2>&1); then
    pass "appstreamcli validate --no-net"
else
    fail "appstreamcli validate --no-net: $output"
fi
# Release notes are written by hand: the metainfo must announce the version being packaged.
if grep -q "<release version=\"$version\"" "$metainfo"; then
    pass "metainfo has release $version"
else
    fail "metainfo has no <release version=\"$version\">"
fi

# 5. Lintian: errors fail the test, warnings are listed.
status=0
lintian --tag-display-limit 0 "$deb" >"$tmp/lintian.log" 2>"$tmp/lintian.err" || status=$?
if [ "$status" -gt 1 ]; then # 1 means tags at error level, anything above a lintian failure
    fail "lintian failed to run: $(cat "$tmp/lintian.log" "$tmp/lintian.err")"
elif grep -q '^E:' "$tmp/lintian.log"; then
    fail "lintian reports errors:"
    sed 's/^/      /' "$tmp/lintian.log"
else
    pass "lintian: no errors"
    sed -n 's/^\([WIP]\):/      \1:/p' "$tmp/lintian.log"
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all packaging checks passed"
