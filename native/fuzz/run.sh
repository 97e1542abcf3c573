#!/usr/bin/env bash
# Coverage-guided fuzzing of the direct Parquet decoder (native/fuzz/parquet_fuzz.c) with libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer (clang: Debian's `clang` package has libFuzzer).
#   npm run fuzz:parquet -- --minutes 30      (default 2; CI runs 2)
# Seeds: the kept corpus (native/fuzz/corpus: every input a run has found), the damaged reproducers
# and a freshly generated valid corpus. What a run finds lands in .tmp/fuzz/found and fails the run:
# fix it, then add the input to native/fuzz/corpus (and, for a whole-file case, the damaged corpus).
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=2
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    *) echo "usage: $0 [--minutes N]" >&2; exit 64 ;;
  esac
done
WORK=.tmp/fuzz
mkdir -p "$WORK/found" "$WORK/run"
NODE_INCLUDE="$(node -p 'require("path").resolve(process.execPath, "../../include/node")')"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$NODE_INCLUDE" -Inative \
  native/fuzz/parquet_fuzz.c -o "$WORK/parquet_fuzz" -ldl -lpthread -lz
node --import tsx src/data/fixtures/parquet-corpus/generate.ts "$WORK/seeds" >/dev/null
cp native/fuzz/corpus/* src/data/fixtures/parquet-corpus/damaged/*.parquet "$WORK/seeds/valid/"* "$WORK/run/"
set +e
"$WORK/parquet_fuzz" -max_total_time=$((MINUTES * 60)) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$WORK/found/" -print_final_stats=1 "$WORK/run" 2>&1 | tee "$WORK/last.log" | grep -E '^#[0-9]+.*(pulse|DONE)|ERROR|SUMMARY|stat::'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then echo "fuzz:parquet found a problem: see $WORK/last.log and $WORK/found" >&2; exit 1; fi
