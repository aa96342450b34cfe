// NAICS 2017 sector (2-digit) and subsector (3-digit) titles, so reports can name the sectors
// that guest workers and QCEW jobs are counted in. A static table; thread-safe.
#pragma once

#include <string>

namespace canvass::assessment {

// "72" -> "Accommodation and Food Services", "111" -> "Crop Production", "31-33" and "31" ->
// "Manufacturing". Longer codes are named by their subsector ("541511" -> "Professional,
// Scientific, and Technical Services"). "" for a code NAICS 2017 does not have.
std::string NaicsSectorName(const std::string& code);

}  // namespace canvass::assessment
