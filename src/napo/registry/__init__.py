"""The procedure registry: records of performed procedures (ingest, validation, synthetic
registries, outcome questions), on top of the knowledge graph and the stores.

model (terms, CSV layout) -> records (a row's nodes) -> shapes (the compiled SHACL, the fast
validator) -> ingest (streaming, all or nothing) -> publish (file or store); vocab reads what
the checks and the generator need from the built store; synth and errors make synthetic rows;
rdf writes N-Triples and runs pyshacl as the reference; outcomes and survival answer the
outcome questions; validate checks records that are already RDF. docs/registry.md is the guide.
"""
