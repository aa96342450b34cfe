// libFuzzer target: arbitrary bytes as a published data file for the indicator importers. The
// first byte picks the kind (LAUS, UCR, EDFacts, adjacency, auto, OFLC/H-1B, QCEW, generic by
// code and by county name, ...), the rest is the file; small crosswalks are built in so the
// joins run. Any result is fine; a crash, a hang or an unbounded allocation is not.
#include <cstddef>
#include <cstdint>
#include <string>

#include "assessment/indicator_import.h"

using namespace canvass::assessment;

namespace {

struct Joins {
  CountyNameIndex names;
  LeaCountyCrosswalk lea;
  ZipCountyCrosswalk zip;
  CocCountyCrosswalk coc;
  Joins() {
    names.name = "fuzz gazetteer";
    for (const auto& [st, county, fips] : {std::make_tuple("AL", "Autauga County", "01001"), std::make_tuple("CO", "Adams County", "08001"),
                                           std::make_tuple("CO", "Arapahoe County", "08005"), std::make_tuple("MO", "St. Louis County", "29189"),
                                           std::make_tuple("VA", "Fairfax County", "51059"), std::make_tuple("VA", "Fairfax city", "51600"),
                                           std::make_tuple("ND", "Cass County", "38017"), std::make_tuple("TX", "Frio County", "48163")})
      names.Add(st, county, fips);
    lea.name = "fuzz edge";
    lea.county_of = {{"0100005", "01095"}, {"0100006", "01095"}, {"0100007", "01073"}};
    zip.name = "fuzz zip";
    zip.by_zip["78061"] = {{"48163", 1, 1, 1, 1}};
    coc.name = "fuzz coc";
    coc.by_coc["TX-607"] = {{"48163", 100}};
  }
};

constexpr SourceKind kKinds[] = {SourceKind::kLaus, SourceKind::kUcr,  SourceKind::kEdfacts, SourceKind::kAdjacency,
                                 SourceKind::kAuto, SourceKind::kOflc, SourceKind::kQcew,    SourceKind::kGeneric,
                                 SourceKind::kGeneric, SourceKind::kAcs, SourceKind::kPep,   SourceKind::kSaipe,
                                 SourceKind::kRucc, SourceKind::kWhd,  SourceKind::kPit,     SourceKind::kGazetteer};
constexpr size_t kNumKinds = sizeof kKinds / sizeof kKinds[0];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Joins joins;
  if (size < 1) return 0;
  const size_t pick = data[0] % kNumKinds;
  ImportRequest req;
  req.kind = kKinds[pick];
  req.name = "fuzz_FY2022_sy2018-19_2010.csv";  // years for the kinds that read them from the name
  req.bytes.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  req.max_bytes = 1u << 20;
  req.max_observations = 200000;
  req.crosswalks.county_names = &joins.names;
  req.crosswalks.lea_county = &joins.lea;
  req.crosswalks.zip_county = &joins.zip;
  req.crosswalks.coc_county = &joins.coc;
  req.options.county_population = {{"08001", 500000}, {"08005", 650000}, {"48163", 20000}};
  req.options.multi_county = static_cast<ImportOptions::MultiCounty>((data[0] / kNumKinds) % 3);
  GenericMapping& g = req.options.generic;
  if (pick == 7) {  // by code
    g.id_column = "FIPS";
    g.value_column = "value";
    g.indicator = "fuzz.value";
    g.period = "2024";
  } else {  // by county name, KIDS COUNT style
    g.name_column = "Location";
    g.value_column = "Data";
    g.indicator = "cw.children_in_foster_care_count";
    g.period_column = "TimeFrame";
    g.state = "ND";
    g.filters = {{"LocationType", "County"}, {"DataFormat", "Number"}};
  }
  auto r = ImportIndicators(req);
  if (r.ok()) (void)r->Preview(10);
  return 0;
}
