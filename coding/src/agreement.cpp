// Character- and segment-level agreement, per code and pooled, and the disagreement list.
#include "coding/agreement.h"

#include <map>
#include <set>
#include <unordered_map>

#include "agreement_stats.h"

namespace canvass::coding {

using core::Result;
using core::Status;

namespace {

using MaskCounts = std::map<uint64_t, double>;  // coder bit mask -> number of units

struct Span {
  size_t coder;
  int64_t start, end;
};

// The input, validated and indexed: spans[answer index][code] in coder order.
struct Prepared {
  size_t coders = 0;
  std::vector<std::string> codes;
  std::vector<std::map<std::string, std::vector<Span>>> spans;
};

Result<Prepared> Prepare(const AgreementInput& in) {
  Prepared p;
  p.coders = in.coders.size();
  if (p.coders < 2 || p.coders > 64)
    return Status::InvalidArgument("agreement needs 2 to 64 coders, got " + std::to_string(p.coders));
  std::unordered_map<std::string, size_t> coder_ix, answer_ix;
  for (size_t i = 0; i < in.coders.size(); ++i)
    if (!coder_ix.emplace(in.coders[i], i).second)
      return Status::InvalidArgument("coder '" + in.coders[i] + "' is listed twice");
  for (size_t i = 0; i < in.answers.size(); ++i) {
    if (in.answers[i].length < 0)
      return Status::InvalidArgument("answer '" + in.answers[i].answer_id + "' has a negative length");
    if (!answer_ix.emplace(in.answers[i].answer_id, i).second)
      return Status::InvalidArgument("answer '" + in.answers[i].answer_id + "' is listed twice");
  }
  p.spans.resize(in.answers.size());
  std::set<std::string> known(in.code_guids.begin(), in.code_guids.end());
  p.codes = in.code_guids;
  for (const Coding& c : in.codings) {
    auto a = answer_ix.find(c.answer_id);
    auto k = coder_ix.find(c.coder);
    if (a == answer_ix.end() || k == coder_ix.end()) continue;
    const int64_t len = in.answers[a->second].length;
    if (c.start < 0 || c.end < c.start || c.end > len)
      return Status::InvalidArgument("coding [" + std::to_string(c.start) + ", " + std::to_string(c.end) +
                                     ") by '" + c.coder + "' is outside answer '" + c.answer_id +
                                     "' of " + std::to_string(len) + " characters; relocate it first");
    if (in.code_guids.empty() && known.insert(c.code_guid).second) p.codes.push_back(c.code_guid);
    if (!known.count(c.code_guid) || c.start == c.end) continue;
    p.spans[a->second][c.code_guid].push_back(Span{k->second, c.start, c.end});
  }
  return p;
}

// Per-character coder masks of one answer for one code.
std::vector<uint64_t> CharacterMasks(int64_t length, const std::vector<Span>& spans) {
  std::vector<uint64_t> masks(static_cast<size_t>(length), 0);
  for (const Span& s : spans)
    for (int64_t i = s.start; i < s.end; ++i) masks[static_cast<size_t>(i)] |= uint64_t{1} << s.coder;
  return masks;
}

AgreementFigures Figures(const std::string& code, const MaskCounts& counts, size_t coders) {
  AgreementFigures f;
  f.code_guid = code;
  NominalAccumulator acc;
  for (const auto& [mask, weight] : counts) {
    double yes = static_cast<double>(__builtin_popcountll(mask));
    acc.AddUnit({{1, yes}, {0, static_cast<double>(coders) - yes}}, weight);
    if (coders == 2) {
      double* cell = mask == 3 ? &f.table.both : mask == 1 ? &f.table.only_a
                   : mask == 2 ? &f.table.only_b : &f.table.neither;
      *cell += weight;
    }
  }
  f.units = acc.units();
  f.percent_agreement = acc.PercentAgreement();
  f.krippendorff_alpha = acc.Alpha();
  if (coders == 2) f.cohen_kappa = CohenKappa(f.table);
  return f;
}

template <typename PerAnswer>
AgreementReport Report(const AgreementInput& in, const Prepared& p, PerAnswer per_answer) {
  AgreementReport report;
  MaskCounts pooled;
  for (const std::string& code : p.codes) {
    MaskCounts counts;
    for (size_t a = 0; a < in.answers.size(); ++a) {
      auto it = p.spans[a].find(code);
      static const std::vector<Span> kNone;
      per_answer(in.answers[a].length, it == p.spans[a].end() ? kNone : it->second, counts);
    }
    for (const auto& [mask, w] : counts) pooled[mask] += w;
    report.per_code.push_back(Figures(code, counts, p.coders));
  }
  report.pooled = Figures("", pooled, p.coders);
  return report;
}

}  // namespace

Result<AgreementReport> CharacterAgreement(const AgreementInput& in) {
  CANVASS_ASSIGN_OR_RETURN(Prepared p, Prepare(in));
  return Report(in, p, [](int64_t length, const std::vector<Span>& spans, MaskCounts& counts) {
    if (spans.empty()) {
      if (length > 0) counts[0] += static_cast<double>(length);
      return;
    }
    for (uint64_t m : CharacterMasks(length, spans)) counts[m] += 1;
  });
}

Result<AgreementReport> SegmentAgreement(const AgreementInput& in) {
  CANVASS_ASSIGN_OR_RETURN(Prepared p, Prepare(in));
  return Report(in, p, [](int64_t, const std::vector<Span>& spans, MaskCounts& counts) {
    uint64_t mask = 0;
    for (const Span& s : spans) mask |= uint64_t{1} << s.coder;
    counts[mask] += 1;
  });
}

Result<std::vector<Disagreement>> ListDisagreements(const AgreementInput& in) {
  CANVASS_ASSIGN_OR_RETURN(Prepared p, Prepare(in));
  const uint64_t all = p.coders == 64 ? ~uint64_t{0} : (uint64_t{1} << p.coders) - 1;
  std::vector<Disagreement> out;
  for (size_t a = 0; a < in.answers.size(); ++a) {
    for (const std::string& code : p.codes) {
      auto it = p.spans[a].find(code);
      if (it == p.spans[a].end()) continue;
      std::vector<uint64_t> masks = CharacterMasks(in.answers[a].length, it->second);
      size_t i = 0;
      while (i < masks.size()) {
        size_t j = i;
        while (j < masks.size() && masks[j] == masks[i]) ++j;
        if (masks[i] != 0 && masks[i] != all) {
          Disagreement d{in.answers[a].answer_id, code, static_cast<int64_t>(i),
                         static_cast<int64_t>(j), {}, {}};
          for (size_t k = 0; k < p.coders; ++k)
            (masks[i] >> k & 1 ? d.applied_by : d.not_applied_by).push_back(in.coders[k]);
          out.push_back(std::move(d));
        }
        i = j;
      }
    }
  }
  return out;
}

}  // namespace canvass::coding
