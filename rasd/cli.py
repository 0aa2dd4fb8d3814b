"""The ``rasd`` command: a thin layer over the library.  Only this module prints.

Commands::

    rasd analyze PATH|- [--format json|jsonl|report] [--published YYYY-MM-DD]
    rasd ingest PATH... --db FILE [--published YYYY-MM-DD]
    rasd entities --db FILE [--type T] [--limit N]
    rasd events --db FILE [--dyad MAR-ISR] [--since 2025-01] [--type T] [--format table|jsonl]
                [--mentions] [--no-merge] [--arms [--deals] [--country C] [--stage S] [--system X]]
    rasd export --db FILE [--format jsonl|csv|plover|gdelt] [--table events|mentions|...] [-o FILE]
    rasd eval PATH --gold DIR            (PATH: input records or rasd.document/1 JSON Lines)
    rasd eval ner --conll FILE           (entity-level micro-F1 of the shipped NER model)
    rasd train ner|lexicon|features ...  (reproduce the shipped models)
    rasd kb build [--out DIR]            (rebuild the knowledge-base tables from CLDR)

Exit codes: 0 all records analysed; 1 some records failed (each reported on stderr with its
source, line and reason); 2 usage errors or nothing could be analysed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from rasd import __version__


def _eprint(*args: Any) -> None:
    print(*args, file=sys.stderr, flush=True)


def _records(paths: Iterable[str], published: str | None) -> Iterator[Any]:
    from rasd.ingest.readers import read_path

    for p in paths:
        yield from read_path(p, published=published)


def _kb_file_arg(s: str) -> str:
    """``--kb``: an existing, readable, well-formed knowledge-base TSV file (read with
    :func:`rasd.kb.read_table` before any record, so a typo, a missing ``id``/``type``/``name_en``
    column or a bad row is one argument error, not a failure per record)."""
    p = Path(s)
    if not p.is_file():
        raise argparse.ArgumentTypeError(f"no such knowledge-base file: {s!r}")
    from rasd.kb import read_table

    try:
        if not any(ln.strip() and not ln.lstrip().startswith("#")
                   for ln in p.read_text(encoding="utf-8").splitlines()):
            raise ValueError(f"{s}: empty, no header line (id, type, name_en ...; "
                             "see rasd/kb/README.md)")
        read_table(p)  # the whole table: a bad header or row is one error here, not per record
    except (OSError, UnicodeDecodeError) as e:
        raise argparse.ArgumentTypeError(f"cannot read knowledge-base file {s!r}: {e}") from None
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"bad knowledge-base file: {e}") from None
    return s


def _date_arg(s: str) -> str:
    import datetime as dt

    try:
        full = dt.datetime.fromisoformat(s) if "T" in s else None
        d = full.date() if full is not None else dt.date.fromisoformat(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {s!r}") from e
    if full is not None and full.tzinfo is None:
        # rasd.document/1 writes a date-time with its offset only; a naive time was dropped
        raise argparse.ArgumentTypeError(
            f"a date-time needs its UTC offset, e.g. {s}+03:00 (or give the date alone): {s!r}")
    if not 1800 <= d.year <= 2200:
        # dates are resolved relative to it; 9999-12-31 overflowed in every record
        raise argparse.ArgumentTypeError(f"publication year out of range 1800-2200: {s!r}")
    return s


def _partial_date_arg(s: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with a real month and day."""
    import datetime as dt

    parts = s.split("-")
    try:
        if not (1 <= len(parts) <= 3 and len(parts[0]) == 4):
            raise ValueError
        y, m, d = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, \
            int(parts[2]) if len(parts) > 2 else 1
        dt.date(y, m, d)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not YYYY, YYYY-MM or YYYY-MM-DD: {s!r}") from e
    return s


def _dyad_arg(s: str) -> str:
    """Two actor country codes joined by '-': ISO3 (``MAR-ISR``) or ``IGO-XXX`` (``IGO-NATO-RUS``)."""
    import re

    code = r"(?:IGO-[A-Z]{2,}|[A-Z]{3})"
    if not re.fullmatch(rf"{code}-{code}", s.upper()):
        raise argparse.ArgumentTypeError(
            f"not a dyad of two ISO3 / IGO codes such as MAR-ISR or IGO-NATO-RUS: {s!r}")
    return s.upper()


def _plover_arg(s: str) -> str:
    from rasd.doc import PLOVER_TYPES

    if s.upper() not in PLOVER_TYPES:
        raise argparse.ArgumentTypeError(f"not a PLOVER type: {s!r} (one of {', '.join(PLOVER_TYPES)})")
    return s.upper()


