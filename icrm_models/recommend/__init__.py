"""Recommendations: repurchase, co-purchase, product-text embeddings and popularity, blended."""
