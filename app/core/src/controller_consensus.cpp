// Controller, Agreement screen, settling disagreements: each disagreement's settlement, the
// selected answer side by side, what each decision would settle (shown before it is made), and
// the decisions themselves — accept a coder's span, apply a selection, "no code" on exactly the
// disputed span, remove a consensus coding. A decision writes consensus codings (coder
// storage::kConsensusCoder) or one "no code" decision (CodingStore::SetNoCode), authored by the
// person working (the workbench's coder), so the audit says who settled what.
//
// The unit of consensus is the disputed span of one code on one answer: a span is "coded" when
// consensus codings of the code cover it, "no code" when a "no code" decision covers it (or the
// consensus coder marked the whole answer done, from the CLI) and no consensus coding touches it.
#include <algorithm>
#include <map>
#include <set>

#include "agree_cache.h"
#include "app/controller.h"
#include "app/i18n.h"
#include "coding/text_span.h"
#include "storage/coding_store.h"

namespace canvass::app {

using core::Status;

namespace {

constexpr const char* kConsensus = storage::kConsensusCoder;
using Spans = std::vector<std::pair<int64_t, int64_t>>;
using Key = std::pair<std::string, std::string>;  // (answer id, code GUID)

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Does the union of `spans` cover every character of [s, e)?
bool Covers(Spans spans, int64_t s, int64_t e) {
  std::sort(spans.begin(), spans.end());
  int64_t at = s;
  for (const auto& [a, b] : spans) {
    if (a > at) break;
    at = std::max(at, b);
  }
  return at >= e;
}

bool Touches(const Spans& spans, int64_t s, int64_t e) {
  return std::any_of(spans.begin(), spans.end(), [&](const auto& x) { return x.first < e && s < x.second; });
}

// The consensus decisions a settlement reads.
struct Decisions {
  std::map<Key, Spans> coded, nocode;
  std::set<std::string> done;  // answers the consensus coder marked done
};

std::string SettledOf(const DisagreementRow& d, const Decisions& k) {
  static const Spans kNone;
  auto c = k.coded.find({d.answer_id, d.code_guid});
  auto n = k.nocode.find({d.answer_id, d.code_guid});
  const Spans& cs = c == k.coded.end() ? kNone : c->second;
  const Spans& ns = n == k.nocode.end() ? kNone : n->second;
  if (Covers(cs, d.start, d.end)) return "coded";
  if (Touches(cs, d.start, d.end)) return "partly coded";  // i18n-ok: a state value (DisagreementRow::settled); words: StateText
  if (Covers(ns, d.start, d.end) || k.done.count(d.answer_id)) return "no code";  // i18n-ok: a state value, as above
  return "";
}

// A settlement state in words ("" = open: what a decision undoing it leaves).
std::string StateText(const std::string& state) {
  const char* key = "consensus.state_partly";
  if (state.empty()) key = "consensus.state_open_again";
  if (state == "coded") key = "consensus.state_coded";
  if (state == "no code") key = "consensus.state_no_code";  // i18n-ok: a state value
  return T(key);
}

std::string SpanText(const DisagreementRow& d) {
  return "[" + std::to_string(d.start) + ", " + std::to_string(d.end) + ")";
}

// The rows of the selected disagreement's answer and code whose settlement `after` changes.
DecisionPreview Preview(const std::vector<DisagreementRow>& rows, int selected, const Decisions& before,
                        const Decisions& after) {
  DecisionPreview p;
  const DisagreementRow& sel = rows[static_cast<size_t>(selected)];
  std::string others, settles_selected;
  for (size_t i = 0; i < rows.size(); ++i) {
    const DisagreementRow& d = rows[i];
    if (d.answer_id != sel.answer_id || d.code_guid != sel.code_guid) continue;
    std::string was = SettledOf(d, before), now = SettledOf(d, after);
    if (was == now) continue;
    p.rows.push_back(static_cast<int>(i));
    if (static_cast<int>(i) == selected) settles_selected = StateText(now);
    else others += (others.empty() ? "" : ", ") + F("msg.consensus.span_as", SpanText(d), StateText(now));
  }
  if (p.rows.empty()) return {{}, T("msg.consensus.no_change")};
  if (settles_selected.empty()) p.text = F("msg.consensus.leaves_also", SpanText(sel), others);
  else if (others.empty()) p.text = F("msg.consensus.settles", SpanText(sel), settles_selected);
  else p.text = F("msg.consensus.settles_also", SpanText(sel), settles_selected, others);
  return p;
}

}  // namespace

// Settlement of every row, and the selected answer's text, side-by-side columns and previews.
void Controller::LoadDisagreement() {
  AgreementView& v = view_.agreement;
  v.text.clear();
  v.code_points.clear();
  v.columns.clear();
  v.accept_preview.clear();
  v.nocode_preview = {};
  v.apply_preview = {};
  v.hidden_blind = false;
  if (!agree_ || !ws_) return;
  storage::CodingStore store(ws_.get());
  auto consensus = store.ListCodings(storage::CodingFilter{{kConsensus}, "", ""});
  auto nocode = store.ListNoCode();
  if (!consensus.ok() || !nocode.ok()) {
    v.error = F("msg.consensus.read_consensus", (consensus.ok() ? nocode.status() : consensus.status()).message());
    return;
  }
  Decisions k;
  for (const auto& r : *consensus)
    if (r.fate != "needs_review") k.coded[{r.answer_id(), r.code_guid}].emplace_back(r.start, r.end);
  for (const auto& d : *nocode) k.nocode[{d.answer_id, d.code_guid}].emplace_back(d.start, d.end);
  for (const auto& [id, a] : agree_->answers)
    if (Has(a.completed_by, kConsensus)) k.done.insert(id);
  v.settled = 0;
  for (auto& d : v.disagreements) {
    d.settled = SettledOf(d, k);
    v.settled += d.settled.empty() || d.settled == "partly coded" ? 0 : 1;  // i18n-ok: a state value
  }
  if (v.selected < 0 || v.selected >= static_cast<int>(v.disagreements.size())) return;
  const DisagreementRow& d = v.disagreements[v.selected];
  auto a = agree_->answers.find(d.answer_id);
  if (a == agree_->answers.end()) return;
  // Blind project on a coder's laptop: others' codings of an answer stay hidden until this coder
  // marked it done (the coordinator's central workspace settles everything).
  auto rules = store.GetCodingSettings();
  if (rules.ok() && rules->blind && ws_->info().role != storage::Role::kCentral &&
      !Has(a->second.completed_by, SessionCoder())) {
    v.hidden_blind = true;
    return;
  }
  v.text = a->second.text;
  v.code_points = coding::DecodeCodePoints(v.text);
  auto codings = store.ListCodings(storage::CodingFilter{{}, d.interview, d.question});
  if (!codings.ok()) { v.error = F("msg.consensus.read_codings", codings.status().message()); return; }
  std::vector<std::string> who;  // the compared coders, then always the consensus column last
  for (const auto& coder : v.chosen)
    if (coder != kConsensus) who.push_back(coder);
  who.push_back(kConsensus);
  const Key key{d.answer_id, d.code_guid};
  for (const auto& coder : who) {
    CoderColumn col{coder, {}, Has(a->second.completed_by, coder)};
    for (const auto& r : *codings)
      if (r.coder == coder && r.code_guid == d.code_guid)
        col.spans.push_back({r.id, r.code_guid, d.code_path, r.coder, r.start, r.end, d.color, coder == kConsensus, r.fate});
    std::sort(col.spans.begin(), col.spans.end(), [](const SpanView& x, const SpanView& y) {
      return std::tie(x.start, x.end, x.coding_id) < std::tie(y.start, y.end, y.coding_id);
    });
    if (coder != kConsensus) {  // what accepting this coder's span would settle
      Decisions after = k;
      for (const auto& sp : col.spans)
        if (sp.fate != "needs_review" && sp.start < d.end && d.start < sp.end) after.coded[key].emplace_back(sp.start, sp.end);
      v.accept_preview.push_back(Has(d.applied_by, coder) ? Preview(v.disagreements, v.selected, k, after)
                                                          : DecisionPreview{{}, F("msg.consensus.did_not_code", coder)});
    }
    v.columns.push_back(std::move(col));
  }
  Decisions no = k;
  no.nocode[key].emplace_back(d.start, d.end);
  v.nocode_preview = Touches(k.coded[key], d.start, d.end)
                         ? DecisionPreview{{}, T("msg.consensus.touches")}
                         : Preview(v.disagreements, v.selected, k, no);
  if (v.preview_end > v.preview_start) {
    Decisions ap = k;
    ap.coded[key].emplace_back(v.preview_start, v.preview_end);
    v.apply_preview = Preview(v.disagreements, v.selected, k, ap);
  }
}

std::string Controller::SessionCoder() const {
  if (!view_.coding.coder.empty()) return view_.coding.coder;
  return ws_ ? ws_->info().device_name : std::string();
}

void Controller::SettleDisagreement(cmd::Agreement& c) {
  AgreementView& v = view_.agreement;
  if (v.selected < 0 || v.selected >= static_cast<int>(v.disagreements.size()) || v.columns.empty()) {
    v.error = T(v.hidden_blind ? "msg.consensus.blind_first" : "msg.consensus.select_first");
    return;
  }
  const DisagreementRow d = v.disagreements[v.selected];
  const CoderColumn& mine = v.columns.back();  // the consensus column
  storage::CodingStore store(ws_.get());
  const std::string me = SessionCoder();
  int added = 0;
  auto add = [&](int64_t s, int64_t e) -> Status {
    for (const auto& sp : mine.spans)
      if (sp.start == s && sp.end == e) return Status::Ok();  // already the consensus
    storage::NewCoding nc{d.interview, d.question, s, e, d.code_guid, kConsensus};
    Status st = store.AddCoding(nc, me).status();
    added += st.ok() ? 1 : 0;
    return st;
  };
  Status st;
  std::string settles;
  if (auto* acc = std::get_if<cmd::AgreementAccept>(&c.op)) {
    auto col = std::find_if(v.columns.begin(), v.columns.end(), [&](const CoderColumn& k) { return k.coder == acc->coder; });
    if (col == v.columns.end() || acc->coder == kConsensus) {
      v.error = F("msg.consensus.not_compared", acc->coder);
      return;
    }
    if (!Has(d.applied_by, acc->coder)) {
      v.error = F("msg.consensus.did_not_code_use", acc->coder, d.code_path, T("agreement.no_code"));
      return;
    }
    settles = v.accept_preview[static_cast<size_t>(col - v.columns.begin())].text;
    for (const auto& sp : col->spans) {  // only the codings that touch the disputed span
      if (sp.fate == "needs_review" || sp.end <= d.start || d.end <= sp.start) continue;
      if (!(st = add(sp.start, sp.end)).ok()) break;
    }
    if (st.ok())
      v.message = F(added ? "msg.consensus.accepted" : "msg.consensus.accepted_already", acc->coder, d.code_path, settles);
  } else if (auto* ap = std::get_if<cmd::AgreementApplySpan>(&c.op)) {
    const int64_t len = static_cast<int64_t>(v.code_points.size());
    if (ap->start < 0 || ap->end > len || ap->end <= ap->start) {
      v.error = F("msg.consensus.select_text", std::to_string(len));
      return;
    }
    v.preview_start = ap->start;
    v.preview_end = ap->end;
    LoadDisagreement();
    settles = v.apply_preview.text;
    st = add(ap->start, ap->end);
    if (st.ok())
      v.message = F("msg.consensus.applied", d.code_path, "[" + std::to_string(ap->start) + ", " + std::to_string(ap->end) + ")", settles);
  } else if (std::holds_alternative<cmd::AgreementNoCode>(c.op)) {
    if (std::any_of(mine.spans.begin(), mine.spans.end(), [&](const SpanView& s) { return s.start < d.end && d.start < s.end; })) {
      v.error = F("msg.consensus.already_codes", d.code_path);
      return;
    }
    settles = v.nocode_preview.text;
    st = store.SetNoCode(d.interview, d.question, d.code_guid, d.start, d.end, true, me);
    if (st.ok()) v.message = F("msg.consensus.no_code", d.code_path, SpanText(d), settles);
  } else if (auto* rm = std::get_if<cmd::AgreementRemove>(&c.op)) {
    if (std::none_of(mine.spans.begin(), mine.spans.end(), [&](const SpanView& s) { return s.coding_id == rm->coding_id; })) {
      v.error = T("msg.consensus.remove_only");
      return;
    }
    st = store.RemoveCoding(rm->coding_id, me);
    if (st.ok()) v.message = T("msg.consensus.removed");
  }
  if (!st.ok()) { v.error = F("msg.consensus.not_recorded", st.message()); return; }
  LoadDisagreement();
}

}  // namespace canvass::app
