"""The shop's policies: one editable knowledge source (``data/policies.yml``)."""
