// Controller, Analysis screen: retrieval of a code's segments (and its children's) across
// interviews with case attributes, text search with a preview and auto-coding of the shown
// passages, code frequencies with parent totals by attribute, code co-occurrence (same answer or
// same interview) with a drill-down to the passages, and a memo browser. Frequencies and
// co-occurrence count what the assessment counts (the project's count rule). Everything is read
// when a command asks (never per frame).
//
// [SECTION] shared with canvass-cli   [SECTION] reading   [SECTION] commands
#include <algorithm>
#include <map>
#include <set>

#include "app/controller.h"
#include "app/i18n.h"
#include "coding/analysis.h"
#include "coding/counts.h"
#include "coding/text_span.h"
#include "count_rule_text.h"
#include "storage/coding_store.h"

namespace canvass::app {

using core::Status;

namespace {

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

// What every view reads: the codebook, the codable answers with their case attributes, the live
// codings on current text.
struct Corpus {
  coding::Codebook cb;
  std::vector<storage::OpenAnswer> answers;
  std::map<std::string, size_t> index;               // answer id -> answers[i]
  std::map<std::string, std::string> area_name, form_title;
  std::vector<storage::CodingRecord> codings;         // fate != needs_review
  const storage::OpenAnswer* Answer(const std::string& id) const {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &answers[it->second];
  }
  std::string Areas(const storage::OpenAnswer& a) const {
    std::vector<std::string> names;
    for (const auto& id : a.areas) {
      auto it = area_name.find(id);
      names.push_back(it == area_name.end() || it->second.empty() ? id : it->second);
    }
    return Join(names);
  }
  std::string Protocol(const storage::OpenAnswer& a) const {
    auto it = form_title.find(a.form_id);
    return it == form_title.end() || it->second.empty() ? a.form_id : it->second;
  }
  SegmentRow Row(const storage::CodingRecord& r) const {
    SegmentRow s{r.id, r.interview, r.question, r.code_guid, cb.PathOf(r.code_guid), r.coder, r.start, r.end,
                 "", "", "", "", "", ""};
    if (const auto* a = Answer(r.answer_id())) {
      s.text = coding::Slice(a->text, r.start, r.end);
      s.protocol = Protocol(*a);
      s.role = a->role;
      s.areas = Areas(*a);
      s.date = a->date;
      s.question_label = a->question_label;
    }
    return s;
  }
};

core::Result<Corpus> ReadCorpus(storage::Workspace* ws, const std::vector<std::string>& coders = {}) {
  storage::CodingStore store(ws);
  Corpus c;
  CANVASS_ASSIGN_OR_RETURN(c.cb, store.LoadCodebook());
  CANVASS_ASSIGN_OR_RETURN(c.answers, store.OpenAnswersBulk());
  for (size_t i = 0; i < c.answers.size(); ++i) c.index[c.answers[i].id()] = i;
  CANVASS_ASSIGN_OR_RETURN(auto areas, ws->ListAreas());
  for (const auto& a : areas) c.area_name[a.id] = a.name;
  CANVASS_ASSIGN_OR_RETURN(auto forms, ws->ListForms());
  for (const auto& f : forms) c.form_title[f.form_id] = f.title;  // the latest version's title last
  storage::CodingFilter f;
  f.coders = coders;
  CANVASS_ASSIGN_OR_RETURN(auto codings, store.ListCodings(f));
  for (auto& r : codings)
    if (r.fate != "needs_review" && c.index.count(r.answer_id())) c.codings.push_back(std::move(r));
  return c;
}

constexpr size_t kMaxHits = 500;  // search results shown (and auto-coded) at most

bool SegmentLess(const SegmentRow& a, const SegmentRow& b) {
  return std::tie(a.date, a.interview, a.question, a.start, a.end, a.code_path, a.coder) <
         std::tie(b.date, b.interview, b.question, b.start, b.end, b.code_path, b.coder);
}

}  // namespace

// [SECTION] shared with canvass-cli

core::Result<std::vector<SegmentRow>> RetrieveSegments(storage::Workspace* ws, const std::string& code, bool children,
                                                       const std::vector<std::string>& coders) {
  CANVASS_ASSIGN_OR_RETURN(Corpus c, ReadCorpus(ws, coders));
  CANVASS_ASSIGN_OR_RETURN(std::string guid, storage::CodingStore::ResolveCode(c.cb, code));
  std::set<std::string> wanted = children ? coding::CodeAndDescendants(c.cb, guid) : std::set<std::string>{guid};
  std::vector<SegmentRow> out;
  for (const auto& r : c.codings)
    if (wanted.count(r.code_guid)) out.push_back(c.Row(r));
  std::sort(out.begin(), out.end(), SegmentLess);
  return out;
}

std::string SegmentsCsv(const std::vector<SegmentRow>& rows) {
  std::string out = "interview,question,question_label,protocol,role,areas,date,code,coder,start,end,text\n";
  for (const auto& r : rows)
    out += Csv(r.interview) + "," + Csv(r.question) + "," + Csv(r.question_label) + "," + Csv(r.protocol) + "," +
           Csv(r.role) + "," + Csv(r.areas) + "," + Csv(r.date) + "," + Csv(r.code_path) + "," + Csv(r.coder) + "," +
           std::to_string(r.start) + "," + std::to_string(r.end) + "," + Csv(r.text) + "\n";
  return out;
}

// [SECTION] reading

namespace {

// (answer, code) pairs that apply under the project's count rule.
std::set<std::pair<std::string, std::string>> Applied(const Corpus& c, storage::CodingStore& store, std::string* rule_text) {
  coding::CountInput in;
  for (const auto& r : c.codings) in.codings.push_back(r.ToCoding());
  for (const auto& a : c.answers)
    if (std::count(a.completed_by.begin(), a.completed_by.end(), storage::kConsensusCoder)) in.consensus_done.push_back(a.id());
  auto nocode = store.ListNoCode();
  if (nocode.ok()) in.no_code = *nocode;
  coding::CountOptions o;
  auto rules = store.GetCodingSettings();
  o.basis = rules.ok() ? rules->count_rule : coding::CountBasis::kConsensusElseAny;
  *rule_text = CountRuleText(o.basis);
  return coding::AppliedCodes(in, o);
}

std::string ValueOf(const Corpus& c, const storage::OpenAnswer& a, const std::string& attribute) {
  if (attribute == "protocol") return c.Protocol(a);
  if (attribute == "role") return a.role;
  if (attribute == "area") return c.Areas(a);
  if (attribute == "date") return a.date.substr(0, 7);
  return "";
}

}  // namespace

void Controller::RefreshAnalysis() {
  AnalysisView& v = view_.analysis;
  if (!ws_) return;
  storage::CodingStore store(ws_.get());
  auto cb = store.LoadCodebook();
  if (!cb.ok()) { v.error = F("msg.analysis.read_codebook", cb.status().message()); return; }
  v.codes.clear();
  for (const coding::Code* c : cb->InTreeOrder()) v.codes.emplace_back(c->guid, cb->PathOf(c->guid));
  auto rules = store.GetCodingSettings();
  if (rules.ok()) v.count_rule_text = CountRuleText(rules->count_rule);
}

// [SECTION] commands

void Controller::OpenAnswerInCoding(const std::string& interview, const std::string& question) {
  Navigate(Screen::kCoding);
  CodingView& cv = view_.coding;
  if (!coding_cache_) return;
  cv.filter = {};
  BuildCodingQueue();
  for (size_t i = 0; i < cv.queue.size(); ++i)
    if (cv.queue[i].interview == interview && cv.queue[i].question == question) cv.selected = static_cast<int>(i);
  LoadCodingAnswer();
}

void Controller::HandleAnalysis(cmd::Analysis& c) {
  AnalysisView& v = view_.analysis;
  v.message.clear();
  v.error.clear();
  if (!NeedWorkspace()) return;
  if (auto* t = std::get_if<cmd::AnalysisTab>(&c.op)) { v.tab = std::clamp(t->tab, 0, 4); return; }
  if (auto* o = std::get_if<cmd::AnalysisOpenAnswer>(&c.op)) return OpenAnswerInCoding(o->interview, o->question);
  storage::CodingStore store(ws_.get());
  auto corpus = ReadCorpus(ws_.get());
  if (!corpus.ok()) { v.error = F("msg.analysis.read_coding", corpus.status().message()); return; }
  const Corpus& k = *corpus;
  if (auto* r = std::get_if<cmd::AnalysisRetrieve>(&c.op)) {
    auto segs = RetrieveSegments(ws_.get(), r->code, r->children);
    if (!segs.ok()) { v.error = segs.status().message(); return; }
    auto guid = storage::CodingStore::ResolveCode(k.cb, r->code);
    v.code = guid.ok() ? *guid : r->code;
    v.children = r->children;
    v.segments = std::move(*segs);
    std::set<std::string> ivs;
    for (const auto& s : v.segments) ivs.insert(s.interview);
    v.message = P("msg.analysis.segments", static_cast<int64_t>(v.segments.size()),
                  P("msg.analysis.interviews", static_cast<int64_t>(ivs.size())));
  } else if (auto* s = std::get_if<cmd::AnalysisSearch>(&c.op)) {
    v.query = s->query;
    v.hits.clear();
    if (coding::DecodeCodePoints(s->query).size() < 2) { v.error = T("msg.analysis.two_characters"); return; }
    for (const auto& a : k.answers)
      for (const auto& [b, e] : coding::FindText(a.text, s->query, 200)) {
        if (v.hits.size() >= kMaxHits) break;
        v.hits.push_back({a.interview, a.question, a.question_label, b, e, coding::Slice(a.text, b - 40, b),
                          coding::Slice(a.text, b, e), coding::Slice(a.text, e, e + 40)});
      }
    v.message = v.hits.size() >= kMaxHits ? F("msg.analysis.found_first", static_cast<int64_t>(kMaxHits))
                                          : P("msg.analysis.found", static_cast<int64_t>(v.hits.size()));
  } else if (auto* ac = std::get_if<cmd::AnalysisAutoCode>(&c.op)) {
    auto guid = storage::CodingStore::ResolveCode(k.cb, ac->code);
    if (!guid.ok()) { v.error = F("msg.analysis.choose_code", guid.status().message()); return; }
    if (v.hits.empty()) { v.error = T("msg.analysis.search_first"); return; }
    std::vector<int> which = ac->hits;
    if (which.empty())
      for (int i = 0; i < static_cast<int>(v.hits.size()); ++i) which.push_back(i);
    const std::string me = SessionCoder();
    view_.coding.coder = me;           // the person coding is fixed for the session
    view_.coding.coder_chosen = true;
    int added = 0, known = 0;
    for (int i : which) {
      if (i < 0 || i >= static_cast<int>(v.hits.size())) { v.error = T("msg.analysis.no_such_hit"); return; }
      const SearchHit& h = v.hits[static_cast<size_t>(i)];
      bool had = std::any_of(k.codings.begin(), k.codings.end(), [&](const storage::CodingRecord& r) {
        return r.interview == h.interview && r.question == h.question && r.start == h.start && r.end == h.end &&
               r.code_guid == *guid && r.coder == me;
      });
      auto id = store.AddCoding({h.interview, h.question, h.start, h.end, *guid, me});
      if (!id.ok()) { v.error = P("msg.analysis.stopped", added, id.status().message()); return; }
      (had ? known : added) += 1;
    }
    v.message = P("msg.analysis.coded", added, k.cb.PathOf(*guid), me) + (known ? " " + P("msg.analysis.already_coded", known) : "");
  } else if (auto* f = std::get_if<cmd::AnalysisFrequencies>(&c.op)) {
    if (!f->attribute.empty() && f->attribute != "protocol" && f->attribute != "role" && f->attribute != "area" &&
        f->attribute != "date") {
      v.error = T("msg.analysis.split_by");
      return;
    }
    v.attribute = f->attribute;
    auto applied = Applied(k, store, &v.count_rule_text);
    std::map<std::string, std::string> interview_of, value_of;
    std::set<std::string> values;
    for (const auto& a : k.answers) {
      interview_of[a.id()] = a.interview;
      if (!f->attribute.empty()) values.insert(value_of[a.interview] = ValueOf(k, a, f->attribute));
    }
    auto freq = coding::CodeFrequencies(k.cb, applied, interview_of, f->attribute.empty() ? nullptr : &value_of);
    v.values.clear();
    for (const auto& x : values) v.values.push_back(x.empty() ? T("analysis.no_value") : x);
    v.frequencies.clear();
    for (const auto& q : freq) {
      FrequencyRow row{q.code_guid, k.cb.PathOf(q.code_guid), q.depth, q.answers, q.interviews, q.total_answers,
                       q.total_interviews, {}};
      for (const auto& val : values) {  // the values as counted, not as shown ("(none)": the library's key for no value)
        auto it = q.by_value.find(val.empty() ? "(none)" : val);
        row.by_value.push_back(it == q.by_value.end() ? 0 : it->second);
      }
      v.frequencies.push_back(std::move(row));
    }
  } else if (auto* co = std::get_if<cmd::AnalysisCooccur>(&c.op)) {
    v.same_interview = co->same_interview;
    auto applied = Applied(k, store, &v.count_rule_text);
    std::set<std::string> used;
    for (const auto& p : applied) used.insert(p.second);
    v.co_codes.clear();
    v.co_paths.clear();
    for (const coding::Code* code : k.cb.InTreeOrder())
      if (used.count(code->guid) && v.co_codes.size() < 40) {
        v.co_codes.push_back(code->guid);
        v.co_paths.push_back(k.cb.PathOf(code->guid));
      }
    std::map<std::string, std::string> unit_of;
    for (const auto& a : k.answers) unit_of[a.id()] = a.interview;
    auto m = coding::CoOccur(v.co_codes, applied, co->same_interview ? &unit_of : nullptr);
    v.co = m.n;
    v.co_a = v.co_b = -1;
    v.drill.clear();
  } else if (auto* d = std::get_if<cmd::AnalysisDrill>(&c.op)) {
    const int n = static_cast<int>(v.co_codes.size());
    if (d->a < 0 || d->b < 0 || d->a >= n || d->b >= n) { v.error = T("msg.analysis.choose_cell"); return; }
    auto applied = Applied(k, store, &v.count_rule_text);
    std::map<std::string, std::string> unit_of;
    for (const auto& a : k.answers) unit_of[a.id()] = a.interview;
    auto m = coding::CoOccur(v.co_codes, applied, v.same_interview ? &unit_of : nullptr);
    const auto& units = m.units[static_cast<size_t>(d->a)][static_cast<size_t>(d->b)];
    std::set<std::string> in(units.begin(), units.end());
    const std::set<std::string> pair{v.co_codes[static_cast<size_t>(d->a)], v.co_codes[static_cast<size_t>(d->b)]};
    v.co_a = d->a;
    v.co_b = d->b;
    v.drill.clear();
    for (const auto& r : k.codings) {
      const std::string unit = v.same_interview ? r.interview : r.answer_id();
      if (pair.count(r.code_guid) && in.count(unit) && applied.count({r.answer_id(), r.code_guid})) v.drill.push_back(k.Row(r));
    }
    std::sort(v.drill.begin(), v.drill.end(), SegmentLess);
    v.message = P(v.same_interview ? "msg.analysis.both_interviews" : "msg.analysis.both_answers", static_cast<int64_t>(units.size()));
  } else if (std::holds_alternative<cmd::AnalysisMemos>(c.op)) {
    auto memos = store.ListMemos();
    if (!memos.ok()) { v.error = F("msg.analysis.read_memos", memos.status().message()); return; }
    auto rules = store.GetCodingSettings();
    const bool only_mine = rules.ok() && rules->blind && ws_->info().role != storage::Role::kCentral;
    v.memos.clear();
    for (const auto& m : *memos) {
      if (only_mine && m.coder != SessionCoder()) continue;
      MemoRow row{"code", m.target, "", m.coder, m.text, m.created};
      if (m.target.rfind("answer:", 0) == 0) {
        row.kind = "answer";
        row.target = m.target.substr(7);
        const auto* a = k.Answer(row.target);
        row.label = F("msg.analysis.memo_answer", a ? a->question_label : row.target, row.target.substr(0, 8));
      } else {
        row.label = k.cb.PathOf(m.target);
      }
      v.memos.push_back(std::move(row));
    }
    std::stable_sort(v.memos.begin(), v.memos.end(), [](const MemoRow& a, const MemoRow& b) {
      return std::tie(a.kind, a.label, a.coder) < std::tie(b.kind, b.label, b.coder);
    });
    v.message = P(only_mine ? "msg.analysis.memos_blind" : "msg.analysis.memos", static_cast<int64_t>(v.memos.size()));
  }
}

}  // namespace canvass::app
