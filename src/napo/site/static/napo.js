// NAPO pages: progressive enhancement only. Every page reads without this script; it filters
// the index, and, when `napo serve` serves the site, runs the question and comparison forms in
// place and shows each question's SPARQL with the values set (the server binds each value as an
// RDF term: nothing typed here becomes query text).
"use strict";
const NAPO = "https://w3id.org/napo/";
const root = document.body.dataset.root || "";

function pageOf(iri) {
  // the site's page for a NAPO IRI (napo:X -> X.html, source/claim/reviewed -> the source page)
  if (!iri.startsWith(NAPO)) return null;
  const local = iri.slice(NAPO.length);
  const parts = local.split("/");
  if (parts.length === 1) return root + local + ".html";
  if (parts[0] === "source" && parts.length === 2) return root + "source/" + parts[1] + ".html";
  if ((parts[0] === "claim" || parts[0] === "reviewed") && parts.length === 2)
    return root + "source/" + parts[1].split("-")[0] + ".html#" + parts[1];
  if (parts[0] === "curated" && parts.length === 2)
    return root + parts[1].split("-")[0] + ".html#" + parts[1];
  return null;
}

function curie(iri) {
  if (iri.startsWith(NAPO)) {
    const local = iri.slice(NAPO.length);
    const slash = local.indexOf("/");
    return slash < 0 ? "napo:" + local : local.slice(0, slash) + ":" + local.slice(slash + 1);
  }
  return iri;
}

function el(name, text, attributes) {
  const node = document.createElement(name);
  if (text !== undefined && text !== null) node.textContent = text;
  Object.entries(attributes || {}).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
}

function termCell(cell, term) {
  if (!term) return;
  if (term.type === "uri") {
    const page = pageOf(term.value);
    cell.appendChild(page ? el("a", curie(term.value), {href: page}) : el("span", curie(term.value)));
  } else {
    cell.textContent = term.value;
  }
}

function table(columns, rows, fill) {
  const wrapper = el("div", null, {class: "scroll"});
  const t = el("table");
  const head = t.createTHead().insertRow();
  columns.forEach(c => head.appendChild(el("th", c, {scope: "col"})));
  const body = t.createTBody();
  rows.forEach((row, i) => { const tr = body.insertRow(); columns.forEach((c, j) => fill(tr.insertCell(), row, c, j, i)); });
  wrapper.appendChild(t);
  return wrapper;
}

function downloads(url) {
  const p = el("p", "Download: ");
  ["csv", "tsv", "json"].forEach((fmt, i) => {
    const u = new URL(url); u.searchParams.set("format", fmt);
    if (i) p.appendChild(document.createTextNode(" · "));
    p.appendChild(el("a", fmt.toUpperCase(), {href: u.toString(), download: ""}));
  });
  return p;
}

async function run(form) {
  const output = form.parentElement.querySelector(".results") || form.nextElementSibling;
  const params = new URLSearchParams(new FormData(form));
  params.set("format", "json");
  const url = new URL(form.getAttribute("action") + "?" + params.toString(), window.location.href);
  output.replaceChildren(el("p", "running …", {class: "count"}));
  let data;
  try {
    const response = await fetch(url, {headers: {Accept: "application/json"}});
    data = await response.json();
    if (!response.ok) throw new Error(data.error + (data.hint ? "\n" + data.hint : ""));
  } catch (error) {
    const message = window.location.protocol === "file:" ?
      "The live parts need the server: run `napo serve` and open this page from it." : String(error.message || error);
    output.replaceChildren(el("p", message, {class: "error", role: "alert"}));
    return;
  }
  const parts = [];
  if (form.dataset.kind === "compare") {
    parts.push(el("p", data.rows.length + " rows", {class: "count", "data-rows": data.rows.length}));
    parts.push(table(data.columns, data.rows, (cell, row, c, j, i) => {
      if (j === 1) {
        const page = pageOf(data.objects[i].replace(/^napo:/, NAPO));
        if (page) { cell.appendChild(el("a", row[j], {href: page})); return; }
      }
      cell.textContent = row[j]; cell.style.whiteSpace = "pre-line";
    }));
  } else {
    const rows = data.results.bindings;
    parts.push(el("p", rows.length + " rows", {class: "count", "data-rows": rows.length}));
    parts.push(table(data.head.vars, rows, (cell, row, c) => termCell(cell, row[c])));
  }
  parts.push(downloads(url));
  output.replaceChildren(...parts);
}