# -- analyze ----------------------------------------------------------------------------------
def cmd_analyze(args: argparse.Namespace) -> int:
    from rasd.pipeline import Failure, Pipeline

    pipe = Pipeline(kb_paths=args.kb or (), ner_model=_ner_arg(args))
    fmt = args.format
    p = Path(args.path)
    is_batch = args.path != "-" and (p.is_dir() or p.suffix.lower() in {
        ".jsonl", ".ndjson", ".warc", ".gz", ".rss", ".atom", ".xml"})
    # standard input holds one article or a batch, which shows only as records arrive: the
    # first result waits; a second one makes the output JSON Lines (the first included)
    sniff_stdin = fmt is None and args.path == "-"
    # --format json on standard input: one object for one article, one array for several
    stdin_json = fmt == "json" and args.path == "-"
    held: dict[str, Any] | None = None
    if fmt is None:
        fmt = "jsonl" if is_batch else "json"
    n_ok = n_fail = 0
    out = sys.stdout
    rtl = args.rtl or ("visual" if out.isatty() else "logical")
    # --format json on a batch: one valid JSON document, an array of the objects
    as_array = fmt == "json" and is_batch
    if as_array:
        out.write("[")
    for res in pipe.pipe(_records([args.path], args.published), published=args.published):
        if isinstance(res, Failure):
            n_fail += 1
            _eprint(f"rasd: {res}")
            continue
        n_ok += 1
        for note in _record_notes(res, is_batch):
            _eprint(note)
        d = res.to_dict()
        if stdin_json:
            if n_ok == 1:
                held = d
                continue
            if held is not None:
                out.write("[\n" + json.dumps(held, ensure_ascii=False, indent=2))
                held = None
                as_array = True
        if sniff_stdin:
            if n_ok == 1:
                held = d
                continue
            if held is not None:
                out.write(json.dumps(held, ensure_ascii=False) + "\n")
                held = None
            fmt = "jsonl"
        if fmt == "json":
            if as_array:
                out.write(("\n" if n_ok == 1 else ",\n") + json.dumps(d, ensure_ascii=False, indent=2))
            else:
                out.write(json.dumps(d, ensure_ascii=False, indent=2) + "\n")
        elif fmt == "jsonl":
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
        else:
            from rasd.report import render_report

            out.write(render_report(res, rtl=rtl) + "\n")
    if held is not None:  # standard input held one article: pretty JSON, as for a file
        out.write(json.dumps(held, ensure_ascii=False, indent=2) + "\n")
    if as_array:
        out.write("\n]\n")
    if n_fail:
        _eprint(f"rasd: {n_ok} analysed, {n_fail} failed")
    elif not n_ok:
        _eprint(f"rasd: error: no records in {args.path} (an empty file or a folder without "
                "text, HTML, JSON Lines, feed or WARC files)")
        return 2
    return 0 if n_fail == 0 else (1 if n_ok else 2)


# -- ingest -----------------------------------------------------------------------------------
def _record_notes(res: Any, name_record: bool) -> list[str]:
    """``rasd: note: SOURCE[ (record ID)]: ...`` lines for an analysed document's warnings
    (``res.meta["warnings"]``: a record date that is not a date, a crawl date used ...)."""
    where = res.meta.get("source") or "-"
    if name_record and res.id:
        where += f" (record {res.id})"
    return [f"rasd: note: {where}: {w}" for w in res.meta.get("warnings") or ()]


