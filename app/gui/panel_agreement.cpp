// Agreement screen: tick two or more coders (and optionally a coding set), compute; read percent
// agreement, Cohen's kappa and Krippendorff's alpha per code and pooled at character and
// segment level with a short reading guide; export the table as CSV (file chooser); walk the disagreements:
// the answer drawn once per coder side by side (their codings of the code as highlighted runs,
// the disputed span underlined) and settle it as consensus (accept a coder's span, apply a
// selection, or "no code").
//
// [SECTION] coders and table   [SECTION] answer columns   [SECTION] disagreements
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "gui_util.h"
#include "panels.h"
#include "text_layout.h"

namespace canvass::gui {

namespace {

using app::cmd::Agreement;

std::string Fmt(const std::optional<double>& d) {
  if (!d) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", *d);
  return buf;
}

// [SECTION] coders and table

void Coders(const app::AgreementView& v, AgreementUi& ui, app::Commands& out) {
  if (!ui.chosen_init && !v.coders.empty()) {  // start with the last choice, else the first two coders
    for (const auto& c : v.chosen.empty() ? std::vector<std::string>(v.coders.begin(), v.coders.begin() + std::min<size_t>(2, v.coders.size()))
                                          : v.chosen)
      ui.chosen.insert(c);
    ui.chosen_init = true;
  }
  ImGui::TextUnformatted("Coders:");
  if (v.coders.empty()) MutedText("Nobody has coded or marked an answer done yet (Coding screen).");
  for (size_t i = 0; i < v.coders.size(); ++i) {
    ImGui::SameLine();
    bool on = ui.chosen.count(v.coders[i]) > 0;
    std::string id = "agree_coder_" + std::to_string(i);
    if (ImGui::Checkbox(Wid(v.coders[i], id).c_str(), &on)) {
      if (on) ui.chosen.insert(v.coders[i]);
      else ui.chosen.erase(v.coders[i]);
    }
    Probe(id);
  }
  std::string shown = "every answer";
  for (const auto& s : v.sets)
    if (s.id == ui.set) shown = "set " + s.name;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12.f);
  {
    ComboScope c("Answers###agree_set", shown.c_str());
    Probe("agree_set");
    if (c.open()) {
      if (ImGui::Selectable("every answer###all", ui.set.empty())) ui.set.clear();
      for (size_t i = 0; i < v.sets.size(); ++i) {
        std::string id = "agree_set_" + std::to_string(i);
        if (ImGui::Selectable(Wid(v.sets[i].name + "  (" + std::to_string(v.sets[i].answers) + ")", id).c_str(), ui.set == v.sets[i].id))
          ui.set = v.sets[i].id;
      }
    }
  }
  ImGui::SameLine();
  std::vector<std::string> chosen;
  for (const auto& c : v.coders)  // in the listed order (the CLI's --coders order decides the columns)
    if (ui.chosen.count(c)) chosen.push_back(c);
  if (ImGui::Button("Compute###agree_compute")) out.Push(Agreement{app::cmd::AgreementCompute{chosen, ui.set}});
  Probe("agree_compute");
}

void FiguresRow(const app::AgreementRow& r) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(r.code_path.c_str());
  for (const auto* f : {&r.character, &r.segment}) {
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", f->units);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Fmt(f->percent_agreement).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Fmt(f->cohen_kappa).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Fmt(f->krippendorff_alpha).c_str());
  }
}

