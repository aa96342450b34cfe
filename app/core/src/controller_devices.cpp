// Controller: the Devices screen (central). Enroll a laptop (the kit written on the worker that
// owns the workspace meanwhile; the one-time code shown once, then wiped) and revoke one.
#include <cctype>
#include <filesystem>
#include <memory>

#include "app/controller.h"
#include "app/i18n.h"
#include "controller_text.h"
#include "core/crypto_util.h"
#include "sync/sync.h"

namespace canvass::app {

namespace fs = std::filesystem;
using controller_text::IsFolder;
using controller_text::Trim;
using controller_text::TypedPath;
using core::Status;

void Controller::Enroll(const cmd::EnrollDevice& c) {
  auto& dv = view_.devices;
  dv.message.clear();
  dv.error.clear();
  if (!NeedWorkspace()) return;
  if (ws_->info().role != storage::Role::kCentral) { dv.error = T("msg.devices.only_central"); return; }
  std::string name = Trim(c.name), kit = TypedPath(c.kit_path);
  if (name.empty()) { dv.error = T("msg.devices.no_name"); return; }
  if (kit.empty()) { dv.error = T("msg.devices.no_kit"); return; }
  if (IsFolder(kit)) {
    std::string file;
    for (char ch : name) file += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
    kit = (fs::path(kit) / (file + ".cvkit")).string();
  }
  WipeSyncSecrets();
  auto ws = std::make_shared<std::unique_ptr<storage::Workspace>>(std::move(ws_));
  RunTask(F("msg.task.enrolling", name), [this, ws, name, kit]() -> Finish {
    auto r = std::make_shared<core::Result<sync::EnrollResult>>(sync::EnrollDevice(ws->get(), name, kit));
    return [this, ws, r, name, kit] {
      ws_ = std::move(*ws);
      auto& dv = view_.devices;
      if (!r->ok()) {
        dv.error = F("msg.devices.not_enrolled", r->status().message());
      } else {
        dv.enrolled = {(*r)->device_id, name, kit, (*r)->code, (*r)->fingerprint};
        core::Wipe((*r)->code);
        dv.message = F("msg.devices.enrolled", name, kit);
      }
      RefreshSync(Screen::kDevices);
    };
  });
}

void Controller::Revoke(const cmd::RevokeDevice& c) {
  auto& dv = view_.devices;
  dv.message.clear();
  dv.error.clear();
  if (!NeedWorkspace()) return;
  auto d = sync::FindDevice(ws_.get(), c.device_id);
  Status st = d.ok() ? sync::RevokeDevice(ws_.get(), c.device_id) : d.status();
  if (!st.ok()) dv.error = F("msg.devices.not_revoked", st.message());
  else dv.message = F("msg.devices.revoked", d->name);
  RefreshSync(Screen::kDevices);
}

void Controller::WipeSyncSecrets() {
  core::Wipe(view_.devices.enrolled.code);
  view_.devices.enrolled = EnrollmentShown();
}

}  // namespace canvass::app
