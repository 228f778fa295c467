"""Read the release with the field's own tools, not with NAPO's code: a file that rdflib reads
can still be rejected, or silently thinned out, by the OWL API, owlready2/HermiT, pronto,
fastobo, an OBO Graphs reader, py-horned-owl or sssom-py, and those are what users open it with.

Every client really runs (no mocks). Where one is not installed (no javac, no libowlapi-java)
the test skips with the reason, except under NAPO_REQUIRE_SERVERS=1 (set by .ci/run, which
installs them), where the missing client fails the run instead.

NAPO_RELEASE_DIR=DIR runs these checks on an already built release (e.g. dist/) instead of the
session's fresh build.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

import owlready2
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from napo.core.errors import JavaNotFoundError
from napo.ontology.java import find_java

from ..conftest import require as _require

CLIENTS = Path(__file__).parents[1] / "clients"
RHIZOTOMY = "https://w3id.org/napo/Rhizotomy"
# Rhizotomy's id in any of the forms an OBO or OWL tool may give it (NAPO:Rhizotomy,
# napo:Rhizotomy, the full IRI, NAPO_Rhizotomy), but not DorsalRhizotomy and its kind.
RHIZOTOMY_ID = re.compile(r"(?:^|[:/#_])Rhizotomy$")
OWL_FILES = ["napo.owl", "napo-base.owl", "napo-simple.owl"]
T = TypeVar("T")

# The OWL API 5 jars (Debian's libowlapi-java) and the libraries it needs at run time; found by
# running the checker until no class was missing. slf4j-simple makes the OWL API's own logged
# parse warnings visible on stderr instead of dropping them.
JAVA_LIB = Path("/usr/share/java")
OWLAPI_JARS = (
    "owlapi-api", "owlapi-apibinding", "owlapi-impl", "owlapi-parsers", "commons-rdf-api",
    "guava", "caffeine", "hppcrt", "commons-io", "xz", "atinject-jsr330-api", "slf4j-api",
    "slf4j-simple",
)
OWLAPI_LOG = re.compile(r"^(\[[^\]]*\] )?(WARN|ERROR) ")


# -- the release ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dist(request: pytest.FixtureRequest) -> Path:
    """The release directory: NAPO_RELEASE_DIR if set, else the session's build."""
    explicit = os.environ.get("NAPO_RELEASE_DIR")
    if explicit:
        return Path(explicit)
    out, _report = request.getfixturevalue("release")
    return out


def artefact(dist: Path, name: str) -> Path:
    """The release file name, or a one-line failure naming what the release does contain."""
    path = dist / name
    if not path.is_file():
        present = ", ".join(sorted(p.name for p in dist.iterdir())) if dist.is_dir() else "-"
        pytest.fail(f"{name} not in the release {dist} (it has: {present})", pytrace=False)
    return path


@cache
def rdf_axiom_counts(path: Path) -> Counter[str]:
    """Axioms of the kinds a parser can drop, counted from the triples (OWL 2 RDF mapping).

    A reader that keeps every axiom finds exactly these numbers; one that finds fewer dropped
    triples it did not understand, without saying so.
    """
    graph = Graph().parse(path)
    counts: Counter[str] = Counter()
    counts["SubClassOf"] = len(list(graph.triples((None, RDFS.subClassOf, None))))
    counts["EquivalentClasses"] = len(list(graph.triples((None, OWL.equivalentClass, None))))
    counts["DisjointClasses"] = (len(list(graph.triples((None, OWL.disjointWith, None))))
                                 + len(set(graph.subjects(RDF.type, OWL.AllDisjointClasses))))
    counts["DifferentIndividuals"] = (len(list(graph.triples((None, OWL.differentFrom, None))))
                                      + len(set(graph.subjects(RDF.type, OWL.AllDifferent))))
    declared = {
        OWL.Class: "DeclareClass", OWL.ObjectProperty: "DeclareObjectProperty",
        OWL.DatatypeProperty: "DeclareDataProperty",
        OWL.AnnotationProperty: "DeclareAnnotationProperty",
        OWL.NamedIndividual: "DeclareNamedIndividual", RDFS.Datatype: "DeclareDatatype",
    }
    for rdf_type, kind in declared.items():
        counts[kind] = sum(isinstance(s, URIRef) for s in set(graph.subjects(RDF.type, rdf_type)))
    builtin = (str(RDF), str(RDFS), str(OWL))
    counts["ClassAssertion"] = sum(
        isinstance(s, URIRef) and isinstance(o, URIRef) and not str(o).startswith(builtin)
        for s, o in graph.subject_objects(RDF.type))
    object_properties = set(graph.subjects(RDF.type, OWL.ObjectProperty))
    data_properties = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    for kind, properties in (("Object", object_properties), ("Data", data_properties)):
        for axiom, predicate in (("Domain", RDFS.domain), ("Range", RDFS.range)):
            counts[f"{kind}Property{axiom}"] = sum(
                s in properties for s in graph.subjects(predicate, None))
    # Any other predicate outside the RDF/RDFS/OWL vocabulary is an annotation, declared or
    # not (an undeclared one is the profile check's business, not a lost axiom).
    builtin_annotations = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
                           OWL.deprecated, OWL.versionInfo, OWL.priorVersion,
                           OWL.backwardCompatibleWith, OWL.incompatibleWith}
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    for s, p, o in graph:
        if not isinstance(s, URIRef) or s in ontologies:
            continue
        if p in object_properties and isinstance(o, URIRef):
            counts["ObjectPropertyAssertion"] += 1
        elif p in data_properties:
            counts["DataPropertyAssertion"] += 1
        elif p in builtin_annotations or not str(p).startswith(builtin):
            counts["AnnotationAssertion"] += 1
    return counts


