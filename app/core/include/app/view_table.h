// InterviewTable: the interviews table's view-model. Holds one display row per interview,
// filters and sorts them into a list of visible row indices only when the filter, sort or
// rows change (never per frame), so the GUI can clip-draw 100,000 rows smoothly.
// Plain data, single-threaded (owned by the Controller).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "app/ui_commands.h"
#include "storage/types.h"

namespace canvass::app {

struct InterviewRow {
  std::string uuid, form_id, form_title, role, status, interviewer, language;
  std::string created;      // "YYYY-MM-DD HH:MM" UTC
  std::string created_hlc;  // sort key
  std::string updated_hlc;  // last change (sort key of "last edited")
  std::string areas;        // area ids joined with ", "
  int answered = 0;
  bool has_conflicts = false;
};

// "YYYY-MM-DD HH:MM" (UTC) from an HLC text timestamp; "" if malformed.
std::string HlcToDisplay(const std::string& hlc);
InterviewRow RowFromSummary(const storage::InterviewSummary& s, const std::string& form_title);
// ASCII lower-casing used for case-insensitive search.
std::string Lower(std::string s);

class InterviewTable {
 public:
  void SetRows(std::vector<InterviewRow> rows);
  // Replaces the row with the same uuid or appends it; re-filters unless told not to
  // (the controller defers re-filtering 100,000 rows until the table is shown).
  void Upsert(InterviewRow row, bool refresh = true);
  void SetFilter(const cmd::TableFilter& f);
  void SetSort(cmd::Column c, bool ascending);
  // Lower-cased text answers per interview uuid, for the text search.
  void SetTextIndex(std::unordered_map<std::string, std::string> index);
  void UpdateText(const std::string& uuid, std::string lower_text);
  bool has_text_index() const { return text_ready_; }

  const std::vector<InterviewRow>& rows() const { return rows_; }
  const std::vector<int>& visible() const { return visible_; }
  const cmd::TableFilter& filter() const { return filter_; }
  cmd::Column sort_column() const { return sort_col_; }
  bool sort_ascending() const { return sort_asc_; }
  const InterviewRow* Find(const std::string& uuid) const;
  void Clear();

 private:
  bool Matches(const InterviewRow& r) const;
  void Refresh();

  std::vector<InterviewRow> rows_;
  std::unordered_map<std::string, int> by_uuid_;
  std::unordered_map<std::string, std::string> text_;
  bool text_ready_ = false;
  std::vector<int> visible_;
  cmd::TableFilter filter_;
  cmd::Column sort_col_ = cmd::Column::kCreated;
  bool sort_asc_ = false;
};

}  // namespace canvass::app
