// ExportStatFiles and KeepApartFromShareable (app/microdata_export.h).
#include "app/microdata_export.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "core/file_util.h"
#include "storage/indicator_store.h"

namespace canvass::app {

using core::Status;
namespace as = assessment;

Status KeepApartFromShareable(const std::string& dir, bool restricted) {
  static const std::set<std::string> kShareable = {"areas.csv", "caseload.csv", "protocols.csv", "dictionary.csv"};
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool hit = restricted ? kShareable.count(name) > 0 : name.rfind("RESTRICTED-", 0) == 0;
    if (!hit) continue;
    return restricted ? Status::InvalidArgument(dir + " holds the shareable tables (" + name +
                                                "): restricted microdata never go beside them; choose another folder")
                      : Status::InvalidArgument(dir + " holds restricted microdata (" + name +
                                                "): shareable tables never go beside them; choose another folder");
  }
  return Status::Ok();
}

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

}  // namespace

core::Result<StatExportDone> ExportStatFiles(storage::Workspace* ws, as::StatExportOptions o, const std::string& dir) {
  if (dir.empty()) return Status::InvalidArgument("choose the folder to write the files to");
  CANVASS_RETURN_IF_ERROR(KeepApartFromShareable(dir, true));
  storage::IndicatorStore store(ws);
  CANVASS_ASSIGN_OR_RETURN(o.threshold, store.SuppressionThreshold());
  CANVASS_ASSIGN_OR_RETURN(auto finals, store.LoadFinalInterviews());
  std::map<std::pair<std::string, int>, forms::Form> forms;
  std::vector<as::DatasetInterview> rows;
  for (auto& f : finals) {
    auto key = std::make_pair(f.form_id, f.form_version);
    if (!forms.count(key)) {
      CANVASS_ASSIGN_OR_RETURN(forms[key], ws->GetForm(f.form_id, f.form_version));
    }
    rows.push_back({&forms[key], f.role, f.language, std::move(f.answers)});
  }
  if (rows.empty()) return Status::NotFound("no final interviews in this workspace yet; nothing was written");
  CANVASS_RETURN_IF_ERROR(core::MakePrivateDirs(dir));
  std::vector<std::string> written;
  auto open = [&](const std::string& name) -> core::Result<std::unique_ptr<as::StatOutput>> {
    auto out = std::make_unique<FileOutput>(dir + "/" + name, &written);
    CANVASS_RETURN_IF_ERROR(out->Open());
    return std::unique_ptr<as::StatOutput>(std::move(out));
  };
  auto files = as::WriteStatFiles(rows, o, open);
  Status st = files.status();
  bool readme = false, codebook = false;
  if (st.ok()) st = core::WriteFileAtomic(dir + "/RESTRICTED-README.txt", as::StatReadme(*files, o), true);
  if (st.ok()) readme = true, st = core::WriteFileAtomic(dir + "/RESTRICTED-codebook.csv", as::StatCodebook(*files), true);
  if (st.ok()) codebook = true;
  const std::string what = o.format == as::StatFormat::kStata ? "stata" : "spss";
  if (st.ok())
    st = ws->AppendAudit("export." + what, std::to_string(rows.size()) + " interview rows, restricted" +
                                               (o.include_free_text ? ", with free text" : "") +
                                               (o.include_identifying ? ", with identifying answers" : ""));
  if (!st.ok()) {  // all or nothing
    for (const auto& p : written) std::remove(p.c_str());
    if (readme) std::remove((dir + "/RESTRICTED-README.txt").c_str());
    if (codebook) std::remove((dir + "/RESTRICTED-codebook.csv").c_str());
    return st;
  }
  return StatExportDone{std::move(*files), rows.size()};
}

}  // namespace canvass::app
