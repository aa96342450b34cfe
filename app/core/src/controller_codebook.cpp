// Controller, codebook editor: builds CodebookView and applies the codebook commands through
// the same CodingStore calls as `canvass-cli codebook ...`, so every edit is a "code" (or
// "memo") version that syncs and merges like the rest. The author is the workbench's coder.
#include <map>

#include "app/controller.h"
#include "app/i18n.h"
#include "coding/refi_qda.h"
#include "core/file_util.h"
#include "storage/coding_store.h"

namespace canvass::app {

using core::Status;

namespace {

uint32_t Abgr(const std::string& c) {
  if (!coding::IsValidColor(c)) return 0;
  std::string hex = c.size() == 4 ? std::string{c[1], c[1], c[2], c[2], c[3], c[3]} : c.substr(1);
  unsigned v = static_cast<unsigned>(std::stoul(hex, nullptr, 16));
  return 0xFF000000u | ((v & 0xFF) << 16) | (v & 0xFF00) | ((v >> 16) & 0xFF);
}

std::string NameOf(const coding::Codebook& cb, const std::string& guid) {
  const coding::Code* c = cb.FindByGuid(guid);
  return c ? cb.PathOf(guid) : guid;
}

}  // namespace

void Controller::RefreshCodebook() {
  CodebookView& v = view_.codebook;
  if (!ws_) return;
  if (view_.coding.coder.empty()) view_.coding.coder = ws_->info().device_name;
  v.author = view_.coding.coder;
  storage::CodingStore store(ws_.get());
  auto cb = store.LoadCodebook();
  auto codings = store.ListCodingsAsStored();
  if (!cb.ok() || !codings.ok()) {
    v.error = F("msg.codebook.load_failed", (!cb.ok() ? cb.status() : codings.status()).message());
    return;
  }
  std::map<std::string, int> uses;
  for (const auto& r : *codings) ++uses[r.code_guid];
  std::map<std::string, uint32_t> shown;
  std::map<std::string, int> depth;
  v.codes.clear();
  for (const coding::Code* c : cb->InTreeOrder()) {
    CodebookRow row;
    row.guid = c->guid; row.name = c->name; row.path = cb->PathOf(c->guid);
    row.parent = c->parent_guid; row.description = c->description; row.color = c->color;
    row.col = Abgr(c->color);
    if (!row.col) row.col = c->parent_guid.empty() ? 0xFF888888u : shown[c->parent_guid];
    shown[c->guid] = row.col;
    row.depth = c->parent_guid.empty() ? 0 : depth[c->parent_guid] + 1;
    depth[c->guid] = row.depth;
    row.codings = uses[c->guid];
    for (const coding::Memo* m : cb->MemosFor(c->guid)) {
      row.memos.push_back(m->author + ": " + m->text);
      if (m->author == v.author) row.my_memo = m->text;
    }
    v.codes.push_back(std::move(row));
  }
  v.merged.clear();
  auto merged = store.ListMergedCodes();
  if (merged.ok())
    for (const auto& [guid, name, into] : *merged)
      v.merged.emplace_back(guid, F("msg.codebook.merged_into", name, cb->FindByGuid(into) ? cb->PathOf(into) : into));
}

void Controller::HandleCodebook(cmd::Codebook& c) {
  CodebookView& v = view_.codebook;
  v.message.clear();
  v.error.clear();
  if (!NeedWorkspace()) return;
  storage::CodingStore store(ws_.get());
  const std::string author = view_.coding.coder.empty() ? ws_->info().device_name : view_.coding.coder;
  auto cb = store.LoadCodebook();
  if (!cb.ok()) { v.error = cb.status().message(); return; }
  Status st;
  if (auto* a = std::get_if<cmd::CodebookAdd>(&c.op)) {
    auto guid = store.AddCode(a->parent, a->name, a->description, a->color, author);
    st = guid.status();
    if (st.ok()) v.message = F("msg.codebook.added", a->name);
  } else if (auto* r = std::get_if<cmd::CodebookRename>(&c.op)) {
    st = store.RenameCode(r->code, r->name, author);
    if (st.ok()) v.message = F("msg.codebook.renamed", r->name);
  } else if (auto* m = std::get_if<cmd::CodebookMove>(&c.op)) {
    auto guid = storage::CodingStore::ResolveCode(*cb, m->code);
    const coding::Code* was = guid.ok() ? cb->FindByGuid(*guid) : nullptr;
    st = store.MoveCode(m->code, m->parent, author);
    if (st.ok() && was) PushUndo({UndoStep::Kind::kMoveCode, was->guid, {}, was->parent_guid, cb->PathOf(was->guid)});
    if (st.ok())
      v.message = m->parent.empty() ? F("msg.codebook.moved_top", NameOf(*cb, m->code))
                                    : F("msg.codebook.moved_under", NameOf(*cb, m->code), NameOf(*cb, m->parent));
  } else if (auto* g = std::get_if<cmd::CodebookMerge>(&c.op)) {
    int moved = 0;
    for (const auto& row : v.codes)
      if (row.guid == g->from) moved = row.codings;
    st = store.MergeCodes(g->into, g->from, author);
    auto from = storage::CodingStore::ResolveCode(*cb, g->from);
    if (st.ok() && from.ok()) PushUndo({UndoStep::Kind::kMergeCode, *from, {}, "", cb->PathOf(*from)});
    if (st.ok()) v.message = P("msg.codebook.merged", moved, NameOf(*cb, g->from), NameOf(*cb, g->into));
  } else if (auto* e = std::get_if<cmd::CodebookEdit>(&c.op)) {
    st = store.SetCodeDetails(e->code, e->description, e->color, author);
    if (st.ok()) v.message = T("msg.codebook.details_saved");
  } else if (auto* mm = std::get_if<cmd::CodebookMemo>(&c.op)) {
    st = store.SetMemo(mm->code, author, mm->text);
    if (st.ok()) v.message = mm->text.empty() ? T("msg.codebook.memo_removed") : T("msg.coding.memo_saved");
  } else if (auto* im = std::get_if<cmd::CodebookImport>(&c.op)) {
    auto bytes = core::ReadFileBounded(im->path, 64u << 20);
    auto in = bytes.ok() ? coding::ReadQdc(*bytes, im->path) : core::Result<coding::Codebook>(bytes.status());
    auto added = in.ok() ? store.ImportCodebook(*in, author) : core::Result<int>(in.status());
    st = added.status();
    if (st.ok())
      v.message = P("msg.codebook.imported", *added, im->path, static_cast<int64_t>(in->size()) - *added);
  } else if (auto* sp = std::get_if<cmd::CodebookSplit>(&c.op)) {
    st = store.SplitMergedCode(sp->code, author);
    if (st.ok()) v.message = T("msg.codebook.split");
  } else if (auto* ex = std::get_if<cmd::CodebookExport>(&c.op)) {
    auto xml = coding::WriteQdc(*cb);
    st = xml.ok() ? core::WriteFileAtomic(ex->path, *xml, true) : xml.status();
    if (st.ok()) v.message = P("msg.codebook.exported", static_cast<int64_t>(cb->size()), ex->path);
  }
  if (!st.ok()) v.error = st.message();
  coding_cache_.reset();  // the workbench re-reads the codebook (merges change its counts)
  RefreshCodebook();
}

}  // namespace canvass::app
