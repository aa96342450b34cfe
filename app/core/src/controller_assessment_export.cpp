// Controller, Assessment screen's exports: the report, scores CSV and GeoJSON map of the run
// shown (releases, through the publication ledger), and RESTRICTED Stata/SPSS microdata.
#include "app/controller.h"
#include "app/microdata_export.h"
#include "app/view_assessment.h"
#include "assess_state.h"
#include "assessment/report.h"
#include "core/file_util.h"

namespace canvass::app {

using core::Status;
namespace as = assessment;

void Controller::ExportAssessment(const cmd::AssessExport& c) {
  AssessmentView& v = view_.assessment;
  if (!assess_) { v.error = "Run the assessment first, then export it."; return; }
  if (c.path.empty()) { v.error = "Type the file path to export to."; return; }
  // A file to share is a release: the publication ledger decides, then keeps it.
  const as::AssessmentResult& r = assess_->result;
  if (Status st = ReleaseGate(ws_.get(), assess_->fingerprints, r.options.suppression_threshold); !st.ok()) {
    v.error = "Not exported: " + st.message();
    return;
  }
  std::string text;
  if (c.geojson) {
    as::ReportMeta meta = assess_->meta;
    if (meta.boundaries_geojson.empty() && v.boundaries) meta.boundaries_geojson = *v.boundaries;
    if (meta.boundaries_name.empty()) meta.boundaries_name = v.boundaries_name;
    auto g = as::RenderGeoJson(r, meta, nullptr);
    if (!g.ok()) { v.error = "Not exported: " + g.status().message(); return; }
    text = std::move(*g);
  } else {
    text = c.csv ? as::RenderScoresCsv(r) : as::RenderHtmlReport(r, assess_->meta);
  }
  const char* what = c.geojson ? "GeoJSON map" : c.csv ? "scores CSV" : "report";
  if (Status st = core::WriteFileAtomic(c.path, text, true); !st.ok()) { v.error = "Not exported: " + st.message(); return; }
  if (Status st = RecordRelease(ws_.get(), assess_->meta.run_id, what, assess_->fingerprints, r); !st.ok()) {
    v.error = "Exported, but the publication ledger could not record it: " + st.message();
    return;
  }
  v.message = std::string(c.geojson ? "GeoJSON map" : c.csv ? "Scores CSV" : "Report") + " of " + v.run_id + " written to " + c.path + ".";
}

void Controller::ExportMicrodata(const cmd::AssessExportMicrodata& c) {
  AssessmentView& v = view_.assessment;
  if (!c.confirmed) {
    v.error = "Not written: these files hold one row per interview. Tick that they are for a named partner under a data-use "
              "agreement first.";
    return;
  }
  as::StatExportOptions o;
  o.format = c.spss ? as::StatFormat::kSpss : as::StatFormat::kStata;
  o.language = c.language;
  auto done = ExportStatFiles(ws_.get(), o, c.dir);
  if (!done.ok()) { v.error = "Not written: " + done.status().message(); return; }
  v.message = "RESTRICTED: " + std::to_string(done->interviews) + " interview rows written to " + c.dir + " as " +
              std::to_string(done->files.size()) + (c.spss ? " SPSS" : " Stata") +
              " files, with RESTRICTED-README.txt. Hand them only to the named partner; never publish them.";
}

}  // namespace canvass::app
