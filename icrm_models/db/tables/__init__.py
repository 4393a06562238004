"""The tables of the customer database, one module per business area."""
