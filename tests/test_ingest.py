"""Readers and decoding: one test per input kind, on small fixtures written for rasd
(tests/resources/ingest) or bytes built in the test."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.ingest.decode import decode_bytes, decode_markup
from rasd.ingest.readers import MAX_INPUT_BYTES, read_path
from rasd.record import ReadError, Record

RES = Path(__file__).parent / "resources" / "ingest"

SENTENCE = "وقّعت الحكومة اتفاقاً جديداً مع شركة الكهرباء لتوسيع الشبكة في الجنوب.\nوقال الوزير إن المشروع يبدأ الشهر المقبل."


def read_all(path) -> list[Record | ReadError]:
    return list(read_path(str(path)))


# -- decoding ------------------------------------------------------------------------------

@pytest.mark.parametrize("codec, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("cp1256", "cp1256"),
    ("iso8859-6", "iso8859-6"),
])
def test_decode_bytes_encodings(codec, expected):
    text, enc = decode_bytes(SENTENCE.encode(codec), "x.txt")
    assert text == SENTENCE
    assert enc == expected


def test_decode_cp1256_is_not_mojibake_for_short_text():
    text, enc = decode_bytes("قصف مدفعي على البلدة".encode("cp1256"), "x")
    assert (text, enc) == ("قصف مدفعي على البلدة", "cp1256")


def test_decode_empty_and_binary():
    for data in (b"", b"  \n\t "):
        with pytest.raises(InputError) as e:
            decode_bytes(data, "e.txt")
        assert e.value.code == "empty" and e.value.source == "e.txt"
    for data in (bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"ab\x00cd" * 20):
        with pytest.raises(InputError) as e:
            decode_bytes(data, "b.bin")
        assert e.value.code == "binary"


def test_decode_markup_trusts_declared_charset_but_not_latin1_on_arabic():
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{SENTENCE}</p></body></html>'
    text, enc = decode_markup(page.encode("cp1256"), "p.html")
    assert enc == "cp1256" and SENTENCE in text
    wrong = page.replace("windows-1256", "iso-8859-1").encode("cp1256")
    text, enc = decode_markup(wrong, "p.html")
    assert enc == "cp1256" and SENTENCE in text


# -- text files ----------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_text_file_in_each_encoding(tmp_path, codec):
    p = tmp_path / "a.txt"
    p.write_bytes(SENTENCE.encode(codec))
    (rec,) = read_all(p)
    assert isinstance(rec, Record)
    assert rec.text == SENTENCE
    assert rec.reader == "text" and rec.source == str(p)
    assert rec.raw == {"text": SENTENCE}
    assert rec.encoding == {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(codec, codec)


def test_text_fixture_and_published_default():
    (rec,) = list(read_path(str(RES / "article.txt"), published="2024-01-09"))
    assert rec.text.startswith("وزير الخارجية يزور عمّان")
    assert rec.published == "2024-01-09"


def test_empty_and_binary_files_name_the_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n \n")
    (tmp_path / "img.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    out = {Path(e.source).name: e for e in read_all(tmp_path)}
    assert all(isinstance(e, ReadError) for e in out.values())
    assert out["empty.txt"].code == "empty" and out["blank.txt"].code == "empty"
    # a .jpg in a folder is passed over (NOT_TEXT_SUFFIXES); named alone it fails as binary
    assert out["img.txt"].code == "binary" and "photo.jpg" not in out
    assert read_all(tmp_path / "photo.jpg")[0].code == "binary"
    assert str(tmp_path / "img.txt") in str(out["img.txt"])


def test_a_store_and_its_sqlite_side_files_in_the_folder_are_passed_over(tmp_path):
    """«rasd ingest folder --db folder/s.db»: the store's WAL and shared-memory files had
    been read as records and failed as binary, so the run exited 1 (a new-user review)."""
    (tmp_path / "a.txt").write_text("زار الوزير القاهرة أمس.", encoding="utf-8")
    for name in ("s.db", "s.db-wal", "s.db-shm", "s.db-journal"):
        (tmp_path / name).write_bytes(b"SQLite format 3\x00" + bytes(64))
    assert [Path(r.source).name for r in read_all(tmp_path)] == ["a.txt"]


def test_too_large_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        f.truncate(100 * 1024 * 1024)   # sparse: cheap to create, 100 MB by stat
    (err,) = read_all(p)
    # the file is all NUL bytes: had it been read, it would fail as "binary", not "too-large"
    assert isinstance(err, ReadError) and err.code == "too-large"
    assert err.source == str(p) and f"{MAX_INPUT_BYTES:,}" in err.reason


def test_missing_path():
    (err,) = read_all("/nonexistent/rasd/file.txt")
    assert err.code == "not-found"


# -- HTML ----------------------------------------------------------------------------------

def test_html_file_and_extraction():
    from rasd.ingest.html import extract_html

    (rec,) = read_all(RES / "article.html")
    assert rec.reader == "html" and rec.encoding == "utf-8" and rec.text is None
    ext = extract_html(rec.html, source=rec.source)
    assert ext.title == "البرلمان يقر موازنة العام الجديد"
    assert ext.published == "2024-05-12"
    assert ext.text.split("\n") == [
        "أقر البرلمان في جلسته المسائية موازنة العام الجديد بأغلبية واضحة بعد نقاش استمر ثلاثة أيام.",
        "وقال رئيس لجنة المالية إن الموازنة تخصص حصة أكبر للتعليم والصحة مقارنة بالعام الماضي.",
        "وصوت ضد الموازنة نواب المعارضة الذين طالبوا بزيادة دعم المزارعين في المناطق الريفية.",
    ]
    assert {r["reason"] for r in ext.removed} >= {"inline-link"}


def test_html_in_cp1256_file(tmp_path):
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>"
            f"</head><body><article><p>{SENTENCE.splitlines()[0]}</p></article></body></html>")
    p = tmp_path / "old.htm"
    p.write_bytes(page.encode("cp1256"))
    (rec,) = read_all(p)
    assert rec.encoding == "cp1256" and SENTENCE.splitlines()[0] in rec.html


@pytest.mark.parametrize("html", [
    "<html><body><p>قال الوزير إن <b>المفاوضات <i>ستستأنف</p> غداً</div></div>",
    "<div>اندلع حريق في مستودع للوقود<br>وأعلن الدفاع المدني السيطرة عليه",
    "<p>خبر عاجل: زلزال بقوة خمس درجات",
])
def test_malformed_html_does_not_crash(html):
    from rasd.ingest.html import extract_html

    ext = extract_html(html, source="bad.html")
    assert ext.text and ext.text == ext.text.strip()
    assert any(w in ext.text for w in ("قال الوزير إن", "اندلع حريق في مستودع", "زلزال بقوة"))


@pytest.mark.parametrize("html", ["<<<>>>", "<html><head><title>x</title></head><body></body></html>",
                                  "<html><body><script>var a=1;</script></body></html>"])
def test_html_without_text_is_bad_html(html):
    from rasd.ingest.html import extract_html

    with pytest.raises(InputError) as e:
        extract_html(html, source="nothing.html")
    assert e.value.code == "bad-html" and "nothing.html" in str(e.value)


# -- JSON Lines ----------------------------------------------------------------------------

def test_jsonl_with_broken_line_goes_on():
    items = read_all(RES / "records.jsonl")
    assert [type(i).__name__ for i in items] == ["Record", "ReadError", "Record", "ReadError",
                                                 "Record"]
    r1, bad, r3, empty, r5 = items
    assert (r1.id, r1.url, r1.title, r1.published) == (
        "r1", "https://example.org/news/1", "اجتماع أمني في القاهرة", "2024-02-03")
    assert r1.raw["id"] == "r1" and r1.line == 1 and r1.reader == "jsonl"
    assert bad.code == "bad-json" and bad.line == 2 and bad.source.endswith("records.jsonl")
    # the cut line opens with its id, so the report names the record
    assert bad.id == "r2" and str(bad).startswith(str(RES / "records.jsonl") + ":2 (id r2): ")
    assert "at end of line" in bad.reason
    assert r3.html.startswith("<html>") and r3.text is None and r3.line == 3
    assert empty.code == "no-text" and empty.line == 5 and empty.id == "r4"
    assert empty.reason == "record has neither 'text' nor 'html'"
    assert r5.line == 6 and r5.published == "2024-02-05"


def test_record_with_empty_text_says_so():
    from rasd.ingest.readers import record_from_json

    err = record_from_json({"id": "e1", "text": "  \n"}, "x.jsonl", 3, "utf-8")
    assert err.code == "no-text" and err.reason == "record's 'text' is empty"
    err2 = record_from_json({"id": "e2", "text": "", "html": ""}, "x.jsonl", 4, "utf-8")
    assert err2.reason == "record's 'text' and 'html' are empty"


def test_jsonl_gz_and_json_array(tmp_path):
    recs = [{"id": f"a{i}", "text": f"خبر رقم {i} عن الانتخابات البلدية."} for i in range(3)]
    gz = tmp_path / "batch.jsonl.gz"
    gz.write_bytes(gzip.compress("\n".join(json.dumps(r, ensure_ascii=False) for r in recs)
                                 .encode("utf-8")))
    assert [r.id for r in read_all(gz)] == ["a0", "a1", "a2"]
    arr = tmp_path / "batch.json"
    arr.write_text(json.dumps(recs, ensure_ascii=False, indent=2), encoding="utf-8")
    got = read_all(arr)
    assert [r.id for r in got] == ["a0", "a1", "a2"] and got[2].line == 3


def test_jsonl_bad_field_type(tmp_path):
    p = tmp_path / "x.ndjson"
    p.write_text('{"id": "z", "text": ["not", "a", "string"]}\n[1, 2]\n', encoding="utf-8")
    a, b = read_all(p)
    assert a.code == "bad-record" and a.line == 1 and a.id == "z"
    assert b.code == "bad-record" and b.line == 2


# -- feeds ---------------------------------------------------------------------------------

def test_rss_feed():
    a, b = read_all(RES / "feed.rss")
    assert a.reader == "feed" and a.title == "انطلاق حملة لتشجير الطرق السريعة"
    assert a.url == "https://example.org/news/101" and a.id == "https://example.org/news/101"
    assert a.published == "2024-03-10T01:15:00+03:00"   # the feed's own date and offset
    assert "عشرة آلاف شجرة" in a.html and a.text is None
    assert b.text == "تغلق السلطات جسر الميناء ليلتين لإجراء أعمال صيانة." and b.html is None
    assert b.published.startswith("2024-03-11T08:00:00")


def test_atom_feed():
    a, b = read_all(RES / "feed.atom")
    assert (a.id, a.url, a.published) == ("urn:example:entry:1", "https://example.org/a/1",
                                          "2024-06-01T18:45:00+02:00")
    assert "جولة جديدة من المحادثات" in a.html
    assert b.published == "2024-06-02T07:30:00+00:00"
    assert b.text.startswith("تتوقع الأرصاد") and b.title == "موجة حر متوقعة"


def test_feed_and_html_pipeline_prepare():
    from rasd.pipeline import Pipeline

    a = next(iter(read_all(RES / "feed.rss")))
    doc = Pipeline(stages=()).prepare(a)
    assert doc.text.startswith("أطلقت البلدية حملة") and doc.title == a.title


# -- WARC ----------------------------------------------------------------------------------

def _warc(path: Path, pages: list[tuple[str, str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        for uri, ctype, body, date in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                       http_headers=http, warc_headers_dict={"WARC-Date": date})
            w.write_record(rec)


def test_warc_gz_html_responses_only(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    page1 = f"<html><body><article><p>{SENTENCE}</p></article></body></html>".encode()
    page2 = f"<html><body><p>{SENTENCE.splitlines()[1]}</p></body></html>".encode("cp1256")
    _warc(p, [("https://example.org/1", "text/html; charset=utf-8", page1, "2024-04-01T10:00:00Z"),
              ("https://example.org/logo.png", "image/png", b"\x89PNG....", "2024-04-01T10:00:01Z"),
              ("https://example.org/2", "text/html; charset=windows-1256", page2,
               "2024-04-02T11:00:00Z")])
    recs = read_all(p)
    assert [r.url for r in recs] == ["https://example.org/1", "https://example.org/2"]
    assert all(r.reader == "warc" for r in recs)
    assert SENTENCE in recs[0].html and recs[1].encoding == "cp1256"
    assert SENTENCE.splitlines()[1] in recs[1].html
    assert recs[0].raw["warc_date"] == "2024-04-01T10:00:00Z"


def test_plain_warc_and_corrupt_warc(tmp_path):
    p = tmp_path / "c.warc"
    _warc(p, [("https://example.org/x", "text/html", b"<p>\xd8\xae\xd8\xa8\xd8\xb1</p>",
               "2024-04-01T10:00:00Z")])
    (rec,) = read_all(p)
    assert "خبر" in rec.html
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage-not-a-gzip-member" * 3)
    errs = read_all(bad)
    assert errs and all(isinstance(e, ReadError) for e in errs)


# -- directories and stdin -----------------------------------------------------------------

def test_directory_walk_sorted_recursive(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(RES / "article.txt", tmp_path / "b" / "2.txt")
    shutil.copy(RES / "article.html", tmp_path / "a" / "z.html")
    shutil.copy(RES / "feed.rss", tmp_path / "a" / "1.rss")
    (tmp_path / ".hidden" / "x.txt").write_text("مخفي", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(SENTENCE.encode("cp1256"))
    items = read_all(tmp_path)
    names = [Path(i.source).relative_to(tmp_path).as_posix() for i in items]
    assert names == ["a/1.rss", "a/1.rss", "a/z.html", "b/2.txt", "c.txt"]
    assert items[-1].text == SENTENCE


@pytest.mark.parametrize("payload, reader", [
    (SENTENCE.encode("cp1256"), "text"),
    ((RES / "records.jsonl").read_bytes(), "jsonl"),
    ((RES / "article.html").read_bytes(), "html"),
    ((RES / "feed.atom").read_bytes(), "feed"),
    (gzip.compress(SENTENCE.encode("utf-16")), "text"),
])
def test_stdin(monkeypatch, payload, reader):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
    items = list(read_path("-", published="2024-07-07"))
    recs = [i for i in items if isinstance(i, Record)]
    assert recs and all(r.reader == reader and r.source == "-" for r in recs)
    if reader == "text":
        assert recs[0].text == SENTENCE and recs[0].published == "2024-07-07"
    if reader == "jsonl":
        assert [i.line for i in items if isinstance(i, ReadError)] == [2, 5]


def test_stdin_empty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    (err,) = list(read_path("-"))
    assert err.code == "empty" and err.source == "-"


def test_gzip_bomb_is_refused_by_decompressed_size(tmp_path):
    p = tmp_path / "bomb.txt.gz"
    with gzip.open(p, "wb", compresslevel=1) as f:
        chunk = b"a" * (1 << 20)
        for _ in range(MAX_INPUT_BYTES // len(chunk) + 2):
            f.write(chunk)
    assert p.stat().st_size < MAX_INPUT_BYTES // 100
    (err,) = read_all(p)
    assert err.code == "too-large" and "decompressed" in err.reason


def test_text_gz_and_unknown_extension_sniffed(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(SENTENCE.encode("cp1256")))
    (tmp_path / "b.dat").write_bytes((RES / "article.html").read_bytes())
    a, b = read_all(tmp_path)
    assert a.text == SENTENCE and a.encoding == "cp1256"
    assert b.reader == "html" and "<h1>" in b.html


def test_latin1_european_text_is_not_read_as_arabic_codepage():
    from rasd.ingest.decode import decode_bytes

    fr = "Le ministre égyptien des Affaires étrangères a été reçu à Paris, où il a déclaré"
    text, enc = decode_bytes(fr.encode("latin-1"), "fr.txt")
    assert text == fr and enc == "cp1252"
    ar = "قال وزير الخارجية إن الاتفاق مع شركة Airbus سيُوقع الشهر المقبل في باريس"
    text, enc = decode_bytes(ar.encode("cp1256"), "ar.txt")
    assert text == ar and enc == "cp1256"


def test_deeply_nested_html_still_gives_its_text():
    from rasd.ingest.html import extract_html

    para = "<p>أعلنت وزارة الخارجية المغربية أمس عن زيارة مرتقبة لوفد رسمي إلى العاصمة الأردنية.</p>"
    html = ("<html><body>" + "<div>" * 5000 + para + "</div>" * 5000
            + "<script>var x = 'نص في سكربت';</script></body></html>")
    ext = extract_html(html, source="deep.html")
    assert "زيارة مرتقبة لوفد رسمي" in ext.text and "سكربت" not in ext.text


def test_jsonl_error_for_an_open_string_names_the_character_once(tmp_path):
    p = tmp_path / "open.jsonl"
    p.write_text('{"id": "a", "text": "نص بلا نهاية}\n', encoding="utf-8")
    (bad,) = read_all(p)
    assert bad.code == "bad-json"
    assert "Unterminated string starting at character" in bad.reason and " at at " not in bad.reason


def test_utf8_with_one_damaged_byte_stays_utf8():
    """One stray byte in a UTF-8 article (or a file cut inside a character) is replaced, not
    the reason to read the whole file as Windows-1256 mojibake; cp1256 text still reads as
    cp1256."""
    text = "قالت وزارة الخارجية إنها تجري مفاوضات بشأن صفقة طائرات مسيرة مع فرنسا. " * 3
    raw = text[:20].encode("utf-8") + b"\xff" + text[20:].encode("utf-8")
    got, enc = decode_bytes(raw, "x.txt")
    assert enc == "utf-8" and got.count("\ufffd") == 1 and got.replace("\ufffd", "") == text
    got, enc = decode_bytes(text.rstrip(". ").encode("utf-8")[:-1], "x.txt")  # cut in a letter
    assert enc == "utf-8" and got == text.rstrip(". ")[:-1] + "\ufffd"
    assert decode_bytes(text.encode("cp1256"), "x.txt") == (text, "cp1256")


def test_a_lone_surrogate_escape_fails_its_record_only(tmp_path):
    """«\\ud800» is valid JSON but no character: that record fails with its reason and the
    next one is read (it crashed the batch at output time)."""
    p = tmp_path / "s.jsonl"
    p.write_text('{"id":"a","text":"نص \\ud800 هنا"}\n{"id":"b","text":"نص سليم تماما."}\n',
                 encoding="utf-8")
    out = list(read_path(str(p)))
    assert isinstance(out[0], ReadError) and out[0].code == "bad-record" and "surrogate" in out[0].reason
    assert isinstance(out[1], Record) and out[1].id == "b"


def test_truncated_warc_is_reported_not_silently_short(tmp_path):
    """A .warc.gz cut inside its last gzip member (an interrupted download) used to yield the
    whole records and stop quietly; a plain .warc cut inside a response yielded the cut page.
    Both now end with a bad-warc error naming the loss."""
    pages = [(f"https://example.org/{i}", "text/html; charset=utf-8",
              f"<html><body><p>{SENTENCE} {i}</p></body></html>".encode(),
              "2024-04-01T10:00:00Z") for i in range(3)]
    for name in ("w.warc.gz", "w.warc"):
        full = tmp_path / name
        _warc(full, pages)
        data = full.read_bytes()
        cut = tmp_path / ("cut-" + name)
        cut.write_bytes(data[: int(len(data) * 0.8)])
        whole = read_all(full)
        assert len(whole) == 3 and not any(isinstance(r, ReadError) for r in whole)
        got = read_all(cut)
        recs = [r for r in got if not isinstance(r, ReadError)]
        errs = [r for r in got if isinstance(r, ReadError)]
        assert len(recs) == 2, name
        assert len(errs) == 1 and errs[0].code == "bad-warc", name
        assert "truncated" in errs[0].reason


def test_warc_cut_inside_a_header_block_keeps_earlier_records(tmp_path):
    """A .warc.gz cut inside the last record's header block made warcio raise AttributeError
    from its parser: the whole ingest crashed and stored nothing. Every cut point now keeps the
    complete records before it and reports the rest as one bad-warc failure."""
    pages = [(f"https://example.org/{i}", "text/html; charset=utf-8",
              f"<html><body><p>{SENTENCE} {i}</p></body></html>".encode("utf-8"),
              "2024-04-01T10:00:00Z") for i in range(2)]
    pages.append(("https://example.org/logo.png", "image/png", b"\x89PNG" + b"x" * 300,
                  "2024-04-01T10:00:01Z"))
    full = tmp_path / "w.warc.gz"
    _warc(full, pages)
    data = full.read_bytes()
    last = data.rfind(b"\x1f\x8b\x08")  # the last gzip member
    crashed_before = 0
    for cut in range(last + 20, len(data), 10):
        p = tmp_path / f"c{cut}.warc.gz"
        p.write_bytes(data[:cut])
        got = read_all(p)  # must not raise
        recs = [r for r in got if not isinstance(r, ReadError)]
        errs = [r for r in got if isinstance(r, ReadError)]
        assert len(recs) == 2, cut
        assert all(e.code == "bad-warc" for e in errs), cut
        crashed_before += any("AttributeError" in e.reason for e in errs)
    assert crashed_before >= 1  # the cut points that crashed before are among those tested


def test_short_jsonl_record_with_one_stray_byte_stays_utf8(tmp_path):
    """A JSON Lines record of 17 Arabic letters and one stray byte was read as Windows-1256
    mojibake; it is UTF-8 with U+FFFD for the byte. A short Windows-1256 text is still read
    as Windows-1256."""
    p = tmp_path / "x.jsonl"
    p.write_bytes('{"id": "u1", "text": "زار الرئيس '.encode() + b"\xff"
                  + ' القاهرة أمس."}\n'.encode())
    (rec,) = read_all(p)
    assert rec.text == "زار الرئيس \ufffd القاهرة أمس."
    q = tmp_path / "short.txt"
    q.write_bytes("زار الرئيس".encode("cp1256"))
    (rec2,) = read_all(q)
    assert rec2.text == "زار الرئيس" and rec2.encoding == "cp1256"


def test_directory_walk_passes_over_images_and_documents(tmp_path):
    """A saved-pages folder holds logos and PDFs beside the articles: they made every run
    count failures (exit 1); the walk passes over them, and a .png named alone still fails."""
    shutil.copy(RES / "article.txt", tmp_path / "a.txt")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "report.PDF").write_bytes(b"%PDF-1.4\x00\x01\x02")
    items = read_all(tmp_path)
    assert [Path(i.source).name for i in items] == ["a.txt"]
    assert not any(isinstance(i, ReadError) for i in items)
    (err,) = read_all(tmp_path / "logo.png")
    assert isinstance(err, ReadError)


def test_a_cut_jsonl_line_is_reported_with_its_record_id(tmp_path):
    """A record cut short names its id when the line opens with it; a line whose id is not
    the first field, or is not a string, is reported by line number alone."""
    p = tmp_path / "cut.jsonl"
    p.write_text('{"id": "a1", "text": "نص كامل."}\n'
                 '{"id": "a\\"2", "text": "نص مقطو\n'
                 '{"text": "x", "id": "a3"\n'
                 '{"id": 4, "text": "y"\n', encoding="utf-8")
    ok, cut, late, numeric = read_all(p)
    assert ok.id == "a1"
    assert (cut.code, cut.line, cut.id) == ("bad-json", 2, 'a"2')
    assert str(cut).startswith(f"{p}:2 (id a\"2): bad-json: ")
    assert (late.code, late.line, late.id) == ("bad-json", 3, None)
    assert (numeric.code, numeric.id) == ("bad-json", None)
