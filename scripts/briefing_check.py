#!/usr/bin/env python3
"""Briefing check: the example case and a case full of hostile text, exported by the real
binary to HTML, Markdown and PDF, then checked with real tools.

- HTML: parsed (html.parser) against an allowlist of tags and attributes; rendered in headless
  Chromium, driven over the DevTools protocol with the network blocked (every connection goes
  to a closed port). Any request the page attempts (Network.requestWillBeSent), any load
  refused or failed, any Content-Security-Policy report in its console, fails the check. A
  screenshot and a printed PDF are kept; the printed PDF must carry the TLP label on every page.
- Markdown: rendered by cmark-gfm (GitHub's renderer, with autolinks and the tag filter);
  the HTML it makes may hold no raw HTML and no link or image but the figures beside it.
- PDF: pdftotext must find the title, the TLP label on every page (header and footer), each
  judgment and each source; pdftoppm renders page 1; no action, script or link in the file.

usage: briefing_check.py CASEBOOK_BINARY OUT_DIR HOSTILE_CASE
"""
import base64
import html.parser
import json
import os
import re
import select
import subprocess
import sys
import time

BIN, OUT, HOSTILE_CASE = sys.argv[1], sys.argv[2], sys.argv[3]
EXAMPLE = "assets/example-case.json"
os.makedirs(OUT, exist_ok=True)
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1795000000")
failures = []


# Set while the control page (which must fail) is checked, so its findings read as expected.
in_control = False


def fail(message):
    print("control caught:" if in_control else "FAIL:", message)
    failures.append(message)


def export(case, fmt, out):
    subprocess.run([BIN, "export", case, "--briefing", fmt, "-o", out], check=True, env=ENV,
                   stdout=subprocess.DEVNULL)


def squash(text):
    """Whitespace collapsed, soft line-break hyphens joined, typographic quotes kept."""
    text = text.replace("\u00ad", "").replace("\u200b", "")
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text)


# --------------------------------------------------------------------------- HTML
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "span", "main", "h1", "h2", "h3",
    "p", "strong", "em", "br", "ol", "ul", "li", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "a", "svg", "g", "path", "circle", "rect", "line", "polyline",
    "polygon", "text", "tspan", "defs", "marker", "ellipse",
}


class HtmlAudit(html.parser.HTMLParser):
    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.csp = None
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            fail(f"{self.name}: tag <{tag}>")
        for key, value in attrs:
            value = value or ""
            if key.startswith("on"):
                fail(f"{self.name}: event handler {key} on <{tag}>")
            if key in ("src", "srcset", "data", "action", "formaction", "background", "poster"):
                fail(f"{self.name}: {key}= on <{tag}>")
            if key.endswith("href"):
                if tag != "a" or not re.match(r"^(https?://|mailto:)", value):
                    fail(f"{self.name}: {key}={value!r} on <{tag}>")
                self.links.append(value)
            if key == "style" and ("url(" in value or "expression" in value):
                fail(f"{self.name}: style {value!r}")
            if tag == "meta" and key == "http-equiv" and value.lower() == "refresh":
                fail(f"{self.name}: meta refresh")
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.csp = dict(attrs).get("content")

    def handle_comment(self, data):
        fail(f"{self.name}: an HTML comment")


def audit_html(path):
    text = open(path, encoding="utf-8").read()
    audit = HtmlAudit(path)
    audit.feed(text)
    if not audit.csp or "default-src 'none'" not in audit.csp:
        fail(f"{path}: no Content-Security-Policy forbidding loads")
    if re.search(r"[\u202a-\u202e\u2066-\u2069\u200b-\u200f]", text):
        fail(f"{path}: a hidden or direction-changing character is in the file")
    print(f"parsed {path}: {len(text)} characters, {len(audit.links)} links, CSP {audit.csp!r}")


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if os.access(os.path.join(folder, name), os.X_OK):
                return os.path.join(folder, name)
    return None


