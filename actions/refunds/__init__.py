"""Return and refund actions: the return form and its confirmation, starting a return, and
where the customer's refunds stand."""
