"""Evaluating the assistant's language understanding on labelled messages."""
