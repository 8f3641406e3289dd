"""The course as a website (``make site``): built offline with warnings as errors, a page per
notebook with every figure, links that resolve, and nothing fetched from elsewhere but badges."""

from __future__ import annotations

import base64
import hashlib
import os
import html
import html.parser
import re
import shutil
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from tools import site

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = site.notebooks()
BADGE_HOSTS = ("mybinder.org", "colab.research.google.com")  # badges: plain images and links


class Page(html.parser.HTMLParser):
    """The references of one HTML page: (tag, attribute, value, rel) tuples, its ids and inline scripts."""

    def __init__(self, text: str):
        super().__init__()
        self.refs: list[tuple[str, str, str, str]] = []
        self.ids: set[str] = set()
        self.inline_scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        for attribute in ("href", "src"):
            if attrs.get(attribute):
                self.refs.append((tag, attribute, attrs[attribute], attrs.get("rel") or ""))
        self._in_script = tag == "script" and not attrs.get("src")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def text_of(path: Path) -> str:
    """A page's text, tags removed, blanks collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))))


def is_remote(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site, built once into a temporary folder, by a Sphinx with the network switched off
    (tests/offline); warnings are errors: site.build raises on any."""
    where = tmp_path_factory.mktemp("site")
    offline = os.pathsep.join([str(ROOT / "tests" / "offline"), str(ROOT), os.environ.get("PYTHONPATH", "")])
    start = time.perf_counter()
    site.build(where / "html", source=where / "src", env={**os.environ, "PYTHONPATH": offline})
    seconds = time.perf_counter() - start
    print(f"\nsite built in {seconds:.1f} s, {site.size_mib(where / 'html'):.1f} MiB")
    return where / "html"


@pytest.fixture(scope="module")
def pages(built):
    """Every HTML page (the theme's template fragments in _static/ are assets, not pages)."""
    return {path: Page(path.read_text(encoding="utf-8")) for path in sorted(built.rglob("*.html"))
            if "_static" not in path.relative_to(built).parts}


def test_every_notebook_has_a_page_in_order(built):
    assert NOTEBOOKS, "no notebooks"
    for path in NOTEBOOKS:
        assert (built / "notebooks" / f"{path.stem}.html").exists(), f"no page for {path.name}"
    index = (built / "index.html").read_text(encoding="utf-8")
    positions = [index.find(f'href="notebooks/{p.stem}.html"') for p in NOTEBOOKS]
    assert all(p >= 0 for p in positions), f"the landing page does not link every notebook: {positions}"
    assert positions == sorted(positions), "the landing page lists the notebooks out of order"


def test_landing_page_is_the_readme_introduction_and_syllabus(built):
    sections = site.readme_sections((ROOT / "README.md").read_text())
    index = text_of(built / "index.html")
    assert "Syllabus" in index
    paragraphs = [p for p in sections["introduction"].split("\n\n") if p[:1].isalpha()]
    first_sentence = re.sub(r"\s+", " ", paragraphs[0]).split(":")[0]
    assert first_sentence in index, "the README's introduction is not on the landing page"


def test_teachers_guide_and_api_pages(built):
    guide = text_of(built / "teachers.html")
    assert "nbgrader autograde" in guide and "nbgrader generate_feedback" in guide
    api = (built / "api.html").read_text(encoding="utf-8")
    for module in site.public_modules():
        assert f'id="module-{module}"' in api, f"the API page does not document {module}"
    assert 'id="helpers.checks.CheckFailed"' in api or "CheckFailed" in api


def png_digests(path: Path) -> list[str]:
    """The sha256 of every PNG output of a notebook, live widget views aside."""
    nb = nbformat.read(path, as_version=4)
    digests = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and site.WIDGET_VIEW not in data:
                digests.append(hashlib.sha256(base64.b64decode(data["image/png"])).hexdigest())
    return digests


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_figure_of_the_notebook_is_on_its_page(built, pages, notebook):
    page_path = built / "notebooks" / f"{notebook.stem}.html"
    shown = set()
    for tag, attribute, url, _ in pages[page_path].refs:
        if tag == "img" and not is_remote(url):
            if url.startswith("data:image/png;base64,"):
                shown.add(hashlib.sha256(base64.b64decode(url.split(",", 1)[1])).hexdigest())
            else:
                target = (page_path.parent / unquote(urlsplit(url).path)).resolve()
                if target.is_file():
                    shown.add(hashlib.sha256(target.read_bytes()).hexdigest())
    figures = png_digests(notebook)
    missing = [i for i, digest in enumerate(figures) if digest not in shown]
    assert not missing, f"{notebook.name}: figures {missing} of {len(figures)} are not on its page"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_page_keeps_badges_and_a_download_link(built, pages, notebook):
    page_path = built / "notebooks" / f"{notebook.stem}.html"
    refs = pages[page_path].refs
    links = [url for tag, _, url, _ in refs if tag == "a"]
    assert any("mybinder.org" in u and notebook.name in u for u in links), f"{notebook.name}: no Binder badge"
    assert any("colab.research.google.com" in u and notebook.name in u for u in links), f"{notebook.name}: no Colab badge"
    downloads = [u for u in links if u.endswith(f"/{notebook.name}") and "_downloads" in u]
    assert downloads, f"{notebook.name}: no download link"
    target = (page_path.parent / unquote(downloads[0])).resolve()
    assert target.read_bytes() == notebook.read_bytes(), "the download is not the notebook as committed"


