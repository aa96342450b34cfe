// Analysis screen: retrieval of a code's segments across interviews (jump to the answer), text
// search with auto-coding of the shown passages, code frequencies with parent totals by
// attribute, the co-occurrence matrix with its drill-down, and the memo browser. Draws
// app::AnalysisView and emits cmd::Analysis; no storage calls.
//
// [SECTION] helpers   [SECTION] tabs   [SECTION] entry
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "app/i18n.h"
#include "coding_ui.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

using app::cmd::Analysis;

namespace {

// [SECTION] helpers

// A code drop-down with a typing filter (gui_util.h); returns true when a code was picked.
bool CodePicker(const char* id, const app::AnalysisView& v, std::string* guid, std::string* filter) {
  std::string preview = app::T("codebook.choose_code");
  std::vector<std::string> labels;
  int selected = -1;
  for (const auto& [g, p] : v.codes) {
    if (g == *guid) { preview = p; selected = static_cast<int>(labels.size()); }
    labels.push_back(p);
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 22.f);
  ComboScope combo(("###" + std::string(id)).c_str(), preview.c_str());
  Probe(id);
  if (!combo.open()) return false;
  int i = FilteredItems(id, labels, selected, filter);
  if (i < 0) return false;
  *guid = v.codes[static_cast<size_t>(i)].first;
  return true;
}

void SegmentTable(const char* id, const std::vector<app::SegmentRow>& rows, app::Commands& out) {
  TableScope t(id, 7, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable,
               ImVec2(0, ImGui::GetContentRegionAvail().y));
  if (!t.open()) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  const float weights[] = {4.4f, 2.f, 1.4f, 1.5f, 1.2f, 1.5f, 1.1f};  // the coder's header is longer in Spanish
  int col = 0;
  for (const char* h : {"analysis.col_passage", "analysis.col_code", "analysis.col_coder", "analysis.col_protocol",
                        "analysis.col_role", "analysis.col_area", "analysis.col_date"})
    ImGui::TableSetupColumn(app::T(h).c_str(), ImGuiTableColumnFlags_WidthStretch, weights[col++]);
  ImGui::TableHeadersRow();
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(rows.size()));
  while (clip.Step())
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const auto& r = rows[static_cast<size_t>(i)];
      IdScope rid(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::string bid = std::string(id) + "_open_" + std::to_string(i);
      if (ImGui::SmallButton(Wid(app::T("analysis.go"), bid).c_str())) out.Push(Analysis{app::cmd::AnalysisOpenAnswer{r.interview, r.question}});
      Probe(bid);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app::T("analysis.go_tip").c_str());
      ImGui::SameLine();
      ImGui::TextWrapped("\"%s\"", r.text.c_str());
      MutedText(r.question_label);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", r.code_path.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.coder.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", r.protocol.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.role.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", r.areas.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(app::i18n::Current().Date(r.date).c_str());
    }
}

// [SECTION] tabs

void Retrieve(const app::AnalysisView& v, AnalysisUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("analysis.code").c_str());
  ImGui::SameLine();
  if (CodePicker("analysis_code", v, &ui.code, &ui.code_filter))
    out.Push(Analysis{app::cmd::AnalysisRetrieve{ui.code, ui.children}});
  ImGui::SameLine();
  if (ImGui::Checkbox(Wid(app::T("analysis.with_children"), "analysis_children").c_str(), &ui.children) && !ui.code.empty())
    out.Push(Analysis{app::cmd::AnalysisRetrieve{ui.code, ui.children}});
  Probe("analysis_children");
  MutedText(app::T("analysis.retrieve_note"));
  SegmentTable("analysis_segments", v.segments, out);
}

void Search(const app::AnalysisView& v, AnalysisUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("analysis.find").c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16.f);
  if (ImGui::InputText("###analysis_query", &ui.query, ImGuiInputTextFlags_EnterReturnsTrue))
    out.Push(Analysis{app::cmd::AnalysisSearch{ui.query}});
  Probe("analysis_query");
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("analysis.search"), "analysis_search").c_str())) out.Push(Analysis{app::cmd::AnalysisSearch{ui.query}});
  Probe("analysis_search");
  if (!v.hits.empty()) {
    ImGui::TextUnformatted(app::T("analysis.code_as").c_str());
    ImGui::SameLine();
    CodePicker("analysis_autocode_code", v, &ui.autocode, &ui.autocode_filter);
    ImGui::SameLine();
    DisabledScope dis(ui.autocode.empty());
    if (ImGui::Button(Wid(app::P("analysis.code_all", static_cast<int64_t>(v.hits.size())), "analysis_autocode").c_str()))
      out.Push(Analysis{app::cmd::AnalysisAutoCode{ui.autocode, {}}});
    Probe("analysis_autocode");
  }
  ChildScope list("##analysis_hits", ImVec2(0, 0), true);
  if (!list.visible()) return;
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(v.hits.size()));
  while (clip.Step())
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const auto& h = v.hits[static_cast<size_t>(i)];
      IdScope id(i);
      if (ImGui::SmallButton(Wid(app::T("analysis.go"), "go").c_str())) out.Push(Analysis{app::cmd::AnalysisOpenAnswer{h.interview, h.question}});
      ImGui::SameLine();
      if (!ui.autocode.empty() && ImGui::SmallButton(Wid(app::T("analysis.code_this"), "one").c_str()))
        out.Push(Analysis{app::cmd::AnalysisAutoCode{ui.autocode, {i}}});
      ImGui::SameLine();
      ImGui::TextWrapped("...%s[%s]%s...  (%s)", h.before.c_str(), h.match.c_str(), h.after.c_str(), h.question_label.c_str());
    }
}

