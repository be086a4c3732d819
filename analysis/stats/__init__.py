"""Statistics of the responses: ratings, breakdowns by group, knowledge gain, indices, profile."""
