// canvass-cli: the headless Canvass tool for coordinators, scripts and tests.
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

#include "commands.h"
#include "core/crypto_util.h"
#include "storage/kdf_profile.h"

#ifndef CANVASS_VERSION
#define CANVASS_VERSION "0.0.0"
#endif

namespace {

using canvass::cli::Command;

// No core dumps (they could hold decrypted answers or keys) and private files only.
void Harden() {
  rlimit none{0, 0};
  setrlimit(RLIMIT_CORE, &none);
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  umask(077);
}

void PrintMainHelp(const std::vector<Command>& cmds) {
  std::printf(
      "canvass-cli %s: offline, encrypted community assessment for anti-trafficking task forces.\n\n"
      "usage: canvass-cli VERB [ARGS] [--passphrase-file F] [--json]\n\n"
      "Verbs:\n",
      CANVASS_VERSION);
  for (const auto& c : cmds) std::printf("  %s\n", c.spec.synopsis.c_str());
  std::printf(
      "\nPassphrase: --passphrase-file F (its first line), else the CANVASS_PASSPHRASE environment\n"
      "variable, else a prompt without echo. New passphrases need at least 12 characters.\n"
      "Exit codes: 0 ok, 1 failure or invalid input, 2 usage, 3 wrong passphrase.\n"
      "Run `canvass-cli VERB --help` for one verb.\n");
}

}  // namespace

int main(int argc, char** argv) {
  Harden();
  if (!canvass::core::InitCrypto().ok()) {
    std::fprintf(stderr, "canvass-cli: error: libsodium could not start\n");
    return 1;
  }
  std::vector<Command> cmds;
  canvass::cli::RegisterWorkspaceCommands(&cmds);
  canvass::cli::RegisterFormCommands(&cmds);
  canvass::cli::RegisterInterviewCommands(&cmds);
  canvass::cli::RegisterSyncCommands(&cmds);
  canvass::cli::RegisterCodingCommands(&cmds);
  canvass::cli::RegisterCodingSetCommands(&cmds);
  canvass::cli::RegisterAssessmentCommands(&cmds);
  canvass::cli::RegisterCaseloadCommands(&cmds);
  canvass::cli::RegisterStatExportCommands(&cmds);
  canvass::cli::RegisterRollupCommands(&cmds);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    PrintMainHelp(cmds);
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::printf("canvass-cli %s\n", CANVASS_VERSION);
    return 0;
  }
  // Two-word verbs ("forms list") first, then one-word verbs ("init").
  const Command* found = nullptr;
  int first = 2;
  if (argc >= 3) {
    std::string two = std::string(argv[1]) + " " + argv[2];
    for (const auto& c : cmds)
      if (c.spec.name == two) { found = &c; first = 3; }
  }
  if (!found) {
    for (const auto& c : cmds)
      if (c.spec.name == argv[1]) found = &c;
  }
  if (!found) {
    std::string group = argv[1];
    std::string options;
    for (const auto& c : cmds)
      if (c.spec.name.rfind(group + " ", 0) == 0) options += "\n  canvass-cli " + c.spec.synopsis;
    if (!options.empty()) {
      std::fprintf(stderr, "canvass-cli: `%s` needs a sub-command:%s\n", group.c_str(), options.c_str());
      return 2;
    }
    return canvass::cli::UsageFail("unknown command \"" + group + "\"", nullptr);
  }
  canvass::cli::Args args;
  std::string usage;
  if (!canvass::cli::ParseArgs(found->spec, argc, argv, first, &args, &usage))
    return canvass::cli::UsageFail(usage, &found->spec);
  if (args.Has("help")) {
    canvass::cli::PrintHelp(found->spec);
    return 0;
  }
  // Once per command run: files made under CANVASS_KDF_PROFILE=test-fast are not protected.
  if (std::string note = canvass::storage::KdfProfileNote("canvass-cli"); !note.empty())
    std::fprintf(stderr, "%s\n", note.c_str());
  // What a command did not catch ends the run with one line and exit 1, not an abort: by then
  // the workspace's open transaction has been rolled back (its guard is unwound on the way).
  try {
    return found->run(args);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "canvass-cli: error: %s: out of memory; what it had not finished was rolled back\n", found->spec.name.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "canvass-cli: error: %s: %s; what it had not finished was rolled back\n", found->spec.name.c_str(), e.what());
  }
  return 1;
}
