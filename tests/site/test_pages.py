"""The generated pages themselves (no browser): what a term, a procedure and a source page
say, that every internal link and anchor resolves, that nothing is loaded from elsewhere, that
text from the data is escaped, and that generating twice gives the same bytes."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest

from napo.site.api import Api
from napo.site.generate import Site, site_files
from napo.stores.cache import built

from .conftest import void_of_a_release


class _Page(HTMLParser):
    """The ids, links and loaded resources of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.actions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href") is not None:
            self.links.append(values["href"])
        if tag in ("script", "img", "iframe") and values.get("src"):
            self.resources.append(values["src"])
        if tag == "link" and values.get("href"):
            self.resources.append(values["href"])
        if tag == "form" and values.get("action"):
            self.actions.append(values["action"])


@pytest.fixture(scope="module")
def parsed(files: dict[str, bytes]) -> dict[str, _Page]:
    pages = {}
    for name, data in files.items():
        if name.endswith(".html"):
            page = _Page()
            page.feed(data.decode("utf-8"))
            pages[name] = page
    return pages


def _text(files: dict[str, bytes], name: str) -> str:
    """A page's text with tags removed and whitespace collapsed."""
    html = files[name].decode("utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_every_internal_link_and_anchor_resolves(files: dict[str, bytes],
                                                 parsed: dict[str, _Page]) -> None:
    broken = []
    checked = 0
    for name, page in parsed.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not parts.scheme and not parts.netloc, f"{name}: {href}"
            target = name if not parts.path else posixpath.normpath(
                posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            checked += 1
            if target not in files:
                broken.append(f"{name}: {href} (no {target})")
            elif parts.fragment and parts.fragment not in parsed[target].ids:
                broken.append(f"{name}: {href} (no id {parts.fragment} in {target})")
    assert not broken, f"{len(broken)} broken link(s):\n" + "\n".join(broken[:30])
    assert checked > 5000  # the walk really covered the site


def test_pages_load_nothing_from_elsewhere_and_forms_reach_live_routes(
        parsed: dict[str, _Page]) -> None:
    routes = set(Api(built).routes())
    for name, page in parsed.items():
        for resource in page.resources:
            assert not urlsplit(resource).scheme and not resource.startswith("//"), \
                f"{name} loads {resource}"
        for action in page.actions:
            path = posixpath.normpath(posixpath.join("/docs", posixpath.dirname(name), action))
            assert path == "/docs/search.html" or path in routes, f"{name}: form to {action}"


def test_a_page_per_term_and_source_at_the_iris_local_name(site: Site,
                                                          files: dict[str, bytes]) -> None:
    for term in site.catalog.terms.values():
        assert files[f"{term.local}.html"], term.iri
    assert {f"source/s00{i}.html" for i in range(5)} <= set(files)
    index = json.loads(files["terms.json"])
    assert {"curie": "napo:Rhizotomy", "label": "rhizotomy", "page": "Rhizotomy.html",
            "kind": "class", "branch": "Procedure",
            "synonyms": ["radicotomy", "rhizolysis"]} in index


def test_rhizotomy_page(files: dict[str, bytes]) -> None:
    text = _text(files, "Rhizotomy.html")
    assert ("A neuroablative procedure that divides or destroys a spinal or cranial nerve root, "
            "or its rootlets, to interrupt the signals it carries.") in text
    assert "radicotomy exact" in text and "rhizolysis narrow" in text
    assert "Lay and marketing texts often call medial branch radiofrequency neurotomy" in text
    assert "a neuroablative procedure on the nerve root" in text  # the definition in words
    assert "skos:exactMatch mesh:D019051" in text
    assert "peripheral neuroablative procedure inferred" in text  # a reasoned parent, marked
    assert "dorsal rhizotomy inferred" in text
    # the knowledge behind it, with the source claims it rests on
    assert "Rhizotomy divides or destroys a spinal or cranial nerve root or its rootlets." in text
    assert "The essence of the procedure is to cut the spinal nerve roots" in text
    assert 'href="source/s001.html#s001-01"' in files["Rhizotomy.html"].decode()


def test_a_definition_in_the_words_of_the_procedure_model(files: dict[str, bytes]) -> None:
    text = _text(files, "PercutaneousRadiofrequencyTrigeminalRhizotomy.html")
    assert ("a neuroablative procedure on the trigeminal sensory root by thermal radiofrequency "
            "through percutaneous access") in text
    assert "has method some destruction" in text  # a necessary condition


def test_a_procedure_page_gives_frequencies_evidence_and_conflicts(files: dict[str, bytes]
                                                                   ) -> None:
    text = _text(files, "PercutaneousCervicalCordotomy.html")
    assert re.search(r"muscle weakness established uncommon; 8\.1 % case series Ipsilateral "
                     r"weakness", text)
    text = _text(files, "Cordotomy.html")
    assert "Conflicts" in text and "contradicts the curated layer" in text
    assert "cutting the spinal roots" in text  # the conflicting claim's words (s002-07)


def test_a_source_page_highlights_its_claims(files: dict[str, bytes]) -> None:
    html = files["source/s001.html"].decode()
    assert re.search(r'<mark class="claim"[^>]*>(<span id="text-s001-0[12]"></span>)+'
                     r'<a href="#s001-0[12]">The essence of the procedure is to cut the spinal '
                     r"nerve roots</a></mark>", html)
    text = _text(files, "source/s001.html")
    assert "Reviewed passages" in text and "25 claims" in text


def test_the_overview_lists_the_artefacts_with_checksums(files: dict[str, bytes]) -> None:
    text = _text(files, "index.html")
    assert "NAPO: Neuroablative Pain-Procedure Ontology" in text
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    if void_of_a_release() is None:
        pytest.skip("no dist/napo-void.ttl in this checkout: tests/site/test_build_docs.py "
                    "checks the artefacts of a fresh build")
    assert re.search(r"napo\.owl .*? application/rdf\+xml \d+ [0-9a-f]{64}", text)


def test_text_from_the_data_is_escaped() -> None:
    store = ox.Store()
    store.bulk_extend(built().store)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    rhizotomy = ox.NamedNode("https://w3id.org/napo/Rhizotomy")
    graph = ox.NamedNode("https://w3id.org/napo/graph/ontology")
    store.remove(next(iter(store.quads_for_pattern(rhizotomy, label, None, graph))))
    store.add(ox.Quad(rhizotomy, label, ox.Literal('<script>alert("x")</script>'), graph))
    page = Site(store).term_page(Site(store).catalog.terms[rhizotomy.value]).decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)" in page


