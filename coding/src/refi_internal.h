// Private: the pieces of the REFI-QDA exchange shared by writer, reader and archive code.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "coding/refi_qda.h"

namespace canvass::coding::refi {

struct Entry {
  std::string name;  // path inside the .qdpx
  std::string data;
};

// project.qde followed by one sources/<guid>.txt per answer.
core::Result<std::vector<Entry>> BuildEntries(const QdaProject& project);

// Loads a .qdpx entry by name: the bytes, std::nullopt when absent, or an error
// (for instance a size cap).
using EntryLoader = std::function<core::Result<std::optional<std::string>>(const std::string&)>;

core::Result<QdaProject> ParseProject(std::string_view xml, std::string_view label,
                                      const QdpxLimits& limits, const EntryLoader& load);

}  // namespace canvass::coding::refi
