"""Importers of transactions from other systems into the customer database."""
