#!/usr/bin/env bash
# Installs the Debian packages in deps/debian.txt that are missing.
# As root with apt-get: installs them. Otherwise prints the apt line and fails,
# so `make run` / `make test` stop with a clear message instead of a compile error.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t pkgs < <(grep -v '^\s*#' deps/debian.txt | grep -v '^\s*$')
missing=()
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || apt-get update
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "deps: missing Debian packages; run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
