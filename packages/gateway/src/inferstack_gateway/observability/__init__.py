"""Logs, metrics and the request-scoped middleware that feeds them."""
