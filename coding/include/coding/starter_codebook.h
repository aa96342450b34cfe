// The starter codebook that ships with Canvass, written from the community-assessment
// guidance: forms of trafficking, industries, populations, indicators, places, actors,
// barriers to reporting and tip sources. GUIDs are hard-wired by path (StableGuid), so
// every installation and every export agrees on them. Returns a fresh value each call.
#pragma once

#include "coding/codebook.h"

namespace canvass::coding {

Codebook StarterCodebook();

}  // namespace canvass::coding
