"""Live chat with a human agent (issue 18): the agent console's domain logic.

Every function takes a SQLAlchemy ``Session`` and, where time matters, ``now`` (from
``icrm_models.clock.utc_now``); none commits: the caller owns the transaction, so a console
request or a Rasa action commits its whole change at once (``claim`` excepted, see its doc).
"""
