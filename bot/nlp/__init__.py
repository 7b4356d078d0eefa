"""Text features shared by the classifiers (sentence embeddings)."""
