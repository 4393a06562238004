"""Feedback actions: complaints (a support ticket with an escalation-based priority) and reviews."""
