// Importers bench (issue 13 §2): rows per second of the LAUS, UCR, EDFacts, adjacency and
// H-1B (OFLC) importers on the extract in tests/data and on a larger file made by repeating its
// data rows, beside the generic importer reading the same bytes in the same run (one key and
// one value column per row: the baseline of "read the file, make an observation per row").
// Times are the best of several runs of ImportIndicators (parse + import + file hash), wall
// seconds; the machine is shared, so the best run is the least disturbed one.
// Usage: bench_importers [REPEAT]   (REPEAT: copies of the data rows in the larger file, default 100)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "assessment/indicator_import.h"
#include "core/file_util.h"

using namespace canvass;
using namespace canvass::assessment;
using Clock = std::chrono::steady_clock;

namespace {

std::string Data(const std::string& rel) { return std::string(CANVASS_TEST_DATA) + "/" + rel; }

std::string Read(const std::string& path) {
  auto r = core::ReadFileBounded(path, 64u << 20);
  if (!r.ok()) { std::fprintf(stderr, "%s\n", r.status().message().c_str()); std::exit(1); }
  return *r;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t p = 0;
  while (p < s.size()) {
    size_t q = s.find('\n', p);
    if (q == std::string::npos) q = s.size() - 1;
    out.push_back(s.substr(p, q - p + 1));
    p = q + 1;
  }
  return out;
}

// The file with its lines [first, last) repeated `times` times in place.
std::string Repeat(const std::string& text, size_t first, size_t last_from_end, int times) {
  auto lines = Lines(text);
  std::string out;
  for (size_t i = 0; i < first; ++i) out += lines[i];
  for (int k = 0; k < times; ++k)
    for (size_t i = first; i + last_from_end < lines.size(); ++i) out += lines[i];
  for (size_t i = lines.size() - last_from_end; i < lines.size(); ++i) out += lines[i];
  return out;
}

// Best wall seconds of ImportIndicators over runs lasting at least ~0.3 s in all.
double Time(const ImportRequest& req, size_t* observations) {
  double best = 1e9, total = 0;
  for (int run = 0; run < 20 && (run < 3 || total < 0.3); ++run) {
    auto t = Clock::now();
    auto r = ImportIndicators(req);
    double s = std::chrono::duration<double>(Clock::now() - t).count();
    if (!r.ok()) { std::fprintf(stderr, "%s\n", r.status().message().c_str()); std::exit(1); }
    *observations = r->observations.size();
    best = std::min(best, s);
    total += s;
  }
  return best;
}

struct Case {
  const char* title;
  SourceKind kind;
  std::string name, text;
  size_t header_lines, footer_lines;
  GenericMapping baseline;  // the generic importer's mapping on the same bytes
  const char* baseline_note;
};

void Measure(const Case& c, const std::string& text, size_t rows, const Crosswalks& xw, const char* size_label) {
  ImportRequest req;
  req.kind = c.kind;
  req.name = c.name;
  req.bytes = text;
  req.crosswalks = xw;
  size_t obs = 0, gobs = 0;
  double s = Time(req, &obs);
  ImportRequest g = req;
  g.kind = SourceKind::kGeneric;
  g.options.generic = c.baseline;
  double gs = Time(g, &gobs);
  std::printf("  %-8s %8zu rows (%5.1f MB): %-9s %9.0f rows/s (%zu observations); generic %9.0f rows/s; time ratio %s/generic %.2fx\n",
              size_label, rows, static_cast<double>(text.size()) / 1e6, SourceKindName(c.kind), rows / s, obs, rows / gs,
              SourceKindName(c.kind), s / gs);
}

GenericMapping Map(const char* id, const char* value, const char* level) {
  GenericMapping m;
  m.id_column = id;
  m.value_column = value;
  m.indicator = "bench.baseline";
  m.period = "2024";
  m.id_level = level;
  return m;
}

// An H-1B LCA file built to the disclosure layout (no real sample at hand): 1,000 rows.
std::string BuiltLca() {
  std::string s = "CASE_NUMBER,CASE_STATUS,DECISION_DATE,VISA_CLASS,TOTAL_WORKER_POSITIONS,NAICS_CODE,WORKSITE_CITY,"
                  "WORKSITE_COUNTY,WORKSITE_STATE,WORKSITE_POSTAL_CODE\n";
  const char* counties[] = {"SANTA CLARA,CA,95110", "TRAVIS,TX,78701", "FRIO,TX,78061", "KING,WA,98101", "FULTON,GA,30303"};
  for (int i = 0; i < 1000; ++i)
    s += "I-200-22001-" + std::to_string(100000 + i) + "," + (i % 7 ? "Certified" : "Withdrawn") + ",2022-01-07,H-1B," +
         std::to_string(1 + i % 4) + "," + (i % 3 ? "541511" : "622110") + ",City," + counties[i % 5] + "\n";
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int repeat = argc > 1 ? std::max(1, std::atoi(argv[1])) : 100;
  auto gt = ReadCsvFile(Data("geo/2016_Gaz_counties_national.txt"));
  if (!gt.ok()) { std::fprintf(stderr, "%s\n", gt.status().message().c_str()); return 1; }
  auto gaz = CountyNameIndexFromTable(*gt, "2016_Gaz_counties_national.txt").value();
  // Every district of the EDFacts extract mapped to a county of its state (a built crosswalk).
  const std::string ed = Read(Data("ed_edfacts/lea-homeless-enrolled-sy2018-19-wide.AL-CT.csv"));
  LeaCountyCrosswalk lea;
  lea.name = "built";
  {
    auto t = ParseCsv(ed, "edfacts");
    if (!t.ok()) { std::fprintf(stderr, "%s\n", t.status().message().c_str()); return 1; }
    int id = ColumnIndex(t->rows[0], "LEAID"), st = ColumnIndex(t->rows[0], "FIPST");
    for (size_t r = 1; r < t->rows.size(); ++r) lea.county_of[t->rows[r][id]] = t->rows[r][st] + "001";
  }
  Crosswalks xw;
  xw.county_names = &gaz;
  xw.lea_county = &lea;
  const std::vector<Case> cases = {
      {"LAUS county annual averages", SourceKind::kLaus, "laucnty22.csv", Read(Data("bls_laus/laucnty22.AL-GA.csv")), 6, 3,
       Map("Year", "Employed", "county"), "Year as the key (padded), Employed as the value"},
      {"FBI UCR human trafficking", SourceKind::kUcr, "HT_2013-2017.csv", Read(Data("fbi_ucr/HT_2013-2017.csv")), 1, 0,
       Map("DATA_YEAR", "ACTUAL_COUNT", "county"), "DATA_YEAR as the key (padded), ACTUAL_COUNT as the value"},
      {"EDFacts homeless students", SourceKind::kEdfacts, "lea-homeless-enrolled-sy2018-19-wide.csv", ed, 1, 0,
       Map("FIPST", "TOTAL", "state"), "FIPST as a state key, TOTAL as the value"},
      {"Census county adjacency", SourceKind::kAdjacency, "county_adjacency2010.txt", Read(Data("geo/county_adjacency_2010era.AL-GA.txt")), 0, 0,
       Map("01001", "01001", "county"), "the first line's GEOID column as key and value"},
      {"OFLC H-1B (LCA, built)", SourceKind::kOflc, "LCA_Disclosure_Data_FY2022_Q4.csv", BuiltLca(), 1, 0,
       Map("WORKSITE_POSTAL_CODE", "TOTAL_WORKER_POSITIONS", "zip"), "ZIP as the key, positions as the value"}};
  std::printf("importers: rows/s of each new importer and of the generic importer on the same bytes (best of runs)\n");
  for (const auto& c : cases) {
    std::printf("%s (generic baseline: %s)\n", c.title, c.baseline_note);
    size_t rows = Lines(c.text).size() - c.header_lines - c.footer_lines;
    Measure(c, c.text, rows, xw, "extract");
    std::string big = Repeat(c.text, c.header_lines, c.footer_lines, repeat);
    Measure(c, big, rows * static_cast<size_t>(repeat), xw, ("x" + std::to_string(repeat)).c_str());
  }
  return 0;
}
