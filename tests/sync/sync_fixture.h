// A test project: one central workspace and enrolled field workspaces in a temp dir.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "core/crypto_util.h"
#include "storage/workspace.h"
#include "sync/bundle.h"
#include "sync/keys.h"
#include "sync/sync.h"
#include "test_support.h"

namespace canvass::testing {

// The header of a data bundle from field laptop `f` with sequence number `seq`, sealed for the
// central: what a laptop running modified code could sign and send (hostile-input tests).
inline sync::BundleHeader FieldDataHeader(storage::Workspace* f, const sync::FieldKeys& keys, uint64_t seq) {
  sync::BundleHeader hdr;
  hdr.kind = sync::BundleKind::kData;
  hdr.bundle_id = core::RandomBytes(16);
  hdr.project_id = sync::UuidToBytes(f->info().project_id);
  hdr.sender_id = sync::UuidToBytes(f->info().device_id);
  hdr.recipient_key_id = sync::KeyId(keys.central_box_pk);
  hdr.seq = seq;
  return hdr;
}

// The "begin" record that opens a bundle with that header.
inline core::Value BeginRecord(const sync::BundleHeader& hdr, storage::Workspace* f) {
  using core::Value;
  return Value(Value::Object{{"t", "begin"}, {"bundle_id", core::ToHex(hdr.bundle_id)}, {"project", f->info().project_id},
                             {"device", f->info().device_id}, {"seq", Value(static_cast<int64_t>(hdr.seq))}});
}

inline const char* kCentralPass = "central passphrase one";
inline const char* kFieldPass = "field passphrase two";

struct Project {
  TempDir dir;
  std::unique_ptr<storage::Workspace> central;
  std::vector<std::unique_ptr<storage::Workspace>> fields;
  std::vector<std::string> device_ids;
  int bundles = 0;

  explicit Project(int n_fields) {
    UseFastKdf();
    auto c = storage::Workspace::Create(dir.File("central.canvass"), kCentralPass, storage::Role::kCentral, "Sync TF");
    REQUIRE(c.ok());
    central = std::move(*c);
    assessment::Area frio;
    frio.id = "48163";
    frio.level = "county";
    frio.name = "Frio County";
    REQUIRE(central->ImportAreas({frio}).ok());
    for (int i = 0; i < n_fields; ++i) AddField("Laptop " + std::to_string(i + 1));
  }
  storage::Workspace* AddField(const std::string& name) {
    std::string kit = dir.File(name + ".cvkit");
    auto e = sync::EnrollDevice(central.get(), name, kit);
    REQUIRE(e.ok());
    auto f = sync::JoinWithKit(dir.File(name + ".canvass"), kFieldPass, kit, e->code);
    REQUIRE(f.ok());
    fields.push_back(std::move(*f));
    device_ids.push_back(e->device_id);
    return fields.back().get();
  }
  std::string Export(storage::Workspace* f, bool all = false) {
    std::string out = dir.File("b" + std::to_string(++bundles) + ".cvbundle");
    auto r = sync::ExportBundle(f, out, all);
    REQUIRE(r.ok());
    return out;
  }
  std::string Update(int field, bool with_interviews) {
    std::string out = dir.File("u" + std::to_string(++bundles) + ".cvbundle");
    auto r = sync::ExportUpdate(central.get(), device_ids[static_cast<size_t>(field)], out, with_interviews);
    REQUIRE(r.ok());
    auto imp = sync::ImportBundle(fields[static_cast<size_t>(field)].get(), out);
    INFO(imp.status().message());
    REQUIRE(imp.ok());
    return out;
  }
};

// A community_member interview with consent and one text answer.
inline std::string NewInterview(storage::Workspace* ws, const std::string& text_q, const std::string& text) {
  forms::Answers a{{"consent", core::Value(true)}};
  if (!text_q.empty()) a[text_q] = core::Value(text);
  auto uuid = ws->AddInterview({"community_member", 0, "tester", "", "", a, false});
  REQUIRE(uuid.ok());
  return *uuid;
}

// Open-text questions of community_member that are relevant with consent alone.
inline std::vector<std::string> TextQuestions(storage::Workspace* ws) {
  auto form = ws->GetForm("community_member");
  REQUIRE(form.ok());
  std::vector<std::string> out;
  for (const auto* q : form->TopLevelQuestions()) {
    if (!q->is_open_text() || q->identifying) continue;
    forms::Answers t{{"consent", core::Value(true)}, {q->id, core::Value("x")}};
    if (forms::ValidateAnswers(*form, t, {}).empty()) out.push_back(q->id);
  }
  REQUIRE(out.size() >= 3);
  return out;
}

}  // namespace canvass::testing
