"""The chat widget a shop embeds with one script tag (``static/widget.js``), and how it is served.

:mod:`widget.bundle` builds the one file a page loads; :mod:`widget.routes` serves it.
"""
