"""A readable terminal report of one analysed document (``rasd analyze --format report``).

Arabic is stored in logical order.  Many terminals do not apply the Unicode bidi algorithm or
Arabic letter shaping, so the report can convert each line to *visual* order
(``rtl="visual"``: shaping by arabic-reshaper, reordering by python-bidi); terminals that do
their own bidi (and files, pipes) should get ``rtl="logical"`` (the text unchanged).
"""

from __future__ import annotations

import io
import re

from rasd.doc import Doc

_HAS_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


def display(text: str, rtl: str = "logical") -> str:
    """Return ``text`` ready for a terminal.

    Args:
        text: logical-order text (str), may contain newlines.
        rtl: ``"visual"`` to shape and reorder lines that contain right-to-left characters,
            ``"logical"`` to return the text unchanged.
    """
    if rtl != "visual" or not _HAS_RTL.search(text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) if _HAS_RTL.search(line) else line
                     for line in text.split("\n"))


class VisualText:
    """A table cell of right-to-left text for terminals without bidi (``rtl="visual"``).

    Reordering a whole line to visual order and letting the table wrap it afterwards puts the
    sentence's *end* on the first line (the logical start sits at the right end of a visual
    line). This renderable wraps the logical text at the cell's width first, then reorders
    each line, so lines read top to bottom in the right order.

    Args:
        text: logical-order text (may contain newlines).
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_measure__(self, console, options):
        from rich.cells import cell_len
        from rich.measure import Measurement

        words = self.text.split() or [""]
        longest = max(cell_len(w) for w in words)
        whole = max(cell_len(line) for line in self.text.split("\n"))
        return Measurement(min(longest, options.max_width), min(whole, options.max_width))

    def __rich_console__(self, console, options):
        import textwrap

        from rich.text import Text

        width = max(options.max_width, 1)
        for para in self.text.split("\n"):
            for line in textwrap.wrap(para, width, break_long_words=True) or [""]:
                yield Text(display(line, "visual"), no_wrap=True, overflow="crop")


def cell(text: str, rtl: str = "logical"):
    """A table cell for ``text``: the text itself in logical mode (or without right-to-left
    letters), a :class:`VisualText` that wraps before reordering in visual mode."""
    if rtl != "visual" or not _HAS_RTL.search(text):
        return text
    return VisualText(text)


def _clip(s: str, n: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render_report(doc: Doc, rtl: str = "logical", width: int = 120) -> str:
    """Render ``doc`` as a plain-text report: header, entities, dates, amounts, quotes, events.

    Each event is shown with its evidence sentence, date, status and source, so a person can
    check it against the article.  Returns a str (no colour codes).
    """
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    con = Console(file=buf, width=width, color_system=None, force_terminal=False)
    d = lambda s: display(s or "", rtl)
    c = lambda s: cell(s or "", rtl)

    con.print(f"[bold]{d(doc.title or '(no title)')}[/bold]")
    con.print(f"id: {doc.id}   published: {doc.published or '-'}   language: {doc.language}   "
              f"url: {doc.url or '-'}")
    con.print(f"{len(doc.sentences)} sentences, {len(doc.tokens)} tokens, "
              f"{len(doc.entities)} entities, {len(doc.timexes)} time expressions, "
              f"{len(doc.quantities)} quantities, {len(doc.quotes)} quotes, "
              f"{len(doc.events)} events; {len(doc.removed)} boilerplate lines removed")

    if doc.events:
        t = Table(title="Events", show_lines=True, expand=True)
        for col in ("id", "type", "who → whom", "date", "status", "source", "evidence"):
            t.add_column(col)
        for v in doc.events:
            who = ", ".join(a.code or d(a.text) for a in v.actors) or "?"
            whom = ", ".join(a.code or d(a.text) for a in v.recipients) or "-"
            src = d(v.attribution["text"]) if v.attribution else ""
            kind = v.type + (f"/{v.mode}" if v.mode else "")
            if v.contexts:
                kind += f" [{', '.join(v.contexts)}]"
            es, ee = v.evidence
            t.add_row(v.id, kind, f"{who} → {whom}", v.date or "", v.status, src,
                      c(_clip(doc.text[es:ee], 220)))
        con.print(t)

    if doc.entities:
        t = Table(title="Entities", expand=True)
        for col in ("id", "type", "name", "kb", "mentions"):
            t.add_column(col)
        for e in doc.entities:
            forms = sorted({m.text for m in e.mentions})
            t.add_row(e.id, e.type, c(e.name), e.kb or "", c(" | ".join(forms)))
        con.print(t)

    if doc.timexes:
        t = Table(title="Time expressions", expand=True)
        for col in ("text", "type", "value"):
            t.add_column(col)
        for x in sorted(doc.timexes, key=lambda x: x.start):
            t.add_row(d(x.text), x.type, x.value or "")
        con.print(t)

    if doc.quantities:
        t = Table(title="Quantities", expand=True)
        for col in ("text", "kind", "value", "unit", "qualifier"):
            t.add_column(col)
        for q in sorted(doc.quantities, key=lambda q: q.start):
            val = f"{q.value:,.2f}".rstrip("0").rstrip(".")
            if q.value_max is not None:
                val += f" – {q.value_max:,.2f}".rstrip("0").rstrip(".")
            t.add_row(d(q.text), q.kind, val, q.unit or "", q.qualifier)
        con.print(t)

    if doc.quotes:
        t = Table(title="Quotes", expand=True, show_lines=True)
        for col in ("speaker", "cue", "direct", "content"):
            t.add_column(col)
        for q in sorted(doc.quotes, key=lambda q: q.start):
            who = d(q.speaker_text or "?") + (f" ({q.speaker})" if q.speaker else "")
            t.add_row(who, d(q.cue), "yes" if q.direct else "no", c(_clip(q.text, 200)))
        con.print(t)
    return buf.getvalue().rstrip()
