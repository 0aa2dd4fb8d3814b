"""The ``rasd`` command, driven through ``rasd.cli.main`` as a user would call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, needs_shared, SHARED
from rasd.cli import main

EXAMPLE = ROOT / "examples" / "example-article.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def usage_error(capsys, *argv: str) -> str:
    """Run ``rasd argv`` expecting an argument error (argparse exits with status 2); return
    what it printed on standard error."""
    with pytest.raises(SystemExit) as e:
        main(list(argv))
    assert e.value.code == 2
    return capsys.readouterr().err


def test_analyze_bundled_example_json(capsys) -> None:
    code, out, err = run(capsys, "analyze", str(EXAMPLE), "--published", "2026-03-20")
    assert code == 0, err
    d = json.loads(out)
    assert d["schema"] == "rasd.document/1"
    assert d["title"] == "مباحثات دفاعية بين الأردن وفرنسا حول طائرات مسيرة"
    assert "شاهد أيضاً" not in d["text"] and "معرض الكتاب" not in d["text"]
    kbs = {e["kb"] for e in d["entities"]}
    assert {"iso3:JOR", "iso3:FRA"} <= kbs
    assert any(t["value"] == "2026-03-12" for t in d["timexes"])
    assert any(q["value"] == 250_000_000 and q["unit"] == "EUR" and q["qualifier"] == "approx"
               for q in d["quantities"])


def test_analyze_batch_as_json_is_one_array(tmp_path, capsys) -> None:
    """--format json on a batch prints one valid JSON array (not objects one after another);
    a record's note names the record."""
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "r1", "text": "زار وزير الخارجية المغربي مدريد أمس."},
                                ensure_ascii=False) + "\n"
                     + json.dumps({"id": "r2", "text": "An English line about ports."}) + "\n",
                     encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(batch), "--format", "json")
    assert code == 0
    docs = json.loads(out)
    assert [d["id"] for d in docs] == ["r1", "r2"]
    assert "(record r2)" in err and "language detected as 'en'" in err


def test_analyze_report_is_readable(capsys) -> None:
    code, out, _ = run(capsys, "analyze", str(EXAMPLE), "--published", "2026-03-20",
                       "--format", "report", "--rtl", "logical")
    assert code == 0
    assert "Events" in out and "Entities" in out and "2026-03-12" in out


