// XLSForm type cells ("select_one list or_other", "canvass_count_table rows cols", metadata
// rows) and appearances (display-only ones accepted, the rest refused).
#include <algorithm>
#include <cctype>

#include "xlsform_internal.h"

namespace canvass::forms::xlsform {

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Parses a type cell; `problem` says why a type cannot be taken ("" when fine or skipped).
Type ParseType(const std::string& cell, std::string* problem, bool* metadata) {
  std::vector<std::string> w = Words(Lower(cell));
  Type t;
  *metadata = false;
  const std::string head = w.empty() ? "" : w[0];
  auto simple = [&](const char* name) { return w.size() == 1 && head == name; };
  for (const char* s : {"text", "integer", "decimal", "date", "time", "datetime", "note", "calculate"})
    if (simple(s)) t.canvass = s;
  if (simple("int")) t.canvass = "integer";
  if (simple("canvass_yes_no")) t.canvass = "yes_no";
  if (simple("canvass_area")) t.canvass = "area";
  if (simple("canvass_areas")) t.canvass = "areas";
  if (!t.canvass.empty()) return t;
  // select_one L [or_other]; the old "select one from L [or specify other]" spellings too.
  size_t from = 0;
  if ((head == "select_one" || head == "select_multiple") && w.size() >= 2) from = 1;
  else if (w.size() >= 4 && w[0] == "select" && w[1] == "one" && w[2] == "from") from = 3;
  else if (w.size() >= 6 && w[0] == "select" && w[1] == "all" && w[3] == "apply" && w[4] == "from") from = 5;
  if (from > 0) {
    t.canvass = head == "select_multiple" || w[1] == "all" ? "multiple_choice" : "single_choice";
    t.list = Words(cell)[from];  // list names keep their case
    std::vector<std::string> rest(w.begin() + static_cast<long>(from) + 1, w.end());
    t.or_other = rest == std::vector<std::string>{"or_other"} || rest == std::vector<std::string>{"or", "specify", "other"};
    if (!rest.empty() && !t.or_other) *problem = "\"" + cell + "\": only \"or_other\" may follow the list name";
    return t;
  }
  if (head == "canvass_count_table" && (w.size() == 2 || w.size() == 3)) {
    t.canvass = "count_table";
    t.list = Words(cell)[1];
    if (w.size() == 3) t.list2 = Words(cell)[2];
    return t;
  }
  if (simple("start") || simple("end") || simple("today")) {
    *metadata = true;
    return t;
  }
  for (const char* id : {"deviceid", "subscriberid", "simserial", "phonenumber", "username", "email", "audit", "start-geopoint",
                         "background-audio", "uri:deviceid", "uri:username", "uri:email", "uri:phonenumber", "uri:subscriberid",
                         "uri:simserial"})
    if (simple(id)) {
      *problem = "type \"" + cell + "\" records who or which device answered; Canvass never keeps that beside the answers (it "
                                     "records the interviewer itself); delete the row";
      return t;
    }
  if (simple("acknowledge") || simple("trigger"))
    *problem = "type \"acknowledge\" is not supported; use a note, or a select_one with yes/no choices";
  else
    *problem = "type \"" + cell + "\" is not supported by Canvass (it takes text, integer, decimal, date, time, datetime, "
               "select_one, select_multiple, note, calculate, begin/end group, begin/end repeat)";
  return t;
}

namespace {
const std::vector<std::string> kDisplayOnly = {"minimal", "compact", "quick", "horizontal", "horizontal-compact", "likert",
                                               "autocomplete", "autocomplete_chars", "label", "list-nolabel", "list",
                                               "no-calendar", "thousands-sep", "numbers", "field-list", "table-list"};

}  // namespace

// Applies the appearance cell; returns false (issue recorded) for one Canvass cannot honour.
bool Appearance(Ctx* ctx, const Sheet& s, size_t r, std::string* type) {
  const std::string cell = s.Get(r, "appearance");
  for (const std::string& a : Words(Lower(cell))) {
    if (a == "multiline" && *type == "text") {
      *type = "long_text";
      continue;
    }
    bool display = std::find(kDisplayOnly.begin(), kDisplayOnly.end(), a) != kDisplayOnly.end() ||
                   (a.rfind("compact-", 0) == 0) || (a.size() >= 2 && a[0] == 'w' && std::isdigit(static_cast<unsigned char>(a[1])));
    if (!display) {
      ctx->Issue(s, s.row_numbers[r], "appearance", "appearance \"" + a + "\" is not supported by Canvass (it changes what is "
                                                    "asked or recorded); remove it");
      return false;
    }
    ctx->Note("display appearances (minimal, compact, field-list, ...) are not kept: Canvass shows each question its own way");
  }
  return true;
}

}  // namespace canvass::forms::xlsform
