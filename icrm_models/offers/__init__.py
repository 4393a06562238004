"""Shopping in the chat: product search, personalised offers and the customer's reactions.

The recommenders themselves live in :mod:`icrm_models.recommend`; this package turns their
output into offers that are shown, recorded (``offers`` and ``behaviour_events``) and answered.
"""
