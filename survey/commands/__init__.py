"""The command line of run.py: serve, set up workshops and staff, export, report, clean, theme."""
