"""Customer accounts: sign-up and password-reset e-mails, profile changes, account type,
deletion and the newsletter consent.

Plain functions over a SQLAlchemy ``Session``, so the rules are testable without Rasa. Functions
that change something commit themselves; e-mails are only ever queued in the ``outbox`` table.
"""
