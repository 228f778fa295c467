"""Fixtures for the web pages: the site generated from the built store, `napo serve`'s front
server with the site and its live routes, and a real headless Chromium driven by selenium.

The browser is Debian's `chromium` with its `chromium-driver` (.ci/run installs both): without
them the browser tests skip with the reason, except under NAPO_REQUIRE_SERVERS=1 (CI), where
they fail. A failed browser test leaves a screenshot and the page's HTML in test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from napo.core.resources import project_root
from napo.site.generate import Site, mapping_rows
from napo.stores.cache import built

from ..conftest import require

ARTIFACTS = Path(os.environ.get("NAPO_TEST_ARTIFACTS", project_root() / "test-artifacts"))


def void_of_a_release() -> bytes | None:
    """The VoID/DCAT description of the checkout's last build, if there is one."""
    path = project_root() / "dist" / "napo-void.ttl"
    return path.read_bytes() if path.is_file() else None


@pytest.fixture(scope="session")
def site() -> Site:
    return Site(built().store, void_of_a_release(), mapping_rows())


@pytest.fixture(scope="session")
def files(site: Site) -> dict[str, bytes]:
    return site.pages()


@pytest.fixture(scope="session")
def served(files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a front server with the site under /docs/ and the live routes."""
    from napo.site.api import Api
    from napo.stores.endpoint import Endpoint
    from napo.stores.servers import oxigraph_available
    from napo.stores.store import ensure_store

    require(oxigraph_available())
    location = tmp_path_factory.mktemp("site-served") / "store"
    ensure_store(location)
    with Endpoint(location, port=0, timeout=30, files=files,
                  routes=Api(built).routes()).start() as running:
        yield running.base_url


def browser_unavailable() -> str | None:
    """None if selenium, chromium and chromedriver are here, else why not."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    for program, package in (("chromium", "chromium"), ("chromedriver", "chromium-driver")):
        if shutil.which(program) is None:
            return f"{program} not found: apt-get install {package}"
    return None


@pytest.fixture(scope="session")
def driver() -> Iterator[object]:
    require(browser_unavailable())
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--disable-extensions", "--no-first-run"):
        options.add_argument(argument)
    # the system driver, named explicitly: selenium must not try to download one
    service = Service(executable_path=shutil.which("chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep each phase's report on the test, so a fixture can tell that the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def browser(driver: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """The shared browser; a screenshot and the page's HTML are saved if the test fails."""
    driver.set_window_size(1280, 900)
    yield driver
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_")
        driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
        (ARTIFACTS / f"{name}.html").write_text(driver.page_source, encoding="utf-8")
