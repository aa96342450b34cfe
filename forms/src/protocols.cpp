// The built-in protocols, from the files embedded at build time (cmake/embed_resources.cmake).
#include "forms/protocols.h"

#include <map>

namespace canvass::forms {

// Defined in the generated builtin_protocols.cpp: every forms/protocols/*.json by file name.
const std::map<std::string, std::string>& EmbeddedProtocolFiles();

const std::vector<BuiltinProtocol>& BuiltinProtocols() {
  static const std::vector<BuiltinProtocol> all = [] {
    std::vector<BuiltinProtocol> out;
    for (const auto& [name, json] : EmbeddedProtocolFiles()) out.push_back({name, json});
    return out;
  }();
  return all;
}

}  // namespace canvass::forms
