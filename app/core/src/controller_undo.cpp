// Controller, undo: the session's coding actions (a coding added or removed in the workbench, a
// code moved or merged in the Codebook screen) are kept in order and undone last first with
// Ctrl+Z. Each undo is itself an ordinary write (a version that syncs, audited). The list is
// dropped on lock. Removing another coder's coding is never offered, so never undone either.
#include "app/controller.h"
#include "app/i18n.h"
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
  if (undo_.empty()) { error = T("msg.undo.nothing"); return; }
  UndoStep s = undo_.back();
  using K = UndoStep::Kind;
  // What the step undoes, in the current language; `what` holds the code path.
  const std::string what = s.kind == K::kAddCoding      ? F("msg.undo.add_coding", s.what)
                           : s.kind == K::kRemoveCoding ? F("msg.undo.remove_coding", s.what)
                           : s.kind == K::kMoveCode     ? F("msg.undo.move_code", s.what)
                                                        : F("msg.undo.merge_code", s.what);
  storage::CodingStore store(ws_.get());
  const std::string me = SessionCoder();
  Status st;
  if (s.kind == K::kAddCoding) st = store.RemoveCoding(s.id, me);
  if (s.kind == K::kRemoveCoding) st = store.AddCoding(s.coding).status();
  if (s.kind == K::kMoveCode) st = store.MoveCode(s.id, s.old_parent, me);
  if (s.kind == K::kMergeCode) st = store.SplitMergedCode(s.id, me);
  if (!st.ok()) { error = F("msg.undo.failed", what, st.message()); return; }
  undo_.pop_back();
  coding_cache_.reset();  // re-read: the undo wrote outside the workbench's cache
  if (book) {
    RefreshCodebook();
  } else {
    RefreshCoding();
  }
  message = F("msg.undo.done", what);
}

}  // namespace canvass::app
