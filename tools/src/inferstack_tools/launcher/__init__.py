"""The local launcher: Triton (:mod:`.triton`), the gateway and the UI as managed processes, and
the stack command that starts them in order and stops them on a signal."""
