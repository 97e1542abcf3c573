#!/usr/bin/env bash
# Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer into .tmp/native-asan (the
# normal build in native/build stays as it is) and prints how to load it under node:
#   eval "$(native/fuzz/asan-build.sh)"; npx vitest run src/data/parquet/differential.test.ts
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.tmp/native-asan
rm -rf "$OUT" && mkdir -p "$OUT"
cp -r native/*.c native/*.h native/binding.gyp native/parquet "$OUT"/
NODEDIR="$(node -p 'require("path").resolve(process.execPath, "../..")')"
GYP="$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$GYP" ] || GYP=/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
CFLAGS="$SAN" LDFLAGS="$SAN" node "$GYP" rebuild --directory "$OUT" --nodedir="$NODEDIR" >&2
echo "export FLYWHEEL_NATIVE_ADDON=$(pwd)/$OUT/build/Release/flywheel_native.node"
echo "export LD_PRELOAD=$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so)"
echo "export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"