void Frequencies(const app::AnalysisView& v, AnalysisUi& ui, app::Commands& out) {
  static const char* kAttr[] = {"", "protocol", "role", "area", "date"};
  const char* labels[] = {app::T("analysis.split_none").c_str(), app::T("analysis.split_protocol").c_str(),
                          app::T("analysis.split_role").c_str(), app::T("analysis.split_area").c_str(),
                          app::T("analysis.split_month").c_str()};
  ImGui::TextUnformatted(app::T("analysis.split_by").c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.f);
  if (ImGui::Combo("###analysis_attr", &ui.attribute, labels, 5)) out.Push(Analysis{app::cmd::AnalysisFrequencies{kAttr[ui.attribute]}});
  Probe("analysis_attr");
  ImGui::SameLine();
  if (ImGui::Button(Wid(app::T("analysis.count"), "analysis_count").c_str())) out.Push(Analysis{app::cmd::AnalysisFrequencies{kAttr[ui.attribute]}});
  Probe("analysis_count");
  MutedText(app::F("analysis.counted_as", v.count_rule_text));
  const int cols = 5 + static_cast<int>(v.values.size());
  TableScope t("###analysis_freq", cols, ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX,
               ImVec2(0, ImGui::GetContentRegionAvail().y));
  if (!t.open()) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  for (const char* h : {"analysis.col_code", "analysis.col_answers", "analysis.col_interviews", "analysis.col_with_children",
                        "analysis.col_interviews"})
    ImGui::TableSetupColumn(app::T(h).c_str());
  for (const auto& val : v.values) ImGui::TableSetupColumn(val.c_str());
  ImGui::TableHeadersRow();
  for (const auto& r : v.frequencies) {
    if (r.total_answers == 0) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const size_t slash = r.path.rfind('/');
    ImGui::TextUnformatted((std::string(static_cast<size_t>(std::max(0, r.depth)) * 2, ' ') +
                            r.path.substr(slash == std::string::npos ? 0 : slash + 1)).c_str());
    for (int n : {r.answers, r.interviews, r.total_answers, r.total_interviews}) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(app::i18n::Current().Number(n).c_str());
    }
    for (int n : r.by_value) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(app::i18n::Current().Number(n).c_str());
    }
  }
}

