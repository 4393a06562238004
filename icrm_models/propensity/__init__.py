"""Purchase propensity: the probability that a customer buys within the next N days."""
