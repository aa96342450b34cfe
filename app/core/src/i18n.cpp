// Message catalogues: parsing, English fallback with a notice, the current language, and
// numbers and dates written per language (see app/i18n.h).
#include "app/i18n.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <list>
#include <mutex>
#include <set>

#include "core/file_util.h"
#include "core/value.h"

namespace canvass::app::i18n {

const std::map<std::string, std::string>& AllCatalogueFiles();  // generated: i18n_resources.cpp

namespace {

constexpr size_t kMaxKey = 128, kMaxText = 4096, kMaxFile = 4u << 20;

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0 || (n > 0 && i + static_cast<size_t>(n) >= s.size())) return false;
    for (int k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0xC0) != 0x80) return false;
    i += static_cast<size_t>(n) + 1;
  }
  return true;
}

std::string LanguageWord(const std::string& lang) {
  if (lang == "es") return "Spanish (Español)";
  return lang;
}

// Every Messages ever built stays alive (a handful: one per language and source), so a
// reference handed out by T() never dangles when the language changes.
struct Registry {
  std::mutex mu;
  std::list<Messages> all;
  std::map<std::string, const Messages*> by_key;
};
Registry& Reg() {
  static Registry r;
  return r;
}

const Messages& Keep(const std::string& cache_key, Messages m) {
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mu);
  if (!cache_key.empty()) {
    auto it = r.by_key.find(cache_key);
    if (it != r.by_key.end()) return *it->second;
  }
  r.all.push_back(std::move(m));
  if (!cache_key.empty()) r.by_key[cache_key] = &r.all.back();
  return r.all.back();
}

const Catalogue& English() {
  static const Catalogue en = [] {
    auto it = AllCatalogueFiles().find("en.json");
    auto c = Catalogue::Parse(it == AllCatalogueFiles().end() ? "{}" : it->second, "en.json");
    return c.ok() ? *c : Catalogue{};
  }();
  return en;
}

std::atomic<const Messages*> g_current{nullptr};

std::string Group(std::string digits, const std::string& sep, size_t min_digits) {
  if (digits.size() < min_digits) return digits;
  std::string out;
  const size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out = digits.substr(0, lead);
  for (size_t i = lead; i < digits.size(); i += 3) out += sep + digits.substr(i, 3);
  return out;
}

// "YYYY-MM-DD[ T]HH:MM..." -> parts; false when it is not that.
bool SplitStamp(std::string_view s, int* y, int* mo, int* d, std::string* hm) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  *y = std::atoi(std::string(s.substr(0, 4)).c_str());
  *mo = std::atoi(std::string(s.substr(5, 2)).c_str());
  *d = std::atoi(std::string(s.substr(8, 2)).c_str());
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31) return false;
  hm->clear();
  if (s.size() >= 16 && (s[10] == ' ' || s[10] == 'T') && s[13] == ':') *hm = std::string(s.substr(11, 5));
  return true;
}

}  // namespace

core::Result<Catalogue> Catalogue::Parse(std::string_view json, std::string_view source) {
  if (json.size() > kMaxFile)
    return core::Status::InvalidArgument(std::string(source) + ": the file is larger than 4 MiB; it is not a catalogue");
  core::JsonLimits limits;
  limits.max_depth = 4;
  auto v = core::ParseJson(json, source, limits);
  if (!v.ok()) return v.status();
  if (!v->is_object())
    return core::Status::InvalidArgument(std::string(source) + ": a catalogue is one JSON object of \"key\": \"text\"");
  Catalogue c;
  for (const auto& [k, val] : v->as_object()) {
    if (k.empty() || k.size() > kMaxKey)
      return core::Status::InvalidArgument(std::string(source) + ": key \"" + k.substr(0, 40) + "\" is empty or too long");
    if (!val.is_string())
      return core::Status::InvalidArgument(std::string(source) + ": the value of \"" + k + "\" is not text");
    const std::string& t = val.as_string();
    if (t.size() > kMaxText || !ValidUtf8(t))
      return core::Status::InvalidArgument(std::string(source) + ": the text of \"" + k + "\" is too long or not UTF-8");
    c.texts.emplace(k, t);
  }
  return c;
}

const std::map<std::string, std::string>& BuiltinCatalogues() { return AllCatalogueFiles(); }

const std::vector<std::string>& UiLanguages() {
  static const std::vector<std::string> langs = {"en", "es"};
  return langs;
}

std::string LanguageName(const std::string& code) {
  if (code == "en") return "English";
  if (code == "es") return "Español";
  return code;
}

std::vector<int> Placeholders(std::string_view text) {
  std::set<int> seen;
  for (size_t i = 0; i + 2 < text.size(); ++i)
    if (text[i] == '{' && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] == '}') seen.insert(text[i + 1] - '0');
  return {seen.begin(), seen.end()};
}

