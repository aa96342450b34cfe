// Controller, Assessment screen's push to the statewide database (docs/rollup.md): the
// central file's signing key (made on first push), the latest released run's aggregates, one
// transaction on the server. Runs on the UI thread, like the exports.
#include "app/controller.h"
#include "app/i18n.h"
#include "app/rollup_push.h"
#include "app/view_assessment.h"
#include "rollup/push.h"

namespace canvass::app {

void Controller::PushRollup(const cmd::AssessRollupPush& c) {
  AssessmentView& v = view_.assessment;
  v.message.clear();
  v.error.clear();
  if (!ws_) return;
  if (c.address.empty()) { v.error = T("msg.assessment.rollup_no_address"); return; }
  bool created = false;
  auto key = SetUpRollup(ws_.get(), &created);
  if (!key.ok()) { v.error = F("msg.assessment.rollup_failed", key.status().message()); return; }
  auto g = LoadRollupAggregates(ws_.get(), "");
  if (!g.ok()) { v.error = F("msg.assessment.rollup_failed", g.status().message()); return; }
  auto db = rollup::PgConnection::Connect(c.address);
  if (!db.ok()) { v.error = F("msg.assessment.rollup_failed", db.status().message()); return; }
  auto r = rollup::Push(db->get(), std::move(*g), c.dry_run);
  if (!r.ok()) { v.error = F("msg.assessment.rollup_failed", r.status().message()); return; }
  if (r->kind == rollup::PushResult::kUnchanged) v.message = F("msg.assessment.rollup_unchanged", r->task_force, r->period);
  else if (c.dry_run) v.message = F("msg.assessment.rollup_dry", r->rows, r->task_force, r->period);
  else if (r->superseded_run.empty()) v.message = F("msg.assessment.rollup_pushed", r->rows, r->task_force, r->period);
  else v.message = F("msg.assessment.rollup_replaced", r->rows, r->task_force, r->period, r->superseded_run);
  if (created) v.message += " " + T("msg.assessment.rollup_key_made");
}

}  // namespace canvass::app
