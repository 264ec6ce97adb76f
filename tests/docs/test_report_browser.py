"""``gnmr report`` in headless Chromium: the heatmap, a violation and its quote are visible, and
the page asks the network for nothing (every request Chromium logs is listed on failure).

Runs with the browser tests (the docs extra brings selenium; ``.ci/run`` installs Chromium), and
skips without them outside CI, like the site's. The screenshot goes to pytest's ``tmp_path``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from gov_new_media_rules.cli import main
from test_site import CHROMIUM_FLAGS, _require_program, chromium  # noqa: F401 - the fixture

QUOTE = "严禁刊登商业广告或链接商业广告页面"  # 泽州县 四.(二), which the advertisement breaks


def facts(tmp_path: Path) -> Path:
    days = [dt.date(2024, 6, 3) + dt.timedelta(days=n) for n in range(0, 300, 2)]
    posts = [{"published_at": f"{d.isoformat()}T10:00:00+08:00", "tags": []} for d in days if d.month != 10]
    posts.append({"id": "ad-1", "published_at": "2025-03-05T10:00:00+08:00", "tags": ["commercial_ad"]})
    account = {"id": "demo", "name": "泽州示例发布", "platform": "weibo", "host_unit": "泽州县某局",
               "opened_on": "2024-06-03", "in_national_filing_system": True, "posts": posts,
               "filings": [{"event": "account_opened", "recipient": "supervising_unit", "filed_on": "2024-06-03"}]}
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"accounts": [account]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_report_shows_its_heatmap_and_quote_offline(chromium: str, tmp_path: Path,  # noqa: F811
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    report = tmp_path / "report.html"
    assert main(["report", "-j", "zezhou", "--as-of", "2025-04-13", "-o", str(report), str(facts(tmp_path))]) == 1
    capsys.readouterr()
    os.environ.setdefault("SE_AVOID_STATS", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(_require_program("chromedriver", "chromium-driver")), options=options)
    try:
        driver.get(report.as_uri())
        heatmap = driver.find_element(By.CSS_SELECTOR, "figure.heatmap svg")
        assert heatmap.is_displayed() and heatmap.size["width"] > 300
        assert len(driver.find_elements(By.CSS_SELECTOR, "figure.heatmap rect.lv0, figure.heatmap rect.lv1")) > 100
        violation = driver.find_element(By.CSS_SELECTOR, "article.finding.st-violation")
        assert violation.is_displayed()
        quote = driver.find_element(By.XPATH, f"//article[contains(@class, 'st-violation')]//blockquote[contains(., '{QUOTE}')]")
        assert quote.is_displayed()
        driver.save_screenshot(str(tmp_path / "report.png"))
        # Every request made by the report's page (Chromium's own pages, such as the new tab
        # page it opens first, are not the report's).
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                params = message["params"]
                if params.get("documentURL", "").startswith("file:"):
                    requests.append(params["request"]["url"])
        print("requests of the report:", requests)
        assert report.as_uri() in requests, f"the report's own load was not logged: {requests}"
        outside = [url for url in requests if not url.startswith(("file:", "data:"))]
        assert outside == [], f"the report asked the network for: {outside}"
    finally:
        driver.quit()
