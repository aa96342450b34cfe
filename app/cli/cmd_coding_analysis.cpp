// canvass-cli code segments: every segment of a code (and its children) across interviews with
// case attributes; --csv writes them to a file. The segments are quotes of answers, so the CSV is
// a restricted export (0600, a warning printed): it stays inside the task force.
#include <cstdio>

#include "app/view_analysis.h"
#include "coding_util.h"
#include "commands.h"
#include "core/file_util.h"

namespace canvass::cli {

namespace {

std::vector<std::string> SplitCoders(const std::string& s) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= s.size() && !s.empty()) {
    size_t comma = s.find(',', at);
    std::string part = s.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

int Segments(const Args& a) {
  const std::string code = a.Get("code");
  if (code.empty()) return UsageFail("give the code: --code PATH (or its GUID)", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto rows = app::RetrieveSegments(ws->get(), code, !a.Has("no-children"), SplitCoders(a.Get("coders")));
  if (!rows.ok()) return Fail(rows.status());
  if (a.Has("csv")) {
    const std::string out = a.Get("csv");
    if (auto st = core::WriteFileAtomic(out, app::SegmentsCsv(*rows), true); !st.ok()) return Fail(st);
    std::fprintf(stderr,
                 "canvass-cli: warning: %s holds quotes of interview answers (%zu segment(s)) with their area, role and "
                 "date: a restricted export. Keep it inside the task force (file mode 0600), never publish or share it, "
                 "and delete it when done.\n",
                 out.c_str(), rows->size());
    std::printf("Wrote %zu segment(s) to %s.\n", rows->size(), out.c_str());
    return kExitOk;
  }
  for (const auto& r : *rows)
    std::printf("%s/%s  %lld-%lld  %s  by %s  [%s; %s; %s; %s]\n  \"%s\"\n", r.interview.c_str(), r.question.c_str(),
                static_cast<long long>(r.start), static_cast<long long>(r.end), r.code_path.c_str(), r.coder.c_str(),
                r.protocol.c_str(), r.role.c_str(), r.areas.c_str(), r.date.c_str(), r.text.c_str());
  std::printf("%zu segment(s).\n", rows->size());
  return kExitOk;
}

int Split(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    if (auto st = store.SplitMergedCode(a.positional[1], a.Get("author", ws.info().device_name)); !st.ok()) return Fail(st);
    std::printf("Split %s back out of the code it was merged into; the codings made on it count as it again.\n",
                a.positional[1].c_str());
    return kExitOk;
  });
}

}  // namespace

void RegisterCodingAnalysisCommands(std::vector<Command>* out) {
  out->push_back({{"code segments", "code segments FILE --code PATH [--no-children] [--coders A,B] [--csv OUT]",
                   "Every segment of a code and of its children (unless --no-children) across interviews, with the case's\n"
                   "protocol, role, areas by name and date. --csv OUT writes them as CSV: a RESTRICTED export (quotes of\n"
                   "answers; written 0600 with a warning): keep it inside the task force, never share or publish it.",
                   1, 1, WithPass({"code", "coders", "csv"}), {"no-children"}}, Segments});
  out->push_back({{"codebook split", "codebook split FILE CODE [--author NAME]",
                   "Splits a merged code (its GUID, or the name it had: see `audit`, action code.merge) back out, with its\n"
                   "children, memos and the codings made on it; codings made on the target since stay there.",
                   2, 2, WithPass({"author"}), {}}, Split});
}

}  // namespace canvass::cli
