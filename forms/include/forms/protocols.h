// The built-in assessment protocols (forms/protocols/*.json), compiled into the binary.
#pragma once

#include <string>
#include <vector>

namespace canvass::forms {

struct BuiltinProtocol {
  std::string file_name;  // "outreach_provider.json"
  std::string json;       // the document text
};

const std::vector<BuiltinProtocol>& BuiltinProtocols();

}  // namespace canvass::forms
