"""The course as a website (``make site``): built offline with warnings as errors, a page per
notebook with every figure, links that resolve, and nothing fetched from elsewhere; exercises read
as a course (task, empty answer area, the solution folded behind "Show a solution"), no hidden test
and no nbgrader marker anywhere, the student version to download, badges as local images."""

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
OUTPUT = ROOT / "tests" / "output"
NOTEBOOKS = site.notebooks()


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


def as_built(built: Path, notebook: Path) -> Path:
    """The copy of ``notebook`` the site was built from (site.stage snapshots every notebook once),
    so that a notebook saved while the tests run cannot make the page and its source disagree."""
    copy = built.parent / "src" / "_snapshot" / notebook.name
    return copy if copy.exists() else notebook


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


def png_digests(path: Path, skip: set[int] = frozenset()) -> list[str]:
    """The sha256 of every PNG output of a notebook, live widget views and the cells ``skip`` aside."""
    nb = nbformat.read(path, as_version=4)
    digests = []
    for i, cell in enumerate(nb.cells):
        if i in skip:
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data and site.WIDGET_VIEW not in data:
                digests.append(hashlib.sha256(base64.b64decode(data["image/png"])).hexdigest())
    return digests


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_figure_of_the_notebook_is_on_its_page(built, pages, notebook):
    notebook = as_built(built, notebook)
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
    figures = png_digests(notebook, skip=site.key_figure_cells(nbformat.read(notebook, as_version=4)))
    missing = [i for i, digest in enumerate(figures) if digest not in shown]
    assert not missing, f"{notebook.name}: figures {missing} of {len(figures)} are not on its page"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_page_keeps_badges_and_offers_the_student_version(built, pages, notebook):
    notebook = as_built(built, notebook)
    page_path = built / "notebooks" / f"{notebook.stem}.html"
    refs = pages[page_path].refs
    links = [url for tag, _, url, _ in refs if tag == "a"]
    assert any("mybinder.org" in u and notebook.name in u for u in links), f"{notebook.name}: no Binder badge"
    assert any("colab.research.google.com" in u and notebook.name in u for u in links), f"{notebook.name}: no Colab badge"
    downloads = [u for u in links if u.endswith(f"/{notebook.name}") and "_downloads" in u]
    assert downloads, f"{notebook.name}: no download link"
    student = (page_path.parent / unquote(downloads[0])).resolve()
    text = student.read_text(encoding="utf-8")
    for marker in MARKERS:
        assert marker not in text, f"the download of {notebook.name} holds {marker!r}: it is not the student version"
    blank, instructor = nbformat.reads(text, as_version=4), nbformat.read(notebook, as_version=4)
    assert len(blank.cells) == len(instructor.cells), f"{notebook.name}: the download is not this notebook"
    for mine, theirs in zip(blank.cells, instructor.cells):
        if mine.cell_type == "code":
            assert mine.outputs == [], f"the download of {notebook.name} has outputs"
        if nb_meta(theirs).get("solution") and theirs.cell_type == "code":
            assert "raise NotImplementedError" in mine.source, f"{notebook.name}: a solution is not stubbed"
        elif not nb_meta(theirs):
            assert mine.source == theirs.source, f"the download of {notebook.name} changed a lesson cell"
    assert "instructor version" in text_of(page_path), f"{notebook.name}: the page does not say where the instructor version is"


MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS")
DETAILS = re.compile(r"<details\b([^>]*)>(.*?)</details>", re.DOTALL)


def nb_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def folded_and_open_text(path: Path) -> tuple[list[tuple[str, str]], str]:
    """A page's folded blocks, as (summary, text) pairs, and the page's text outside them."""
    page = path.read_text(encoding="utf-8")
    folded = []
    for attributes, body in DETAILS.findall(page):
        assert not re.search(r"\bopen\b", attributes), f"{path.name}: a folded block is open by default"
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", body, re.DOTALL)
        folded.append((text_of_html(summary.group(1) if summary else ""), text_of_html(body)))
    return folded, text_of_html(DETAILS.sub(" ", page))


