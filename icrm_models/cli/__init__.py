"""The ``icrm`` command line."""
