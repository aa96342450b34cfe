// Draft labels on Home: role and organisation type in plain words, the area's name, the
// interviewer, when started and last edited, % complete and required answers missing - never
// a name or an identifying answer. Cached per draft until it changes (SetAnswer, Lock clear it).
#include <algorithm>

#include "app/controller.h"

namespace canvass::app {

namespace {

std::string AreaName(const AreaList& areas, const std::string& ids) {
  const std::string first = ids.substr(0, ids.find(','));
  if (first.empty()) return "";
  if (areas)
    for (const auto& a : *areas)
      if (a.id == first) return a.name + (ids.size() > first.size() ? " (+)" : "");
  return first;
}

}  // namespace

DraftItem Controller::LabelDraft(const InterviewRow& row) {
  auto cached = draft_labels_.find(row.uuid);
  if (cached != draft_labels_.end() && cached->second.updated_hlc == row.updated_hlc &&
      cached->second.answered == row.answered)
    return cached->second;
  DraftItem d;
  d.uuid = row.uuid;
  d.form_title = row.form_title;
  d.created = row.created;
  d.created_hlc = row.created_hlc;
  d.updated_hlc = row.updated_hlc;
  d.updated = HlcToDisplay(row.updated_hlc);
  if (d.updated.empty()) d.updated = d.created;
  d.answered = row.answered;
  d.role = RoleName(row.role);
  d.interviewer = row.interviewer;
  d.area = AreaName(view_.runner.areas, row.areas);
  auto in = ws_ ? ws_->GetInterview(row.uuid) : core::Result<storage::InterviewDetail>(core::Status::NotFound("locked"));
  if (in.ok()) {
    auto form = ws_->GetForm(in->header.form_id, in->header.form_version);
    if (form.ok()) {
      RunnerView v;
      v.form = std::make_shared<forms::Form>(std::move(*form));
      v.language = settings_.default_language;
      for (const auto& [q, cell] : in->answers)
        if (!cell.heads.empty() && !cell.conflict() && !cell.heads[0].value.is_null()) v.answers[q] = cell.heads[0].value;
      RecomputeRunner(&v, [this](const std::string& id) { return AreaExists(id); });
      d.percent = v.answerable ? std::clamp(v.answered * 100 / v.answerable, 0, 100) : 0;
      d.required_missing = RequiredMissing(v);
      const forms::Question* q = v.form->FindQuestion("org_type");
      auto a = v.answers.find("org_type");
      if (q && !q->identifying && a != v.answers.end())
        d.org_type = DisplayAnswer(*v.form, q, a->second, v.language, view_.runner.areas.get());
    }
  }
  draft_labels_[row.uuid] = d;
  return d;
}

}  // namespace canvass::app
