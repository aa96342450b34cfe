// Codebook editor: the code tree (indented, with colors and use counts) beside the selected
// code's details: rename, description (inclusion/exclusion notes), color, move under another
// code, merge into another (confirmed, says how many codings move), the coder's memo; an add
// form and .qdc import/export through the file chooser. Every button pushes a cmd::Codebook.
//
// [SECTION] helpers   [SECTION] tree   [SECTION] selected code   [SECTION] add, exchange
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>
#include <filesystem>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

namespace {

using app::cmd::Codebook;

// [SECTION] helpers

void Swatch(uint32_t color) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  float fs = ImGui::GetFontSize();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + fs * 0.2f), ImVec2(p.x + fs * 0.8f, p.y + fs), color);
  ImGui::Dummy(ImVec2(fs, fs));
  ImGui::SameLine();
}

// "#RRGGBB" text field with a color picker beside it; "" = no color (inherits the parent's).
void ColorField(const char* id, std::string* hex) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.f);
  ImGui::InputTextWithHint(Wid("", id).c_str(), "#RRGGBB", hex);
  Probe(id);
  ImGui::SameLine();
  float rgb[3] = {0.5f, 0.5f, 0.5f};
  unsigned v = 0;
  if (hex->size() == 7 && (*hex)[0] == '#' && std::sscanf(hex->c_str() + 1, "%6x", &v) == 1) {
    rgb[0] = static_cast<float>((v >> 16) & 0xFF) / 255.f;
    rgb[1] = static_cast<float>((v >> 8) & 0xFF) / 255.f;
    rgb[2] = static_cast<float>(v & 0xFF) / 255.f;
  }
  if (ImGui::ColorEdit3(Wid(app::T("codebook.color"), std::string(id) + "_pick").c_str(), rgb, ImGuiColorEditFlags_NoInputs)) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02X%02X%02X", static_cast<unsigned>(rgb[0] * 255.f + 0.5f),
                  static_cast<unsigned>(rgb[1] * 255.f + 0.5f), static_cast<unsigned>(rgb[2] * 255.f + 0.5f));
    *hex = buf;
  }
}

// A drop-down of codes by path with a typing filter (gui_util.h); `none` names the empty
// choice. Items probe as "<id>_pick_<row>" and "<id>_pick_none".
void CodePicker(const std::string& label, const std::string& id, const app::CodebookView& v, const std::string& none, std::string* guid,
                const std::string& exclude = "") {
  static std::map<std::string, std::string> filters;  // per picker, while its list is open
  std::string shown = none;
  std::vector<std::string> labels;
  std::vector<size_t> rows;  // label index -> row of v.codes
  int selected = -1;
  for (size_t i = 0; i < v.codes.size(); ++i) {
    const auto& r = v.codes[i];
    if (r.guid == *guid) shown = r.path;
    if (r.guid == exclude) continue;
    if (r.guid == *guid) selected = static_cast<int>(labels.size());
    labels.push_back(r.path);
    rows.push_back(i);
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16.f);
  ComboScope c(Wid(label, id).c_str(), shown.c_str());
  Probe(id);
  if (!c.open()) return;
  int i = FilteredItems(id, labels, selected, &filters[id], none.c_str());
  if (i == -2) guid->clear();
  if (i >= 0) *guid = v.codes[rows[static_cast<size_t>(i)]].guid;
}

// [SECTION] tree

void Tree(const app::CodebookView& v, CodebookUi& ui) {
  ChildScope child("##codebook_tree", ImVec2(ImGui::GetFontSize() * 20.f, 0), true);
  if (!child.visible()) return;
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(v.codes.size()));
  while (clip.Step()) {
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const auto& r = v.codes[i];
      ImGui::Indent(static_cast<float>(r.depth) * ImGui::GetFontSize() + 1.f);
      Swatch(r.col);
      std::string label = r.name + (r.codings ? "  (" + std::to_string(r.codings) + ")" : "") + (r.memos.empty() ? "" : "  *");
      std::string id = "cb_row_" + std::to_string(i);
      if (ImGui::Selectable(Wid(label, id).c_str(), ui.selected == r.guid)) {
        ui.selected = r.guid;
        ui.confirm_merge = false;
      }
      Probe(id);
      if (ImGui::IsItemHovered() && !r.description.empty()) ImGui::SetTooltip("%s", r.description.c_str());
      ImGui::Unindent(static_cast<float>(r.depth) * ImGui::GetFontSize() + 1.f);
    }
  }
}

