"""Handing queued outbox messages to whatever delivers them."""
