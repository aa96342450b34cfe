// Shared plumbing of canvass-cli: argument parsing, passphrases, output and exit codes.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "storage/workspace.h"

namespace canvass::cli {

// Exit codes (README "Exit codes").
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitWrongKey = 3;

struct VerbSpec {
  std::string name;                 // "interview add"
  std::string synopsis;             // one usage line
  std::string help;                 // a paragraph
  int min_positional = 0, max_positional = 0;
  std::set<std::string> value_options;  // --key VALUE
  std::set<std::string> flag_options;   // --flag
};

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // flags map to "1"
  bool Has(const std::string& k) const { return options.count(k) > 0; }
  std::string Get(const std::string& k, const std::string& def = "") const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

// Thrown nowhere: a usage problem is reported as a Status with code kInvalidArgument
// and mapped to exit 2 by the caller through UsageError.
struct UsageError {
  std::string message;
};

// Parses argv[first..] for a verb. On a usage problem returns false with *usage set.
bool ParseArgs(const VerbSpec& spec, int argc, char** argv, int first, Args* out, std::string* usage);

// Passphrase of an existing workspace: --passphrase-file, CANVASS_PASSPHRASE, or a
// no-echo prompt on a terminal. `confirm` asks twice (new passphrases).
core::Result<std::string> GetPassphrase(const Args& args, const std::string& prompt, bool confirm = false);
core::Result<std::string> ReadPassphraseFile(const std::string& path);

core::Result<std::unique_ptr<storage::Workspace>> OpenWorkspace(const Args& args, const std::string& path);

// Keeps `v` until the process ends without freeing it: the operating system takes a large
// result's memory back at once, where freeing it item by item takes a noticeable time. For
// what a command holds when it has nothing left to write. Not thread-safe.
template <typename T>
T& KeepUntilExit(T&& v) {
  static auto* kept = new std::vector<std::shared_ptr<void>>();  // never freed, on purpose
  auto p = std::make_shared<std::decay_t<T>>(std::move(v));
  kept->push_back(p);
  return *p;
}

// Prints "canvass-cli: error: MESSAGE" to stderr and returns the exit code for it.
int Fail(const core::Status& st);
int UsageFail(const std::string& message, const VerbSpec* spec);
void PrintJson(const core::Value& v);

void PrintHelp(const VerbSpec& spec);

}  // namespace canvass::cli
