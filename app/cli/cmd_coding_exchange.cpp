// Coding verbs that compare or move coded work: agreement (with disagreements), code counts,
// codebook import/export (.qdc) and project export/import (.qdpx).
#include <cstdio>
#include <sstream>

#include "coding/refi_qda.h"
#include "coding/text_span.h"
#include "coding_util.h"
#include "commands.h"
#include "core/file_util.h"
#include "storage/coding_store.h"

namespace canvass::cli {

using core::Status;
using core::Value;

namespace {

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

Value Opt(const std::optional<double>& d) { return d ? Value(*d) : Value(); }
std::string Fmt(const std::optional<double>& d) {
  char buf[32];
  if (!d) return "n/a";
  std::snprintf(buf, sizeof buf, "%.3f", *d);
  return buf;
}

Value FiguresValue(const coding::AgreementFigures& f, const coding::Codebook& cb) {
  Value::Object o{{"units", Value(f.units)},
                  {"percent_agreement", Opt(f.percent_agreement)},
                  {"cohen_kappa", Opt(f.cohen_kappa)},
                  {"krippendorff_alpha", Opt(f.krippendorff_alpha)}};
  if (!f.code_guid.empty()) {
    o["code"] = f.code_guid;
    o["code_path"] = cb.PathOf(f.code_guid);
  }
  return Value(std::move(o));
}

Value ReportValue(const coding::AgreementReport& r, const coding::Codebook& cb) {
  Value::Array per;
  for (const auto& f : r.per_code) per.push_back(FiguresValue(f, cb));
  return Value(Value::Object{{"pooled", FiguresValue(r.pooled, cb)}, {"per_code", Value(std::move(per))}});
}

void PrintReport(const char* title, const coding::AgreementReport& r, const coding::Codebook& cb) {
  std::printf("%s\n  %-44s %9s %7s %7s %7s\n", title, "CODE", "UNITS", "AGREE", "KAPPA", "ALPHA");
  auto row = [&](const std::string& name, const coding::AgreementFigures& f) {
    std::printf("  %-44s %9.0f %7s %7s %7s\n", name.substr(0, 44).c_str(), f.units, Fmt(f.percent_agreement).c_str(),
                Fmt(f.cohen_kappa).c_str(), Fmt(f.krippendorff_alpha).c_str());
  };
  for (const auto& f : r.per_code) row(cb.PathOf(f.code_guid).empty() ? f.code_guid : cb.PathOf(f.code_guid), f);
  row("(pooled)", r.pooled);
}

int Agreement(const Args& a) {
  std::vector<std::string> coders = SplitList(a.Get("coders"));
  if (coders.size() < 2) return UsageFail("--coders A,B[,C...] needs at least two coder names", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  storage::CodingStore store(ws->get());
  int needs_review = 0;
  auto in = store.AgreementInputFor(coders, &needs_review);
  if (!in.ok()) return Fail(in.status());
  auto cb = store.LoadCodebook();
  if (!cb.ok()) return Fail(cb.status());
  auto chars = coding::CharacterAgreement(*in);
  if (!chars.ok()) return Fail(chars.status());
  auto segs = coding::SegmentAgreement(*in);
  if (!segs.ok()) return Fail(segs.status());
  auto dis = coding::ListDisagreements(*in);
  if (!dis.ok()) return Fail(dis.status());
  if (a.Has("json")) {
    Value::Array ds, cs;
    for (const auto& c : coders) cs.emplace_back(c);
    for (const auto& d : *dis) {
      Value::Array by, notby;
      for (const auto& c : d.applied_by) by.emplace_back(c);
      for (const auto& c : d.not_applied_by) notby.emplace_back(c);
      ds.push_back(Value(Value::Object{{"answer", d.answer_id}, {"code", d.code_guid}, {"code_path", cb->PathOf(d.code_guid)},
                                       {"start", Value(d.start)}, {"end", Value(d.end)}, {"applied_by", Value(std::move(by))},
                                       {"not_applied_by", Value(std::move(notby))}}));
    }
    PrintJson(Value(Value::Object{{"coders", Value(std::move(cs))},
                                  {"answers", Value(static_cast<int64_t>(in->answers.size()))},
                                  {"codings", Value(static_cast<int64_t>(in->codings.size()))},
                                  {"codings_needing_review", Value(static_cast<int64_t>(needs_review))},
                                  {"character", ReportValue(*chars, *cb)},
                                  {"segment", ReportValue(*segs, *cb)},
                                  {"disagreements", Value(std::move(ds))}}));
    return kExitOk;
  }
  std::printf("Agreement of %s over %zu answer(s) every one of them marked done (%zu codings", a.Get("coders").c_str(),
              in->answers.size(), in->codings.size());
  if (needs_review) std::printf("; %d needing review left out", needs_review);
  std::printf(")\n");
  if (in->answers.empty()) std::printf("No answer is done by all these coders: mark answers done (`code done`, or Done in the app).\n");
  PrintReport("Character level", *chars, *cb);
  PrintReport("Segment level (answers)", *segs, *cb);
  if (a.Has("disagreements")) {
    std::printf("Disagreements (%zu):\n", dis->size());
    for (const auto& d : *dis) {
      std::string by, notby;
      for (const auto& c : d.applied_by) by += (by.empty() ? "" : ",") + c;
      for (const auto& c : d.not_applied_by) notby += (notby.empty() ? "" : ",") + c;
      std::printf("  %s  %lld-%lld  %s  applied by %s, not by %s\n", d.answer_id.c_str(), static_cast<long long>(d.start),
                  static_cast<long long>(d.end), cb->PathOf(d.code_guid).c_str(), by.c_str(), notby.c_str());
    }
    std::printf("Record a consensus coding with `code add ... --coder consensus`.\n");
  } else {
    std::printf("%zu disagreement span(s); add --disagreements to list them.\n", dis->size());
  }
  return kExitOk;
}

int Counts(const Args& a) {
  coding::CountOptions opts;
  std::string basis = a.Get("basis", "any");
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  storage::CodingStore store(ws->get());
  if (basis == "project") {  // the rule the assessment uses
    auto settings = store.GetCodingSettings();
    if (!settings.ok()) return Fail(settings.status());
    basis = storage::CountRuleName(settings->count_rule);
  }
  auto rule = storage::ParseCountRule(basis);
  if (!rule.ok()) return UsageFail("--basis takes any, consensus, consensus-else-any, consensus-else-two or project", nullptr);
  opts.basis = *rule;
  auto counts = store.CountCodes(opts);
  if (!counts.ok()) return Fail(counts.status());
  auto cb = store.LoadCodebook();
  if (!cb.ok()) return Fail(cb.status());
  auto rows = [&](const std::vector<coding::CodeCount>& v) {
    Value::Array arr;
    for (const auto& c : v)
      arr.push_back(Value(Value::Object{{"key", c.key}, {"code", c.code_guid}, {"code_path", cb->PathOf(c.code_guid)},
                                        {"interviews", Value(static_cast<int64_t>(c.interviews))},
                                        {"respondents", Value(static_cast<int64_t>(c.respondents))}}));
    return Value(std::move(arr));
  };
  if (a.Has("json")) {
    PrintJson(Value(Value::Object{{"basis", basis}, {"by_area", rows(counts->by_area)}, {"by_role", rows(counts->by_role)},
                                  {"by_form", rows(counts->by_form)}}));
    return kExitOk;
  }
  auto print = [&](const char* title, const std::vector<coding::CodeCount>& v) {
    std::printf("%s\n", title);
    for (const auto& c : v)
      std::printf("  %-24s %-48s %4d interviews %4d respondents\n", c.key.c_str(), cb->PathOf(c.code_guid).c_str(), c.interviews,
                  c.respondents);
  };
  print("By area", counts->by_area);
  print("By role", counts->by_role);
  print("By form of trafficking", counts->by_form);
  return kExitOk;
}

// Shows or (on the central) sets the project's coding rules: blind coding, what the assessment counts.
int CodingRules(const Args& a) {
  return WithStore(a, [&](storage::Workspace& ws, storage::CodingStore& store) {
    const std::string author = a.Get("author", ws.info().device_name);
    if (a.Has("blind")) {
      std::string b = a.Get("blind", "");
      if (b != "on" && b != "off") return UsageFail("--blind takes on or off", nullptr);
      if (Status st = store.SetBlindProject(b == "on", author); !st.ok()) return Fail(st);
    }
    if (a.Has("count-rule")) {
      auto rule = storage::ParseCountRule(a.Get("count-rule", ""));
      if (!rule.ok()) return UsageFail(rule.status().message(), nullptr);
      if (Status st = store.SetCountRule(*rule, author); !st.ok()) return Fail(st);
    }
    auto s = store.GetCodingSettings();
    if (!s.ok()) return Fail(s.status());
    std::printf("blind: %s\ncount rule: %s (%s)\n", s->blind ? "on" : "off", storage::CountRuleName(s->count_rule),
                coding::CountBasisText(s->count_rule).c_str());
    return kExitOk;
  });
}

int CodebookExport(const Args& a) {
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto cb = storage::CodingStore(ws->get()).LoadCodebook();
  if (!cb.ok()) return Fail(cb.status());
  auto xml = coding::WriteQdc(*cb);
  if (!xml.ok()) return Fail(xml.status());
  auto st = core::WriteFileAtomic(a.positional[1], *xml, true);
  if (!st.ok()) return Fail(st);
  std::printf("Wrote %zu codes to %s\n", cb->size(), a.positional[1].c_str());
  return kExitOk;
}

int CodebookImport(const Args& a) {
  auto bytes = core::ReadFileBounded(a.positional[1], 64u << 20);
  if (!bytes.ok()) return Fail(bytes.status());
  auto cb = coding::ReadQdc(*bytes, a.positional[1]);
  if (!cb.ok()) return Fail(cb.status());
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto added = storage::CodingStore(ws->get()).ImportCodebook(*cb, a.Get("author", (*ws)->info().device_name));
  if (!added.ok()) return Fail(added.status());
  std::printf("Imported %s: %d new code(s), %zu already here\n", a.positional[1].c_str(), *added, cb->size() - *added);
  return kExitOk;
}

int ExportQdpx(const Args& a) {
  if (!a.Has("out")) return UsageFail("--out P.qdpx is required", nullptr);
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto p = storage::CodingStore(ws->get()).ExportProject(SplitList(a.Get("coders")));
  if (!p.ok()) return Fail(p.status());
  auto st = coding::WriteQdpxFile(a.Get("out"), *p);
  if (!st.ok()) return Fail(st);
  auto audit = (*ws)->AppendAudit("export.qdpx", std::to_string(p->answers.size()) + " de-identified answers, " +
                                                    std::to_string(p->codings.size()) + " codings");
  if (!audit.ok()) return Fail(audit);
  for (const auto& w : p->warnings) std::fprintf(stderr, "canvass-cli: warning: %s\n", w.c_str());
  std::printf("Wrote %s: %zu codes, %zu interviews, %zu de-identified answers, %zu codings\n", a.Get("out").c_str(),
              p->codebook.size(), p->interviews.size(), p->answers.size(), p->codings.size());
  return kExitOk;
}

int ImportQdpx(const Args& a) {
  auto p = coding::ReadQdpxFile(a.positional[1]);
  if (!p.ok()) return Fail(p.status());
  auto ws = OpenWorkspace(a, a.positional[0]);
  if (!ws.ok()) return Fail(ws.status());
  auto r = storage::CodingStore(ws->get()).ImportProject(*p, a.Get("author", (*ws)->info().device_name));
  if (!r.ok()) return Fail(r.status());
  for (const auto& w : r->warnings) std::fprintf(stderr, "canvass-cli: warning: %s\n", w.c_str());
  if (a.Has("json")) {
    PrintJson(Value(Value::Object{{"codes_added", Value(static_cast<int64_t>(r->codes_added))},
                                  {"codes_known", Value(static_cast<int64_t>(r->codes_known))},
                                  {"codings_added", Value(static_cast<int64_t>(r->codings_added))},
                                  {"codings_known", Value(static_cast<int64_t>(r->codings_known))},
                                  {"memos_added", Value(static_cast<int64_t>(r->memos_added))},
                                  {"memos_known", Value(static_cast<int64_t>(r->memos_known))},
                                  {"codings_skipped", Value(static_cast<int64_t>(r->codings_skipped))},
                                  {"memos_skipped", Value(static_cast<int64_t>(r->memos_skipped))},
                                  {"warnings", Value(static_cast<int64_t>(r->warnings.size()))}}));
    return kExitOk;
  }
  std::printf("Imported %s: %d new code(s), %d new coding(s) (%d already here, %d skipped), %d new memo(s)\n", a.positional[1].c_str(),
              r->codes_added, r->codings_added, r->codings_known, r->codings_skipped, r->memos_added);
  return kExitOk;
}

}  // namespace

void RegisterCodingExchangeCommands(std::vector<Command>* out) {
  out->push_back({{"codebook import", "codebook import FILE CODEBOOK.qdc [--author NAME]",
                   "Adds the codes (and code memos) of a REFI-QDA codebook that this workspace does not have.", 2, 2,
                   WithPass({"author"}), {}}, CodebookImport});
  out->push_back({{"codebook export", "codebook export FILE OUT.qdc", "Writes the codebook as REFI-QDA .qdc (Codebook.xsd).", 2, 2, WithPass({}), {}}, CodebookExport});
  out->push_back({{"agreement", "agreement FILE --coders A,B[,C...] [--disagreements] [--json]",
                   "Inter-coder agreement over the answers every listed coder marked done: per code and pooled, at character\n"
                   "and segment level: percent agreement, Cohen's kappa (two coders), Krippendorff's alpha (nominal).\n"
                   "--disagreements lists the spans where they differ (docs/agreement.md).", 1, 1,
                   WithPass({"coders"}), {"json", "disagreements"}}, Agreement});
  out->push_back({{"code counts", "code counts FILE [--basis any|consensus|consensus-else-any|consensus-else-two|project] [--json]",
                   "Per area, role and form of trafficking x code: interviews and distinct respondents with the code applied\n"
                   "(by any coder; by the \"consensus\" coder; the consensus where it exists, else any coder or at least two\n"
                   "coders; or the project's rule, which the assessment uses).", 1, 1, WithPass({"basis"}), {"json"}}, Counts});
  out->push_back({{"coding-rules", "coding-rules FILE [--blind on|off] [--count-rule RULE] [--author NAME]",
                   "Shows the project's coding rules; on the central workspace (the coordinator) sets them: blind coding (a coder\n"
                   "cannot see others' codings of an answer before marking it done) and what the assessment counts\n"
                   "(consensus-else-any, the default; consensus-else-two; consensus; any). They reach laptops in update bundles.",
                   1, 1, WithPass({"blind", "count-rule", "author"}), {}}, CodingRules});
  out->push_back({{"export qdpx", "export qdpx FILE --out P.qdpx [--coders A,B]",
                   "Writes a REFI-QDA project (Project-mrt.xsd): codebook, memos on codes and answers, de-identified open answers (never answers to\n"
                   "questions flagged identifying), cases with Interview/Area/Role and the codings (of the listed coders).",
                   1, 1, WithPass({"out", "coders"}), {}}, ExportQdpx});
  out->push_back({{"import qdpx", "import qdpx FILE P.qdpx [--author NAME] [--json]",
                   "Reads a REFI-QDA project back: new codes, memos on codes and answers, and codings of answers this workspace\n"
                   "holds (re-importing changes nothing; the same coding imported on two laptops merges as one).", 2, 2, WithPass({"author"}), {"json"}}, ImportQdpx});
}

}  // namespace canvass::cli
