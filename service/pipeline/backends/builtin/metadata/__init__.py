"""Article metadata read from the raw input, before boilerplate removal: outlet, dateline, date, bylines,
headline.

Plain text (pasted pages, feeds) and HTML both go through the same line rules; for HTML the page's own
metadata (trafilatura: site name, author, date) comes first and the rules fill what it lacks.
"""

from __future__ import annotations

from service.pipeline.backends.builtin.metadata.bylines import find_bylines
from service.pipeline.backends.builtin.metadata.datelines import find_dateline
from service.pipeline.backends.builtin.metadata.dates import find_published_at
from service.pipeline.backends.builtin.metadata.headlines import find_headline
from service.pipeline.backends.builtin.metadata.page import PageMetadata, page_lines, read_page_metadata
from service.pipeline.document import Article, BackendInfo, Metadata

__all__ = ["PageMetadata", "RuleBasedMetadataReader", "extract_metadata"]


def extract_metadata(
    *,
    text: str | None,
    html: str | None,
    published_at: str | None = None,
    page: PageMetadata | None = None,
    title: str | None = None,
) -> Metadata:
    """Metadata of one article. `published_at` and `title` (the request's own) win over anything read.

    `page`: the HTML page's metadata when the caller already ran trafilatura on it (the boilerplate
    stage does), to save a second pass over a large page.
    """
    if html is not None:
        page = page if page is not None else read_page_metadata(html)
        lines = page_lines(html)
    else:
        page = PageMetadata()
        lines = (text or "").splitlines()
    dateline = find_dateline(lines)
    bylines = find_bylines(lines)
    outlet = page.outlet or (dateline.outlet if dateline else None)
    if outlet is None and bylines.credit_outlets:
        outlet = bylines.credit_outlets[0]
    return Metadata(
        outlet=outlet,
        dateline=dateline,
        published_at=published_at or _published(page.published_at, lines),
        authors=page.authors or bylines.authors,
        editors=bylines.editors,
        headline=title or page.title or (find_headline(lines) if html is None else None),
    )


def _published(page_date: str | None, lines: list[str]) -> str | None:
    """The page's date, or the text's when the page has none or gives the same day without a time."""
    text_date = find_published_at(lines)
    if page_date is None:
        return text_date
    if text_date is not None and len(page_date) == 10 and text_date.startswith(page_date):
        return text_date
    return page_date


class RuleBasedMetadataReader:
    """The stage's backend: the rules above on the request's raw input."""

    info = BackendInfo(backend="builtin-rules", version="1", model="outlets+datelines+bylines")

    def __call__(self, article: Article) -> Metadata:
        request = article.request
        return extract_metadata(
            text=request.text, html=request.html, published_at=request.published_at, title=request.title
        )
