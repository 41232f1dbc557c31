"""The interactive docs at /docs in a real browser: Swagger UI renders every operation of the
generated document from files this service serves itself (no CDN: the page's policy would block one)."""

from __future__ import annotations

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.browser import ARTIFACTS, severe_errors
from tests.e2e.conftest import Stack
from tests.servers import ROOT

pytestmark = pytest.mark.e2e

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())


def test_docs_render_every_operation_offline(browser: WebDriver, stack: Stack) -> None:
    operations = sum(1 for ops in SPEC["paths"].values() for method in ops if method != "parameters")
    browser.get(stack.base_url + "/docs")
    WebDriverWait(browser, 60, poll_frequency=0.2).until(
        lambda driver: len(driver.find_elements(By.CSS_SELECTOR, ".opblock")) >= operations
    )
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "docs.png"
    browser.save_screenshot(str(screenshot))
    print(f"docs screenshot: {screenshot}")
    assert SPEC["info"]["title"] in browser.find_element(By.CSS_SELECTOR, ".info .title").text
    summaries = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")]
    assert "/v1/articles" in summaries and "/v1/jobs/{job_id}" in summaries
    assert severe_errors(browser) == []  # nothing blocked, nothing fetched from elsewhere
