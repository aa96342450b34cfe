// Controller: protocols from XLSForm workbooks on the New interview screen (central). A chosen
// workbook is first previewed (what would be added, what changed from the version in use, the
// translation's notes, or every problem by sheet, row and column); "Add it" writes the form
// (app/forms_import.h, the same steps as canvass-cli forms import). Field laptops receive
// protocols in update bundles.
#include <set>

#include "app/controller.h"
#include "app/forms_import.h"
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
    iv.error = "Protocols are added on the coordinator's central workspace; they reach this laptop in the next update bundle.";
    return;
  }
  auto read = ReadXlsformFile(c.path);
  if (!read.ok()) { iv.error = read.status().message(); return; }
  if (!read->issues.empty()) {
    iv.refused = true;
    iv.error = "This workbook cannot be imported as it is (" + std::to_string(read->issues.size()) +
               (read->issues.size() == 1 ? " problem" : " problems") + "); nothing was added. Fix these in the workbook:";
    for (const auto& i : read->issues) iv.lines.push_back(i.Text());
    return;
  }
  auto o = AddXlsform(ws_.get(), c.path, *read, c.dry_run);
  if (!o.ok()) { iv.error = o.status().message(); return; }
  const std::string what = "form " + o->id + " version " + std::to_string(o->version) + " (" + std::to_string(o->sections) +
                           " sections, " + std::to_string(o->questions) + " questions)";
  if (o->unchanged) {
    iv.message = "Form " + o->id + " version " + std::to_string(o->version) + " is already here with the same questions; nothing to add.";
  } else if (c.dry_run) {
    iv.can_add = true;
    iv.message = "Would add " + what + (o->previous_version ? ", replacing version " + std::to_string(o->previous_version) +
                                                                  " for new interviews (answers to it stay readable):"
                                                            : ":");
  } else {
    iv.message = "Added " + what + ". New interviews use it; laptops get it in their next update bundle.";
    ReloadForms();  // (AddForm audited it as form.add)
  }
  for (const auto& ch : o->changes) iv.lines.push_back(ch);
  if (o->previous_version && !o->unchanged && o->changes.empty()) iv.lines.push_back("(texts and details only)");
  for (const auto& n : o->notes) iv.lines.push_back("note: " + n);
}

}  // namespace canvass::app
