"""The locked-down URL fetcher, alone and inside a real PDF render."""

from __future__ import annotations

import base64
import shutil
import socket
from pathlib import Path

import pytest

from pipeline.errors import CoproduceError
from pipeline.render import pdf
from pipeline.render.context import RenderContext
from tests.sample_doc import tiny_png
from tests.test_render_html import TEMPLATES, small_doc

weasyprint = pytest.importorskip("weasyprint")
from weasyprint.urls import FatalURLFetchingError  # noqa: E402

from pipeline.render.fetcher import RefusedURL, make_fetcher  # noqa: E402

PASSWD = Path("/etc/passwd")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    folder.mkdir()
    return folder


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test, so 'refused' means 'never tried'."""

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("the fetcher tried to connect")

    monkeypatch.setattr(socket.socket, "connect", boom)
    monkeypatch.setattr(socket, "create_connection", boom)
    monkeypatch.setattr(socket, "getaddrinfo", boom)


def read(response: object) -> bytes:
    return response.read()  # type: ignore[attr-defined, no-any-return]


# ---------------------------------------------------------------- unit


def test_serves_a_file_inside_a_root(root: Path) -> None:
    (root / "style.css").write_text("p { color: red }")
    response = make_fetcher([root]).fetch((root / "style.css").as_uri())
    assert read(response) == b"p { color: red }"
    assert response.content_type == "text/css"


def test_serves_data_urls() -> None:
    fetcher = make_fetcher([])
    png = base64.b64encode(b"\x89PNG fake").decode()
    response = fetcher.fetch(f"data:image/png;base64,{png}")
    assert read(response) == b"\x89PNG fake" and response.content_type == "image/png"
    response = fetcher.fetch("data:text/css,p%20%7B%7D")
    assert read(response) == b"p {}" and response.content_type == "text/css"


def test_refused_is_fatal_and_carries_the_url() -> None:
    assert issubclass(RefusedURL, FatalURLFetchingError)
    fetcher = make_fetcher([])
    with pytest.raises(RefusedURL) as info:
        fetcher.fetch("file:///etc/passwd")
    assert info.value.url == "file:///etc/passwd"
    assert [r.url for r in fetcher.refused] == ["file:///etc/passwd"]


def test_refuses_etc_passwd(root: Path) -> None:
    with pytest.raises(RefusedURL):
        make_fetcher([root]).fetch("file:///etc/passwd")


def test_refuses_dot_dot_escape(root: Path) -> None:
    secret = root.parent / "secret.txt"
    secret.write_text("secret")
    url = root.as_uri() + "/../secret.txt"
    with pytest.raises(RefusedURL):
        make_fetcher([root]).fetch(url)
    with pytest.raises(RefusedURL):
        make_fetcher([root]).fetch(root.as_uri() + "/%2e%2e/secret.txt")


def test_refuses_symlink_inside_root_pointing_outside(root: Path) -> None:
    secret = root.parent / "secret.txt"
    secret.write_text("secret")
    (root / "looks-fine.css").symlink_to(secret)
    (root / "dir-link").symlink_to(root.parent, target_is_directory=True)
    fetcher = make_fetcher([root])
    with pytest.raises(RefusedURL):
        fetcher.fetch((root / "looks-fine.css").as_uri())
    with pytest.raises(RefusedURL):
        fetcher.fetch((root / "dir-link" / "secret.txt").as_uri())


def test_serves_symlink_that_stays_inside(root: Path) -> None:
    (root / "real.css").write_text("a {}")
    (root / "alias.css").symlink_to(root / "real.css")
    assert read(make_fetcher([root]).fetch((root / "alias.css").as_uri())) == b"a {}"


def test_refuses_directories_missing_files_and_remote_hosts(root: Path) -> None:
    (root / "sub").mkdir()
    fetcher = make_fetcher([root])
    for url in (
        (root / "sub").as_uri(),
        (root / "absent.css").as_uri(),
        "file://otherhost" + str(root / "x.css"),
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://127.0.0.1:9/x",
        "ftp://127.0.0.1:9/x",
        "HTTP://example.org/",
        "//127.0.0.1:9/x",
        "gopher://127.0.0.1:9/",
    ],
)
def test_refuses_other_schemes_without_connecting(root: Path, url: str) -> None:
    with pytest.raises(RefusedURL):
        make_fetcher([root]).fetch(url)


# ---------------------------------------------------------- end to end


def templates_with(tmp_path: Path, *, page: str | None = None, extra_css: str = "") -> Path:
    """A copy of the shipped templates, optionally with a changed page or stylesheet."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("default"))
    if page is not None:
        (templates / "response.html.j2").write_text(page)
    if extra_css:
        css = templates / "style.css"
        css.write_text(extra_css + "\n" + css.read_text())
    return templates


