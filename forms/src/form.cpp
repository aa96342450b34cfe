// form: being written.
