"""Messages that are not the answer a form asked for: the one rule, and switching tasks."""
