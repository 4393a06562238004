"""Handing the conversation to a human colleague: the ticket, the customer's expectations
(now, or when the team is back), and the answers to an offer of a colleague."""