def cmd_ingest(args: argparse.Namespace) -> int:
    import time

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    from rasd.pipeline import Failure, Pipeline
    from rasd.store.sqlite import Store

    store = Store(args.db)
    pipe = Pipeline(kb_paths=args.kb or (), ner_model=_ner_arg(args))
    cores = os.cpu_count() or 1
    if args.jobs == 0:
        args.jobs = cores
    elif args.jobs > cores:
        # more workers than cores only adds a model copy (about 250 MB) each and context switches
        _eprint(f"rasd: note: --jobs {args.jobs} is more than the {cores} cores; using {cores}")
        args.jobs = cores
    total = None
    if len(args.paths) == 1 and args.paths[0].endswith((".jsonl", ".ndjson")):
        try:
            with open(args.paths[0], "rb") as f:
                total = sum(1 for line in f if line.strip())
        except OSError:
            total = None
    n_new = n_same = n_fail = n_replaced = 0
    seen_ids: set[str] = set()
    t0 = time.perf_counter()
    records: deque[Any] = deque()

    def remember(items: Iterator[Any]) -> Iterator[Any]:
        for it in items:
            records.append(it)
            yield it

    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
                  transient=False, disable=args.quiet,
                  console=Console(stderr=True)) as progress:
        task = progress.add_task("ingest", total=total, rate=0.0)
        if args.jobs and args.jobs > 1:
            from rasd.batch import parallel_pipe

            results = parallel_pipe(pipe, remember(_records(args.paths, args.published)),
                                    jobs=args.jobs, published=args.published)
        else:
            results = pipe.pipe(remember(_records(args.paths, args.published)),
                                published=args.published)
        for res in results:
            rec = records.popleft() if records else None
            if isinstance(res, Failure):
                n_fail += 1
                src = res.source or res.where
                if src != "-" and os.path.exists(src):
                    src = os.path.abspath(src)
                store.save_failure(source=src, line=res.line, record_id=res.id,
                                   stage=res.stage, code=res.code, reason=res.reason)
                if not args.quiet:
                    # standard error, one unwrapped line; the reason is text, not rich markup
                    progress.console.print(Text("failed ", style="red") + Text(str(res)),
                                           soft_wrap=True)
            else:
                if not args.quiet:
                    for note in _record_notes(res, True):
                        progress.console.print(Text(note), soft_wrap=True)
                if store.save(res, rec):
                    n_new += 1
                    if store.replaced:
                        n_replaced += 1
                        if res.id in seen_ids and not args.quiet:
                            # two records of this run share an id: the later one wins
                            progress.console.print(Text(
                                f"note: record {res.id!r} ({getattr(rec, 'source', None) or '-'}) "
                                "replaces an earlier record of this run with the same id"),
                                soft_wrap=True)
                else:
                    n_same += 1
                seen_ids.add(res.id)
            done = n_new + n_same + n_fail
            progress.update(task, advance=1, rate=done / max(time.perf_counter() - t0, 1e-9))
    dt_s = time.perf_counter() - t0
    done = n_new + n_same + n_fail
    _eprint(f"rasd: {done} records in {dt_s:.1f} s ({done / max(dt_s, 1e-9):.1f}/s): "
            f"{n_new} stored{f' ({n_replaced} replacing a document with the same id)' if n_replaced else ''}, "
            f"{n_same} unchanged, {n_fail} failed -> {args.db}")
    store.close()
    if not done:
        _eprint(f"rasd: error: no records in {' '.join(args.paths)} (an empty file or a folder "
                "without text, HTML, JSON Lines, feed or WARC files)")
        return 2
    return 0 if n_fail == 0 else (1 if (n_new + n_same) else 2)


# -- queries ----------------------------------------------------------------------------------
def _open_store(path: str) -> Any:
    from rasd.errors import StoreError
    from rasd.store.sqlite import Store

    if not os.path.exists(path):
        raise StoreError(f"no store at {path} (create one with: rasd ingest PATH --db {path})")
    folder = os.path.dirname(os.path.abspath(path))
    if not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        # a store on a read-only disk or another user's file: queries still work
        return Store(path, readonly=True)
    try:
        return Store(path)
    except StoreError as e:
        if "readonly" in str(e) or "read-only" in str(e) or "unable to open" in str(e):
            return Store(path, readonly=True)
        raise


def cmd_entities(args: argparse.Namespace) -> int:
    store = _open_store(args.db)
    rows = store.entities(type=args.type, limit=args.limit)
    _capped(len(rows), args.limit, "entities")
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.table import Table

    t = Table("name", "type", "kb", "documents", "mentions")
    for r in rows:
        t.add_row(str(r["name"]), r["type"], str(r.get("kb") or ""), str(r["documents"]),
                  str(r["mentions"]))
    Console().print(t)
    return 0


