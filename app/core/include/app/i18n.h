// The interface's message catalogue: every text the desktop app shows comes from a key
// ("runner.next") looked up in the chosen language's catalogue (app/i18n/<lang>.json, built
// in), with English behind it. Also numbers and dates written the way each language writes them.
//
// A catalogue is a flat JSON object of "key": "text". Texts may hold placeholders {0}..{9},
// filled by F(); a translation must use exactly the placeholders of its English text, else
// that text shows in English. A catalogue file that cannot be read, or lacks texts, never
// leaves a label blank: English is shown and Messages::notice() says so in plain words.
//
// Threads: Messages objects are immutable and live until the process ends, so T() may be
// called from any thread; SetLanguage() is for the UI thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace canvass::app::i18n {

// One language's texts, as parsed from its file.
struct Catalogue {
  std::map<std::string, std::string, std::less<>> texts;
  // Parses `json`; errors name `source`, the line and what is wrong. Values must be strings
  // of valid UTF-8 (at most 4 KiB each), keys at most 128 characters.
  static core::Result<Catalogue> Parse(std::string_view json, std::string_view source);
};

// The catalogue files built into the program, by language code ("en", "es").
const std::map<std::string, std::string>& BuiltinCatalogues();
// The interface languages offered, in display order, and each one's name in itself.
const std::vector<std::string>& UiLanguages();
std::string LanguageName(const std::string& code);  // "English", "Español"

// The placeholder numbers a text uses ({0}, {2} -> {0, 2}).
std::vector<int> Placeholders(std::string_view text);

// What the interface shows in one language: its texts over English.
class Messages {
 public:
  // `english` must be complete; `lang_source` names the file for the notice.
  Messages(std::string lang, const Catalogue& english, const Catalogue* chosen, std::string notice);
  const std::string& lang() const { return lang_; }
  // "" when every text is there; else one line for the banner, e.g. that the Spanish file
  // is damaged and English is shown.
  const std::string& notice() const { return notice_; }
  // The text for `key`; English when this language lacks it; the key itself when English does too.
  const std::string& Get(std::string_view key) const;
  bool Has(std::string_view key) const;
  // Numbers: "12,345" (en) / "12 345" (es); decimals with the language's decimal mark.
  std::string Number(int64_t n) const;
  std::string Decimal(double d, int digits) const;
  // "2026-11-24 18:42" or an ISO/HLC timestamp -> "Nov 24, 2026, 18:42" / "24 nov 2026, 18:42";
  // text it cannot read is returned unchanged.
  std::string DateTime(std::string_view utc) const;
  std::string Date(std::string_view utc) const;  // without the time

 private:
  std::string lang_, notice_;
  std::map<std::string, std::string, std::less<>> texts_;
};

// Builds the messages for `lang` from the built-in catalogues, or from OVERRIDE_DIR/<lang>.json
// when that file exists (a translator's working copy; its problems become the notice).
const Messages& Build(const std::string& lang, const std::string& override_dir = "");
// Builds from given texts (tests: a corrupt or incomplete catalogue).
const Messages& BuildFrom(const std::string& lang, std::string_view english_json, std::string_view lang_json,
                          std::string_view source);

// The current interface language (English until set).
void SetLanguage(const std::string& lang, const std::string& override_dir = "");
void SetCurrent(const Messages& m);
const Messages& Current();

// Fills {0}..{9} in `pattern` with `args`; a placeholder without an argument stays as written.
std::string Fill(std::string_view pattern, const std::vector<std::string>& args);

}  // namespace canvass::app::i18n

namespace canvass::app {

// The text for `key` in the current language.
inline const std::string& T(std::string_view key) { return i18n::Current().Get(key); }

namespace i18n_detail {
inline std::string Arg(const std::string& s) { return s; }
inline std::string Arg(const char* s) { return s ? s : ""; }
inline std::string Arg(std::string_view s) { return std::string(s); }
inline std::string Arg(int n) { return i18n::Current().Number(n); }
inline std::string Arg(long n) { return i18n::Current().Number(n); }
inline std::string Arg(long long n) { return i18n::Current().Number(n); }
inline std::string Arg(unsigned n) { return i18n::Current().Number(n); }
inline std::string Arg(unsigned long n) { return i18n::Current().Number(static_cast<int64_t>(n)); }
inline std::string Arg(unsigned long long n) { return i18n::Current().Number(static_cast<int64_t>(n)); }
}  // namespace i18n_detail

// The text for `key` with its placeholders filled: numbers are written the language's way.
template <typename... A>
std::string F(std::string_view key, const A&... args) {
  return i18n::Fill(T(key), {i18n_detail::Arg(args)...});
}
// Plural: `key`.one when n == 1, else `key`.other; {0} is n.
template <typename... A>
std::string P(std::string_view key, int64_t n, const A&... args) {
  std::string k(key);
  k += n == 1 ? ".one" : ".other";
  return i18n::Fill(T(k), {i18n::Current().Number(n), i18n_detail::Arg(args)...});
}

}  // namespace canvass::app
