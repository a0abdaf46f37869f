"""Developer tooling: local Triton launcher, stack command, model builds."""
