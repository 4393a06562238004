"""Customer segmentation: clusters of behaviour, with human names and stable labels."""
