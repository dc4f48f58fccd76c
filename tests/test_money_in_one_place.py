"""Money in one place (issue 11): no code outside service/money formats or parses amounts by hand. The
money package has the one parser (parse_amount), the one wire format (wire), the one display
(format_money, format_amount, format_rate) and the one API field (Amount)."""

from __future__ import annotations

import re
from pathlib import Path

SERVICE = Path(__file__).resolve().parent.parent / "service"
HAND_MADE = {
    "a two-decimal f-string": re.compile(r":\.2f\}"),
    "Babel's currency formatter": re.compile(r"format_currency\("),
    "an amount pattern": re.compile(r"#,##0\.00"),
    "a decimal comma swapped by hand": re.compile(r"""replace\(\s*["'],["']\s*,\s*["']\.["']\s*\)"""),
}
# Not money: assessment points are scores with two decimals, kept as text in the same shape on purpose; an
# exchange rate is a ratio with up to eight decimals read from the Commission's files (service.exchange.rules).
NOT_MONEY = {"assessment/presenters.py", "assessment/rules.py", "assessment/operations.py", "exchange/rules.py"}


def offences(root: Path = SERVICE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.suffix not in (".py", ".html") or relative.startswith("money/") or relative in NOT_MONEY:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [f"{relative}:{number}: {what}" for what, pattern in HAND_MADE.items() if pattern.search(line)]
    return found


def test_no_code_outside_the_money_package_formats_or_parses_amounts_by_hand():
    assert offences() == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    module = tmp_path / "calls" / "sums.py"
    module.parent.mkdir()
    module.write_text('total = f"{amount:.2f}"\nshown = numbers.format_currency(amount, "SEK")\n', encoding="utf-8")
    assert offences(tmp_path) == [
        "calls/sums.py:1: a two-decimal f-string",
        "calls/sums.py:2: Babel's currency formatter",
    ]
