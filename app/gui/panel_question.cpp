// One question of the interview runner: label (required mark), hint, the widget for its
// type, and its messages. Answers are committed (one SetAnswer) when a field loses focus
// or Enter is pressed, or when a choice is clicked. Widget IDs come from question ids.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>

#include "app/i18n.h"
#include "forms/validation.h"
#include "gui_util.h"
#include "panels.h"

namespace canvass::gui {

using core::Value;
using forms::Question;
using QT = forms::QuestionType;

namespace {

struct Ctx {
  const app::RunnerView& v;
  RunnerUi& ui;
  const forms::Form& form;
  std::string Text(const forms::LocalizedText& t) const { return form.Text(t, v.language); }
};

std::string ValueText(const Value* v) {
  if (!v || v->is_null()) return "";
  if (v->is_string()) return v->as_string();
  if (v->is_number()) return core::FormatNumber(v->as_number());
  return v->ToJson();
}

// The edit buffer for `key`, refilled from the stored value whenever that value changed.
EditBuf& Sync(RunnerUi& ui, const std::string& key, const Value* cur) {
  EditBuf& b = ui.buf[key];
  std::string from = cur ? cur->ToJson() : "null";
  if (!b.init || b.from != from) { b.text = ValueText(cur); b.from = from; b.init = true; }
  return b;
}

// Text to a typed value; "" clears (null). False with *err for a malformed number.
bool Parse(QT type, const std::string& text, Value* out, std::string* err) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) { *out = Value(); return true; }
  if (type == QT::kInteger || type == QT::kDecimal) {
    std::string t = text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1);
    char* end = nullptr;
    if (type == QT::kInteger) {
      long long n = std::strtoll(t.c_str(), &end, 10);
      if (*end) { *err = app::T("question.whole_number"); return false; }
      *out = Value(static_cast<int64_t>(n));
    } else {
      double d = std::strtod(t.c_str(), &end);
      if (*end) { *err = app::T("question.number"); return false; }
      *out = Value(d);
    }
    return true;
  }
  *out = Value(text);
  return true;
}

bool TextWidget(Ctx& c, const Question& q, const Value* cur, const std::string& key, Value* out) {
  EditBuf& b = Sync(c.ui, key, cur);
  const float fs = ImGui::GetFontSize();
  if (q.type == QT::kLongText) {
    ImGui::InputTextMultiline("##v", &b.text, ImVec2(-1, fs * 9.f));
    Probe(key);
  } else {
    ImGuiInputTextFlags flags = 0;
    const char* hint = "";
    if (q.type == QT::kInteger || q.type == QT::kDecimal) { flags = ImGuiInputTextFlags_CharsDecimal; hint = "number"; }
    if (q.type == QT::kDate) hint = "YYYY-MM-DD";
    if (q.type == QT::kTime) hint = "HH:MM";
    if (q.type == QT::kDateTime) hint = "YYYY-MM-DDTHH:MM";
    ImGui::SetNextItemWidth(q.type == QT::kText ? -1.f : fs * 12.f);
    ImGui::InputTextWithHint("##v", hint, &b.text, flags);
    Probe(key);
  }
  if (!ImGui::IsItemDeactivatedAfterEdit()) return false;
  std::string err;
  if (!Parse(q.type, b.text, out, &err)) { c.ui.local_errors[key] = err; return false; }
  c.ui.local_errors.erase(key);
  return true;
}

// The choices to show: those the question's choice_filter offers given the top-level answers
// (inside a repeat the filter's item answers are not known here: all are shown, and a choice
// the filter leaves out is refused by validation).
std::vector<const forms::Choice*> Offered(Ctx& c, const Question& q) {
  if (c.form.FindQuestion(q.id) == &q && c.form.SectionOf(q.id) != nullptr) return forms::OfferedChoices(c.form, q, c.v.answers);
  std::vector<const forms::Choice*> all;
  for (const auto& ch : q.choices) all.push_back(&ch);
  return all;
}

// Long choice lists (more than kFilterFrom choices) get a type-to-filter box; a chosen option
// always stays shown. Returns the lower-cased filter ("" = show all).
constexpr size_t kFilterFrom = 8;
std::string ChoiceFilter(Ctx& c, const Question& q, const std::string& key) {
  if (q.choices.size() <= kFilterFrom) return "";
  std::string& text = c.ui.search[key + "/filter"];
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16.f);
  ImGui::InputTextWithHint("##filter", c.v.language == "es" ? "escriba para filtrar" : "type to filter the list", &text);
  Probe(key + "/filter");
  return app::Lower(text);
}

