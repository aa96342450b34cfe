// Property: devices edit (also the same interviews, also against central corrections),
// export bundles; importing them in any order, with duplicates, gives one digest, one
// conflict set, and every value ever written survives (current, in a conflict, or history).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>

#include "sync_fixture.h"

using namespace canvass;
using namespace canvass::testing;

namespace {

std::set<std::string> VersionIds(storage::Workspace* ws) {
  int64_t hw = 0;
  auto cs = ws->CollectChanges(0, &hw);
  REQUIRE(cs.ok());
  std::set<std::string> ids;
  for (const auto& v : cs->versions) ids.insert(v.id);
  return ids;
}

std::set<std::string> ConflictKeys(storage::Workspace* ws) {
  auto list = ws->ListConflicts();
  REQUIRE(list.ok());
  std::set<std::string> out;
  for (const auto& c : *list) {
    std::string k = c.kind + "/" + c.subject + "/" + c.field;
    for (const auto& h : c.heads) k += "/" + h.id;
    out.insert(k);
  }
  return out;
}

// Random edits on a device: answers of interviews it holds, sometimes a new interview.
void RandomWork(storage::Workspace* f, const std::vector<std::string>& qs, std::mt19937& rng, int edits, const std::string& tag) {
  auto list = f->ListInterviews();
  REQUIRE(list.ok());
  for (int i = 0; i < edits; ++i) {
    if (list->empty() || rng() % 5 == 0) {
      NewInterview(f, qs[rng() % qs.size()], tag + " new " + std::to_string(i));
      list = f->ListInterviews();
      continue;
    }
    const auto& iv = (*list)[rng() % list->size()];
    auto st = f->SetAnswer(iv.header.uuid, qs[rng() % qs.size()], core::Value(tag + " edit " + std::to_string(i)), tag);
    // A cell already in conflict on this device cannot be edited before it is resolved.
    if (!st.ok()) CHECK(st.code() == core::Code::kConflict);
  }
}

}  // namespace

TEST_CASE("merge is idempotent, commutative and associative over real bundles") {
  unsigned seed = 20261124u;
  if (const char* s = std::getenv("CANVASS_PROPERTY_SEED")) seed = static_cast<unsigned>(std::atoi(s));
  int orders = 12;
  if (const char* s = std::getenv("CANVASS_PROPERTY_ORDERS")) orders = std::max(2, std::atoi(s));
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  Project p(3);
  auto qs = TextQuestions(p.fields[0].get());
  // Phase 1: each device interviews and edits; the central takes everything in order.
  std::vector<std::string> phase1;
  for (size_t d = 0; d < p.fields.size(); ++d) {
    RandomWork(p.fields[d].get(), qs, rng, 8, "d" + std::to_string(d));
    phase1.push_back(p.Export(p.fields[d].get()));
  }
  for (const auto& b : phase1) REQUIRE(sync::ImportBundle(p.central.get(), b).ok());
  // Central corrections, then every device receives every interview.
  RandomWork(p.central.get(), qs, rng, 6, "central");
  for (size_t d = 0; d < p.fields.size(); ++d) p.Update(static_cast<int>(d), true);
  // Snapshot S1 of the central.
  std::string central_path = p.central->path();
  p.central.reset();
  std::string snapshot = p.dir.File("s1.canvass");
  std::filesystem::copy_file(central_path, snapshot);
  // Phase 2: concurrent edits of the same interviews on every device; several bundles each.
  std::vector<std::string> phase2;
  for (int round = 0; round < 3; ++round)
    for (size_t d = 0; d < p.fields.size(); ++d) {
      RandomWork(p.fields[d].get(), qs, rng, 6, "d" + std::to_string(d) + "r" + std::to_string(round));
      phase2.push_back(p.Export(p.fields[d].get(), rng() % 4 == 0));
    }
  auto run = [&](const std::vector<std::string>& order, int n) {
    std::string path = p.dir.File("order" + std::to_string(n) + ".canvass");
    std::filesystem::copy_file(snapshot, path);
    auto ws = storage::Workspace::Open(path, kCentralPass);
    REQUIRE(ws.ok());
    for (const auto& b : order) {
      auto r = sync::ImportBundle(ws->get(), b);
      INFO(b << ": " << r.status().message());
      REQUIRE(r.ok());
    }
    REQUIRE((*ws)->Check()->ok);
    return std::make_tuple(*(*ws)->Digest(), ConflictKeys(ws->get()), VersionIds(ws->get()));
  };
  auto [digest, conflicts, versions] = run(phase2, 0);
  CHECK_FALSE(conflicts.empty());  // the scenario really produced concurrent edits
  for (int n = 1; n <= orders; ++n) {
    std::vector<std::string> order = phase2;
    for (int k = 0; k < 4; ++k) order.push_back(phase2[rng() % phase2.size()]);  // duplicates
    order.push_back(phase1[rng() % phase1.size()]);                              // an old one again
    std::shuffle(order.begin(), order.end(), rng);
    auto [d, c, v] = run(order, n);
    CHECK(d == digest);
    CHECK(c == conflicts);
  }
  // No value lost: every version any workspace ever wrote is in the merged central.
  for (auto& f : p.fields)
    for (const auto& id : VersionIds(f.get())) CHECK(versions.count(id) == 1);
  auto s1 = storage::Workspace::Open(snapshot, kCentralPass);
  REQUIRE(s1.ok());
  for (const auto& id : VersionIds(s1->get())) CHECK(versions.count(id) == 1);
}