def test_analyze_jsonl_reports_bad_line_and_goes_on(tmp_path: Path, capsys) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(
        json.dumps({"id": "a1", "published": "2024-01-10", "text": "زار رئيس الوزراء الأردني باريس أمس."},
                   ensure_ascii=False) + "\n{broken json\n"
        + json.dumps({"id": "a3", "text": "ارتفعت الصادرات بنسبة 5% خلال العام الماضي."},
                     ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(p))
    assert code == 1
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids == ["a1", "a3"]
    assert f"{p}:2" in err


def test_analyze_stdin(monkeypatch, capsys) -> None:
    import io
    import sys

    data = "أعلنت الحكومة المغربية في الرباط عن خطة جديدة.".encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, err = run(capsys, "analyze", "-")
    assert code == 0, err
    d = json.loads(out)
    assert any(e["kb"] == "iso3:MAR" for e in d["entities"]) or "الرباط" in {
        m["text"] for e in d["entities"] for m in e["mentions"]}


def test_bad_date_is_usage_error(capsys) -> None:
    err = usage_error(capsys, "analyze", str(EXAMPLE), "--published", "15/09/2025")
    # one line, not argparse's usage block before it
    assert err == ("rasd analyze: error: argument --published: not an ISO "
                                       "date (YYYY-MM-DD): '15/09/2025' (see: rasd analyze --help)\n")


def test_ingest_idempotent_then_query_and_export(tmp_path: Path, capsys) -> None:
    db = tmp_path / "s.db"
    code, _, err = run(capsys, "ingest", str(EXAMPLE), "--db", str(db), "--published", "2026-03-20",
                       "--quiet")
    assert code == 0 and "1 stored" in err
    code, _, err = run(capsys, "ingest", str(EXAMPLE), "--db", str(db), "--published", "2026-03-20",
                       "--quiet")
    assert code == 0 and "0 stored, 1 unchanged" in err
    code, out, _ = run(capsys, "entities", "--db", str(db), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert any(r["kb"] == "iso3:JOR" for r in rows)
    code, out, _ = run(capsys, "events", "--db", str(db), "--format", "jsonl")
    assert code == 0 and out.strip()
    csv_path = tmp_path / "ev.csv"
    code, _, _ = run(capsys, "export", "--db", str(db), "--format", "csv", "--table", "events",
                     "-o", str(csv_path))
    assert code == 0 and csv_path.read_text(encoding="utf-8").splitlines()[0].startswith(("doc_id", "id"))


def test_query_missing_store_is_clear_error(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "events", "--db", str(tmp_path / "nope.db"))
    assert code == 2 and "no store at" in err


@needs_shared
def test_eval_on_dev_gold_prints_every_layer(capsys) -> None:
    code, out, err = run(capsys, "eval", str(SHARED / "eval" / "dev" / "articles.jsonl"),
                         "--gold", str(SHARED / "eval" / "dev" / "gold"), "--json")
    assert code == 0, err
    rep = json.loads(out)
    text = json.dumps(rep)
    for layer in ("entities", "timex", "quantities", "quotes", "events"):
        assert layer in text


def test_ingest_directory_of_bad_inputs_records_each_failure(tmp_path: Path, capsys) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_good.txt").write_text("عنوان الخبر\nأعلنت وزارة الخارجية المصرية في القاهرة أمس عن زيارة مرتقبة.\n",
                                  encoding="utf-8")
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "d_english.txt").write_text("Headline\nThe minister visited Cairo yesterday to discuss trade.\n",
                                     encoding="utf-8")
    (d / "e_broken.html").write_text("<html><body><div><p>زار الرئيس الفرنسي الرباط <b>أمس</p>",
                                     encoding="utf-8")
    (d / "f_cp1256.txt").write_bytes("عنوان\nوصل وفد تركي إلى بغداد لبحث ملف المياه.\n".encode("cp1256"))
    db = tmp_path / "s.db"
    code, _, err = run(capsys, "ingest", str(d), "--db", str(db), "--quiet")
    assert code == 1  # some failed, the rest stored
    assert "4 stored" in err and "2 failed" in err
    from rasd.store.sqlite import Store

    with Store(db) as s:
        fails = {f["code"] for f in s.failures()}
        assert fails == {"empty", "binary"}
        docs = {d_["id"]: d_ for d_ in s.iter_documents()}
        langs = sorted(d_["language"] for d_ in docs.values())
        assert langs == ["ar", "ar", "ar", "en"]
        assert any("بغداد" in d_["text"] for d_ in docs.values())  # cp1256 decoded, no mojibake


