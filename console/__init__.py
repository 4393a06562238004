"""The agents' console (issue 18): queue, live conversations, notes and the customer's 360° view.

A Starlette app of its own (``python -m console``): it reads live transcripts from Rasa's
tracker store, keeps cases, notes and the audit in the shop's database (``icrm_models.live``)
and writes to customers only through Rasa's authenticated live route.
"""
