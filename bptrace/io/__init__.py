"""The user's files and terminal: the one writer of every output file, and output that never
crashes on its encoding."""
