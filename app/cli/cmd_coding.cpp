// Coding verbs (filled in by the coding work).
#include "commands.h"

namespace canvass::cli {

void RegisterCodingCommands(std::vector<Command>*) {}

}  // namespace canvass::cli
