"""Shopping actions: product search, personalised offers, reactions and product questions."""
