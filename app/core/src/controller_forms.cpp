// Controller: protocols from XLSForm workbooks on the New interview screen (central). A chosen
// workbook is first previewed (what would be added, what changed from the version in use, the
// translation's notes, or every problem by sheet, row and column); "Add it" writes the form
// (app/forms_import.h, the same steps as canvass-cli forms import). Field laptops receive
// protocols in update bundles.
#include <set>

#include "app/controller.h"
#include "app/forms_import.h"
#include "app/i18n.h"
#include "controller_lists.h"

namespace canvass::app {

std::vector<FormPtr> LatestForms(storage::Workspace* ws) {
  std::vector<FormPtr> out;
  std::set<std::string> seen;
  if (auto rows = ws->ListForms(); rows.ok())
    for (const auto& r : *rows)
      if (seen.insert(r.form_id).second)
        if (auto f = ws->GetForm(r.form_id, 0); f.ok()) out.push_back(std::make_shared<forms::Form>(*f));
  return out;
}

void Controller::ReloadForms() { view_.start.forms = LatestForms(ws_.get()); }

void Controller::ImportForm(const cmd::ImportXlsform& c) {
  FormImportView& iv = view_.start.import;
  iv = FormImportView();
  iv.path = c.path;
  if (!NeedWorkspace()) return;
  if (ws_->info().role != storage::Role::kCentral) {
    iv.error = T("msg.forms.central_only");
    return;
  }
  auto read = ReadXlsformFile(c.path);
  if (!read.ok()) { iv.error = read.status().message(); return; }
  if (!read->issues.empty()) {
    iv.refused = true;
    iv.error = P("msg.forms.refused", static_cast<int64_t>(read->issues.size()));
    for (const auto& i : read->issues) iv.lines.push_back(i.Text());
    return;
  }
  auto o = AddXlsform(ws_.get(), c.path, *read, c.dry_run);
  if (!o.ok()) { iv.error = o.status().message(); return; }
  const std::string version = std::to_string(o->version);
  const std::string what = F("msg.forms.what", o->id, version, P("msg.forms.n_sections", static_cast<int64_t>(o->sections)),
                             P("msg.forms.n_questions", static_cast<int64_t>(o->questions)));
  if (o->unchanged) {
    iv.message = F("msg.forms.unchanged", o->id, version);
  } else if (c.dry_run) {
    iv.can_add = true;
    iv.message = o->previous_version ? F("msg.forms.would_replace", what, std::to_string(o->previous_version))
                                     : F("msg.forms.would_add", what);
  } else {
    iv.message = F("msg.forms.added", what);
    ReloadForms();  // (AddForm audited it as form.add)
  }
  for (const auto& ch : o->changes) iv.lines.push_back(ch);
  if (o->previous_version && !o->unchanged && o->changes.empty()) iv.lines.push_back(T("msg.forms.texts_only"));
  for (const auto& n : o->notes) iv.lines.push_back(F("msg.forms.note", n));
}

}  // namespace canvass::app
