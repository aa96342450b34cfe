// `canvass-cli indicators import` of a generic CSV at two sizes (default 250,000 and 1,000,000
// rows: every county of the 2016 gazetteer in as many periods as it takes, one value each, a
// period column), as a child process with its wall time and peak RSS, beside the shells'
// `.import` of the same file in the same run: `sqlcipher` with a workspace's settings (raw key,
// 4 KiB pages, WAL, synchronous=FULL, 64 MiB cache) and plain `sqlite3`.
// Usage: bench_csv_import [ROWS_A ROWS_B]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

struct Run {
  double wall = 0, cpu = 0, peak_mb = 0;
  bool ok = false;
};

// A shell command line in a child; wall, the child's CPU and peak RSS.
Run Child(const std::string& cmd) {
  Run r;
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  r.wall = std::chrono::duration<double>(Clock::now() - t0).count();
  r.cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  r.peak_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;
  r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

std::vector<std::string> Counties() {
  std::ifstream in(std::string(CANVASS_TEST_DATA) + "/geo/2016_Gaz_counties_national.txt");
  std::string line;
  std::vector<std::string> fips;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string usps, geoid;
    if (std::getline(f, usps, '\t') && std::getline(f, geoid, '\t') && geoid.size() == 5) fips.push_back(geoid);
  }
  return fips;
}

void WriteCsv(const std::string& path, const std::vector<std::string>& fips, long rows) {
  std::ofstream out(path);
  out << "fips,year,value\n";
  for (long r = 0; r < rows; ++r) {
    const long p = r / static_cast<long>(fips.size()), i = r % static_cast<long>(fips.size());
    out << fips[static_cast<size_t>(i)] << ',' << (1000 + p) << ',' << ((i * 37 + p) % 1000) << ".5\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<long> sizes = {250000, 1000000};
  if (argc == 3) sizes = {std::atol(argv[1]), std::atol(argv[2])};
  setenv("CANVASS_KDF_PROFILE", "test-fast", 1);
  const std::string dir = (std::filesystem::temp_directory_path() / "canvass-csv-bench").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string cli = CANVASS_CLI, pass = " --passphrase-file " + dir + "/pass.txt";
  std::ofstream(dir + "/pass.txt") << "benchmark passphrase";
  std::ofstream(dir + "/profile.json")
      << R"({"format":"canvass.indicator_profile","version":2,"id_column":"fips","value_column":"value","indicator":"local.measure",)"
      << R"("period_column":"year","id_level":"county","unit":"count"})";
  const auto fips = Counties();
  if (fips.size() < 3000) { std::fprintf(stderr, "gazetteer not found\n"); return 1; }
  const std::string base = dir + "/base.canvass";
  if (!Child(cli + " init " + base + " --role central --name Bench" + pass + " >/dev/null 2>&1").ok ||
      !Child(cli + " areas import " + base + " " + CANVASS_TEST_DATA + "/geo/2016_Gaz_counties_national.txt" + pass + " >/dev/null 2>&1").ok) {
    std::fprintf(stderr, "workspace setup failed\n");
    return 1;
  }
  const std::string key = " -cmd \"PRAGMA key=\\\"x'" + std::string(64, 'a') + "'\\\"\" -cmd 'PRAGMA cipher_page_size=4096'";
  for (long rows : sizes) {
    const std::string csv = dir + "/rows" + std::to_string(rows) + ".csv";
    WriteCsv(csv, fips, rows);
    const double mb = static_cast<double>(std::filesystem::file_size(csv)) / 1e6;
    std::printf("generic CSV, %ld rows (%zu counties x periods), %.1f MB:\n", rows, fips.size(), mb);
    const std::string ws = dir + "/w" + std::to_string(rows) + ".canvass";
    // The same size twice starts afresh: no workspace, WAL or database of the run before.
    for (const std::string& f : {ws, ws + "-wal", ws + "-shm", dir + "/e" + std::to_string(rows) + ".db", dir + "/p" + std::to_string(rows) + ".db"})
      std::filesystem::remove(f);
    std::filesystem::copy_file(base, ws);
    Run canvass = Child(cli + " indicators import " + ws + " " + csv + " --profile " + dir + "/profile.json" + pass + " >/dev/null 2>&1");
    Run enc = Child("sqlcipher " + dir + "/e" + std::to_string(rows) + ".db" + key +
                    " -cmd 'PRAGMA journal_mode=WAL' -cmd 'PRAGMA synchronous=FULL' -cmd 'PRAGMA cache_size=-65536'"
                    " -cmd '.mode csv' '.import " + csv + " t' >/dev/null 2>&1");
    Run plain = Child("sqlite3 " + dir + "/p" + std::to_string(rows) + ".db -cmd '.mode csv' '.import " + csv + " t' >/dev/null 2>&1");
    if (!canvass.ok) { std::printf("  canvass-cli indicators import failed\n"); return 1; }
    std::printf("  canvass-cli indicators import (child, unlock included): wall %.2f s, CPU %.2f s, peak RSS %.1f MB\n", canvass.wall,
                canvass.cpu, canvass.peak_mb);
    if (enc.ok)
      std::printf("  sqlcipher .import, workspace settings (raw key, 4 KiB pages, WAL, FULL, 64 MiB): wall %.2f s, CPU %.2f s, peak RSS %.1f MB"
                  "  -> ratio canvass/sqlcipher %.2f wall, %.2f CPU (target <= 1.0)\n",
                  enc.wall, enc.cpu, enc.peak_mb, canvass.wall / enc.wall, canvass.cpu / enc.cpu);
    else std::printf("  sqlcipher CLI not available\n");
    if (plain.ok)
      std::printf("  sqlite3 .import, plain, defaults: wall %.2f s, CPU %.2f s, peak RSS %.1f MB  -> ratio canvass/sqlite3 %.2f wall\n",
                  plain.wall, plain.cpu, plain.peak_mb, canvass.wall / plain.wall);
    std::filesystem::remove(csv);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
