// Controller, Assessment screen's exports: the report, scores CSV and GeoJSON map of the run
// shown (releases, through the publication ledger), and RESTRICTED Stata/SPSS microdata.
#include "app/controller.h"
#include "app/i18n.h"
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
  if (!assess_) { v.error = T("msg.assessment.run_first"); return; }
  if (c.path.empty()) { v.error = T("msg.assessment.export_path"); return; }
  // A file to share is a release: the publication ledger decides, then keeps it.
  const as::AssessmentResult& r = assess_->result;
  if (Status st = ReleaseGate(ws_.get(), assess_->fingerprints, r.options.suppression_threshold); !st.ok()) {
    v.error = F("msg.assessment.not_exported", st.message());
    return;
  }
  std::string text;
  if (c.geojson) {
    as::ReportMeta meta = assess_->meta;
    if (meta.boundaries_geojson.empty() && v.boundaries) meta.boundaries_geojson = *v.boundaries;
    if (meta.boundaries_name.empty()) meta.boundaries_name = v.boundaries_name;
    auto g = as::RenderGeoJson(r, meta, nullptr);
    if (!g.ok()) { v.error = F("msg.assessment.not_exported", g.status().message()); return; }
    text = std::move(*g);
  } else {
    text = c.csv ? as::RenderScoresCsv(r) : as::RenderHtmlReport(r, assess_->meta);
  }
  const char* what = c.geojson ? "GeoJSON map" : c.csv ? "scores CSV" : "report";  // i18n-ok: stored in the publication ledger
  if (Status st = core::WriteFileAtomic(c.path, text, true); !st.ok()) {
    v.error = F("msg.assessment.not_exported", st.message());
    return;
  }
  if (Status st = RecordRelease(ws_.get(), assess_->meta.run_id, what, assess_->fingerprints, r); !st.ok()) {
    v.error = F("msg.assessment.ledger_failed", st.message());
    return;
  }
  v.message = F(c.geojson ? "msg.assessment.wrote_geojson" : c.csv ? "msg.assessment.wrote_csv" : "msg.assessment.wrote_report",
                v.run_id, c.path);
}

void Controller::ExportMicrodata(const cmd::AssessExportMicrodata& c) {
  AssessmentView& v = view_.assessment;
  if (!c.confirmed) {
    v.error = T("msg.assessment.microdata_unconfirmed");
    return;
  }
  as::StatExportOptions o;
  o.format = c.spss ? as::StatFormat::kSpss : as::StatFormat::kStata;
  o.language = c.language;
  auto done = ExportStatFiles(ws_.get(), o, c.dir);
  if (!done.ok()) { v.error = F("msg.assessment.not_written", done.status().message()); return; }
  v.message = F("msg.assessment.microdata_written", done->interviews, c.dir, done->files.size(), c.spss ? "SPSS" : "Stata");
}

}  // namespace canvass::app
