"""Questionnaires: the model of sections and questions, and loading it from YAML or JSON files."""
