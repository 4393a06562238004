"""Fallback when the assistant didn't understand: "Did you mean …?", then a colleague offered."""
