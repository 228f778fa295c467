"""The live routes `napo serve` mounts for the pages: the same answers as the CLI, values bound
as terms (never spliced into query text), and the static files served safely by the front
server."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
import requests
from typer.testing import CliRunner

from napo.cli import app
from napo.site.api import Api
from napo.stores.cache import built


@pytest.fixture(scope="module")
def api() -> Api:
    return Api(built)


def _cli(*args: str) -> str:
    done = CliRunner().invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done.stdout


def test_a_question_answers_as_napo_query(api: Api) -> None:
    answer = api.question({"name": ["compare_procedures"],
                           "param.procedures": ["rhizotomy", "napo:Cordotomy", "DREZotomy", ""],
                           "param.layer": ["napo:ClaimsLayer"]})
    assert answer.status == 200 and answer.content_type == "application/json"
    cli = _cli("query", "compare_procedures", "--format", "json", "--param",
               "procedures=napo:Rhizotomy,napo:Cordotomy,napo:DorsalRootEntryZoneLesioning",
               "--param", "layer=napo:ClaimsLayer")
    assert json.loads(answer.body) == json.loads(cli)


def test_a_comparison_answers_as_napo_compare(api: Api) -> None:
    answer = api.compare({"procedure": ["cordotomy", "DREZotomy", "spinal cord stimulation"],
                          "layer": ["all"]})
    data = json.loads(answer.body)
    cli = json.loads(_cli("compare", "cordotomy", "DREZotomy", "spinal cord stimulation",
                          "--layer", "all", "--format", "json"))
    assert [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]] == cli
    assert len(data["objects"]) == len(data["rows"])


@pytest.mark.parametrize(("form", "wanted"), [
    ({"name": ["condition_risks"], "param.condition": ["napo:X> } ; DROP ALL ; #"]},
     "is not a NAPO term"),  # text with spaces is a label to look up, never query text
    ({"name": ["condition_risks"], "param.condition": ['"a" } UNION { ?s ?p ?o }']},
     "is not a single RDF term"),
    ({"name": ["condition_risks"], "param.condition": ["<javascript:alert(1)> <x>"]},
     "not"),
    ({"name": ["condition_risks"], "param.condition": ["napo:NoSuchTerm"]}, "names no term"),
    ({"name": ["condition_risks"], "param.conditionn": ["napo:Pain"]}, "no parameter"),
    ({"name": ["no_such_question"]}, "no competency question"),
    ({"name": ["condition_risks"], "format": ["xml"]}, "unknown format"),
])
def test_bad_values_are_refused_with_the_reason(api: Api, form: dict, wanted: str) -> None:
    answer = api.question(form)
    assert answer.status == 400
    assert wanted in json.loads(answer.body)["error"]
    if wanted != "names no term" and "format" not in form:  # the query text is refused alike
        shown = api.question({**form, "format": ["sparql"]})
        assert shown.status == 400 and wanted in json.loads(shown.body)["error"]


def test_the_query_text_binds_what_the_form_says(api: Api) -> None:
    """format=sparql: the question's text with the form's values bound as escaped terms (a
    label looked up), what the page shows and the editor link carries; nothing is run."""
    from napo.queries.query import bindings, find_question, with_values

    answer = api.question({"name": ["compare_procedures"], "format": ["sparql"],
                           "param.procedures": ["rhizotomy", "napo:Cordotomy", ""],
                           "param.layer": ["napo:ClaimsLayer"]})
    assert answer.status == 200, answer.body
    assert answer.content_type.startswith("application/sparql-query")
    assert answer.filename == "compare_procedures.rq"
    question = find_question("compare_procedures")
    values = bindings(question, {"procedures": "napo:Rhizotomy,napo:Cordotomy",
                                 "layer": "napo:ClaimsLayer"})
    assert answer.body.decode() == with_values(question.text, values)
    napo = "https://w3id.org/napo/"
    literal = api.question({"name": ["condition_risks"], "format": ["sparql"],
                            "param.condition": ["cancer pain"]}).body.decode()
    assert f"<{napo}CancerPain>" in literal and "cancer pain" not in literal


def test_comparisons_need_two_known_procedures(api: Api) -> None:
    one = json.loads(api.compare({"procedure": ["cordotomy", "chordotomy"]}).body)
    assert "two or more different procedures" in one["error"]
    typo = json.loads(api.compare({"procedure": ["cordotomy", "tractotomyy"]}).body)
    assert "tractotomyy" in typo["error"] and "tractotomy" in typo["hint"]


def test_downloads_and_pages_through_the_front_server(served: str) -> None:
    csv = requests.get(f"{served}/api/question", timeout=30,
                       params={"name": "condition_risks", "format": "csv"})
    assert csv.ok and csv.headers["Content-Type"].startswith("text/csv")
    assert csv.headers["Content-Disposition"] == 'attachment; filename="condition_risks.csv"'
    assert csv.text.startswith("condition,procedureLabel,")
    page = requests.get(f"{served}/docs/source/s001", timeout=10)
    assert page.ok and "<h1>Rhizotomy</h1>" in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert requests.get(f"{served}/docs", timeout=10, allow_redirects=False).status_code == 301
    moved = requests.get(f"{served}/questions?run=condition_risks", timeout=10,
                         allow_redirects=False)  # the old question page's address
    assert moved.status_code == 301
    assert moved.headers["Location"] == "/docs/questions.html?run=condition_risks"
    for outside in ("/docs/../README.md", "/docs/%2e%2e/README.md", "/docs/..%2fpyproject.toml",
                    "/docs//etc/passwd", "/docs/%ff"):
        status = requests.get(served + outside, timeout=10).status_code
        assert status in (400, 404), outside
    # the endpoint is still the endpoint, on the same origin
    rows = requests.get(f"{served}/query", timeout=30, headers={"Accept": "text/csv"},
                        params={"query": "ASK { ?s ?p ?o }"})
    assert rows.ok


class _Forms(HTMLParser):
    """Each question form's fields as the browser would send them untouched."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif tag == "input" and self.forms:
            self.forms[-1].setdefault(values["name"], []).append(values.get("value") or "")
        elif tag == "select" and self.forms:
            self._select = values["name"]
        elif tag == "option" and self._select and "selected" in values:
            self.forms[-1].setdefault(self._select, []).append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def test_every_question_form_as_shown_answers_with_the_defaults(api: Api,
                                                                files: dict[str, bytes]) -> None:
    """The pickers show labels; sent back, they give the default answer of every question."""
    from napo.queries.query import bindings, find_question, run_oxigraph, with_values
    from napo.stores.store import DEFAULT_DATASET

    parser = _Forms()
    parser.feed(files["questions.html"].decode("utf-8"))
    forms = [form for form in parser.forms if "name" in form]
    assert len(forms) == len(api.questions)
    for form in forms:
        question = find_question(form["name"][0])
        answer = api.question({**form, "format": ["json"]})
        assert answer.status == 200, (question.name, answer.body)
        expected = run_oxigraph(built().store, question, bindings(question, {}), DEFAULT_DATASET)
        assert len(json.loads(answer.body)["results"]["bindings"]) == len(expected.rows), \
            question.name
        shown = api.question({**form, "format": ["sparql"]})  # the labels, looked up again
        assert shown.body.decode() == with_values(question.text, bindings(question, {})), \
            question.name
