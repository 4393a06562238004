"""Product search: what a request asks for, the indexes that answer it, and finding products.

``request`` reads a request (words, price range, size, colour, category); ``index`` (semantic)
and ``keyword_index`` rank the catalogue under hard filters; ``find`` tells matches from the
closest alternatives; ``fresh_index`` and ``serving`` keep a process's indexes in step with the
live catalogue; ``products`` and ``product_facts`` find the product a customer names and answer
questions about it. Showing results as offers is :mod:`icrm_models.offers`'s business.
"""
