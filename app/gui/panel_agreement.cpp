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
#include <filesystem>

#include "app/i18n.h"
#include "gui_util.h"
#include "panels.h"
#include "text_layout.h"

namespace canvass::gui {

namespace {

using app::cmd::Agreement;

std::string Fmt(const std::optional<double>& d) { return d ? app::i18n::Current().Decimal(*d, 3) : app::T("agreement.na"); }

// "[start, end)": offsets into the answer, written without thousands separators.
std::string Span(int64_t s, int64_t e) { return "[" + std::to_string(s) + ", " + std::to_string(e) + ")"; }

// A settlement state (DisagreementRow::settled) in words; "" (open) stays "".
std::string SettledText(const std::string& state) {
  if (state == "coded") return app::T("consensus.state_coded");
  if (state == "no code") return app::T("consensus.state_no_code");
  if (state == "partly coded") return app::T("consensus.state_partly");
  return state;
}

// On the same line as the last item when a button labelled `label` still fits there (labels are
// longer in some languages), else on the next line.
void SameLineIfFits(const std::string& label) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float need = st.ItemSpacing.x + ImGui::CalcTextSize(label.c_str()).x + st.FramePadding.x * 2.f;
  if (ImGui::GetItemRectMax().x + need <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

// [SECTION] coders and table

void Coders(const app::AgreementView& v, AgreementUi& ui, app::Commands& out) {
  if (!ui.chosen_init && !v.coders.empty()) {  // start with the last choice, else the first two coders
    for (const auto& c : v.chosen.empty() ? std::vector<std::string>(v.coders.begin(), v.coders.begin() + std::min<size_t>(2, v.coders.size()))
                                          : v.chosen)
      ui.chosen.insert(c);
    ui.chosen_init = true;
  }
  ImGui::TextUnformatted(app::T("agreement.coders").c_str());
  if (v.coders.empty()) MutedText(app::T("agreement.no_coders"));
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
  std::string shown = app::T("agreement.every_answer");
  for (const auto& s : v.sets)
    if (s.id == ui.set) shown = app::F("agreement.set_named", s.name);
  LabelBefore(app::T("agreement.answers"));  // labels before their controls, reading left to right
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12.f);
  {
    ComboScope c("###agree_set", shown.c_str());
    Probe("agree_set");
    if (c.open()) {
      if (ImGui::Selectable(Wid(app::T("agreement.every_answer"), "all").c_str(), ui.set.empty())) ui.set.clear();
      for (size_t i = 0; i < v.sets.size(); ++i) {
        std::string id = "agree_set_" + std::to_string(i);
        if (ImGui::Selectable(Wid(v.sets[i].name + "  (" + app::i18n::Current().Number(v.sets[i].answers) + ")", id).c_str(), ui.set == v.sets[i].id))
          ui.set = v.sets[i].id;
      }
    }
  }
  ImGui::SameLine();
  std::vector<std::string> chosen;
  for (const auto& c : v.coders)  // in the listed order (the CLI's --coders order decides the columns)
    if (ui.chosen.count(c)) chosen.push_back(c);
  if (ImGui::Button(Wid(app::T("agreement.compute"), "agree_compute").c_str())) out.Push(Agreement{app::cmd::AgreementCompute{chosen, ui.set}});
  Probe("agree_compute");
}

void FiguresRow(const app::AgreementRow& r) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(r.code_path.c_str());
  for (const auto* f : {&r.character, &r.segment}) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(app::i18n::Current().Number(static_cast<int64_t>(f->units)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Fmt(f->percent_agreement).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Fmt(f->cohen_kappa).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Fmt(f->krippendorff_alpha).c_str());
  }
}

void Table(const app::AgreementView& v, AgreementUi& ui) {
  std::string coders;
  for (size_t i = 0; i < v.chosen.size(); ++i) coders += (i ? ", " : "") + v.chosen[i];
  std::string head = app::P("agreement.head", v.answers, coders) + " (" + app::P("agreement.codings", v.codings) +
                     (v.needs_review ? "; " + app::P("agreement.needs_review", v.needs_review) : "") + ")";
  for (const auto& s : v.sets)
    if (s.id == v.set) head += ", " + app::F("agreement.set_named", s.name);
  ImGui::TextWrapped("%s.", head.c_str());
  if (v.answers == 0) MutedText(app::T("agreement.no_answers"));
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingFixedFit;
  float h = (ImGui::GetTextLineHeightWithSpacing() + 2.f) * static_cast<float>(std::min<size_t>(v.rows.size() + 2, 10));
  {
    TableScope t("###agree_table", 9, flags, ImVec2(0, h));
    if (t.open()) {
      ImGui::TableSetupScrollFreeze(1, 1);
      int col = 0;
      for (const char* c : {"agreement.col_code", "agreement.col_characters", "agreement.col_agree", "agreement.col_kappa",
                            "agreement.col_alpha", "agreement.col_answers", "agreement.col_agree", "agreement.col_kappa",
                            "agreement.col_alpha"})
        ImGui::TableSetupColumn(app::T(c).c_str(), col++ == 0 ? ImGuiTableColumnFlags_WidthStretch : 0);
      ImGui::TableHeadersRow();
      for (const auto& r : v.rows) FiguresRow(r);
      FiguresRow(v.pooled);
    }
  }
  int notes = 0;
  for (const auto& r : v.rows)
    if (!r.prevalence_note.empty() && notes++ < 3) ImGui::TextWrapped("%s", app::F("agreement.why_low", r.prevalence_note).c_str());
  if (!v.pooled.prevalence_note.empty()) ImGui::TextWrapped("%s", app::F("agreement.why_low", v.pooled.prevalence_note).c_str());
  MutedText(app::T("agreement.reading"));
  if (ImGui::Button(Wid(app::T("agreement.export_csv"), "agree_csv").c_str())) {
    std::string dir = std::filesystem::path(ui.csv_path).parent_path().string();
    ui.chooser.Open(FileChooser::Mode::kSave, "agreement_csv", app::T("agreement.csv_title"),
                    (dir.empty() ? HomeDir() : dir) + "/agreement.csv", {".csv"});
  }
  Probe("agree_csv");
  if (!ui.csv_path.empty()) { ImGui::SameLine(); MutedText(app::F("agreement.last_written", ui.csv_path)); }
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
  for (int k = 0; k < cols; ++k)  // the last column is the consensus's
    ImGui::TableSetupColumn(k == cols - 1 ? app::T("agreement.consensus_column").c_str() : v.columns[k].coder.c_str());
  ImGui::TableHeadersRow();
  ImGui::TableNextRow();
  for (int k = 0; k < cols; ++k) {
    const auto& c = v.columns[k];
    ImGui::TableNextColumn();
    IdScope id(k);
    const bool consensus = k == cols - 1;
    const std::string& done = app::T(c.done ? "agreement.done" : "agreement.not_done");
    MutedText(c.spans.empty() ? app::F("agreement.column_no_code", done, d.code_path)
                              : app::P("agreement.column_codings", static_cast<int64_t>(c.spans.size()), done));
    AnswerColumn(v, c, d, consensus ? &ui : nullptr, "agree_text_" + std::to_string(k));
    for (const auto& s : c.spans) {
      IdScope sid(s.coding_id);
      std::string fate = s.fate == "moved" ? app::T("consensus.fate_moved")
                         : s.fate == "needs_review" ? app::T("consensus.fate_needs_review") : s.fate;
      ImGui::TextUnformatted((Span(s.start, s.end) + (s.fate == "ok" ? "" : "  (" + fate + ")")).c_str());
      if (consensus) {
        ImGui::SameLine();
        if (ImGui::SmallButton(Wid(app::T("agreement.remove"), "agree_remove").c_str())) out.Push(Agreement{app::cmd::AgreementRemove{s.coding_id}});
      }
    }
    if (!consensus) {
      std::string bid = "agree_accept_" + std::to_string(k);
      const bool coded = std::find(d.applied_by.begin(), d.applied_by.end(), c.coder) != d.applied_by.end();
      DisabledScope dis(!coded);
      if (ImGui::Button(Wid(app::F("agreement.accept", c.coder), bid).c_str(), ImVec2(-1, 0)))
        out.Push(Agreement{app::cmd::AgreementAccept{c.coder}});
      Probe(bid);
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", app::F("agreement.accept_tip", c.coder, d.code_path).c_str());
      if (static_cast<size_t>(k) < v.accept_preview.size()) ImGui::TextWrapped("%s", v.accept_preview[k].text.c_str());
    }
  }
}

// [SECTION] disagreements

void Disagreements(const app::AgreementView& v, AgreementUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::F("agreement.disagreements", static_cast<int64_t>(v.disagreements.size()), v.settled).c_str());
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
          std::string label = std::string(d.settled.empty() ? "" : "[" + SettledText(d.settled) + "] ") + d.code_path +
                              "\n  " + d.label.substr(0, 30) + "  " + Span(d.start, d.end) + "  " + app::F("agreement.by", by);
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
    ImGui::TextWrapped("%s", app::T("agreement.blind_hidden").c_str());
    return;
  }
  std::string key = d.answer_id + "|" + d.code_guid + "|" + std::to_string(d.start);
  if (ui.answer_key != key) { ui.answer_key = key; ui.anchor = d.start; ui.caret = d.end; }
  ImGui::TextWrapped("%s", d.label.c_str());
  std::string notby;
  for (const auto& c : d.not_applied_by) notby += (notby.empty() ? "" : ", ") + c;
  MutedText(app::F("agreement.not_coded_by", d.code_path, Span(d.start, d.end), notby) + "  |  " +
            (d.settled.empty() ? app::T("agreement.open") : app::F("agreement.settled_as", SettledText(d.settled))));
  Columns(v, ui, d, out);
  int lo = static_cast<int>(ui.lo()), hi = static_cast<int>(ui.hi());
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.f);
  if (ImGui::InputInt(Wid(app::T("agreement.from"), "agree_from").c_str(), &lo, 0)) ui.anchor = lo;
  Probe("agree_from");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.f);
  if (ImGui::InputInt(Wid(app::T("agreement.to"), "agree_to").c_str(), &hi, 0)) ui.caret = hi;
  Probe("agree_to");
  if (ui.lo() != v.preview_start || ui.hi() != v.preview_end)  // what applying it would settle, before deciding
    out.Push(Agreement{app::cmd::AgreementPreview{ui.lo(), ui.hi()}});
  SameLineIfFits(app::T("agreement.apply"));
  if (ImGui::Button(Wid(app::T("agreement.apply"), "agree_apply").c_str()))
    out.Push(Agreement{app::cmd::AgreementApplySpan{ui.lo(), ui.hi()}});
  Probe("agree_apply");
  SameLineIfFits(app::T("agreement.no_code"));
  if (ImGui::Button(Wid(app::T("agreement.no_code"), "agree_nocode").c_str())) out.Push(Agreement{app::cmd::AgreementNoCode{}});
  Probe("agree_nocode");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", app::F("agreement.no_code_tip", d.code_path, Span(d.start, d.end)).c_str());
  ImGui::TextWrapped("%s", app::F("agreement.apply_preview", v.apply_preview.text.empty() ? app::T("agreement.select_some")
                                                                                          : v.apply_preview.text).c_str());
  ImGui::TextWrapped("%s", app::F("agreement.no_code_preview", v.nocode_preview.text).c_str());
  MutedText(app::T("agreement.drag_hint"));
}