def test_generating_twice_gives_the_same_bytes(files: dict[str, bytes]) -> None:
    entry = built().entry
    if entry is None:
        pytest.skip("the store cache could not be written")
    fresh = ox.Store()  # another load: other blank-node labels, other iteration order
    fresh.load(path=str(entry / "napo.nq"), format=ox.RdfFormat.N_QUADS)
    from napo.site.generate import mapping_rows

    again = site_files(fresh, void_of_a_release(), mapping_rows())
    assert again.keys() == files.keys()
    assert [n for n in files if files[n] != again[n]] == []


class _Questions(HTMLParser):
    """Each question section's SPARQL (its <pre>) and its editor link's paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sparql: dict[str, str] = {}
        self.editor: dict[str, dict[str, str | None]] = {}
        self._section = ""
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and "question" in (values.get("class") or ""):
            self._section = values["id"] or ""
        elif tag == "pre" and self._section:
            self._in_pre = True
            self.sparql[self._section] = ""
        elif tag == "p" and "editor" in (values.get("class") or "").split():
            self.editor[self._section] = values
        elif tag == "a" and values.get("id") == f"{self._section}-editor":
            self.editor[self._section] = {**self.editor[self._section], **values}

    def handle_endtag(self, tag: str) -> None:
        self._in_pre = self._in_pre and tag != "pre"

    def handle_data(self, data: str) -> None:
        if self._in_pre:
            self.sparql[self._section] += data


def test_every_question_shows_the_sparql_napo_query_sends(files: dict[str, bytes]) -> None:
    """The text shown is the question with its defaults bound in VALUES, escaped in the HTML
    and still valid SPARQL once read back; the editor link waits (hidden, no address) for a
    server to bind the form's values."""
    from napo.queries.query import bindings, list_questions, with_values

    page = _Questions()
    page.feed(files["questions.html"].decode("utf-8"))
    questions = list_questions()
    assert list(page.sparql) == [q.name for q in questions]
    for question in questions:
        expected = with_values(question.text, bindings(question, {}))
        assert page.sparql[question.name] == expected, question.name
        ox.Store().query(page.sparql[question.name])  # parses, after the HTML escaping
        editor = page.editor[question.name]
        assert "hidden" in editor and "href" not in editor, question.name
    assert "VALUES (?condition) { (<https://w3id.org/napo/" in page.sparql["condition_risks"]
    raw = files["questions.html"].decode("utf-8")
    assert "<https://w3id.org/napo/" not in raw  # every < of the SPARQL is escaped
