"""Built-in boilerplate remover: line rules for pasted text; trafilatura, then lighter rules, for HTML
(boilerplate_html.py turns the page into lines, boilerplate_rules.py judges the lines)."""

from __future__ import annotations

from service.pipeline.backends.builtin.boilerplate_html import extract_html_text
from service.pipeline.backends.builtin.boilerplate_rules import clean_text
from service.pipeline.document import Article, BackendInfo


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
