// canvass-cli plumbing: argument parsing, passphrase sources, error reporting.
#include "cli_util.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "core/crypto_util.h"
#include "core/file_util.h"

namespace canvass::cli {

using core::Result;
using core::Status;

bool ParseArgs(const VerbSpec& spec, int argc, char** argv, int first, Args* out, std::string* usage) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string key = a.substr(2), value;
      bool has_inline = false;
      auto eq = key.find('=');
      if (eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
        has_inline = true;
      }
      if (key == "help" && !has_inline) {
        out->options["help"] = "1";
      } else if (spec.value_options.count(key)) {
        if (!has_inline) {
          if (i + 1 >= argc) { *usage = "--" + key + " needs a value"; return false; }
          value = argv[++i];
          // "--out --json" is a forgotten value, not a file named "--json" (write --out=--json for that).
          if (value.size() >= 2 && value.compare(0, 2, "--") == 0) {
            *usage = "--" + key + " needs a value, but the next word is the option " + value;
            return false;
          }
        }
        out->options[key] = value;
      } else if (spec.flag_options.count(key) && !has_inline) {
        out->options[key] = "1";
      } else {
        *usage = "unknown option --" + key + " for `" + spec.name + "`";
        return false;
      }
    } else {
      out->positional.push_back(a);
    }
  }
  if (out->Has("help")) return true;
  int n = static_cast<int>(out->positional.size());
  if (n < spec.min_positional) { *usage = "missing arguments for `" + spec.name + "`"; return false; }
  if (n > spec.max_positional) { *usage = "unexpected argument \"" + out->positional[static_cast<size_t>(spec.max_positional)] + "\""; return false; }
  return true;
}

Result<std::string> ReadPassphraseFile(const std::string& path) {
  CANVASS_ASSIGN_OR_RETURN(std::string text, core::ReadFileBounded(path, 4096));
  auto nl = text.find_first_of("\r\n");
  std::string pass = text.substr(0, nl);
  core::Wipe(text);
  if (pass.empty()) return Status::InvalidArgument(path + ": the passphrase file is empty (the passphrase is its first line)");
  return pass;
}

namespace {
Result<std::string> Prompt(const std::string& prompt) {
  if (!isatty(STDIN_FILENO))
    return Status::InvalidArgument("no passphrase given: use --passphrase-file FILE or set CANVASS_PASSPHRASE (no terminal to ask on)");
  std::fprintf(stderr, "%s", prompt.c_str());
  std::fflush(stderr);
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::fprintf(stderr, "\n");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}
}  // namespace

Result<std::string> GetPassphrase(const Args& args, const std::string& prompt, bool confirm) {
  if (args.Has("passphrase-file")) return ReadPassphraseFile(args.Get("passphrase-file"));
  if (const char* env = std::getenv("CANVASS_PASSPHRASE")) {
    if (*env) return std::string(env);
  }
  CANVASS_ASSIGN_OR_RETURN(std::string first, Prompt(prompt));
  if (confirm) {
    CANVASS_ASSIGN_OR_RETURN(std::string again, Prompt("Type it again: "));
    bool same = first == again;
    core::Wipe(again);
    if (!same) {
      core::Wipe(first);
      return Status::InvalidArgument("the two passphrases differ; nothing was changed");
    }
  }
  return first;
}

Result<std::unique_ptr<storage::Workspace>> OpenWorkspace(const Args& args, const std::string& path) {
  if (!core::FileExists(path)) return Status::NotFound(path + ": no such workspace file");
  CANVASS_ASSIGN_OR_RETURN(std::string pass, GetPassphrase(args, "Passphrase for " + path + ": "));
  auto ws = storage::Workspace::Open(path, pass);
  core::Wipe(pass);
  if (!ws.ok()) return ws.status().WithContext(path);
  return ws;
}

int Fail(const Status& st) {
  std::string msg = st.message();
  for (auto& c : msg)
    if (c == '\n') c = ' ';
  std::fprintf(stderr, "canvass-cli: error: %s\n", msg.c_str());
  if (st.code() == core::Code::kWrongKey) return kExitWrongKey;
  return kExitFailure;
}

int UsageFail(const std::string& message, const VerbSpec* spec) {
  std::fprintf(stderr, "canvass-cli: %s\n", message.c_str());
  if (spec) std::fprintf(stderr, "usage: canvass-cli %s\n", spec->synopsis.c_str());
  std::fprintf(stderr, "Run `canvass-cli --help` for the list of commands.\n");
  return kExitUsage;
}

void PrintJson(const core::Value& v) { std::printf("%s\n", v.ToPrettyJson(2).c_str()); }

void PrintHelp(const VerbSpec& spec) {
  std::printf("usage: canvass-cli %s\n\n%s\n", spec.synopsis.c_str(), spec.help.c_str());
}

}  // namespace canvass::cli