def count_differences(expected: Counter[str], found: Counter[str]) -> list[str]:
    """'kind: the triples say N, the client kept M' for every kind that differs."""
    return [f"{kind}: the triples say {expected[kind]}, the client kept {found[kind]}"
            for kind in sorted(expected) if found[kind] != expected[kind]]


def is_rhizotomy(identifier: object) -> bool:
    """Whether an id (CURIE, IRI or OBO id) names napo:Rhizotomy itself."""
    return bool(RHIZOTOMY_ID.search(str(identifier)))


def expect(condition: object, message: str) -> None:
    """Fail with just the message: the finding, without pytest's repr of the objects behind it."""
    if not condition:
        pytest.fail(message, pytrace=False)


def client_call(what: str, call: Callable[[], T]) -> T:
    """call(), or a one-line failure 'what: Error: message' instead of a library traceback.

    BaseException, because a Rust panic (py-horned-owl, fastobo) arrives as pyo3's
    PanicException, which is not an Exception.
    """
    try:
        return call()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        message = f"{what}: {type(error).__name__}: {error}"
    pytest.fail(message, pytrace=False)


# -- the OWL API (Java) ---------------------------------------------------------------------


@dataclass
class OwlApiReport:
    """What tests/clients/OwlProfileCheck.java printed for one file."""

    ontology_iri: str = ""
    version_iri: str = ""
    axioms: int = 0
    logical_axioms: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    punned: list[str] = field(default_factory=list)
    missing_imports: list[str] = field(default_factory=list)
    error: str = ""
    logged: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, stdout: str, stderr: str) -> OwlApiReport:
        # The OWL API's own warnings and errors (slf4j-simple lines), not the JVM's chatter.
        report = cls(logged=[line for line in stderr.splitlines() if OWLAPI_LOG.match(line)])
        lists = {"VIOLATION": report.violations, "UNPARSED": report.unparsed,
                 "GUESSED": report.guessed, "PUNNED": report.punned,
                 "MISSING_IMPORT": report.missing_imports}
        for line in stdout.splitlines():
            tag, _, rest = line.partition("\t")
            if tag in lists:
                lists[tag].append(rest)
            elif tag == "ONTOLOGY":
                report.ontology_iri, _, report.version_iri = rest.partition("\t")
            elif tag == "AXIOMS":
                report.axioms = int(rest)
            elif tag == "LOGICAL_AXIOMS":
                report.logical_axioms = int(rest)
            elif tag == "AXIOM_TYPE":
                kind, _, n = rest.partition("\t")
                report.by_type[kind] = int(n)
            elif tag == "ERROR":
                report.error = rest
        return report


def _owlapi_classpath() -> tuple[str | None, str]:
    """The OWL API classpath (NAPO_OWLAPI_CLASSPATH or Debian's jars), or why there is none."""
    explicit = os.environ.get("NAPO_OWLAPI_CLASSPATH")
    if explicit:
        return None, explicit
    jars = [JAVA_LIB / f"{name}.jar" for name in OWLAPI_JARS]
    missing = [str(jar) for jar in jars if not jar.is_file()]
    if missing:
        return ("the OWL API is not installed (missing " + ", ".join(missing) + "): "
                "apt-get install libowlapi-java, or set NAPO_OWLAPI_CLASSPATH"), ""
    return None, os.pathsep.join(str(jar) for jar in jars)


