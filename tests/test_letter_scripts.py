"""Names in any script print correctly in the letter: Sámi (č đ ŋ š ŧ ž á), Cyrillic and Arabic, in a font the
project ships (DejaVu Sans, service/typesetting/fonts/), Arabic joined and laid out right to left."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    run_jobs,
)
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    decision_url,
    granted,
    pdf_text,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)
from tests.letter_support import facts, flat, render

SAMI = "Sámediggi – Ohcejoga čđŋšŧž ČĐŊŠŦŽ"
CYRILLIC = "Ассоциация мигрантов"
ARABIC = "جمعية المهاجرين"
CONTACT = "Máret Ŋuolla-Šávžžá"


def drawn(data: bytes) -> list[tuple[str, str]]:
    """What the letter draws, in the order it is drawn: (font, text) of each text-showing operation, its bytes
    mapped to characters by the font's ToUnicode map. Unlike a text extractor, which puts right-to-left runs
    back into reading order by guesswork, this is the order of the glyphs on the page, left to right."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(data))
    shown: list[tuple[str, str]] = []
    for page in reader.pages:
        maps = {}
        for key, font in page["/Resources"]["/Font"].items():
            font = font.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1") if "/ToUnicode" in font else ""
            pairs = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
            maps[key] = (str(font["/BaseFont"]).split("+")[-1], {int(c, 16): chr(int(u, 16)) for c, u in pairs})
        font, codes = "", {}
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font, codes = maps[operands[0]]
            elif operator in (b"Tj", b"TJ"):
                parts = operands[0] if operator == b"TJ" else [operands[0]]
                raw = b"".join(part.original_bytes for part in parts if hasattr(part, "original_bytes"))
                shown.append((font, "".join(codes.get(byte, "\ufffd") for byte in raw)))
    return shown


ARABIC_LETTERS = "\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff"


def arabic_runs(text: str) -> list[str]:
    """The runs of Arabic letters (presentation forms included) in a text, with the spaces between them."""
    return [run.strip() for run in re.findall(f"[{ARABIC_LETTERS}][{ARABIC_LETTERS} ]*", text)]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_sami_cyrillic_and_arabic_names_print_in_a_font_that_has_every_letter(app, language):
    from reportlab.pdfbase.ttfonts import TTFontFile

    from service.typesetting import FONTS

    data = render(
        app,
        facts(
            app,
            "fi",
            language,
            applicant_name=ARABIC,
            partners=[(SAMI, "1234567-8"), (CYRILLIC, ""), (ARABIC, "7654321-0")],
            contact_name=CONTACT,
            prepared_by=CONTACT,
            approved_by=CYRILLIC,
        ),
    )
    text = flat(pdf_text(data))
    for name in (SAMI, CYRILLIC, CONTACT):
        assert name in text, name
    shown = drawn(data)
    # every text is drawn in the project's DejaVu Sans, which has a glyph for every character drawn
    assert {font for font, _ in shown} <= {"DejaVuSans", "DejaVuSans-Bold"}
    for file in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        glyphs = TTFontFile(str(FONTS / file)).charToGlyph
        assert {char for _, part in shown for char in part if ord(char) not in glyphs} == set(), file
    # Arabic is drawn joined (each letter in its initial, medial, final or isolated form: Unicode's presentation
    # forms) and right to left: the glyphs, in the order they are drawn, reversed and compatibility-normalised,
    # are the name; the applicant and the partner
    runs = [run for _, part in shown for run in arabic_runs(part)]
    assert len(runs) == 2, runs
    for run in runs:
        assert all("\ufb50" <= char <= "\ufeff" for char in run.replace(" ", "")), run
        assert unicodedata.normalize("NFKC", run)[::-1] == ARABIC, run
    # the number beside the Arabic name keeps its place after it (the name is set as an isolate)
    assert any(f"{runs[1]} (7654321-0)" in part for _, part in shown)


def test_the_fonts_and_their_licence_are_the_projects_own_files_and_packaged():
    import tomllib

    from service.typesetting import FONTS
    from tests.conftest import ROOT

    assert FONTS.is_relative_to(ROOT / "service")
    assert {p.name for p in FONTS.iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"}
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]
    patterns = [pattern for patterns in package_data.values() for pattern in patterns]
    assert "*.ttf" in patterns and "LICENSE" in patterns


def test_a_letter_written_by_the_job_prints_the_applicants_and_the_officers_names_in_their_scripts(
    app, client, granted
):
    from service.accounts.models import User
    from service.applications.models import Application
    from service.extensions import db
    from service.organisations.models import Organisation
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    application, decision, preparer, _ = granted("fi")
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        row = db.session.get(Application, application["id"])
        db.session.get(Organisation, row.organisation_id).name = CYRILLIC
        db.session.get(User, preparer["id"]).name = CONTACT
        db.session.commit()
    assert run_jobs(app, "fi", "decisions.write_letter")
    letter = client.get(f"{decision_url('fi', decision['id'])}/letter", headers=preparer["headers"])
    text = flat(pdf_text(letter.data))
    assert CYRILLIC in text and CONTACT in text
