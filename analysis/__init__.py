"""Sala's analysis library: questionnaires, ratings, Thai text, themes, charts and exports.

Framework-free: it never imports Flask, WTForms or the web app, so it works in a notebook.
"""
