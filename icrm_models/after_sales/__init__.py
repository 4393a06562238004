"""After the sale: who may return what, requesting a return, and where a customer's refund is."""
