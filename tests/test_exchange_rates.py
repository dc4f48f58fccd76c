"""The Commission's monthly accounting rates: reading its files, loading them versioned, converting to euro.

Every rate in these tests is a test input (made up, never presented as the Commission's figure); every
expected amount comes from the rule it tests: amount ÷ rate, rounded half up to the cent (Council
Regulation (EC) 1103/97 Art. 5), at the rate of the month (CPR Art. 87).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.exchange import rules
from service.exchange.files import MAX_BYTES, RatesRefused, read_rates
from service.extensions import db
from tests.conftest import embedded_config, translated

CENT = Decimal("0.01")


def _half_up(value: Fraction) -> Decimal:
    """The exact quotient rounded half up to the cent, computed with fractions: an oracle independent of Decimal."""
    cents = value * 100
    whole = cents.numerator // cents.denominator
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole) / 100


# --- pure rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("11.4915", "11.4915"), ("11,4915", "11.4915"), (" 9 ", "9"), (Decimal("0.86333"), "0.86333"), (7, "7")],
)
def test_rates_are_read_as_the_commission_writes_them(raw, expected):
    assert rules.parse_rate(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "format"),
        ("1e3", "format"),
        ("NaN", "format"),
        ("Infinity", "format"),
        ("1 234,5", "format"),
        (11.4915, "format"),  # a float is never money nor a rate
        (True, "format"),
        ("0", "not_positive"),
        ("-11.49", "not_positive"),
        ("1.123456789", "precision"),
        ("123456789012", "too_large"),
        ("9" * 50, "format"),
    ],
)
def test_bad_rates_are_refused_with_the_reason(raw, reason):
    with pytest.raises(rules.InvalidRate) as refused:
        rules.parse_rate(raw)
    assert str(refused.value) == reason


def test_months_are_their_first_day():
    assert rules.first_of_month("2024-01") == date(2024, 1, 1)
    assert rules.first_of_month(date(2024, 2, 29)) == date(2024, 2, 1)
    assert rules.first_of_month("2024-03-31") == date(2024, 3, 1)
    for bad in ("2024-13", "24-01", "januari", "2024-02-30", None):
        with pytest.raises(rules.InvalidMonth):
            rules.first_of_month(bad)


amounts = st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2)
rates = st.decimals(min_value=Decimal("0.00000001"), max_value=Decimal("99999999999"), places=8).filter(lambda r: r > 0)


@given(amounts, rates)
def test_conversion_is_the_exact_quotient_rounded_half_up(amount, rate):
    assert rules.convert(amount, rate) == _half_up(Fraction(amount) / Fraction(rate))


@given(amounts, rates)
def test_conversion_is_within_half_a_cent_of_the_quotient(amount, rate):
    assert abs(Fraction(rules.convert(amount, rate)) - Fraction(amount) / Fraction(rate)) <= Fraction(1, 200)


@given(amounts, rates)
def test_round_trip_returns_the_amount_within_the_rounding(amount, rate):
    # euro = amount/rate + e with |e| <= 0.005, so euro × rate = amount + e × rate; back to the cent adds <= 0.005.
    back = (rules.convert(amount, rate) * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    assert abs(back - amount) <= rate / 200 + Decimal("0.005")


@given(amounts, amounts, rates)
def test_conversion_keeps_the_order_of_amounts(first, second, rate):
    low, high = sorted((first, second))
    assert rules.convert(low, rate) <= rules.convert(high, rate)


def test_half_a_cent_rounds_up_not_to_even():
    # 0.125 EUR exactly (0.25 at rate 2): half up gives 0.13; Python's default (half to even) would give 0.12.
    assert rules.convert(Decimal("0.25"), Decimal("2")) == Decimal("0.13")
    assert rules.convert(Decimal("0.35"), Decimal("2")) == Decimal("0.18")


# --- reading the Commission's files -----------------------------------------------------------------


def _monthly(*entries) -> bytes:
    """A monthly-rates file as InforEuro serves it: one entry per country."""
    items = [
        f'{{"country": {json.dumps(country)}, "currency": {json.dumps(name)}, "isoA3Code": "{code}", '
        f'"isoA2Code": "{country[:2].upper()}", "value": {value}, "comment": null}}'
        for country, name, code, value in entries
    ]
    return ("[" + ", ".join(items) + "]").encode()  # values as JSON numbers, as InforEuro writes them


def _read(app, data: bytes, **kwargs):
    with app.test_request_context():
        return read_rates(data, **kwargs)


def _problems(app, data: bytes, **kwargs) -> list[str]:
    with app.test_request_context():
        with pytest.raises(RatesRefused) as refused:
            read_rates(data, **kwargs)
        return refused.value.lines()


def test_a_months_file_is_read_for_the_month_given(app):
    # JSON numbers become Decimal (never float); a currency used in several countries appears once per country.
    data = b'[{"country":"Sweden","currency":"Swedish krona","isoA3Code":"SEK","isoA2Code":"SE","value":10.5},'
    data += b'{"country":"Ecuador","currency":"US dollar","isoA3Code":"USD","isoA2Code":"EC","value":1.25},'
    data += b'{"country":"United States","currency":"US dollar","isoA3Code":"USD","isoA2Code":"US","value":1.25},'
    data += b'{"country":"Finland","currency":"Euro","isoA3Code":"EUR","isoA2Code":"FI","value":1}]'
    rows = _read(app, data, month=date(2003, 1, 1))
    assert [(r.currency, r.month, r.rate) for r in rows] == [
        ("SEK", date(2003, 1, 1), Decimal("10.5")),
        ("USD", date(2003, 1, 1), Decimal("1.25")),
    ]
    assert _problems(app, data) == [
        translated("The file does not say which month its rates are for: give the month (YYYY-MM) with it.", "en")
    ]


def test_a_currency_history_names_its_months(app):
    history = [
        {
            "currencyIso": "SEK",
            "refCurrencyIso": "EUR",
            "amount": 10.25,
            "dateStart": "01/02/2003",
            "dateEnd": "28/02/2003",
        },
        {
            "currencyIso": "SEK",
            "refCurrencyIso": "EUR",
            "amount": 10.5,
            "dateStart": "01/01/2003",
            "dateEnd": "31/01/2003",
        },
    ]
    data = json.dumps(history).encode()
    assert [(r.month, r.rate) for r in _read(app, data)] == [
        (date(2003, 1, 1), Decimal("10.5")),
        (date(2003, 2, 1), Decimal("10.25")),
    ]
    assert [(r.month, r.rate) for r in _read(app, data, month=date(2003, 2, 1))] == [
        (date(2003, 2, 1), Decimal("10.25"))
    ]
    assert _problems(app, data, month=date(2003, 3, 1)) == ["The file holds no rate for the month given."]


def test_a_csv_with_semicolons_and_decimal_commas(app):
    data = "Country;Currency;ISO code;Value;Month\nSweden;Swedish krona;SEK;10,5;2003-01\n\n"
    data += "Norway;krone;NOK;8,25;2003-01\n"
    rows = _read(app, data.encode("utf-8-sig"))
    assert [(r.line, r.currency, r.rate) for r in rows] == [(4, "NOK", Decimal("8.25")), (2, "SEK", Decimal("10.5"))]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Country,Currency,Value\nSweden,SEK,10.5\n", ["Line 1: no column for the currency code"]),
        ("ISO code,Country\nSEK,Sweden\n", ["Line 1: no column for the rate"]),
        ("ISO code,Value,Month\nSEK,abc,2003-01\n", ["Line 2: the rate “abc” is not a number"]),
        (
            "ISO code,Value,Month\nSEK,-10.5,2003-01\nNOK,0,2003-01\n",
            ["Line 2: the rate -10.5 must be more", "Line 3: the rate 0 must"],
        ),
        ("ISO code,Value,Month\nSEK,1e3,2003-01\n", ["Line 2: the rate “1e3” is not a number"]),
        ("ISO code,Value,Month\nXYZ,10.5,2003-01\n", ["Line 2: “XYZ” is not a currency code"]),
        (
            "ISO code,Value,Month\nSEK,10.5,2003-01\nSEK,10.6,2003-01\n",
            ["Line 3: SEK 2003-01 has the rate 10.6 here and 10.5 on line 2"],
        ),
        ("ISO code,Value,Month\nSEK,10.5,januari\n", ["Line 2: “januari” is not a month"]),
        ("ISO code,Value,Month\nEUR,1.1,2003-01\n", ["Line 2: the euro's rate to the euro is 1"]),
        ("ISO code,Value,Month\nSEK\n", ["Line 2: the line has 1 columns, 3 are needed"]),
        ("", ["The file is empty."]),
        ("<rates><rate/></rates>", ["This kind of file cannot be read."]),
        ('{"rates": 1}', ["The file is not a list of exchange rates."]),
        ("[1, 2", ["The file is not valid JSON."]),
        ('[{"isoA3Code": "SEK", "value": NaN}]', ["Line 1: the rate “NaN” is not a number"]),
        ('[{"code": "SEK"}]', ["Line 1: neither isoA3Code nor currencyIso"]),
        (
            '[{"currencyIso": "SEK", "refCurrencyIso": "USD", "amount": 1, "dateStart": "01/01/2003"}]',
            ["Line 1: the rate is not against the euro"],
        ),
    ],
)
def test_bad_files_name_the_line_and_the_problem(app, content, expected):
    found = _problems(app, content.encode(), month=date(2003, 1, 1))
    assert len(found) == len(expected), found
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), (line, start)


def test_bad_files_are_refused_in_the_persons_language(app):
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        with pytest.raises(RatesRefused) as refused:
            read_rates(b"ISO code,Value,Month\nSEK,abc,2003-01\n")
    line = refused.value.lines()[0]
    assert line.startswith(translated("Line %(line)s: %(message)s", "sv").split("%")[0])
    assert translated("the rate “%(rate)s” is not a number. Write it like 11.4915.", "sv") % {"rate": "abc"} in line


def test_huge_files_and_files_of_other_kinds_are_refused(app):
    assert _problems(app, b"x" * (MAX_BYTES + 1)) == ["The file is larger than 2 MB."]
    assert _problems(app, "ISO code,Value\nSEK,10\n".encode("utf-16")) == [
        "The file is not UTF-8 text. Save it as UTF-8 CSV or download the JSON file again."
    ]
    assert _problems(app, b"PK\x03\x04 a spreadsheet")[0].startswith("This kind of file cannot be read.")
    many = "ISO code,Value,Month\n" + "SEK,10,2003-01\n" * 20_001
    assert _problems(app, many.encode()) == ["The file has more than 20000 rows."]
    listed = "ISO code,Value,Month\n" + "".join(f"XX{i % 10},1,2003-01\n" for i in range(30))
    shown = _problems(app, listed.encode())
    assert len(shown) == 21 and shown[-1] == "… and 10 more problems."


# --- loading, versions, conversion (database) -------------------------------------------------------


def _versions(app, currency: str, month: date) -> list[tuple[int, Decimal, str]]:
    from service.exchange.util import rates as loaded

    with app.app_context():
        return [(r.version, r.rate, r.correction_reason) for r in loaded(currency=currency, month=month)]


def _import(app, data: bytes, **kwargs):
    from service.exchange.operations import import_rates_file

    with app.test_request_context():
        try:
            result = import_rates_file(data, source="test", **kwargs)
        except RatesRefused:
            db.session.rollback()
            raise
        db.session.commit()
        return result


def test_loading_is_idempotent_and_a_changed_month_needs_an_explicit_correction(app):
    january, february = date(2004, 1, 1), date(2004, 2, 1)
    first = _monthly(("Norway", "krone", "NOK", "8.5"), ("Iceland", "krona", "ISK", "85"))
    assert _import(app, first, month=january).added == 2
    again = _import(app, first, month=january)
    assert (again.added, again.corrected, again.unchanged) == (0, 0, 2)

    changed = _monthly(("Norway", "krone", "NOK", "8.6"))
    with pytest.raises(RatesRefused) as refused:
        _import(app, changed + b"", month=january)
    assert "NOK 2004-01 is already loaded at 8.5; this says 8.6" in refused.value.lines()[0]
    # All or nothing: a file with one refused row loads none of its other rows.
    mixed = _monthly(("Norway", "krone", "NOK", "8.6"), ("Denmark", "krone", "DKK", "7.5"))
    with pytest.raises(RatesRefused):
        _import(app, mixed, month=january)
    assert _versions(app, "DKK", january) == []
    with pytest.raises(RatesRefused) as no_reason:
        _import(app, changed, month=january, correct=True)
    assert no_reason.value.lines() == ["Say why the loaded rates are corrected."]

    corrected = _import(app, changed, month=january, correct=True, reason="The Commission corrected January.")
    assert (corrected.added, corrected.corrected) == (0, 1)
    assert _versions(app, "NOK", january) == [
        (1, Decimal("8.5"), ""),
        (2, Decimal("8.6"), "The Commission corrected January."),
    ]
    # The first file again changes nothing: its figure is a known, earlier version, not put back silently.
    assert _import(app, first, month=january).unchanged == 2
    assert _versions(app, "NOK", january)[-1][1] == Decimal("8.6")
    assert _versions(app, "NOK", february) == []


def test_conversion_uses_the_months_newest_version_and_keeps_what_was_converted(app):
    from service.exchange.operations import to_euro

    month = date(2004, 5, 1)
    _import(app, _monthly(("Sweden", "krona", "SEK", "9.1")), month=month)
    with app.app_context():
        before = to_euro(Decimal("1000.00"), "SEK", "2004-05")
    # 1000 / 9.1 = 109.890109… → 109.89 (half up to the cent)
    assert (before.euro.amount, before.euro.currency, before.rate, before.month, before.version) == (
        Decimal("109.89"),
        "EUR",
        Decimal("9.1"),
        month,
        1,
    )
    assert before.original.amount == Decimal("1000.00") and before.original.currency == "SEK"
    _import(app, _monthly(("Sweden", "krona", "SEK", "9.2")), month=month, correct=True, reason="corrected")
    with app.app_context():
        after = to_euro(Decimal("1000.00"), "SEK", date(2004, 5, 17))
    # 1000 / 9.2 = 108.695652… → 108.70; the earlier result keeps its own rate, month and version.
    assert (after.euro.amount, after.rate, after.version) == (Decimal("108.70"), Decimal("9.2"), 2)
    assert (before.euro.amount, before.rate, before.version) == (Decimal("109.89"), Decimal("9.1"), 1)


def test_the_euro_converts_at_one_and_a_missing_rate_is_an_error_never_one(app):
    from service.exchange.operations import RateMissing, to_euro

    with app.app_context():
        euro = to_euro(Decimal("123.45"), "EUR", "1999-01")
        assert (euro.euro.amount, euro.rate, euro.version) == (Decimal("123.45"), Decimal(1), None)
        with pytest.raises(RateMissing) as missing:
            to_euro(Decimal("123.45"), "SEK", "1999-01")
    assert (missing.value.currency, missing.value.month) == ("SEK", date(1999, 1, 1))
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        message = missing.value.message()
    expected = translated(
        "No exchange rate for %(currency)s in %(month)s has been loaded. The platform administrator "
        "loads the Commission's monthly rates (InforEuro).",
        "fi",
    ) % {"currency": "SEK", "month": "1999-01"}
    assert message == expected and "SEK" in message and "1999-01" in message


@given(amounts)
def test_the_euro_to_the_euro_is_the_same_amount(amount):
    from service.exchange.operations import RateBook

    converted = RateBook([]).to_euro(amount, "EUR", "2024-01")
    assert converted.euro.amount == amount and converted.rate == 1


# --- sync of the shipped data ----------------------------------------------------------------------


def _sync(app, directory):
    from service.exchange.sync import sync_exchange_rates

    with app.test_request_context():
        try:
            result = sync_exchange_rates(directory)
        except RatesRefused:
            db.session.rollback()
            raise
        db.session.commit()
        return result


def test_reference_data_sync_is_idempotent_and_corrections_are_explicit(app, tmp_path):
    data = tmp_path / "rates.toml"
    data.write_text(
        'source = "test file"\n'
        '[[rate]]\ncurrency = "CHF"\nmonth = "2005-01"\nrate = 1.5\n'
        '[[rate]]\ncurrency = "CHF"\nmonth = "2005-02"\nrate = "1.55"\nunverified = true\n',
        encoding="utf-8",
    )
    assert _sync(app, tmp_path).added == 2
    assert _sync(app, tmp_path).unchanged == 2
    data.write_text(data.read_text().replace("rate = 1.5\n", "rate = 1.6\n"), encoding="utf-8")
    with pytest.raises(RatesRefused):
        _sync(app, tmp_path)
    data.write_text(
        data.read_text().replace("rate = 1.6\n", 'rate = 1.6\ncorrection_reason = "checked again"\n'), encoding="utf-8"
    )
    assert _sync(app, tmp_path).corrected == 1
    assert _versions(app, "CHF", date(2005, 1, 1)) == [(1, Decimal("1.5"), ""), (2, Decimal("1.6"), "checked again")]
    data.write_text('[[rate]]\ncurrency = "CHF"\nmonth = "2005-13"\nrate = 1\n', encoding="utf-8")
    with pytest.raises(RatesRefused) as refused:
        _sync(app, tmp_path)
    assert "rates.toml, rate 1: month '2005-13' is not YYYY-MM" in refused.value.lines()[0]


def test_the_shipped_rates_load(app):
    from service.exchange.sync import DATA

    assert sorted(p.name for p in DATA.glob("*.toml")) == ["inforeuro_sek.toml"]
    first = _sync(app, DATA)
    assert _sync(app, DATA).unchanged == first.added + first.unchanged


# --- the command line -----------------------------------------------------------------------------


def _run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_import_rates_command_loads_a_file_all_or_nothing(app, tmp_path):
    good = tmp_path / "2006-03.json"
    good.write_bytes(_monthly(("Poland", "zloty", "PLN", "3.9"), ("Czechia", "koruna", "CZK", "31.5")))
    result = _run(app, "reference", "import-rates", str(good), "--month", "2006-03")
    assert result.exit_code == 0, result.output
    assert "2 added, 0 corrected, 0 already loaded" in result.output
    assert _versions(app, "PLN", date(2006, 3, 1)) == [(1, Decimal("3.9"), "")]

    bad = tmp_path / "bad.csv"
    bad.write_text("ISO code,Value,Month\nHUF,250,2006-03\nCZK,,2006-03\n", encoding="utf-8")
    refused = _run(app, "reference", "import-rates", str(bad))
    assert refused.exit_code != 0 and "Line 3: the rate “” is not a number" in refused.output
    assert _versions(app, "HUF", date(2006, 3, 1)) == []
    no_month = _run(app, "reference", "import-rates", str(good))
    assert no_month.exit_code != 0 and "give the month" in no_month.output
    assert _run(app, "reference", "import-rates", str(good), "--month", "March").exit_code != 0

    changed = tmp_path / "changed.json"
    changed.write_bytes(_monthly(("Poland", "zloty", "PLN", "3.95")))
    assert _run(app, "reference", "import-rates", str(changed), "--month", "2006-03").exit_code != 0
    fixed = _run(
        app, "reference", "import-rates", str(changed), "--month", "2006-03", "--correct", "--reason", "corrected"
    )
    assert fixed.exit_code == 0 and "0 added, 1 corrected" in fixed.output


def test_reference_sync_also_loads_the_rates(app):
    result = _run(app, "reference", "sync")
    assert result.exit_code == 0, result.output
    assert "indicators" in result.output and "exchange rates:" in result.output


# --- the API ------------------------------------------------------------------------------------


def test_rates_are_public_reference_data_filtered_by_currency_and_month(app, client):
    month = date(2007, 6, 1)
    _import(app, _monthly(("Romania", "leu", "RON", "3.2"), ("Bulgaria", "lev", "BGN", "1.9558")), month=month)
    _import(app, _monthly(("Romania", "leu", "RON", "3.25")), month=month, correct=True, reason="corrected")
    rows = client.get("/api/v1/exchange-rates?currency=RON&month=2007-06").json
    assert [(r["version"], r["rate"], r["current"], r["month"]) for r in rows] == [
        (1, "3.2", False, "2007-06"),
        (2, "3.25", True, "2007-06"),
    ]
    assert rows[1]["correction_reason"] == "corrected" and rows[0]["source"] == "test"
    assert {r["currency"] for r in client.get("/api/v1/exchange-rates?month=2007-06").json} == {"RON", "BGN"}
    assert client.get("/api/v1/exchange-rates?currency=RON&month=2007-07").json == []


@pytest.mark.parametrize(
    ("query", "field"),
    [("currency=XYZ", "currency"), ("currency=sek", "currency"), ("month=2007-13", "month"), ("month=2007", "month")],
)
def test_bad_filters_are_422_in_the_callers_language(client, query, field):
    response = client.get(f"/api/v1/exchange-rates?{query}", headers={"Accept-Language": "sv"})
    assert response.status_code == 422
    message = response.json["errors"][field][0]
    assert message in {
        translated("Not a currency code (ISO 4217), such as SEK.", "sv"),
        translated("Write the month as YYYY-MM, such as 2024-01.", "sv"),
    }


def test_the_rates_are_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/api/v1/exchange-rates"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"currency", "month"}
    assert "ExchangeRate" in spec["components"]["schemas"]


# --- the embedded default (SQLite) ---------------------------------------------------------------


def test_rates_on_the_embedded_sqlite_database(tmp_path):
    """The migration, loading, versions and conversion hold on SQLite too (the embedded default)."""
    from alembic import command

    from service.app import create_app
    from service.exchange.operations import to_euro
    from service.migrations.runner import alembic_config

    config = embedded_config(tmp_path)
    url = config["SQLALCHEMY_DATABASE_URI"]
    app = create_app(config)
    try:
        assert _run(app, "db", "upgrade").exit_code == 0
        command.downgrade(alembic_config(url), "0008")  # 0009 can be undone …
        assert _run(app, "db", "upgrade").exit_code == 0  # … and done again
        assert _run(app, "reference", "sync").exit_code == 0
        file = tmp_path / "rates.json"
        file.write_bytes(_monthly(("Sweden", "krona", "SEK", "9.5")))
        assert _run(app, "reference", "import-rates", str(file), "--month", "2008-09").exit_code == 0
        file.write_bytes(_monthly(("Sweden", "krona", "SEK", "9.6")))
        args = ("reference", "import-rates", str(file), "--month", "2008-09")
        assert _run(app, *args).exit_code != 0
        assert _run(app, *args, "--correct", "--reason", "corrected").exit_code == 0
        assert _versions(app, "SEK", date(2008, 9, 1)) == [(1, Decimal("9.5"), ""), (2, Decimal("9.6"), "corrected")]
        with app.app_context():
            converted = to_euro(Decimal("100.00"), "SEK", "2008-09")
        # 100 / 9.6 = 10.41666… → 10.42 (half up to the cent), at version 2
        assert (converted.euro.amount, converted.version) == (Decimal("10.42"), 2)
    finally:
        with app.app_context():
            db.engine.dispose()
