"""Invoices and payments: finding a customer's invoice, e-mailing a copy, payment problems."""
