// xlsx bench (issue 15 §1): rows per second of reading a published table as .xlsx against
// reading the CSV of the same table in the same run (goal: the xlsx path within 3x of CSV).
// The tables are real extracts from tests/data with their data rows repeated; the workbook is
// written here with libxlsxwriter (numbers as numbers, text as text). Two figures per table:
// the table alone (ParseTable: CSV reader vs unzip + XML + shared strings), and the whole
// import (ImportIndicators: parse + importer + file hash). Best of several runs, wall seconds.
// Usage: bench_xlsx [REPEAT]   (copies of the data rows, default 40)
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

// Best wall seconds of `fn` over runs lasting at least ~0.5 s in all.
double Best(const std::function<void()>& fn) {
  double best = 1e9, total = 0;
  for (int run = 0; run < 30 && (run < 3 || total < 0.5); ++run) {
    auto t = Clock::now();
    fn();
    double s = std::chrono::duration<double>(Clock::now() - t).count();
    best = std::min(best, s);
    total += s;
  }
  return best;
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
    size_t got_csv = 0, got_xlsx = 0;
    double p_csv = Best([&] { got_csv = ParseTable(csv, "big.csv").value().rows.size(); });
    double p_xlsx = Best([&] { got_xlsx = ParseTable(*xlsx, "big.xlsx").value().rows.size(); });
    ImportRequest req;
    req.kind = c.kind;
    req.name = c.file;
    req.crosswalks = xw;
    size_t obs_csv = 0, obs_xlsx = 0;
    req.bytes = csv;
    double i_csv = Best([&] { obs_csv = ImportIndicators(req).value().observations.size(); });
    req.bytes = *xlsx;
    double i_xlsx = Best([&] { obs_xlsx = ImportIndicators(req).value().observations.size(); });
    std::printf("%s: %zu rows, CSV %.1f MB, xlsx %.1f MB\n", c.title, rows, csv.size() / 1e6, xlsx->size() / 1e6);
    std::printf("  table  CSV %9.0f rows/s   xlsx %9.0f rows/s   xlsx/CSV time %.2fx%s\n", rows / p_csv, rows / p_xlsx,
                p_xlsx / p_csv, got_csv == got_xlsx ? "" : "  (row counts differ!)");
    std::printf("  import CSV %9.0f rows/s   xlsx %9.0f rows/s   xlsx/CSV time %.2fx%s\n", rows / i_csv, rows / i_xlsx,
                i_xlsx / i_csv, obs_csv == obs_xlsx ? "" : "  (observation counts differ!)");
  }
  return 0;
}
