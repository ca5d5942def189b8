"""The dashboard in a real browser (issue 7): Playwright drives Debian's Chromium.

A server runs in a thread on 127.0.0.1 over a database seeded with the sample reports and the
hand-made records of :mod:`api_samples`. Without ``/usr/bin/chromium`` these tests skip locally
and fail under ``CI=true`` (``dev.py`` installs Chromium there).

Set ``SITREP_SCREENSHOT=docs/dashboard.png`` to refresh the README's screenshot.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import api_samples
import pytest
import uvicorn
from api_samples import CAMPAIGN, KANO, SCRIPT, TURBAT
from playwright.sync_api import Browser, Page, sync_playwright

from sitrep.api import create_app
from sitrep.config import ApiSettings
from sitrep.store import EventFilter, Store
from sitrep.store.queries import event_points

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LiveServer:
    """``sitrep serve``'s app under uvicorn in a thread, for as long as a ``with`` lasts."""

    def __init__(self, store: Store) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(store, ApiSettings()), host="127.0.0.1", port=self.port, log_level="error"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium (dev.py does it when CI=true)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — CI=true: browser tests may not be skipped")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'sitrep.db'}"
    with Store.open(url) as store:
        for record in api_samples.sample_records(examples_dir):
            store.save(record)
        yield store


@pytest.fixture(scope="module")
def server(seeded_store: Store) -> Iterator[LiveServer]:
    with LiveServer(seeded_store) as live:
        yield live


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A fresh tab; the test fails if the page asks anything of the network or raises."""
    context = browser.new_context(viewport={"width": 1400, "height": 850})
    tab = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    tab.on(
        "request",
        lambda request: None if request.url.startswith(server.url) else outside.append(request.url),
    )
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()
    assert outside == [], "the dashboard must not reach past its own server"
    assert errors == []
    assert dialogs == [], "a script from a report ran"


def _open_dashboard(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#map[data-outlines=true]")


def _markers(page: Page) -> int:
    return int(page.get_attribute("#map", "data-markers") or "-1")


def test_dashboard_draws_every_located_event(
    page: Page, server: LiveServer, seeded_store: Store, tmp_path: Path
) -> None:
    _open_dashboard(page, server)
    located = event_points(seeded_store, EventFilter())
    assert _markers(page) == len(located) > 5
    assert page.inner_text("#status") == f"{len(located)} events on the map"
    assert page.locator("#timeline svg rect").count() > 0
    assert page.locator("#event-list > li").count() > 5
    assert page.locator(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas").count() > 0
    target = Path(os.environ.get("SITREP_SCREENSHOT") or tmp_path / "dashboard.png")
    page.screenshot(path=str(target))
    assert target.read_bytes().startswith(b"\x89PNG")


def test_filtering_by_country_redraws_map_list_and_timeline(
    page: Page, server: LiveServer, seeded_store: Store
) -> None:
    _open_dashboard(page, server)
    everywhere = _markers(page)
    page.select_option("#filters [name=country]", "PK")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("body[data-ready=true]")
    pakistan = event_points(seeded_store, EventFilter(country="PK"))
    assert 0 < _markers(page) == len(pakistan) < everywhere
    listed = page.locator("#event-list li .muted").all_inner_texts()
    assert listed and all(text.split(" · ")[0].endswith("PK") for text in listed)


def test_event_page_shows_the_report_with_its_evidence_marked_and_escaped(
    page: Page, server: LiveServer
) -> None:
    _open_dashboard(page, server)
    page.click(f"#event-list li[data-event={KANO}] > a")
    page.wait_for_selector(f"#event-page[data-loaded={KANO}]")
    marks = page.locator("#event-page mark.evidence").all_inner_texts()
    assert any(SCRIPT in text and "villagers near Kano" in text for text in marks)
    assert page.locator("#event-page script").count() == 0
    assert "Gunmen kill two near Kano " + SCRIPT in page.inner_text("#event-page")
    assert page.locator("#event-page h3", has_text="Figure history").count() == 1


def test_a_campaign_page_lists_its_incidents(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/#event/{TURBAT}")
    page.wait_for_selector(f"#event-page[data-loaded={TURBAT}]")
    page.click("#event-page a.campaign")  # "Part of campaign <id>"
    page.wait_for_selector(f"#event-page[data-loaded={CAMPAIGN}]")
    assert page.locator("#event-page h3:has-text('Campaign: 2 incidents')").count() == 1
    assert page.locator("#event-page .incidents > li").count() == 2
    assert page.locator("#event-page mark.evidence").count() >= 3


def test_api_docs_render_offline(page: Page, server: LiveServer) -> None:
    page.goto(server.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".opblock-summary-path", has_text="/events").count() >= 2
