"""Ingest: read curated files, Wikidata JSON and articles; validate; resolve; load into Neo4j.

The public entry points are :func:`ingest.pipeline.ingest_paths` (files and folders),
:func:`ingest.pipeline.ingest_records` (records built in code), :mod:`ingest.records` (the
records) and :func:`ingest.report.print_report`. Nothing is imported here, so importing a
submodule stays cheap.
"""
