// form_parser: being written.
