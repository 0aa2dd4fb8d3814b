"""Headline split and boilerplate removal for plain-text article bodies.

:func:`prepare_text` takes an article as plain text (a text file, a JSON Lines ``text`` field or
the main text of an HTML page) and removes, as *whole lines only*, what news sites add around
the body:

* inline link lines: ``شاهد أيضاً: ...``, ``اقرأ أيضاً ...``, ``للمزيد: ...`` (reason
  ``inline-link``);
* related-articles blocks opened by a header line such as ``أخبار ذات صلة``, ``مواضيع ذات
  صلة``, ``اقرأ المزيد``: the header and everything after it when it opens the trailing block
  (see :data:`TAIL_SHARE`), else the header and the headline-like lines after it, up to the
  next line of prose (reason ``related-block``);
* share/follow/link lines (``شارك الخبر``, ``تابعونا على``, ``رابط الخبر``; reason ``share``),
  lines made only of social-network names (``فيسبوك | إكس | واتساب``; reason ``social``) and
  footer notices (``جميع الحقوق محفوظة``; reason ``copyright``); comment-policy and
  disclaimer lines among the last lines and everything after them (reason ``notice``).

Everything else of the body is kept exactly (no whitespace or character is rewritten inside it);
only leading and trailing whitespace of the whole body is stripped.  The phrases are data
(``rasd/lang/ar/boilerplate.tsv``) matched on :func:`rasd.normalize.key`, so hamza/alef,
taa marbuta, alef maqsura, tatweel and tanween variants all match one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rasd.normalize import key

#: A link/share line has at most this many words (whitespace-separated) when no separator
#: follows its opening phrase.
MAX_LINK_WORDS = 16
#: A share/follow/copyright line has at most this many words.
MAX_SHARE_WORDS = 10
#: A headline (first line taken as title) has at most this many words and characters.
MAX_TITLE_WORDS = 30
MAX_TITLE_CHARS = 250
#: A line with at least this many words, or ending with a period and at least
#: :data:`BODY_SENTENCE_WORDS` words, reads as body text (not a related-block headline:
#: headlines do not end with a period).
BODY_LINE_WORDS = 30
BODY_SENTENCE_WORDS = 6
#: A related-block header opens the trailing block (and everything after it is removed) when
#: no body-like line follows it, or when what follows is at most this share of the text's
#: characters and at most :data:`TAIL_LINES` non-empty lines (teasers ending with a period).
#: Otherwise only the header and the headline-like lines up to the next body line go.
TAIL_SHARE = 0.15
TAIL_LINES = 12
#: Trailing notices (comment policy, disclaimer) are looked for in this many last lines.
MAX_NOTICE_LINES = 4
#: ... and only in lines of at most this many characters (notices are a few sentences).
MAX_NOTICE_CHARS = 600

_PREFIX_CHARS = 64
_WORD = re.compile(r"[^\s:：\-–—|»«>›<‹/.،,…]+")
_DECORATION = " \t:：-–—_=*#~.|»«<>/\\…•·()[]"
_SEPARATORS = frozenset(":：-–—|»«>›<‹/")
_SENTENCE_END = (".", "۔", "…", "!", "?", "؟", "\u06d4")
_PERIOD_END = re.compile(r"[.۔]\s*[\"'»”)\]]*\s*$")
_LINE = re.compile(r"[^\n\r]*(?:\r\n|\n|\r|$)")
_SOCIAL_SPLIT = re.compile(r"[\s|·•,،/\\\-–—:؛;]+")


@dataclass(slots=True)
class Prepared:
    """Result of :func:`prepare_text`.

    Attributes:
        title: the headline taken from the first line, or None.
        text: the body, unchanged except for removed whole lines and outer whitespace.
        removed: one ``{"text": line (stripped), "reason": code}`` per removed non-empty line,
            in text order; reasons: ``inline-link``, ``related-block``, ``share``, ``social``,
            ``copyright``, ``notice``, ``marker`` (a line that is only "// انتهى //", "...المزيد",
            "إعلان"), ``separator`` (a line of punctuation only, e.g. ``-----``),
            ``call-to-action`` (a short line asking to click or follow: "اضغط هنا",
            "عبر حسابنا على ...").
    """

    title: str | None
    text: str
    removed: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Phrases:
    inline: dict[str, tuple[tuple[str, bool], ...]]  # first word -> (key, needs separator)
    related: frozenset[str]
    share: dict[str, tuple[str, ...]]                # first word -> keys, longest first
    copyright: tuple[str, ...]
    social: frozenset[str]
    notice: tuple[str, ...]
    line: frozenset[str]
    cta: re.Pattern | None = None                    # call-to-action phrases anywhere in a line


def _clean_key(s: str) -> str:
    return " ".join(key(s).split())


@lru_cache(maxsize=1)
def phrases() -> _Phrases:
    """Load and cache ``rasd/lang/ar/boilerplate.tsv`` (see its header for the columns).

    Raises:
        ValueError: a row has an unknown kind.
    """
    text = resources.files("rasd.lang.ar").joinpath("boilerplate.tsv").read_text("utf-8")
    inline: dict[str, bool] = {}
    # the kinds that are plain sets of phrase keys
    sets: dict[str, set[str]] = {kind: set() for kind in (
        "related", "share", "copyright", "social", "notice", "line", "cta")}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        kind, _, phrase = line.partition("\t")
        phrase = phrase.split("\t")[0].strip()
        k = _clean_key(phrase)
        if not k:
            continue
        if kind == "inline":
            inline[k] = False
        elif kind == "inline-sep":
            inline.setdefault(k, True)
        elif kind in sets:
            sets[kind].add(k)
        else:
            raise ValueError(f"boilerplate.tsv line {n}: unknown kind {kind!r}")
    by_first: dict[str, list[tuple[str, bool]]] = {}
    for k, sep in sorted(inline.items(), key=lambda kv: -len(kv[0])):
        by_first.setdefault(_first_word(k), []).append((k, sep))
    share_first: dict[str, list[str]] = {}
    for k in sorted(sets["share"], key=len, reverse=True):
        share_first.setdefault(_first_word(k), []).append(k)
    return _Phrases(
        inline={w: tuple(v) for w, v in by_first.items()},
        related=frozenset(sets["related"]),
        share={w: tuple(v) for w, v in share_first.items()},
        copyright=tuple(sorted(sets["copyright"], key=len, reverse=True)),
        social=frozenset(sets["social"]),
        notice=tuple(sorted(sets["notice"])),
        line=frozenset(sets["line"]),
        cta=_phrase_re(sets["cta"]),
    )


def _phrase_re(keys: set[str]) -> re.Pattern | None:
    """One regex finding any of ``keys`` (normalised phrases) as whole words; None if empty."""
    if not keys:
        return None
    alt = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)")


def _first_word(k: str) -> str:
    m = _WORD.match(k)
    return m.group(0) if m else ""


def _starts_with(k: str, phrase: str) -> str | None:
    """Rest of ``k`` after ``phrase`` when ``k`` starts with it at a word boundary, else None."""
    if not k.startswith(phrase):
        return None
    rest = k[len(phrase):]
    if rest and rest[0].isalnum() and phrase[-1].isalnum():
        return None
    return rest


def _is_social_only(k: str, social: frozenset[str]) -> bool:
    parts = [p for p in _SOCIAL_SPLIT.split(k) if p]
    if not parts:
        return False
    i = 0
    matched = 0
    while i < len(parts):
        # names of up to three words ("فيس بوك", "لينكد ان", "copy link")
        for span in (3, 2, 1):
            if " ".join(parts[i:i + span]) in social:
                i += span
                matched += 1
                break
        else:
            return False
    return matched > 0


def classify_line(line: str) -> str | None:
    """Classify one line of text as boilerplate.

    Args:
        line: one line (any surrounding whitespace).
    Returns:
        ``"related"`` for a related-block header, a removal reason (``inline-link``, ``share``,
        ``social``, ``copyright``, ``marker``, ``separator``) for a line to drop, or None for
        body text.
    """
    stripped = line.strip()
    if not stripped:
        return None
    p = phrases()
    words = len(stripped.split())
    if words > MAX_LINK_WORDS:
        # prose-length line: only an inline link with a separator ("للمزيد: <long headline>")
        # can match, and only its opening matters (keeps long paragraphs cheap)
        k = _clean_key(stripped[:_PREFIX_CHARS])
        for phrase, _ in p.inline.get(_first_word(k), ()):
            rest = _starts_with(k, phrase)
            if rest is not None:
                r = rest.lstrip()
                if r and r[0] in _SEPARATORS:
                    return "inline-link"
        return None
    k = _clean_key(stripped)
    head = k.rstrip(_DECORATION)
    if head in p.related:
        return "related"
    bare = head.lstrip(_DECORATION)
    if not bare:
        return "separator" if not any(ch.isdigit() for ch in k) else None
    if bare in p.line or bare in p.related:
        return "marker"
    ends_sentence = bool(_PERIOD_END.search(stripped))
    first = _first_word(k)
    for phrase, needs_sep in p.inline.get(first, ()):
        rest = _starts_with(k, phrase)
        if rest is None:
            continue
        r = rest.lstrip()
        has_sep = bool(r) and r[0] in _SEPARATORS
        if has_sep or (not needs_sep and words <= MAX_LINK_WORDS and not ends_sentence):
            return "inline-link"
    if words <= MAX_SHARE_WORDS and not ends_sentence:
        for phrase in p.share.get(first, ()):
            if _starts_with(k, phrase) is not None:
                return "share"
        for phrase in p.copyright:
            if _starts_with(k, phrase) is not None or k.endswith(phrase):
                return "copyright"
    if words <= 12 and _is_social_only(k, p.social):
        return "social"
    if (words <= MAX_LINK_WORDS and not ends_sentence and p.cta is not None
            and p.cta.search(k) is not None):
        # a short line that asks the reader to click or follow ("للمزيد من الأخبار اضغط هنا",
        # "يمكنكم متابعة ... عبر حسابنا على إنستغرام"), wherever the phrase stands in it
        return "call-to-action"
    return None


def _is_body_line(line: str) -> bool:
    """True if a line reads as article prose (long, or a full sentence of some length)."""
    s = line.strip()
    words = len(s.split())
    if words >= BODY_LINE_WORDS:
        return True
    return (words >= BODY_SENTENCE_WORDS and bool(_PERIOD_END.search(s))
            and not s.endswith(("..", "…")))


def _looks_like_headline(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > MAX_TITLE_CHARS or len(s.split()) > MAX_TITLE_WORDS:
        return False
    if _PERIOD_END.search(s) and not s.endswith(("...", "…")):
        return False
    return not s.endswith((":", "،", ","))


def prepare_text(text: str, has_title: bool) -> Prepared:
    """Split off the headline and remove boilerplate lines from a plain-text article.

    Args:
        text: the article (str); lines are separated by ``\\n``, ``\\r\\n`` or ``\\r``.
        has_title: True when the text may start with its headline (plain-text files, records
            without a title).  The first non-empty line becomes the title if it looks like a
            headline: at most :data:`MAX_TITLE_WORDS` words and :data:`MAX_TITLE_CHARS`
            characters, no sentence-final period, not boilerplate, and followed by more text.
    Returns:
        :class:`Prepared` with ``title`` (or None), the body ``text`` (whole lines removed,
        outer whitespace stripped, otherwise byte-for-byte the input) and ``removed``.
    """
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    n = len(lines)
    keep = [True] * n
    removed: list[dict[str, str]] = []
    title: str | None = None

    first = 0
    while first < n and not lines[first].strip():
        first += 1
    if has_title and first < n and _looks_like_headline(lines[first]) \
            and classify_line(lines[first]) is None \
            and any(lines[j].strip() for j in range(first + 1, n)):
        title = lines[first].strip()
        for j in range(first + 1):
            keep[j] = False

    total_chars = sum(len(s) for s in lines) or 1
    i = i0 = first + (1 if title is not None else 0)
    reasons: dict[int, str] = {}
    while i < n:
        line = lines[i]
        c = classify_line(line)
        if c is None:
            i += 1
            continue
        if c != "related":
            reasons[i] = c
            i += 1
            continue
        # a related-block header: drop it and the block it opens
        after = sum(len(s) for s in lines[i + 1:])
        lines_after = sum(1 for s in lines[i + 1:] if s.strip())
        body_after = any(_is_body_line(s) for s in lines[i + 1:])
        reasons[i] = "related-block"
        j = i + 1
        if not body_after or (after <= total_chars * TAIL_SHARE and lines_after <= TAIL_LINES):
            while j < n:
                reasons[j] = "related-block"
                j += 1
        else:
            while j < n and not _is_body_line(lines[j]):
                c2 = classify_line(lines[j])
                reasons[j] = "related-block" if c2 in (None, "related") else c2
                j += 1
        i = j
    # trailing notices (comment policy, disclaimers): from the last lines upwards
    tail = [j for j in range(n - 1, i0 - 1, -1) if keep[j] and j not in reasons
            and lines[j].strip()][:MAX_NOTICE_LINES]
    cut = None
    for j in tail:
        if len(lines[j]) > MAX_NOTICE_CHARS:
            continue
        k = _clean_key(lines[j])
        if any(ph in k for ph in phrases().notice):
            cut = j
    if cut is not None:
        for j in range(cut, n):
            reasons.setdefault(j, "notice")
    for j, reason in sorted(reasons.items()):
        keep[j] = False
        if lines[j].strip():
            removed.append({"text": lines[j].strip(), "reason": reason})
    body = "".join(s for s, k in zip(lines, keep) if k)
    return Prepared(title=title, text=body.strip(), removed=removed)
