"""Conversation analytics (issue 19)."""
