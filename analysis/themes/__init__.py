"""Themes in free-text answers: features, choosing how many, the model, edits, themed opinions."""
