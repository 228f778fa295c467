"""NAPO on the web: static term, source and question pages generated from the built store."""
