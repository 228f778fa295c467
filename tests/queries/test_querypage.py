"""The competency-question page that `napo serve` writes: every question, exactly as sent."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from napo.queries.query import bindings, list_questions, with_values
from napo.queries.querypage import render


class _Sections(HTMLParser):
    """Collects each section's id, its <pre> text and its editor link."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, dict[str, str]] = {}
        self._current = ""
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            self._current = values["id"] or ""
            self.sections[self._current] = {"pre": "", "link": ""}
        elif tag == "pre":
            self._in_pre = True
        elif tag == "a" and self._current:
            self.sections[self._current]["link"] = values["href"] or ""

    def handle_endtag(self, tag: str) -> None:
        self._in_pre = self._in_pre and tag != "pre"

    def handle_data(self, data: str) -> None:
        if self._in_pre:
            self.sections[self._current]["pre"] += data


def test_every_question_is_on_the_page_as_the_cli_sends_it() -> None:
    endpoint = "http://127.0.0.1:7878/query"
    parser = _Sections()
    parser.feed(render(list_questions(), endpoint))
    questions = list_questions()
    assert list(parser.sections) == [q.name for q in questions]
    for question in questions:
        expected = with_values(question.text, bindings(question, {}))
        section = parser.sections[question.name]
        assert section["pre"] == expected, question.name
        ox.Store().query(section["pre"])  # still valid SPARQL after escaping
        link = urlsplit(section["link"])
        assert f"{link.scheme}://{link.netloc}{link.path}" == "http://127.0.0.1:7878/"
        fragment = parse_qs(link.fragment)
        assert fragment["query"] == [expected] and fragment["endpoint"] == [endpoint]
