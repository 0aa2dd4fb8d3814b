"""Bytes -> str for article inputs: BOMs, UTF-8, UTF-16, Windows-1256, and refusal of binaries.

Arabic news archives still hold many Windows-1256 (cp1256) pages and text files, and generic
detectors sometimes read those bytes as a Cyrillic or Latin code page (mojibake).  The order of
decisions in :func:`decode_bytes` is therefore explicit:

1. empty input -> :class:`~rasd.errors.InputError` ``code="empty"``;
2. a byte-order mark: UTF-8 (``utf-8-sig``), UTF-32 or UTF-16;
3. UTF-16 without BOM, recognised by NUL bytes on every other position;
4. binary data (NUL bytes, or more than :data:`MAX_CONTROL_RATIO` of other C0 control bytes)
   -> ``code="binary"``;
5. strict UTF-8, or UTF-8 with a few damaged bytes replaced (:func:`_mostly_utf8`);
6. cp1256 (or ISO-8859-6, whichever reads better) when the bytes decode to mostly Arabic
   letters (at least :data:`MIN_ARABIC_SHARE` of the non-ASCII letters);
7. Windows-1252 (Latin-1) when every non-ASCII letter it yields is a Latin-1 letter;
8. charset-normalizer's best guess, else cp1256 with replacement characters.
"""

from __future__ import annotations

import codecs
import re

from rasd.errors import InputError

#: Share of C0 control bytes (other than tab, newline, carriage return, form feed, escape)
#: above which data is treated as binary.
MAX_CONTROL_RATIO = 0.02
#: Share of Arabic letters among the non-ASCII letters that makes cp1256 the right reading.
MIN_ARABIC_SHARE = 0.8
#: Share of Arabic letters among all letters (ASCII included) below which a single-byte text is
#: not read as Arabic (Latin-1 European text decoded as cp1256 has a handful of them).
MIN_ARABIC_OF_LETTERS = 0.3
_SAMPLE = 65536

