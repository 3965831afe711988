"""The drafts tests' shared fixtures, and a guard: the desk turns an error in pulje into a
DOC038 finding (so one file never stops a batch), which must not hide a bug from the tests.
Every test here fails if the desk logged such an error, unless it is marked
``internal_error`` (it forces one on purpose)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import drafts_samples as samples
import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "internal_error: the test forces an error in pulje while checking a file",
    )


@pytest.fixture(autouse=True)
def _no_hidden_internal_errors(request: pytest.FixtureRequest,
                               caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    yield
    if request.node.get_closest_marker("internal_error"):
        return
    errors = [r for when in ("setup", "call") for r in caplog.get_records(when)
              if r.name == "pulje.desk" and r.levelno >= logging.ERROR]
    assert not errors, "the desk hid an error in pulje as DOC038:\n" + "\n".join(
        caplog.handler.format(r) for r in errors)


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example application's form as LibreOffice lays it out (one run per session)."""
    if samples.REAL_SOFFICE is None:
        pytest.skip("LibreOffice is needed")
    from pulje.office import convert_to_pdf

    work = tmp_path_factory.mktemp("eksempel-pdf")
    form = samples.form_only(work / "albertslund.docx")
    pdf = convert_to_pdf([form], work / "pdf")[form]
    assert isinstance(pdf, Path), pdf
    return pdf


@pytest.fixture
def pdf_copy(example_pdf: Path) -> Callable[[Path], Path]:
    """Copy the example PDF to a path (any name)."""
    def copy(target: Path) -> Path:
        shutil.copyfile(example_pdf, target)
        return target
    return copy
