"""A static HTML page with every competency question ready to run against a SPARQL endpoint.

One self-contained file (no scripts from elsewhere, so it works offline): each question shows
its text and parameters, runs in place through the SPARQL 1.1 Protocol (fetch, JSON results,
the page's endpoint box) and links to the server's own query editor with the query loaded.
The page sends the same inline-VALUES text that `napo query --endpoint` sends. `napo serve`
serves it at /questions, from the endpoint's own origin, so it needs no CORS.
"""

from __future__ import annotations

import html
import json
from string import Template
from urllib.parse import urlencode

from napo.knowledge.layers import LAYER_GRAPHS
from napo.queries.query import CompetencyQuestion, bindings, with_values

DEFAULT_ENDPOINT = "http://127.0.0.1:7878/query"

_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>NAPO competency questions</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; }
section { border-top: 1px solid #ccc; padding: 0.5rem 0 1rem; }
pre { background: #f6f6f6; padding: 0.5rem; overflow-x: auto; font-size: 0.8rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin-top: 0.5rem; }
td, th { border: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
.status { margin-left: 1rem; color: #555; } .error { color: #a00; }
</style>
</head>
<body>
<h1>NAPO competency questions</h1>
<p>Each question runs against the SPARQL endpoint below, with the five NAPO layer graphs as its
default graph (the <code>default-graph-uri</code> parameters of the SPARQL 1.1 Protocol).
Parameters are filled in with their defaults; change them on the command line with
<code>napo query NAME --param name=value</code>. Add <code>?run=NAME</code> (or
<code>?run=all</code>) to this page's address to run questions as it opens.</p>
<p><label>Endpoint <input id="endpoint" size="50" value="$endpoint"></label></p>
$sections
<script>
const DEFAULT_GRAPHS = $graphs;
const params = new URLSearchParams(window.location.search);
if (params.get("endpoint")) document.getElementById("endpoint").value = params.get("endpoint");

function cell(term) {
  if (!term) return "";
  return term.type === "uri" ? term.value.replace("https://w3id.org/napo/", "napo:") : term.value;
}

async function run(name) {
  const section = document.getElementById(name);
  const status = section.querySelector(".status");
  const output = section.querySelector(".results");
  const body = new URLSearchParams({query: section.querySelector("pre").textContent});
  DEFAULT_GRAPHS.forEach(graph => body.append("default-graph-uri", graph));
  status.textContent = "running ..."; status.className = "status"; output.innerHTML = "";
  try {
    const response = await fetch(document.getElementById("endpoint").value, {method: "POST",
      body, headers: {"Accept": "application/sparql-results+json"}});
    if (!response.ok) throw new Error("HTTP " + response.status + ": " + await response.text());
    const data = await response.json();
    const table = document.createElement("table");
    const head = table.insertRow();
    data.head.vars.forEach(v => { const th = document.createElement("th"); th.textContent = v;
                                  head.appendChild(th); });
    data.results.bindings.forEach(binding => { const row = table.insertRow();
      data.head.vars.forEach(v => { row.insertCell().textContent = cell(binding[v]); }); });
    output.appendChild(table);
    status.textContent = data.results.bindings.length + " rows";
  } catch (error) {
    status.textContent = String(error); status.className = "status error";
  }
}
// ?run=name1,name2 (or ?run=all) runs those questions when the page opens: a shareable answer.
const toRun = (params.get("run") || "").split(",").filter(Boolean);
document.querySelectorAll("section").forEach(section => {
  if (toRun.includes("all") || toRun.includes(section.id)) run(section.id);
});
</script>
</body>
</html>
""")

_SECTION = Template("""<section id="$name">
<h2>$title</h2>
<p>$question</p>
<p>$params</p>
<pre>$text</pre>
<button onclick="run('$name')">Run</button>
<a href="$editor">open in the server's query editor</a>
<span class="status"></span>
<div class="results"></div>
</section>""")


def editor_link(endpoint: str, text: str) -> str:
    """A link that opens the server's YASGUI editor (Oxigraph's start page) with text loaded."""
    base = endpoint.rsplit("/", 1)[0] + "/"
    return base + "#" + urlencode({"query": text, "endpoint": endpoint})


def render(questions: list[CompetencyQuestion], endpoint: str = DEFAULT_ENDPOINT) -> str:
    sections = []
    for question in questions:
        text = with_values(question.text, bindings(question, {}))
        params = ", ".join(f"{name} = {default} ({question.param_notes.get(name, '')})"
                           for name, default in question.params.items())
        sections.append(_SECTION.substitute(
            name=html.escape(question.name), title=html.escape(question.title),
            question=html.escape(question.question),
            params=html.escape("Parameters: " + params) if params else "",
            text=html.escape(text), editor=html.escape(editor_link(endpoint, text))))
    return _PAGE.substitute(endpoint=html.escape(endpoint), sections="\n".join(sections),
                            graphs=json.dumps([str(g) for g in LAYER_GRAPHS.values()]))
