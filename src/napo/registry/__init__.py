"""The procedure registry: records of performed procedures (ingest, validation, synthetic
registries, outcome questions), on top of the knowledge graph and the stores."""
