"""NAPO on the web: static term, source and question pages generated from the built store.

model (the terms), logic (class expressions in words), evidence (curated assertions, claims,
verdicts, conflicts), sourcetext (highlighted spans), overview (header, artefacts, class tree)
and questions (the parameter widgets) read the store; generate renders the Jinja2 templates
into a mapping of path -> bytes (`napo docs`, `napo build`); api answers the live
question and comparison routes that `napo serve` mounts beside the SPARQL endpoint.
"""
