# SPDX-License-Identifier: MIT
# Shared by scripts/run, scripts/test and scripts/package: install what is missing, configure,
# build. Sourced, not run.

set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$root/build"

# Debian/Ubuntu packages the build and the tests need (the packaging test builds and checks
# the DEB: dpkg-dev, lintian, desktop-file-utils, appstream, file; the fuzz test builds its
# targets with clang and links libFuzzer from libclang-rt-14-dev; the crash and damaged-store
# tests run orderdeskctl as another user with setpriv, from util-linux; the HTTP API's tests
# drive the server with curl; qtkeychain-qt6-dev keeps PostgreSQL passwords in the system
# keychain, whose test runs on a Secret Service of its own: gnome-keyring on a private bus from
# dbus-daemon and dbus-bin).
debian_packages=(
    cmake ninja-build g++ git pkg-config
    clang libclang-rt-14-dev util-linux
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libgl-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-httpserver-dev qt6-websockets-dev
    qtkeychain-qt6-dev gnome-keyring dbus-daemon dbus-bin
    libsqlite3-dev sqlite3
    libqt6sql6-psql postgresql
    fonts-dejavu-core
    curl
    dpkg-dev lintian desktop-file-utils appstream file
)
# What scripts/package needs on top: rpmbuild for the RPM.
packaging_packages=(rpm)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else say "need root to run: $*  (install sudo or run as root)"; return 1
    fi
}

# ensure_packages PACKAGE...: installs those of the packages that are missing (Debian/Ubuntu).
ensure_packages() {
    if ! command -v apt-get >/dev/null || ! command -v dpkg-query >/dev/null; then
        say "Not a Debian/Ubuntu system. Install: CMake >= 3.22, Ninja, a C++20 compiler, Qt >= 6.4"
        say "(Core, Sql with the SQLite driver, Concurrent, Network, Widgets, Test, LinguistTools,"
        say "HttpServer with WebSockets), QtKeychain for Qt 6 (optional) and curl, then run"
        say "  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build"
        return 0
    fi
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# configure_and_build [CMAKE ARGS...]: Release build into build/.
configure_and_build() {
    say "Configuring in $build_dir"
    # Debian/Ubuntu ship the Qt HTTP Server the API is built for and QtKeychain: there neither
    # must be left out.
    local http=()
    command -v apt-get >/dev/null && http=(-DORDERDESK_HTTP_API=ON -DORDERDESK_KEYCHAIN=ON)
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "${http[@]}" "$@" >/dev/null
    say "Building"
    cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || echo 2)"
}
