"""Answers to policy questions, from the shop's one knowledge source."""
