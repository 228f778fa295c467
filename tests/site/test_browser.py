"""The site in a real browser (headless Chromium through selenium), served by `napo serve`'s
front server: the pages a clinician opens, the question page with a changed parameter (its row
count checked against `napo query … --format json`), a comparison of three procedures, the
keyboard and a phone's width."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # the driver fixture skips, or fails in CI, saying selenium is missing
    pass
from typer.testing import CliRunner

from napo.cli import app


def _wait(browser: object, seconds: float = 30) -> WebDriverWait:
    return WebDriverWait(browser, seconds)


def test_overview_to_rhizotomy_shows_its_definition_and_codes(browser: object, served: str) -> None:
    browser.get(f"{served}/docs/")
    assert "NAPO" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "table.artefacts tbody tr") or \
        "napo build" in browser.find_element(By.ID, "artefacts").find_element(By.XPATH, "..").text
    # through the class tree, as a reader would: open the procedure branch, follow the links
    browser.find_element(By.LINK_TEXT, "rhizotomy").click()
    _wait(browser).until(ready.title_contains("rhizotomy"))
    assert browser.current_url.endswith("/docs/Rhizotomy.html")
    definition = browser.find_element(By.CSS_SELECTOR, "p.definition").text
    assert definition.startswith("A neuroablative procedure that divides or destroys a spinal "
                                 "or cranial nerve root")
    codes = browser.find_element(By.CSS_SELECTOR, "table.codes").text
    assert "mesh:D019051" in codes and "skos:exactMatch" in codes
    logic = browser.find_element(By.ID, "logic").find_element(By.XPATH, "..").text
    assert "neuroablative procedure" in logic and "nerve root" in logic
    # the stable URL without .html answers with the same page
    browser.get(f"{served}/docs/Rhizotomy")
    assert browser.find_element(By.TAG_NAME, "h1").text == "rhizotomy"


def test_search_box_finds_a_synonym(browser: object, served: str) -> None:
    browser.get(f"{served}/docs/index.html")
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("radicotomy", Keys.ENTER)
    _wait(browser).until(ready.url_contains("search.html"))
    visible = browser.find_elements(By.CSS_SELECTOR, "#index li:not([hidden])")
    assert len(visible) == 1 and "exact synonym of rhizotomy" in visible[0].text
    assert browser.find_element(By.ID, "count").text.startswith("1 of ")
    visible[0].find_element(By.TAG_NAME, "a").click()
    _wait(browser).until(ready.title_contains("rhizotomy"))


def _cli_rows(name: str, *params: str) -> int:
    """The rows of `napo query NAME --param … --format json` (the real command, in-process)."""
    command = ["query", name, "--format", "json"]
    for param in params:
        command += ["--param", param]
    done = CliRunner().invoke(app, command)
    assert done.exit_code == 0, done.output
    return len(json.loads(done.stdout)["results"]["bindings"])


def test_a_question_with_a_changed_parameter_gives_the_cli_row_count(browser: object,
                                                                      served: str) -> None:
    browser.get(f"{served}/docs/questions.html#condition_risks")
    section = browser.find_element(By.ID, "condition_risks")
    field = section.find_element(By.NAME, "param.condition")
    field.clear()
    field.send_keys("cancer pain")  # a label, as the picker offers it
    section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    count = _wait(browser).until(lambda b: section.find_element(
        By.CSS_SELECTOR, ".results .count[data-rows]"))
    rows = int(count.get_attribute("data-rows"))
    assert rows == _cli_rows("condition_risks", "condition=napo:CancerPain") > 0
    table_rows = section.find_elements(By.CSS_SELECTOR, ".results tbody tr")
    assert len(table_rows) == rows
    # results link to the term pages
    links = section.find_elements(By.CSS_SELECTOR, ".results tbody a[href$='CancerPain.html']")
    assert links


def _editor_query(browser: object) -> str | None:
    """The text in YASGUI's query editor (a CodeMirror), once it is there."""
    return browser.execute_script(
        "const e = document.querySelector('.yasqe .CodeMirror');"
        "return e && e.CodeMirror ? e.CodeMirror.getValue() : null;")


