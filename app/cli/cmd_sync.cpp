// Sync verbs: registered by the sync issue.
#include "commands.h"
namespace canvass::cli {
void RegisterSyncCommands(std::vector<Command>*) {}
}  // namespace canvass::cli
