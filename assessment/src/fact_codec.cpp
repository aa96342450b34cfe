// Interview facts as bytes for the facts cache, and their fingerprints (interview_facts.h).
#include <cstdint>
#include <cstring>

#include "assessment/interview_facts.h"
#include "core/crypto_util.h"
#include "core/value.h"
#include "core/varint.h"

namespace canvass::assessment {

namespace {

// [SECTION] fingerprints: length-prefixed fields, so that no two different facts give one text

void Put(std::string* s, const std::string& v) {
  *s += std::to_string(v.size());
  *s += ':';
  *s += v;
}

void Put(std::string* s, const std::vector<std::string>& v) {
  *s += '[';
  for (const auto& x : v) Put(s, x);
  *s += ']';
}

void Put(std::string* s, const std::optional<double>& v) { Put(s, v ? core::FormatNumber(*v) : std::string("-")); }

void Put(std::string* s, const std::map<std::string, double>& m) {
  *s += '{';
  for (const auto& [k, v] : m) {
    Put(s, k);
    Put(s, core::FormatNumber(v));
  }
  *s += '}';
}

// [SECTION] bytes: varint lengths and counts, doubles as their 8 bytes (little-endian hosts)

constexpr char kStakeholderTag = 'S', kSheetTag = 'D';

class Writer {
 public:
  explicit Writer(char tag) { out_.push_back(tag); }
  void Size(size_t v) { core::PutVarint(&out_, v); }
  void Str(const std::string& v) {
    Size(v.size());
    out_ += v;
  }
  void List(const std::vector<std::string>& v) {
    Size(v.size());
    for (const auto& x : v) Str(x);
  }
  void Num(double v) {
    char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    out_.append(b, sizeof v);
  }
  void Opt(const std::optional<double>& v) {
    out_.push_back(v ? 1 : 0);
    if (v) Num(*v);
  }
  void Map(const std::map<std::string, double>& m) {
    Size(m.size());
    for (const auto& [k, v] : m) {
      Str(k);
      Num(v);
    }
  }
  std::string Done() { return std::move(out_); }

 private:
  std::string out_;
};

// Every read is bounded by the bytes left; the first failure sticks and later reads give
// empty values, so a caller checks ok() once at the end.
class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool good() const { return ok_; }                       // no failure so far
  bool ok() const { return ok_ && i_ == b_.size(); }     // no failure, every byte read
  char Tag() { return Need(1) ? b_[i_++] : '\0'; }
  size_t Size() {
    uint64_t v = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
      if (!Need(1)) return 0;
      unsigned char c = static_cast<unsigned char>(b_[i_++]);
      v |= static_cast<uint64_t>(c & 0x7f) << shift;
      if (!(c & 0x80)) return v <= b_.size() - i_ ? static_cast<size_t>(v) : Fail();  // no count exceeds the bytes left
    }
    return Fail();
  }
  void Str(std::string* v) {
    size_t n = Size();
    if (Need(n)) v->assign(b_.data() + i_, n), i_ += n;
  }
  void List(std::vector<std::string>* v) {
    size_t n = Size();
    v->resize(n);
    for (auto& x : *v) Str(&x);
  }
  double Num() {
    double v = 0;
    if (Need(sizeof v)) std::memcpy(&v, b_.data() + i_, sizeof v), i_ += sizeof v;
    return v;
  }
  void Opt(std::optional<double>* v) {
    char has = Tag();
    if (has == 1) *v = Num();
    else if (has != 0) Fail();
  }
  void Map(std::map<std::string, double>* m) {
    size_t n = Size();
    std::string k;
    for (size_t j = 0; j < n && ok_; ++j) {
      Str(&k);
      (*m)[k] = Num();
    }
  }

