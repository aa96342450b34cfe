// Controller: the conflicts view (answers edited on two devices at once, side by side with
// who wrote each value and when) and their resolution with a required reason.
#include <map>

#include "app/controller.h"
#include "app/i18n.h"
#include "controller_text.h"

namespace canvass::app {

using controller_text::Trim;

namespace {

std::string ShortJson(const core::Value& v) {
  if (v.is_null()) return T("msg.conflicts.cleared");
  return v.is_string() ? v.as_string() : v.ToJson();
}

}  // namespace

void Controller::RefreshConflicts() {
  auto& cv = view_.conflicts;
  cv.items.clear();
  if (view_.busy || !ws_) return;
  auto list = ws_->ListConflicts();
  if (!list.ok()) { cv.error = F("msg.conflicts.list_failed", list.status().message()); return; }
  std::map<std::string, std::string> names;
  if (auto devices = ws_->ListDevices(); devices.ok())
    for (const auto& d : *devices) names[d.device_id] = d.name;
  std::map<std::string, std::shared_ptr<forms::Form>> forms_cache;  // "id@version"
  const std::string lang = settings_.default_language;
  const auto* areas = view_.runner.areas ? view_.runner.areas.get() : nullptr;
  for (const auto& c : *list) {
    ConflictItem item{c.kind, c.subject, c.field, "", "", "", {}};
    std::shared_ptr<forms::Form> form;
    if (c.kind == "answer" || c.kind == "status") {
      if (auto d = ws_->GetInterview(c.subject); d.ok()) {
        item.interview_created = HlcToDisplay(d->header.created_hlc);
        item.interviewer = d->header.interviewer;
        std::string key = d->header.form_id + "@" + std::to_string(d->header.form_version);
        auto it = forms_cache.find(key);
        if (it == forms_cache.end()) {
          auto f = ws_->GetForm(d->header.form_id, d->header.form_version);
          it = forms_cache.emplace(key, f.ok() ? std::make_shared<forms::Form>(std::move(*f)) : nullptr).first;
        }
        form = it->second;
      }
    }
    const forms::Question* q = form && c.kind == "answer" ? form->FindQuestion(c.field) : nullptr;
    std::string what = c.kind == "status" ? T("msg.conflicts.status") : q ? form->Text(q->label, lang) : c.field;
    item.title = (form ? form->Text(form->title, lang) : c.kind) + ": " + what;
    for (const auto& h : c.heads) {
      ConflictSide side;
      side.version_id = h.id.substr(0, 12);
      side.display = q ? DisplayAnswer(*form, q, h.value, lang, areas) : ShortJson(h.value);
      if (side.display.empty()) side.display = T("msg.conflicts.cleared");
      side.author = h.author;
      auto n = names.find(h.device_id);
      side.device = n != names.end() ? n->second : h.device_id.substr(0, 8);
      side.when = HlcToDisplay(h.hlc);
      side.value = h.value;
      item.sides.push_back(std::move(side));
    }
    cv.items.push_back(std::move(item));
  }
}

void Controller::Resolve(const cmd::ResolveConflict& c) {
  auto& cv = view_.conflicts;
  cv.message.clear();
  cv.error.clear();
  std::string reason = Trim(c.reason);
  if (reason.empty()) {
    cv.error = T("msg.conflicts.need_reason");
    return;
  }
  if (!NeedWorkspace()) return;
  std::string title = c.field;
  for (const auto& i : cv.items)
    if (i.kind == c.kind && i.subject == c.subject && i.field == c.field) title = i.title;
  core::Status st = ws_->ResolveConflict(c.kind, c.subject, c.field, c.value, "coordinator", reason);  // i18n-ok: audit entry (the author stored with the choice)
  if (!st.ok()) {
    cv.error = F("msg.conflicts.not_resolved", st.message());
  } else {
    cv.message = F("msg.conflicts.resolved", title, ShortJson(c.value));
    if (c.kind == "answer" || c.kind == "status") RefreshRow(c.subject);
  }
  RefreshConflicts();
}

}  // namespace canvass::app
