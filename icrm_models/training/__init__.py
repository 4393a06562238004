"""The train pipeline: features, segments, propensity and recommender into one registry version."""