MINIMAL_PAGE = """<!DOCTYPE html>
<html lang="{{ meta.language }}"><head><meta charset="utf-8"><title>{{ meta.title }}</title>
<style>{{ css }}</style>%s</head><body><h1>{{ meta.title }}</h1>%s{{ body }}</body></html>
"""


def render_with(templates: Path, response_dir: Path) -> bytes:
    return pdf.render(small_doc(), RenderContext(templates=templates, response_dir=response_dir))


@pytest.mark.slow
@pytest.mark.skipif(not PASSWD.is_file(), reason="needs /etc/passwd to try to leak")
def test_default_fetcher_would_leak_passwd(tmp_path: Path) -> None:
    """The control: without our fetcher, this template really embeds /etc/passwd, so the tests below mean something."""
    import pypdf

    html = '<html><head><link rel="attachment" href="file:///etc/passwd"></head><body>x</body></html>'
    data = weasyprint.HTML(string=html).write_pdf()
    out = tmp_path / "leak.pdf"
    out.write_bytes(data)
    attachments = pypdf.PdfReader(out).attachments
    assert any(b"root:" in body for bodies in attachments.values() for body in bodies)


@pytest.mark.slow
def test_attachment_link_to_etc_passwd_stops_the_render(tmp_path: Path) -> None:
    response_dir = tmp_path / "response"
    response_dir.mkdir()
    templates = templates_with(tmp_path, page=MINIMAL_PAGE % ('<link rel="attachment" href="file:///etc/passwd">', ""))
    with pytest.raises(CoproduceError) as info:
        render_with(templates, response_dir)
    [problem] = info.value.problems
    assert problem.path == "templates/response.html.j2"
    assert "file:///etc/passwd" in problem.message and "templates/" in problem.message
    assert "root:x:0:0" not in str(info.value)


@pytest.mark.slow
def test_css_import_of_etc_passwd_stops_the_render(tmp_path: Path) -> None:
    response_dir = tmp_path / "response"
    response_dir.mkdir()
    templates = templates_with(tmp_path, extra_css='@import url("file:///etc/passwd");')
    with pytest.raises(CoproduceError, match="file:///etc/passwd"):
        render_with(templates, response_dir)


@pytest.mark.slow
@pytest.mark.usefixtures("no_network")
def test_network_image_stops_the_render_without_connecting(tmp_path: Path) -> None:
    response_dir = tmp_path / "response"
    response_dir.mkdir()
    templates = templates_with(tmp_path, page=MINIMAL_PAGE % ("", '<img src="http://127.0.0.1:9/x" alt="">'))
    with pytest.raises(CoproduceError, match="http://127.0.0.1:9/x"):
        render_with(templates, response_dir)


@pytest.mark.slow
def test_svg_image_reaching_outside_is_caught(tmp_path: Path) -> None:
    """WeasyPrint swallows errors while drawing SVG; the fetcher's record still stops the build."""
    response_dir = tmp_path / "response"
    response_dir.mkdir()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
        '<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>'
    )
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    templates = templates_with(tmp_path, page=MINIMAL_PAGE % ("", f'<img src="{uri}" alt="">'))
    with pytest.raises(CoproduceError, match="file:///etc/passwd"):
        render_with(templates, response_dir)


@pytest.mark.slow
def test_relative_file_in_response_folder_is_allowed(tmp_path: Path) -> None:
    import io

    import pypdf

    response_dir = tmp_path / "response"
    response_dir.mkdir()
    tiny_png(response_dir / "chart.png")
    templates = templates_with(tmp_path, page=MINIMAL_PAGE % ("", '<img src="chart.png" alt="A chart">'))
    data = render_with(templates, response_dir)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert page.images, "the image from the response folder should be in the PDF"