// [SECTION] selected code

void Selected(const app::CodebookView& v, const app::CodebookRow& r, CodebookUi& ui, app::Commands& out) {
  std::string stored = r.guid + "|" + r.name + "|" + r.description + "|" + r.color + "|" + r.my_memo;
  if (ui.loaded != stored) {  // another code, or the stored value changed: refill the buffers
    ui.loaded = stored;
    ui.name = r.name;
    ui.description = r.description;
    ui.color = r.color;
    ui.memo = r.my_memo;
    ui.move_parent = r.parent;
  }
  ImGui::TextUnformatted(r.path.c_str());
  MutedText(app::F("codebook.guid_codings", r.guid, r.codings));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16.f);
  ImGui::InputText("###cb_name", &ui.name);
  Probe("cb_name");
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("codebook.rename"), "cb_rename").c_str())) out.Push(Codebook{app::cmd::CodebookRename{r.guid, ui.name}});
  Probe("cb_rename");
  ImGui::TextUnformatted(app::T("codebook.description").c_str());
  ImGui::InputTextMultiline("###cb_description", &ui.description, ImVec2(-1, ImGui::GetFontSize() * 4.f));
  Probe("cb_description");
  ColorField("cb_color", &ui.color);
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("codebook.save"), "cb_save").c_str())) out.Push(Codebook{app::cmd::CodebookEdit{r.guid, ui.description, ui.color}});
  Probe("cb_save");
  ImGui::Separator();
  CodePicker(app::T("codebook.new_parent"), "cb_move_parent", v, app::T("codebook.top_level"), &ui.move_parent, r.guid);
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("codebook.move"), "cb_move").c_str())) out.Push(Codebook{app::cmd::CodebookMove{r.guid, ui.move_parent}});
  Probe("cb_move");
  CodePicker(app::T("codebook.merge_into"), "cb_merge_into", v, app::T("codebook.choose_code"), &ui.merge_into, r.guid);
  ImGui::SameLine();
  {
    DisabledScope d(ui.merge_into.empty());
    if (ImGui::Button(Wid(app::T("codebook.merge"), "cb_merge").c_str())) ui.confirm_merge = true;
    Probe("cb_merge");
  }
  if (ui.confirm_merge && !ui.merge_into.empty()) {
    std::string into;
    for (const auto& c : v.codes)
      if (c.guid == ui.merge_into) into = c.path;
    ImGui::TextWrapped("%s", app::F("codebook.merge_q", r.path, into, r.codings).c_str());
    if (ImGui::Button(Wid(app::T("codebook.merge_now"), "cb_merge_confirm").c_str())) {
      out.Push(Codebook{app::cmd::CodebookMerge{r.guid, ui.merge_into}});
      ui.confirm_merge = false;
      ui.selected = ui.merge_into;
      ui.merge_into.clear();
    }
    Probe("cb_merge_confirm");
    ImGui::SameLine();
    if (ImGui::Button(Wid(app::T("fc.cancel"), "cb_merge_cancel").c_str())) ui.confirm_merge = false;
  }
  ImGui::Separator();
  ImGui::TextUnformatted(app::F("codebook.your_memo", v.author).c_str());
  ImGui::InputTextMultiline("###cb_memo", &ui.memo, ImVec2(-1, ImGui::GetFontSize() * 3.f));
  Probe("cb_memo");
  if (ImGui::Button(Wid(app::T("codebook.save_memo"), "cb_memo_save").c_str())) out.Push(Codebook{app::cmd::CodebookMemo{r.guid, ui.memo}});
  Probe("cb_memo_save");
  for (const auto& m : r.memos) ImGui::BulletText("%s", m.c_str());
}

// [SECTION] add, exchange

