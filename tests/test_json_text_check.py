"""The quick look at a JSON body's bytes that spares walking its values (``service.security``): it may raise a
false alarm, never miss a NUL or a lone surrogate that the walk of the parsed body would find."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from service.security import _untextual_field, json_may_hold_what_is_not_text

# Text of any code points, surrogates and NUL included, weighted towards the ones that matter.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from('\x00\ud800\udbff\udc00\udfff\U0001f600\\u"aöå€ 0'),
        st.characters(codec=None, exclude_categories=()),
    ),
    max_size=12,
)
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)
# Every way Python's json reads bytes: UTF-8 (with or without its byte order mark), UTF-16 and UTF-32 in either
# byte order, each with surrogatepass; and the text written with escapes (ensure_ascii) or as itself.
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-16", "utf-32-le", "utf-32-be", "utf-32")


@given(value=VALUES, ensure_ascii=st.booleans(), encoding=st.sampled_from(ENCODINGS))
@example(value={"name": "A\ud800B"}, ensure_ascii=False, encoding="utf-8")
@example(value={"name": "A\x00B"}, ensure_ascii=False, encoding="utf-8")
@example(value={"n\udfffame": "x"}, ensure_ascii=True, encoding="utf-8")
@example(value=["\ud83d"], ensure_ascii=False, encoding="utf-16-le")
# UTF-16 whose bytes are also valid UTF-8 (00, D8 80, 00): only its NUL bytes tell it apart.
@example(value="\ud800\x80", ensure_ascii=False, encoding="utf-16-le")
def test_a_body_the_walk_would_refuse_is_always_walked(value, ensure_ascii, encoding):
    raw = json.dumps(value, ensure_ascii=ensure_ascii).encode(encoding, "surrogatepass")
    parsed = json.loads(raw)  # as Flask reads a request's JSON body
    if _untextual_field(parsed) is not None:
        assert json_may_hold_what_is_not_text(raw)


def test_an_ordinary_body_is_not_walked():
    autosave = {"version": 3, "fields": {"summary": "Språkcafé för nyanlända i Malmö — 1 234 567,50 kr", "title": "€"}}
    assert not json_may_hold_what_is_not_text(json.dumps(autosave, ensure_ascii=False).encode())
    assert not json_may_hold_what_is_not_text(json.dumps(autosave).encode())  # escapes of ordinary characters


def test_escapes_of_a_nul_or_a_surrogate_are_noticed_in_any_case():
    for escape in (b"\\u0000", b"\\ud800", b"\\uDFFF", b"\\uDbFf", b"\\udc00"):
        assert json_may_hold_what_is_not_text(b'{"a": "x' + escape + b'y"}')
    assert json_may_hold_what_is_not_text('{"a": "ä"}'.encode("utf-16-le"))  # NUL bytes: not UTF-8
    assert json_may_hold_what_is_not_text(b'{"a": "\xff"}')  # not UTF-8 at all
