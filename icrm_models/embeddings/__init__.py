"""Sentence embeddings of product texts and customer messages."""
