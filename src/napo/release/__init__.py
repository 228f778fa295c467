"""The release: OWL variants (base, full, simple), OBO formats, the query view and the catalog.

OWL artefacts hold OWL axioms only; the Ubergraph-style class-to-class edges live in the query
view (napo-edges.ttl and the `inferred` graph of napo.nq), because in OWL they would make
classes individuals (punning).
"""