def _javac(java: str) -> str | None:
    """A javac: the one beside the runtime NAPO uses, else the one on PATH."""
    beside = Path(java).resolve().with_name("javac")
    if beside.is_file():
        return str(beside)
    return shutil.which("javac")


@pytest.fixture(scope="session")
def owlapi(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], OwlApiReport]:
    """Compile the checker once; return a function that runs it (one JVM per file, cached)."""
    try:
        java = find_java()
    except JavaNotFoundError as error:
        _require(f"no Java runtime for the OWL API: {error}")
    javac = _javac(java)
    _require(None if javac else "no javac (a JDK) to compile tests/clients/OwlProfileCheck.java:"
             " apt-get install default-jdk-headless")
    reason, classpath = _owlapi_classpath()
    _require(reason)
    classes = tmp_path_factory.mktemp("owlapi-classes")
    compiled = subprocess.run(
        [javac, "--release", "11", "-d", str(classes), "-cp", classpath,
         str(CLIENTS / "OwlProfileCheck.java")],
        capture_output=True, text=True, timeout=300, check=False)
    assert compiled.returncode == 0, f"javac failed:\n{compiled.stdout}{compiled.stderr}"
    reports: dict[Path, OwlApiReport] = {}

    def check(path: Path) -> OwlApiReport:
        if path not in reports:
            ran = subprocess.run(
                [java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                 os.pathsep.join([str(classes), classpath]), "OwlProfileCheck", str(path)],
                capture_output=True, text=True, timeout=600, check=False)
            assert ran.returncode in (0, 2), (
                f"the OWL API checker crashed on {path.name} (exit {ran.returncode}):\n"
                f"{ran.stdout[-4000:]}{ran.stderr[-4000:]}")
            reports[path] = OwlApiReport.parse(ran.stdout, ran.stderr)
        return reports[path]

    return check


def _listing(title: str, items: list[str], limit: int = 40) -> str:
    """'N title:' and the first `limit` items, one a line, for a failure message."""
    if not items:
        return ""
    more = f"\n  … and {len(items) - limit} more" if len(items) > limit else ""
    return f"\n{len(items)} {title}:\n  " + "\n  ".join(items[:limit]) + more


def test_owlapi_checker_reports_a_file_that_is_not_owl2_dl(owlapi, tmp_path: Path) -> None:
    """The negative control: the checker must see what the release tests below assert away."""
    broken = tmp_path / "not_dl.owl"
    Graph().parse(CLIENTS / "fixtures" / "not_dl.ttl").serialize(broken, format="xml")
    report = owlapi(broken)
    assert not report.error, report.error
    assert any("AllDifferentIndividuals" in v for v in report.violations), report.violations
    assert any(str(OWL.members) in t for t in report.unparsed), report.unparsed
    assert {p.split("\t")[0] for p in report.punned} == {
        RHIZOTOMY, "https://w3id.org/napo/SpinalNerveRoot"}, report.punned
    assert report.axioms > 0


@pytest.mark.parametrize("name", OWL_FILES)
def test_owlapi_owl2_dl_profile(owlapi, dist: Path, name: str) -> None:
    """The OWL API loads the file as OWL 2 DL: no profile violation, no unparsed triple."""
    report = owlapi(artefact(dist, name))
    expect(not report.error, f"the OWL API could not load {name}: {report.error}")
    kinds = Counter(violation.partition("\t")[0] for violation in report.violations)
    problems = (_listing("kind(s) of OWL 2 DL profile violation",
                         [f"{n} x {kind}" for kind, n in kinds.most_common()])
                + _listing("OWL 2 DL profile violation(s)", report.violations, limit=10)
                + _listing("unparsed triple(s)", report.unparsed)
                + _listing("guessed declaration(s)", report.guessed)
                + _listing("missing import(s)", report.missing_imports)
                + _listing("OWL API warning(s)", report.logged))
    expect(not problems, f"{name} is not clean OWL 2 DL for the OWL API:{problems}")
    expect(report.axioms > 0 and report.logical_axioms > 0,
           f"the OWL API found {report.axioms} axioms ({report.logical_axioms} logical) in {name}")
    expect(report.ontology_iri, f"the OWL API found no ontology IRI in {name}")


