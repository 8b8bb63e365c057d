"""Passing a JS challenge in headless Debian Chromium: load the page once, keep its cookies."""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from crawler.waf import detect_challenge

logger = logging.getLogger(__name__)

INSTALL = "apt-get install chromium chromium-driver"
POLL_SECONDS = 0.25
SETTLED_SECONDS = 3.0


class BrowserFailure(Exception):
    """The browser could not pass the challenge; the message says why in one line."""


class BrowserMissing(BrowserFailure):
    """No Chromium or no chromedriver where the settings say."""


@dataclass(frozen=True)
class BrowserSetup:
    """Where Chromium and its driver are, what it says it is, how long it may take, and the
    replica it reaches instead of the real site when one is configured."""

    chromium: str
    chromedriver: str
    user_agent: str
    timeout: float
    replica: str | None = None

    def check(self) -> None:
        missing = [path for path in (self.chromium, self.chromedriver) if not _runnable(path)]
        if missing:
            raise BrowserMissing(f"no browser at {', '.join(missing)}: {INSTALL}")


def host_resolver_rules(host: str, replica: str | None) -> str:
    """The browser's URL guard: Chromium resolves the source's own host and nothing else.

    Every other name fails to resolve, so no script, frame, redirect or asset of a crawled page
    can make the browser reach another host. Under a replica the host resolves to the replica's
    address, so the browser sends the real `Host` as the crawl does.
    """
    if replica:
        target = urlsplit(replica)
        return f"MAP {host} {target.hostname}:{target.port or 80}, MAP * ~NOTFOUND"
    return f"MAP * ~NOTFOUND, EXCLUDE {host}"


def browser_url(url: str, replica: str | None) -> str:
    """The URL the browser loads: the real one, or under a replica the same one in the
    replica's scheme (the replica speaks plain HTTP)."""
    if not replica:
        return url
    return urlunsplit(urlsplit(url)._replace(scheme=urlsplit(replica).scheme))


def solve(url: str, setup: BrowserSetup) -> list[dict[str, str]]:
    """Load `url` in headless Chromium until it shows the page instead of a challenge; the
    cookies (name, value) the browser then holds for the host."""
    setup.check()
    host = urlsplit(url).hostname or ""
    options = webdriver.ChromeOptions()
    options.binary_location = setup.chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-features=HttpsUpgrades",
        "--blink-settings=imagesEnabled=false",
        f"--user-agent={setup.user_agent}",
        f"--host-resolver-rules={host_resolver_rules(host, setup.replica)}",
    ):
        options.add_argument(argument)
    started = time.monotonic()
    try:
        driver = webdriver.Chrome(
            options=options, service=Service(executable_path=setup.chromedriver)
        )
    except WebDriverException as error:
        raise BrowserFailure(f"Chromium did not start: {_first_line(error)}") from error
    try:
        driver.set_page_load_timeout(setup.timeout)
        driver.get(browser_url(url, setup.replica))
        _wait_for_page(driver, started + setup.timeout)
        cookies = [{"name": c["name"], "value": c["value"]} for c in driver.get_cookies()]
    except WebDriverException as error:
        raise BrowserFailure(f"the browser failed on {url}: {_first_line(error)}") from error
    finally:
        driver.quit()
    logger.info(
        "the browser passed the challenge of %s in %.1f s", host, time.monotonic() - started
    )
    return cookies


def _wait_for_page(driver: WebDriver, deadline: float) -> None:
    """Until the page is no challenge; a challenge that stays the same document once loaded
    (its script never reloads it) or outlasts the deadline is not passed."""
    seen, since = "", time.monotonic()
    while True:
        source = driver.page_source
        if detect_challenge(200, source.encode()) is None:
            return
        now = time.monotonic()
        if source != seen:
            seen, since = source, now
        loaded = driver.execute_script("return document.readyState") == "complete"
        if loaded and now - since >= SETTLED_SECONDS:
            raise BrowserFailure("the challenge page did not reload itself into the page")
        if now >= deadline:
            raise BrowserFailure("still a challenge when the browser's time was up")
        time.sleep(POLL_SECONDS)


def _runnable(path: str) -> bool:
    return bool(path) and shutil.which(path) is not None


def _first_line(error: Exception) -> str:
    text = getattr(error, "msg", None) or str(error)
    return (text.strip().splitlines() or [type(error).__name__])[0]