def test_every_internal_link_resolves(built, pages):
    broken = []
    for page_path, page in pages.items():
        for tag, attribute, url, _ in page.refs:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith(("data:", "mailto:", "javascript:")):
                continue
            target = (page_path.parent / unquote(parts.path)).resolve() if parts.path else page_path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page_path.relative_to(built)}: {url}")
            elif parts.fragment and target.suffix == ".html" and target in pages:
                if unquote(parts.fragment) not in pages[target].ids:
                    broken.append(f"{page_path.relative_to(built)}: {url} (no such anchor)")
    assert not broken, f"{len(broken)} broken internal links, for example: {broken[:10]}"


def test_pages_load_no_remote_script_or_stylesheet(built, pages):
    remote = []
    for page_path, page in pages.items():
        for tag, attribute, url, rel in page.refs:
            if not is_remote(url):
                continue
            host = urlsplit(url if not url.startswith("//") else "https:" + url).hostname or ""
            if tag == "a":
                continue  # a link the reader may follow, not something the page loads
            if tag == "img" and host.endswith(BADGE_HOSTS):
                continue  # Binder and Colab badges
            remote.append(f"{page_path.relative_to(built)}: <{tag} {attribute}={url}>")
        for script in page.inline_scripts:
            for url in re.findall(r"https?://[^\s\"'<>)]+", script):
                remote.append(f"{page_path.relative_to(built)}: inline script mentions {url}")
    for css in built.rglob("*.css"):
        for url in re.findall(r"(?:@import\s+|url\()\s*[\"']?((?:https?:)?//[^\"')\s]+)", css.read_text(errors="replace")):
            remote.append(f"{css.relative_to(built)}: {url}")
    assert not remote, f"the site loads from elsewhere: {remote[:10]}"


def test_math_is_rendered_from_a_local_mathjax(built, pages):
    page_path = built / "notebooks" / f"{NOTEBOOKS[0].stem}.html"
    scripts = [url for tag, attribute, url, _ in pages[page_path].refs if tag == "script" and "mathjax" in url.lower()]
    assert scripts, "no MathJax on a notebook page with math"
    for url in scripts:
        assert not is_remote(url) and (page_path.parent / urlsplit(url).path).resolve().is_file(), url


def test_widget_views_are_left_out_and_widget_javascript_is_not_loaded(built, pages):
    for page_path, page in pages.items():
        text = page_path.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in text, f"{page_path.name} holds a live widget view"
        assert not any("require" in url and tag == "script" for tag, _, url, _ in page.refs), page_path.name


def test_a_broken_link_in_a_notebook_fails_the_build(tmp_path):
    """Warnings are errors: a notebook linking to a notebook that does not exist stops the build."""
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Next: [a notebook that is not there](99_not_there.ipynb)"))
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / NOTEBOOKS[0].name)
    with pytest.raises(RuntimeError, match="99_not_there"):
        site.build(tmp_path / "html", source=tmp_path / "src", notebooks_from=tmp_path / "notebooks")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine: install Debian's package (apt-get install chromium)")
def test_math_renders_in_a_browser_from_the_local_copy(built):
    """Open a notebook page with math from disk: MathJax typesets it, every file it asks for is
    there, and nothing but the badges is requested from elsewhere."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with_math = next(p for p in NOTEBOOKS if "$" in "".join(
        c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "markdown"))
    requested, failed = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto((built / "notebooks" / f"{with_math.stem}.html").as_uri())
        page.wait_for_selector("mjx-container", timeout=30_000)
        page.wait_for_load_state("networkidle")
        typeset = page.locator("mjx-container").count()
        browser.close()
    assert typeset > 0
    local_failures = [u for u in failed if u.startswith("file:")]
    assert not local_failures, f"the page asked for files the site lacks: {local_failures}"
    remote = [u for u in requested if not u.startswith(("file:", "data:")) and urlsplit(u).hostname not in BADGE_HOSTS]
    assert not remote, f"the page requested {remote}"
