#!/bin/sh
# Issue 19's figures in one run (docs/performance.md): bundle import + merge at 10,000 and
# 50,000 interviews x 40 answers with peak RSS and the ratio to a bare SQLCipher insert tuned
# like a workspace, verify/decrypt/parse alone; generic CSV import at 250,000 and 1,000,000 rows
# with peak RSS and the ratio to sqlcipher/sqlite3 .import of the same file; canvass-cli assess
# end to end including the unlock. Usage: bench/limits.sh BUILD_DIR [SMALL LARGE]
set -e
B=${1:-build}/bin
SMALL=${2:-10000}
LARGE=${3:-50000}
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "== bundle import, $SMALL interviews"
"$B/bench_sync_import" "$SMALL"
echo "== bundle import, $LARGE interviews (without the untuned baseline, the slowest step at this size)"
CANVASS_BENCH_SKIP_DEFAULTS=1 "$B/bench_sync_import" "$LARGE"
echo "== CSV import"
"$B/bench_csv_import"
echo "== assess from a workspace with the real key derivation (canvass-cli assess includes the unlock)"
"$B/bench_assess_workspace" --real-key --cli-runs 5