def test_a_question_shows_its_sparql_and_opens_it_in_the_editor(browser: object,
                                                                  served: str) -> None:
    """From the old page's address to the question, its SPARQL with a changed parameter bound,
    and the server's SPARQL editor with exactly that query and this endpoint."""
    from napo.queries.query import bindings, find_question, with_values

    browser.get(f"{served}/questions#condition_risks")  # the old page's address: redirected
    assert browser.current_url == f"{served}/docs/questions.html#condition_risks"
    section = browser.find_element(By.ID, "condition_risks")
    link = section.find_element(By.ID, "condition_risks-editor")
    _wait(browser).until(lambda b: link.is_displayed())  # a server is there to bind values
    question = find_question("condition_risks")
    pre = section.find_element(By.CSS_SELECTOR, "details.sparql pre")
    assert not pre.is_displayed()  # folded until asked for
    section.find_element(By.CSS_SELECTOR, "details.sparql summary").click()
    assert pre.is_displayed()
    assert pre.get_attribute("textContent") == with_values(question.text,
                                                           bindings(question, {}))
    field = section.find_element(By.NAME, "param.condition")
    field.clear()
    field.send_keys("cancer painn", Keys.TAB)  # a typo: said at once, the query text kept
    alert = _wait(browser).until(lambda b: section.find_element(By.CSS_SELECTOR,
                                                               ".results [role=alert]"))
    assert "cancer painn" in alert.text and "did you mean: cancer pain" in alert.text
    assert pre.get_attribute("textContent") == with_values(question.text,
                                                           bindings(question, {}))
    field.clear()
    field.send_keys("cancer pain")  # a label: the server looks it up and binds the term
    expected = with_values(question.text, bindings(question, {"condition": "napo:CancerPain"}))
    section.find_element(By.CSS_SELECTOR, "details.sparql summary").click()  # leaves the box
    _wait(browser).until(lambda b: pre.get_attribute("textContent") == expected)
    href = urlsplit(link.get_attribute("href"))  # as the old page made it: root#query&endpoint
    assert f"{href.scheme}://{href.netloc}{href.path}" == f"{served}/"
    assert parse_qs(href.fragment) == {"query": [expected], "endpoint": [f"{served}/query"]}
    link.click()
    _wait(browser).until(lambda b: _editor_query(b) == expected)
    assert browser.current_url.startswith(f"{served}/#")
    endpoint = browser.execute_script(
        "return Array.from(document.querySelectorAll('.yasgui input'))"
        ".map(i => i.value).filter(v => v.endsWith('/query'));")
    assert endpoint == [f"{served}/query"]


def test_an_address_can_run_questions_as_the_page_opens(browser: object, served: str) -> None:
    names = ["condition_risks", "shared_conditions"]
    browser.get(f"{served}/questions?run={','.join(names)}")  # kept through the redirect
    assert browser.current_url == f"{served}/docs/questions.html?run={','.join(names)}"
    counts = _wait(browser).until(lambda b: len(b.find_elements(
        By.CSS_SELECTOR, ".results .count[data-rows]")) == 2 and b.find_elements(
        By.CSS_SELECTOR, ".results .count[data-rows]"))
    ran = {c.find_element(By.XPATH, "ancestor::section").get_attribute("id"):
           int(c.get_attribute("data-rows")) for c in counts}
    assert ran == {name: _cli_rows(name) for name in names}


