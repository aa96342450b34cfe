// validation: being written.
