"""`ursim report`: one self-contained HTML page (no script, nothing fetched,
well-formed SVG) with the sections the file has, loaded in headless
Chromium with no console message, and a screenshot made."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

from common import Runs, ursim, ROOT

CHROMIUM = shutil.which("chromium")


def browse(html, png, height=6000):
    """Loads the page in headless Chromium (flags for root in a container,
    a fresh profile, no network services) and screenshots it; returns the
    console messages Chromium logged."""
    profile = tempfile.mkdtemp(prefix="ursim-chromium-")
    try:
        r = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
             f"--window-size=1100,{height}", f"--screenshot={png}", "file://" + html],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert r.returncode == 0, r.stderr
    return [l for l in r.stderr.splitlines() if ":CONSOLE" in l]


class Report(Runs):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = os.path.join(cls.dir, "plan.h5")
        r = ursim("run", os.path.join(ROOT, "scenarios", "harbin-opening-day-plan.yaml"), "-o",
                  cls.plan, "--replications", "2", "--quiet")
        assert r.returncode == 0, r.stderr

    def report(self, h5, *extra):
        r = ursim("report", h5, *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        html = extra[-1] if extra else h5[:-3] + ".html"
        self.assertEqual(os.listdir(os.path.dirname(html)).count(os.path.basename(html) + ".tmp"), 0)
        with open(html, encoding="utf-8") as f:
            return html, f.read()

    def check_self_contained(self, text):
        self.assertNotIn("<script", text)
        self.assertNotRegex(text, r"<(link|img|iframe|object)\b")
        self.assertNotRegex(text, r"\bsrc=")
        urls = re.findall(r"https?://[^\s\"'<>]+", text)
        self.assertEqual(set(urls) - {"http://www.w3.org/2000/svg"}, set())
        svgs = re.findall(r"<svg.*?</svg>", text, re.S)
        for svg in svgs:
            ET.fromstring(svg)  # well-formed
        return svgs

    def test_plain_run(self):
        html, text = self.report(self.one)
        svgs = self.check_self_contained(text)
        self.assertGreaterEqual(len(svgs), 1)
        self.assertIn("<h2>Headline</h2>", text)
        self.assertIn("wait_served_p95", text)
        self.assertIn("stations/windows/queue_length", text)  # the worst queue's chart
        self.assertNotIn("<h2>Variants</h2>", text)
        self.assertNotIn("<h2>The plan</h2>", text)  # no plan: no timeline

    def test_variants_plan_and_breakdown_in_a_browser(self):
        out = os.path.join(self.dir, "plan-report.html")
        html, text = self.report(self.plan, "-o", out)
        svgs = self.check_self_contained(text)
        for section in ("Headline", "KPIs", "Variants", "Over time", "The plan", "Broken down"):
            self.assertIn(f"<h2>{section}</h2>", text)
        self.assertIn("city/complaints_by_cause", text)
        self.assertIn("2023-12-18", text)  # scenario.start: dates
        self.assertGreater(len(svgs), 10)
        png = os.path.join(self.dir, "plan-report.png")
        self.assertEqual(browse(html, png), [])
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(png), 50000)  # charts, not a blank page

    def test_the_console_check_catches_a_message(self):
        bad = os.path.join(self.dir, "bad.html")
        with open(bad, "w") as f:
            f.write("<!DOCTYPE html><p>x</p><script>console.error('boom')</script>")
        messages = browse(bad, os.path.join(self.dir, "bad.png"), 300)
        self.assertTrue(any("boom" in m for m in messages), messages)

    def test_bad_results_files(self):
        for name, path in self.bad_files():
            with self.subTest(name=name):
                out = os.path.join(self.dir, "never.html")
                r = ursim("report", path, "-o", out)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(path, r.stderr)
                self.assertFalse(os.path.exists(out))
        r = ursim("report", self.one, "-o", os.path.join(self.dir, "no-such-dir", "r.html"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("no report written", r.stderr)


if __name__ == "__main__":
    unittest.main()
