#!/usr/bin/env bash
# llama.sh — fetch and build the pinned llama.cpp, cached outside the work tree.
#
# The pinned source is the git bundle inside the npm package node-llama-cpp
# (the only registry here that carries llama.cpp). Builds are keyed by the
# package version and tag, so a machine that built once rebuilds nothing.
#
#   WARD_LLAMA_CACHE  cache root           (default ~/.cache/ward)
#   WARD_CUDA=1       build with CUDA      (GPU hosts; needs nvcc)
#   WARD_LLAMA_TOOLS=0  skip llama-server / llama-bench (library only)
# Prints nothing on a warm cache; writes $CACHE/llama-current -> the prefix.
set -euo pipefail
NPM_PKG="node-llama-cpp@3.22.1"
CACHE="${WARD_LLAMA_CACHE:-$HOME/.cache/ward}"
mkdir -p "$CACHE/npm"

tgz="$CACHE/npm/node-llama-cpp-3.22.1.tgz"
if [ ! -f "$tgz" ]; then
  echo "llama.sh: fetching $NPM_PKG"
  (cd "$CACHE/npm" && npm pack --silent "$NPM_PKG" >/dev/null)
fi
if [ ! -f "$CACHE/npm/package/llama/gitRelease.bundle" ]; then
  tar -xzf "$tgz" -C "$CACHE/npm" package/llama/llama.cpp.info.json package/llama/gitRelease.bundle
fi
tag=$(sed -n 's/.*"tag": *"\([^"]*\)".*/\1/p' "$CACHE/npm/package/llama/llama.cpp.info.json")
flavor=cpu; [ "${WARD_CUDA:-0}" = "1" ] && flavor=cuda
key="llama-$tag-$flavor"
src="$CACHE/$key/src" bld="$CACHE/$key/build"

if [ ! -f "$src/CMakeLists.txt" ]; then
  rm -rf "$src"; mkdir -p "$CACHE/$key"
  git clone -q "$CACHE/npm/package/llama/gitRelease.bundle" "$src" 2>/dev/null
fi

targets="llama ggml common"
[ "${WARD_LLAMA_TOOLS:-1}" = "1" ] && targets="$targets llama-server llama-bench"
stamp="$bld/.built-$(echo $targets | tr ' ' '-')"
if [ ! -f "$stamp" ]; then
  echo "llama.sh: building llama.cpp $tag ($flavor: $targets); a cold build takes ~8 minutes"
  cuda=OFF; [ "$flavor" = cuda ] && cuda=ON
  cmake -S "$src" -B "$bld" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF \
    -DGGML_NATIVE=ON -DGGML_OPENMP=ON -DGGML_CUDA=$cuda \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON >"$CACHE/$key/cmake.log" 2>&1 \
    || { echo "llama.sh: cmake failed, see $CACHE/$key/cmake.log" >&2; exit 1; }
  cmake --build "$bld" -j"$(nproc)" --target $targets >"$CACHE/$key/build.log" 2>&1 \
    || { echo "llama.sh: build failed, see $CACHE/$key/build.log" >&2; exit 1; }
  touch "$stamp"
fi
ln -sfn "$CACHE/$key" "$CACHE/llama-current"