void Table(const app::AgreementView& v, AgreementUi& ui) {
  std::string head = "Agreement of ";
  for (size_t i = 0; i < v.chosen.size(); ++i) head += (i ? ", " : "") + v.chosen[i];
  head += " over " + std::to_string(v.answers) + " answer(s) every one of them marked done (" + std::to_string(v.codings) +
          " codings" + (v.needs_review ? "; " + std::to_string(v.needs_review) + " needing review left out" : "") + ")";
  for (const auto& s : v.sets)
    if (s.id == v.set) head += ", set " + s.name;
  ImGui::TextWrapped("%s.", head.c_str());
  if (v.answers == 0) MutedText("No answer is done by all these coders: mark answers done (key D in Coding).");
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingFixedFit;
  float h = (ImGui::GetTextLineHeightWithSpacing() + 2.f) * static_cast<float>(std::min<size_t>(v.rows.size() + 2, 10));
  {
    TableScope t("###agree_table", 9, flags, ImVec2(0, h));
    if (t.open()) {
      ImGui::TableSetupScrollFreeze(1, 1);
      for (const char* c : {"Code", "Characters", "Agree", "Kappa", "Alpha", "Answers", "Agree", "Kappa", "Alpha"})
        ImGui::TableSetupColumn(c, std::string(c) == "Code" ? ImGuiTableColumnFlags_WidthStretch : 0);
      ImGui::TableHeadersRow();
      for (const auto& r : v.rows) FiguresRow(r);
      FiguresRow(v.pooled);
    }
  }
  int notes = 0;
  for (const auto& r : v.rows)
    if (!r.prevalence_note.empty() && notes++ < 3) ImGui::TextWrapped("Why kappa is low here: %s", r.prevalence_note.c_str());
  if (!v.pooled.prevalence_note.empty()) ImGui::TextWrapped("Why kappa is low here: %s", v.pooled.prevalence_note.c_str());
  MutedText("Left: character level (every character a unit); right: segment level (every answer a unit). "
            "Kappa needs exactly two coders; n/a = undefined (no variation). Reading alpha (Krippendorff): "
            ">= 0.800 reliable; 0.667 to 0.800 only for tentative conclusions; below 0.667 do not rely on the code. "
            "Percent agreement ignores chance agreement. See docs/agreement.md.");
  if (ImGui::Button("Export CSV...###agree_csv")) {
    std::string dir = std::filesystem::path(ui.csv_path).parent_path().string();
    ui.chooser.Open(FileChooser::Mode::kSave, "agreement_csv", "Write the agreement table as CSV",
                    (dir.empty() ? HomeDir() : dir) + "/agreement.csv", {".csv"});
  }
  Probe("agree_csv");
  if (!ui.csv_path.empty()) { ImGui::SameLine(); MutedText("Last written: " + ui.csv_path); }
}

// [SECTION] answer columns

