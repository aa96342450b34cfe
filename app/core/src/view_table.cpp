// InterviewTable: filtering and sorting of interview rows for the interviews table.
#include "app/view_table.h"

#include <algorithm>

#include "core/clock.h"

namespace canvass::app {

bool cmd::TableFilter::operator==(const TableFilter& o) const {
  return status == o.status && form_id == o.form_id && area == o.area && interviewer == o.interviewer &&
         date_from == o.date_from && date_to == o.date_to && text == o.text;
}

std::string HlcToDisplay(const std::string& hlc) {
  uint64_t t = 0;
  if (!core::Hlc::FromText(hlc, &t)) return "";
  std::string iso = core::FormatIsoUtc(core::Hlc::Millis(t));  // 2026-11-24T17:10:33Z
  if (iso.size() < 16) return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

InterviewRow RowFromSummary(const storage::InterviewSummary& s, const std::string& form_title) {
  InterviewRow r;
  r.uuid = s.header.uuid;
  r.form_id = s.header.form_id;
  r.form_title = form_title.empty() ? s.header.form_id : form_title;
  r.role = s.header.respondent_role;
  r.status = s.status;
  r.interviewer = s.header.interviewer;
  r.language = s.header.language;
  r.created_hlc = s.header.created_hlc;
  r.created = HlcToDisplay(s.header.created_hlc);
  r.updated_hlc = s.updated_hlc;
  for (size_t i = 0; i < s.areas.size(); ++i) r.areas += (i ? ", " : "") + s.areas[i];
  r.answered = s.answered;
  r.has_conflicts = s.has_conflicts;
  return r;
}

void InterviewTable::Clear() {
  for (auto& [uuid, text] : text_) core::Wipe(text);
  *this = InterviewTable();
}

void InterviewTable::SetRows(std::vector<InterviewRow> rows) {
  rows_ = std::move(rows);
  by_uuid_.clear();
  for (size_t i = 0; i < rows_.size(); ++i) by_uuid_[rows_[i].uuid] = static_cast<int>(i);
  Refresh();
}

void InterviewTable::Upsert(InterviewRow row, bool refresh) {
  auto it = by_uuid_.find(row.uuid);
  if (it != by_uuid_.end()) {
    rows_[it->second] = std::move(row);
  } else {
    by_uuid_[row.uuid] = static_cast<int>(rows_.size());
    rows_.push_back(std::move(row));
  }
  if (refresh) Refresh();
}

const InterviewRow* InterviewTable::Find(const std::string& uuid) const {
  auto it = by_uuid_.find(uuid);
  return it == by_uuid_.end() ? nullptr : &rows_[it->second];
}

void InterviewTable::SetFilter(const cmd::TableFilter& f) {
  if (f == filter_) return;
  filter_ = f;
  Refresh();
}

void InterviewTable::SetSort(cmd::Column c, bool ascending) {
  sort_col_ = c;
  sort_asc_ = ascending;
  Refresh();
}

void InterviewTable::SetTextIndex(std::unordered_map<std::string, std::string> index) {
  text_ = std::move(index);
  text_ready_ = true;
  Refresh();
}

void InterviewTable::UpdateText(const std::string& uuid, std::string lower_text) {
  if (!text_ready_) return;
  text_[uuid] = std::move(lower_text);
  Refresh();
}

namespace {
bool ContainsCi(const std::string& hay, const std::string& needle) {
  return needle.empty() || Lower(hay).find(Lower(needle)) != std::string::npos;
}
}  // namespace

bool InterviewTable::Matches(const InterviewRow& r) const {
  const auto& f = filter_;
  if (!f.status.empty() && r.status != f.status) return false;
  if (!f.form_id.empty() && r.form_id != f.form_id) return false;
  if (!ContainsCi(r.areas, f.area)) return false;
  if (!ContainsCi(r.interviewer, f.interviewer)) return false;
  std::string day = r.created.substr(0, 10);
  if (!f.date_from.empty() && day < f.date_from) return false;
  if (!f.date_to.empty() && day > f.date_to) return false;
  if (!f.text.empty() && text_ready_) {
    auto it = text_.find(r.uuid);
    if (it == text_.end() || it->second.find(Lower(f.text)) == std::string::npos) return false;
  }
  return true;
}

void InterviewTable::Refresh() {
  visible_.clear();
  for (size_t i = 0; i < rows_.size(); ++i)
    if (Matches(rows_[i])) visible_.push_back(static_cast<int>(i));
  auto key = [this](const InterviewRow& r) -> const std::string& {
    switch (sort_col_) {
      case cmd::Column::kForm: return r.form_title;
      case cmd::Column::kRole: return r.role;
      case cmd::Column::kStatus: return r.status;
      case cmd::Column::kAreas: return r.areas;
      case cmd::Column::kInterviewer: return r.interviewer;
      default: return r.created_hlc;
    }
  };
  std::stable_sort(visible_.begin(), visible_.end(), [&](int a, int b) {
    const auto& ra = rows_[a];
    const auto& rb = rows_[b];
    if (sort_col_ == cmd::Column::kAnswered)
      return sort_asc_ ? ra.answered < rb.answered : ra.answered > rb.answered;
    int c = key(ra).compare(key(rb));
    if (c == 0) c = ra.created_hlc.compare(rb.created_hlc);
    return sort_asc_ ? c < 0 : c > 0;
  });
}

}  // namespace canvass::app
