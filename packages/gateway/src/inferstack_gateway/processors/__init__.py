"""Pre-processing that turns client payloads into the tensors a model reads."""