_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_CONTROL_TABLE = bytes.maketrans(_CONTROL, b"\x00" * len(_CONTROL))
_ARABIC = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_BINARY_MAGIC = (b"\x1f\x8b", b"PK\x03\x04", b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff",
                 b"\x7fELF", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf")
_HTML_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""",
                           re.IGNORECASE)


def _norm_name(enc: str) -> str:
    try:
        name = codecs.lookup(enc).name
    except LookupError:
        return enc.lower()
    return {"utf_8": "utf-8", "utf-8": "utf-8", "cp1256": "cp1256", "windows-1256": "cp1256",
            "utf-16": "utf-16", "iso8859-6": "iso8859-6"}.get(name, name)


def _arabic_share(text: str) -> tuple[int, float]:
    """(Arabic letters, their share of all non-ASCII letters) in ``text``."""
    arabic = len(_ARABIC.findall(text))
    other = sum(1 for ch in text if ord(ch) > 127 and ch.isalpha())
    return arabic, (arabic / other if other else 0.0)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    # Arabic UTF-16 has 0x06 high bytes, ASCII has 0x00 high bytes: look at both patterns.
    hi_even = sum(1 for b in sample[0::2] if b in (0, 6))
    hi_odd = sum(1 for b in sample[1::2] if b in (0, 6))
    if (odd > half * 0.2 or hi_odd > half * 0.6) and even < half * 0.05:
        return "utf-16-le"
    if (even > half * 0.2 or hi_even > half * 0.6) and odd < half * 0.05:
        return "utf-16-be"
    return None


def is_binary(data: bytes) -> bool:
    """True when ``data`` (a sample of a file) is not text: known binary magic numbers, NUL
    bytes, or more than :data:`MAX_CONTROL_RATIO` C0 control bytes."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if sample.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > MAX_CONTROL_RATIO


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a file cut inside a character, one stray byte): the
    text with U+FFFD for them, when they are at most one in a thousand characters (and at
    most 8 in a short text) and valid multi-byte characters outnumber them three to one;
    else None (cp1256 read as UTF-8 breaks on nearly every Arabic letter, so its valid
    multi-byte characters are next to none; twenty to one left a short JSON Lines record with
    one stray byte, 17 letters, to cp1256 mojibake)."""
    cand = data.decode("utf-8", errors="replace")
    bad = cand.count("\ufffd")
    good = sum(1 for ch in cand if ord(ch) > 127) - bad
    return cand if bad <= max(8, len(cand) // 1000) and good >= 3 * bad else None


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode article bytes into text, detecting the encoding (see the module docstring).

    Args:
        data: the raw bytes of one input (file, stdin, record).
        source: file path or ``"-"``, used in error messages.
    Returns:
        ``(text, encoding)`` where encoding is a Python codec name: ``utf-8``, ``utf-8-sig``,
        ``utf-16``, ``utf-16-le``, ``utf-16-be``, ``utf-32``, ``cp1256``, ``iso8859-6`` or the
        name chosen by charset-normalizer.  A BOM is not part of ``text``; nothing else is changed.
    Raises:
        InputError: ``code="empty"`` for no bytes or only whitespace; ``code="binary"`` for
            binary data.
    """
    if not data or not data.strip():
        raise InputError("empty input (no text)", source, code="empty")
    text: str | None = None
    enc = ""
    if data.startswith(codecs.BOM_UTF8):
        text, enc = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text, enc = data.decode("utf-32", errors="replace"), "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        u16 = _utf16_without_bom(data)
        if u16:
            try:
                cand = data.decode(u16)
            except UnicodeDecodeError:
                cand = None
            if cand is not None and not is_binary(cand.encode("utf-8", "replace")):
                text, enc = cand, u16
    if text is None:
        if is_binary(data):
            raise InputError("binary data, not text (NUL or control bytes)", source,
                             code="binary")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = _mostly_utf8(data)
            enc = "utf-8"
    if text is None:
        # Arabic single-byte code pages: cp1256 (common) and ISO-8859-6 (old pages); the
        # wrong one of the two yields Latin accented letters (à é ç) or undefined bytes.
        # Both pass on all-Arabic text: the article "ال" (the commonest Arabic bigram) decides.
        best: tuple[int, float] = (-1, 0.0)
        for codec in ("cp1256", "iso8859-6"):
            try:
                cand = data.decode(codec, errors="strict" if codec != "cp1256" else "replace")
            except UnicodeDecodeError:
                continue
            arabic, share = _arabic_share(cand[:_SAMPLE])
            score = (cand[:_SAMPLE].count("ال"), share)
            # Latin-1 French or German read as cp1256 shows a few Arabic letters among many
            # ASCII ones: Arabic text is mostly Arabic letters
            letters = sum(1 for ch in cand[:_SAMPLE] if ch.isalpha())
            if (arabic >= 2 and share >= MIN_ARABIC_SHARE and score > best
                    and arabic >= MIN_ARABIC_OF_LETTERS * letters):
                text, enc, best = cand, codec, score
    if text is None:
        # Western European single-byte text (Latin-1 / Windows-1252, what HTML5 reads for
        # both): accept when every non-ASCII letter is a Latin-1 letter (é, è, ü, ç ...);
        # charset-normalizer alone misreads short French text as cp1250/cp1257
        try:
            cand = data.decode("cp1252")
        except UnicodeDecodeError:
            cand = None
        if cand is not None and all("\u00c0" <= ch <= "\u00ff" for ch in cand[:_SAMPLE]
                                    if ord(ch) > 127 and ch.isalpha()):
            text, enc = cand, "cp1252"
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
        if best is not None and best.encoding:
            enc = _norm_name(best.encoding)
            try:
                text = data.decode(enc, errors="replace")
            except LookupError:
                text = None
        if text is None:
            text, enc = data.decode("cp1256", errors="replace"), "cp1256"
    if not text.strip():
        raise InputError("empty input (only whitespace)", source, code="empty")
    return text, enc


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 4 KB (``<meta charset>``,
    ``http-equiv`` content type or ``<?xml encoding?>``), as a Python codec name, or None."""
    head = data[:4096]
    m = _HTML_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    try:
        return _norm_name(m.group(1).decode("ascii"))
    except (UnicodeDecodeError, LookupError):
        return None


def decode_markup(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML/XML page: trust a declared charset (``declared``, e.g. from an HTTP
    header, else the document's own declaration) when the bytes decode cleanly under it,
    except Latin-1 family declarations on Arabic bytes (old cp1256 sites often declare
    iso-8859-1); otherwise fall back to :func:`decode_bytes`.

    Returns and raises as :func:`decode_bytes`.
    """
    enc = _norm_name(declared) if declared else declared_charset(data)
    bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if enc and not bom and enc not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        if not data.strip():
            raise InputError("empty input (no text)", source, code="empty")
        try:
            codecs.lookup(enc)
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is not None and enc in ("latin-1", "iso8859-1", "cp1252", "ascii"):
            arabic, share = _arabic_share(data.decode("cp1256", errors="replace")[:_SAMPLE])
            if arabic >= 20 and share >= MIN_ARABIC_SHARE:
                text = None
        if text is not None:
            if is_binary(data):
                raise InputError("binary data, not text", source, code="binary")
            return text, enc
    return decode_bytes(data, source)
