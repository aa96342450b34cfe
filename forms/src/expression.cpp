// expression: being written.