// One coder's column: their codings as highlighted runs, the disputed span underlined; the
// consensus column (`ui` non-null) also takes a mouse selection.
void AnswerColumn(const app::AgreementView& v, const app::CoderColumn& col, const app::DisagreementRow& d, AgreementUi* ui,
                  const std::string& id) {
  const auto& cps = v.code_points;
  const int64_t n = static_cast<int64_t>(cps.size());
  TextLayout l = LayOutCodePoints(cps, std::max(60.f, ImGui::GetContentRegionAvail().x - 4.f), 1.5f);
  ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(("###" + id).c_str(), l.size);
  Probe(id);
  if (ui) {
    if (ImGui::IsItemActive()) {
      int64_t hit = HitTestLayout(l, ImVec2(ImGui::GetIO().MousePos.x - o.x, ImGui::GetIO().MousePos.y - o.y));
      if (ImGui::IsMouseClicked(0)) ui->anchor = hit;
      ui->caret = hit;
    }
    ui->anchor = std::clamp<int64_t>(ui->anchor, 0, n);
    ui->caret = std::clamp<int64_t>(ui->caret, 0, n);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  auto run = [&](int64_t s, int64_t e, float y0, float y1, ImU32 c) {
    for (int64_t i = std::max<int64_t>(0, s); i < std::min(n, e); ++i) {
      ImVec2 p(o.x + l.pos[i].x, o.y + l.pos[i].y);
      dl->AddRectFilled(ImVec2(p.x, p.y + y0), ImVec2(p.x + std::max(l.adv[i], fs * 0.3f), p.y + y1), c);
    }
  };
  for (const auto& s : col.spans) run(s.start, s.end, 0.f, fs, (s.color & 0x00FFFFFFu) | 0x70000000u);
  if (ui) run(ui->lo(), ui->hi(), 0.f, fs, ImGui::GetColorU32(ImGuiCol_TextSelectedBg));
  run(d.start, d.end, fs + 1.f, fs + 4.f, IM_COL32(255, 200, 0, 255));
  DrawCodePoints(dl, l, cps, o);
}

void Columns(const app::AgreementView& v, AgreementUi& ui, const app::DisagreementRow& d, app::Commands& out) {
  const int cols = static_cast<int>(v.columns.size());
  TableScope t("###agree_columns", cols, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame);
  if (!t.open()) return;
  for (const auto& c : v.columns) ImGui::TableSetupColumn(c.coder.c_str());
  ImGui::TableHeadersRow();
  ImGui::TableNextRow();
  for (int k = 0; k < cols; ++k) {
    const auto& c = v.columns[k];
    ImGui::TableNextColumn();
    IdScope id(k);
    const bool consensus = k == cols - 1;
    MutedText(std::string(c.done ? "done" : "not done") + (c.spans.empty() ? ", no " : ", ") +
              (c.spans.empty() ? d.code_path : std::to_string(c.spans.size()) + " coding(s)"));
    AnswerColumn(v, c, d, consensus ? &ui : nullptr, "agree_text_" + std::to_string(k));
    for (const auto& s : c.spans) {
      IdScope sid(s.coding_id);
      ImGui::Text("[%lld, %lld)%s", static_cast<long long>(s.start), static_cast<long long>(s.end),
                  s.fate == "ok" ? "" : ("  (" + s.fate + ")").c_str());
      if (consensus) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Remove###agree_remove")) out.Push(Agreement{app::cmd::AgreementRemove{s.coding_id}});
      }
    }
    if (!consensus) {
      std::string bid = "agree_accept_" + std::to_string(k);
      const bool coded = std::find(d.applied_by.begin(), d.applied_by.end(), c.coder) != d.applied_by.end();
      DisabledScope dis(!coded);
      if (ImGui::Button(Wid("Accept " + c.coder + "'s span", bid).c_str(), ImVec2(-1, 0)))
        out.Push(Agreement{app::cmd::AgreementAccept{c.coder}});
      Probe(bid);
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Copies %s's %s coding(s) that touch the disputed span to the consensus coder.",
                          c.coder.c_str(), d.code_path.c_str());
      if (static_cast<size_t>(k) < v.accept_preview.size()) ImGui::TextWrapped("%s", v.accept_preview[k].text.c_str());
    }
  }
}

// [SECTION] disagreements

void Disagreements(const app::AgreementView& v, AgreementUi& ui, app::Commands& out) {
  ImGui::Text("Disagreements: %zu (%d settled)", v.disagreements.size(), v.settled);
  if (v.disagreements.empty()) return;
  {
    ChildScope list("##agree_list", ImVec2(ImGui::GetFontSize() * 18.f, 0), true);
    if (list.visible()) {
      ImGuiListClipper clip;
      clip.Begin(static_cast<int>(v.disagreements.size()));
      while (clip.Step())
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
          const auto& d = v.disagreements[i];
          std::string by;
          for (const auto& c : d.applied_by) by += (by.empty() ? "" : ",") + c;
          std::string label = std::string(d.settled.empty() ? "" : "[" + d.settled + "] ") + d.code_path + "\n  " +
                              d.label.substr(0, 30) + "  [" + std::to_string(d.start) + ", " + std::to_string(d.end) +
                              ")  by " + by;
          std::string id = "agree_dis_" + std::to_string(i);
          if (ImGui::Selectable(Wid(label, id).c_str(), i == v.selected)) out.Push(Agreement{app::cmd::AgreementSelect{i}});
          Probe(id);
          if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", d.label.c_str());
        }
    }
  }
  ImGui::SameLine();
  ChildScope detail("##agree_detail", ImVec2(0, 0), false);
  if (!detail.visible() || v.selected < 0 || v.selected >= static_cast<int>(v.disagreements.size())) return;
  const auto& d = v.disagreements[v.selected];
  if (v.hidden_blind) {
    ImGui::TextWrapped("This project codes blind: the codings of this answer stay hidden until you mark it done in "
                       "the Coding screen.");
    return;
  }
  std::string key = d.answer_id + "|" + d.code_guid + "|" + std::to_string(d.start);
  if (ui.answer_key != key) { ui.answer_key = key; ui.anchor = d.start; ui.caret = d.end; }
  ImGui::TextWrapped("%s", d.label.c_str());
  std::string notby;
  for (const auto& c : d.not_applied_by) notby += (notby.empty() ? "" : ", ") + c;
  MutedText(d.code_path + "  [" + std::to_string(d.start) + ", " + std::to_string(d.end) + ") not coded by " + notby +
            (d.settled.empty() ? "  |  open" : "  |  settled: " + d.settled));
  Columns(v, ui, d, out);
  int lo = static_cast<int>(ui.lo()), hi = static_cast<int>(ui.hi());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.f);
  if (ImGui::InputInt("from###agree_from", &lo, 0)) ui.anchor = lo;
  Probe("agree_from");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.f);
  if (ImGui::InputInt("to###agree_to", &hi, 0)) ui.caret = hi;
  Probe("agree_to");
  if (ui.lo() != v.preview_start || ui.hi() != v.preview_end)  // what applying it would settle, before deciding
    out.Push(Agreement{app::cmd::AgreementPreview{ui.lo(), ui.hi()}});
  ImGui::SameLine();
  if (ImGui::Button("Apply selection as consensus###agree_apply"))
    out.Push(Agreement{app::cmd::AgreementApplySpan{ui.lo(), ui.hi()}});
  Probe("agree_apply");
  ImGui::SameLine();
  if (ImGui::Button("No code (consensus)###agree_nocode")) out.Push(Agreement{app::cmd::AgreementNoCode{}});
  Probe("agree_nocode");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The consensus does not apply %s on exactly the disputed span [%lld, %lld); nothing else changes.",
                      d.code_path.c_str(), static_cast<long long>(d.start), static_cast<long long>(d.end));
  ImGui::TextWrapped("Apply selection: %s", v.apply_preview.text.empty() ? "select some text." : v.apply_preview.text.c_str());
  ImGui::TextWrapped("No code: %s", v.nocode_preview.text.c_str());
  MutedText("Drag in the consensus column (or type from/to) to select; the yellow underline is the disputed span.");
}

