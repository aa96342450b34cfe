#!/usr/bin/env bash
# Checks that every module includes headers only of its own module and of modules on lower
# floors (STYLE.md "The house", docs/architecture.md "Modules"): a change to a module can then
# never recompile, or be reached from, the modules below it.
#
# The floors, lowest first (a module may include its own headers and those of lower floors;
# never a module on its own floor or above):
#   0  core
#   1  tabular             (the xlsx reader and writer; the only module that includes
#                          <expat.h> or <xlsxwriter.h>)
#   2  forms, coding
#   3  assessment's plain domain types: area.h, observation.h, scoring_profile.h,
#      interview_facts.h, snapshot.h (values with no behaviour beyond reading and writing themselves)
#   4  storage             (the only module that includes <sqlite3.h>)
#   5  sync; assessment's scoring, reports, importers and the rest of assessment
#   6  rollup              (the statewide view; the only module that includes <libpq-fe.h>)
#   7  app_core            (app/core)
#   8  gui (app/gui, the only module that includes ImGui/GLFW), cli (app/cli)
# Tests, benchmarks and fuzz targets are not checked (they may reach anything).
#
# Usage: scripts/check-layering.sh [--self-test]
# Exit 0: no include outside the rule except those in KNOWN below. Exit 1: a new violation, or
# a KNOWN one that is gone (delete its line). --self-test runs the check on small made-up trees.
set -euo pipefail

# Known violations of the rule, one "file -> included header" per line. Empty since issue 16
# moved the types storage keeps (ImportResult, AssessmentInput, GeoJsonFeatureId) into the
# plain-type headers. Do not add to this list: fix the include instead.
KNOWN=(
)
TYPES='area|observation|scoring_profile|interview_facts|snapshot'

