"""Customer features: extracted from the database with SQL, cleaned, versioned with the models."""
