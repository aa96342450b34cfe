// The publication ledger's rules: record fingerprints and the gate between releases.
#include "assessment/release.h"

#include <system_error>
#include <thread>

#include "core/crypto_util.h"

namespace canvass::assessment {

namespace {

void Put(std::string* s, const std::string& v) {
  *s += std::to_string(v.size());
  *s += ':';
  *s += v;
}

void Put(std::string* s, const std::vector<std::string>& v) {
  *s += '[';
  for (const auto& x : v) Put(s, x);
  *s += ']';
}

void Put(std::string* s, const std::optional<double>& v) { Put(s, v ? core::FormatNumber(*v) : std::string("-")); }

void Put(std::string* s, const std::map<std::string, double>& m) {
  *s += '{';
  for (const auto& [k, v] : m) {
    Put(s, k);
    Put(s, core::FormatNumber(v));
  }
  *s += '}';
}

std::string StakeholderPrint(const StakeholderFact& f) {
  std::string s = "stakeholder";
  for (const auto* v : {&f.form_id, &f.role, &f.concern}) Put(&s, *v);
  for (const auto* v : {&f.concern_areas, &f.instability_areas, &f.forms, &f.place_types, &f.industries, &f.instability_factors,
                        &f.reported_to})
    Put(&s, *v);
  return core::Blake2bHex(s, 16);
}

std::string SheetPrint(const DataSheetFact& d) {
  std::string s = "sheet";
  for (const auto* v : {&d.agency_key, &d.agency_type, &d.period_start, &d.period_end}) Put(&s, *v);
  Put(&s, d.areas);
  for (const auto* v : {&d.served_total, &d.le_identified_total, &d.tips_total, &d.prosecutions_total}) Put(&s, *v);
  for (const auto& [t, rows] : d.tables) {
    Put(&s, t);
    Put(&s, rows);
  }
  Put(&s, d.silent_sources);
  for (const auto* m : {&d.served_by_year, &d.identified_by_year, &d.prosecutions_by_year}) Put(&s, *m);
  return core::Blake2bHex(s, 16);
}

}  // namespace

// The stakeholders' prints are hashed by two threads (100,000 interviews take about 0.3 s on
// one), each into its own slots, so the result does not depend on the threads. A record named
// twice keeps its last print, as one pass in order would.
std::map<std::string, std::string> RecordFingerprints(const AssessmentInput& in) {
  const auto& st = in.stakeholders;
  std::vector<std::string> prints(st.size());
  auto hash = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i)
      if (!st[i].record.empty()) prints[i] = StakeholderPrint(st[i]);
  };
  size_t half = st.size() / 2;
  std::thread helper;
  if (half >= 1024) {
    try {
      helper = std::thread(hash, half, st.size());
    } catch (const std::system_error&) {
      // no thread available: in turn, below
    }
  }
  hash(0, helper.joinable() ? half : st.size());
  if (helper.joinable()) helper.join();
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < st.size(); ++i) {
    if (st[i].record.empty()) continue;
    if (out.empty() || out.rbegin()->first < st[i].record) {  // facts come in record order: appended in constant time
      out.emplace_hint(out.end(), st[i].record, std::move(prints[i]));
    } else {
      out[st[i].record] = std::move(prints[i]);
    }
  }
  for (const auto& d : in.data_sheets)
    if (!d.record.empty()) out[d.record] = SheetPrint(d);
  return out;
}

int ChangedRecords(const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& now) {
  int n = 0;
  auto a = before.begin(), b = now.begin();
  while (a != before.end() || b != now.end()) {
    if (b == now.end() || (a != before.end() && a->first < b->first)) { ++n; ++a; }
    else if (a == before.end() || b->first < a->first) { ++n; ++b; }
    else { n += a->second != b->second ? 1 : 0; ++a; ++b; }
  }
  return n;
}

core::Status CheckRelease(const std::map<std::string, std::string>& now, const std::vector<PriorRelease>& earlier, int threshold) {
  for (const auto& r : earlier) {
    int n = ChangedRecords(r.records, now);
    if (n == 0 || n >= threshold) continue;
    return core::Status::Conflict(
        "only " + std::to_string(n) + " final interview(s) or data sheet(s) changed since release " + r.id + " (" + r.created_at +
        "); a new release could be compared with that one to reveal them. Share " + r.id + " again, wait until at least " +
        std::to_string(threshold) + " records have changed, or add --not-for-release for a draft for your own eyes only");
  }
  return core::Status::Ok();
}

}  // namespace canvass::assessment
