"""Outcome questions: answers checked against values computed in Python from the CSV itself
(not by re-running SPARQL), and the same rows on pyoxigraph and rdflib."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from napo.queries.agreement import comparable
from napo.registry import outcomes
from napo.registry.ingest import ingest
from napo.registry.model import NAPO, POINTS
from napo.registry.synth import Generator
from tests.registry.conftest import write_csv

TECHNIQUES = (NAPO + "MedialBranchRadiofrequencyNeurotomy",
              NAPO + "PercutaneousRadiofrequencyTrigeminalRhizotomy")


@pytest.fixture(scope="module")
def registry(tmp_path_factory, vocab):
    folder = tmp_path_factory.mktemp("registry")
    rows = list(Generator(vocab, seed=11).rows(400))
    source = write_csv(folder / "registry.csv", rows)
    ingest(str(source), out=folder / "records.nt", vocab=vocab)
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, outcomes.dataset([folder / "records.nt"])


def answer(store, name: str, engine: str = "oxigraph") -> list[dict[str, str]]:
    results = outcomes.run(store, outcomes.find(name), {}, engine)
    return [{v: (t[1] if t else "") for v, t in zip(results.variables, row, strict=True)}
            for row in results.rows]


def r3(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def of(vocab, rows, technique):
    return [r for r in rows if vocab.is_a(NAPO + r["technique"], technique)]


def test_nrs_reduction_and_responders(registry, vocab) -> None:
    rows, store = registry
    got = {(a["techniques"], a["point"]): a for a in answer(store, "nrs_reduction")}
    assert got, "no rows: the fixture registry lacks the default techniques"
    for technique in TECHNIQUES:
        for point, individual in POINTS.items():
            scored = [(int(r["nrs_baseline"]), int(r[f"nrs_{point}"]))
                      for r in of(vocab, rows, technique) if r[f"nrs_{point}"]]
            if not scored:
                assert (technique, individual) not in got
                continue
            row = got[(technique, individual)]
            n = len(scored)
            moderate = sum(b - s >= 2 or (b > 0 and 100 * (b - s) >= 30 * b) for b, s in scored)
            substantial = sum(b > 0 and 100 * (b - s) >= 50 * b for b, s in scored)
            assert int(row["n"]) == n
            assert Decimal(row["meanReduction"]) == r3(sum(b - s for b, s in scored) / n)
            assert Decimal(row["moderateRate"]) == r3(moderate / n)
            assert Decimal(row["substantialRate"]) == r3(substantial / n)


def test_relief_at_followup_leaves_unseen_records_out(registry, vocab) -> None:
    rows, store = registry
    got = {(a["techniques"], a["point"]): a for a in answer(store, "relief_at_followup")}
    for technique in TECHNIQUES:
        for point, individual in POINTS.items():
            seen = [r for r in of(vocab, rows, technique) if r[f"date_{point}"]]
            if not seen:
                continue
            relieved = sum(not r["pain_returned_on"] or r["pain_returned_on"] > r[f"date_{point}"]
                           for r in seen)
            assert int(got[(technique, individual)]["seen"]) == len(seen)
            assert int(got[(technique, individual)]["stillRelieved"]) == relieved


def test_repeat_rate(registry, vocab) -> None:
    rows, store = registry
    repeated = {r["repeat_of"] for r in rows if r["repeat_of"]}
    assert repeated, "the fixture registry has no repeat procedure"
    got = {a["techniques"]: a for a in answer(store, "repeat_rate")}
    for technique in TECHNIQUES:
        mine = of(vocab, rows, technique)
        again = sum(r["record_id"] in repeated for r in mine)
        assert (int(got[technique]["n"]), int(got[technique]["repeated"])) == (len(mine), again)
        assert Decimal(got[technique]["repeatRate"]) == r3(again / len(mine))


@pytest.mark.parametrize("techniques", [TECHNIQUES, (NAPO + "RadiofrequencyNeuroablation",
                                                     NAPO + "Neurotomy", NAPO + "Rhizotomy")],
                         ids=["leaves", "parents"])
def test_complication_rates_by_group_and_severity(registry, vocab, techniques) -> None:
    """Records per group and severity, n per technique (counting every narrower technique's
    records once) and the rate, against the CSV."""
    rows, store = registry
    complication = NAPO + "Complication"
    groups = {g for g, ups in vocab.parents.items() if complication in ups and not any(
        complication in vocab.parents.get(m, ()) for m in ups)}
    expected: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for technique in techniques:
        for r in of(vocab, rows, technique):
            for entry in filter(None, r["complications"].split(";")):
                name, severity, _ = entry.split("|")
                for group in groups:
                    if vocab.is_a(NAPO + name, group):
                        expected[(technique, group, severity)].add(r["record_id"])
    given = {"techniques": ",".join("napo:" + t.removeprefix(NAPO) for t in techniques)}
    results = outcomes.run(store, outcomes.find("complication_rates"), given)
    answers = [{v: (t[1] if t else "") for v, t in zip(results.variables, row, strict=True)}
               for row in results.rows]
    got = {(a["techniques"], a["group"], a["severity"]): int(a["records"]) for a in answers}
    severity = {"mild": "MildSeverity", "moderate": "ModerateSeverity",
                "severe": "SevereSeverity"}
    assert got == {(t, g, NAPO + severity[s]): len(ids) for (t, g, s), ids in expected.items()}
    assert got, "the fixture registry has no complication"
    for a in answers:
        n = len(of(vocab, rows, a["techniques"]))
        assert int(a["n"]) == n
        assert Decimal(a["rate"]) == r3(int(a["records"]) / n)


@pytest.fixture(scope="module")
def small(tmp_path_factory, vocab):
    """A smaller registry for rdflib, whose engine joins in text order (seconds per query)."""
    folder = tmp_path_factory.mktemp("small")
    source = write_csv(folder / "registry.csv", list(Generator(vocab, seed=12).rows(150)))
    ingest(str(source), out=folder / "records.nt", vocab=vocab)
    store = outcomes.dataset([folder / "records.nt"])
    return store, outcomes.rdflib_graph(store)


@pytest.mark.parametrize("name", [q.name for q in outcomes.list_questions()])
def test_engines_agree(small, name: str) -> None:
    store, graph = small
    question = outcomes.find(name)
    oxigraph = outcomes.run(store, question, {}, "oxigraph")
    assert oxigraph.rows, f"{name} answers nothing on the fixture registry"
    assert comparable(outcomes.run(store, question, {}, "rdflib", graph)) == comparable(oxigraph)


def test_every_question_file_parses() -> None:
    assert len(list(Path(outcomes.questions_dir()).glob("*.rq"))) == len(
        outcomes.list_questions()) >= 7


def _km_median(times: list[tuple[int, bool]]) -> int | None:
    """Kaplan-Meier median written out afresh: at risk at t = records with time >= t."""
    survival = 1.0
    for t in sorted({d for d, event in times if event}):
        deaths = sum(1 for d, event in times if d == t and event)
        survival *= 1 - deaths / sum(1 for d, _ in times if d >= t)
        if survival <= 0.5:
            return t
    return None


def test_relief_median_kaplan_meier(registry, vocab) -> None:
    import datetime as dt

    rows, store = registry
    got = {a["techniques"]: a for a in answer(store, "relief_median")}
    for technique in TECHNIQUES:
        times, non = [], 0
        for r in of(vocab, rows, technique):
            b = int(r["nrs_baseline"])
            # every visit: its score and its date (the shapes require both on a follow-up)
            scores = [int(r[f"nrs_{p}"]) for p in POINTS if r[f"nrs_{p}"]]
            dates = [r[f"date_{p}"] for p in POINTS if r[f"date_{p}"]]
            assert len(scores) == len(dates)
            if not dates:
                continue
            if not any(b - s >= 2 or (b > 0 and 100 * (b - s) >= 30 * b) for s in scores):
                non += 1
                continue
            done, last = dt.date.fromisoformat(r["performed_on"]), max(dates)
            back = r["pain_returned_on"]
            event = bool(back) and back <= last
            times.append(((dt.date.fromisoformat(back if event else last) - done).days, event))
        row = got[technique]
        assert (int(row["responders"]), int(row["nonResponders"])) == (len(times), non)
        assert int(row["events"]) == sum(1 for _, e in times if e)
        median = _km_median(times)
        assert row["medianDays"] == ("" if median is None else str(median))
    assert any(got[t]["medianDays"] for t in TECHNIQUES), "no median reached: test is vacuous"
