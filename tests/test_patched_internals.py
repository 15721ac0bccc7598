"""Where coproduce reaches into another library's internals, those internals are still there.

pyproject.toml bounds these libraries to the versions tested; when a bound is lifted, this test
says at once which patch no longer applies, instead of the patch quietly doing nothing
(both patches fall back to doing nothing rather than failing a build).
"""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def test_weasyprint_still_builds_its_tag_tree_where_pdf_structure_listens() -> None:
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    assert build is not None, "weasyprint.pdf.tags._build_box_tree is gone: render/pdf_structure.py records nothing"
    assert inspect.isgeneratorfunction(build), "_build_box_tree is no longer a generator: recording() wraps it as one"


def test_pydyf_page_references_is_still_the_property_pydyf_patch_caches() -> None:
    import pydyf

    prop = pydyf.PDF.__dict__.get("page_references")
    assert isinstance(prop, property) and prop.fget is not None, "pydyf.PDF.page_references moved: no cache applies"


def test_a_connection_still_sends_every_message_through_send_bytes() -> None:
    """render/pdf_parts._follow holds a pool child's exit until a result it is sending is sent whole."""
    from multiprocessing import connection

    assert "self._send_bytes(" in inspect.getsource(connection._ConnectionBase.send_bytes)
    assert "self._send_bytes(" in inspect.getsource(connection._ConnectionBase.send)
    assert callable(getattr(connection.Connection, "_send_bytes", None))


def test_installed_versions_are_within_the_bounds_declared() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    bounded = {r.name.lower(): r for r in map(Requirement, declared) if any(s.operator == "<" for s in r.specifier)}
    assert {"weasyprint", "pydyf", "pikepdf"} <= set(bounded), "the patched libraries need an upper bound"
    for name, requirement in bounded.items():
        assert requirement.specifier.contains(version(name)), f"{name} {version(name)} is outside {requirement}"


def test_python_docx_still_saves_a_package_in_the_steps_package_bytes_takes() -> None:
    """render/docx.package_bytes writes python-docx's package through PackageWriter's own three steps, in
    OpcPackage.save's order, into a zip of fixed entries: the steps and their order are still python-docx's."""
    from docx.opc.package import OpcPackage
    from docx.opc.pkgwriter import PackageWriter

    steps = ["_write_content_types_stream", "_write_pkg_rels", "_write_parts"]
    source = inspect.getsource(PackageWriter.write)
    assert all(f"PackageWriter.{step}(" in source for step in steps), "PackageWriter.write's steps changed"
    assert [source.index(step) for step in steps] == sorted(source.index(step) for step in steps)
    assert "before_marshal()" in inspect.getsource(OpcPackage.save), "OpcPackage.save no longer marshals first"
