// InterviewTable view-model: filtering and sorting over many rows, done once per change.
#include <catch2/catch.hpp>

#include "app/view_table.h"

using namespace canvass::app;

namespace {
std::vector<InterviewRow> MakeRows(int n) {
  std::vector<InterviewRow> rows;
  for (int i = 0; i < n; ++i) {
    InterviewRow r;
    r.uuid = "u" + std::to_string(i);
    r.form_id = i % 3 ? "outreach_provider" : "community_member";
    r.form_title = r.form_id;
    r.status = i % 4 ? "final" : "draft";
    r.interviewer = i % 2 ? "Ana" : "Luis";
    char hlc[17];
    std::snprintf(hlc, sizeof hlc, "%016x", i);
    r.created_hlc = hlc;
    r.created = "2026-01-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1) + " 10:00";
    r.areas = i % 5 ? "48201" : "48113, 48439";
    r.answered = i % 40;
    rows.push_back(std::move(r));
  }
  return rows;
}
}  // namespace

TEST_CASE("table: 100,000 rows filter and sort in the view-model", "[gui][table]") {
  InterviewTable t;
  t.SetRows(MakeRows(100000));
  CHECK(t.visible().size() == 100000);
  CHECK(t.rows()[t.visible()[0]].uuid == "u99999");  // newest first by default
  cmd::TableFilter f;
  f.status = "draft";
  t.SetFilter(f);
  CHECK(t.visible().size() == 25000);
  f.interviewer = "luis";  // case-insensitive substring
  t.SetFilter(f);
  CHECK(t.visible().size() == 25000);
  f.area = "48113";
  t.SetFilter(f);
  CHECK(t.visible().size() == 5000);
  f = {};
  f.form_id = "community_member";
  f.date_from = "2026-01-02";
  f.date_to = "2026-01-03";
  t.SetFilter(f);
  for (int i : t.visible()) {
    CHECK(t.rows()[i].form_id == "community_member");
    CHECK(t.rows()[i].created.substr(0, 10) >= "2026-01-02");
  }
  t.SetFilter({});
  t.SetSort(cmd::Column::kAnswered, true);
  CHECK(t.rows()[t.visible().front()].answered == 0);
  CHECK(t.rows()[t.visible().back()].answered == 39);
  t.SetSort(cmd::Column::kInterviewer, true);
  CHECK(t.rows()[t.visible().front()].interviewer == "Ana");
}

TEST_CASE("table: text search uses the index - upsert replaces by uuid", "[gui][table]") {
  InterviewTable t;
  t.SetRows(MakeRows(10));
  cmd::TableFilter f;
  f.text = "Motel";
  t.SetFilter(f);
  CHECK(t.visible().size() == 10);  // no index yet: the text filter waits
  t.SetTextIndex({{"u3", "seen at the motel on route 9\n"}});
  CHECK(t.visible().size() == 1);
  t.UpdateText("u4", "another motel\n");
  CHECK(t.visible().size() == 2);
  InterviewRow r = *t.Find("u4");
  r.status = "draft";
  t.Upsert(r);
  CHECK(t.rows().size() == 10);
  CHECK(t.Find("u4")->status == "draft");
  t.Clear();
  CHECK(t.rows().empty());
  CHECK_FALSE(t.has_text_index());
}
