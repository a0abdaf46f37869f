"""Generated artifacts: produced by one command, committed, and checked for drift in CI."""