bool ChoiceWidget(Ctx& c, const Question& q, const Value* cur, const std::string& key, Value* out) {
  bool changed = false;
  const std::string filter = q.type == QT::kYesNo ? "" : ChoiceFilter(c, q, key);
  auto hidden = [&](const forms::Choice& ch, bool chosen) {
    return !filter.empty() && !chosen && app::Lower(c.Text(ch.label)).find(filter) == std::string::npos;
  };
  if (q.type == QT::kYesNo) {
    bool yes = cur && cur->is_bool() && cur->as_bool(), no = cur && cur->is_bool() && !cur->as_bool();
    if (ImGui::RadioButton(Wid(c.v.language == "es" ? "Sí" : "Yes", "yes").c_str(), yes)) { *out = Value(true); changed = true; }
    Probe(key + "/yes");
    ImGui::SameLine();
    if (ImGui::RadioButton(Wid("No", "no").c_str(), no)) { *out = Value(false); changed = true; }
    Probe(key + "/no");
  } else if (q.type == QT::kSingleChoice) {
    for (const forms::Choice* offered : Offered(c, q)) {
      const auto& ch = *offered;
      bool sel = cur && cur->is_string() && cur->as_string() == ch.value;
      if (hidden(ch, sel)) continue;
      if (ImGui::RadioButton(Wid(c.Text(ch.label), "c_" + ch.value).c_str(), sel)) { *out = Value(ch.value); changed = true; }
      Probe(key + "/" + ch.value);
    }
  } else {  // multiple choice: the array keeps the form's choice order
    for (const forms::Choice* offered : Offered(c, q)) {
      const auto& ch = *offered;
      auto has = [&](const std::string& val) {
        if (!cur || !cur->is_array()) return false;
        for (const auto& x : cur->as_array()) if (x.is_string() && x.as_string() == val) return true;
        return false;
      };
      bool checked = has(ch.value);
      if (hidden(ch, checked)) continue;
      bool toggled = ImGui::Checkbox(Wid(c.Text(ch.label), "c_" + ch.value).c_str(), &checked);
      Probe(key + "/" + ch.value);
      if (toggled) {
        Value::Array arr;
        for (const auto& other : q.choices)
          if (other.value == ch.value ? checked : has(other.value)) arr.push_back(Value(other.value));
        *out = arr.empty() ? Value() : Value(std::move(arr));
        changed = true;
      }
    }
  }
  if (cur && !cur->is_null() && !changed) {
    if (ImGui::SmallButton(Wid(app::T("question.clear_answer"), "clear").c_str())) { *out = Value(); changed = true; }
    Probe(key + "/clear");
  }
  return changed;
}

std::string AreaLabel(const app::RunnerView& v, const std::string& id) {
  if (v.areas)
    for (const auto& a : *v.areas)
      if (a.id == id) return a.name + " (" + a.level + " " + a.id + ")";
  return id;
}

// Type-to-search over the workspace's areas; returns the picked id or "".
std::string AreaSearch(Ctx& c, const Question& q, const std::string& key) {
  std::string& text = c.ui.search[key];
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20.f);
  bool enter = ImGui::InputTextWithHint("##search", "type to search areas", &text, ImGuiInputTextFlags_EnterReturnsTrue);
  Probe(key + "/search");
  if (text.empty() || !c.v.areas) return "";
  const std::string needle = app::Lower(text);
  std::string picked;
  int shown = 0;
  for (const auto& a : *c.v.areas) {
    if (!q.area_levels.empty() && std::find(q.area_levels.begin(), q.area_levels.end(), a.level) == q.area_levels.end()) continue;
    if (app::Lower(a.name).find(needle) == std::string::npos && a.id.find(text) == std::string::npos) continue;
    if (enter && shown == 0) picked = a.id;
    if (ImGui::Selectable(Wid(a.name + " (" + a.level + " " + a.id + ")", "a_" + a.id).c_str(), false,
                          ImGuiSelectableFlags_DontClosePopups)) picked = a.id;
    Probe(key + "/area/" + a.id);
    if (++shown >= 8) { MutedText(app::T("question.type_more")); break; }
  }
  if (shown == 0) MutedText(app::T("question.no_area"));
  if (!picked.empty()) text.clear();
  return picked;
}

