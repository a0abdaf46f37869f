"""Reproducible builds of the models served from ``model_repository/``."""
