"""Entity linking beyond alias lookup (issue 6).

* :mod:`rasd.link.disambig`: choice between referents of an ambiguous name by context;
* :mod:`rasd.link.translit`: Arabic/Latin consonant skeletons, cross-script matching and a
  readable romanisation of person names;
* :mod:`rasd.link.linker`: per-document linking after recognition (cross-script merging,
  KB linking of unknown names, titled coreference, stable ``rasd:auto/...`` ids);
* :mod:`rasd.link.geo`: coordinates of linked places;
* :mod:`rasd.link.store_merge`: one identity per real-world referent across a store.

Nothing is loaded at import time.
"""
