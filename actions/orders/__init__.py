"""Order actions: tracking and the order look-up form."""
