"""Built-in boilerplate remover: line rules for pasted text; trafilatura, then lighter rules, for HTML."""

from __future__ import annotations

from typing import Any

from service.pipeline.backends.builtin.boilerplate_rules import clean_text
from service.pipeline.document import Article, BackendInfo

# trafilatura's balanced default beat favor_recall / favor_precision once our rules run after it
# (bench/quality_boilerplate.py: f1 0.962 vs 0.960 / 0.957).
FAVOR_PRECISION = False
FAVOR_RECALL = False


class RuleBasedBoilerplateRemover:
    """Keeps the real paragraphs of a news article; cheap to construct (trafilatura loads lazily)."""

    info = BackendInfo(backend="builtin-rules", version="1")

    def __call__(self, article: Article) -> str:
        request = article.request
        return self.clean(text=request.text, html=request.html, title=request.title)

    def clean(self, *, text: str | None = None, html: str | None = None, title: str | None = None) -> str:
        if html is not None:
            body, page_title = extract_html_text(html)
            # trafilatura already chose the main block: no region search, keep its subheadings.
            return clean_text(body, (title, page_title), region=False)
        return clean_text(text or "", (title,))


def extract_html_text(html: str) -> tuple[str, str | None]:
    """Main-content text of an HTML page (one block per line) and the page's title.

    Parsing only: trafilatura/lxml fetch nothing and expand no external entities.
    """
    if not html.strip():
        return "", None
    import trafilatura  # lazy: heavy import, only the HTML path needs it
    from trafilatura.xml import xmltotxt

    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=FAVOR_PRECISION,
            favor_recall=FAVOR_RECALL,
            with_metadata=True,  # for the title, to drop the headline from the body
        )
    except (ValueError, TypeError):  # malformed input trafilatura refuses
        doc = None
    if isinstance(doc, dict):  # trafilatura answers a dict only when asked to (as_dict=True)
        doc = None
    text = xmltotxt(doc.body, False) if doc is not None and doc.body is not None else ""
    title = doc.title if doc is not None else None
    return (text if text.strip() else paragraphs_text(html)), title


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