# Prints one line per violation under ROOT: "file -> header|file:line: what is wrong".
check_tree() {
  local root=$1
  (cd "$root" && find core tabular forms coding assessment storage sync rollup app/core app/gui app/cli \
      \( -name '*.h' -o -name '*.cpp' \) -type f 2>/dev/null | LC_ALL=C sort |
   xargs -r awk -v types="^($TYPES)$" '
    function floor_of(m) {
      if (m == "core") return 0; if (m == "tabular") return 1; if (m == "forms" || m == "coding") return 2
      if (m == "assessment-types") return 3; if (m == "storage") return 4
      if (m == "sync" || m == "assessment") return 5; if (m == "rollup") return 6; if (m == "app_core") return 7
      if (m == "gui" || m == "cli") return 8; return 99
    }
    function base(p,   b) { b = p; sub(/.*\//, "", b); sub(/\.[^.]*$/, "", b); return b }
    function part(p) { return base(p) ~ types ? "assessment-types" : "assessment" }
    function module_of_file(f) {
      if (f ~ /^core\//) return "core"; if (f ~ /^tabular\//) return "tabular"; if (f ~ /^forms\//) return "forms"; if (f ~ /^coding\//) return "coding"
      if (f ~ /^assessment\//) return part(f); if (f ~ /^storage\//) return "storage"; if (f ~ /^sync\//) return "sync"; if (f ~ /^rollup\//) return "rollup"
      if (f ~ /^app\/core\//) return "app_core"; if (f ~ /^app\/gui\//) return "gui"; if (f ~ /^app\/cli\//) return "cli"
      return "other"
    }
    function module_of_include(i) {  # "" = a local header of the same module
      if (i ~ /^core\//) return "core"; if (i ~ /^tabular\//) return "tabular"; if (i ~ /^forms\//) return "forms"; if (i ~ /^coding\//) return "coding"
      if (i ~ /^assessment\//) return part(i); if (i ~ /^storage\//) return "storage"; if (i ~ /^sync\//) return "sync"; if (i ~ /^rollup\//) return "rollup"
      if (i ~ /^app\//) return "app_core"; return ""
    }
    FNR == 1 { mod = module_of_file(FILENAME); fl = floor_of(mod) }
    /^[ \t]*#[ \t]*include[ \t]*"/ {
      inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
      t = module_of_include(inc)
      if (t == "" || t == mod) next
      tf = floor_of(t)
      if (tf >= fl) printf "%s -> %s|%s:%d: %s (floor %d) includes %s of %s (floor %d)\n", FILENAME, inc, FILENAME, FNR, mod, fl, inc, t, tf
      next
    }
    /^[ \t]*#[ \t]*include[ \t]*</ {
      inc = $0; sub(/^[^<]*</, "", inc); sub(/>.*/, "", inc)
      if (inc == "sqlite3.h" && mod != "storage")
        printf "%s -> <%s>|%s:%d: %s includes <%s>; only storage may use SQLite\n", FILENAME, inc, FILENAME, FNR, mod, inc
      else if (inc == "libpq-fe.h" && mod != "rollup")
        printf "%s -> <%s>|%s:%d: %s includes <%s>; only rollup may use libpq\n", FILENAME, inc, FILENAME, FNR, mod, inc
      else if ((inc == "expat.h" || inc == "xlsxwriter.h") && mod != "tabular")
        printf "%s -> <%s>|%s:%d: %s includes <%s>; only tabular may read or write xlsx\n", FILENAME, inc, FILENAME, FNR, mod, inc
      else if (inc ~ /^(imgui|GLFW\/|backends\/)/ && mod != "gui")
        printf "%s -> <%s>|%s:%d: %s includes <%s>; only the GUI may use ImGui/GLFW\n", FILENAME, inc, FILENAME, FNR, mod, inc
    }')
}

# Compares the violations found with the known list; prints the verdict.
judge() {
  local found=$1; shift
  local known=("$@") status=0 key
  declare -A is_known=() seen=()
  for key in "${known[@]}"; do is_known["$key"]=1; done
  while IFS='|' read -r key msg; do
    [ -z "$key" ] && continue
    seen["$key"]=1
    if [ -z "${is_known[$key]:-}" ]; then
      echo "check-layering: $msg"
      status=1
    fi
  done <<<"$found"
  for key in "${known[@]}"; do
    if [ -z "${seen[$key]:-}" ]; then
      echo "check-layering: \"$key\" is in the known list but no longer happens: delete its line in $0"
      status=1
    fi
  done
  if [ $status -ne 0 ]; then
    echo "check-layering: a module may include only its own headers and those of lower floors (see the top of $0)"
  fi
  return $status
}

self_test() {
  local t fails=0
  t=$(mktemp -d); trap 'rm -rf "$t"' RETURN
  mkdir -p "$t/core/src" "$t/tabular/src" "$t/storage/src" "$t/assessment/src" "$t/sync/src" "$t/forms/src" "$t/coding/src" \
    "$t/app/core/src" "$t/app/gui" "$t/app/cli"
  printf '#include "core/status.h"\n#include "assessment/area.h"\n#include "db.h"\n#include <sqlite3.h>\n' > "$t/storage/src/ok.cpp"
  printf '#include "storage/workspace.h"\n#include "assessment/observation.h"\n' > "$t/sync/src/ok.cpp"
  printf '#include "app/controller.h"\n#include <imgui.h>\n' > "$t/app/gui/panel_ok.cpp"
  printf '#include "core/status.h"\n#include <expat.h>\n' > "$t/tabular/src/ok.cpp"
  printf '#include "tabular/xlsx_reader.h"\n' > "$t/forms/src/ok.cpp"
  judge "$(check_tree "$t")" >/dev/null || { echo "self-test: an allowed tree was refused"; fails=1; }
  local cases=(
    "core/src/up.cpp|#include \"storage/workspace.h\"|core (floor 0) includes storage/workspace.h"
    "forms/src/side.cpp|#include \"coding/codebook.h\"|forms (floor 2) includes coding/codebook.h"
    "tabular/src/up.cpp|#include \"forms/form.h\"|tabular (floor 1) includes forms/form.h"
    "coding/src/xml.cpp|#include <expat.h>|only tabular may read or write xlsx"
    "storage/src/rep.cpp|#include \"assessment/report.h\"|storage (floor 4) includes assessment/report.h"
    "assessment/src/area.cpp|#include \"assessment/scoring.h\"|assessment-types (floor 3) includes assessment/scoring.h"
    "sync/src/db.cpp|#include <sqlite3.h>|only storage may use SQLite"
    "app/core/src/ui.cpp|#include <imgui.h>|only the GUI may use ImGui"
  )
  local c file text want out
  for c in "${cases[@]}"; do
    IFS='|' read -r file text want <<<"$c"
    printf '%s\n' "$text" > "$t/$file"
    if out=$(judge "$(check_tree "$t")"); then
      echo "self-test: $file with '$text' was not refused"; fails=1
    elif ! grep -qF "$want" <<<"$out"; then
      echo "self-test: $file: expected '$want', got: $out"; fails=1
    fi
    rm "$t/$file"
  done
  if judge "$(check_tree "$t")" "storage/src/gone.cpp -> assessment/report.h" >/dev/null; then
    echo "self-test: a stale known entry was not reported"; fails=1
  fi
  [ $fails -eq 0 ] && echo "check-layering self-test: ok (${#cases[@]} violations caught, a stale entry caught)"
  return $fails
}

cd "$(dirname "$0")/.."
if [ "${1:-}" = "--self-test" ]; then self_test; exit $?; fi
found=$(check_tree .)
judge "$found" "${KNOWN[@]}"
echo "check-layering: ok ($(find core tabular forms coding assessment storage sync rollup app/core app/gui app/cli \( -name '*.h' -o -name '*.cpp' \) | wc -l) files; ${#KNOWN[@]} known violations)"