 private:
  bool Need(size_t n) {
    if (ok_ && n <= b_.size() - i_) return true;
    ok_ = false;
    return false;
  }
  size_t Fail() {
    ok_ = false;
    return 0;
  }
  std::string_view b_;
  size_t i_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string FactPrint(const StakeholderFact& f) {
  std::string s = "stakeholder";
  for (const auto* v : {&f.form_id, &f.role, &f.concern}) Put(&s, *v);
  for (const auto* v : {&f.concern_areas, &f.instability_areas, &f.forms, &f.place_types, &f.industries, &f.instability_factors,
                        &f.reported_to})
    Put(&s, *v);
  return core::Blake2bHex(s, 16);
}

std::string FactPrint(const DataSheetFact& d) {
  std::string s = "sheet";
  for (const auto* v : {&d.agency_key, &d.agency_type, &d.period_start, &d.period_end}) Put(&s, *v);
  Put(&s, d.areas);
  for (const auto* v : {&d.served_total, &d.le_identified_total, &d.tips_total, &d.prosecutions_total}) Put(&s, *v);
  for (const auto& [t, rows] : d.tables) {
    Put(&s, t);
    Put(&s, rows);
  }
  Put(&s, d.silent_sources);
  for (const auto* m : {&d.served_by_year, &d.identified_by_year, &d.prosecutions_by_year}) Put(&s, *m);
  return core::Blake2bHex(s, 16);
}

std::string EncodeFacts(const StakeholderFact& f) {
  Writer w(kStakeholderTag);
  w.Str(FactPrint(f));
  for (const auto* v : {&f.form_id, &f.role, &f.concern}) w.Str(*v);
  for (const auto* v : {&f.concern_areas, &f.instability_areas, &f.forms, &f.place_types, &f.industries, &f.instability_factors,
                        &f.reported_to})
    w.List(*v);
  return w.Done();
}

std::string EncodeFacts(const DataSheetFact& d) {
  Writer w(kSheetTag);
  w.Str(FactPrint(d));
  for (const auto* v : {&d.agency_key, &d.agency_type, &d.period_start, &d.period_end}) w.Str(*v);
  w.List(d.areas);
  for (const auto* v : {&d.served_total, &d.le_identified_total, &d.tips_total, &d.prosecutions_total}) w.Opt(*v);
  w.Size(d.tables.size());
  for (const auto& [t, rows] : d.tables) {
    w.Str(t);
    w.Map(rows);
  }
  w.List(d.silent_sources);
  for (const auto* m : {&d.served_by_year, &d.identified_by_year, &d.prosecutions_by_year}) w.Map(*m);
  return w.Done();
}

FactKind DecodeFacts(std::string_view bytes, StakeholderFact* s, DataSheetFact* d) {
  Reader r(bytes);
  char tag = r.Tag();
  if (tag == kStakeholderTag) {
    *s = StakeholderFact{};
    r.Str(&s->print);
    for (auto* v : {&s->form_id, &s->role, &s->concern}) r.Str(v);
    for (auto* v : {&s->concern_areas, &s->instability_areas, &s->forms, &s->place_types, &s->industries, &s->instability_factors,
                    &s->reported_to})
      r.List(v);
    return r.ok() ? FactKind::kStakeholder : FactKind::kNone;
  }
  if (tag == kSheetTag) {
    *d = DataSheetFact{};
    r.Str(&d->print);
    for (auto* v : {&d->agency_key, &d->agency_type, &d->period_start, &d->period_end}) r.Str(v);
    r.List(&d->areas);
    for (auto* v : {&d->served_total, &d->le_identified_total, &d->tips_total, &d->prosecutions_total}) r.Opt(v);
    size_t tables = r.Size();
    std::string name;
    for (size_t k = 0; k < tables && r.good(); ++k) {
      r.Str(&name);
      r.Map(&d->tables[name]);
    }
    r.List(&d->silent_sources);
    for (auto* m : {&d->served_by_year, &d->identified_by_year, &d->prosecutions_by_year}) r.Map(m);
    return r.ok() ? FactKind::kDataSheet : FactKind::kNone;
  }
  return FactKind::kNone;
}

}  // namespace canvass::assessment
