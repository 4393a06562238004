"""The customer database: schema, engine and migrations."""
