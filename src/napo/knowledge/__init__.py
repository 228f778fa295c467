"""The knowledge graph: claims, curated layer, provenance and spans, SHACL validation, names."""
