"""Foundations every layer uses: RDF I/O, namespaces, errors, atomic writes,
where the files are, deadlines, and the names a person types (nearest matches, a label or
CURIE resolved to a class). The lowest layer: it imports no other napo subpackage.
"""
