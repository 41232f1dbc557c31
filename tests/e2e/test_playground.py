"""The playground at "/" in a real browser: Debian's headless Chromium driven by Selenium.

Pastes seed 000 and a key, submits, and checks what a person would see: entities highlighted by
type at the right places, summary sentences marked, sentiment, the other result fields. A screenshot
is kept in test-artifacts/ (ignored by git)."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.browser import ARTIFACTS, severe_errors
from tests.e2e.conftest import Stack
from tests.e2e.http import TOKEN, request

pytestmark = pytest.mark.e2e


def test_playground_shows_the_enriched_seed(browser: WebDriver, stack: Stack, seeds: dict[str, str]) -> None:
    browser.get(stack.base_url + "/")
    assert browser.title == "Article enrichment playground"
    browser.find_element(By.ID, "article").click()
    browser.execute_cdp_cmd("Input.insertText", {"text": seeds["000"]})  # what a paste does
    browser.find_element(By.ID, "summary-chars").send_keys("300")
    browser.find_element(By.ID, "key").send_keys(TOKEN)
    browser.find_element(By.ID, "submit").click()

    WebDriverWait(browser, 90, poll_frequency=0.2).until(
        lambda driver: (
            driver.find_element(By.TAG_NAME, "body").get_attribute("data-state")
            in ("finished", "failed", "error")
        )
    )
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "playground.png"
    browser.save_screenshot(str(screenshot))
    print(f"playground screenshot: {screenshot}")
    state = browser.find_element(By.TAG_NAME, "body").get_attribute("data-state")
    assert state == "finished", browser.find_element(By.ID, "problem").text

    # The page shows the job the API holds: compare with the job fetched like any client would.
    job_id = browser.find_element(By.ID, "status").text.split()[1].rstrip(":")
    job = request("GET", f"{stack.base_url}/v1/jobs/{job_id}").json()
    result = job["result"]
    marks = browser.find_elements(By.CSS_SELECTOR, "#body mark.entity")
    mentions = sorted((m["start"], m["text"], e["type"]) for e in result["entities"] for m in e["mentions"])
    # One highlight per mention, in body order, with the mention's text and its entity's type.
    assert [(mark.text, mark.get_attribute("data-type")) for mark in marks] == [
        (text, kind) for _, text, kind in mentions
    ]
    shown = {(mark.text, mark.get_attribute("data-type")) for mark in marks}
    assert {("Vladimir Putin", "PERSON"), ("Rusia", "LOCATION"), ("Kremlin", "ORGANIZATION")} <= shown
    # Highlights sit where the offsets say: the body text around them is the API's body.
    assert browser.find_element(By.ID, "body").text.replace("\n", "") == result["body"].replace("\n", "")
    sentences = browser.find_elements(By.CSS_SELECTOR, "#body .summary-sentence")
    marked = {int(s.get_attribute("data-sentence") or 0) for s in sentences}
    assert marked == set(range(1, len(result["summary"]["sentences"]) + 1)) and marked
    summary = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#summary li")]
    assert summary == [s["text"].replace("\n", " ").strip() for s in result["summary"]["sentences"]]
    assert sum(len(s["text"]) for s in result["summary"]["sentences"]) <= 300  # the page sent summary_chars
    overview = browser.find_element(By.ID, "overview").text
    assert result["sentiment"]["label"] in overview and "Indonesian (id)" in overview
    other = {dt.text: dt for dt in browser.find_elements(By.CSS_SELECTOR, "#other dt")}
    assert {"models", "timings_ms", "title", "url", "published_at"} <= set(other)
    # Every feature is asked for by default, so the monitoring fields are filled, not null.
    assert all(result[name] is not None for name in ("metadata", "quotes", "regions", "story"))
    raw = json.loads(browser.find_element(By.ID, "raw").get_attribute("textContent") or "{}")
    assert raw["id"] == job_id and raw["result"] == result
    problems = severe_errors(browser)
    assert problems == [], problems  # no script error, no request blocked by the page's policy


def test_playground_shows_a_problem(browser: WebDriver, stack: Stack) -> None:
    browser.get(stack.base_url + "/")
    browser.find_element(By.ID, "article").send_keys("Teks.")
    browser.find_element(By.ID, "key").send_keys("not-a-key")
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 30, poll_frequency=0.2).until(
        lambda driver: driver.find_element(By.TAG_NAME, "body").get_attribute("data-state") == "error"
    )
    problem = browser.find_element(By.ID, "problem")
    assert problem.is_displayed() and "(unauthorized)" in problem.text
