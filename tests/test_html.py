"""The HTML report (issue 9 §2): self-contained, escaped, charts inlined, every unit listed, and checked in a
real headless browser (Debian chromium + chromedriver through selenium; scripts/setup.sh installs them)."""

import re
import shutil
from pathlib import Path

import pytest

from compliance import check, load_census, load_pack
from compliance.render import render

from .packs import village_rule, villages, write_pack

ARTIFACTS = Path(__file__).parent / "artifacts"      # git-ignored: screenshots of the browser test
INJECTED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'


def _report(workspace, n_bad=150, at="county"):
    pack = load_pack(write_pack(workspace, village_rule(at=at)))
    rows = villages(8, 2) + villages(3, n_bad, county="弋江区")
    rows.append({"id": "evil", "name": INJECTED, "kind": "村", "county": "弋江区", "乡镇街道": "</td><b>镇",
                 "has_counseling_room": "否", "has_social_work_room": "否"})
    return check(pack, load_census(pack, rows), "2021-12-31", timestamp=False)


def test_html_is_self_contained_escaped_and_lists_every_unit(workspace):
    report = _report(workspace)
    out = render(report, "html", "zh")
    assert out.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in out
    assert INJECTED not in out and "&lt;script&gt;window.__pwned" in out and "&lt;/td&gt;&lt;b&gt;镇" in out
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", out)           # nothing fetched from a network
    assert "<script src" not in out and "<link" not in out
    assert out.count("<svg") >= 2                                         # the area chart and the progress chart
    f = report.finding("t.village")
    assert f.evidence.rows == 2 + 150 + 1                                  # 镜湖区 2, 弋江区 150, the injected one
    table = out[out.index('id="u-1"'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr>") == f.evidence.rows + 1                    # every unit, not capped (+ header)
    assert "1/2 个县区达标" in out and "弋江区" in out
    assert "@media print" in out


def test_html_in_english_and_byte_identical_reruns(workspace):
    report = _report(workspace, n_bad=3)
    en = render(report, "html", "en")
    assert 'lang="en"' in en and "Units to fix or fill in" in en and "1 of 2 counties pass" in en
    assert render(report, "html", "zh") == render(report, "html", "zh")  # charts are reproducible too


def _browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("chromium/chromedriver not installed (scripts/setup.sh installs them on Debian)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,2000", "--disable-extensions"):
        opts.add_argument(arg)
    opts.binary_location = chromium
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=opts)


def test_html_in_a_headless_browser(workspace):
    report = _report(workspace, n_bad=40)
    page = workspace / "report.html"
    page.write_text(render(report, "html", "zh"), encoding="utf-8")
    from selenium.webdriver.common.by import By

    driver = _browser()
    try:
        driver.set_page_load_timeout(30)
        driver.get(page.as_uri())
        assert driver.title.startswith("合规检查报告")
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) >= 2 and all(c.size["width"] > 100 and c.size["height"] > 50 for c in charts)
        assert driver.execute_script("return window.__pwned") is None          # the injected script is text
        cells = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#u-1 tbody td")]
        assert any("<script>window.__pwned = 1</script>" in c for c in cells)
        rows = driver.find_elements(By.CSS_SELECTOR, "#u-1 tbody tr")
        assert len(rows) == report.finding("t.village").evidence.rows
        box = driver.find_element(By.CSS_SELECTOR, 'input[data-table="u-1"]')
        box.send_keys("evil")                                                  # the filter finds the unit by id
        visible = [r for r in rows if r.is_displayed()]
        assert len(visible) == 1 and "evil" in visible[0].text
        assert driver.find_element(By.CSS_SELECTOR, '[data-count="u-1"]').text == f"1 / {len(rows)}"
        box.clear()
        box.send_keys(" ")
        header = driver.find_elements(By.CSS_SELECTOR, "#u-1 thead th")[-2]   # sort by row number, descending
        header.click()
        header.click()
        numbers = driver.execute_script(
            "return Array.from(document.querySelectorAll('#u-1 tbody tr')).map(r => +r.cells[r.cells.length - 2].textContent)")
        assert len(numbers) == len(rows) and numbers == sorted(numbers, reverse=True) and numbers[0] > numbers[-1]
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})   # the print stylesheet
        assert not box.is_displayed() and charts[0].is_displayed()
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "report.png"))
    finally:
        driver.quit()
