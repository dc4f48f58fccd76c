"""Reading a page's forms as a person does: the error summary at the top (templates/_forms.html) and its links
to the fields, and the options of every select."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def _collapsed(text: str) -> str:
    """Runs of spaces and line breaks as one space; a no-break space is kept (amounts are written with it)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.summaries: list[dict] = []  # {"title", "links": [(target, text)], "items": [text], "attrs"}
        self.selects: list[dict] = []  # {"id", "name", "options": [(value, text)]}
        self._summary_depth = 0
        self._depth = 0
        self._in = None  # "title" | "link" | "item" | "option"
        self._text = ""
        self._href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "div":
            self._depth += 1
            if "data-error-summary" in attrs:
                self._summary_depth = self._depth
                self.summaries.append({"title": "", "links": [], "items": [], "attrs": attrs})
        if self._summary_depth:
            if tag == "h2":
                self._in, self._text = "title", ""
            elif tag == "li":
                self._in, self._text, self._href = "item", "", None
            elif tag == "a" and self._in == "item":
                self._href = attrs.get("href")
        if tag == "select":
            self.selects.append({"id": attrs.get("id"), "name": attrs.get("name"), "options": []})
        elif tag == "option" and self.selects:
            self._in, self._text = "option", ""
            self.selects[-1]["options"].append([attrs.get("value"), ""])

    def handle_endtag(self, tag):
        if tag == "div":
            if self._depth == self._summary_depth:
                self._summary_depth = 0
            self._depth -= 1
        elif tag == "h2" and self._in == "title":
            self.summaries[-1]["title"] = _collapsed(self._text)
            self._in = None
        elif tag == "li" and self._in == "item":
            text = _collapsed(self._text)
            summary = self.summaries[-1]
            if self._href:
                summary["links"].append((self._href.removeprefix("#"), text))
            else:
                summary["items"].append(text)
            self._in = None
        elif tag == "option" and self._in == "option":
            self.selects[-1]["options"][-1][1] = _collapsed(self._text)
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text += data


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def error_summary(html: str) -> dict:
    """The page's one error summary, checked against the pattern: titled, focusable, announced, and every link
    going to an element of the page (the field, or a group's message)."""
    page = read_page(html)
    assert len(page.summaries) == 1, f"{len(page.summaries)} error summaries"
    summary = page.summaries[0]
    assert summary["attrs"].get("role") == "alert" and summary["attrs"].get("tabindex") == "-1"
    missing = [target for target, _text in summary["links"] if target not in page.ids]
    assert not missing, f"the summary links to {missing}, which the page does not hold"
    return summary


def linked(html: str) -> dict[str, str]:
    """target id -> the message the summary links to it (several messages joined)."""
    links: dict[str, str] = {}
    for target, text in error_summary(html)["links"]:
        links[target] = f"{links[target]} {text}" if target in links else text
    return links


def selects(html: str) -> list[dict]:
    return read_page(html).selects
