// Stata/SPSS export bench (issue 15 §3): wall seconds to write N final interviews of a built-in
// protocol (default 100,000 of outreach_provider, answers drawn at random for every question)
// as a Stata .dta and as an SPSS .sav, against the restricted CSV microdata of the same
// interviews (BuildMicrodata) measured in the same run. Files go to a temporary folder and are
// removed. Usage: bench_stat_export [N] [PROTOCOL]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "assessment/dataset_export.h"
#include "assessment/stat_export.h"
#include "core/file_util.h"
#include "forms/form_parser.h"
#include "forms/protocols.h"

using namespace canvass;
using namespace canvass::assessment;
using core::Value;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Die(const std::string& m) {
  std::fprintf(stderr, "bench_stat_export: %s\n", m.c_str());
  std::exit(1);
}

// Random answers for every question (about one in eight left empty).
Value Answer(const forms::Question& q, std::mt19937* rng) {
  auto pick = [&](size_t n) { return static_cast<size_t>((*rng)() % n); };
  using T = forms::QuestionType;
  switch (q.type) {
    case T::kInteger: return Value(static_cast<int64_t>(pick(60)));
    case T::kDecimal: return Value(static_cast<double>(pick(1000)) / 10);
    case T::kYesNo: return Value(pick(2) == 0);
    case T::kDate: case T::kDateTime: {
      char b[16];
      std::snprintf(b, sizeof b, "2024-%02zu-15", 1 + pick(12));
      return Value(b);
    }
    case T::kTime: return Value("1" + std::to_string(pick(10)) + ":30");
    case T::kSingleChoice: return q.choices.empty() ? Value() : Value(q.choices[pick(q.choices.size())].value);
    case T::kMultipleChoice: {
      Value::Array a;
      for (const auto& c : q.choices) if (pick(3) == 0) a.push_back(Value(c.value));
      return Value(std::move(a));
    }
    case T::kArea: return Value("48" + std::to_string(100 + pick(400)));
    case T::kAreas: return Value(Value::Array{Value("48" + std::to_string(100 + pick(400)))});
    case T::kCountTable: {
      Value::Object o;
      for (const auto& r : q.rows) {
        if (q.columns.empty()) o[r.value] = Value(static_cast<int64_t>(pick(40)));
        else for (const auto& c : q.columns) o[r.value + "|" + c.value] = Value(static_cast<int64_t>(pick(40)));
      }
      return Value(std::move(o));
    }
    case T::kRepeat: {
      Value::Array items;
      for (size_t k = pick(3); k > 0; --k) {
        Value::Object item;
        for (const auto& c : q.children) item[c.id] = Answer(c, rng);
        items.push_back(Value(std::move(item)));
      }
      return Value(std::move(items));
    }
    default: return Value("some words " + std::to_string(pick(1000)));
  }
}

class NullOut : public StatOutput {
 public:
  explicit NullOut(size_t* bytes) : bytes_(bytes) {}
  core::Status Write(std::string_view b) override {
    *bytes_ += b.size();
    return core::Status::Ok();
  }
  core::Status Finish() override { return core::Status::Ok(); }

 private:
  size_t* bytes_;
};

class DiskOut : public StatOutput {
 public:
  explicit DiskOut(const std::string& path) : path_(path) {}
  core::Status Open() { return w_.Open(path_, true); }
  core::Status Write(std::string_view b) override { return w_.Write(b); }
  core::Status Finish() override { return w_.Commit(); }

 private:
  std::string path_;
  core::AtomicFileWriter w_;
};

double Seconds(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::max(1L, std::atol(argv[1])) : 100000;
  const std::string protocol = argc > 2 ? argv[2] : "outreach_provider";
  forms::Form form;
  bool found = false;
  for (const auto& p : forms::BuiltinProtocols()) {
    if (p.file_name != protocol + ".json") continue;
    auto f = forms::ParseForm(p.json, p.file_name);
    if (!f.ok()) Die(f.status().message());
    form = std::move(*f);
    found = true;
  }
  if (!found) Die("no built-in protocol " + protocol);
  std::mt19937 rng(15);
  std::vector<DatasetInterview> rows;
  rows.reserve(static_cast<size_t>(n));
  for (long i = 0; i < n; ++i) {
    DatasetInterview iv{&form, "outreach", i % 3 ? "en" : "es", {}};
    for (const auto& s : form.sections)
      for (const auto& q : s.questions)
        if ((rng() % 8) != 0) iv.answers[q.id] = Answer(q, &rng);
    rows.push_back(std::move(iv));
  }
  const std::string dir = (std::filesystem::temp_directory_path() / ("canvass_bench_stat_" + std::to_string(::getpid()))).string();
  if (auto st = core::MakePrivateDirs(dir); !st.ok()) Die(st.message());
  std::printf("%ld final interviews of %s (%zu questions)\n", n, protocol.c_str(), form.TopLevelQuestions().size());

  auto t = Clock::now();
  auto csv = BuildMicrodata(rows, 11);
  size_t csv_bytes = 0;
  for (const auto& f : csv) {
    csv_bytes += f.csv.size();
    if (auto st = core::WriteFileAtomic(dir + "/" + f.name, f.csv, true); !st.ok()) Die(st.message());
  }
  const double base = Seconds(t);
  std::printf("  baseline: restricted CSV microdata (export microdata)  %7.2f s  %7.1f MB\n", base, csv_bytes / 1e6);

  for (StatFormat format : {StatFormat::kStata, StatFormat::kSpss}) {
    StatExportOptions o;
    o.format = format;
    o.today = "2025-01-01";
    size_t bytes = 0;
    t = Clock::now();
    auto files = WriteStatFiles(rows, o, [&](const std::string&) -> core::Result<std::unique_ptr<StatOutput>> {
      return std::unique_ptr<StatOutput>(new NullOut(&bytes));
    });
    if (!files.ok()) Die(files.status().message());
    const double mem = Seconds(t);
    t = Clock::now();
    files = WriteStatFiles(rows, o, [&](const std::string& name) -> core::Result<std::unique_ptr<StatOutput>> {
      auto out = std::make_unique<DiskOut>(dir + "/" + name);
      CANVASS_RETURN_IF_ERROR(out->Open());
      return std::unique_ptr<StatOutput>(std::move(out));
    });
    if (!files.ok()) Die(files.status().message());
    const double disk = Seconds(t);
    const char* name = format == StatFormat::kStata ? "Stata .dta" : "SPSS .sav ";
    std::printf("  %s: %7.2f s to disk (%.2f s without the disk)  %7.1f MB  %5.0f interviews/s  %.2fx the CSV\n", name, disk, mem,
                bytes / 1e6, n / disk, disk / base);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