def test_eval_ner_on_a_small_conll_file(tmp_path: Path, capsys) -> None:
    conll = tmp_path / "mini.txt"
    rows = [("وصل", "O"), ("الرئيس", "O"), ("إيمانويل", "B-PERS"), ("ماكرون", "I-PERS"), ("إلى", "O"),
            ("القاهرة", "B-LOC"), (".", "O"), ("", ""), ("وقالت", "O"), ("وزارة", "B-ORG"),
            ("الخارجية", "I-ORG"), ("إن", "O"), ("الزيارة", "O"), ("ناجحة", "O"), (".", "O")]
    conll.write_text("\n".join(f"{w} {t}" if w else "" for w, t in rows) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", "ner", "--conll", str(conll), "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["gold"] == 3 and set(res["per_type"]) >= {"PER", "LOC", "ORG"}
    assert res["per_type"]["LOC"]["correct"] == 1  # a capital after إلى is found


def test_ingest_on_two_processes_matches_one(tmp_path: Path, capsys) -> None:
    p = tmp_path / "in.jsonl"
    texts = ["زار وزير الخارجية التركي طهران أمس وبحث مع نظيره الإيراني ملف الحدود.",
             "أعلنت وزارة الدفاع المصرية عن تدريبات مشتركة مع القوات الفرنسية الشهر المقبل.",
             "ارتفعت صادرات المغرب بنسبة 12% خلال العام الماضي لتبلغ 40 مليار درهم."] * 4
    p.write_text("\n".join(json.dumps({"id": f"d{i}", "published": "2024-05-02", "text": t},
                                      ensure_ascii=False) for i, t in enumerate(texts)) + "\n",
                 encoding="utf-8")
    from rasd.store.sqlite import Store

    got = []
    for jobs in ("1", "2"):
        db = tmp_path / f"s{jobs}.db"
        code, _, err = run(capsys, "ingest", str(p), "--db", str(db), "--jobs", jobs, "--quiet")
        assert code == 0 and "12 stored" in err
        with Store(db) as s:
            got.append(sorted((d["id"], len(d["entities"]), len(d["events"])) for d in s.iter_documents()))
    assert got[0] == got[1]


@pytest.mark.parametrize("args", [["--since", "2025-13"], ["--dyad", "MOROCCO-ISR"],
                                  ["--type", "FOO"], ["--until", "25"]])
def test_events_filters_are_validated(tmp_path: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["events", "--db", str(tmp_path / "x.db"), *args])
    assert e.value.code == 2


def test_export_to_unwritable_path_is_a_clear_error(tmp_path: Path, capsys) -> None:
    db = tmp_path / "s.db"
    run(capsys, "ingest", str(EXAMPLE), "--db", str(db), "--published", "2026-03-20", "--quiet")
    code, _, err = run(capsys, "export", "--db", str(db), "--format", "csv",
                       "-o", str(tmp_path / "no" / "such" / "dir" / "x.csv"))
    assert code == 2 and err.startswith("rasd: error: cannot use") and "Traceback" not in err


def test_reingesting_failures_does_not_duplicate_them(tmp_path: Path, capsys) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "ok", "text": "زار الرئيس المصري باريس أمس."}\n{broken\n'
                 '{"id": "d", "published": "not-a-date", "text": "وصل الوفد الأردني إلى القاهرة يوم الثلاثاء."}\n',
                 encoding="utf-8")
    db = tmp_path / "s.db"
    for _ in range(2):
        run(capsys, "ingest", str(p), "--db", str(db), "--quiet")
    from rasd.store.sqlite import Store

    with Store(db) as s:
        fails = s.failures()
        assert len(fails) == 1 and fails[0]["line"] == 2 and fails[0]["code"] == "bad-json"
        d = s.get("d")
        assert d["published"] is None  # a bad date in a record is dropped, not stored


def test_a_missing_kb_file_is_one_argument_error(capsys) -> None:
    err = usage_error(capsys, "analyze", str(EXAMPLE), "--kb", "/nonexistent/extra.tsv")
    assert err == ("rasd analyze: error: argument --kb: no such knowledge-base "
                                       "file: '/nonexistent/extra.tsv' (see: rasd analyze --help)\n")


def test_a_publication_year_out_of_range_is_an_argument_error(capsys) -> None:
    err = usage_error(capsys, "analyze", str(EXAMPLE), "--published", "9999-12-31")
    assert "publication year out of range 1800-2200" in err


def test_kb_file_with_bad_header_is_one_argument_error(tmp_path, capsys) -> None:
    """A --kb table without the id/type/name_en columns is rejected once, before any record
    (it used to fail every record of a batch with the same reason)."""
    bad = tmp_path / "mine.tsv"
    bad.write_text("name\tcountry\nشركة النور\tJOR\n", encoding="utf-8")
    err = usage_error(capsys, "analyze", str(EXAMPLE), "--kb", str(bad))
    assert "header lacks column(s) id, type, name_en" in err and err.count("\n") == 1


