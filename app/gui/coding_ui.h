// CodingUi: UI-only state of the coding workbench (panel_coding.cpp): the text selection,
// search box, memo buffer, set name; and of the codebook editor (CodebookUi,
// panel_codebook.cpp). Memos may hold decrypted text, so Wipe() zeroes them.
#pragma once

#include <cstdint>
#include <string>

#include "app/view_coding.h"
#include "core/crypto_util.h"
#include "file_chooser.h"

namespace canvass::gui {

// The codebook editor: the selected code, the buffers of its details (refilled when another
// code is selected or the stored value changes), the add form, move/merge pickers, .qdc path.
struct CodebookUi {
  std::string selected;                 // code GUID
  std::string loaded;                   // "<guid>|<stored name, description, color, memo>" the buffers hold
  std::string name, description, color, memo;
  std::string move_parent, merge_into;  // code GUIDs ("" = top level / none)
  bool confirm_merge = false;
  std::string new_name, new_parent, new_description, new_color;
  std::string qdc_path;                 // the last .qdc file chosen (import or export)
  FileChooser chooser;                  // .qdc import / export
  void Wipe() {
    core::Wipe(memo);
    core::Wipe(description);
    core::Wipe(new_description);
  }
};

struct CodingUi {
  std::string coder;              // edit buffer of the coder name
  bool coder_init = false;
  std::string answer_key;         // the answer the selection and memo belong to
  int64_t anchor = 0, caret = 0;  // selection = [min, max) in code points
  std::string search;
  bool focus_search = false;
  std::string memo;
  app::CodingQueueFilter filter;
  std::string set_name;           // "add the queue to set ..."
  std::string set_rename;         // new name for the set chosen in the filter
  std::string delete_armed;       // set GUID whose Delete was pressed once (asks again)
  CodebookUi book;
  int64_t lo() const { return anchor < caret ? anchor : caret; }
  int64_t hi() const { return anchor < caret ? caret : anchor; }
  void Wipe() {
    core::Wipe(memo);
    core::Wipe(search);
    book.Wipe();
  }
};

}  // namespace canvass::gui
