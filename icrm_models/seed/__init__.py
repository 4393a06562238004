"""Demo data: the Luma catalogue and synthetic customers with hidden, learnable preferences."""
