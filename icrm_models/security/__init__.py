"""Limits that keep guessing out of the guest paths (verification attempts)."""