def _console() -> Any:
    """A rich console: the terminal's width, or 200 columns when the output is piped (so event
    tables stay readable in files and pagers)."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=200)


def cmd_events(args: argparse.Namespace) -> int:
    """List events: cross-article clusters with mention counts (default), every mention
    (``--no-merge``), each cluster's sources (``--mentions``) or arms-transfer frames
    (``--arms``)."""
    from rich.table import Table

    from rasd.report import cell

    store = _open_store(args.db)
    rtl = args.rtl or ("visual" if sys.stdout.isatty() else "logical")
    if args.deals:
        args.arms = True  # --deals groups the arms frames; alone it was silently ignored
    if args.arms and args.deals:
        deals = store.deals(country=args.country, system=args.system, since=args.since,
                            until=args.until)
        _capped(len(deals), args.limit + 1, "deals")
        deals = deals[:args.limit]
        if args.format == "jsonl":
            for g in deals:
                print(json.dumps(g, ensure_ascii=False))
            return 0
        t = Table("supplier", "recipient", "system", "stages", "first", "last", "mentions",
                  "documents", show_lines=True)
        for g in deals:
            t.add_row(str(g["supplier"] or ""), str(g["recipient"] or ""),
                      str(g["system"] or g["system_type"] or ""),
                      " -> ".join(g["stages"]) or "(denied or hypothetical only)",
                      str(g["first"] or ""), str(g["last"] or ""), str(g["n_mentions"]),
                      str(g["n_documents"]))
        _console().print(t)
        return 0
    if args.arms:
        rows = store.arms(country=args.country, since=args.since, until=args.until,
                          stage=args.stage, system=args.system, limit=args.limit)
        _capped(len(rows), args.limit, "arms-transfer frames")
        if args.format == "jsonl":
            for r in rows:
                print(json.dumps(r, ensure_ascii=False))
            return 0
        t = Table("date", "stage", "supplier", "recipient", "system", "type", "quantity", "value",
                  "status", "evidence", show_lines=True)
        for r in rows:
            f = r.get("arms") or {}
            q, v = f.get("quantity") or {}, f.get("value") or {}
            t.add_row(str(r.get("date") or r.get("published") or ""), str(f.get("stage") or ""),
                      str((f.get("supplier") or {}).get("code") or ""),
                      str((f.get("recipient") or {}).get("code") or ""),
                      str(f.get("system") or ""), str(f.get("system_type") or ""),
                      cell(q.get("text") or "", rtl), cell(v.get("text") or "", rtl),
                      r.get("status") or "", cell(r.get("evidence_text") or "", rtl))
        _console().print(t)
        return 0
    query = dict(dyad=args.dyad, since=args.since, type=args.type, limit=args.limit,
                 symmetric=args.symmetric, until=args.until, status=args.status)
    if args.no_merge:
        rows = store.events(**query)
    else:
        if store.readonly and (store.clusters_stale() or args.window is not None):
            # merging writes the cluster tables: list the mentions instead
            _eprint("rasd: note: the store is read-only: listing event mentions without "
                    "cross-article merging")
            args.no_merge = True
            rows = store.events(**query)
        else:
            if store.clusters_stale() or args.window is not None:
                store.merge_events(window_days=7 if args.window is None else args.window)
            rows = store.clusters(**query, mentions=args.mentions)
    _capped(len(rows), args.limit, "events")
    if args.format == "jsonl":
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
        return 0
    cols = ["date", "type", "actor", "recipient", "status", "source", "evidence"]
    if not args.no_merge:
        cols.insert(5, "mentions")
    t = Table(show_lines=True)
    for c in cols:
        t.add_column(c, no_wrap=c in ("date", "type", "actor", "recipient", "status"),
                     ratio=4 if c == "evidence" else None)
    for r in rows:
        cells = [str(r.get("date") or ""),
                 f"{r['type']}" + (f"/{r['mode']}" if r.get("mode") else ""),
                 ", ".join(r.get("actor_codes") or []), ", ".join(r.get("recipient_codes") or []),
                 r.get("status") or "", cell(r.get("source_text") or "", rtl),
                 cell(r.get("evidence_text") or "", rtl)]
        if not args.no_merge:
            ns = r.get("n_sources", 1)
            m = f"{r.get('n_mentions', 1)} ({ns} source{'' if ns == 1 else 's'})"
            if args.mentions:
                m += "\n" + "\n".join(
                    f"{x.get('published') or ''} {x.get('source') or ''}"
                    + (f" {x['url']}" if x.get("url") else "")
                    for x in r.get("mentions") or [])
            cells.insert(5, m)
        t.add_row(*cells)
    _console().print(t)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export the store: documents as JSON Lines, a table as CSV, events as PLOVER JSON Lines
    or GDELT-style TSV (``--table mentions`` with gdelt: the mentions table)."""
    from rasd.store.export import (export_csv, export_gdelt, export_gdelt_mentions,
                                   export_jsonl, export_plover)

    from rasd.errors import StoreError
    from rasd.store.export import CSV_TABLES

    # check the table before the output file is opened (and truncated)
    if args.table is not None and args.format in ("jsonl", "plover"):
        raise StoreError(f"--table applies to csv and gdelt exports, not {args.format} "
                         f"(which always writes {'documents' if args.format == 'jsonl' else 'events'})")
    if args.format == "gdelt" and args.table not in (None, "events", "mentions"):
        raise StoreError(f"gdelt exports the events or mentions table, not {args.table!r}")
    if args.format == "csv" and args.table is not None and args.table not in CSV_TABLES:
        raise StoreError(f"unknown export table {args.table!r}; one of: {', '.join(CSV_TABLES)}")
    store = _open_store(args.db)
    out: TextIO
    close = False
    if args.output and args.output != "-":
        out = open(args.output, "w", encoding="utf-8-sig" if args.bom else "utf-8", newline="")
        close = True
    else:
        out = sys.stdout
    try:
        if args.format == "jsonl":
            n = export_jsonl(store, out)
        elif args.format == "plover":
            n = export_plover(store, out)
        elif args.format == "gdelt":
            n = (export_gdelt_mentions if args.table == "mentions" else export_gdelt)(store, out)
        else:
            n = export_csv(store, out, table=args.table or "events")
    finally:
        if close:
            out.close()
    _eprint(f"rasd: exported {n} rows")
    return 0