@pytest.mark.parametrize("argv, message", [
    (["ingest", "x.txt", "--db", "s.db", "--jobs", "-2"], "must be 0 or more"),
    (["export", "--db", "s.db", "--format", "plover", "--table", "mentions"],
     "--table applies to csv and gdelt"),
    (["export", "--db", "s.db", "--format", "gdelt", "--table", "quotes"], "events or mentions"),
    (["export", "--db", "s.db", "--format", "csv", "--table", "nope"], "unknown export table"),
])
def test_bad_batch_and_export_options(tmp_path, monkeypatch, capsys, argv, message) -> None:
    """Options that were silently ignored (--table with jsonl/plover) or accepted (--jobs -2)
    are errors; the output file is not created or truncated by a rejected export."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "keep.csv"
    out.write_text("old", encoding="utf-8")
    try:
        code = main(argv + (["-o", str(out)] if argv[0] == "export" else []))
    except SystemExit as ex:
        code = ex.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "old"


def test_empty_inputs_and_eval_failures_are_errors(tmp_path, capsys) -> None:
    """An empty folder is no success (exit 2 with a reason); eval of a missing file does not
    print a table of zeros as if it had scored; eval ner of a text file that is not CoNLL names
    the line."""
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "analyze", str(empty))
    assert code == 2 and out == "" and "no records in" in err
    code, _, err = run(capsys, "ingest", str(empty), "--db", str(tmp_path / "s.db"), "--quiet")
    assert code == 2 and "no records in" in err
    gold = tmp_path / "gold"
    gold.mkdir()
    code, out, err = run(capsys, "eval", str(tmp_path / "missing.jsonl"), "--gold", str(gold))
    assert code == 2 and out == "" and "nothing to score" in err
    text = tmp_path / "plain.txt"
    text.write_text("زار وزير الخارجية باريس أمس\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", "ner", "--conll", str(text), "--ner", "crf")
    assert code == 2 and "line 1: 'وزير' is not a BIO tag" in err


def test_ingest_failures_go_to_stderr_unwrapped(tmp_path, capsys) -> None:
    """Failure lines are diagnostics: standard error (they went to standard output), one line
    each however long (rich wrapped them at 80 columns)."""
    p = tmp_path / "b.jsonl"
    long_id = "record-" + "x" * 120
    p.write_text(json.dumps({"id": long_id, "text": ""}) + "\n"
                 + json.dumps({"id": "ok", "text": "زار وزير الخارجية المغربي مدريد أمس."},
                              ensure_ascii=False) + "\n" + "{[bold]broken\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(p), "--db", str(tmp_path / "s.db"), "--ner", "off")
    assert code == 1 and "failed" not in out
    lines = [ln for ln in err.splitlines() if ln.startswith("failed ")]
    assert len(lines) == 2 and long_id in lines[0]
    assert "invalid JSON" in lines[1]


def test_store_error_after_open_is_one_line(tmp_path, monkeypatch, capsys) -> None:
    """A store that opens but cannot be written (read-only file system, another user's file)
    gives one error line and exit 2, not a traceback."""
    import sqlite3

    import rasd.store.sqlite as store_mod

    p = tmp_path / "s.db"
    code, _, _ = run(capsys, "ingest", str(EXAMPLE), "--db", str(p), "--quiet", "--ner", "off")
    assert code == 0
    real = sqlite3.connect
    monkeypatch.setattr(store_mod.sqlite3, "connect",
                        lambda path, *a, **k: real(f"file:{path}?mode=ro", *a, uri=True, **k))
    code, _, err = run(capsys, "kb", "link", "--db", str(p))
    assert code == 2 and "readonly database" in err and "Traceback" not in err


def test_visual_rtl_cells_wrap_before_reordering() -> None:
    """--rtl visual: a long Arabic cell wrapped by the table must read top to bottom; reordering
    the whole sentence first put its last words on the first line."""
    import io

    from rich.console import Console
    from rich.table import Table

    from rasd.report import cell, display

    words = ("زار وزير الخارجية المغربي باريس أمس لبحث التعاون العسكري وصفقات الطائرات "
             "المسيرة مع نظيره الفرنسي").split()
    buf = io.StringIO()
    t = Table("id", "evidence")
    t.add_row("V1", cell(" ".join(words), "visual"))
    Console(file=buf, width=60, color_system=None).print(t)
    rows = [ln for ln in buf.getvalue().splitlines() if ln.startswith("│")]
    assert len(rows) >= 2
    assert display(words[0], "visual") in rows[0] and display(words[-1], "visual") in rows[-1]
    assert cell("plain text", "visual") == "plain text" and cell(words[0], "logical") == words[0]


def test_stdin_batch_becomes_json_lines(monkeypatch, capsys) -> None:
    """JSON Lines on standard input: one record prints one pretty JSON object (as a file
    does), several print JSON Lines; they were pretty objects one after another, which no
    JSON or JSON Lines reader accepts."""
    import io

    def feed(lines: list[dict], *fmt: str) -> tuple[int, str]:
        data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode("utf-8")
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        code, out, _ = run(capsys, "analyze", "-", "--ner", "off", *fmt)
        return code, out

    recs = [{"id": f"s{i}", "text": f"زار وزير الخارجية {city} أمس."}
            for i, city in enumerate(("باريس", "مدريد", "روما"))]
    code, out = feed(recs)
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["s0", "s1", "s2"]
    code, out = feed(recs[:1])
    assert code == 0 and out.startswith("{\n") and json.loads(out)["id"] == "s0"
    # --format json: one array for several records (as for a file), one object for one
    code, out = feed(recs, "--format", "json")
    assert code == 0 and [d["id"] for d in json.loads(out)] == ["s0", "s1", "s2"]
    code, out = feed(recs[:1], "--format", "json")
    assert code == 0 and json.loads(out)["id"] == "s0"


@needs_shared
def test_eval_with_no_document_matching_the_gold_is_an_error(tmp_path, capsys) -> None:
    """Records none of whose ids or titles is in the gold printed a table of zeros, exit 0."""
    p = tmp_path / "other.jsonl"
    p.write_text(json.dumps({"id": "not-in-gold", "text": "زار وزير الخارجية باريس أمس."},
                            ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", str(p), "--gold", str(SHARED / "eval/dev/gold"),
                         "--ner", "off")
    assert code == 2 and out == "" and "nothing to score" in err


def test_event_listing_limits(tmp_path, capsys) -> None:
    """--limit is at least 1 (-5 listed everything), a listing cut at the limit says so on
    standard error, and --deals alone groups the arms frames (it was ignored without --arms)."""
    db = tmp_path / "s.db"
    code, _, _ = run(capsys, "ingest", str(EXAMPLE), "--db", str(db), "--quiet",
                     "--published", "2026-03-20")
    assert code == 0
    code, out, err = run(capsys, "events", "--db", str(db), "--limit", "1", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 1 and "showing the first 1 events" in err
    code, out, _ = run(capsys, "events", "--db", str(db))
    assert code == 0 and "(1 source)" in out and "(1 sources)" not in out
    code, out, err = run(capsys, "events", "--db", str(db), "--deals", "--format", "jsonl")
    assert code == 0 and all("stages" in json.loads(x) for x in out.splitlines())
    usage_error(capsys, "events", "--db", str(db), "--limit", "-5")


def test_ingest_names_records_that_replace_one_with_the_same_id(tmp_path, capsys) -> None:
    """Two records of one run with the same id: the later replaces the earlier (an updated
    article), and the run says so instead of counting both as stored documents."""
    p = tmp_path / "dup.jsonl"
    p.write_text("".join(json.dumps({"id": "dup", "text": t}, ensure_ascii=False) + "\n"
                         for t in ("زار الوزير باريس أمس.", "زار الوزير مدريد أمس.")),
                 encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(p), "--db", str(tmp_path / "d.db"), "--ner", "off")
    assert code == 0
    assert "record 'dup' (" in err and "replaces an earlier record of this run" in err
    assert "2 stored (1 replacing a document with the same id)" in err


def test_read_only_store_can_be_queried(tmp_path, monkeypatch, capsys) -> None:
    """A store this user cannot write (read-only disk, another user's file) could not even be
    read ('unable to open database file'); it is opened read-only for queries and exports,
    and kb link, which writes, says why it cannot run."""
    import os as os_mod

    db = tmp_path / "s.db"
    code, _, _ = run(capsys, "ingest", str(EXAMPLE), "--db", str(db), "--quiet",
                     "--published", "2026-03-20")
    assert code == 0
    real = os_mod.access
    monkeypatch.setattr(os_mod, "access", lambda p, mode, *a, **k: False if mode == os_mod.W_OK
                        else real(p, mode, *a, **k))
    code, out, err = run(capsys, "events", "--db", str(db), "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) >= 3
    code, out, _ = run(capsys, "export", "--db", str(db), "--format", "csv", "--table", "entities")
    assert code == 0 and "iso3:JOR" in out
    code, _, err = run(capsys, "kb", "link", "--db", str(db))
    assert code == 2 and "read-only" in err


def test_published_date_time_needs_its_offset(capsys) -> None:
    """--published 2026-03-20T10:00 (no offset) silently lost its time: the contract writes a
    date-time only with its offset. It is now an argument error naming the fix."""
    err = usage_error(capsys, "analyze", str(EXAMPLE), "--published", "2026-03-20T10:00")
    assert "needs its UTC offset, e.g. 2026-03-20T10:00+03:00" in err


def test_a_pages_own_date_wins_over_published(tmp_path, capsys) -> None:
    """README: the date a record carries (an HTML page's metadata) wins and --published is
    given only to records without one; the reader gave the option to HTML pages first, so it
    overrode their metadata."""
    body = "<p>التقى الرئيس المصري نظيره الفرنسي في القاهرة أمس لبحث العلاقات بين البلدين.</p>"
    dated = tmp_path / "dated.html"
    dated.write_text('<html><head><meta property="article:published_time" content="2025-05-01">'
                     f"</head><body>{body}</body></html>", encoding="utf-8")
    plain = tmp_path / "plain.html"
    plain.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    for path, pub, yesterday in ((dated, "2025-05-01", "2025-04-30"),
                                 (plain, "2026-03-20", "2026-03-19")):
        code, out, _ = run(capsys, "analyze", str(path), "--published", "2026-03-20",
                           "--ner", "off")
        d = json.loads(out)
        assert code == 0 and d["published"] == pub
        assert [t["value"] for t in d["timexes"] if t["text"] == "أمس"] == [yesterday]


def test_empty_kb_file_is_an_argument_error(tmp_path, capsys) -> None:
    """An empty --kb file (no header line) was silently accepted."""
    empty = tmp_path / "empty.tsv"
    empty.write_text("# only a comment\n", encoding="utf-8")
    assert "empty, no header line" in usage_error(capsys, "analyze", str(EXAMPLE), "--kb",
                                                  str(empty))


def test_an_extra_argument_is_the_sub_command_s_usage_error(capsys):
    """«rasd analyze a b»: the error names the sub-command whose usage it breaks."""
    with pytest.raises(SystemExit) as ex:
        main(["analyze", "a.txt", "b.txt"])
    assert ex.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("rasd analyze: error: unrecognized arguments: b.txt")
    assert "rasd analyze --help" in err


def test_ingest_notes_a_record_date_that_is_not_a_date(capsys, tmp_path):
    """As ``analyze`` does, ``ingest`` says on standard error that a record's own date was
    ignored (the record is still stored)."""
    src = tmp_path / "bad-date.jsonl"
    src.write_text(json.dumps({"id": "d1", "published": "2026-13-45",
                               "text": "زار وزير الخارجية المصري الرياض أمس."},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(src), "--db", str(tmp_path / "s.db"))
    assert code == 0
    assert "note: " in err and "(record d1): published '2026-13-45' is not a date; ignored" in err
    assert "1 stored" in err