void AddForm(const app::CodebookView& v, CodebookUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("codebook.add_title").c_str());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12.f);
  ImGui::InputTextWithHint("###cb_new_name", app::T("codebook.name_hint").c_str(), &ui.new_name);
  Probe("cb_new_name");
  ImGui::SameLine();
  CodePicker(app::T("codebook.parent"), "cb_new_parent", v, app::T("codebook.top_level"), &ui.new_parent);
  ImGui::InputTextMultiline("###cb_new_description", &ui.new_description, ImVec2(-1, ImGui::GetFontSize() * 2.5f));
  Probe("cb_new_description");
  ColorField("cb_new_color", &ui.new_color);
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("codebook.add"), "cb_add").c_str())) {
    out.Push(Codebook{app::cmd::CodebookAdd{ui.new_parent, ui.new_name, ui.new_description, ui.new_color}});
    ui.new_name.clear();
    ui.new_description.clear();
  }
  Probe("cb_add");
}

// Where the chooser starts: the last .qdc file's folder (else the home folder), `name` prefilled.
std::string QdcStart(const CodebookUi& ui, const std::string& name) {
  std::string dir = std::filesystem::path(ui.qdc_path).parent_path().string();
  return (dir.empty() ? HomeDir() : dir) + "/" + name;
}

void Exchange(CodebookUi& ui) {
  ImGui::TextUnformatted(app::T("codebook.qdc").c_str());
  if (ImGui::Button(Wid(app::T("codebook.import"), "cb_import").c_str()))
    ui.chooser.Open(FileChooser::Mode::kOpen, "qdc_import", app::T("codebook.import_title"), QdcStart(ui, ""), {".qdc"});
  Probe("cb_import");
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("codebook.export"), "cb_export").c_str()))
    ui.chooser.Open(FileChooser::Mode::kSave, "qdc_export", app::T("codebook.export_title"), QdcStart(ui, "codebook.qdc"),
                    {".qdc"});
  Probe("cb_export");
  if (!ui.qdc_path.empty()) MutedText(app::F("codebook.last_file", ui.qdc_path));
}

// The right pane: the selected code, the add form, .qdc exchange.
void Detail(const app::CodebookView& v, CodebookUi& ui, app::Commands& out) {
  ChildScope right("##codebook_detail", ImVec2(0, 0), false);
  if (!right.visible()) return;
  const app::CodebookRow* sel = nullptr;
  for (const auto& r : v.codes)
    if (r.guid == ui.selected) sel = &r;
  if (sel) Selected(v, *sel, ui, out);
  else MutedText(app::T("codebook.select"));
  ImGui::Separator();
  AddForm(v, ui, out);
  ImGui::Separator();
  Exchange(ui);
}

}  // namespace

void DrawCodebook(const app::CodebookView& v, CodebookUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("codebook.title").c_str());
  ImGui::SameLine();
  MutedText(app::F("codebook.intro", v.codes.size(), v.author));
  if (!v.error.empty()) ErrorText(v.error);
  if (!v.message.empty()) MutedText(v.message);
  bool open_merged = false;
  if (!v.merged.empty()) {
    open_merged = ImGui::CollapsingHeader(Wid(app::F("codebook.merged", v.merged.size()), "codebook_merged").c_str());
    Probe("codebook_merged");
  }
  if (open_merged) {
    for (size_t i = 0; i < v.merged.size(); ++i) {
      IdScope id(static_cast<int>(i));
      std::string bid = "codebook_split_" + std::to_string(i);
      if (ImGui::SmallButton(Wid(app::T("codebook.split"), bid).c_str())) out.Push(Codebook{app::cmd::CodebookSplit{v.merged[i].first}});
      Probe(bid);
      ImGui::SameLine();
      ImGui::TextUnformatted(v.merged[i].second.c_str());
    }
  }
  Tree(v, ui);
  ImGui::SameLine();
  Detail(v, ui, out);
  if (!DrawFileChooser(&ui.chooser)) return;
  ui.qdc_path = ui.chooser.chosen();
  if (ui.chooser.id() == "qdc_import") out.Push(Codebook{app::cmd::CodebookImport{ui.qdc_path}});
  else out.Push(Codebook{app::cmd::CodebookExport{ui.qdc_path}});
}

}  // namespace canvass::gui
