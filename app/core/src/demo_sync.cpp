// Sync demo data: enrolled laptops, imported and waiting bundles, one conflict (demo_sync.h).
#include "app/demo_sync.h"

#include <sys/stat.h>

#include "app/demo.h"
#include "app/view_sync.h"
#include "core/file_util.h"
#include "sync/sync.h"

namespace canvass::app {

using core::Status;
using core::Value;

namespace {

// The first string answer of an open-text question in a draft field interview.
Status FindTextAnswer(storage::Workspace* ws, std::string* uuid, std::string* question) {
  CANVASS_ASSIGN_OR_RETURN(auto list, ws->ListInterviews());
  for (const auto& s : list) {
    if (s.status != "draft") continue;
    CANVASS_ASSIGN_OR_RETURN(auto d, ws->GetInterview(s.header.uuid));
    CANVASS_ASSIGN_OR_RETURN(auto form, ws->GetForm(d.header.form_id, d.header.form_version));
    for (const auto& [q, cell] : d.answers) {
      const forms::Question* fq = form.FindQuestion(q);
      if (fq && fq->is_open_text() && !fq->identifying && form.SectionOf(q) && !cell.conflict() && cell.heads[0].value.is_string()) {
        *uuid = s.header.uuid;
        *question = q;
        return Status::Ok();
      }
    }
  }
  return Status::NotFound("the demo laptop has no text answer to edit");
}

}  // namespace

Status BuildSyncDemo(const std::string& dir) {
  const std::string usb = dir + "/usb";
  if (core::FileExists(usb)) return Status::Ok();
  CANVASS_ASSIGN_OR_RETURN(auto central, storage::Workspace::Open(dir + "/demo.canvass", kDemoPassphrase));
  if (::mkdir(usb.c_str(), 0700) != 0) return Status::IOError("cannot create " + usb);
  CANVASS_ASSIGN_OR_RETURN(auto ana, sync::EnrollDevice(central.get(), "Laptop Ana", usb + "/laptop-ana.cvkit"));
  CANVASS_ASSIGN_OR_RETURN(auto bo, sync::EnrollDevice(central.get(), "Laptop Bo", usb + "/laptop-bo.cvkit"));
  (void)bo;
  CANVASS_ASSIGN_OR_RETURN(auto field, sync::JoinWithKit(dir + "/laptop-ana.canvass", kDemoPassphrase, usb + "/laptop-ana.cvkit", ana.code));
  int added = 0;
  CANVASS_RETURN_IF_ERROR(AddSyntheticInterviews(field.get(), 8, 7u, &added));
  const int64_t now = field->clock()->NowMillis();
  const std::string first = NewBundlePath(dir, "Laptop-Ana", now);  // imported already: kept out of usb/
  CANVASS_RETURN_IF_ERROR(sync::ExportBundle(field.get(), first, false).status());
  CANVASS_RETURN_IF_ERROR(sync::ImportBundle(central.get(), first).status());
  std::string uuid, question;
  CANVASS_RETURN_IF_ERROR(FindTextAnswer(field.get(), &uuid, &question));
  CANVASS_RETURN_IF_ERROR(field->SetAnswer(uuid, question, Value("Crew leader keeps the workers' passports in his truck."), "Ana"));
  CANVASS_RETURN_IF_ERROR(central->SetAnswer(uuid, question, Value("Crew leader holds passports (per outreach worker)."), "Coordinator"));
  return sync::ExportBundle(field.get(), NewBundlePath(usb, "Laptop-Ana", now + 60000), false).status();
}

}  // namespace canvass::app
