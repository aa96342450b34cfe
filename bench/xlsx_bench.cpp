// xlsx bench (issue 15 §1): rows per second of reading a published table as .xlsx against
// reading the CSV of the same table in the same run (goal: the xlsx path within 3x of CSV).
// The tables are real extracts from tests/data with their data rows repeated; the workbook is
// written here with libxlsxwriter (numbers as numbers, text as text). Two figures per table:
// the table alone (ParseTable: CSV reader vs unzip + XML + shared strings), and the whole
// import (ImportIndicators: parse + importer + file hash). Best of several runs, in wall seconds
// and in CPU seconds (the machine may be shared; CPU time is steadier). The bench also checks
// that both paths read the same table: the same rows with a value, field for field (a
// workbook leaves out rows with no value at all, which the CSV keeps as empty records; see
// Content below).
// Usage: bench_xlsx [REPEAT]   (copies of the data rows, default 40)
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "assessment/indicator_import.h"
#include "assessment/table_reader.h"
#include "core/file_util.h"
#include "tabular/xlsx_table.h"

using namespace canvass;
using namespace canvass::assessment;
using Clock = std::chrono::steady_clock;

namespace {

std::string Data(const std::string& rel) { return std::string(CANVASS_TEST_DATA) + "/" + rel; }

[[noreturn]] void Die(const core::Status& st) {
  std::fprintf(stderr, "%s\n", st.message().c_str());
  std::exit(1);
}

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Time {
  double wall = 1e9, cpu = 1e9;
};

// Best wall and best CPU seconds of `fn` over runs lasting at least ~0.5 s in all.
Time Best(const std::function<void()>& fn) {
  Time best;
  double total = 0;
  for (int run = 0; run < 30 && (run < 3 || total < 0.5); ++run) {
    auto t = Clock::now();
    double c = CpuSeconds();
    fn();
    double s = std::chrono::duration<double>(Clock::now() - t).count();
    best.wall = std::min(best.wall, s);
    best.cpu = std::min(best.cpu, CpuSeconds() - c);
    total += s;
  }
  return best;
}

// The rows that hold any value, fields trimmed, without trailing empty fields: what both readers
// must agree on. (The CSV reader keeps the spaces inside a quoted field, "26,789     " in LAUS;
// a workbook cell has no quotes, so the xlsx path trims every text cell.)
std::vector<std::vector<std::string>> Content(std::vector<std::vector<std::string>> rows) {
  std::vector<std::vector<std::string>> out;
  for (auto& row : rows) {
    for (auto& f : row) {
      size_t b = f.find_first_not_of(" \t");
      f = b == std::string::npos ? std::string() : f.substr(b, f.find_last_not_of(" \t") - b + 1);
    }
    while (!row.empty() && row.back().empty()) row.pop_back();
    if (!row.empty()) out.push_back(std::move(row));
  }
  return out;
}

void PrintLine(const char* what, size_t rows, Time csv, Time xlsx, const char* flag) {
  std::printf("  %-6s CSV %9.0f rows/s   xlsx %9.0f rows/s   xlsx/CSV time %.2fx (CPU %.3f s / %.3f s = %.2fx)%s\n", what,
              rows / csv.wall, rows / xlsx.wall, xlsx.wall / csv.wall, xlsx.cpu, csv.cpu, xlsx.cpu / csv.cpu, flag);
}

struct Case {
  const char* title;
  SourceKind kind;
  const char* file;
  size_t header_records;  // records before the data rows (kept once)
};

}  // namespace

int main(int argc, char** argv) {
  const int repeat = argc > 1 ? std::max(1, std::atoi(argv[1])) : 40;
  auto gt = ReadCsvFile(Data("geo/2016_Gaz_counties_national.txt"));
  if (!gt.ok()) Die(gt.status());
  auto gaz = CountyNameIndexFromTable(*gt, "2016_Gaz_counties_national.txt").value();
  Crosswalks xw;
  xw.county_names = &gaz;
  const std::vector<Case> cases = {
      {"OFLC H-2A disclosures (wide rows, mostly text)", SourceKind::kOflc, "dol_oflc/H-2A_Disclosure_Data_FY17.first300rows.csv", 1},
      {"BLS LAUS county annual averages", SourceKind::kLaus, "bls_laus/laucnty22.AL-GA.csv", 6},
      {"USDA ERS SAIPE poverty estimates (mostly numbers)", SourceKind::kSaipe, "usda_ers/PovertyEstimates_SAIPE2021.csv", 5}};
  std::printf("xlsx vs CSV: rows/s reading the same table (best of runs; %d copies of the data rows)\n", repeat);
  for (const auto& c : cases) {
    auto text = core::ReadFileBounded(Data(c.file), 64u << 20);
    if (!text.ok()) Die(text.status());
    auto t = ParseCsv(*text, c.file);
    if (!t.ok()) Die(t.status());
    // The big table: the header records once, then the data rows `repeat` times, as CSV and xlsx.
    tabular::SheetData sheet{"Table", {}};
    std::string csv;
    auto csv_row = [&](const std::vector<std::string>& row) {
      for (size_t i = 0; i < row.size(); ++i) {
        const std::string& f = row[i];
        bool quote = f.find_first_of(",\"\n") != std::string::npos;
        std::string q = f;
        if (quote) {
          q.clear();
          for (char ch : f) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
          q = "\"" + q + "\"";
        }
        csv += (i ? "," : "") + q;
      }
      csv += "\n";
      sheet.rows.push_back(row);
    };
    for (size_t i = 0; i < c.header_records; ++i) csv_row(t->rows[i]);
    for (int k = 0; k < repeat; ++k)
      for (size_t i = c.header_records; i < t->rows.size(); ++i) csv_row(t->rows[i]);
    tabular::XlsxWriteOptions o;
    o.numbers_as_numbers = true;
    auto xlsx = tabular::WriteXlsxBytes({sheet}, o);
    if (!xlsx.ok()) Die(xlsx.status());
    const size_t rows = sheet.rows.size();
    const bool same = Content(ParseTable(csv, "big.csv").value().rows) == Content(ParseTable(*xlsx, "big.xlsx").value().rows);
    Time p_csv = Best([&] { (void)ParseTable(csv, "big.csv").value(); });
    Time p_xlsx = Best([&] { (void)ParseTable(*xlsx, "big.xlsx").value(); });
    ImportRequest req;
    req.kind = c.kind;
    req.name = c.file;
    req.crosswalks = xw;
    size_t obs_csv = 0, obs_xlsx = 0;
    req.bytes = csv;
    Time i_csv = Best([&] { obs_csv = ImportIndicators(req).value().observations.size(); });
    req.bytes = *xlsx;
    Time i_xlsx = Best([&] { obs_xlsx = ImportIndicators(req).value().observations.size(); });
    std::printf("%s: %zu rows, CSV %.1f MB, xlsx %.1f MB\n", c.title, rows, csv.size() / 1e6, xlsx->size() / 1e6);
    PrintLine("table", rows, p_csv, p_xlsx, same ? "" : "  (the tables differ!)");
    PrintLine("import", rows, i_csv, i_xlsx, obs_csv == obs_xlsx ? "" : "  (observation counts differ!)");
  }
  return 0;
}
