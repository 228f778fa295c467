"""NAPO: the Neuroablative Pain-Procedure Ontology and its tooling."""

__version__ = "0.1.0"
