// Retrieval, frequencies with parent totals, co-occurrence and text search over codings.
#include "coding/analysis.h"

#include <algorithm>

#include "coding/text_span.h"

namespace canvass::coding {

std::set<std::string> CodeAndDescendants(const Codebook& book, const std::string& code) {
  std::set<std::string> out;
  std::vector<std::string> todo{code};
  while (!todo.empty()) {
    std::string g = todo.back();
    todo.pop_back();
    if (!out.insert(g).second) continue;
    for (const Code* c : book.Children(g)) todo.push_back(c->guid);
  }
  return out;
}

std::vector<CodeFrequency> CodeFrequencies(const Codebook& book, const std::set<std::pair<std::string, std::string>>& applied,
                                           const std::map<std::string, std::string>& interview_of,
                                           const std::map<std::string, std::string>* value_of) {
  std::map<std::string, std::set<std::string>> answers_of;  // code -> answers where it applies
  for (const auto& [answer, code] : applied) answers_of[code].insert(answer);
  auto interviews = [&](const std::set<std::string>& answers) {
    std::set<std::string> out;
    for (const auto& a : answers) {
      auto it = interview_of.find(a);
      out.insert(it == interview_of.end() ? a : it->second);
    }
    return out;
  };
  std::vector<CodeFrequency> out;
  for (const Code* c : book.InTreeOrder()) {
    CodeFrequency f;
    f.code_guid = c->guid;
    for (std::string p = c->parent_guid; !p.empty(); p = book.FindByGuid(p) ? book.FindByGuid(p)->parent_guid : "") ++f.depth;
    auto own = answers_of.find(c->guid);
    if (own != answers_of.end()) {
      f.answers = static_cast<int>(own->second.size());
      f.interviews = static_cast<int>(interviews(own->second).size());
    }
    std::set<std::string> all;
    for (const auto& g : CodeAndDescendants(book, c->guid)) {
      auto it = answers_of.find(g);
      if (it != answers_of.end()) all.insert(it->second.begin(), it->second.end());
    }
    auto ivs = interviews(all);
    f.total_answers = static_cast<int>(all.size());
    f.total_interviews = static_cast<int>(ivs.size());
    if (value_of)
      for (const auto& iv : ivs) {
        auto v = value_of->find(iv);
        ++f.by_value[v == value_of->end() || v->second.empty() ? "(none)" : v->second];
      }
    out.push_back(std::move(f));
  }
  return out;
}

CoOccurrence CoOccur(const std::vector<std::string>& codes, const std::set<std::pair<std::string, std::string>>& applied,
                     const std::map<std::string, std::string>* unit_of) {
  CoOccurrence r;
  r.codes = codes;
  const size_t n = codes.size();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < n; ++i) index[codes[i]] = i;
  std::vector<std::set<std::string>> units(n);
  for (const auto& [answer, code] : applied) {
    auto it = index.find(code);
    if (it == index.end()) continue;
    std::string unit = answer;
    if (unit_of) {
      auto u = unit_of->find(answer);
      if (u != unit_of->end()) unit = u->second;
    }
    units[it->second].insert(unit);
  }
  r.n.assign(n, std::vector<int>(n, 0));
  r.units.assign(n, std::vector<std::vector<std::string>>(n));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i; j < n; ++j) {
      std::vector<std::string> both;
      std::set_intersection(units[i].begin(), units[i].end(), units[j].begin(), units[j].end(), std::back_inserter(both));
      r.n[i][j] = r.n[j][i] = static_cast<int>(both.size());
      r.units[j][i] = both;
      r.units[i][j] = std::move(both);
    }
  return r;
}

namespace {
uint32_t Fold(uint32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
}  // namespace

std::vector<std::pair<int64_t, int64_t>> FindText(const std::string& text, const std::string& query, size_t limit) {
  std::vector<std::pair<int64_t, int64_t>> out;
  std::vector<uint32_t> t = DecodeCodePoints(text), q = DecodeCodePoints(query);
  if (q.empty() || q.size() > t.size()) return out;
  for (size_t i = 0; i + q.size() <= t.size() && out.size() < limit; ++i) {
    size_t k = 0;
    while (k < q.size() && Fold(t[i + k]) == Fold(q[k])) ++k;
    if (k == q.size()) {
      out.emplace_back(static_cast<int64_t>(i), static_cast<int64_t>(i + q.size()));
      i += q.size() - 1;
    }
  }
  return out;
}

std::string Slice(const std::string& text, int64_t start, int64_t end) {
  std::vector<uint32_t> cps = DecodeCodePoints(text);
  start = std::clamp<int64_t>(start, 0, static_cast<int64_t>(cps.size()));
  end = std::clamp<int64_t>(end, start, static_cast<int64_t>(cps.size()));
  std::string out;
  char buf[5];
  for (int64_t i = start; i < end; ++i) out.append(buf, static_cast<size_t>(EncodeCodePoint(cps[static_cast<size_t>(i)], buf)));
  return out;
}

}  // namespace canvass::coding
