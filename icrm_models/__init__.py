"""iCRM Assist's library: customer database, demo data, importers, models and the CLI core.

Used by the action server (``actions/``), the command line (``icrm``) and analysts alike.
"""

__version__ = "0.1.0"
