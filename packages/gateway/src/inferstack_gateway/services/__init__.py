"""Use cases, one module each, independent of HTTP: image classification, text embeddings and
zero-shot text classification, the Open Inference Protocol pass-through, readiness."""
