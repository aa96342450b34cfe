// A fresh central workspace for storage tests (test-fast key derivation; the passphrase the
// raw SQLCipher helpers in raw_open.h open it with).
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "storage/workspace.h"
#include "test_support.h"

namespace canvass::testing {

inline constexpr const char* kWsPass = "correct horse battery staple";

inline std::unique_ptr<storage::Workspace> MakeCentralWs(const std::string& path, const std::string& name = "Merge TF") {
  UseFastKdf();
  auto ws = storage::Workspace::Create(path, kWsPass, storage::Role::kCentral, name);
  REQUIRE(ws.ok());
  return std::move(*ws);
}

}  // namespace canvass::testing
