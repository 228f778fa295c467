"""`napo docs`: the static site, rendered with Jinja2 from the built store into memory.

The result is a mapping of relative path -> bytes, so `napo build` can add it to dist/ inside
its one atomic replacement, `napo docs --out DIR` can write it, and `napo serve` can serve it
without touching the disk. Every page is at the IRI's local name plus `.html` (`Rhizotomy.html`,
`source/s001.html`): flat files open from disk (file://) and from any static host, where
`Rhizotomy/index.html` would need a server that maps folders to index files. Output is
deterministic: every list is sorted and nothing depends on time or blank-node labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from napo import __version__
from napo.core.namespaces import compact
from napo.queries.query import list_questions
from napo.site.evidence import KINDS, Evidence
from napo.site.logic import Part, Verbaliser
from napo.site.model import BRANCHES, NS, Catalog, Term
from napo.site.overview import class_tree, header, read_artefacts
from napo.site.questions import question_forms
from napo.site.sourcetext import highlighted, read_text

STATIC = ("napo.css", "napo.js")
MARKER = "napo-site.txt"  # says a folder is a NAPO site, so `napo docs --out` may replace it


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("napo.site", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env


class Site:
    """What every template sees: the catalog, the evidence and helpers that make links."""

    def __init__(self, store: ox.Store, void: bytes | None = None,
                 mappings: Iterable[object] = ()) -> None:
        self.catalog = Catalog(store)
        self.catalog.add_mapping_details(mappings)
        self.evidence = Evidence(store)
        self.words = Verbaliser(store, self.catalog.label)
        self.header = header(store)
        self.artefacts = read_artefacts(void) if void else []
        self.env = environment()

    # -- links -----------------------------------------------------------------------------
    def href(self, iri: str, root: str) -> str:
        """The page (and anchor) of a NAPO IRI, relative to a page at depth `root`; else ''."""
        term = self.catalog.terms.get(iri)
        if term is not None:
            return root + term.page
        if iri in self.evidence.sources:
            return root + self.evidence.sources[iri].page
        node = self.evidence.nodes.get(iri)
        if node is not None:
            if node.is_claim or f"{NS}ReviewedPassage" in node.types:
                source = self.evidence.sources.get(node.source)
                return f"{root}{source.page}#{node.anchor}" if source else ""
            procedure = self.catalog.terms.get(node.one("aboutProcedure"))
            return f"{root}{procedure.page}#{node.anchor}" if procedure else ""
        return ""

    def link(self, iri: str, root: str, text: str | None = None) -> Markup:
        shown = text if text is not None else self.catalog.label(iri)
        if target := self.href(iri, root):
            return Markup('<a href="{}">{}</a>').format(target, shown)
        if iri.startswith(("http://", "https://")):
            label = self.catalog.other_labels.get(iri)
            shown = f"{label} ({compact(iri)})" if label else compact(iri)
            return Markup('<a href="{}" rel="external">{}</a>').format(iri, shown)
        return escape(shown)

    def render_words(self, parts: list[Part], root: str) -> Markup:
        return Markup("").join(self.link(p.iri, root) if p.iri else escape(p.text)
                               for p in parts)

    # -- pages -----------------------------------------------------------------------------
    def _page(self, template: str, root: str, **context: object) -> bytes:
        text = self.env.get_template(template).render(
            site=self, root=root, version=self.header.get("versionInfo", ""),
            tool_version=__version__, **context)
        return text.encode("utf-8")

    def term_page(self, term: Term) -> bytes:
        is_procedure = term.is_under("Procedure") and term.kind == "class"
        return self._page(
            "term.html", "", term=term, branch=self.catalog.branch(term),
            definitions=self.words.definitions(term.iri) if term.kind == "class" else [],
            conditions=self.words.conditions(term.iri) if term.kind == "class" else [],
            edges=_most_specific(term, self.catalog),
            knowledge=self.evidence.for_procedure(term.iri) if is_procedure else {},
            conflicts=self.evidence.conflicts_of(term.iri) if is_procedure else [],
            kind_label=self.catalog.label)

    def source_page(self, iri: str) -> bytes:
        source = self.evidence.sources[iri]
        text = read_text(source.file_name)
        return self._page("source.html", "../", source=source,
                          segments=highlighted(text, source) if text is not None else None)

    def pages(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        terms = self.catalog.ordered()
        trees = {root: class_tree(self.catalog, NS + root) for root in BRANCHES}
        files["index.html"] = self._page("overview.html", "", trees=trees, counts=_counts(terms),
                                         sources=sorted(self.evidence.sources.values(),
                                                        key=lambda s: s.iri))
        for term in terms:
            files[term.page] = self.term_page(term)
        for iri in sorted(self.evidence.sources):
            files[self.evidence.sources[iri].page] = self.source_page(iri)
        entries = _search_entries(terms)
        files["search.html"] = self._page("search.html", "", entries=entries)
        pickers = _pickers(self.catalog)
        files["questions.html"] = self._page(
            "questions.html", "", forms=question_forms(list_questions(), self.catalog),
            pickers=pickers)
        files["compare.html"] = self._page(
            "compare.html", "", pickers={"Procedure": pickers["Procedure"]},
            layers=[("curated", "curated layer: what is established"),
                    ("claims", "claims layer: what the sources say"), ("all", "both")])
        files["terms.json"] = json.dumps(
            [{"curie": t.curie, "label": t.label, "page": t.page, "kind": t.kind,
              "branch": self.catalog.branch(t), "synonyms": [s for _, s in t.synonyms]}
             for t in terms], ensure_ascii=False, indent=0).encode("utf-8")
        for name in STATIC:
            files[name] = resources.files("napo.site").joinpath("static", name).read_bytes()
        files[MARKER] = (f"NAPO {self.header.get('versionInfo', '')} web pages, written by "
                         "`napo docs` or `napo build`; the folder is replaced whole on "
                         "the next run.\n").encode()
        return files


def _counts(terms: list[Term]) -> list[str]:
    """"287 classes", "18 object properties" ...: how many terms of each kind."""
    counts: dict[str, int] = {}
    for term in terms:
        counts[term.kind] = counts.get(term.kind, 0) + 1
    plural = {"class": "classes", "object property": "object properties",
              "data property": "data properties", "annotation property": "annotation properties",
              "individual": "individuals"}
    return [f"{n} {kind if n == 1 else plural.get(kind, kind)}"
            for kind, n in sorted(counts.items())]


def _most_specific(term: Term, catalog: Catalog) -> list[tuple[str, str]]:
    """Materialised edges without the ones widened to an ancestor of another filler."""
    fillers: dict[str, set[str]] = {}
    for prop, filler in term.edges:
        fillers.setdefault(prop, set()).add(filler)
    return [(prop, filler) for prop, filler in term.edges
            if not any(filler in catalog.terms[other].ancestors
                       for other in fillers[prop] if other != filler and other in catalog.terms)]


def _search_entries(terms: list[Term]) -> list[tuple[str, str, Term]]:
    """(text, how it names the term, term) for every label and synonym, alphabetically."""
    entries = [(t.label or t.local, "", t) for t in terms]
    entries += [(text, f"{scope} synonym", t) for t in terms for scope, text in t.synonyms]
    return sorted(entries, key=lambda e: (e[0].casefold(), e[1], e[2].iri))


def _pickers(catalog: Catalog) -> dict[str, list[str]]:
    """Per branch (and 'all'), the names a term picker offers: labels and synonyms."""
    pickers: dict[str, list[str]] = {}
    for key in (*BRANCHES, "all"):
        names = {name for t in catalog.terms.values()
                 if t.kind == "class" and (key == "all" or t.is_under(key))
                 for name in [t.label, *(s for _, s in t.synonyms)] if name}
        pickers[key] = sorted(names, key=lambda name: (name.casefold(), name))
    return pickers


def site_files(store: ox.Store, void: bytes | None = None,
               mappings: Iterable[object] = ()) -> dict[str, bytes]:
    """Every page and asset of the site, by path relative to its root."""
    return Site(store, void, mappings).pages()


def mapping_rows() -> list[object]:
    """The SSSOM rows (official labels, justifications, file:line) for the code tables, or
    none when the tables cannot be read (the codes are then shown from the store alone)."""
    from napo.core.errors import NapoError
    from napo.vocabularies.mappings import read_all

    try:
        return [row for mapping_set in read_all() for row in mapping_set.mappings]
    except (NapoError, OSError):
        return []


def void_bytes(release: Path | None) -> bytes | None:
    """release/napo-void.ttl, the artefacts and checksums the overview lists, if it is there."""
    description = Path(release) / "napo-void.ttl" if release is not None else None
    return description.read_bytes() if description is not None and description.is_file() \
        else None


def current_site(release: Path | None) -> dict[str, bytes]:
    """The site of the built store for the current inputs, with the artefacts that
    release/napo-void.ttl describes (when that file is there); napo.site.cache keeps it."""
    from napo.stores.cache import built

    return site_files(built().store, void_bytes(release), mapping_rows())


def _check_replaceable(out: Path) -> None:
    """Refuse to replace a folder that is not a NAPO site (it would be deleted)."""
    from napo.core.errors import UsageError

    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise UsageError(f"{out} exists and is not a NAPO site (no {MARKER})",
                         "give a new or empty folder, or one that napo docs wrote")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a folder", "give a new or empty folder")


def write_site(files: dict[str, bytes], out: Path) -> None:
    """Write the files into out, replaced as a whole (a reader never sees half a site)."""
    from napo.core.atomic import replace_directory

    def fill(staging: Path) -> None:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    replace_directory(Path(out), fill, check=_check_replaceable)


__all__ = ["KINDS", "Site", "site_files", "write_site"]
