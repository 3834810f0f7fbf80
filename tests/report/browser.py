#!/usr/bin/env python3
"""browser.py - opens an HTML report in headless Chromium (Debian's
`chromium`) over the DevTools protocol (Debian's `python3-websocket`) and
checks it as a reader would see it, or takes a screenshot.

usage: browser.py check PAGE.html [--max-height PX]
       browser.py fixtures RECKON [FIXTURES-DIR]   (default: $RK_FIXTURES)
       browser.py measure PAGE.html WIDTH
       browser.py shot PAGE.html OUT.png WIDTH HEIGHT [TOP]

check, at 1366 and 390 px wide: no horizontal scroll, no console error or
uncaught exception, ids and numbers read left to right even on a
right-to-left page, every in-page link (#id) points at an element, the
filters hide and show rows, and a link into a folded quote opens it; with
--max-height, the page at 1366 px is no taller than that. Exit 0 when all
hold, 1 otherwise, 77 (skipped) when Chromium is not installed.

fixtures renders the fixtures' report with RECKON (English chrome: under
12,000 px tall at 1366 px) and the Arabic seed articles' (Arabic chrome,
right to left) and checks both.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import websocket
except ImportError:  # Debian's module, when another python3 runs this
    sys.path.append("/usr/lib/python3/dist-packages")
    import websocket

SKIP = 77


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


class Browser:
    """One headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self):
        exe = find_chromium()
        if not exe:
            raise FileNotFoundError("chromium")
        self.dir = tempfile.mkdtemp(prefix="rk-browser-")
        args = [exe, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + self.dir, "about:blank"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.dir, "DevToolsActivePort")
        deadline = time.time() + 60
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.time() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=30) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=120,
                                              suppress_origin=True)
        self.next_id = 0
        self.errors = []
        self.loaded = False
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _event(self, m):
        method, p = m.get("method"), m.get("params", {})
        if method == "Runtime.exceptionThrown":
            self.errors.append("exception: " + json.dumps(p.get("exceptionDetails", {}))[:300])
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console.%s: %s" % (p["type"], json.dumps(p.get("args"))[:300]))
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            self.errors.append("log: " + p["entry"].get("text", "")[:300])
        elif method == "Page.loadEventFired":
            self.loaded = True

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            m = json.loads(self.ws.recv())
            if m.get("id") == my:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self._event(m)

    def open(self, path, width, height=900, mobile=False):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)
        self.loaded = False
        t0 = time.time()
        self.call("Page.navigate", url="file://" + os.path.abspath(path))
        while not self.loaded:
            self._event(json.loads(self.ws.recv()))
        return time.time() - t0

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("script failed: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def screenshot(self, out, width, height, top=0):
        if top:
            self.js("window.scrollTo(0, %d)" % top)
            time.sleep(0.2)
        data = self.call("Page.captureScreenshot", format="png")
        with open(out, "wb") as f:
            f.write(base64.b64decode(data["data"]))


LAYOUT = """(() => {
  const d = document.documentElement;
  return {height: d.scrollHeight, scrollWidth: d.scrollWidth, clientWidth: d.clientWidth};
})()"""

LINKS = """(() => {
  const bad = [];
  let n = 0;
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    n++;
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (!document.getElementById(id)) bad.push(a.getAttribute('href'));
  }
  return {n: n, bad: bad.slice(0, 10), nbad: bad.length};
})()"""

# Sets a filter, returns how many filtered items show; resets it.
FILTER = """((sel, value) => {
  const f = document.getElementById('filters');
  if (!f || f.hidden) return -1;
  const e = f.querySelector(sel);
  e.value = value;
  e.dispatchEvent(new Event(sel === '#f-s' ? 'input' : 'change', {bubbles: true}));
  const shown = [...document.querySelectorAll('main [data-v]')].filter(x => !x.hidden).length;
  e.value = '';
  e.dispatchEvent(new Event('change', {bubbles: true}));
  return shown;
})"""

# Isolated ids, numbers and dates must read left to right, whatever the
# page's direction: the first character left of the last.
REVERSED = """(() => {
  const bad = [];
  for (const e of document.querySelectorAll('bdi[dir=ltr], code[dir=ltr]')) {
    const t = e.firstChild;
    if (!t || t.nodeType !== 3 || t.data.length < 3 || !e.getClientRects().length) continue;
    const r = document.createRange();
    r.setStart(t, 0); r.setEnd(t, 1);
    const first = r.getBoundingClientRect();
    r.setStart(t, t.data.length - 1); r.setEnd(t, t.data.length);
    const last = r.getBoundingClientRect();
    if (first.top === last.top && first.left > last.left) bad.push(t.data);
  }
  return bad.slice(0, 10);
})()"""

FOLDED = """(() => {
  for (const t of document.querySelectorAll('details [id^="c-"]')) {
    if (!t.closest('details').open) return '#' + encodeURIComponent(t.id);
  }
  return null;
})()"""


def check(page, max_height):
    failures = []
    b = Browser()
    try:
        for width, mobile in ((1366, False), (390, True)):
            secs = b.open(page, width, 900, mobile)
            lay = b.js(LAYOUT)
            print("%d px wide: page %d px tall, scroll width %d, loaded in %.2f s"
                  % (width, lay["height"], lay["scrollWidth"], secs))
            if lay["scrollWidth"] > lay["clientWidth"]:
                failures.append("%d px: the page scrolls sideways (%d > %d)"
                                % (width, lay["scrollWidth"], lay["clientWidth"]))
            if width == 1366 and max_height and lay["height"] > max_height:
                failures.append("1366 px: the page is %d px tall, more than %d"
                                % (lay["height"], max_height))
            reversed_ = b.js(REVERSED)
            if reversed_:
                failures.append("%d px: isolated ids or numbers read right to left: %s"
                                % (width, reversed_))
            links = b.js(LINKS)
            print("%d px wide: %d in-page links, %d unresolved" % (width, links["n"], links["nbad"]))
            if links["nbad"]:
                failures.append("unresolved in-page links: %s" % links["bad"])
            if width != 1366:
                continue
            total = b.js("document.querySelectorAll('main [data-v]').length")
            # filter on a verdict some items have and others not, a
            # contradiction when the page has one
            counts = b.js("(() => { const c = {}; document.querySelectorAll('main [data-v]')"
                          ".forEach(x => { c[x.dataset.v] = (c[x.dataset.v] || 0) + 1; });"
                          " return c; })()") or {}
            verdict = next((v for v in ["contradiction"] + sorted(counts)
                            if 0 < counts.get(v, 0) < total), "contradiction")
            contra = b.js(FILTER + "('#f-v', %s)" % json.dumps(verdict))
            nothing = b.js(FILTER + "('#f-s', 'no such text anywhere 8f3a')")
            after = b.js("[...document.querySelectorAll('main [data-v]')]"
                         ".filter(x => !x.hidden).length")
            print("filters: %d items; verdict=%s shows %d; a search for nothing "
                  "shows %d; reset shows %d" % (total, verdict, contra, nothing, after))
            if contra < 0:
                failures.append("the filter bar is not shown")
            elif not (0 < contra < total and nothing == 0 and after == total):
                failures.append("filters do not change what is shown")
            href = b.js(FOLDED)
            if href:
                b.js("location.hash = %s" % json.dumps(href))
                time.sleep(0.3)
                opened = b.js("(() => { const t = document.getElementById(decodeURIComponent("
                              "%s.slice(1))); return !!t.closest('details').open; })()"
                              % json.dumps(href))
                print("a link into a folded quote (%s) opens it: %s" % (href, opened))
                if not opened:
                    failures.append("a link into a folded quote does not open it")
        if b.errors:
            failures.append("console errors: %s" % b.errors[:5])
    finally:
        b.close()
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    if not find_chromium():
        print("chromium is not installed (scripts/deps.sh installs it): skipped")
        return SKIP
    if argv[1] == "fixtures":
        reckon = argv[2]
        fixtures = argv[3] if len(argv) > 3 else os.environ["RK_FIXTURES"]
        seeds = sorted(os.path.join(fixtures, n) for n in os.listdir(fixtures)
                       if n[:3].isdigit() and n.endswith(".txt"))
        rc = 0
        with tempfile.TemporaryDirectory() as tmp:
            for name, args, limit in (("fixtures", [fixtures], 12000),
                                      ("Arabic seeds", ["--lang", "ar"] + seeds, 0)):
                page = os.path.join(tmp, "report.html")
                subprocess.run([reckon, "report", "--format", "html", "-o", page] + args,
                               check=True)
                print("== %s" % name)
                rc |= check(page, limit)
        return rc
    if argv[1] == "check":
        max_h = int(argv[4]) if len(argv) > 4 and argv[3] == "--max-height" else 0
        return check(argv[2], max_h)
    if argv[1] == "measure":
        b = Browser()
        try:
            width = int(argv[3])
            secs = b.open(argv[2], width, 900, width < 600)
            lay = b.js(LAYOUT)
            print(b.js("[...document.querySelectorAll('main > section, header')]"
                       ".map(s => (s.id || s.tagName) + ' ' + Math.round("
                       "s.getBoundingClientRect().height)).join(', ')"))
            print(json.dumps({"width": width, "height": lay["height"],
                              "scroll_width": lay["scrollWidth"], "load_s": round(secs, 2),
                              "errors": b.errors[:3]}))
        finally:
            b.close()
        return 0
    if argv[1] == "shot":
        b = Browser()
        try:
            w, h = int(argv[4]), int(argv[5])
            top = int(argv[6]) if len(argv) > 6 else 0
            b.open(argv[2], w, h, w < 600)
            b.screenshot(argv[3], w, h, top)
        finally:
            b.close()
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
