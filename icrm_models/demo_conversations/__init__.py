"""Scripted demo conversations played against the running stack (``icrm demo conversations``).

``scripts`` holds the kinds of conversation as data, ``cast`` the demo customers who play them,
``plan`` draws a seeded run, ``runner`` plays it through Rasa's REST channel and the agents'
console (``console_agent``), ``summary`` counts what happened. They end up in Rasa's tracker
store like real conversations, for the analytics (issue 19) to ingest.
"""
