"""Plain helpers the tests share (fixtures stay in the conftest files).

Test modules import helpers from here and from nowhere else in ``tests``: not from a conftest
and not from another test module, so a test's inputs are found in one place.
"""
