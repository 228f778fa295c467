"""Competency questions, their results and comparisons (the question page is napo.site)."""
