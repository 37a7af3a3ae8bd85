"""The team-structure report (村“两委”班子结构分析): figures on a day, targets, and two days compared.

- ``report.build(session, as_of, township_id)`` → :class:`report.StructureReport`
- ``compare.compare(session, before, after, township_id)`` → :class:`compare.Comparison`
- ``settings.load/save``: age bands and the election's targets (stored in the database)

Writers (Excel in the office layout, PDF through the roster engine) are in
``vcadre.reports.structure``.
"""