bool AreaWidget(Ctx& c, const Question& q, const Value* cur, const std::string& key, Value* out) {
  if (q.type == QT::kArea) {
    ImGui::TextUnformatted(
        app::F("question.area", cur && cur->is_string() ? AreaLabel(c.v, cur->as_string()) : app::T("question.no_area_yet")).c_str());
    if (cur && !cur->is_null()) {
      ImGui::SameLine();
      const bool clear = ImGui::SmallButton(Wid(app::T("question.clear"), "clear").c_str());
      Probe(key + "/clear");
      if (clear) { *out = Value(); return true; }
    }
    std::string id = AreaSearch(c, q, key);
    if (!id.empty()) { *out = Value(id); return true; }
    return false;
  }
  Value::Array arr = cur && cur->is_array() ? cur->as_array() : Value::Array{};
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string id = arr[i].is_string() ? arr[i].as_string() : arr[i].ToJson();
    ImGui::BulletText("%s", AreaLabel(c.v, id).c_str());
    ImGui::SameLine();
    const bool remove = ImGui::SmallButton(Wid("Remove", "rm_" + id).c_str());
    Probe(key + "/remove/" + id);
    if (remove) {
      arr.erase(arr.begin() + static_cast<long>(i));
      *out = arr.empty() ? Value() : Value(std::move(arr));
      return true;
    }
  }
  std::string id = AreaSearch(c, q, key);
  if (id.empty() || std::count(arr.begin(), arr.end(), Value(id))) return false;
  arr.push_back(Value(id));
  *out = Value(std::move(arr));
  return true;
}

bool CountTable(Ctx& c, const Question& q, const Value* cur, const std::string& key, Value* out) {
  const bool cols = !q.columns.empty();
  TableScope t("##grid", 1 + (cols ? static_cast<int>(q.columns.size()) : 1),
               ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit,
               ImVec2(0, 0));
  if (!t.open()) return false;
  ImGui::TableSetupColumn("");
  if (cols) for (const auto& col : q.columns) ImGui::TableSetupColumn(c.Text(col.label).c_str());
  else ImGui::TableSetupColumn(c.v.language == "es" ? "Número" : "Count");
  ImGui::TableHeadersRow();
  bool committed = false;
  for (const auto& row : q.rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.Text(row.label).c_str());
    for (size_t j = 0; j < (cols ? q.columns.size() : 1); ++j) {
      ImGui::TableNextColumn();
      std::string cell = cols ? row.value + "|" + q.columns[j].value : row.value;
      IdScope id(cell);
      const Value* cv = cur ? cur->Find(cell) : nullptr;
      EditBuf& b = Sync(c.ui, key + "|" + cell, cv);
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.f);
      ImGui::InputText("##n", &b.text, ImGuiInputTextFlags_CharsDecimal);
      Probe(key + "|" + cell);
      if (!ImGui::IsItemDeactivatedAfterEdit()) continue;
      Value n;
      std::string err;
      if (!Parse(QT::kInteger, b.text, &n, &err)) { c.ui.local_errors[key + "|" + cell] = cell + ": " + err; continue; }
      c.ui.local_errors.erase(key + "|" + cell);
      Value::Object obj = cur && cur->is_object() ? cur->as_object() : Value::Object{};
      if (n.is_null()) obj.erase(cell); else obj[cell] = n;
      *out = obj.empty() ? Value() : Value(std::move(obj));
      committed = true;
    }
  }
  return committed;
}

bool ValueWidget(Ctx& c, const Question& q, const Value* cur, const std::string& key, Value* out) {
  switch (q.type) {
    case QT::kYesNo: case QT::kSingleChoice: case QT::kMultipleChoice: return ChoiceWidget(c, q, cur, key, out);
    case QT::kArea: case QT::kAreas: return AreaWidget(c, q, cur, key, out);
    case QT::kCountTable: return CountTable(c, q, cur, key, out);
    case QT::kNote: case QT::kRepeat: case QT::kCalculate: return false;
    default: return TextWidget(c, q, cur, key, out);
  }
}

void Label(Ctx& c, const Question& q) {
  if (q.required) {
    { ColorScope col(ImGuiCol_Text, kErrorColor); ImGui::TextUnformatted("*"); }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app::T("question.required").c_str());
    ImGui::SameLine();
  }
  ImGui::TextWrapped("%s", c.Text(q.label).c_str());
  if (!q.hint.empty()) MutedText(c.Text(q.hint));
}

