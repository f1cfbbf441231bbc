"""HTML to readable plain text in linear time (no backtracking regex, no html.parser)."""

from __future__ import annotations

import html as _html
import re

# --------------------------------------------------------------------------------------------------
# HTML -> text
# --------------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "blockquote", "pre", "hr", "section", "article", "header", "footer", "dd", "dt", "dl", "address",
    "center", "form", "fieldset", "figure", "main", "nav", "aside", "tbody", "thead", "tfoot", "title",
})
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "hr",
                             "pre", "dl"})
_SKIP_CONTENT_TAGS = {
    name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style", "head", "template")
}
_TAG_NAME_RE = re.compile(r"\s*(/?)\s*([A-Za-z][A-Za-z0-9]{0,20})")
_WS_RE = re.compile(r"\s+")
_H_SPACES_RE = re.compile(r"[ \t\u00a0\u200b\u200c\u200d\ufeff]+")
_MANY_NL_RE = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    """Convert HTML to readable plain text in linear time.

    Why a hand-written scanner: every step is a ``str.find`` or an anchored regex from a known
    position, so hostile inputs (unclosed comments, thousands of "<") cannot trigger quadratic
    backtracking. Script/style/head content is dropped, block tags become newlines, entities are
    unescaped *after* tags are removed (so "&lt;script&gt;" stays text), whitespace is collapsed.
    """
    out: list[str] = []
    i, n = 0, len(markup)
    no_more_gt = False
    at_line_start = True  # nothing but whitespace since the last line break
    while i < n:
        j = markup.find("<", i)
        if j < 0:
            out.append(_WS_RE.sub(" ", markup[i:]))
            break
        if j > i:
            chunk = _WS_RE.sub(" ", markup[i:j])
            out.append(chunk)
            if chunk.strip(" "):
                at_line_start = False
        if markup.startswith("<!--", j):
            k = markup.find("-->", j + 4)
            if k < 0:
                break  # unclosed comment swallows the rest, as browsers do
            i = k + 3
            continue
        nxt = markup[j + 1:j + 2]
        if not nxt or not (nxt.isalpha() or nxt in "/!?") or no_more_gt:
            out.append("<")
            at_line_start = False
            i = j + 1
            continue
        k = markup.find(">", j + 1)
        if k < 0:
            no_more_gt = True
            at_line_start = False
            out.append("<")
            i = j + 1
            continue
        tag = markup[j + 1:k]
        i = k + 1
        m = _TAG_NAME_RE.match(tag)
        if not m:
            continue  # <!DOCTYPE>, <?xml?>, </ >: drop
        closing, name = m.group(1), m.group(2).lower()
        if not closing and name in _SKIP_CONTENT_TAGS:
            end = _SKIP_CONTENT_TAGS[name].search(markup, i)
            i = end.end() if end else n
            if name == "head":
                out.append("\n")
            continue
        if name == "br":
            out.append("\n")
            at_line_start = True
        elif name in _PARAGRAPH_TAGS:
            out.append("\n\n")
            at_line_start = True
        elif name in _BLOCK_TAGS:
            # one line break per block boundary: "<li>a</li><li>b</li>" -> "a\nb", not "a\n\nb"
            if not at_line_start:
                out.append("\n")
                at_line_start = True
        elif name in ("td", "th") and closing:
            out.append(" ")
        elif name == "img" and not closing:
            alt = re.search(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag[:2000], re.IGNORECASE)
            if alt and (alt.group(1) or alt.group(2) or "").strip():
                out.append(" " + (alt.group(1) or alt.group(2)).strip() + " ")
                at_line_start = False
    text = "".join(out)
    try:
        text = _html.unescape(text)
    except Exception:  # noqa: BLE001
        pass
    lines = [_H_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _MANY_NL_RE.sub("\n\n", text).strip()