// The project's coding rules: the coordinator (central) edits them; coders see them.
void Rules(const app::AgreementView& v, app::Commands& out) {
  if (v.count_rule.empty()) return;
  if (!v.can_set_rules) {
    MutedText(app::F("agreement.rules_read_only", app::T(v.rules_blind ? "agreement.on" : "agreement.off"), v.count_rule_text));
    return;
  }
  bool blind = v.rules_blind;
  if (ImGui::Checkbox(Wid(app::T("agreement.blind"), "agree_rule_blind").c_str(), &blind))
    out.Push(Agreement{app::cmd::AgreementRules{blind, v.count_rule}});
  Probe("agree_rule_blind");
  static const char* kRules[] = {"consensus-else-any", "consensus-else-two", "consensus", "any"};
  const char* labels[] = {app::T("agreement.rule_consensus_else_any").c_str(), app::T("agreement.rule_consensus_else_two").c_str(),
                          app::T("agreement.rule_consensus").c_str(), app::T("agreement.rule_any").c_str()};
  int at = 0;
  for (int i = 0; i < 4; ++i)
    if (v.count_rule == kRules[i]) at = i;
  ImGui::TextUnformatted(app::T("agreement.assessment_counts").c_str());
  ImGui::SameLine();
  float wide = ImGui::GetFontSize() * 18.f;  // at least; wider when a label (in Spanish, say) is longer
  for (const char* l : labels)
    wide = std::max(wide, ImGui::CalcTextSize(l).x + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2.f);
  ImGui::SetNextItemWidth(wide);
  if (ImGui::Combo("###agree_rule_count", &at, labels, 4)) out.Push(Agreement{app::cmd::AgreementRules{v.rules_blind, kRules[at]}});
  Probe("agree_rule_count");
}

}  // namespace

void DrawAgreement(const app::AgreementView& v, AgreementUi& ui, app::Commands& out) {
  ImGui::TextUnformatted(app::T("agreement.title").c_str());
  if (!v.error.empty()) ErrorText(v.error);
  if (!v.message.empty()) MutedText(v.message);
  Rules(v, out);
  Coders(v, ui, out);
  if (v.chosen.empty()) {
    MutedText(app::T("agreement.intro"));
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
