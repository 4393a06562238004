"""Forget-me: finding everything a customer left in the shop's stores, and erasing it."""