// The SPARQL each question shows, with the form's values bound by the server (the same
// /api/question parsing, format=sparql), and a link that opens it in the query editor of
// `napo serve` (Oxigraph's YASGUI at the server's root reads #query=…&endpoint=…). Opened from
// files or a static host there is no server to bind values or edit queries: the link stays hidden.
let served = false;  // true once the server has bound a question's values: it can edit queries

function serverRoot() {
  return new URL(root + "../", window.location.href);  // the site is mounted at /docs/
}

function editorLink(text) {
  const base = serverRoot();
  const endpoint = new URL("query", base).href;
  return base.href + "#" + new URLSearchParams({query: text, endpoint: endpoint}).toString();
}

async function boundQuery(form) {
  const params = new URLSearchParams(new FormData(form));
  params.set("format", "sparql");
  const url = new URL(form.getAttribute("action") + "?" + params.toString(), window.location.href);
  const response = await fetch(url, {headers: {Accept: "application/sparql-query, application/json"}});
  const body = await response.text();
  if (!response.ok) {
    let data;
    try { data = JSON.parse(body); } catch (error) { throw new Error("HTTP " + response.status); }
    throw new Error(data.error + (data.hint ? "\n" + data.hint : ""));
  }
  return body;
}

async function showQuery(section) {
  const text = await boundQuery(section.querySelector("form.live"));
  section.querySelector("pre").textContent = text;
  const link = section.querySelector(".editor a");
  link.href = editorLink(text);
  link.closest(".editor").hidden = false;
  served = true;
  return text;
}

function showError(section, error) {
  section.querySelector(".results").replaceChildren(
    el("p", String(error.message || error), {class: "error", role: "alert"}));
}

function wireQuestion(section) {
  const form = section.querySelector("form.live");
  form.addEventListener("change", () => {
    if (served) showQuery(section).catch(error => showError(section, error));
  });
  section.querySelector(".editor a").addEventListener("click", async event => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;  // a new tab: the href
    event.preventDefault();  // bind what is in the form now, then open the editor
    try {
      window.location.assign(editorLink(await showQuery(section)));
    } catch (error) {
      showError(section, error);
    }
  });
  if (window.location.protocol.startsWith("http")) showQuery(section).catch(() => {});
}

document.addEventListener("DOMContentLoaded", () => {
  const query = new URLSearchParams(window.location.search);
  const search = document.getElementById("site-search");
  if (search && query.get("q")) search.value = query.get("q");
  const filter = document.getElementById("filter");
  if (filter) {
    const items = Array.from(document.querySelectorAll("#index li"));
    const count = document.getElementById("count");
    const apply = () => {
      const words = filter.value.toLowerCase().trim();
      let shown = 0;
      items.forEach(li => { const hit = !words || li.dataset.text.includes(words); li.hidden = !hit; shown += hit; });
      count.textContent = shown + " of " + items.length;
    };
    filter.value = query.get("q") || "";
    filter.addEventListener("input", apply);
    apply();
  }
  const picked = query.getAll("procedure");
  document.querySelectorAll('input[name="procedure"]').forEach((input, i) => { if (picked[i]) input.value = picked[i]; });
  document.querySelectorAll("form.live").forEach(form => form.addEventListener("submit", event => {
    if (form.querySelector('select[name="format"]').value !== "json") return;  // a download
    event.preventDefault();
    run(form);
  }));
  document.querySelectorAll("section.question").forEach(wireQuestion);
  // ?run=name1,name2 (or ?run=all) runs those questions as the page opens: a shareable answer
  const toRun = (query.get("run") || "").split(",").filter(Boolean);
  document.querySelectorAll("section.question").forEach(section => {
    if (toRun.includes("all") || toRun.includes(section.id)) run(section.querySelector("form.live"));
  });
});