@pytest.mark.parametrize("name", OWL_FILES)
def test_owlapi_no_class_is_also_an_individual(owlapi, dist: Path, name: str) -> None:
    """Class-to-class edges (Ubergraph style) belong to the query view: in OWL they turn the
    classes into individuals (punning), which reasoners and editors then treat as data."""
    report = owlapi(artefact(dist, name))
    expect(not report.error, f"the OWL API could not load {name}: {report.error}")
    expect(not report.punned,
           f"{name} uses IRIs as more than one kind of entity (class-to-class property "
           f"assertions?); it has {report.by_type['ObjectPropertyAssertion']} object property "
           f"assertion(s)" + _listing("punned IRI(s)", report.punned, limit=15))


@pytest.mark.parametrize("name", OWL_FILES)
def test_owlapi_keeps_every_axiom(owlapi, dist: Path, name: str) -> None:
    """The OWL API turns every OWL triple pattern of the file into an axiom."""
    path = artefact(dist, name)
    report = owlapi(path)
    expect(not report.error, f"the OWL API could not load {name}: {report.error}")
    expected = rdf_axiom_counts(path)
    declarations = sum(n for kind, n in expected.items() if kind.startswith("Declare"))
    expected = Counter({k: n for k, n in expected.items() if not k.startswith("Declare")})
    expected["Declaration"] = declarations
    differences = count_differences(expected, Counter(report.by_type))
    expect(not differences, f"the OWL API read {name} differently from its triples:\n  "
           + "\n  ".join(differences))


@pytest.mark.parametrize("name", OWL_FILES)
def test_owl_header_is_the_first_element(dist: Path, name: str) -> None:
    """Readers that stream or look the header up as an element (pronto, OBO tooling) need
    <owl:Ontology rdf:about=…> as the first child of rdf:RDF, as the OWL API writes it."""
    path = artefact(dist, name)
    first = next(iter(ET.parse(path).getroot()), None)
    tag = first.tag if first is not None else "nothing"
    about = first.get(f"{{{RDF}}}about") if first is not None else None
    expect(tag == f"{{{OWL}}}Ontology" and about,
           f"the first element of {name} is {tag} rdf:about={about!r}, "
           f"not <owl:Ontology rdf:about=…>")


# -- owlready2 + HermiT -----------------------------------------------------------------------


def test_owlready2_hermit_classifies_the_full_release(dist: Path) -> None:
    """What a Python user does with napo.owl: load it in owlready2 and run HermiT on it."""
    path = artefact(dist, "napo.owl")
    try:
        java = find_java()
    except JavaNotFoundError as error:
        _require(f"no Java runtime for HermiT: {error}")
    previous, owlready2.JAVA_EXE = owlready2.JAVA_EXE, java
    world = owlready2.World()
    try:
        ontology = client_call("owlready2 could not load napo.owl",
                               world.get_ontology(path.as_uri()).load)
        rhizotomy = world[RHIZOTOMY]
        labels = [str(label) for label in rhizotomy.label] if rhizotomy is not None else []
        assert "rhizotomy" in labels, (
            f"owlready2 finds no {RHIZOTOMY} labelled 'rhizotomy' in napo.owl: {labels}")

        # Load every entity as a Python object first, as a user browsing the ontology does:
        # owlready2 applies HermiT's answers only to loaded entities, and that is where it breaks.
        loaded = len(list(world.classes())) + len(list(world.individuals()))
        expect(loaded > 0, "owlready2 finds no class and no individual in napo.owl")

        def classify() -> None:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)

        client_call("owlready2/HermiT could not classify napo.owl (an Inconsistent… error: no "
                    "model satisfies it; 'inheritance cycle': classes punned as individuals, "
                    "which HermiT types with themselves)", classify)
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                               if c.iri != str(OWL.Nothing))
        assert not unsatisfiable, f"unsatisfiable classes in napo.owl: {unsatisfiable}"
    finally:
        owlready2.JAVA_EXE = previous
        world.close()


# -- OBO tools: pronto, fastobo, OBO Graphs ------------------------------------------------