void Repeat(Ctx& c, const Question& q, const Value* cur, app::Commands& out) {
  Value::Array items = cur && cur->is_array() ? cur->as_array() : Value::Array{};
  auto commit = [&](Value::Array next) {
    for (auto it = c.ui.buf.lower_bound(q.id + "#"); it != c.ui.buf.end() && it->first.rfind(q.id + "#", 0) == 0;)
      it = c.ui.buf.erase(it);
    out.Push(app::cmd::SetAnswer{q.id, next.empty() ? Value() : Value(std::move(next))});
  };
  for (size_t i = 0; i < items.size(); ++i) {
    IdScope id(static_cast<int>(i));
    ImGui::Separator();
    ImGui::TextUnformatted(app::F("question.item", i + 1).c_str());
    ImGui::SameLine();
    bool remove = ImGui::SmallButton(Wid(app::T("question.remove_item"), "rm_item").c_str());
    Probe(q.id + "#" + std::to_string(i) + "/remove");
    if (remove) {
      Value::Array next = items;
      next.erase(next.begin() + static_cast<long>(i));
      commit(std::move(next));
      return;
    }
    IndentScope indent;
    // A child whose condition is false in this item is not asked (as at the top level; an
    // answer it still holds is cleared when the interview is finalized).
    const std::vector<bool> relevant = forms::RepeatItemRelevance(c.form, q, items[i], c.v.answers);
    for (size_t k = 0; k < q.children.size(); ++k) {
      const auto& child = q.children[k];
      if (!relevant[k]) continue;
      IdScope cid("c_" + child.id);
      Label(c, child);
      const Value* cv = items[i].Find(child.id);
      Value nv;
      if (!ValueWidget(c, child, cv, q.id + "#" + std::to_string(i) + "#" + child.id, &nv)) continue;
      Value::Array next = items;
      Value::Object obj = next[i].is_object() ? next[i].as_object() : Value::Object{};
      if (nv.is_null()) obj.erase(child.id); else obj[child.id] = nv;
      next[i] = Value(std::move(obj));
      out.Push(app::cmd::SetAnswer{q.id, Value(std::move(next))});
    }
  }
  bool add = ImGui::Button(Wid(app::T("question.add_item"), "add_item").c_str());
  Probe(q.id + "/add");
  if (add) {
    items.push_back(Value(Value::Object{}));
    commit(std::move(items));
  }
}

void Messages(const app::RunnerView& v, const Question& q, const RunnerUi& ui) {
  if (auto it = v.errors.find(q.id); it != v.errors.end())
    for (const auto& e : it->second) ErrorText(e.message);
  if (auto it = v.save_errors.find(q.id); it != v.save_errors.end()) ErrorText(app::F("question.not_saved", it->second));
  for (auto it = ui.local_errors.lower_bound(q.id); it != ui.local_errors.end() && it->first.rfind(q.id, 0) == 0; ++it) {
    const std::string& k = it->first;  // "id", "id|cell" or "id#item#child", not "id_other"
    if (k.size() == q.id.size() || k[q.id.size()] == '|' || k[q.id.size()] == '#') ErrorText(app::F("question.not_saved", it->second));
  }
}

}  // namespace

void DrawQuestion(const app::RunnerView& v, const Question& q, RunnerUi& ui, app::Commands& out) {
  IdScope id("q_" + q.id);
  Ctx c{v, ui, *v.form};
  if (q.type == QT::kCalculate) return;  // computed, never asked
  if (q.type == QT::kNote) {
    ImGui::TextWrapped("%s", c.Text(q.label).c_str());
    if (!q.hint.empty()) MutedText(c.Text(q.hint));
    ImGui::Spacing();
    return;
  }
  Label(c, q);
  auto it = v.answers.find(q.id);
  const Value* cur = it == v.answers.end() ? nullptr : &it->second;
  if (q.type == QT::kRepeat) {
    Repeat(c, q, cur, out);
  } else {
    Value nv;
    if (ValueWidget(c, q, cur, q.id, &nv)) out.Push(app::cmd::SetAnswer{q.id, std::move(nv)});
  }
  Messages(v, q, ui);
  ImGui::Spacing();
  ImGui::Separator();
}

}  // namespace canvass::gui