def text_of_html(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def code_text(line: str) -> str:
    """A code line as a page's text shows it: Pygments puts every token in a span, so compare without blanks."""
    return re.sub(r"\s+", "", line)


def test_no_nbgrader_marker_anywhere_on_the_site(built):
    """Not as text, not as a heading or a table-of-contents entry, not in a download or the search index."""
    found = []
    for path in built.rglob("*"):
        if not path.is_file() or path.suffix not in (".html", ".js", ".ipynb", ".txt", ".json"):
            continue
        if "_static" in path.relative_to(built).parts and path.name != "searchindex.js":
            continue  # the theme's and MathJax's own files
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = text_of_html(raw) if path.suffix == ".html" else raw
        for marker in MARKERS:
            if marker in text or marker.replace(" ", "") in re.sub(r"\s+", "", text):
                found.append(f"{path.relative_to(built)}: {marker}")
    assert not found, f"nbgrader markers on the site: {found[:10]}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_solution_is_folded_behind_a_toggle_after_an_empty_answer_area(built, notebook):
    notebook = as_built(built, notebook)
    nb = nbformat.read(notebook, as_version=4)
    page_path = built / "notebooks" / f"{notebook.stem}.html"
    folded, open_text = folded_and_open_text(page_path)
    toggles = [text for summary, text in folded if site.SHOW_SOLUTION in summary]
    solutions = [c for c in nb.cells if nb_meta(c).get("solution")]
    assert solutions, f"{notebook.name} has no exercise"
    assert len(toggles) == len(solutions), f"{notebook.name}: {len(solutions)} solutions, {len(toggles)} toggles"
    open_code = code_text(open_text)
    # what the page may show openly: every cell but the solution regions
    elsewhere = code_text("\n".join(
        c.source.split("### BEGIN SOLUTION")[0] + c.source.split("### END SOLUTION")[-1]
        if nb_meta(c).get("solution") else c.source for c in nb.cells))
    for cell, toggle in zip(solutions, toggles):
        region = cell.source.split("### BEGIN SOLUTION", 1)[-1].split("### END SOLUTION", 1)[0]
        if cell.cell_type == "code":
            assert "YOURCODEHERE" in open_code, f"{notebook.name}: no empty answer area"
            specific = [code_text(line) for line in region.splitlines()  # lines only the solution has
                        if len(line.strip()) > 20 and code_text(line) not in elsewhere]
            for line in specific:
                assert line in code_text(toggle), f"{notebook.name}: solution line {line!r} is not in its toggle"
                assert line not in open_code, f"{notebook.name}: solution line {line!r} is in full view"
        else:
            assert "Your answer here" in open_text, f"{notebook.name}: no answer area for a written answer"
            words = re.findall(r"[A-Za-z]{3,}(?: [A-Za-z]{3,}){4}", region)
            assert words, f"{notebook.name}: a written answer without a plain phrase to look for"
            assert words[0] in toggle, f"{notebook.name}: the written answer {words[0]!r}... is not in its toggle"
            assert words[0] not in open_text, f"{notebook.name}: the written answer {words[0]!r}... is in full view"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_hidden_test_key_figures_or_open_colab_lines_on_the_page(built, notebook):
    notebook = as_built(built, notebook)
    nb = nbformat.read(notebook, as_version=4)
    page_path = built / "notebooks" / f"{notebook.stem}.html"
    page_code = code_text(text_of(page_path))
    visible = "\n".join(c.source.split("### BEGIN HIDDEN TESTS")[0] + c.source.split("### END HIDDEN TESTS")[-1]
                        for c in nb.cells)
    hidden = [line for c in nb.cells if "### BEGIN HIDDEN TESTS" in c.source
              for line in c.source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS")[0].splitlines()
              if len(line.strip()) > 15 and code_text(line) not in code_text(visible)]
    assert hidden or not any("### BEGIN HIDDEN TESTS" in c.source for c in nb.cells)
    for line in hidden:
        assert code_text(line) not in page_code, f"{notebook.name}: the page shows hidden test {line.strip()!r}"
    assert "Key figures" not in text_of(page_path), f"{notebook.name}: the key-figures cell is on the page"
    assert "helpers.record(" not in page_code, f"{notebook.name}: the page shows the bench's helpers.record calls"
    folded, open_text = folded_and_open_text(page_path)
    if any("google.colab" in c.source for c in nb.cells):
        assert "google.colab" not in code_text(open_text), f"{notebook.name}: the Colab lines are in full view"
        assert any("Colab" in summary and "google.colab" in code_text(text) for summary, text in folded)


def test_every_image_is_a_local_file_badges_included(built, pages):
    remote, missing, badges = [], [], 0
    for page_path, page in pages.items():
        for tag, attribute, url, _ in page.refs:
            if tag != "img":
                continue
            if is_remote(url):
                remote.append(f"{page_path.relative_to(built)}: {url}")
            elif not url.startswith("data:"):
                target = (page_path.parent / unquote(urlsplit(url).path)).resolve()
                missing += [] if target.is_file() else [f"{page_path.relative_to(built)}: {url}"]
                badges += target.suffix == ".svg" and target.stem in ("binder", "colab")
    assert not remote, f"images loaded from elsewhere (broken offline): {remote[:5]}"
    assert not missing, f"images the site lacks: {missing[:5]}"
    assert badges >= 2 * len(NOTEBOOKS), f"only {badges} local badge images for {len(NOTEBOOKS)} notebook pages"


def test_code_wraps_instead_of_scrolling_sideways(built, pages):
    page_path = built / "notebooks" / f"{NOTEBOOKS[0].stem}.html"
    sheets = [url for tag, _, url, rel in pages[page_path].refs if tag == "link" and url.split("?")[0].endswith("course.css")]
    assert sheets, "the notebook pages do not load course.css"
    css = (page_path.parent / urlsplit(sheets[0]).path).resolve().read_text()
    assert "pre-wrap" in css and "cell_input" in css


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
            if tag == "a":
                continue  # a link the reader may follow, not something the page loads
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
    there, and nothing is requested from elsewhere (the badges are local images too)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with_math = next(p for p in NOTEBOOKS if "$" in "".join(
        c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "markdown"))
    requested, failed = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto((built / "notebooks" / f"{with_math.stem}.html").as_uri(), timeout=120_000)
        page.wait_for_selector("mjx-container", timeout=60_000)
        # Wait for MathJax itself to finish (its start-up promise settles once the page is typeset
        # and the parts it loads are in), then for the fonts it asked for. Not "networkidle": that
        # waits for 500 ms without any request, which a busy machine may never show in time, and
        # any request made (a remote one too) is recorded above whether or not it ever completes.
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                               timeout=60_000)
        page.evaluate("() => MathJax.startup.promise.then(() => document.fonts.ready).then(() => true)")
        typeset = page.locator("mjx-container").count()
        browser.close()
    assert typeset > 0
    local_failures = [u for u in failed if u.startswith("file:")]
    assert not local_failures, f"the page asked for files the site lacks: {local_failures}"
    remote = [u for u in requested if not u.startswith(("file:", "data:"))]
    assert not remote, f"the page requested {remote}"


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine: install Debian's package (apt-get install chromium)")
def test_a_folded_solution_unfolds_in_a_browser_and_code_does_not_scroll_sideways(built):
    """Open a notebook page from disk: the first "Show a solution" is closed and its code invisible;
    a click shows the code. No code block is wider than its box at the theme's width."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    notebook = as_built(built, NOTEBOOKS[0])
    cell = next(c for c in nbformat.read(notebook, as_version=4).cells
                if nb_meta(c).get("solution") and c.cell_type == "code")
    region = cell.source.split("### BEGIN SOLUTION", 1)[-1].split("### END SOLUTION", 1)[0]
    line = next(x.strip() for x in region.splitlines() if len(x.strip()) > 10)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((built / "notebooks" / f"{notebook.stem}.html").as_uri())
        toggle = page.locator("details", has=page.locator("summary", has_text=site.SHOW_SOLUTION)).first
        toggle.scroll_into_view_if_needed()
        was_open = toggle.evaluate("d => d.open")
        code = toggle.locator("div.cell_input pre").first
        hidden_before = not code.is_visible()
        page.screenshot(path=str(OUTPUT / "site_solution_folded.png"))
        toggle.locator("summary").click()
        code.wait_for(state="visible", timeout=10_000)
        shown = code.inner_text()
        page.screenshot(path=str(OUTPUT / "site_solution_unfolded.png"))
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        wide = page.evaluate("""() => [...document.querySelectorAll('div.cell_input pre, div.cell_output pre')]
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.innerText.split('\\n')[0].slice(0, 80))""")
        browser.close()
    assert not was_open and hidden_before, "the solution is open before the reader asks for it"
    assert line in shown, f"unfolding did not show the solution ({line!r} not in {shown[:200]!r})"
    assert not wide, f"code blocks scroll sideways: {wide[:5]}"
