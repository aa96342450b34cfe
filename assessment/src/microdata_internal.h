// Private: what the restricted microdata exports (CSV and Stata/SPSS) share.
#pragma once

#include <string>

namespace canvass::assessment::detail {

// The data-sheet question a count table adds up to ("served_by_sex" -> "served_total"), or "".
std::string TotalOf(const std::string& table);

}  // namespace canvass::assessment::detail
