// `export stata` and `export spss`: RESTRICTED interview-level microdata as .dta/.sav files, under
// the rule of `export microdata` (explicit --restricted, RESTRICTED-* names, a warning, an audit
// entry, a README beside the files; identifying questions and free text out unless asked for).
#include <cstdio>

#include "app/microdata_export.h"
#include "assessment/stat_export.h"
#include "commands.h"

namespace canvass::cli {

using core::Status;
using core::Value;
namespace as = assessment;

namespace {

int ExportStat(const Args& a, as::StatFormat format) {
  const char* verb = format == as::StatFormat::kStata ? "export stata" : "export spss";
  if (!a.Has("out")) return UsageFail(std::string(verb) + " needs --out DIR", nullptr);
  if (!a.Has("restricted"))
    return UsageFail(std::string(verb) + " writes one row per interview: restricted data for a partner under a data-use agreement, "
                     "never for publication. Add --restricted to confirm; for shareable tables use export dataset", nullptr);
  const std::string lang = a.Get("lang");
  if (!lang.empty() && lang != "en" && lang != "es") return UsageFail("--lang must be en or es", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  as::StatExportOptions o;
  o.format = format;
  o.language = lang;
  o.include_free_text = a.Has("include-free-text");
  o.include_identifying = a.Has("include-identifying");
  const std::string dir = a.Get("out");
  auto done = app::ExportStatFiles(ws->get(), o, dir);
  if (!done.ok()) return Fail(done.status());
  const bool stata = format == as::StatFormat::kStata;
  std::fprintf(stderr, "canvass-cli: warning: RESTRICTED: %zu interview-level rows written to %s as %s files. Hand them only to a named "
                       "partner under a data-use agreement; never publish them or put them beside the shareable tables.\n",
               done->interviews, dir.c_str(), stata ? "Stata" : "SPSS");
  if (a.Has("json")) {
    Value::Array names;
    for (const auto& f : done->files) names.push_back(Value(f.file_name));
    PrintJson(Value(Value::Object{{"dir", dir}, {"files", Value(std::move(names))},
                                  {"interviews", Value(static_cast<int64_t>(done->interviews))}, {"restricted", true}}));
  } else {
    for (const auto& f : done->files)
      std::printf("  %s (%lld rows, %zu variables)\n", f.file_name.c_str(), static_cast<long long>(f.rows), f.variables.size());
    std::printf("  RESTRICTED-README.txt\n  RESTRICTED-codebook.csv\n");
  }
  return kExitOk;
}

}  // namespace

void RegisterStatExportCommands(std::vector<Command>* out) {
  const std::string help =
      "RESTRICTED: one file per form (and per repeat group, keyed by row) of final interviews, with variable labels\n"
      "(question text), value labels (choices), one 0/1 variable per choice of a multiple choice, dates to the month,\n"
      "and why a value is missing kept apart (skipped by logic, left empty, don't know, refused, withheld). Identifying\n"
      "questions and free text are left out unless asked for; counts 1 to threshold-1 are withheld. For a named partner\n"
      "under a data-use agreement; never published and never written with the shareable tables (export dataset).\n"
      "A RESTRICTED-README.txt and RESTRICTED-codebook.csv are written beside the files.";
  const std::set<std::string> flags = {"json", "restricted", "include-free-text", "include-identifying"};
  out->push_back({{"export stata", "export stata FILE --out DIR --restricted [--lang en|es] [--include-free-text] [--include-identifying] [--json]",
                   "Writes Stata .dta files (version 14 and later; missing: .a .b .c .d .w).\n" + help, 1, 1,
                   WithPass({"out", "lang"}), flags},
                  [](const Args& a) { return ExportStat(a, as::StatFormat::kStata); }});
  out->push_back({{"export spss", "export spss FILE --out DIR --restricted [--lang en|es] [--include-free-text] [--include-identifying] [--json]",
                   "Writes SPSS .sav files (missing: user-missing codes -97 -98 -99 -96 -95).\n" + help, 1, 1,
                   WithPass({"out", "lang"}), flags},
                  [](const Args& a) { return ExportStat(a, as::StatFormat::kSpss); }});
}

}  // namespace canvass::cli
