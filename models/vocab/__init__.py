"""Medical lexicon builder (models/vocab/README.md)."""
