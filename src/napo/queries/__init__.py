"""Competency questions, their results and the question page."""
