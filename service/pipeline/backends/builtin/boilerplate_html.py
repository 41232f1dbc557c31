"""The main-content text of an HTML page: trafilatura's extraction, tables included, as lines.

Tables are of two kinds. A data table (results, prices, a schedule) belongs to the article, and
trafilatura renders each row on one line ("| 1 | Kyle Busch | 5040 |"). A layout table (old sites
put the whole page, menu column and article column, in one) is only scaffolding: rendered that way
its article cell becomes one endless line. So layout tables are unwrapped first, their cells'
paragraphs becoming the body's own. With tables left out instead, trafilatura finds no article on a
layout page and falls back to every paragraph of the page.

Parsing only: trafilatura/lxml fetch nothing and expand no external entities.
"""

from __future__ import annotations

from typing import Any

# trafilatura's balanced default beat favor_recall / favor_precision once our rules run after it
# (bench/quality_boilerplate.py: f1 0.962 vs 0.960 / 0.957).
FAVOR_PRECISION = False
FAVOR_RECALL = False
# A cell holding block elements (paragraphs, headings, lists, nested tables) or this many words
# is a column of a page layout, not a data cell: data cells hold a name, a number, a short phrase.
LAYOUT_CELL_WORDS = 60
_BLOCKS = frozenset({"p", "head", "list", "quote", "table", "row", "cell", "div", "code"})
_BREAKS = frozenset({"lb", "graphic"})  # end the loose text before them; a line break goes


def extract_html_text(html: str) -> tuple[str, str | None]:
    """Main-content text of an HTML page (one block per line) and the page's title."""
    if not html.strip():
        return "", None
    import trafilatura  # lazy: heavy import, only the HTML path needs it
    from trafilatura.settings import Document
    from trafilatura.xml import xmltotxt

    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            favor_precision=FAVOR_PRECISION,
            favor_recall=FAVOR_RECALL,
            with_metadata=True,  # for the title, to drop the headline from the body
        )
    except (ValueError, TypeError):  # malformed input trafilatura refuses
        doc = None
    if not isinstance(doc, Document):  # None, or a dict (only with as_dict=True)
        doc = None
    text = ""
    if doc is not None and doc.body is not None:
        unwrap_layout_tables(doc.body)
        text = xmltotxt(doc.body, False)
    title = doc.title if doc is not None else None
    return (text if text.strip() else paragraphs_text(html)), title


def is_layout_cell(cell: Any) -> bool:
    if any(isinstance(child.tag, str) and child.tag in _BLOCKS for child in cell):
        return True
    return len("".join(cell.itertext()).split()) >= LAYOUT_CELL_WORDS


def unwrap_layout_tables(body: Any) -> None:
    """Replace every table that has a layout cell (and every such cell outside a table, which
    trafilatura leaves when it keeps one column) by its cells' contents, innermost first."""
    for table in reversed(list(body.iter("table"))):
        if any(is_layout_cell(cell) for cell in table.iter("cell")):
            for cell in reversed(list(table.iter("cell"))):
                _unwrap(cell)
            for row in list(table.iter("row")):
                _unwrap(row)
            _unwrap(table)
    for cell in reversed(list(body.iter("cell"))):
        if is_layout_cell(cell):
            _unwrap(cell)


def _unwrap(element: Any) -> None:
    """Put `element`'s contents in its place: block children as they are, runs of loose text and
    inline children (<hi>, <ref>) as paragraphs, so that nothing is glued to a neighbouring block."""
    from lxml import etree

    parent = element.getparent()
    if parent is None:
        return
    pieces: list[Any] = []
    current: Any = None  # the paragraph that collects loose text and inline children

    def add_text(text: str | None) -> None:
        nonlocal current
        if not text or not text.strip():
            return
        if current is None:
            current = etree.Element("p")
            current.text = ""
            pieces.append(current)
        if len(current):
            current[-1].tail = (current[-1].tail or "") + text
        else:
            current.text += text

    add_text(element.text)
    for child in list(element):
        tail, child.tail = child.tail, None
        if child.tag in _BLOCKS or child.tag in _BREAKS:
            current = None
            if child.tag != "lb":
                pieces.append(child)
        else:
            if current is None:
                current = etree.Element("p")
                pieces.append(current)
            current.append(child)
        add_text(tail)
    current = None
    add_text(element.tail)
    index = parent.index(element)
    parent.remove(element)
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)


def parse_html(html: str) -> Any:
    """An lxml tree of untrusted HTML: no network, no entity expansion; None if unparseable."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        return lxml_html.fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def paragraphs_text(html: str) -> str:
    """Fallback: the text of every <p>, one per line."""
    root = parse_html(html)
    if root is None:
        return ""
    return "\n".join(" ".join(p.text_content().split()) for p in root.iter("p"))