def test_opened_from_files_the_sparql_is_shown_and_the_editor_link_is_not(
        browser: object, files: dict[str, bytes], tmp_path: Path) -> None:
    from napo.queries.query import bindings, find_question, with_values
    from napo.site.generate import write_site

    write_site(files, tmp_path / "site")
    browser.get((tmp_path / "site" / "questions.html").as_uri() + "#condition_risks")
    section = browser.find_element(By.ID, "condition_risks")
    section.find_element(By.CSS_SELECTOR, "details.sparql summary").click()
    question = find_question("condition_risks")
    pre = section.find_element(By.CSS_SELECTOR, "details.sparql pre")
    assert pre.is_displayed()
    assert pre.get_attribute("textContent") == with_values(question.text, bindings(question, {}))
    assert not section.find_element(By.ID, "condition_risks-editor").is_displayed()
    section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    alert = _wait(browser).until(lambda b: section.find_element(By.CSS_SELECTOR,
                                                               ".results [role=alert]"))
    assert "napo serve" in alert.text


def test_a_comparison_of_three_procedures(browser: object, served: str) -> None:
    browser.get(f"{served}/docs/compare.html")
    for index, name in enumerate(("percutaneous cervical cordotomy", "DREZotomy",
                                  "spinal cord stimulation"), start=1):
        browser.find_element(By.ID, f"procedure-{index}").send_keys(name)
    browser.find_element(By.CSS_SELECTOR, "form.live button[type=submit]").click()
    count = _wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR,
                                                          ".results .count[data-rows]"))
    assert int(count.get_attribute("data-rows")) > 10
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, ".results thead th")]
    assert headers == ["kind", "object", "shared", "percutaneous cervical cordotomy",
                       "dorsal root entry zone lesioning", "spinal cord stimulation"]
    text = browser.find_element(By.CSS_SELECTOR, ".results tbody").text
    assert "2 of 3" in text and "all" in text
    downloads = browser.find_elements(By.CSS_SELECTOR, ".results a[download]")
    assert [a.text for a in downloads] == ["CSV", "TSV", "JSON"]


def test_an_unknown_procedure_is_explained(browser: object, served: str) -> None:
    browser.get(f"{served}/docs/compare.html")
    browser.find_element(By.ID, "procedure-1").send_keys("cordotomy")
    browser.find_element(By.ID, "procedure-2").send_keys("tractotomyy")
    browser.find_element(By.CSS_SELECTOR, "form.live button[type=submit]").click()
    alert = _wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, ".results [role=alert]"))
    assert "tractotomyy" in alert.text and "did you mean" in alert.text


def test_keyboard_reaches_the_skip_link_and_the_search_box(browser: object, served: str) -> None:
    browser.get(f"{served}/docs/Rhizotomy.html")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip" and active.is_displayed()
    active.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"
    focusable = browser.execute_script(
        "return Array.from(document.querySelectorAll('a, input, button, select, summary'))"
        ".filter(e => e.tabIndex < 0 && e.id !== 'main').length")
    assert focusable == 0  # nothing interactive is taken out of the tab order


def test_a_phone_width_needs_no_sideways_scrolling(browser: object, served: str) -> None:
    browser.set_window_size(390, 844)
    for page in ("index.html", "Rhizotomy.html", "source/s001.html", "compare.html",
                 "questions.html"):
        browser.get(f"{served}/docs/{page}")
        browser.execute_script(  # the questions' SPARQL, unfolded
            "document.querySelectorAll('details.sparql').forEach(d => { d.open = true; });")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{page} is {overflow} px wider than the screen"


def test_pages_read_without_javascript(browser: object, served: str) -> None:
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(f"{served}/docs/Rhizotomy.html")
        assert browser.find_element(By.CSS_SELECTOR, "p.definition").is_displayed()
        assert "mesh:D019051" in browser.find_element(By.CSS_SELECTOR, "table.codes").text
        browser.get(f"{served}/docs/search.html?q=radicotomy")
        entries = browser.find_elements(By.CSS_SELECTOR, "#index li:not([hidden])")
        assert len(entries) > 500  # unfiltered: the whole index, for the browser's find
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
