"""Every Cypher query of the project, by domain; nothing outside ``graph/`` writes Cypher.

Queries are ``LiteralString`` constants with ``$parameters`` for every value. Where a label or
relationship type must vary, a builder function takes it from :mod:`graph.schema`'s allow-list
(``kind_label`` / ``relation_type``), never from the caller's string.
"""
