"""Thai free text made ready to use: cleaned, personal data masked, non-answers flagged, split."""
