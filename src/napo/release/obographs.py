"""napo.json: OBO Graphs JSON, written through the `obographs` package's pydantic model (so the
document is valid against the model that OBO Graphs readers use), from the same frames as
napo.obo.
"""

from __future__ import annotations

import json

from obographs import (
    Definition,
    Edge,
    EquivalentNodeSet,
    ExistentialRestrictionExpression,
    Graph,
    GraphDocument,
    LogicalDefinition,
    Meta,
    Node,
    Property,
    Synonym,
    Xref,
)

from napo.release import frames as f

SCOPE_PREDICATES = {"EXACT": "hasExactSynonym", "RELATED": "hasRelatedSynonym",
                    "NARROW": "hasNarrowSynonym", "BROAD": "hasBroadSynonym"}


def _meta(record: f.TermRecord) -> Meta | None:
    meta = Meta(
        definition=Definition(val=record.definition) if record.definition else None,
        synonyms=[Synonym(val=text, pred=SCOPE_PREDICATES[scope])
                  for scope, text in record.synonyms] or None,
        xrefs=[Xref(val=x) for x in record.xrefs] or None,
        comments=record.comments or None,
        deprecated=record.deprecated,
    )
    return meta if meta.model_dump(exclude_none=True, exclude_defaults=True) else None


def _node(record: f.TermRecord, kind: str) -> Node:
    return Node(id=str(record.iri), lbl=record.label or None, meta=_meta(record), type=kind,
                propertyType="OBJECT" if kind == "PROPERTY" else None)


def _graph(frames: f.Frames) -> Graph:
    nodes = [_node(r, "CLASS") for r in frames.terms]
    nodes += [_node(r, "PROPERTY") for r in frames.properties]
    edges = [Edge(sub=str(r.iri), pred="is_a", obj=str(p)) for r in frames.terms
             for p in r.parents]
    edges += [Edge(sub=str(r.iri), pred=str(p), obj=str(c)) for r in frames.terms
              for p, c in r.relationships]
    edges += [Edge(sub=str(r.iri), pred="subPropertyOf", obj=str(p)) for r in frames.properties
              for p in r.parents]
    equivalents = [EquivalentNodeSet(representativeNodeId=str(r.iri),
                                     nodeIds=sorted({str(r.iri), *map(str, r.equivalents)}))
                   for r in frames.terms if r.equivalents]
    definitions = [LogicalDefinition(
        definedClassId=str(r.iri), genusIds=[str(g) for g in r.genus],
        restrictions=[ExistentialRestrictionExpression(propertyId=str(p), fillerId=str(c))
                      for p, c in r.differentia]) for r in frames.terms if r.genus]
    header = [Property(pred=str(p), val=str(v)) for p, v in frames.header]
    return Graph(id=str(frames.ontology),
                 meta=Meta(version=str(frames.version_iri) if frames.version_iri else None,
                           basicPropertyValues=header or None),
                 nodes=nodes, edges=edges, equivalentNodesSets=equivalents,
                 logicalDefinitionAxioms=definitions)


def obographs_document(frames: f.Frames) -> str:
    """The OBO Graphs JSON text (one graph), with stable key order and indentation."""
    document = GraphDocument(graphs=[_graph(frames)])
    data = document.model_dump(exclude_none=True)
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
