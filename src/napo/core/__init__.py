"""Foundations every layer uses: RDF I/O, namespaces, errors, atomic writes,
where the files are, deadlines.
"""