std::string Fill(std::string_view pattern, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9' &&
        pattern[i + 2] == '}') {
      const size_t n = static_cast<size_t>(pattern[i + 1] - '0');
      if (n < args.size()) {
        out += args[n];
        i += 2;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

Messages::Messages(std::string lang, const Catalogue& english, const Catalogue* chosen, std::string notice)
    : lang_(std::move(lang)), notice_(std::move(notice)), texts_(english.texts) {
  if (!chosen) return;
  int missing = 0, mismatched = 0;
  for (const auto& [k, en] : english.texts) {
    auto it = chosen->texts.find(k);
    if (it == chosen->texts.end()) { ++missing; continue; }
    if (Placeholders(it->second) != Placeholders(en)) { ++mismatched; continue; }
    texts_[k] = it->second;
  }
  if ((missing || mismatched) && notice_.empty()) {
    notice_ = "The " + LanguageWord(lang_) + " texts are incomplete: " + std::to_string(missing + mismatched) +
              " of " + std::to_string(english.texts.size()) +
              " are shown in English. Reinstall Canvass, or fix the catalogue file.";
  }
}

const std::string& Messages::Get(std::string_view key) const {
  auto it = texts_.find(key);
  if (it != texts_.end()) return it->second;
  // A key missing everywhere shows as itself (the catalogue test keeps this from happening).
  static thread_local std::string last;
  last.assign(key);
  return last;
}

bool Messages::Has(std::string_view key) const { return texts_.find(key) != texts_.end(); }

std::string Messages::Number(int64_t n) const {
  const bool neg = n < 0;
  const uint64_t mag = neg ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  const std::string& min = Get("format.group_min_digits");
  std::string s = Group(std::to_string(mag), Get("format.group"), static_cast<size_t>(std::max(1, std::atoi(min.c_str()))));
  return neg ? "-" + s : s;
}

std::string Messages::Decimal(double d, int digits) const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", std::clamp(digits, 0, 6), d);
  std::string s = buf;
  const size_t dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  const bool neg = !whole.empty() && whole[0] == '-';
  if (neg) whole.erase(0, 1);
  const std::string& min = Get("format.group_min_digits");
  whole = Group(whole, Get("format.group"), static_cast<size_t>(std::max(1, std::atoi(min.c_str()))));
  return (neg ? "-" : "") + whole + (frac.empty() ? "" : Get("format.decimal") + frac);
}

std::string Messages::DateTime(std::string_view utc) const {
  int y, mo, d;
  std::string hm;
  if (!SplitStamp(utc, &y, &mo, &d, &hm)) return std::string(utc);
  if (hm.empty()) return Date(utc);
  return Fill(Get("format.datetime"), {std::to_string(d), Get("format.month." + std::to_string(mo)), std::to_string(y), hm});
}

std::string Messages::Date(std::string_view utc) const {
  int y, mo, d;
  std::string hm;
  if (!SplitStamp(utc, &y, &mo, &d, &hm)) return std::string(utc);
  return Fill(Get("format.date"), {std::to_string(d), Get("format.month." + std::to_string(mo)), std::to_string(y)});
}

const Messages& Build(const std::string& lang, const std::string& override_dir) {
  const std::string path = override_dir.empty() ? "" : override_dir + "/" + lang + ".json";
  const bool file = !path.empty() && core::FileExists(path);
  if (!file) {
    auto it = AllCatalogueFiles().find(lang + ".json");
    if (lang == "en" || it == AllCatalogueFiles().end()) return Keep("builtin:en", Messages("en", English(), nullptr, ""));
    return BuildFrom(lang, "", it->second, lang + ".json");
  }
  auto text = core::ReadFileBounded(path, kMaxFile);
  if (!text.ok())
    return Keep("", Messages(lang, English(), nullptr,
                             "The " + LanguageWord(lang) + " texts could not be read (" + path +
                                 "): the app is shown in English. Check the file, or remove it to use the built-in texts."));
  return BuildFrom(lang, "", *text, path);
}

const Messages& BuildFrom(const std::string& lang, std::string_view english_json, std::string_view lang_json,
                          std::string_view source) {
  Catalogue en = English();
  if (!english_json.empty()) {
    auto e = Catalogue::Parse(english_json, "en.json");
    if (e.ok()) en = *e;
  }
  auto c = Catalogue::Parse(lang_json, source);
  if (!c.ok())
    return Keep("", Messages(lang, en, nullptr,
                             "The " + LanguageWord(lang) + " texts are damaged (" + c.status().message() +
                                 "): the app is shown in English. Reinstall Canvass, or fix the catalogue file."));
  // Only the built-in texts are cached (by name); any other text is parsed afresh.
  auto builtin = AllCatalogueFiles().find(std::string(source));
  const bool cached = english_json.empty() && builtin != AllCatalogueFiles().end() && builtin->second == lang_json;
  const std::string key = cached ? "builtin:" + std::string(source) : "";
  return Keep(key, Messages(lang, en, &*c, ""));
}

void SetCurrent(const Messages& m) { g_current.store(&m); }

void SetLanguage(const std::string& lang, const std::string& override_dir) { SetCurrent(Build(lang, override_dir)); }

const Messages& Current() {
  const Messages* m = g_current.load();
  if (m) return *m;
  const Messages& en = Build("en");
  const Messages* expected = nullptr;
  g_current.compare_exchange_strong(expected, &en);
  return *g_current.load();
}

}  // namespace canvass::app::i18n
