"""The knowledge graph: claims, curated layer, provenance and spans, SHACL validation, and the
graph itself assembled from ontology, data and mappings in five layers (graph, layers), so it
sits above napo.ontology and napo.vocabularies."""