void Cooccurrence(const app::AnalysisView& v, AnalysisUi& ui, app::Commands& out) {
  if (ImGui::RadioButton(Wid(app::T("analysis.same_answer"), "analysis_co_answer").c_str(), !v.same_interview)) out.Push(Analysis{app::cmd::AnalysisCooccur{false}});
  Probe("analysis_co_answer");
  ImGui::SameLine();
  if (ImGui::RadioButton(Wid(app::T("analysis.same_interview"), "analysis_co_interview").c_str(), v.same_interview)) out.Push(Analysis{app::cmd::AnalysisCooccur{true}});
  Probe("analysis_co_interview");
  MutedText(app::F("analysis.click_cell", v.count_rule_text));
  const int n = static_cast<int>(v.co_codes.size());
  (void)ui;
  {
    ChildScope grid("##analysis_grid", ImVec2(0, ImGui::GetContentRegionAvail().y * 0.55f), true, ImGuiWindowFlags_HorizontalScrollbar);
    if (grid.visible() && n > 0) {
      // Rows: "k path", then one fixed-width cell per code (k = the column's number).
      float label_w = 0;
      for (const auto& p : v.co_paths) label_w = std::max(label_w, ImGui::CalcTextSize(p.c_str()).x);
      label_w = std::min(label_w, ImGui::GetFontSize() * 22.f) + ImGui::GetFontSize() * 3.f;
      const float cell = ImGui::GetFontSize() * 2.5f;
      const float x0 = ImGui::GetCursorPosX();
      for (int j = 0; j < n; ++j) {
        ImGui::SameLine(x0 + label_w + cell * static_cast<float>(j));
        ImGui::Text("%d", j + 1);
      }
      ImGui::NewLine();
      for (int i = 0; i < n; ++i) {
        ImGui::PushClipRect(ImGui::GetCursorScreenPos(), ImVec2(ImGui::GetCursorScreenPos().x + label_w - ImGui::GetFontSize(), 1e9f), true);
        ImGui::Text("%d %s", i + 1, v.co_paths[static_cast<size_t>(i)].c_str());
        ImGui::PopClipRect();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", v.co_paths[static_cast<size_t>(i)].c_str());
        for (int j = 0; j < n; ++j) {
          ImGui::SameLine(x0 + label_w + cell * static_cast<float>(j));
          const int c = v.co[static_cast<size_t>(i)][static_cast<size_t>(j)];
          const bool chosen = v.co_a == i && v.co_b == j;
          std::string id = "analysis_cell_" + std::to_string(i) + "_" + std::to_string(j);
          ColorScope col(ImGuiCol_Button, ImGui::GetStyleColorVec4(chosen ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
          if (ImGui::Button(Wid(c ? app::i18n::Current().Number(c) : ".", id).c_str(), ImVec2(cell * 0.9f, 0)))
            out.Push(Analysis{app::cmd::AnalysisDrill{i, j}});
          Probe(id);
        }
      }
    }
  }
  if (v.co_a >= 0) {
    ImGui::TextUnformatted(
        app::F("analysis.pair", v.co_paths[static_cast<size_t>(v.co_a)], v.co_paths[static_cast<size_t>(v.co_b)]).c_str());
    SegmentTable("analysis_drill", v.drill, out);
  }
}

void Memos(const app::AnalysisView& v, app::Commands& out) {
  if (ImGui::Button(Wid(app::T("analysis.reload_memos"), "analysis_memos").c_str())) out.Push(Analysis{app::cmd::AnalysisMemos{}});
  Probe("analysis_memos");
  TableScope t("###analysis_memo_table", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
               ImVec2(0, ImGui::GetContentRegionAvail().y));
  if (!t.open()) return;
  for (const char* h : {"analysis.col_on", "analysis.col_coder", "analysis.col_memo", "analysis.col_when"})
    ImGui::TableSetupColumn(app::T(h).c_str());
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < v.memos.size(); ++i) {
    const auto& m = v.memos[i];
    IdScope id(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (m.kind == "answer") {
      auto slash = m.target.find('/');
      if (ImGui::SmallButton(Wid(app::T("analysis.go"), "go").c_str()))
        out.Push(Analysis{app::cmd::AnalysisOpenAnswer{m.target.substr(0, slash), slash == std::string::npos ? "" : m.target.substr(slash + 1)}});
      ImGui::SameLine();
    }
    ImGui::TextWrapped("%s: %s", app::T(m.kind == "answer" ? "analysis.memo_answer" : "analysis.memo_code").c_str(), m.label.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(m.coder.c_str());
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", m.text.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(app::i18n::Current().DateTime(m.created).c_str());
  }
}

}  // namespace

// [SECTION] entry

void DrawAnalysis(const app::AnalysisView& v, AnalysisUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("analysis.title").c_str());
  static const char* kTabs[] = {"analysis.tab_retrieve", "analysis.tab_search", "analysis.tab_frequencies",
                                "analysis.tab_cooccurrence", "analysis.tab_memos"};
  for (int i = 0; i < 5; ++i) {
    ImGui::SameLine();
    std::string id = "analysis_tab_" + std::to_string(i);
    if (ImGui::RadioButton(Wid(app::T(kTabs[i]), id).c_str(), v.tab == i)) {
      out.Push(Analysis{app::cmd::AnalysisTab{i}});
      if (i == 2) out.Push(Analysis{app::cmd::AnalysisFrequencies{""}});
      if (i == 3) out.Push(Analysis{app::cmd::AnalysisCooccur{v.same_interview}});
      if (i == 4) out.Push(Analysis{app::cmd::AnalysisMemos{}});
    }
    Probe(id);
  }
  // One status line of fixed height: messages never move the layout.
  if (!v.error.empty()) ErrorText(v.error);
  else MutedText(v.message.empty() ? " " : v.message);
  ImGui::Separator();
  switch (v.tab) {
    case 0: Retrieve(v, ui, out); break;
    case 1: Search(v, ui, out); break;
    case 2: Frequencies(v, ui, out); break;
    case 3: Cooccurrence(v, ui, out); break;
    default: Memos(v, out); break;
  }
}

}  // namespace canvass::gui
