// Controller, undo: the session's coding actions (a coding added or removed in the workbench, a
// code moved or merged in the Codebook screen) are kept in order and undone last first with
// Ctrl+Z. Each undo is itself an ordinary write (a version that syncs, audited). The list is
// dropped on lock. Removing another coder's coding is never offered, so never undone either.
#include "app/controller.h"
#include "storage/coding_store.h"

namespace canvass::app {

using core::Status;

void Controller::PushUndo(UndoStep s) {
  undo_.push_back(std::move(s));
  if (undo_.size() > 200) undo_.erase(undo_.begin());
}

void Controller::Undo() {
  const bool book = view_.screen == Screen::kCodebook;
  std::string& message = book ? view_.codebook.message : view_.coding.message;
  std::string& error = book ? view_.codebook.error : view_.coding.error;
  message.clear();
  error.clear();
  if (!NeedWorkspace()) return;
  if (undo_.empty()) { error = "Nothing to undo in this session."; return; }
  UndoStep s = undo_.back();
  storage::CodingStore store(ws_.get());
  const std::string me = SessionCoder();
  Status st;
  using K = UndoStep::Kind;
  if (s.kind == K::kAddCoding) st = store.RemoveCoding(s.id, me);
  if (s.kind == K::kRemoveCoding) st = store.AddCoding(s.coding).status();
  if (s.kind == K::kMoveCode) st = store.MoveCode(s.id, s.old_parent, me);
  if (s.kind == K::kMergeCode) st = store.SplitMergedCode(s.id, me);
  if (!st.ok()) { error = "Could not undo (" + s.what + "): " + st.message(); return; }
  undo_.pop_back();
  message = "Undone: " + s.what + ".";
  coding_cache_.reset();  // re-read: the undo wrote outside the workbench's cache
  if (book) {
    RefreshCodebook();
  } else {
    RefreshCoding();
  }
  message = "Undone: " + s.what + ".";
}

}  // namespace canvass::app
