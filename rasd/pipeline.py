"""The analysis pipeline: record -> :class:`rasd.doc.Doc` with every layer.

Stages run in this order; each is a picklable callable ``Doc -> None`` that adds one layer and
loads its resources lazily, once per process (so a Spark worker or a multiprocessing pool pays the
load once):

====================  =========================================  ==============================
stage                 module                                     assigns
====================  =========================================  ==============================
prepare               rasd.ingest.boilerplate / rasd.ingest.html  title, text, removed
sentences             rasd.text.sentences                        doc.sentences
tokens                rasd.text.tokenizer                        doc.tokens (with clitics)
entities              rasd.ner.rules (+ rasd.ner.model)          doc.entities
timexes               rasd.extract.timex                         doc.timexes
quantities            rasd.extract.quantities                    doc.quantities
quotes                rasd.extract.quotes                        doc.quotes
events                rasd.events.rules                          doc.events
====================  =========================================  ==============================
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rasd.doc import Doc, content_id
from rasd.errors import InputError
from rasd.record import ReadError, Record

log = logging.getLogger(__name__)

#: Documented size limit of one article body, in characters (after decoding).  Larger inputs
#: are refused with error code ``too-large`` instead of hanging the batch.
MAX_TEXT_CHARS = 2_000_000

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_HEBREW = re.compile(r"[\u0590-\u05FF]")
_CJK = re.compile(r"[\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]")


def detect_language(text: str) -> str:
    """Guess the document language from its script: ``"ar"`` when Arabic letters dominate.

    Returns an ISO 639-1 code (``ar``, ``en``, ``ru``, ``he``, ``zh``) or ``"und"`` for text with
    no letters.  Persian/Urdu are not told apart from Arabic (same script).  Arabic text quotes
    foreign names in their own script (شركة «Blue Ocean Logistics»), and Latin names are long
    in letters: a text is Arabic once a third of its letters are Arabic, or a fifth of them
    with an Arabic function word (في، إلى، أن، قال ...) in it.
    """
    sample = text[:20000]
    counts = {
        "ar": len(_ARABIC.findall(sample)),
        "en": len(_LATIN.findall(sample)),
        "ru": len(_CYRILLIC.findall(sample)),
        "he": len(_HEBREW.findall(sample)),
        "zh": len(_CJK.findall(sample)),
    }
    total = sum(counts.values())
    if total == 0:
        return "und"
    if counts["ar"] * 3 >= total:
        return "ar"
    # a short Arabic sentence around a long Latin name («وصل José Luis Rodríguez Zapatero
    # إلى الرباط»): Arabic function words make the grammar Arabic
    if counts["ar"] * 5 >= total and _ARABIC_FUNCTION_WORD.search(sample):
        return "ar"
    return max(counts, key=lambda k: counts[k])


_ARABIC_FUNCTION_WORD = re.compile(
    r"(?<![\u0621-\u064A])(?:في|من|إلى|الى|على|عن|مع|أن|إن|التي|الذي|هذا|هذه|قال|قالت)"
    r"(?![\u0621-\u064A])")


def _strip_controls(s: str) -> str:
    """Remove bidi/zero-width controls and surrounding whitespace from a one-line field."""
    from rasd.normalize import remove_bidi

    return " ".join(remove_bidi(s).split())


def normalise_published(value: str | None, warnings: list[str] | None = None) -> str | None:
    """Return a publication date in the contract's form, or None.

    Accepts ``YYYY-MM-DD``, ISO 8601 date-times (kept as ``YYYY-MM-DDThh:mm:ss±hh:mm`` when they
    carry an offset, else cut to the date, with a warning when a time is lost) and RFC 2822
    dates (feeds, HTTP headers).  Anything else is dropped (relative dates then stay unresolved) and a warning is appended to
    ``warnings``, so a bad date in an input record never reaches the store.
    """
    import datetime as dt
    from email.utils import parsedate_to_datetime

    if value is None or not str(value).strip():
        return None
    v = _strip_controls(str(value))
    try:
        if len(v) == 10:
            return dt.date.fromisoformat(v).isoformat()
        d = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        try:
            d = parsedate_to_datetime(v)
        except (TypeError, ValueError, IndexError):
            if warnings is not None:
                warnings.append(f"published {value!r} is not a date; ignored")
            return None
    if d.tzinfo is None:
        if warnings is not None and (d.hour, d.minute, d.second) != (0, 0, 0):
            # the contract writes a date-time only with its offset: say the time is dropped
            warnings.append(f"published {value!r} has a time but no UTC offset; only its date "
                            "is used (clock times such as «منذ 3 ساعات» stay dates)")
        return d.date().isoformat()
    return d.isoformat(timespec="seconds")


@dataclass(slots=True)
class Failure:
    """A record that could not be analysed: its id, where it came from, the stage and reason."""

    id: str | None
    where: str
    stage: str
    reason: str
    code: str = "error"
    source: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        rid = f" (id {self.id})" if self.id else ""
        return f"{self.where}{rid}: {self.stage}: {self.code}: {self.reason}"


#: Model-only names below this confidence (mean mixed label probability over the span's
#: tokens, :meth:`rasd.ner.tagger.NameTagger.predict_spans_scored`) are not added to a
#: document.  0: a cut of 0.9 lifts the dev gold articles (whose names the knowledge base
#: holds) but costs 4 F1 on ANERcorp (docs/benchmarks.md section 4b).
MODEL_SPAN_MIN_P = 0.0


class Pipeline:
    """The full rasd pipeline.

    ``Pipeline()`` is cheap: models and knowledge-base tables load on first use.  The object is
    picklable (it holds no open files), so it can be shipped to worker processes.

    Args:
        stages: names of stages to run, default all (``prepare`` is always run).
        kb_paths: extra knowledge-base files (TSV) to load on top of the shipped ones.
        ner_model: also run the shipped name taggers (``rasd/ner/models``,
            :class:`rasd.ner.tagger.NameTagger`) and merge their spans with the
            knowledge-base entities: ``True`` or ``"ensemble"`` (default) the CRF and the
            BiLSTM-CRF mixed (more accurate, about 2.5x slower), ``"crf"`` the CRF alone
            (marginal decoding), ``False`` none (knowledge base and patterns only).

        Raises:
            ValueError: an unknown stage or ``ner_model`` value.
    """

    STAGES = ("sentences", "tokens", "entities", "timexes", "quantities", "quotes", "events")

    def __init__(self, stages: Iterable[str] | None = None, kb_paths: Iterable[str] = (),
                 ner_model: bool | str = True) -> None:
        self.stages = tuple(stages) if stages is not None else self.STAGES
        if ner_model not in (True, False, "ensemble", "crf"):
            raise ValueError(f"ner_model must be True/'ensemble', 'crf' or False, not {ner_model!r}")
        unknown = [s for s in self.stages if s not in self.STAGES]
        if unknown:
            raise ValueError(f"unknown stages {unknown}; known: {list(self.STAGES)}")
        self.kb_paths = tuple(kb_paths)
        self.ner_model = ner_model
        self._ner: Any = None
        self._crf: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"stages": self.stages, "kb_paths": self.kb_paths, "ner_model": self.ner_model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.stages = state["stages"]
        self.kb_paths = state["kb_paths"]
        self.ner_model = state.get("ner_model", True)
        self._ner = None
        self._crf = None

    # -- stages -------------------------------------------------------------------------------
    def prepare(self, record: Record) -> Doc:
        """Turn a record into a Doc: HTML extraction or plain-text boilerplate removal.

        Raises:
            InputError: empty body (code ``empty``) or body over :data:`MAX_TEXT_CHARS`
                (code ``too-large``).
        """
        from rasd.ingest.boilerplate import prepare_text

        title = record.title
        warnings: list[str] = []
        published = normalise_published(record.published, warnings)
        url = record.url
        removed: list[dict[str, str]] = []
        if record.html is not None and record.text is None:
            from rasd.ingest.html import extract_html

            ext = extract_html(record.html, url=url, source=record.where())
            body = ext.text
            title = title or ext.title
            # the page's own date first; the crawl date of a WARC record only as a fallback
            published = published or normalise_published(ext.published, warnings)
            if published is None and record.raw.get("warc_date"):
                published = str(record.raw["warc_date"])[:10]
                warnings.append(f"no publication date in the page; the crawl date {published} "
                                "(WARC-Date) is used")
            url = url or ext.url
            removed.extend(ext.removed)
            prepared = prepare_text(body, has_title=False)
        else:
            body = record.text or ""
            # a record that says it has no title ("title": null) keeps none; otherwise a
            # headline-like first line becomes the title
            explicit = record.reader in ("jsonl", "json") and "title" in record.raw
            prepared = prepare_text(body, has_title=title is None and not explicit)
        if prepared.title and not title:
            title = prepared.title
        removed.extend(prepared.removed)
        text = prepared.text
        if len(text) > MAX_TEXT_CHARS:
            raise InputError(f"article body has {len(text):,} characters, over the limit of "
                             f"{MAX_TEXT_CHARS:,} (rasd.pipeline.MAX_TEXT_CHARS)",
                             record.source, record.line, code="too-large")
        if not text.strip():
            raise InputError("no article text (empty after reading and boilerplate removal)",
                             record.source, record.line, code="empty")
        if title:
            title = _strip_controls(title) or None
        language = detect_language(text)
        if language != "ar":
            warnings.append(f"language detected as {language!r}: rasd's extractors read Arabic, "
                            "so the layers may be empty")
        doc = Doc(text=text, id=record.id or content_id(text), url=url, title=title,
                  published=published, language=language, removed=removed,
                  meta={"source": record.source, "line": record.line, "reader": record.reader,
                        "encoding": record.encoding, "warnings": warnings})
        return doc

    def _entities(self) -> Any:
        if self._ner is None:
            from rasd.ner.rules import EntityRecognizer

            self._ner = EntityRecognizer(extra_kb=self.kb_paths)
        return self._ner

    @staticmethod
    def _model_reads(doc: Doc) -> bool:
        """The name taggers were trained on Arabic: a document detected as another language
        (an English article) gets the knowledge base and patterns only."""
        return doc.language in ("ar", "und", "", None)

    def annotate(self, doc: Doc) -> Doc:
        """Run the configured stages on a prepared Doc, in order; returns the same Doc."""
        self._annotate_pre(doc)
        if self._uses_model() and self._model_reads(doc):
            self._add_model_spans(doc, self._tagger().predict_spans_scored(doc.text, doc.tokens))
        self._annotate_post(doc)
        return doc

    def annotate_many(self, docs: list[Doc]) -> list[Doc | Exception]:
        """:meth:`annotate` for several prepared Docs, with one run of the trained name
        taggers over all their sentences (larger batches: about 1.7x faster model stage for
        32 articles than one at a time).  Returns, per Doc, the Doc or the exception its
        analysis raised (one bad Doc does not stop the others)."""
        out: list[Doc | Exception] = []
        for doc in docs:
            try:
                self._annotate_pre(doc)
                out.append(doc)
            except Exception as e:  # noqa: BLE001 - reported per document
                out.append(e)
        live = [k for k, d in enumerate(out) if isinstance(d, Doc) and self._model_reads(d)]
        if self._uses_model() and live:
            try:
                scored = self._tagger().predict_spans_scored_many(
                    [(out[k].text, out[k].tokens) for k in live])
            except Exception:  # noqa: BLE001 - fall back to one document at a time
                log.exception("batched name tagging failed; tagging one document at a time")
                scored = None
            for i, k in enumerate(live):
                doc = out[k]
                try:
                    sp = scored[i] if scored is not None else \
                        self._tagger().predict_spans_scored(doc.text, doc.tokens)
                    self._add_model_spans(doc, sp)
                except Exception as e:  # noqa: BLE001
                    out[k] = e
        for k, doc in enumerate(out):
            if isinstance(doc, Doc):
                try:
                    self._annotate_post(doc)
                except Exception as e:  # noqa: BLE001
                    out[k] = e
        return out

    def _uses_model(self) -> bool:
        return bool(self.ner_model) and "entities" in self.stages

    def _tagger(self) -> Any:
        # the trained taggers (CRF + BiLSTM-CRF) find names no list holds; the knowledge base
        # and patterns win where both found something (EntityRecognizer.add_spans)
        if self._crf is None:
            from rasd.ner.tagger import NameTagger

            self._crf = NameTagger.load(neural=self.ner_model != "crf")
            # the model's spans are linked by skeleton: build those tables with the models
            from rasd.link.linker import prepare

            prepare(self._entities().kb)
            # the model spans are vetted against the quantity tables' unit words
            # (_add_model_spans): compile those patterns with the models, not in the first
            # article
            from rasd.extract.quantities import is_unit_word

            is_unit_word("دولار")
        return self._crf

    def _annotate_pre(self, doc: Doc) -> None:
        """Sentences, tokens and knowledge-base entities (the stages before the model)."""
        from rasd.text.sentences import split_sentences
        from rasd.text.tokenizer import tokenize

        st = self.stages
        if "sentences" in st:
            doc.sentences = split_sentences(doc.text)
        if "tokens" in st:
            doc.tokens = tokenize(doc.text)
        if "entities" in st:
            self._entities()(doc)

    def _add_model_spans(self, doc: Doc, scored: list) -> None:
        """Merge the taggers' scored spans ``(start, end, type, p)`` into ``doc.entities``."""
        from rasd.extract.quantities import is_unit_word
        from rasd.ner.rules import vet_model_spans

        spans = vet_model_spans(doc.text, [
            sp[:3] for sp in scored
            if sp[3] >= MODEL_SPAN_MIN_P and not is_unit_word(doc.text[sp[0]:sp[1]])],
            self._entities().nat)
        self._entities().add_spans(doc, spans, source="model")

    def _annotate_post(self, doc: Doc) -> None:
        """Time expressions, quantities, quotes and events (after the entities)."""
        st = self.stages
        if "timexes" in st:
            from rasd.extract.timex import extract_timexes

            doc.timexes = extract_timexes(doc.text, doc.published, doc.sentences)
        if "quantities" in st:
            from rasd.extract.quantities import extract_quantities

            doc.quantities = extract_quantities(doc.text)
        if "quotes" in st:
            from rasd.extract.quotes import extract_quotes

            doc.quotes = extract_quotes(doc)
        if "events" in st:
            from rasd.events.rules import extract_events

            doc.events = extract_events(doc)

    def __call__(self, item: Record | str, published: str | None = None) -> Doc:
        """Analyse one record (or a plain-text string) and return the Doc.

        Args:
            item: a :class:`Record` or the article as a str (headline on the first line allowed).
            published: publication date (``YYYY-MM-DD``) used when the record has none.
        Raises:
            InputError: see :meth:`prepare`.
        """
        return self.annotate(self._prepare_item(item, published))

    def _prepare_item(self, item: Record | str, published: str | None) -> Doc:
        """:meth:`prepare` of a record or plain string, with the fallback publication date."""
        record = item if isinstance(item, Record) else Record(text=item)
        doc = self.prepare(record)
        if doc.published is None and published:
            doc.published = normalise_published(published, doc.meta.setdefault("warnings", []))
        return doc

    #: records analysed together by :meth:`pipe` (one run of the name taggers for all)
    batch_docs = 16

    def pipe(self, items: Iterable[Record | ReadError],
             published: str | None = None,
             on_error: Callable[[Failure], None] | None = None) -> Iterator[Doc | Failure]:
        """Analyse a stream of records in order, yielding a Doc or a :class:`Failure` for each.

        A failure (unreadable record, empty text, an exception in a stage) never stops the
        stream: it is yielded (and passed to ``on_error``) and the next record is processed.
        Records are analysed in groups of :attr:`batch_docs` (:meth:`annotate_many`), so
        results come out a group at a time, still in input order.
        """
        buf: list[tuple[Any, Doc | Failure]] = []
        for item in items:
            if isinstance(item, ReadError):
                buf.append((item, Failure(item.id, item.where(), "read", item.reason, item.code,
                                          item.source, item.line)))
            else:
                try:
                    buf.append((item, self._prepare_item(item, published)))
                except InputError as e:
                    buf.append((item, Failure(item.id, item.where(), "prepare",
                                              str(e).split(": ", 1)[-1], e.code, item.source,
                                              item.line)))
                except Exception as e:  # noqa: BLE001 - a batch records and goes on
                    buf.append((item, self._failure(item, e)))
            if len(buf) >= max(1, self.batch_docs):
                yield from self._flush(buf, on_error)
                buf = []
        if buf:
            yield from self._flush(buf, on_error)

    def _failure(self, item: Any, e: Exception) -> Failure:
        # one INFO line (the failure is returned, and the command prints it; the line is for
        # library users who configure logging); the traceback only at DEBUG level
        # (``RASD_DEBUG=1`` for the command)
        log.info("analysis failed for %s: %s: %s", item.where(), type(e).__name__, e)
        log.debug("traceback of the failure of %s", item.where(),
                  exc_info=(type(e), e, e.__traceback__))
        return Failure(item.id, item.where(), "analyze", f"{type(e).__name__}: {e}", "error",
                       item.source, item.line)

    def _flush(self, buf: list[tuple[Any, Doc | Failure]],
               on_error: Callable[[Failure], None] | None) -> Iterator[Doc | Failure]:
        docs = [d for _, d in buf if isinstance(d, Doc)]
        done = iter(self.annotate_many(docs))
        for item, d in buf:
            res: Doc | Failure = d
            if isinstance(d, Doc):
                r = next(done)
                res = r if isinstance(r, Doc) else self._failure(item, r)
            if isinstance(res, Failure) and on_error:
                on_error(res)
            yield res
