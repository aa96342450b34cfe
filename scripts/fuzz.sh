#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan/UBSan and runs each for SECONDS (default 30)
# from the checked-in seed corpus. Memory limit 200 MB (the kit target 400 MB: a kit may
# legitimately ask Argon2id for 256 MiB). Any crash, leak, UB, timeout or OOM fails.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCANVASS_FUZZ=ON -DCANVASS_BUILD_GUI=OFF -DCANVASS_BUILD_TESTS=OFF -DCANVASS_BUILD_BENCH=OFF >/dev/null || exit 1
blog=$(mktemp)
if ! cmake --build build-fuzz -j"$(nproc)" --target fuzz_bundle fuzz_kit fuzz_records fuzz_import fuzz_xlsx >"$blog" 2>&1; then
  echo "fuzz: the clang build of the fuzz targets failed:"; grep -E "error|FAILED" "$blog" | head -10; rm -f "$blog"; exit 1
fi
rm -f "$blog"
export CANVASS_KDF_PROFILE=test-fast
export ASAN_OPTIONS=quarantine_size_mb=8
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$PWD/tests/fuzz/ubsan.supp
failed=0
for t in bundle kit records import xlsx; do
  rss=200; [ "$t" = kit ] && rss=400
  work=$(mktemp -d)
  cp tests/fuzz/corpus/$t/* "$work/"
  log=$(mktemp)
  build-fuzz/bin/fuzz_$t "$work" -max_total_time="$SECONDS_EACH" -rss_limit_mb=$rss -malloc_limit_mb=$rss -max_len=65536 -timeout=20 -artifact_prefix="$work/" \
    -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  peak=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$')
  if [ $status -ne 0 ]; then
    echo "fuzz_$t: FAILED (exit $status)"; grep -E "ERROR|SUMMARY|runtime error" "$log" | head -5; failed=$((failed+1))
  else
    echo "fuzz_$t: ok, ${runs:-?} inputs in ${SECONDS_EACH}s, peak RSS ${peak:-?} MB"
  fi
  if [ $status -ne 0 ]; then mkdir -p build-fuzz/artifacts; cp "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-* build-fuzz/artifacts/ 2>/dev/null; echo "  artifacts kept in build-fuzz/artifacts/"; fi
  rm -rf "$work" "$log"
done
echo "fuzz: $((5-failed)) passed, $failed failed"
[ $failed -eq 0 ]
