"""Offers in the chat: which products to offer and with what discount, shown, recorded and
answered.

The recommenders themselves live in :mod:`icrm_models.recommend` and product search in
:mod:`icrm_models.search`; this package turns their output into offers that are shown,
recorded (``offers`` and ``behaviour_events``) and answered (accepted into a basket, declined).
"""
