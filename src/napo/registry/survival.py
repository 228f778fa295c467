"""Kaplan-Meier estimate of the median duration of relief, from one row per record.

SPARQL 1.1 has no portable date arithmetic and no running product, so the relief_median
question returns the per-record facts and this module does the arithmetic, the same for
every engine's rows. Time is days from the procedure; an event is the day the pain returned;
a record whose pain had not returned is censored at its last follow-up visit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from napo.queries.query import Results, Term

XSD = "http://www.w3.org/2001/XMLSchema#"


def median_days(times: list[tuple[int, bool]]) -> int | None:
    """The smallest time at which the Kaplan-Meier survival falls to 0.5 or below, or None
    when it never does (the median is not reached). times: (days, pain returned)."""
    at_risk, survival = len(times), 1.0
    for day in sorted({d for d, _ in times}):
        events = sum(1 for d, e in times if d == day and e)
        if events:
            survival *= 1 - events / at_risk
            if survival <= 0.5:
                return day
        at_risk -= sum(1 for d, _ in times if d == day)
    return None


def _date(term: Term | None) -> dt.date | None:
    return dt.date.fromisoformat(term[1]) if term and term[0] == "literal" else None


def kaplan_meier(results: Results) -> Results:
    """Per technique: responders, events, censored, median days and months (None if not
    reached), from the rows of relief_median.rq."""
    column = {name: i for i, name in enumerate(results.variables)}
    groups: dict[Term, list[tuple[int, bool]]] = defaultdict(list)
    others: dict[Term, int] = defaultdict(int)
    for row in results.rows:
        technique = row[column["techniques"]]
        if row[column["responded"]] is None or row[column["responded"]][1] in ("0", "0.0"):
            others[technique] += 1
            continue
        done = _date(row[column["performed"]])
        returned, last = _date(row[column["returned"]]), _date(row[column["lastSeen"]])
        if done is None or last is None:
            continue
        end = returned if returned is not None and returned <= last else last
        groups[technique].append(((end - done).days, end == returned))
    rows = []
    for technique in sorted(set(groups) | set(others)):
        times = groups.get(technique, [])
        median = median_days(times) if times else None
        events = sum(1 for _, e in times if e)
        rows.append((technique, _int(len(times)), _int(events), _int(len(times) - events),
                     _int(others[technique]), None if median is None else _int(median),
                     None if median is None else ("literal", f"{median / 30.44:.1f}",
                                                  XSD + "decimal")))
    return Results(["techniques", "responders", "events", "censored", "nonResponders",
                    "medianDays", "medianMonths"], rows)


def _int(value: int) -> Term:
    return ("literal", str(value), XSD + "integer")
