"""Find the keywords of a SPARQL query that matter to `napo serve`: SERVICE (refused) and FROM.

Why a lexer and not a parser, and why it is sound:

* SERVICE is a reserved keyword of the SPARQL 1.1 grammar: outside string literals, IRIs,
  comments, variable names, the local part of prefixed names, blank-node labels and language
  tags, the letters `service` can only be that keyword. Oxigraph (spargebra) matches keywords
  case-insensitively in ASCII *without* a word boundary (`SERVICEsilent`, `SERVICEex:x` and
  `1.SERVICE` all federate: tested in tests/stores/test_endpoint.py), and it does not undo `\\u`
  escapes outside literals (`SERV\\u0049CE` is a syntax error). So a query is refused when
  `service` occurs anywhere in a bare word or in the prefix part of a prefixed name, in any
  reading of the text below; a prefix whose name contains "service" is refused too (rename it).
* The one place where SPARQL's tokens are ambiguous is `<`: an IRI (`<http://x>`) or the
  less-than operator (`?a<?b`). A lexer that took every `<...>` for an IRI could be fooled
  (`FILTER(?z<'>') SERVICE <u> {...} #'`: the quote after `<` really opens a string, so the
  comment really is code). The scanner therefore follows *both* readings (a breadth-first
  search over positions) whenever the other reading is possible: the token before `<` ends
  an operand, the would-be IRI holds a `'` or `#` (without them the two readings meet again
  right after `>`, and SERVICE needs a `{` which an IRI cannot hold), and what follows `<`
  can continue an expression (`<http://...` cannot: `//` is not an expression). Long strings,
  prefixed names, variables and comments have one reading (longest match, as in the grammar).
* Parsing with pyoxigraph instead is not safe: pyoxigraph evaluates as it parses (an ASK or
  an aggregate runs at once) and it performs SERVICE requests itself.
* `\\uXXXX` escapes are also undone and the result scanned again, in case an engine does
  undo them before parsing (SPARQL 1.1 §19.2 says it should).

A text no reading of which can be tokenised is refused as unanalysable.

It lives in napo.queries, below napo.stores: `napo query` refuses a federated .rq file with
it, and the front server of `napo serve` (napo.stores.handler) every request.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import cache

_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
         "\U00010000-\U000effff")
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_ESCAPE = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}|\\[tbnrf\"'\\]"

# (kind, pattern), tried in this order at each position; the first that matches wins.
_TOKENS = [
    ("space", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n\v\f\x85\u2028\u2029]*"),
    ("string", rf"'''(?:(?:'|'')?(?:[^'\\]|{_ESCAPE}))*'''"),
    ("string", rf'"""(?:(?:"|"")?(?:[^"\\]|{_ESCAPE}))*"""'),
    ("string", rf"'(?:[^'\\\n\r]|{_ESCAPE})*'"),
    ("string", rf'"(?:[^"\\\n\r]|{_ESCAPE})*"'),
    ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*>"),
    ("var", rf"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("bnode", rf"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?"),
    ("pname", rf"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    ("number", r"[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.?[0-9]*[eE][+-]?[0-9]+|[0-9]+"),
    ("word", r"\w+"),
    ("operator", r"&&|\|\||!=|<=|>=|\^\^|."),
]


@cache
def _lexer() -> re.Pattern[str]:
    """Compiled on first use (~30 ms): most commands never scan a query, and those that do
    mostly take uses_service's fast path."""
    return re.compile("|".join(f"(?P<t{i}>{pattern})" for i, (_, pattern) in enumerate(_TOKENS)),
                      re.DOTALL)


_OPERAND_ENDS = {"iri", "var", "string", "number", "langtag", "pname", "word", "bnode"}
_BINARY_ONLY = {"*", "/", "=", "!=", "<", ">", "<=", ">=", "&&", "||", "^^"}
_UNESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
MAX_STATES = 200_000  # a bound on the scan: 2 states per character at most in practice


@dataclass(frozen=True)
class Token:
    kind: str
    start: int
    end: int
    text: str