class DevTools:
    """Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe): the page's
    own network requests and console are seen, apart from the browser's background services."""

    def __init__(self, browser, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def wire():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.process = subprocess.Popen(
            [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-pipe",
             # Nothing may leave the machine: every connection goes to a closed port.
             "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
             "about:blank"],
            pass_fds=(3, 4, to_child_r, from_child_w), preexec_fn=wire,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            for reply in self.read(deadline - time.time()):
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})
                self.events.append(reply)
        raise TimeoutError(method)

    def read(self, timeout):
        ready, _, _ = select.select([self.from_child], [], [], max(timeout, 0))
        if not ready:
            return []
        chunk = os.read(self.from_child, 1 << 20)
        if not chunk:
            raise RuntimeError("chromium closed the pipe")
        self.buffer += chunk
        *messages, self.buffer = self.buffer.split(b"\0")
        return [json.loads(m) for m in messages if m]

    def wait(self, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            self.events.extend(self.read(deadline - time.time()))

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        self.process.wait(timeout=30)


def render_html(path, shot, printed):
    browser = chromium()
    if browser is None:
        fail("no chromium to render the HTML")
        return
    url = "file://" + os.path.abspath(path)
    tools = DevTools(browser, os.path.join(OUT, "chromium-profile"))
    try:
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Network", "Log", "Runtime", "Page"):
            tools.send(domain + ".enable", session=session)
        tools.send("Emulation.setDeviceMetricsOverride",
                   {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session)
        tools.events.clear()
        tools.send("Page.navigate", {"url": url}, session)
        tools.wait(3)
        height = tools.send("Page.getLayoutMetrics", session=session)["cssContentSize"]["height"]
        tools.send("Emulation.setDeviceMetricsOverride",
                   {"width": 1280, "height": min(int(height), 6000), "deviceScaleFactor": 1, "mobile": False}, session)
        picture = tools.send("Page.captureScreenshot", {"format": "png"}, session)["data"]
        open(shot, "wb").write(base64.b64decode(picture))
        paper = tools.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}, session)["data"]
        open(printed, "wb").write(base64.b64decode(paper))
        tools.wait(1)
    finally:
        tools.close()
    requests, refusals = [], []
    for event in tools.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent" and params["request"]["url"] != url:
            requests.append(params["request"]["url"])
        if method == "Network.loadingFailed":
            refusals.append(f"failed load {params.get('blockedReason') or params.get('errorText')}")
        if method == "Log.entryAdded":
            entry = params["entry"]
            if entry.get("source") in ("security", "violation", "network") or "Refused" in entry.get("text", ""):
                refusals.append(entry.get("text", "")[:200])
        if method == "Runtime.exceptionThrown":
            refusals.append("a script ran and threw")
    if requests:
        fail(f"{path}: the page asked for {len(requests)} resources: {requests[:5]}")
    if refusals:
        fail(f"{path}: the browser refused or blocked something: {refusals[:5]}")
    if not requests and not refusals:
        print(f"rendered {path} in {os.path.basename(browser)} over DevTools: the page made no request "
              f"and nothing was refused; screenshot {shot}, printed {printed}")


# --------------------------------------------------------------------------- Markdown
MD_TAGS = {"p", "h1", "h2", "h3", "strong", "em", "code", "table", "thead", "tbody", "tr", "th",
           "td", "blockquote", "ul", "ol", "li", "hr", "a", "img", "br"}


class MdAudit(html.parser.HTMLParser):
    def __init__(self, name, figures):
        super().__init__(convert_charrefs=True)
        self.name, self.figures = name, figures

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in MD_TAGS:
            fail(f"{self.name}: the Markdown renders <{tag}>")
        if tag == "a" and attrs.get("href") not in self.figures:
            fail(f"{self.name}: the Markdown renders a link to {attrs.get('href')!r}")
        if tag == "img" and attrs.get("src") not in self.figures:
            fail(f"{self.name}: the Markdown renders an image from {attrs.get('src')!r}")


