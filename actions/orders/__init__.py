"""Order actions: tracking, cancelling, changing and re-addressing orders, the default address,
how to order, and the "which order?" question that lists the customer's latest orders."""
