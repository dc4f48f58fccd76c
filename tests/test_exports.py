"""Spreadsheet exports (service/exports): XLSX read back with openpyxl, CSV read back with the csv module.

Rules tested: amounts stay Decimal numbers with two decimals (FACTS.md, Money: cents); instants are shown in the
tenant's time zone (Europe/Stockholm, Europe/Helsinki: UTC+1/UTC+2 in winter, +2/+3 in summer time, Directive
2000/84/EC); text a spreadsheet would run as a formula is neutralised (OWASP, CSV Injection); Swedish and
Finnish Excel read ';'-separated CSV with a decimal comma (their regional list and decimal separators)."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from service.exports import Column, Sheet, send_table, table_csv, table_xlsx, workbook_xlsx
from service.exports.responses import content_disposition, safe_filename
from service.money import MAX_AMOUNT, Money
from service.money.display import AMOUNT_PATTERN
from service.tenancy.scope import tenant_scope
from tests.conftest import tenant_id, translated

COLUMNS = [
    Column("officer", _l("Case officer")),
    Column("amount", _l("Amount"), "amount"),
    Column("rate", _l("Rate"), "rate"),
    Column("day", _l("Date"), "date"),
    Column("at", _l("Time"), "datetime"),
    Column("count", _l("Number"), "integer"),
]
ROW = {
    "officer": "Åsa Öberg",
    "amount": Decimal("1234567.50"),
    "rate": Decimal("66.76"),
    "day": date(2027, 1, 31),
    "at": datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
    "count": 12,
}
# OWASP's characters that start a formula (= + - @, TAB, CR), LF, and the fullwidth forms of the first four.
INJECTIONS = [
    '=HYPERLINK("http://evil.test","x")',
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(1)",
]


@contextmanager
def reading(app, code: str | None, language: str):
    """A request in a tenant (or none), in a language: the headers, the separators and the time zone follow."""
    with app.test_request_context(), force_locale(language):
        if code is None:
            yield
        else:
            with tenant_scope(tenant_id(app, code)):
                yield


def sheet_of(body: bytes, name: str | None = None):
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    return workbook[name] if name else workbook.worksheets[0]


def csv_rows(body: bytes, delimiter: str) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark by which Excel knows the file is UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_xlsx_keeps_types_and_formats(app):
    with reading(app, "se", "sv"):
        body = table_xlsx("Utbetalningar", COLUMNS, [ROW, {"officer": "Bo", "amount": Money(Decimal("-12.50"), "SEK")}])
    sheet = sheet_of(body)
    assert sheet["A1"].value == "Utbetalningar" and sheet.freeze_panes == "A3"
    amount, rate, day, at, count = (sheet.cell(row=3, column=i) for i in range(2, 7))
    assert (amount.data_type, amount.number_format) == ("n", AMOUNT_PATTERN)
    assert Decimal(str(amount.value)) == Decimal("1234567.50")
    assert (rate.data_type, rate.number_format, Decimal(str(rate.value))) == ("n", "0.00%", Decimal("0.6676"))
    assert (day.is_date, day.number_format, day.value) == (True, "yyyy-mm-dd", datetime(2027, 1, 31))
    assert at.is_date and at.value == datetime(2026, 6, 1, 12, 0)  # 10:00 UTC is 12:00 summer time in Stockholm
    assert (count.data_type, count.value) == ("n", 12)
    negative = sheet["B4"]
    assert (negative.data_type, negative.value, negative.number_format) == ("n", -12.5, AMOUNT_PATTERN)
    assert [sheet.cell(row=4, column=i).value for i in range(3, 7)] == [None] * 4


@pytest.mark.parametrize("amount", [MAX_AMOUNT, -MAX_AMOUNT, Decimal("0.01"), Decimal("1234567.89"), Decimal("0.00")])
def test_every_amount_the_database_holds_is_written_exactly(app, amount):
    """openpyxl writes a number with 16 significant digits; numeric(15, 2) has at most 15, so no cent is lost."""
    with reading(app, "se", "sv"):
        body = table_xlsx("T", COLUMNS[1:2], [{"amount": amount}])
    xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
    assert f"<v>{amount.normalize():f}</v>" in xml
    assert Decimal(repr(sheet_of(body)["A3"].value)) == amount


@pytest.mark.parametrize(
    "code, language, local", [("se", "sv", datetime(2026, 1, 15, 11)), ("fi", "fi", datetime(2026, 1, 15, 12))]
)
def test_instants_are_in_the_tenants_zone_and_headers_in_the_readers_language(app, code, language, local):
    columns = [Column("officer", _l("Case officer")), Column("at", _l("Date"), "datetime")]
    rows = [
        {"officer": "x", "at": datetime(2026, 1, 15, 10, 0, tzinfo=UTC)},
        {"officer": "y", "at": datetime(2026, 1, 15, 10)},
    ]
    with reading(app, code, language):
        xlsx, text = table_xlsx("T", columns, rows), table_csv(columns, rows)
    headers = [translated("Case officer", language), translated("Date", language)]
    assert headers[0] != "Case officer"  # the catalogue really translates it
    sheet = sheet_of(xlsx)
    assert [cell.value for cell in sheet[2]] == headers
    assert (
        sheet["B3"].value == local and sheet["B4"].value == local
    )  # a naive instant is UTC, as format_instant reads it
    assert csv_rows(text, ";") == [headers, ["x", local.isoformat(sep=" ")], ["y", local.isoformat(sep=" ")]]


def test_csv_for_swedish_and_finnish_excel(app):
    rows = [ROW, {"officer": "Bo", "amount": Decimal("-12.50"), "rate": Decimal("66.7612")}]
    with reading(app, "se", "sv"):
        swedish = csv_rows(table_csv(COLUMNS, rows), ";")
    with reading(app, "fi", "fi"):
        finnish = csv_rows(table_csv(COLUMNS, rows), ";")
    with reading(app, None, "en"):
        neutral = csv_rows(table_csv(COLUMNS, rows), ",")
    assert swedish[0][0] == translated("Case officer", "sv") and finnish[0][0] == translated("Case officer", "fi")
    expected = ["Åsa Öberg", "1234567,50", "66,76", "2027-01-31", "2026-06-01 12:00:00", "12"]
    assert swedish[1] == expected
    assert finnish[1] == [*expected[:4], "2026-06-01 13:00:00", "12"]  # Helsinki is an hour ahead of Stockholm
    # A negative amount is a number with an ASCII minus (what Excel reads), never quoted as text.
    assert swedish[2] == finnish[2] == ["Bo", "-12,50", "66,7612", "", "", ""]
    assert neutral[1][:3] == ["Åsa Öberg", "1234567.50", "66.76"] and neutral[2][1] == "-12.50"


def test_amounts_are_never_floats(app):
    with reading(app, "se", "sv"), pytest.raises(TypeError):
        table_xlsx("T", COLUMNS, [{"amount": 12.5}])
    with reading(app, "se", "sv"), pytest.raises(TypeError):
        table_csv(COLUMNS, [{"amount": 12.5}])


@pytest.mark.parametrize("payload", INJECTIONS)
def test_formula_injection_is_neutralised_in_xlsx(app, payload):
    with reading(app, "se", "sv"):
        body = table_xlsx(payload, COLUMNS, [{"officer": payload, "amount": Decimal("-1.00")}])
    sheet = sheet_of(body)
    # A carriage return survives: lxml (pinned, openpyxl writes through it) writes it as &#13;, which an XML reader
    # keeps (a raw CR it would turn into LF: XML 1.0, 2.11 End-of-Line Handling).
    for cell in (sheet["A1"], sheet["A3"]):
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", payload, True)
    assert (sheet["B3"].data_type, sheet["B3"].value) == ("n", -1)  # a negative amount stays a number
    xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


@pytest.mark.parametrize("payload", INJECTIONS)
def test_formula_injection_is_neutralised_in_csv(app, payload):
    with reading(app, "se", "sv"):
        rows = csv_rows(table_csv(COLUMNS, [{"officer": payload, "amount": Decimal("-1.00")}]), ";")
    assert rows[1][:2] == ["'" + payload, "-1,00"]


def test_text_that_only_looks_special_stays_as_written(app):
    values = ["#N/A", "1+1", "a=b", "Göran 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎", "-"]
    rows = [{"officer": value} for value in values]
    with reading(app, "se", "sv"):
        sheet, text = sheet_of(table_xlsx("T", COLUMNS[:1], rows)), csv_rows(table_csv(COLUMNS[:1], rows), ";")
    assert [(cell.value, cell.data_type) for (cell,) in sheet.iter_rows(min_row=3)] == [(v, "s") for v in values]
    assert [row[0] for row in text[1:]] == values[:4] + ["'-"]  # a lone "-" starts like a formula: neutralised


def test_characters_xml_cannot_hold_are_dropped(app):
    with reading(app, "se", "sv"):
        sheet = sheet_of(table_xlsx("T", COLUMNS[:1], [{"officer": "a\x00b\x1bc\td"}]))
    assert sheet["A3"].value == "abc\td"


def test_several_sheets_in_one_workbook(app):
    with reading(app, "fi", "fi"):
        body = workbook_xlsx(
            [
                Sheet("Maksut", COLUMNS, [ROW], name="Maksut 2026/1: [a]*?"),
                Sheet("Maksut", COLUMNS, [ROW, ROW], name="maksut 2026/1: [a]*?"),
                Sheet("x" * 40, COLUMNS[:1], []),
            ],
            title="Raportti",
        )
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    # Excel: at most 31 characters, none of []:*?/\, unique whatever the case.
    assert workbook.sheetnames == ["Maksut 2026 1   a", "maksut 2026 1   a (2)", "x" * 31]
    assert workbook.properties.title == "Raportti"
    assert [sheet.max_row for sheet in workbook.worksheets] == [3, 4, 2]


def test_a_workbook_given_its_creation_is_the_same_bytes_each_time_with_its_header_block(app):
    """openpyxl stamps a workbook with the clock (its document times, its zip entries): given the instant it was
    created, two writings seconds apart are byte-identical, and that instant is the workbook's creation and
    modification time and every entry's time (zip entries hold whole seconds, even ones: APPNOTE 4.4.6)."""
    created = datetime(2026, 7, 31, 12, 30, 10, tzinfo=UTC)
    block = (("CCI", "2021FI65AMPR001"), ("Amounts in EUR", None))

    def written() -> bytes:
        with reading(app, "fi", "fi"):
            return workbook_xlsx([Sheet("Taulukko", COLUMNS, [ROW], name="T", header_block=block)], created=created)

    first = written()
    time.sleep(2.1)  # the next even second: an entry stamped with the clock would differ
    assert written() == first
    workbook = openpyxl.load_workbook(io.BytesIO(first))
    assert workbook.properties.created == workbook.properties.modified == created.replace(tzinfo=None)
    stamps = {entry.date_time for entry in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2026, 7, 31, 12, 30, 10)}
    sheet = workbook["T"]
    # The title, the block under it, an empty row, the headers (frozen, filtered from there), the row.
    assert [sheet.cell(row, 1).value for row in range(1, 5)] == ["Taulukko", "CCI", "Amounts in EUR", None]
    assert (sheet["B2"].value, sheet["B3"].value) == ("2021FI65AMPR001", None)
    assert sheet["A5"].value == translated("Case officer", "fi") and sheet["A6"].value == ROW["officer"]
    assert sheet.freeze_panes == "A6" and sheet.auto_filter.ref == "A5:F6"