def audit_markdown(path, venv_python):
    stem = os.path.splitext(os.path.basename(path))[0]
    figures = {f"{stem}-{n}.{e}" for n in ("map", "timeline") for e in ("svg", "png")}
    rendered = subprocess.run([venv_python, "-c", (
        "import sys, cmarkgfm\n"
        "from cmarkgfm.cmark import Options\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "sys.stdout.write(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))\n"
    ), path], check=True, capture_output=True, text=True).stdout
    open(path + ".html", "w", encoding="utf-8").write(rendered)
    MdAudit(path, figures).feed(rendered)
    for figure in figures:
        if not os.path.exists(os.path.join(os.path.dirname(path), figure)):
            fail(f"{path}: figure {figure} is missing")
    print(f"rendered {path} with cmark-gfm (unsafe mode, autolinks on): {len(rendered)} characters of HTML")


# --------------------------------------------------------------------------- PDF
def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_text(path, page=None):
    command = ["pdftotext", "-enc", "UTF-8"]
    if page:
        command += ["-f", str(page), "-l", str(page)]
    return subprocess.run(command + [path, "-"], check=True, capture_output=True, text=True).stdout


def check_pdf(path, case, tlp, label):
    pages = pdf_pages(path)
    text = squash(pdf_text(path))
    title = squash(case["title"])
    if title not in text:
        fail(f"{path}: the title is not in the text")
    for page in range(1, pages + 1):
        on_page = pdf_text(path, page)
        if on_page.count(tlp) < 2:
            fail(f"{path}: page {page} shows {tlp} {on_page.count(tlp)} times, not in header and footer")
    raw = open(path, "rb").read()
    for token in (b"/JavaScript", b"/JS ", b"/JS(", b"/JS<", b"/Launch", b"/URI", b"/OpenAction",
                  b"/AA ", b"/AA<", b"/SubmitForm", b"/ObjStm"):
        if token in raw:
            fail(f"{path}: holds {token.decode()}")
    print(f"{label}: {path}: {pages} pages, {tlp} in header and footer of each, no actions")
    return text


# Every text of the marked corpus carries a token naming its level; imported with unmarked
# objects at TLP:GREEN, the KX-UNMARKED tokens are GREEN.
MARK_LEVELS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
TOKENS = [("KX-CLEAR-", 0), ("KX-GREEN-", 1), ("KX-UNMARKED-", 1), ("KX-AMBER-", 2),
          ("KX-AMBERSTRICT-", 3), ("KX-RED-", 4), ("kx-red.example", 4)]