@pytest.mark.parametrize("name", ["napo.obo", "napo.owl"])
def test_pronto_reads_rhizotomy(dist: Path, name: str) -> None:
    """pronto (what OBO users script with) finds rhizotomy's label, definition and synonyms."""
    import pronto

    path = artefact(dist, name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ontology = client_call(f"pronto could not read {name}",
                               lambda: pronto.Ontology(str(path)))
    kinds = Counter(re.sub(r" at 0x[0-9a-f]+", "", f"{w.category.__name__}: {w.message}")
                    for w in caught)
    said = _listing("kind(s) of pronto warning",
                    [f"{n} x {message}" for message, n in kinds.most_common()], limit=10)
    terms = [term for term in ontology.terms() if is_rhizotomy(term.id)]
    assert len(terms) == 1, (
        f"pronto finds {len(terms)} rhizotomy term(s) in {name} among "
        f"{len(ontology.terms())} terms: {[t.id for t in terms]}{said}")
    term = terms[0]
    assert term.name == "rhizotomy", f"{term.id} name: {term.name!r}{said}"
    assert term.definition and str(term.definition).strip(), (
        f"pronto finds no definition for {term.id} in {name} (IAO:0000115 / def:){said}")
    exact = [s.description for s in term.synonyms if s.scope == "EXACT"]
    assert exact, (f"pronto finds no exact synonym for {term.id} in {name} (synonyms: "
                   f"{[(s.scope, s.description) for s in term.synonyms]}){said}")


def test_fastobo_reads_rhizotomy(dist: Path) -> None:
    """fastobo (the strict OBO 1.4 parser) accepts napo.obo and finds rhizotomy's content."""
    import fastobo

    path = artefact(dist, "napo.obo")
    document = client_call("fastobo rejects napo.obo", lambda: fastobo.load(str(path)))
    assert any(isinstance(c, fastobo.header.OntologyClause) for c in document.header), (
        "napo.obo has no 'ontology:' header clause")
    frames = [frame for frame in document
              if isinstance(frame, fastobo.term.TermFrame) and is_rhizotomy(frame.id)]
    assert len(frames) == 1, f"fastobo finds {len(frames)} rhizotomy term frame(s) in napo.obo"
    frame = frames[0]
    names = [c.name for c in frame if isinstance(c, fastobo.term.NameClause)]
    definitions = [c.definition for c in frame if isinstance(c, fastobo.term.DefClause)]
    exact = [c.synonym.desc for c in frame if isinstance(c, fastobo.term.SynonymClause)
             and c.synonym.scope == "EXACT"]
    assert names == ["rhizotomy"], f"{frame.id} name clause(s): {names}"
    assert len(definitions) == 1 and definitions[0].strip(), (
        f"{frame.id} def clause(s): {definitions}")
    assert exact, f"{frame.id} has no EXACT synonym clause"


def test_obographs_reads_napo_json(dist: Path) -> None:
    """The OBO Graphs JSON (what OLS, OAK and ontology browsers load) has labelled nodes,
    rhizotomy with its definition and synonyms, and is_a edges."""
    import obographs

    path = artefact(dist, "napo.json")
    document = client_call("napo.json is not an OBO Graphs document",
                           lambda: obographs.read(path, squeeze=False))
    assert document.graphs, "napo.json has no graph"
    graph = max(document.graphs, key=lambda g: len(g.nodes))
    classes = [node for node in graph.nodes if node.type == "CLASS"
               and node.id.startswith("https://w3id.org/napo/")]
    assert classes, f"no NAPO class node in napo.json ({len(graph.nodes)} nodes)"
    unlabelled = [node.id for node in classes if not (node.lbl or "").strip()]
    assert not unlabelled, f"{len(unlabelled)} NAPO class node(s) without lbl: {unlabelled[:10]}"
    nodes = [node for node in graph.nodes if is_rhizotomy(node.id)]
    assert len(nodes) == 1, f"napo.json has {len(nodes)} rhizotomy node(s)"
    node = nodes[0]
    assert node.lbl == "rhizotomy", f"{node.id} lbl: {node.lbl!r}"
    meta = node.meta
    assert meta and meta.definition and (meta.definition.val or "").strip(), (
        f"{node.id} has no meta.definition.val")
    assert meta.synonyms and any(s.pred == "hasExactSynonym" and s.val for s in meta.synonyms), (
        f"{node.id} has no exact synonym: {meta.synonyms}")
    is_a = [edge for edge in graph.edges if edge.pred == "is_a"]
    assert is_a, f"napo.json has no is_a edge ({len(graph.edges)} edges)"


# -- py-horned-owl --------------------------------------------------------------------------

HORNED_PROBE = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:owl="http://www.w3.org/2002/07/owl#">
  <owl:Ontology rdf:about="https://example.org/probe"/>
  <owl:Class rdf:about="https://example.org/A"/>
  <owl:Class rdf:about="https://example.org/B"/>
  <owl:Class rdf:about="https://example.org/C"/>
  <owl:AllDisjointClasses>
    <owl:members rdf:parseType="Collection">
      <rdf:Description rdf:about="https://example.org/A"/>
      <rdf:Description rdf:about="https://example.org/B"/>
      <rdf:Description rdf:about="https://example.org/C"/>
    </owl:members>
  </owl:AllDisjointClasses>
</rdf:RDF>
"""


def _horned_counts(path: Path) -> Counter[str]:
    import pyhornedowl

    ontology = pyhornedowl.open_ontology(str(path), "owl")
    return Counter(type(axiom.component).__name__ for axiom in ontology.get_axioms())


def _horned_reads_all_disjoint_classes(tmp_path: Path) -> bool:
    probe = tmp_path / "probe.owl"
    probe.write_text(HORNED_PROBE, encoding="utf-8")
    return _horned_counts(probe)["DisjointClasses"] == 1


HORNED_BUG = ("py-horned-owl 2.0.0 drops every owl:AllDisjointClasses, even in a 3-class probe "
              "(a reader bug, not a defect of the file: the OWL API reads them all)")


@pytest.mark.parametrize("name", OWL_FILES)
def test_py_horned_owl_keeps_every_axiom(dist: Path, name: str, tmp_path: Path) -> None:
    """py-horned-owl (a fast Rust OWL parser) must not silently drop axioms of the file.

    The one kind its 2.0 reader loses everywhere (n-ary disjointness, shown by the probe) is
    left out of the comparison, and test_py_horned_owl_reads_n_ary_disjointness below is a
    strict xfail that turns red as soon as a fixed release reads it, so the exception goes.
    """
    path = artefact(dist, name)
    found = client_call(f"py-horned-owl could not read {name}", lambda: _horned_counts(path))
    expected = rdf_axiom_counts(path)
    if not _horned_reads_all_disjoint_classes(tmp_path):
        expected.pop("DisjointClasses", None)
        found.pop("DisjointClasses", None)
    differences = count_differences(expected, found)
    expect(not differences, f"py-horned-owl read {name} differently from its triples:\n  "
           + "\n  ".join(differences))


@pytest.mark.xfail(strict=True, reason=HORNED_BUG)
def test_py_horned_owl_reads_n_ary_disjointness(tmp_path: Path) -> None:
    assert _horned_reads_all_disjoint_classes(tmp_path)


# -- sssom-py -------------------------------------------------------------------------------


@pytest.fixture
def no_library_deprecations() -> Iterator[list[warnings.WarningMessage]]:
    """Record warnings; library-to-library API deprecations (sssom-py on pandas 3) say nothing
    about the mapping table, so they are left out."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
            warnings.filterwarnings("ignore", category=category)
        yield caught


def test_sssom_converts_the_merged_table_without_warnings(
        dist: Path, caplog: pytest.LogCaptureFixture, no_library_deprecations) -> None:
    """sssom-py parses napo.sssom.tsv and writes it as JSON, OWL and RDF without a warning:
    its warnings flag metadata that other SSSOM tools reject or misread."""
    from sssom.parsers import parse_sssom_table
    from sssom.writers import write_json, write_owl, write_rdf

    path = artefact(dist, "napo.sssom.tsv")
    caplog.set_level(logging.WARNING)
    mappings = parse_sssom_table(path)
    assert len(mappings.df) > 0, "sssom-py finds no mapping in napo.sssom.tsv"
    written = {}
    for writer in (write_json, write_owl, write_rdf):
        buffer = io.StringIO()
        writer(mappings, buffer)
        written[writer.__name__] = buffer.getvalue()
    said = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.records
            if r.levelno >= logging.WARNING]
    said += [f"{w.category.__name__} ({Path(w.filename).name}:{w.lineno}): {w.message}"
             for w in no_library_deprecations]
    expect(not said, "sssom-py warns on napo.sssom.tsv:" + _listing("warning(s)", said))
    rows = len(mappings.df)
    assert len(json.loads(written["write_json"])["mappings"]) == rows, "JSON lost mappings"
    for writer in ("write_owl", "write_rdf"):
        assert len(Graph().parse(data=written[writer], format="turtle")) > rows, writer