# -- eval ---------------------------------------------------------------------------------------
def cmd_eval(args: argparse.Namespace) -> int:
    if args.path == "ner":
        if not args.conll:
            _eprint("rasd eval ner: --conll FILE is required")
            return 2
        from rasd.ner.crf import CrfTagger, evaluate_conll
        from rasd.ner.tagger import NameTagger

        from rasd.errors import InputError

        if not Path(args.conll).is_file():
            raise InputError("no such CoNLL file", args.conll, code="missing")
        if args.ner == "off":
            _eprint("rasd eval ner: --ner off scores no tagger; use ensemble or crf")
            return 2
        try:
            if args.model and Path(args.model).is_dir():
                tagger = NameTagger.load(args.model, neural=args.ner != "crf")
            elif args.model:
                tagger = CrfTagger.load(args.model)
            else:
                tagger = NameTagger.load(neural=args.ner != "crf")
        except ValueError as e:  # CRFsuite / NumPy reject a file that is not a model
            raise InputError(f"not a rasd NER model ({e})", str(args.model),
                             code="model") from e
        res = evaluate_conll(args.conll, tagger, doc_window=args.doc_window,
                             domain=None if args.domain == "news" else args.domain)
        print(json.dumps(res, ensure_ascii=False, indent=2) if args.json else _fmt_ner(res))
        return 0
    if not args.gold:
        _eprint("rasd eval: --gold DIR is required (e.g. ../shared/eval/dev/gold)")
        return 2
    from rasd.eval.score import evaluate
    from rasd.pipeline import Failure, Pipeline

    docs: list[dict[str, Any]] = []
    n_fail = 0
    first = _first_json_line(args.path)
    if first is not None and first.get("schema") == "rasd.document/1":
        with open(args.path, encoding="utf-8") as f:
            docs = [json.loads(line) for line in f if line.strip()]
    else:
        pipe = Pipeline(kb_paths=args.kb or (), ner_model=_ner_arg(args))
        for res in pipe.pipe(_records([args.path], None)):
            if isinstance(res, Failure):
                n_fail += 1
                _eprint(f"rasd: {res}")
            else:
                docs.append(res.to_dict())
    if not docs:
        # scoring nothing would print a table of zeros and look like a result
        _eprint(f"rasd: error: nothing to score: no document read from {args.path}")
        return 2
    report = evaluate(docs, Path(args.gold))
    if report.missing and set(report.docs) <= set(report.missing):
        # no document matched a gold one (by id or title): a table of zeros is no score
        _eprint(f"rasd: error: nothing to score: none of the {len(docs)} documents of "
                f"{args.path} matches a gold document of {args.gold} by id or title")
        return 2
    print(json.dumps(report.to_dict(errors=args.errors), ensure_ascii=False, indent=2) if args.json
          else report.to_text())
    if n_fail:
        _eprint(f"rasd: {n_fail} records failed and were scored as missed")
    return 1 if n_fail else 0


