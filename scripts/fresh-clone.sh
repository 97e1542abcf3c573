#!/usr/bin/env bash
# The fresh-clone promise: clone this repository's HEAD into an empty temporary folder (nothing
# beside it, so nothing outside the repository can be read), then run the README's Quick start
# commands there — install, main command, tests — in order, failing on the first failure, and print
# how long each took. The main command runs with an empty npm cache and must finish within
# FRESH_CLONE_MAIN_LIMIT_S seconds (default 30) of the install.
#
# Usage: scripts/fresh-clone.sh [ARGS…]   ARGS go to the test command (npm test -- ARGS).
# FRESH_CLONE_KEEP=1 keeps the folder. CI (.ci/run) runs the project's one test run this way.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
LIMIT="${FRESH_CLONE_MAIN_LIMIT_S:-30}"

WORK="$(mktemp -d)"
EMPTY_CACHE="$(mktemp -d)"
MAIN_TMP="$(mktemp -d)" # the main command's temporary files (the demo's workspace), removed at the end
TIMES=()
report() {
  printf '\n==> fresh clone: timings (%s)\n' "$(uname -n), node $(node --version), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  if [ "${#TIMES[@]}" -gt 0 ]; then printf '  %s\n' "${TIMES[@]}"; fi
}
cleanup() {
  report
  if [ "${FRESH_CLONE_KEEP:-0}" = 1 ]; then echo "fresh-clone: kept $WORK"; else rm -rf "$WORK"; fi
  rm -rf "$EMPTY_CACHE" "$MAIN_TMP"
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
step() { # step LABEL COMMAND… : run, time, fail on failure
  local label="$1" t0 t1; shift
  printf '\n==> fresh clone: %s: %s\n' "$label" "$*"
  t0="$(now)"
  "$@" || { TIMES+=("$(printf '%-8s %7s s  %s (FAILED)' "$label" "$(secs "$t0" "$(now)")" "$*")"); return 1; }
  t1="$(now)"
  TIMES+=("$(printf '%-8s %7s s  %s' "$label" "$(secs "$t0" "$t1")" "$*")")
  LAST="$(secs "$t0" "$t1")"
}

t0="$(now)"
git clone --quiet "$REPO" "$WORK/flywheel"
TIMES+=("$(printf '%-8s %7s s  %s' clone "$(secs "$t0" "$(now)")" "git clone (HEAD $(git -C "$REPO" rev-parse --short HEAD))")")
cd "$WORK/flywheel"
if [ "$(ls -A "$WORK")" != flywheel ]; then echo "fresh-clone: $WORK holds more than the clone" >&2; exit 1; fi

# The Quick start's commands, as the README gives them (comments dropped).
mapfile -t STEPS < <(node -e '
  const md = require("fs").readFileSync(process.argv[1], "utf8");
  const block = /```sh\n([\s\S]*?)```/.exec(md.slice(md.indexOf("## Quick start")));
  if (!block) { console.error("fresh-clone: no sh block under ## Quick start in README.md"); process.exit(1); }
  for (const l of block[1].split("\n")) { const c = l.replace(/#.*$/, "").trim(); if (c) console.log(c); }
' README.md)
if [ "${#STEPS[@]}" -lt 3 ]; then echo "fresh-clone: expected install, main and test commands" >&2; exit 1; fi

last=$((${#STEPS[@]} - 1))
for i in "${!STEPS[@]}"; do
  read -r -a cmd <<<"${STEPS[$i]}"
  if [ "$i" = 0 ]; then
    step install "${cmd[@]}"
  elif [ "$i" = "$last" ]; then
    step test "${cmd[@]}" ${1+--} "$@"
  else
    # The main command right after the install, with an empty npm cache: nothing may be fetched,
    # installed or built on its first run.
    step main env npm_config_cache="$EMPTY_CACHE" TMPDIR="$MAIN_TMP" "${cmd[@]}"
    if awk -v s="$LAST" -v l="$LIMIT" 'BEGIN { exit !(s > l) }'; then
      echo "fresh-clone: the main command took $LAST s after the install (limit $LIMIT s)" >&2
      exit 1
    fi
  fi
done
echo "fresh-clone: install, main command and tests passed in a clone with nothing beside it"
