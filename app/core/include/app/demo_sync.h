// Sync demo data around the demo workspace (for screenshots and trying the Sync screens):
// two enrolled laptops, one of which joined and sent bundles, and a conflict waiting.
#pragma once

#include <string>

#include "core/status.h"

namespace canvass::app {

// Once per demo DIR (after BuildDemo): enrolls "Laptop Ana" and "Laptop Bo" on DIR/demo.canvass,
// joins DIR/laptop-ana.canvass (demo passphrase) from Ana's kit, adds interviews there, exports
// bundle #1 (imported by the central) and, after the same answer is changed on both sides,
// bundle #2 into DIR/usb (not imported: the Sync screen imports it and shows the conflict).
// A no-op when DIR/usb exists.
core::Status BuildSyncDemo(const std::string& dir);

}  // namespace canvass::app