def _fmt_ner(res: dict[str, Any]) -> str:
    """Format :func:`rasd.ner.crf.evaluate_conll` scores (already in percent) as a table."""
    lines = [f"{'type':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for t, r in sorted(res.get("per_type", {}).items()):
        lines.append(f"{t:8} {r['precision']:6.2f} {r['recall']:6.2f} {r['f1']:6.2f} "
                     f"{r.get('gold', 0):6} {r.get('pred', 0):6}")
    lines.append(f"{'micro':8} {res['precision']:6.2f} {res['recall']:6.2f} {res['f1']:6.2f} "
                 f"{res.get('gold', 0):6} {res.get('pred', 0):6}")
    return "\n".join(lines)


def _first_json_line(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    obj = json.loads(line)
                    return obj if isinstance(obj, dict) else None
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return None


# -- train / kb ---------------------------------------------------------------------------------
def _int_at_least(v: str, lo: int) -> int:
    """An integer argument >= ``lo``. Raises argparse.ArgumentTypeError naming the rule."""
    try:
        n = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {v!r}") from None
    if n < lo:
        raise argparse.ArgumentTypeError(f"must be {lo} or more, not {n}")
    return n


def _nonneg_int(v: str) -> int:
    """argparse type: an integer >= 0."""
    return _int_at_least(v, 0)


def _pos_int(v: str) -> int:
    """argparse type: an integer >= 1 (a limit; -5 returned every row)."""
    return _int_at_least(v, 1)


def _capped(n_rows: int, limit: int, what: str) -> None:
    """Say on standard error that a listing stopped at ``--limit`` (it was silent)."""
    if n_rows >= limit:
        _eprint(f"rasd: note: showing the first {limit} {what}; --limit N shows more")


def _ner_arg(args: argparse.Namespace) -> bool | str:
    """``--ner`` value -> ``Pipeline(ner_model=...)``."""
    v = getattr(args, "ner", None) or "ensemble"
    return False if v == "off" else v


def cmd_train(args: argparse.Namespace) -> int:
    if args.what == "ner":
        from rasd.ner.crf import MODEL_DIR, build_release

        if args.self_train and not args.out:
            _eprint("rasd train ner --self-train: give --out DIR; the self-trained BiLSTM is an "
                    "experiment and would replace the package's shipped model (model card)")
            return 2

        if args.reuse_tables and (args.brown is not None or args.brown_gpu):
            _eprint("rasd train ner: --brown/--brown-gpu rebuild the word table, which "
                    "--reuse-tables keeps; give one or the other")
            return 2
        if args.brown_gpu:
            try:
                import cupy  # noqa: F401
            except ImportError:
                _eprint("rasd train ner --brown-gpu: CuPy is not installed (pip install cupy-cuda12x "
                        "or the build for your CUDA); leave the flag out to cluster on the CPU")
                return 2
        from rasd.ner.crf import BROWN_CLUSTERS

        if args.brown is None:
            args.brown = BROWN_CLUSTERS
        res = build_release(args.shared, out_dir=args.out or MODEL_DIR,
                            exclude_prefixes=tuple(args.exclude_prefix or ()),
                            reuse_tables=args.reuse_tables, self_train=args.self_train,
                            brown=args.brown, brown_gpu=args.brown_gpu,
                            lm_pretrain=not args.no_lm_pretrain)
        print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
        return 0
    if args.what == "lexicon":
        from rasd.text.lexicon import build_lexicon

        if not args.corpus or not args.out:
            _eprint("rasd train lexicon: --corpus FILE and --out FILE are required")
            return 2
        build_lexicon(args.corpus, args.out)
        return 0
    if args.what == "features":
        from rasd.ner.crf import MODEL_DIR
        from rasd.ner.precomputed import build

        shared = Path(args.shared)
        corpus = Path(args.corpus) if args.corpus else shared / "data/news/corpus.jsonl"
        dev = shared / "eval/dev/articles.jsonl"
        if not corpus.exists():
            _eprint(f"rasd train features: corpus not found: {corpus}")
            return 2
        try:
            res = build([corpus], args.out or MODEL_DIR, min_df=args.min_df,
                        exclude=[dev] if dev.exists() else [],
                        exclude_prefixes=tuple(args.exclude_prefix or ()))
        except ValueError as e:
            _eprint(f"rasd train features: {e}")
            return 2
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 0
    _eprint(f"rasd train: unknown model {args.what!r}")
    return 2


def cmd_kb(args: argparse.Namespace) -> int:
    if args.action == "link":
        if not args.db:
            _eprint("rasd kb link: --db FILE is required")
            return 2
        from rasd.link.store_merge import merge_entities, sample_merges

        store = _open_store(args.db)
        if store.readonly:
            _eprint(f"rasd: error: {args.db}: the store is read-only (kb link writes merged "
                    "entities); copy it somewhere writable first")
            return 2
        res = merge_entities(store)
        if args.sample:
            res = dict(res, sample=sample_merges(store, args.sample))
        print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
        return 0
    from rasd.kb.build import build_kb

    res = build_kb(args.out)
    if res is not None:
        print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and a pointer to ``--help`` (argparse's
    default prints the whole usage block first, which buries the one line that matters, e.g.
    ``not an ISO date (YYYY-MM-DD): '15/09/2025'``).  Exits with status 2, as argparse."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the ``rasd`` argument parser (one sub-command per task)."""
    p = _Parser(prog="rasd", description="Arabic news -> evidence-linked events")
    p.add_argument("--version", action="version", version=f"rasd {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True)
    p.subcommands = sub.choices  # name -> sub-command parser, for errors found after parsing

    a = sub.add_parser("analyze", help="analyse articles and print rasd.document/1 JSON")
    a.add_argument("path", help="file, directory, JSON Lines, feed, WARC, or - for stdin")
    a.add_argument("--format", choices=["json", "jsonl", "report"], default=None,
                   help="json for one article (default), jsonl for batches, report for people")
    a.add_argument("--published", type=_date_arg, help="publication date when the input has none")
    a.add_argument("--kb", action="append", type=_kb_file_arg,
                   help="extra knowledge-base TSV file (repeatable)")
    a.add_argument("--ner", choices=["ensemble", "crf", "off"], default="ensemble",
                   help="trained name taggers beside the knowledge base: ensemble (a CRF + "
                        "two BiLSTM-CRFs, default), crf (about 3x faster on new text, 3.9 F1 "
                        "lower on ANERcorp) or off")
    a.add_argument("--rtl", choices=["visual", "logical"], default=None,
                   help="report only: reorder Arabic for terminals without bidi (visual) or not")
    a.set_defaults(func=cmd_analyze)

    i = sub.add_parser("ingest", help="analyse and store articles in a SQLite database")
    i.add_argument("paths", nargs="+")
    i.add_argument("--db", required=True, help="SQLite file (created if missing)")
    i.add_argument("--published", type=_date_arg)
    i.add_argument("--kb", action="append", type=_kb_file_arg)
    i.add_argument("--ner", choices=["ensemble", "crf", "off"], default="ensemble",
                   help="trained name taggers beside the knowledge base: ensemble (a CRF + "
                        "two BiLSTM-CRFs, default), crf (about 3x faster on new text, 3.9 F1 "
                        "lower on ANERcorp) or off")
    i.add_argument("--quiet", action="store_true", help="no progress bar")
    i.add_argument("--jobs", type=_nonneg_int, default=1,
                   help="worker processes (default 1; 0 = all cores; at most the number of "
                        "cores); models load once per worker")
    i.set_defaults(func=cmd_ingest)

    e = sub.add_parser("entities", help="list stored entities")
    e.add_argument("--db", required=True)
    e.add_argument("--type", choices=["PER", "ORG", "GPE", "LOC", "MISC"])
    e.add_argument("--limit", type=_pos_int, default=50)
    e.add_argument("--format", choices=["table", "jsonl"], default="table")
    e.set_defaults(func=cmd_entities)

    v = sub.add_parser("events", help="list stored events")
    v.add_argument("--db", required=True)
    v.add_argument("--dyad", type=_dyad_arg,
                   help="actor-recipient countries, e.g. MAR-ISR or IGO-NATO-RUS")
    v.add_argument("--since", type=_partial_date_arg, help="YYYY, YYYY-MM or YYYY-MM-DD")
    v.add_argument("--until", type=_partial_date_arg, help="YYYY, YYYY-MM or YYYY-MM-DD")
    v.add_argument("--symmetric", action="store_true",
                   help="with --dyad: also the reverse direction and both as co-actors")
    v.add_argument("--status", choices=["asserted", "negotiating", "planned", "hypothetical",
                                        "negated", "historical"])
    v.add_argument("--type", type=_plover_arg, help="PLOVER type, e.g. CONSULT")
    v.add_argument("--limit", type=_pos_int, default=100,
                   help="at most this many rows (default 100; a note says when more exist)")
    v.add_argument("--format", choices=["table", "jsonl"], default="table")
    v.add_argument("--rtl", choices=["visual", "logical"], default=None)
    v.add_argument("--mentions", action="store_true",
                   help="show every source (article, outlet, URL) of each event")
    v.add_argument("--no-merge", action="store_true",
                   help="list every event mention instead of cross-article events")
    v.add_argument("--window", type=_nonneg_int, default=None,
                   help="re-merge events with this date window in days (default 7)")
    v.add_argument("--arms", action="store_true",
                   help="list arms-transfer frames (supplier, recipient, system, stage)")
    v.add_argument("--deals", action="store_true",
                   help="(implies --arms) group frames into deals (supplier, recipient, system) with "
                        "their stages from talks to delivery across articles")
    v.add_argument("--country", help="--arms: supplier or recipient country (ISO3)")
    v.add_argument("--stage", choices=["talks", "selection", "approval", "order", "production",
                                       "delivery"], help="--arms: deal stage")
    v.add_argument("--system", help="--arms: weapon system name contains this, e.g. F-35")
    v.set_defaults(func=cmd_events)

    x = sub.add_parser("export", help="export the store as JSON Lines or CSV")
    x.add_argument("--db", required=True)
    x.add_argument("--format", choices=["jsonl", "csv", "plover", "gdelt"], default="jsonl",
                   help="jsonl: documents; csv: one table; plover: events as PLOVER JSON Lines; "
                        "gdelt: events as GDELT-style TSV")
    x.add_argument("--table", default=None,
                   help="csv: events (default), entities, mentions, timexes, quantities, quotes, "
                        "documents, event_arms, event_clusters, event_mentions; gdelt: events "
                        "(default) or mentions; not for jsonl or plover")
    x.add_argument("-o", "--output", help="output file (default stdout)")
    x.add_argument("--bom", action="store_true", help="write a UTF-8 BOM (for spreadsheets)")
    x.set_defaults(func=cmd_export)

    ev = sub.add_parser("eval", help="score against gold: rasd eval PATH --gold DIR | rasd eval ner --conll FILE")
    ev.add_argument("path", help="input records / rasd.document JSON Lines, or 'ner'")
    ev.add_argument("--gold", help="directory of rasd.gold/1 files")
    ev.add_argument("--conll", help="ner only: CoNLL file (word TAB tag per line)")
    ev.add_argument("--model", help="ner only: a models folder (CRF + BiLSTM ensemble) or one "
                                    ".crfsuite file (CRF alone); default: the shipped ensemble")
    ev.add_argument("--domain", choices=["news", "wiki"], default="news",
                    help="ner only: tag as this training domain (wiki: AQMAR-like text; default news)")
    ev.add_argument("--doc-window", type=_nonneg_int, default=0,
                    help="ner only: apply document consistency over blocks of N sentences")
    ev.add_argument("--kb", action="append", type=_kb_file_arg)
    ev.add_argument("--ner", choices=["ensemble", "crf", "off"], default="ensemble",
                    help="the name taggers: with records, what the pipeline runs (off: the "
                         "knowledge base and patterns alone, the baseline); with ner, which "
                         "model is scored (ensemble or crf)")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--errors", action="store_true",
                    help="with --json: list every miss, false positive and wrong value")
    ev.set_defaults(func=cmd_eval)

    t = sub.add_parser("train", help="reproduce a shipped model: ner | lexicon | features "
                                     "(needs the [train] extra and ../shared)")
    t.add_argument("what", choices=["ner", "lexicon", "features"])
    t.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"),
                   help="ner, features: the shared data folder (ANERcorp train, news corpus, "
                        "dev gold articles)")
    t.add_argument("--exclude-prefix", action="append",
                   help="ner, features: leave corpus records with this id prefix out of the word table "
                        "(e.g. SNN for the non-commercial SaudiNewsNet)")
    t.add_argument("--reuse-tables", action="store_true",
                   help="ner: keep the gazetteer and word table already in --out and retrain "
                        "only the CRF and the BiLSTM")
    t.add_argument("--self-train", action="store_true",
                   help="ner: an experiment, not the shipped recipe: train the BiLSTM again on "
                        "ANERcorp + 4,000 confident corpus sentences the first models labelled "
                        "and write it over the first one in --out, which is then required "
                        "(about 28 minutes more; see the model card)")
    t.add_argument("--brown", type=_nonneg_int, default=None, metavar="C",
                   help="ner: Brown clusters for the word table, C leaf clusters (default: the "
                        "shipped recipe's; 0: none)")
    t.add_argument("--brown-gpu", action="store_true",
                   help="ner: run the Brown clustering on a GPU with CuPy")
    t.add_argument("--no-lm-pretrain", action="store_true",
                   help="ner: train the BiLSTM from scratch, without first pretraining its "
                        "encoder as language models on the news corpus (the earlier recipe)")
    t.add_argument("--corpus", help="lexicon: corpus JSON Lines (required); features: "
                                    "default <shared>/data/news/corpus.jsonl")
    t.add_argument("--min-df", type=_nonneg_int, default=3,
                   help="features: least number of corpus articles a word must occur in "
                        "(default 3; the dev gold articles are left out of the counts)")
    t.add_argument("--out", help="ner, features: the models directory (default: the "
                                 "package's models/); lexicon: output TSV")
    t.set_defaults(func=cmd_train)

    k = sub.add_parser("kb", help="knowledge base: rasd kb build | rasd kb link --db FILE")
    k.add_argument("action", choices=["build", "link"],
                   help="build: regenerate the tables from CLDR/GeoNames; link: merge entities "
                        "across the articles of a store")
    k.add_argument("--db", help="link only: the SQLite store")
    k.add_argument("--sample", type=int, default=0, help="link only: show N merges to check")
    k.add_argument("--out", default=None, help="output directory (default: the package's kb/)")
    k.set_defaults(func=cmd_kb)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``rasd`` command; returns the exit code."""
    from rasd import one_blas_thread
    from rasd.errors import RasdError

    one_blas_thread()  # before anything imports NumPy
    if os.environ.get("RASD_DEBUG", "0") not in ("", "0"):
        # full tracebacks of failed records and library warnings (a batch otherwise logs
        # one line per failed record)
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")

    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # «rasd analyze a b»: the sub-command's own usage error, not the top-level one
        sub = getattr(parser, "subcommands", {}).get(getattr(args, "cmd", None), parser)
        sub.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(args.func(args))
    except RasdError as e:
        _eprint(f"rasd: error: {e}")
        return 2
    except BrokenPipeError:
        return 0
    except sqlite3.Error as e:  # a read-only, locked or damaged store met after it was opened
        _eprint(f"rasd: error: store{' ' + args.db if getattr(args, 'db', None) else ''}: {e}")
        return 2
    except OSError as e:  # an output file that cannot be written, a path that vanished ...
        name = f" {e.filename}" if getattr(e, "filename", None) else ""
        _eprint(f"rasd: error: cannot use{name}: {e.strerror or e}")
        return 2
    except KeyboardInterrupt:
        _eprint("rasd: interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
