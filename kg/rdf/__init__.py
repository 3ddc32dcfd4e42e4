"""The graph as linked data: vocabulary, mapping to and from RDF, SHACL, SPARQL.

Every module here imports rdflib, pyoxigraph or pyshacl; import them inside the
functions that need them so the CLI starts fast.
"""
