"""Storage of analysed documents: the SQLite store and its exports.

``Store`` (:mod:`rasd.store.sqlite`) and ``export_jsonl``/``export_csv``
(:mod:`rasd.store.export`) are imported lazily so that ``import rasd.store`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Store", "export_csv", "export_gdelt", "export_gdelt_mentions", "export_jsonl",
           "export_plover"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from rasd.store.sqlite import Store

        return Store
    if name in ("export_csv", "export_jsonl", "export_plover", "export_gdelt",
                "export_gdelt_mentions"):
        from rasd.store import export

        return getattr(export, name)
    raise AttributeError(name)
