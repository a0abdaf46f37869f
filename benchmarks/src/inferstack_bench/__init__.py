"""inferstack-bench: the decoupled stack (gateway + Triton) measured against its alternatives."""
