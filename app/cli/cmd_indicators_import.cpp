// indicators import: one published data file into the workspace's indicators; the kind named
// with --source or recognised from the file's header (--source auto, the default), its joins
// (crosswalks, county names, populations) prepared for that kind.
#include <cstdio>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "assessment/indicator_import.h"
#include "assessment/table_reader.h"
#include "commands.h"
#include "core/file_util.h"
#include "storage/indicator_store.h"

namespace canvass::cli {

using core::Value;
namespace as = assessment;

namespace {

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  if (!s.empty() && s.back() == ',') out.push_back("");
  return out;
}

// Crosswalk tables named on the command line, kept alive for the request.
struct Joins {
  as::ZipCountyCrosswalk zip;
  as::CocCountyCrosswalk coc;
  as::CountyNameIndex names;
  as::LeaCountyCrosswalk lea;
};

core::Status LoadJoins(const Args& a, Joins* j, as::ImportRequest* req) {
  if (a.Has("zip-county")) {
    CANVASS_ASSIGN_OR_RETURN(auto t, as::ReadTableFile(a.Get("zip-county")));
    CANVASS_ASSIGN_OR_RETURN(j->zip, as::ZipCountyFromTable(t, a.Get("zip-county")));
    req->crosswalks.zip_county = &j->zip;
  }
  if (a.Has("coc-county")) {
    CANVASS_ASSIGN_OR_RETURN(auto t, as::ReadTableFile(a.Get("coc-county")));
    CANVASS_ASSIGN_OR_RETURN(j->coc, as::CocCountyFromTable(t, a.Get("coc-county")));
    req->crosswalks.coc_county = &j->coc;
  }
  if (a.Has("gazetteer")) {
    CANVASS_ASSIGN_OR_RETURN(auto t, as::ReadTableFile(a.Get("gazetteer")));
    CANVASS_ASSIGN_OR_RETURN(j->names, as::CountyNameIndexFromTable(t, a.Get("gazetteer")));
    req->crosswalks.county_names = &j->names;
  }
  if (a.Has("crosswalk")) {
    CANVASS_ASSIGN_OR_RETURN(auto t, as::ReadTableFile(a.Get("crosswalk")));
    CANVASS_ASSIGN_OR_RETURN(j->lea, as::LeaCountyFromTable(t, a.Get("crosswalk")));
    req->crosswalks.lea_county = &j->lea;
  }
  return core::Status::Ok();
}

bool GenericOptionsGiven(const Args& a) {
  for (const char* k : {"profile", "id-column", "value-column", "indicator"})
    if (a.Has(k)) return true;
  return false;
}

// The kind: --source KIND, or recognised from the header (auto, the default; generic when
// a column mapping is given). Returns an exit code when it cannot be decided, else -1.
int ChooseKind(const Args& a, as::ImportRequest* req, std::string* recognised) {
  const std::string name = a.Get("source", "auto");
  if (!as::ParseSourceKind(name, &req->kind))
    return UsageFail("--source must be one of " + as::SourceKindList(), nullptr);
  if (req->kind != as::SourceKind::kAuto) return -1;
  if (GenericOptionsGiven(a)) {
    req->kind = as::SourceKind::kGeneric;
    return -1;
  }
  auto guess = as::DetectSourceFile(req->path, req->sheet);
  if (!guess.ok()) return Fail(guess.status());
  auto kind = as::ResolveSource(*guess, req->path);
  if (!kind.ok()) return Fail(kind.status());
  req->kind = *kind;
  *recognised = guess->found[0];
  return -1;
}

int ReadOptions(const Args& a, as::ImportRequest* req) {
  auto& o = req->options;
  o.period = a.Get("period");
  if (a.Has("columns")) o.acs_columns = SplitList(a.Get("columns"));
  if (a.Has("industries")) o.qcew_industries = SplitList(a.Get("industries"));
  if (a.Has("whd-ratio")) o.whd_ratio = a.Get("whd-ratio");
  if (a.Has("multi-county") && !as::ParseMultiCounty(a.Get("multi-county"), &o.multi_county))
    return UsageFail("--multi-county must be split, first or state", nullptr);
  if (a.Has("profile")) {
    auto v = core::ParseJsonFile(a.Get("profile"));
    if (!v.ok()) return Fail(v.status());
    auto m = as::GenericMapping::FromProfileJson(*v, a.Get("profile"));
    if (!m.ok()) return Fail(m.status());
    o.generic = *m;
  }
  auto& g = o.generic;
  if (a.Has("id-column")) g.id_column = a.Get("id-column");
  if (a.Has("value-column")) g.value_column = a.Get("value-column");
  if (a.Has("indicator")) g.indicator = a.Get("indicator");
  if (a.Has("period")) g.period = a.Get("period");
  if (a.Has("id-level")) g.id_level = a.Get("id-level");
  if (a.Has("unit")) g.unit = a.Get("unit");
  if (a.Has("moe-column")) g.moe_column = a.Get("moe-column");
  if (a.Has("missing")) g.missing_codes = SplitList(a.Get("missing"));
  if (a.Has("state")) g.state = a.Get("state");
  return -1;
}

// Options that only one kind reads, and joins a kind cannot do without: the usage problem, or "".
std::string CheckKindOptions(const Args& a, const as::ImportRequest& req) {
  const auto& g = req.options.generic;
  using K = as::SourceKind;
  if (req.kind == K::kGeneric) {
    if ((g.id_column.empty() && g.name_column.empty()) || g.value_column.empty() || g.indicator.empty() ||
        (g.period.empty() && g.period_column.empty()))
      return "--source generic needs --id-column, --value-column, --indicator and --period (or --profile FILE.json)";
    if (g.id_level != "county" && g.id_level != "zip" && g.id_level != "tract" && g.id_level != "coc" && g.id_level != "state")
      return "--id-level must be county, zip, tract, coc or state";
  }
  if (req.kind == K::kWhd && !a.Has("zip-county")) return "--source whd needs --zip-county ZIP_COUNTY.csv (HUD-USPS ZIP to county crosswalk)";
  if (req.kind == K::kPit && !a.Has("coc-county")) return "--source pit needs --coc-county COUNTY_COC.csv (county to CoC crosswalk)";
  if (a.Has("crosswalk") && req.kind != K::kEdfacts) return "--crosswalk (school districts to counties) is read by --source edfacts only";
  if (a.Has("multi-county") && req.kind != K::kUcr) return "--multi-county is read by --source ucr only";
  return "";
}

// Joins the workspace provides: county names from its county areas (name-keyed sources),
// county populations already stored (PIT CoCs, UCR agencies split among counties).
core::Status WorkspaceJoins(storage::Workspace* ws, Joins* joins, as::ImportRequest* req) {
  using K = as::SourceKind;
  const bool by_name = req->kind == K::kOflc || req->kind == K::kPep || req->kind == K::kUcr ||
                       (req->kind == K::kGeneric && !req->options.generic.name_column.empty());
  if (by_name && !req->crosswalks.county_names) {
    CANVASS_ASSIGN_OR_RETURN(auto areas, ws->ListAreas());
    joins->names = as::CountyNameIndexFromAreas(areas, "this workspace's county areas");
    if (!joins->names.empty()) req->crosswalks.county_names = &joins->names;
  }
  if (req->kind == K::kPit || (req->kind == K::kUcr && req->options.multi_county == as::ImportOptions::MultiCounty::kSplit)) {
    CANVASS_ASSIGN_OR_RETURN(auto obs, storage::IndicatorStore(ws).LoadObservations());
    for (const auto& ob : obs)
      if (ob.geo_level == "county" && ob.value && (ob.indicator_id == "ers.pop_census" || ob.indicator_id == "pep.pop_estimate"))
        req->options.county_population[ob.geo_id] = *ob.value;
  }
  return core::Status::Ok();
}

// Values for areas this project has, and a one-line reason when none is: a file at another
// level (tracts into a county project, a state file) is refused, never "660 added" and unused.
// County pairs (adjacency) count when both counties are areas; state totals ride along with
// county rows (UCR) but alone they are another level.
struct Usable {
  std::unordered_map<std::string, std::unordered_set<std::string>> have;  // level -> the project's ids
  size_t matched = 0, other = 0;
  std::string example_level, example_id;
  explicit Usable(const std::vector<as::Area>& areas) {
    for (const auto& a : areas) have[a.level].insert(a.id);
  }
  bool Has(const std::string& level, const std::string& id) const {
    auto l = have.find(level);
    return l != have.end() && l->second.count(id) > 0;
  }
  void Count(const std::vector<as::Observation>& obs) {  // every row of a file: hashed, not compared
    const std::string* level = nullptr;                   // rows come in runs of one level:
    const std::unordered_set<std::string>* ids = nullptr;  // its set is looked up once a run
    for (const auto& o : obs) {
      if (!level || *level != o.geo_level) {
        auto l = have.find(o.geo_level);
        level = &o.geo_level;
        ids = l == have.end() ? nullptr : &l->second;
      }
      bool ok = ids && ids->count(o.geo_id) > 0;
      if (o.geo_level == "county_pair") {
        size_t colon = o.geo_id.find(':');
        ok = colon != std::string::npos && Has("county", o.geo_id.substr(0, colon)) && Has("county", o.geo_id.substr(colon + 1));
      }
      if (ok) { ++matched; continue; }
      ++other;
      if (example_id.empty()) { example_level = o.geo_level; example_id = o.geo_id; }
    }
  }
};

std::string UnusedNote(const Usable& u) {
  return std::to_string(u.other) + " of " + std::to_string(u.matched + u.other) + " values are for areas this project does not have (" +
         u.example_level + " " + u.example_id + ", ...): kept, but the assessment does not use them";
}

// A dry run streams like an import (memory flat in the file's size) and keeps only the counts.
void PrintDryRun(const Args& a, const as::ImportResult& r, const as::StatusCounts& counts) {
  if (a.Has("json")) {
    Value::Array skipped;
    for (const auto& s : r.skipped) skipped.push_back(Value(Value::Object{{"line", Value(static_cast<int64_t>(s.line))}, {"reason", s.reason}}));
    PrintJson(Value(Value::Object{{"dry_run", true}, {"source", r.source.kind}, {"observations", Value(static_cast<int64_t>(r.observations_streamed))},
                                  {"skipped", Value(std::move(skipped))}, {"sha256", r.source.sha256}}));
  } else {
    std::printf("Dry run: nothing was written.\n%s", r.Preview(counts).c_str());
  }
}

}  // namespace