// The project's coding rules: the coordinator (central) edits them; coders see them.
void Rules(const app::AgreementView& v, app::Commands& out) {
  if (v.count_rule.empty()) return;
  if (!v.can_set_rules) {
    MutedText(std::string("Project rules (set by the coordinator): blind coding ") + (v.rules_blind ? "on" : "off") + "; " +
              v.count_rule_text + ".");
    return;
  }
  bool blind = v.rules_blind;
  if (ImGui::Checkbox("Blind coding (coders cannot see others' codings of an answer before marking it done)###agree_rule_blind", &blind))
    out.Push(Agreement{app::cmd::AgreementRules{blind, v.count_rule}});
  Probe("agree_rule_blind");
  static const char* kRules[] = {"consensus-else-any", "consensus-else-two", "consensus", "any"};
  static const char* kLabels[] = {"the consensus, else any coder", "the consensus, else at least two coders",
                                  "only the consensus", "any coder (ignore the consensus)"};
  int at = 0;
  for (int i = 0; i < 4; ++i)
    if (v.count_rule == kRules[i]) at = i;
  ImGui::TextUnformatted("The assessment counts");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18.f);
  if (ImGui::Combo("###agree_rule_count", &at, kLabels, 4)) out.Push(Agreement{app::cmd::AgreementRules{v.rules_blind, kRules[at]}});
  Probe("agree_rule_count");
}

}  // namespace

void DrawAgreement(const app::AgreementView& v, AgreementUi& ui, app::Commands& out) {
  ImGui::TextUnformatted("Agreement and consensus");
  if (!v.error.empty()) ErrorText(v.error);
  if (!v.message.empty()) MutedText(v.message);
  Rules(v, out);
  Coders(v, ui, out);
  if (v.chosen.empty()) {
    MutedText("Tick two or more coders and Compute. Only answers every chosen coder marked done are compared, "
              "exactly as canvass-cli agreement does.");
  } else {
    ImGui::Separator();
    Table(v, ui);
    ImGui::Separator();
    Disagreements(v, ui, out);
  }
  if (DrawFileChooser(&ui.chooser)) {
    ui.csv_path = ui.chooser.chosen();
    out.Push(Agreement{app::cmd::AgreementExport{ui.csv_path}});
  }
}

}  // namespace canvass::gui
