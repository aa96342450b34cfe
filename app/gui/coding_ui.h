// CodingUi: UI-only state of the coding workbench (panel_coding.cpp): the text selection,
// search box and memo buffer. The memo may hold decrypted text, so Wipe() zeroes it.
#pragma once

#include <cstdint>
#include <string>

#include "app/view_coding.h"
#include "core/crypto_util.h"

namespace canvass::gui {

struct CodingUi {
  std::string coder;              // edit buffer of the coder name
  bool coder_init = false;
  std::string answer_key;         // the answer the selection and memo belong to
  int64_t anchor = 0, caret = 0;  // selection = [min, max) in code points
  std::string search;
  bool focus_search = false;
  std::string memo;
  app::CodingQueueFilter filter;
  int64_t lo() const { return anchor < caret ? anchor : caret; }
  int64_t hi() const { return anchor < caret ? caret : anchor; }
  void Wipe() {
    core::Wipe(memo);
    core::Wipe(search);
  }
};

}  // namespace canvass::gui