class Unanalysable(ValueError):
    """The text cannot be tokenised as SPARQL in any reading."""


def _token(text: str, position: int) -> Token | None:
    match = _lexer().match(text, position)
    if match is None or match.lastgroup is None:
        return None
    kind = _TOKENS[int(match.lastgroup[1:])][0]
    return Token(kind, match.start(), match.end(), match.group())


def _continues_expression(text: str, start: int, limit: int) -> bool:
    """False when the text after a `<` read as less-than cannot be an expression up to limit.

    Only sure failures count (two binary operators or two operands in a row before the
    expression's closing parenthesis): anything else keeps the operator reading alive.
    """
    expect_operand, depth, position = True, 0, start
    while position <= limit:
        token = _token(text, position)
        if token is None:
            return True
        position = token.end
        if token.kind in ("space", "comment"):
            continue
        if token.kind in ("var", "iri", "string", "number", "pname", "bnode"):
            if not expect_operand:
                return False
            expect_operand = False
        elif token.kind == "langtag":
            continue
        elif token.text in _BINARY_ONLY:
            if expect_operand:
                return False
            expect_operand = True
        elif token.text in ("+", "-", "!", ","):
            expect_operand = True
        elif token.text == "(":
            depth, expect_operand = depth + 1, True
        elif token.text == ")":
            if depth == 0:
                return True
            depth, expect_operand = depth - 1, False
        else:  # a keyword, a brace, a dot ...: no longer sure what this is
            return True
    return True


def tokens(text: str) -> list[Token]:
    """Every token of every reading of text (each once), in no particular order.

    Raises Unanalysable when no reading reaches the end of the text.
    """
    seen: set[tuple[int, bool]] = set()
    found: dict[tuple[str, int, int], Token] = {}
    queue: deque[tuple[int, bool]] = deque([(0, False)])
    finished = False
    while queue:
        state = queue.popleft()
        if state in seen:
            continue
        seen.add(state)
        if len(seen) > MAX_STATES:
            raise Unanalysable("the query is too long to analyse")
        position, after_operand = state
        if position >= len(text):
            finished = True
            continue
        token = _token(text, position)
        if token is None:  # e.g. an unterminated string: this reading is not SPARQL
            continue
        found[(token.kind, token.start, token.end)] = token
        operand = (token.kind in _OPERAND_ENDS or token.text in (")", "]")
                   or (token.kind in ("space", "comment") and after_operand))
        queue.append((token.end, operand))
        if (token.kind == "iri" and after_operand and ("'" in token.text or "#" in token.text)
                and _continues_expression(text, position + 1, token.end - 1)):
            less = Token("operator", position, position + 1, "<")
            found[("operator", position, position + 1)] = less
            queue.append((position + 1, False))
    if not finished:
        raise Unanalysable("no reading of the query can be tokenised as SPARQL")
    return list(found.values())


def _mentions(token: Token, word: str) -> bool:
    """True when token could be (or hide) the keyword `word`."""
    if token.kind in ("word", "langtag"):
        return word in token.text.casefold()
    if token.kind == "pname":
        return word in token.text.split(":", 1)[0].casefold()
    return False


def _scan(text: str, word: str) -> bool:
    readings = [text]
    unescaped = _UNESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16))
                              if int(m.group(1) or m.group(2), 16) <= 0x10FFFF else "", text)
    if unescaped != text:
        readings.append(unescaped)
    return any(_mentions(token, word) for reading in readings for token in tokens(reading))


def uses_service(query: str) -> bool:
    """True when some reading of query has a SERVICE clause (or is refused to be safe)."""
    if "service" not in query.casefold() and "\\u" not in query and "\\U" not in query:
        return False  # the fast path: no letters that could spell the keyword
    return _scan(query, "service")


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (FROM or FROM NAMED)."""
    if "from" not in query.casefold():
        return False
    return any(token.kind == "word" and token.text.casefold() == "from"
               for token in tokens(query))
