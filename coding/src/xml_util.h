// Private: XML text escaping for the REFI-QDA writers, and small checks shared by
// writer and reader.
#pragma once

#include <string>
#include <string_view>

namespace canvass::coding::xml {

// Escapes for an attribute value or element text. Invalid UTF-8 and characters XML 1.0
// cannot hold (C0 controls other than TAB, LF, CR) become U+FFFD. TAB, LF and CR are
// written as character references so attribute values survive normalisation.
std::string Escape(std::string_view s);
// True for an xsd:dateTime such as "2025-03-01T10:00:00Z" or "...T10:00:00.5+01:00".
bool IsDateTime(std::string_view s);
// Lower-case GUID without braces; "" when `s` is not a GUID.
std::string NormalizeGuid(std::string_view s);

}  // namespace canvass::coding::xml
