#!/usr/bin/env bash
# setup.sh — install what Ward needs on a fresh Debian machine. Idempotent:
# a second run checks, finds everything present, and returns in a second.
#
#   scripts/setup.sh            Debian packages + llama.cpp source/build (cached)
#   WARD_NO_LLAMA=1 scripts/setup.sh   skip llama.cpp (Ward builds without it)
#   scripts/setup.sh --bench    also the peers bench/ann.sh measures Ward
#                               against (hnswlib, FAISS); the build and the
#                               tests never need them
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS="build-essential cmake pkg-config git sqlite3 libsqlite3-dev libmicrohttpd-dev
      libjansson-dev libcurl4-openssl-dev libsodium-dev
      libcmocka-dev libgomp1 jq clang chromium postgresql libpq-dev"
# postgresql, libpq-dev: the PostgreSQL store (src/store/pg.c); the tests
# start their own throwaway cluster (tests/pg/pg_env.sh), never the system one.
# wrk: bench/serve.sh (load on ward serve over loopback).
if [ "${1:-}" = "--bench" ]; then
  PKGS="$PKGS libhnswlib-dev libfaiss-dev libopenblas-dev wrk"
fi

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The fuzz targets (make fuzz) link clang's libFuzzer runtime: older Debian
# ships it with clang, newer in libclang-rt-N-dev.
if command -v clang >/dev/null; then
  fuzzer_rt="$(clang -print-resource-dir)/lib/linux/libclang_rt.fuzzer-$(uname -m).a"
  if [ ! -f "$fuzzer_rt" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    v=$(clang -dumpversion | cut -d. -f1)
    echo "setup: installing libclang-rt-$v-dev (libFuzzer)"
    $SUDO apt-get install -y -qq --no-install-recommends "libclang-rt-$v-dev" >/dev/null
  fi
fi

# npm fetches the pinned llama.cpp source; a machine may already have Node.js
# from elsewhere, whose npm conflicts with Debian's package, so check the command.
if [ "${WARD_NO_LLAMA:-0}" != "1" ] && ! command -v npm >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

if [ "${WARD_NO_LLAMA:-0}" != "1" ]; then
  scripts/llama.sh
fi

# The web workspace's browser tests (tests/web) drive Debian's chromium with
# playwright-core and check accessibility with axe-core: both from npm, kept
# in ~/.cache/ward/npm-web (no browser download: the system chromium is used).
NPM_WEB="${WARD_NPM_WEB:-$HOME/.cache/ward/npm-web}"
if [ ! -f "$NPM_WEB/node_modules/playwright-core/package.json" ] || [ ! -f "$NPM_WEB/node_modules/axe-core/axe.min.js" ]; then
  if ! command -v npm >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  echo "setup: installing playwright-core and axe-core into $NPM_WEB"
  mkdir -p "$NPM_WEB"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$NPM_WEB" --no-audit --no-fund --silent playwright-core@1 axe-core@4 >/dev/null
fi
