"""Evaluation: the ``rasd.document/1`` validator and the scorer against ``rasd.gold/1`` files.

See :mod:`rasd.eval.schema` (``validate_document``, ``code_country``) and
:mod:`rasd.eval.score` (``evaluate``, ``Report``, ``score_entity_names``).
"""
