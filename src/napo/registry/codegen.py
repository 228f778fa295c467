"""The compiled shapes as Python source: one function per target, every constraint inlined.

napo.registry.shapes reads shapes/registry.ttl into Constraint objects (component and its
parameters); this module writes, per node-shape target, a function that walks each path once
and tests every constraint on it in straight-line code, appending (constraint index, value)
for each violation. Calling one small function per constraint and building a list per call
was two thirds of the validator's time, and the validator was the largest part of ingest.
Every parameter is passed in the function's namespace (never spliced into the source as
text), so the shapes file cannot inject code; the source is kept on the function for
debugging (`function.__source__`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from napo.registry.model import SH, Iri, Lit, Node
from napo.registry.sparql_checks import date_of

Compiled = Callable[[Node, dict, list, object], None]  # (node, nodes by IRI, out, vocabulary)

# component -> the test that makes one value x a violation ({0}: the constraint's parameter)
_VALUE_TESTS = {
    "Datatype": "not (isinstance(x, Lit) and x.datatype == {0} and x.value is not None)",
    "NodeKind": "not isinstance(x, Iri)",
    "MinInclusive": "(n := number(x)) is None or n < {0}",
    "MaxInclusive": "(n := number(x)) is None or n > {0}",
    "Pattern": "not {0}.search(text_of(x) or '')",
    "MinLength": "len(text_of(x) or '') < {0}",
    "MaxLength": "len(text_of(x) or '') > {0}",
    "In": "not (isinstance(x, Iri) and x in {0})",
    "Class": "not (isinstance(x, Iri) and x in r and any(is_a(t, {0}) for t in r[x].types))",
    "Node": "not (isinstance(x, Iri) and is_a(x, {0}))",
}
# component -> a test on the whole value list (one violation without a value)
_LIST_TESTS = {"MinCount": "len(vs) < {0}", "MaxCount": "len(vs) > {0}",
               "HasValue": "{0} not in vs"}


class Rule(Protocol):
    component: str
    params: tuple
    steps: tuple[tuple[str, bool], ...]


def _lines(rule: Rule, index: int, name: Callable[[object], str]) -> list[str]:
    kind = rule.component.removeprefix(SH).removesuffix("ConstraintComponent")
    args = [name(p) for p in rule.params]
    found = f"out.append(({index}, {{}}))"
    if kind in _LIST_TESTS:
        return [f"if {_LIST_TESTS[kind].format(*args)}: " + found.format("None")]
    if kind in _VALUE_TESTS:
        return ["for x in vs:", f"    if {_VALUE_TESTS[kind].format(*args)}: "
                + found.format("x")]
    if kind == "LessThan":  # every pair of value and other value must be two dates in order
        return ["for x in vs:", f"    for y in values.get({args[0]}, ()):",
                "        if (a := date_of(x)) is None or (b := date_of(y)) is None "
                "or not a < b: " + found.format("x")]
    if kind == "SPARQL":
        return [f"for x in {args[0]}(node, vs, r): " + found.format("x")]
    raise ValueError(f"no code for {rule.component} (napo/registry/codegen.py)")


def compile_target(groups: Sequence[tuple[tuple[tuple[str, bool], ...], Sequence[Rule]]],
                   first: int, helpers: dict[str, object]) -> Compiled:
    """One function for a target's constraint groups (constraints numbered from first on)."""
    namespace: dict[str, object] = {"Iri": Iri, "Lit": Lit, "date_of": date_of, **helpers}

    def name(value: object) -> str:
        key = f"k{len(namespace)}"
        namespace[key] = value
        return key

    body, index = ["values = node.values"], first
    for steps, rules in groups:
        if not steps:
            body.append("vs = ()")
        elif len(steps) == 1 and not steps[0][1]:
            body.append(f"vs = values.get({name(steps[0][0])}, ())")
        else:
            body.append(f"vs = values_at(node, {name(steps)}, vocab)")
        for rule in rules:
            body += _lines(rule, index, name)
            index += 1
    source = "def check(node, r, out, vocab):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, "<napo registry shapes>", "exec"), namespace)
    function = namespace["check"]
    function.__source__ = source  # type: ignore[attr-defined]
    return function  # type: ignore[return-value]
