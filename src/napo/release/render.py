"""The release artefacts as bytes, made in memory: `napo build` writes dist/ only once all of
them are ready and every check has passed, and renders those that need no reasoner (data,
mappings) while HermiT still runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph

from napo.core.namespaces import NAPO
from napo.core.serialise import serialize_graph, serialize_quads
from napo.knowledge.layers import Layers
from napo.release.bridges import BRIDGED, bridge_name, bridges
from napo.release.catalog import catalog
from napo.release.describe import describe
from napo.release.obo import obo_document
from napo.release.variants import variant_iri
from napo.vocabularies.mappings import MappingSet, merged_sssom

if TYPE_CHECKING:
    from napo.release.frames import Frames

# Release artefacts: file name -> (which graph, rdflib format). The OWL variants hold OWL
# axioms only; the materialised class-to-class edges are the query view (napo-edges.ttl and the
# `inferred` graph of napo.nq), never OWL (see napo.release.variants).
ARTEFACTS = {
    "napo.ttl": ("base", "turtle"),
    "napo-base.owl": ("base", "xml"),
    "napo-full.ttl": ("full", "turtle"),
    "napo.owl": ("full", "xml"),
    "napo.nt": ("full", "nt"),
    "napo.jsonld": ("full", "json-ld"),
    "napo-simple.owl": ("simple", "xml"),
    "napo-edges.ttl": ("edges", "turtle"),
    "napo-data.ttl": ("data", "turtle"),
    "napo-mappings.ttl": ("mappings", "turtle"),
}
OBO_FLAT_FILE = "napo.obo"
OBO_GRAPHS = "napo.json"
CATALOG = "catalog-v001.xml"
MERGED_SSSOM = "napo.sssom.tsv"
QUADS = "napo.nq"  # one named graph per layer (napo.knowledge.layers)
DESCRIPTION = "napo-void.ttl"  # VoID + DCAT description of every other file
GENERATED = [OBO_FLAT_FILE, OBO_GRAPHS, CATALOG, MERGED_SSSOM, QUADS, DESCRIPTION]


def preload() -> None:
    """Import the slow-loading libraries (obographs' pydantic models 0.35 s, pyshacl 0.1 s) now,
    while HermiT's Java process works, instead of after it."""
    import napo.knowledge.validate
    import napo.release.obographs  # noqa: F401


def render_graphs(graphs: dict[str, Graph]) -> dict[str, bytes]:
    """The ARTEFACTS made from the given graphs (by graph name)."""
    files: dict[str, bytes] = {}
    for which, graph in graphs.items():
        names = [name for name, (graph_name, _) in ARTEFACTS.items() if graph_name == which]
        formats = [ARTEFACTS[name][1] for name in names]
        files.update(zip(names, serialize_graph(graph, formats), strict=True))
    return files


def render_early(data: Graph, mappings: Graph, mapping_sets: list[MappingSet], version: str
                 ) -> dict[str, bytes]:
    """What needs no reasoner: napo-data.ttl, napo-mappings.ttl, the merged SSSOM table and
    the bridges (napo-bridge-<prefix>.owl)."""
    files = render_graphs({"data": data, "mappings": mappings})
    files[MERGED_SSSOM] = merged_sssom(mapping_sets).encode("utf-8")
    for name, graph in bridges(mapping_sets, version).items():
        files[name] = serialize_graph(graph, ["xml"])[0]
    return files


def render_release(graphs: dict[str, Graph], frames: Frames, version: str, layers: Layers,
                   early: dict[str, bytes]) -> dict[str, bytes]:
    """Every artefact: the early ones, the OWL variants, OBO, the catalog, the layers as
    N-Quads, and last the VoID/DCAT description of all of them (sizes and checksums)."""
    from napo.release.obographs import obographs_document

    files = {**early, **render_graphs(graphs)}
    files[OBO_FLAT_FILE] = obo_document(frames, version).encode("utf-8")
    files[OBO_GRAPHS] = obographs_document(frames).encode("utf-8")
    files[CATALOG] = catalog(catalog_entries(version)).encode("utf-8")
    files[QUADS] = serialize_quads(layers.quads())
    description = describe(layers, dict(sorted(files.items())))
    files[DESCRIPTION] = serialize_graph(description, ["turtle"])[0]
    return files


def catalog_entries(version: str) -> dict:
    """Ontology and version IRIs of every OWL artefact -> its file in the release folder."""
    entries = {}
    for name in ("full", "base", "simple"):
        iri = variant_iri(name)
        file_name = str(iri).rsplit("/", 1)[1]
        entries[iri] = file_name
        entries[NAPO[f"releases/{version}/{file_name}"]] = file_name
    for prefix in BRIDGED:
        file_name = bridge_name(prefix)
        entries[NAPO[file_name]] = entries[NAPO[f"releases/{version}/{file_name}"]] = file_name
    return entries
