// `export stata` and `export spss`: RESTRICTED interview-level microdata as .dta/.sav files, under
// the rule of `export microdata` (explicit --restricted, RESTRICTED-* names, a warning, an audit
// entry, a README beside the files; identifying questions and free text out unless asked for).
#include <cstdio>
#include <map>

#include "assessment/stat_export.h"
#include "commands.h"
#include "core/file_util.h"
#include "storage/indicator_store.h"

namespace canvass::cli {

using core::Status;
using core::Value;
namespace as = assessment;

namespace {

// A private file written atomically; the names committed so far, to undo a failed export.
class FileOutput : public as::StatOutput {
 public:
  FileOutput(std::string path, std::vector<std::string>* done) : path_(std::move(path)), done_(done) {}
  Status Open() { return w_.Open(path_, true); }
  Status Write(std::string_view bytes) override { return w_.Write(bytes); }
  Status Finish() override {
    CANVASS_RETURN_IF_ERROR(w_.Commit());
    done_->push_back(path_);
    return Status::Ok();
  }

 private:
  std::string path_;
  std::vector<std::string>* done_;
  core::AtomicFileWriter w_;
};

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
  storage::IndicatorStore store(ws->get());
  auto threshold = store.SuppressionThreshold();
  if (!threshold.ok()) return Fail(threshold.status());
  auto finals = store.LoadFinalInterviews();
  if (!finals.ok()) return Fail(finals.status());
  std::map<std::pair<std::string, int>, forms::Form> forms;
  std::vector<as::DatasetInterview> rows;
  for (auto& f : *finals) {
    auto key = std::make_pair(f.form_id, f.form_version);
    if (!forms.count(key)) {
      auto form = (*ws)->GetForm(f.form_id, f.form_version);
      if (!form.ok()) return Fail(form.status());
      forms[key] = std::move(*form);
    }
    rows.push_back({&forms[key], f.role, f.language, std::move(f.answers)});
  }
  if (rows.empty()) return Fail(Status::NotFound("no final interviews in this workspace yet; nothing was written"));
  as::StatExportOptions o;
  o.format = format;
  o.language = lang;
  o.threshold = *threshold;
  o.include_free_text = a.Has("include-free-text");
  o.include_identifying = a.Has("include-identifying");
  const std::string dir = a.Get("out");
  if (auto st = KeepApartFromShareable(dir, true); !st.ok()) return Fail(st);
  if (auto st = core::MakePrivateDirs(dir); !st.ok()) return Fail(st);
  std::vector<std::string> written;
  auto open = [&](const std::string& name) -> core::Result<std::unique_ptr<as::StatOutput>> {
    auto out = std::make_unique<FileOutput>(dir + "/" + name, &written);
    CANVASS_RETURN_IF_ERROR(out->Open());
    return std::unique_ptr<as::StatOutput>(std::move(out));
  };
  auto files = as::WriteStatFiles(rows, o, open);
  Status st = files.ok() ? core::WriteFileAtomic(dir + "/RESTRICTED-README.txt", as::StatReadme(*files, o), true) : files.status();
  if (st.ok()) st = core::WriteFileAtomic(dir + "/RESTRICTED-codebook.csv", as::StatCodebook(*files), true);
  if (!st.ok()) {
    for (const auto& p : written) std::remove(p.c_str());  // all or nothing
    return Fail(st);
  }
  const std::string what = std::string(verb).substr(7);
  if (auto s = (*ws)->AppendAudit("export." + what, std::to_string(rows.size()) + " interview rows, restricted" +
                                                        (o.include_free_text ? ", with free text" : "") +
                                                        (o.include_identifying ? ", with identifying answers" : ""));
      !s.ok())
    return Fail(s);
  std::fprintf(stderr, "canvass-cli: warning: RESTRICTED: %zu interview-level rows written to %s as %s files. Hand them only to a named "
                       "partner under a data-use agreement; never publish them or put them beside the shareable tables.\n",
               rows.size(), dir.c_str(), what == "stata" ? "Stata" : "SPSS");
  if (a.Has("json")) {
    Value::Array names;
    for (const auto& f : *files) names.push_back(Value(f.file_name));
    PrintJson(Value(Value::Object{{"dir", dir}, {"files", Value(std::move(names))}, {"interviews", Value(static_cast<int64_t>(rows.size()))},
                                  {"restricted", true}}));
  } else {
    for (const auto& f : *files) std::printf("  %s (%lld rows, %zu variables)\n", f.file_name.c_str(), static_cast<long long>(f.rows), f.variables.size());
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
