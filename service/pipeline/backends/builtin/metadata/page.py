"""What an HTML page says about itself (trafilatura's metadata), and its text as lines for the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.pipeline.backends.builtin.boilerplate_html import parse_html
from service.pipeline.backends.builtin.metadata.outlets import normalise_outlet, outlet_from_host

# Elements whose text stands on a line of its own in the page as read.
_BLOCKS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 tr td th section article header footer aside figcaption time span".split()
)
_UNREAD = ("script", "style", "noscript", "template", "svg")
# htmldate's output with a time: "2019-11-19T13:03:00+0000"; midnight with no zone means "no time".
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# Between a page's title and its site's name: a hyphen or dash, a bar or "::", spaced.
_SITE_SEPARATOR = re.compile(r"\s+(?:[-–—|]|::)\s+")
_BYLINE_WORD = re.compile(
    r"^\s*(?:(?:analysis|opinion|commentary|review)\s+)?(?:oleh|by|penulis|reporter)\b\s*:?\s*", re.I
)


@dataclass(frozen=True)
class PageMetadata:
    outlet: str | None = None
    published_at: str | None = None
    authors: list[str] = field(default_factory=list)
    title: str | None = None


def read_page_metadata(html: str) -> PageMetadata:
    """trafilatura's site name, author and date (htmldate: page metadata first, no text search)."""
    if not html.strip():
        return PageMetadata()
    from trafilatura import extract_metadata  # lazy: heavy import, only the HTML path needs it

    try:
        doc = extract_metadata(
            html,
            extensive=False,
            date_config={"extensive_search": False, "original_date": True, "outputformat": _HTMLDATE_FORMAT},
        )
    except (ValueError, TypeError):  # malformed input trafilatura refuses
        return PageMetadata()
    outlet = None
    if doc.sitename:
        outlet = normalise_outlet(doc.sitename) or " ".join(doc.sitename.split())
    outlet = outlet_from_host(doc.hostname) or outlet
    # trafilatura keeps a byline's "Oleh"/"By"; the rules for text drop it too.
    authors = [_BYLINE_WORD.sub("", a).strip() for a in re.split(r";|\|", doc.author or "")]
    authors = [a for a in authors if a and not _names_the_site(a, doc.sitename, doc.hostname)]
    title = _without_site(" ".join(doc.title.split()), doc.sitename, doc.hostname) if doc.title else None
    return PageMetadata(
        outlet=outlet, published_at=_htmldate_iso(doc.date), authors=authors, title=title or None
    )


def _without_site(title: str, sitename: str | None, hostname: str | None) -> str:
    """The page title less the site's name that pages add to it: "NASA adds five companies to
    commercial lunar lander program - SpaceNews.com", "Best tech gadgets of 2019 | ZDNet",
    "LinkNaija | Nigeria's popular news platform | Nollywood Actress ..."."""
    if sitename:  # the whole site name, itself with a separator in it ("Remember 80/90 - Memorabilia ...")
        name = re.escape(sitename)
        whole = re.fullmatch(rf"(?P<title>.+?){_SITE_SEPARATOR.pattern}{name}", title) or re.fullmatch(
            rf"{name}\s*(?:[-–—|:]|::)\s+(?P<title>.+)", title
        )
        if whole:
            return whole["title"]
    site, host = _site_keys(sitename, hostname)
    for sep in _SITE_SEPARATOR.finditer(title):
        before, after = title[: sep.start()], title[sep.end() :]
        if before and _names_site(_key(after), site, host):
            return before
        if after and _names_site(_key(before), site, host):
            return after
    return title


def _names_site(part: str, site: str, host: str) -> bool:
    """The part is the site's name, or its start ("Inexhibit" of "Inexhibit magazine"), or its host."""
    return bool(part) and (part == host or (bool(site) and (site.startswith(part) or part.startswith(site))))


def _names_the_site(author: str, sitename: str | None, hostname: str | None) -> bool:
    """An "author" that is the site itself: pages put their own name there ("LinkNaija",
    "Cleveland com", "CNN Business"). An agency credited on another's page ("Reuters") stays."""
    part, (site, host) = _key(author), _site_keys(sitename, hostname)
    return part == host or (
        bool(site) and (part.startswith(site) or (len(part) >= 6 and site.startswith(part)))
    )


def _site_keys(sitename: str | None, hostname: str | None) -> tuple[str, str]:
    """The site's name and its host's name ("www.cleveland.com" -> "cleveland") as _key compares them."""
    return _key(sitename or ""), _key((hostname or "").removeprefix("www.").rsplit(".", 1)[0])


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _htmldate_iso(date: str | None) -> str | None:
    if not date:
        return None
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2})([+-]\d{2})?(\d{2})?)?", date)
    if m is None:
        return None
    day, time, zone_hours, zone_minutes = m.groups()
    if time is None or (time == "00:00:00" and zone_hours is None):
        return day
    zone = f"{zone_hours}:{zone_minutes or '00'}" if zone_hours else ""
    return f"{day}T{time}{zone}"


def page_lines(html: str) -> list[str]:
    """The page's visible text, one block element a line, for the same rules plain text goes through."""
    root = parse_html(html) if html.strip() else None
    if root is None:
        return []
    for element in list(root.iter(*_UNREAD)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]