def test_ten_thousand_rows_stay_fast(app):
    """Within a third of gunicorn's default 30-second worker timeout, leaving the rest to the query."""
    rows = [dict(ROW, count=i) for i in range(10_000)]
    with reading(app, "se", "sv"):
        started = time.monotonic()
        body = table_xlsx("T", COLUMNS, rows)
        text = table_csv(COLUMNS, rows)
        elapsed = time.monotonic() - started
    assert elapsed < 10
    sheet = sheet_of(body)
    assert sheet.max_row == 10_002 and sheet.cell(row=10_002, column=6).value == 9_999
    assert len(csv_rows(text, ";")) == 10_001


def test_the_download_response(app):
    with reading(app, "se", "sv"):
        xlsx = send_table("xlsx", "Utbetalningar 2026 ÅÄÖ", "T", COLUMNS, [ROW])
        text = send_table("csv", "../../etc/passwd\r\nSet-Cookie: x", "T", COLUMNS, [ROW])
        with pytest.raises(ValueError):
            send_table("pdf", "x", "T", COLUMNS, [ROW])
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx.headers["Content-Disposition"] == (
        'attachment; filename="Utbetalningar 2026 AAO.xlsx"; '
        "filename*=UTF-8''Utbetalningar%202026%20%C3%85%C3%84%C3%96.xlsx"
    )
    assert sheet_of(xlsx.get_data())["A3"].value == "Åsa Öberg"
    assert text.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert text.headers["Content-Disposition"] == 'attachment; filename="etc-passwd-Set-Cookie- x.csv"'
    assert text.headers["Cache-Control"] == "private, no-store"


def test_file_names():
    assert safe_filename("  ..  ") == "export"
    assert safe_filename("a/b\\c:d") == "a-b-c-d"
    assert safe_filename("x" * 300) == "x" * 120
    assert content_disposition("Maksut.csv") == 'attachment; filename="Maksut.csv"'
    assert (
        content_disposition("تقرير.csv")
        == "attachment; filename=\".csv\"; filename*=UTF-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.csv"
    )