int IndicatorsImport(const Args& a) {
  as::ImportRequest req;
  req.path = a.positional[1];
  req.sheet = a.Get("sheet");
  std::string recognised;
  if (int rc = ReadOptions(a, &req); rc >= 0) return rc;
  if (int rc = ChooseKind(a, &req, &recognised); rc >= 0) return rc;
  // After --source auto chose the kind, every failure says what the file was taken for.
  const std::string chosen = recognised.empty() ? "" : "recognised as " + recognised + " (--source " + as::SourceKindName(req.kind) + ")";
  auto fail = [&](const core::Status& st) { return Fail(chosen.empty() ? st : st.WithContext(chosen)); };
  if (std::string why = CheckKindOptions(a, req); !why.empty()) return UsageFail(chosen.empty() ? why : chosen + ": " + why, nullptr);
  Joins joins;
  if (auto st = LoadJoins(a, &joins, &req); !st.ok()) return fail(st);
  storage::DuplicatePolicy policy = storage::DuplicatePolicy::kRefuse;
  if (a.Has("on-duplicate") && !storage::ParseDuplicatePolicy(a.Get("on-duplicate"), &policy))
    return UsageFail("--on-duplicate must be refuse, last, sum or mean", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  if (auto st = WorkspaceJoins(ws->get(), &joins, &req); !st.ok()) return fail(st);
  if (a.Has("save-profile") && req.kind == as::SourceKind::kGeneric) {
    auto st = core::WriteFileAtomic(a.Get("save-profile"), req.options.generic.ToProfileJson().ToPrettyJson() + "\n", true);
    if (!st.ok()) return Fail(st);
  }
  auto areas = (*ws)->ListAreas();
  if (!areas.ok()) return Fail(areas.status());
  Usable usable(*areas);
  storage::IndicatorStore store(ws->get());
  std::unique_ptr<storage::IndicatorImportWriter> writer;
  as::StatusCounts counts;  // a dry run's summary
  if (a.Has("dry-run")) {
    req.on_batch = [&](std::vector<as::Observation>* batch) {
      usable.Count(*batch);
      as::CountByStatus(*batch, &counts);
      batch->clear();
      return core::Status::Ok();
    };
  } else {
    // Streaming: each batch is checked against the project's areas and written as it comes.
    auto w = store.BeginImport(policy);
    if (!w.ok()) return Fail(w.status());
    writer = std::move(w).value();
    req.on_batch = [&](std::vector<as::Observation>* batch) {
      usable.Count(*batch);
      return writer->Add(batch);
    };
  }
  auto r = as::ImportIndicators(req);
  if (!r.ok()) return fail(r.status());
  const size_t values = r->observations_streamed;
  if (values > 0 && usable.matched == 0) {
    std::set<std::string> levels;
    for (const auto& ar : *areas) levels.insert(ar.level);
    std::string have;
    for (const auto& l : levels) have += (have.empty() ? "" : ", ") + l;
    return fail(core::Status::InvalidArgument(
        r->source.file_name + ": none of its " + std::to_string(values) + " values is for an area of this project (" +
        usable.example_level + " " + usable.example_id + ", ...; the project's areas are " + (have.empty() ? "not imported yet" : have) +
        "). Import the areas first (canvass-cli areas import FILE GAZETTEER.txt), or aggregate the file to the project's level " +
        "(a crosswalk; docs/indicators.md); nothing was imported"));
  }
  if (!chosen.empty() && !a.Has("json")) std::printf("Recognised %s as %s: --source %s.\n", r->source.file_name.c_str(), recognised.c_str(), as::SourceKindName(req.kind));
  if (usable.other) r->notes.push_back(UnusedNote(usable));
  if (a.Has("dry-run")) {
    PrintDryRun(a, *r, counts);
    return kExitOk;
  }
  auto st = writer->Finish(*r);
  if (!st.ok()) return Fail(st.status());
  if (st->duplicates)
    r->notes.push_back(std::to_string(st->duplicates) + " rows repeated the indicator, area and period of an earlier row; each key "
                       "got the " + std::string(policy == storage::DuplicatePolicy::kLast ? "last row's value" :
                                                policy == storage::DuplicatePolicy::kSum ? "sum of its rows' values" : "mean of its rows' values") +
                       " (--on-duplicate " + storage::DuplicatePolicyName(policy) + ")");
  if (a.Has("json")) {
    PrintJson(Value(Value::Object{{"source", r->source.kind}, {"added", Value(st->added)}, {"replaced", Value(st->replaced)},
                                  {"unchanged", Value(st->unchanged)}, {"duplicates", Value(st->duplicates)}, {"skipped", Value(static_cast<int64_t>(r->skipped.size()))},
                                  {"sha256", r->source.sha256}}));
  } else {
    std::printf("Imported %s (%s, sha256 %s): %lld added, %lld replaced, %lld unchanged; %zu records skipped%s.\n",
                r->source.file_name.c_str(), r->source.kind.c_str(), r->source.sha256.substr(0, 16).c_str(),
                static_cast<long long>(st->added), static_cast<long long>(st->replaced), static_cast<long long>(st->unchanged),
                r->skipped.size(), r->skipped.empty() ? "" : " (see --dry-run for why)");
    for (const auto& n : r->notes) std::printf("note: %s\n", n.c_str());
  }
  return kExitOk;
}

}  // namespace canvass::cli
