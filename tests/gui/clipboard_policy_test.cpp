// The clipboard policy (SECURITY.md LK-6): copies are dropped unless allowed; allowed copies are
// cleared after 30 s, on lock and on quit, but a later copy from another program is kept.
#include <catch2/catch.hpp>

#include "app/clipboard_policy.h"
#include "core/crypto_util.h"

using canvass::app::ClipboardPolicy;

namespace {
struct FakeClipboard {
  std::string text = "what another program copied";
  int writes = 0;
  ClipboardPolicy::Setter setter() {
    return [this](const std::string& t) { text = t; ++writes; };
  }
  ClipboardPolicy::Getter getter() {
    return [this] { return text; };
  }
};
}  // namespace

TEST_CASE("clipboard: copying is off by default and a refused copy leaves the clipboard alone", "[gui][clipboard]") {
  REQUIRE(canvass::core::InitCrypto().ok());
  FakeClipboard cb;
  ClipboardPolicy p(cb.setter(), cb.getter());
  CHECK_FALSE(p.allowed());
  CHECK_FALSE(p.Copy("Respondent said the crew lives at the farm", 0));
  CHECK(cb.text == "what another program copied");
  CHECK(cb.writes == 0);
  CHECK(p.refused() == 1);
}

TEST_CASE("clipboard: an allowed copy is cleared after 30 s, not before", "[gui][clipboard]") {
  REQUIRE(canvass::core::InitCrypto().ok());
  FakeClipboard cb;
  ClipboardPolicy p(cb.setter(), cb.getter());
  p.set_allowed(true);
  REQUIRE(p.Copy("quote", 1000));
  CHECK(cb.text == "quote");
  p.Tick(1000 + ClipboardPolicy::kClearAfterMs - 1);
  CHECK(cb.text == "quote");
  p.Tick(1000 + ClipboardPolicy::kClearAfterMs);
  CHECK(cb.text.empty());
  CHECK_FALSE(p.holding());
}

TEST_CASE("clipboard: lock, quit and switching copying off clear at once", "[gui][clipboard]") {
  REQUIRE(canvass::core::InitCrypto().ok());
  FakeClipboard cb;
  {
    ClipboardPolicy p(cb.setter(), cb.getter());
    p.set_allowed(true);
    p.Copy("on lock", 0);
    p.ClearNow();  // lock
    CHECK(cb.text.empty());
    p.Copy("on switch off", 0);
    p.set_allowed(false);
    CHECK(cb.text.empty());
    p.set_allowed(true);
    p.Copy("on quit", 0);
    CHECK(cb.text == "on quit");
  }  // quit: the policy goes away
  CHECK(cb.text.empty());
}

TEST_CASE("clipboard: a later copy by another program is never cleared", "[gui][clipboard]") {
  REQUIRE(canvass::core::InitCrypto().ok());
  FakeClipboard cb;
  ClipboardPolicy p(cb.setter(), cb.getter());
  p.set_allowed(true);
  p.Copy("quote", 0);
  cb.text = "a URL the user copied in the browser";
  const int writes = cb.writes;
  p.Tick(ClipboardPolicy::kClearAfterMs);
  CHECK(cb.text == "a URL the user copied in the browser");
  CHECK(cb.writes == writes);
}
