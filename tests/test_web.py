"""The dashboard in a real browser (Debian chromium through Playwright), with the network cut off.

The API runs in a thread on a free loopback port over a temporary store; every request that is not to
loopback is aborted and recorded, and any such request fails the test: the page must work offline.
Set EVENTWIRE_SCREENSHOT=path.png to keep a screenshot.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from eventwire.api import WEB_DIR

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def test_page_names_no_remote_asset() -> None:
    """Fast check, no browser: the page and its own code load nothing from another host."""
    for name in ("index.html", "app.js", "app.css"):
        text = (WEB_DIR / name).read_text()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), name
        assert "fetch(\"http" not in text and "url(http" not in text, name
    vendor = WEB_DIR / "vendor"
    for pkg in ("leaflet", "world-atlas", "topojson-client", "uplot", "cytoscape"):
        assert list((vendor / pkg).glob("LICENSE*")), f"{pkg} has no licence file"
    assert sum(f.stat().st_size for f in vendor.rglob("*") if f.is_file()) < 2_000_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn
    from test_api import make_store

    from eventwire.api import create_app

    store = make_store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        assert time.time() < deadline, "the API server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture()
def page(server: str):
    if not Path(CHROMIUM).exists():  # a failure, not a skip: CI must not pass without the browser test
        pytest.fail("Debian chromium is not installed: apt-get install chromium, or deselect with -m 'not browser'")
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1100})

        def guard(route) -> None:
            if urlparse(route.request.url).hostname in LOOPBACK or route.request.url.startswith("data:"):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        pg.route("**/*", guard)
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(server)
        pg.wait_for_function("Number(document.body.dataset.ready) >= 1", timeout=20_000)
        yield pg
        browser.close()
    assert blocked == [], f"the page tried to reach the network: {blocked}"
    assert errors == [], f"console errors: {errors}"


def _shows(pg, n_events: int) -> None:
    """Wait until the views were redrawn for the new filters (the count is set after every view is drawn)."""
    pg.wait_for_function(f"document.getElementById('n-events').textContent === '{n_events}'", timeout=10_000)


@pytest.mark.browser
def test_dashboard_draws_every_view_offline(page) -> None:
    from test_api import sample_documents

    docs = sample_documents()
    n_events = sum(len(d.events) for d in docs)
    assert page.locator("path.ew-country").count() > 100           # the offline basemap
    places = {e.place.name for d in docs for e in d.events}
    assert page.locator("path.ew-marker").count() == len(places)    # one marker per place with events
    assert page.locator("#timeline canvas").count() >= 1
    assert page.locator("#n-events").inner_text() == str(n_events)
    labels = set(page.evaluate("ew.cy.nodes().map(n => n.data('label'))"))
    assert {"Kenya Police Service", "March 23 Movement", "France", "Japan"} <= labels
    assert page.evaluate("ew.cy.edges().length") >= 3
    quotes = page.locator("#quotes li").all_inner_texts()
    assert any("chaos in our capital" in q for q in quotes)
    if os.environ.get("EVENTWIRE_SCREENSHOT"):
        page.screenshot(path=os.environ["EVENTWIRE_SCREENSHOT"], full_page=True)


@pytest.mark.browser
def test_clicking_an_event_shows_its_sentence(page) -> None:
    page.locator("#event-list li", has_text="Japan").click()
    assert page.locator("#evidence").inner_text() == "France met Japan in Tokyo to discuss trade."
    assert page.locator("#evidence mark").inner_text() == "met"
    # a map marker opens the same panel, and lists the place's events when it has several
    # (events come oldest first, so the first marker is Nairobi's, with two events)
    page.locator("path.ew-marker").first.click(force=True)
    assert page.locator("#evidence").inner_text() == "Kenyan police arrested twelve protesters in Nairobi."
    items = page.locator(".place-events li")
    assert items.count() == 2
    items.last.click()
    assert page.locator("#evidence").inner_text() == "Thousands of protesters marched through Nairobi."


@pytest.mark.browser
def test_filters_update_every_view(page) -> None:
    page.select_option("#f-type", "ASSAULT")
    _shows(page, 2)
    assert page.locator("path.ew-marker").count() == 1  # both at Goma
    assert page.locator("#event-list li").count() == 2
    assert set(page.evaluate("ew.cy.nodes().map(n => n.data('label'))")) == {
        "Armed Forces of the Democratic Republic of the Congo", "March 23 Movement"}

    page.select_option("#f-type", "")
    _shows(page, 5)
    page.select_option("#f-country", "KEN")
    _shows(page, 2)
    assert {t.split()[0] for t in page.locator("#event-list li").all_inner_texts()} == {"COERCE", "PROTEST"}

    page.select_option("#f-country", "")
    _shows(page, 5)
    page.fill("#f-since", "2024-06-05")
    page.locator("#f-since").dispatch_event("change")
    _shows(page, 1)
    assert page.locator("path.ew-marker").count() == 1
    assert page.locator("#event-list li").all_inner_texts()[0].startswith("CONSULT")
