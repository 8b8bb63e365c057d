"""Headless Chromium on the web view: search in Chinese, open a policy, open its diff, and read
what is on the screen; a hostile stored page runs nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from storage import open_store
from tests.support.web import EVIL_TITLE, Archive, fill_archive, serving, write_feeds

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
MISSING = "Debian's chromium and chromium-driver are not installed (`make browser` installs them)"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Archive]]:
    folder = tmp_path_factory.mktemp("browser")
    store = open_store(f"sqlite:///{folder / 'browser.db'}")
    archive = fill_archive(store)
    with serving(store, folder / "feeds") as url:
        write_feeds(store, folder / "feeds", base_url=url)
        yield url, archive
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{MISSING}; CI must run the browser test")
        pytest.skip(MISSING)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"]:
        options.add_argument(argument)
    options.add_argument("--window-size=412,915")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_search_open_a_policy_and_its_diff(browser: WebDriver, site: tuple[str, Archive]) -> None:
    url, archive = site
    browser.get(url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "政策检索 (search the archive)"
    box = browser.find_element(By.NAME, "q")
    box.send_keys("体外诊断")
    box.submit()
    hits = browser.find_elements(By.CSS_SELECTOR, "ol.hits > li")
    assert [hit.find_element(By.TAG_NAME, "a").text for hit in hits] == [
        "关于印发《高端医疗器械创新发展行动方案》的通知"
    ]
    assert "国科发资〔2026〕12号" in hits[0].text
    hits[0].find_element(By.TAG_NAME, "a").click()

    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "国科发资〔2026〕12号" in facts and "科学技术部 规范性文件" in facts
    assert "和体外诊断试剂创新发展" in browser.find_element(By.CSS_SELECTOR, "div.body").text
    browser.find_element(By.LINK_TEXT, "v1 → v2").click()

    assert browser.find_element(By.CSS_SELECTOR, "div.diff ins").text == "和体外诊断试剂"
    assert "修订 (revision)：v1" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.PARTIAL_LINK_TEXT, "政策页面").click()
    assert browser.current_url.endswith(f"/document/{archive.plan}")


def test_a_feed_entry_opens_its_policy_page(browser: WebDriver, site: tuple[str, Archive]) -> None:
    url, archive = site
    browser.get(f"{url}policy/{archive.plan_key}")
    assert browser.current_url == f"{url}document/{archive.plan}"
    assert browser.title.startswith("关于印发《高端医疗器械创新发展行动方案》的通知")


def test_a_hostile_page_runs_nothing(browser: WebDriver, site: tuple[str, Archive]) -> None:
    url, archive = site
    for path in [f"document/{archive.evil}", "?q=%E6%AD%A3%E6%96%87"]:
        browser.get(url + path)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert browser.title != "pwned"
    browser.get(f"{url}document/{archive.evil}")
    assert browser.find_element(By.TAG_NAME, "h1").text == EVIL_TITLE
    assert browser.execute_script("return document.scripts.length") == 0


def test_the_page_fits_a_phone_screen(browser: WebDriver, site: tuple[str, Archive]) -> None:
    url, archive = site
    browser.get(f"{url}document/{archive.plan}")
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_a_search_page_shows_its_trends_chart(
    browser: WebDriver, site: tuple[str, Archive]
) -> None:
    url, _ = site
    browser.get(f"{url}?q=%E9%80%9A%E7%9F%A5")
    chart = browser.find_element(By.CSS_SELECTOR, "svg.trend")
    assert chart.is_displayed() and chart.size["height"] > 50 and chart.size["width"] > 300
    assert chart.get_attribute("role") == "img"
    title = browser.find_element(By.CSS_SELECTOR, "svg.trend > title").get_attribute("textContent")
    assert title == "每月发布数 releases per month, 2025-06 – 2026-03"
    bars = browser.find_elements(By.CSS_SELECTOR, "svg.trend rect")
    labels = [bar.find_element(By.TAG_NAME, "title").get_attribute("textContent") for bar in bars]
    assert labels[0] == "2025-06: 1" and labels[-1] == "2026-03: 2" and len(labels) == 10
    heights = [bar.size["height"] for bar in bars]
    assert heights[-1] > heights[0] > 0 == max(heights[1:-1])
    agencies = browser.find_element(By.CSS_SELECTOR, ".tops").text
    assert "科学技术部 2" in agencies and "工业和信息化部 1" in agencies
    assert browser.execute_script("return document.scripts.length") == 0


def test_pages_render_under_the_content_security_policy(
    browser: WebDriver, site: tuple[str, Archive]
) -> None:
    url, archive = site
    browser.get_log("browser")
    pages = ["", "?q=器械", f"document/{archive.plan}", f"document/{archive.plan}/diff", "health"]
    for path in [*pages, f"document/{archive.evil}", "?page=²"]:
        browser.get(url + path)
        width = browser.execute_script("return getComputedStyle(document.body).maxWidth")
        assert width == "960px", f"{path}: the page's style was not applied"
    browser.get(f"{url}diffs/{archive.plan_key}/v2.html")
    inserted = browser.find_element(By.TAG_NAME, "ins")
    assert inserted.value_of_css_property("background-color") == "rgba(216, 245, 216, 1)"
    logged = [entry["message"] for entry in browser.get_log("browser")]
    assert [message for message in logged if "Content Security Policy" in message] == []
