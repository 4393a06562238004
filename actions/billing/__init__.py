"""Invoice and payment actions: an invoice's details, a copy by e-mail, payment problems."""
