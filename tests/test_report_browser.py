"""The HTML report in a real browser: Debian's headless Chromium driven by selenium.

The page must load from disk without a console error, show exactly as many highlighted
spans as its embedded data says (and as the gold and the predictions hold), and its
navigation must switch between documents. Skipped, with the reason, only where no Chromium
and chromedriver are installed (``.ci/run`` installs Debian's ``chromium`` and
``chromium-driver``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mil2mil.gold import iter_gold

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1400,1800")


def _binaries() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("no headless Chromium here: install Debian's `chromium` and `chromium-driver` "
                    "(apt-get install -y chromium chromium-driver; .ci/run does)")
    return browser, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium, chromedriver = _binaries()
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra: pip install -e '.[test]'")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=chromedriver))
    try:
        yield driver
    finally:
        driver.quit()


def _report(predictions: Path, out: Path, *extra: str) -> Path:
    subprocess.run([sys.executable, "-m", "mil2mil", "report", str(predictions), "-o", str(out), "--bootstrap", "200", *extra],
                   check=True, capture_output=True)
    return out


def _severe(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_rules_report_in_chromium(browser: Any, rules_predictions: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = _report(rules_predictions, tmp_path / "report.html")
    browser.get(page.resolve().as_uri())
    assert _severe(browser) == []
    assert browser.title.startswith("Mil2Mil report")
    data = json.loads(browser.execute_script("return document.getElementById('report-data').textContent"))
    docs = data["documents"]
    assert len(docs) == data["documents_shown"] == 2

    # what the page shows = what its data says = what the gold and the predictions hold
    gold = {doc["doc_id"]: len(doc["mentions"]) + len(doc["timexes"]) for _, doc in iter_gold()}
    preds = {}
    for line in rules_predictions.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        preds[obj["doc_id"]] = len(obj["mentions"]) + len(obj["timexes"])
    total = 0
    for d in docs:
        count = browser.execute_script(
            "var s = document.getElementById(arguments[0]);"
            "return [s.querySelectorAll('.textpanel.gold .hl:not(.cont)').length,"
            "        s.querySelectorAll('.textpanel.pred .hl:not(.cont)').length];", d["anchor"])
        assert count == [d["gold_highlights"], d["pred_highlights"]] == [gold[d["doc_id"]], preds[d["doc_id"]]]
        total += sum(count)
    assert total == data["highlights"] == len(browser.find_elements(By.CSS_SELECTOR, "section.doc .hl:not(.cont)"))
    # every highlight carries its explanation as a tooltip
    assert all(e.get_attribute("title") for e in browser.find_elements(By.CSS_SELECTOR, "section.doc .hl"))

    # navigation: one document at a time, by the side list, the next/previous links and keys
    first, second = (browser.find_element(By.ID, d["anchor"]) for d in docs)
    assert first.is_displayed() and not second.is_displayed()
    browser.find_element(By.CSS_SELECTOR, f'nav.docs a[data-doc="{docs[1]["anchor"]}"]').click()
    assert second.is_displayed() and not first.is_displayed()
    assert browser.execute_script("return location.hash") == "#" + docs[1]["anchor"]
    second.find_element(By.CSS_SELECTOR, ".docnav a.prev").click()
    assert first.is_displayed() and not second.is_displayed()
    browser.find_element(By.TAG_NAME, "body").send_keys("j")
    assert second.is_displayed() and not first.is_displayed()
    # the two texts of a document scroll together
    browser.execute_script("arguments[0].querySelector('.textpanel.gold .text').scrollTop = 200;", second)
    WebDriverWait(browser, 5).until(lambda b: b.execute_script(
        "return arguments[0].querySelector('.textpanel.pred .text').scrollTop;", second) == 200)
    assert _severe(browser) == []


def test_ungrounded_report_in_chromium(browser: Any, tmp_path: Path) -> None:
    """Ungrounded predictions: no highlighted span, the items in tables."""
    from selenium.webdriver.common.by import By

    from mil2mil.scoring import gold_to_predictions

    pred = tmp_path / "ungrounded.jsonl"
    pred.write_text("".join(json.dumps(gold_to_predictions(doc, grounded=False)) + "\n" for _, doc in iter_gold()),
                    encoding="utf-8")
    page = _report(pred, tmp_path / "report.html")
    browser.get(page.resolve().as_uri())
    assert _severe(browser) == []
    data = json.loads(browser.execute_script("return document.getElementById('report-data').textContent"))
    assert data["grounded"] is False and data["highlights"] == 0
    assert browser.find_elements(By.CSS_SELECTOR, "section.doc .hl") == []
    visible = [s for s in browser.find_elements(By.CSS_SELECTOR, "section.doc") if s.is_displayed()]
    assert len(visible) == 1
    assert len(visible[0].find_elements(By.CSS_SELECTOR, "table.meeting")) >= 1
    assert visible[0].find_elements(By.CSS_SELECTOR, ".badge.cor")


def test_meeting_slot_counts_in_chromium(browser: Any, tmp_path: Path) -> None:
    """A wrong modality shows as one substitution (cor / inc / mis / spu = 0 / 1 / 0 / 0) on a
    highlighted row of the meeting table, with the other slots correct."""
    from selenium.webdriver.common.by import By

    from mil2mil.scoring import gold_to_predictions

    rows = [gold_to_predictions(doc, grounded=False) for _, doc in iter_gold()]
    meeting = rows[0]["meetings"][0]
    meeting["modality"] = "phone" if meeting["modality"] != "phone" else "video"
    pred = tmp_path / "one-wrong-modality.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    page = _report(pred, tmp_path / "report.html")
    browser.get(page.resolve().as_uri())
    assert _severe(browser) == []
    visible = [s for s in browser.find_elements(By.CSS_SELECTOR, "section.doc") if s.is_displayed()]
    assert len(visible) == 1
    tables = visible[0].find_elements(By.CSS_SELECTOR, "table.meeting")
    headers = {th.text for t in tables for th in t.find_elements(By.TAG_NAME, "th")}
    assert "cor / inc / mis / spu" in headers
    bad = [tr for t in tables for tr in t.find_elements(By.CSS_SELECTOR, "tr.slot-bad") if tr.is_displayed()]
    assert [tr.find_elements(By.TAG_NAME, "td")[0].text for tr in bad] == ["modality"]
    assert bad[0].find_elements(By.TAG_NAME, "td")[-1].text == "0 / 1 / 0 / 0"
