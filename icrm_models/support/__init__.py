"""Customer care: complaints, reviews and handoffs to a human colleague.

Plain functions over a SQLAlchemy ``Session`` (tickets, behaviour events) and pure text helpers
(complaint categories, escalation signals, star ratings, the contact hours), so the chat actions
stay a thin layer and everything here is testable without Rasa.
"""