def check_marked():
    """The marked corpus briefed at every label: the HTML as Chromium renders and prints it and
    the PDF as poppler reads it hold no token of a stricter level, and the label's own."""
    case = os.path.join(OUT, "marked.casebook.json")
    for stale in (case, case + ".bak"):
        if os.path.exists(stale):
            os.remove(stale)
    subprocess.run([BIN, "import", "tests/corpus/marked-bundle.json", "-o", case,
                    "--unmarked", "TLP:GREEN"], check=True, env=ENV, stdout=subprocess.DEVNULL)
    own = {0: "KX-CLEAR-campaign", 1: "KX-GREEN-group", 2: "KX-AMBER-group",
           3: "KX-AMBERSTRICT-persona", 4: "KX-RED-group"}
    for rank, level in enumerate(MARK_LEVELS):
        tlp = "TLP:" + level
        base = os.path.join(OUT, "marked-" + level.replace("+", "-"))
        for fmt in ("html", "pdf"):
            subprocess.run([BIN, "export", case, "--briefing", fmt, "-o", f"{base}.{fmt}",
                            "--tlp", tlp], check=True, env=ENV, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        render_html(base + ".html", base + "-html.png", base + "-html-printed.pdf")
        texts = {"PDF": pdf_text(base + ".pdf"),
                 "HTML source": open(base + ".html", encoding="utf-8").read()}
        if os.path.exists(base + "-html-printed.pdf"):
            texts["HTML printed by Chromium"] = pdf_text(base + "-html-printed.pdf")
        for what, text in texts.items():
            flat = squash(text)
            for token, token_rank in TOKENS:
                if token_rank > rank and token in flat:
                    fail(f"{base} {what} at {tlp} holds {token}")
        if own[rank] not in texts["HTML source"]:
            fail(f"{base}.html at {tlp} lacks {own[rank]}, which its label allows")
        check_pdf(base + ".pdf", {"title": "Imported from marked-bundle" if rank >= 1 else "Case briefing"},
                  tlp, f"marked at {tlp}")
        print(f"marked corpus at {tlp}: PDF, HTML and the HTML printed hold nothing stricter")


def main():
    venv = os.path.join("target", "briefing-venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "cmarkgfm>=2024.1"], check=True)

    # The browser check must be able to fail: a page that loads an image and runs a script
    # has to be caught before any briefing is believed clean.
    bad = os.path.join(OUT, "control-bad.html")
    open(bad, "w", encoding="utf-8").write(
        '<!DOCTYPE html><html><body><img src="https://evil.example/p.png">'
        '<script>fetch("https://evil.example/x")</script></body></html>')
    global in_control
    before = len(failures)
    in_control = True
    render_html(bad, bad + ".png", bad + ".pdf")
    in_control = False
    caught = failures[before:]
    del failures[before:]
    if not caught:
        fail("the browser check did not notice a page that loads an image and runs a script")
    else:
        print(f"control: a page with an image and a fetch is caught ({len(caught)} findings)")

    example = json.load(open(EXAMPLE, encoding="utf-8"))
    hostile = json.load(open(HOSTILE_CASE, encoding="utf-8"))
    for label, case_path, case in (("example", EXAMPLE, example), ("hostile", HOSTILE_CASE, hostile)):
        base = os.path.join(OUT, label)
        export(case_path, "html", base + ".html")
        export(case_path, "md", base + ".md")
        export(case_path, "pdf", base + ".pdf")
        audit_html(base + ".html")
        render_html(base + ".html", base + "-html.png", base + "-html-printed.pdf")
        if os.path.exists(base + "-html-printed.pdf"):
            check_pdf(base + "-html-printed.pdf", case, case["tlp"], f"{label} HTML printed")
        audit_markdown(base + ".md", python)
        text = check_pdf(base + ".pdf", case, case["tlp"], f"{label} PDF")
        subprocess.run(["pdftoppm", "-r", "70", "-f", "1", "-l", "1", "-png", base + ".pdf",
                        base + "-page"], check=True)
        if label == "example":
            names = {a["id"]: a["name"] for a in case["actors"]}
            events = {e["id"]: e["title"] for e in case["events"]}
            for j in case["judgments"]:
                if j.get("status") == "retracted":
                    continue
                subject = events.get(j["subject"]) or names.get(j["subject"])
                wanted = squash(f"that {names[j['actor']]} was responsible for “{subject}”")
                if wanted not in text:
                    fail(f"{base}.pdf: judgment {j['id']} ({wanted}) is not in the text")
            for s in case["sources"]:
                if squash(s["title"]) not in text:
                    fail(f"{base}.pdf: source {s['title']!r} is not in the text")
            print(f"example PDF: the title, {len(case['judgments'])} judgments and {len(case['sources'])} sources are all in the text")
        else:
            # The hostile strings are there as text, not evaluated.
            for literal in ("#set page(fill: red)", "<script>alert(1)</script>", "[U+202E]"):
                if literal not in text:
                    fail(f"{base}.pdf: {literal!r} is not shown as text")
            print("hostile PDF: Typst markup, script tags and direction overrides in the case show as plain text")
    check_marked()
    if failures:
        print(f"briefing check failed: {len(failures)} problems")
        sys.exit(1)
    print("briefing check passed")


main()
