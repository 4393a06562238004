"""Rasa input channels of iCRM Assist (run inside the Rasa 3.6 runtime, Python 3.10).

Rasa's own REST and socket.io channels, with the checks that belong at the door: a message over
``ICRM_MAX_MESSAGE_CHARS`` is answered politely without being parsed, a REST message must say
whose conversation it belongs to, browsers may open a socket only from the shop's origins, and
the customer's words are kept out of Rasa's log. ``bot/credentials.yml`` names them by module
path (``channels.guarded.GuardedRestInput``); Rasa imports them with ``PYTHONPATH=bot``.
"""
