"""SHACL validation of knowledge data (pyshacl) plus span checks, as one readable report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from napo.core.errors import InputError, Location
from napo.core.files import path_kind
from napo.core.namespaces import NAPO, compact, new_graph
from napo.core.resources import project_root
from napo.knowledge.graph import data_files, read_files, reasoned_ontology, sources_dir
from napo.knowledge.provenance import check_spans

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True, order=True)
class Result:
    focus: str
    severity: str
    path: str
    value: str
    message: str
    fix: str
    shape: str


@dataclass
class Report:
    results: list[Result]

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def by_focus(self) -> dict[str, list[Result]]:
        grouped: dict[str, list[Result]] = {}
        for result in sorted(self.results):
            grouped.setdefault(result.focus, []).append(result)
        return grouped


def hierarchy(ontology: Graph) -> Graph:
    """Just the named-class hierarchy: what sh:class and rdfs:subClassOf* paths need.

    Handing pyshacl the whole reasoned ontology (restrictions, labels, edges) only slows it.
    """
    result = new_graph()
    for child, parent in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            result.add((child, RDFS.subClassOf, parent))
    for individual in ontology.subjects(RDF.type, OWL.NamedIndividual):
        for cls in ontology.objects(individual, RDF.type):
            result.add((individual, RDF.type, cls))
    return result


def shapes_graph() -> Graph:
    return read_files(sorted((project_root() / "shapes").glob("*.ttl")))


def _path_text(graph: Graph, path) -> str:
    if path is None:
        return ""
    if isinstance(path, BNode):  # a SHACL path expression: show it in Turtle-ish form
        parts = [compact(str(o)) for _, o in graph.predicate_objects(path)
                 if not isinstance(o, BNode)]
        return "(" + " ".join(parts) + ")" if parts else "(path)"
    return compact(str(path))


def _fix_for(shapes: Graph, shape) -> str:
    description = shapes.value(shape, SH.description)
    if description is None:  # an anonymous property shape: look at its parent
        parent = shapes.value(predicate=SH.property, object=shape)
        description = shapes.value(parent, SH.description) if parent is not None else None
    return str(description or "")


def _results(report: Graph, shapes: Graph) -> list[Result]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        value = report.value(node, SH.value)
        fix = _fix_for(shapes, shape)
        if not isinstance(shape, URIRef):  # anonymous property shape: name its node shape
            shape = shapes.value(predicate=SH.property, object=shape) or shape
        results.append(Result(
            focus=str(report.value(node, SH.focusNode)),
            severity=SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation"),
            path=_path_text(report, report.value(node, SH.resultPath)),
            value="" if value is None else str(value),
            message=str(report.value(node, SH.resultMessage) or ""),
            fix=fix,
            shape=compact(str(shape)) if isinstance(shape, URIRef) else "",
        ))
    return results


def expand_directories(paths: list[Path]) -> list[Path]:
    """Files as given; a directory stands for every .ttl file under it (`napo validate data/`),
    because the data is a folder of files and naming each one is error-prone."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path_kind(path) == "dir":
            found = sorted(path.rglob("*.ttl"))
            if not found:
                raise InputError(Location(path), "is a directory with no .ttl file in it",
                                 "give Turtle data files, or a directory that holds some")
            files += found
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def validate_data(paths: list[Path] | None = None, *, ontology: Graph | None = None,
                  check_sources: bool = True, data: Graph | None = None) -> Report:
    """Validate data files (default: data/) against shapes/ with the reasoned ontology supplied.

    No inference: RDFS or OWL-RL would infer the very types sh:class should find missing.
    The sources record is always loaded, so one claims file can be checked on its own.
    Directories stand for the .ttl files under them. data: those files already parsed (the
    build has read them), so they are not parsed twice.
    """
    if data is None:
        paths = expand_directories(paths) if paths else [p for p in data_files() if p.is_file()]
        given = {p.resolve() for p in paths}
        context = [p for p in data_files()[:1] if p.is_file() and p.resolve() not in given]
        data = read_files(paths + context)
    shapes = shapes_graph()
    ontology = ontology if ontology is not None else reasoned_ontology()
    # `+` gives rdflib's context-aware Memory store, which pyshacl needs (it wraps the data
    # graph in a ConjunctiveGraph); NAPO's own graphs are SimpleMemory (new_graph).
    _, report_graph, _ = shacl_validate(data + hierarchy(ontology), shacl_graph=shapes,
                                       inference="none",
                                       allow_warnings=True)
    results = _results(report_graph, shapes)
    for problem in check_spans(data, sources_dir()) if check_sources else ():
        results.append(Result(problem.focus, "Violation", compact(problem.path), problem.value,
                              problem.message, problem.fix, "provenance"))
    return Report(sorted(set(results)))


def report_json(report: Report) -> str:
    return json.dumps({"conforms": report.conforms,
                       "results": [asdict(r) for r in report.results]}, indent=2)


def report_turtle(report: Report) -> str:
    """The report as a SHACL validation report graph."""
    graph = new_graph()
    graph.bind("sh", SH)
    root = NAPO["validation-report"]
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for index, result in enumerate(report.results, 1):
        node = NAPO[f"validation-report/result-{index}"]
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, URIRef(result.focus)))
        graph.add((node, SH.resultSeverity, SH[result.severity]))
        graph.add((node, SH.resultMessage, Literal(result.message)))
        if result.value:
            graph.add((node, SH.value, Literal(result.value)))
    return graph.serialize(format="turtle")
