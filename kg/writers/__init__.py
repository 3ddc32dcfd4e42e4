"""Writers: every output made from the one Graph (RDF, Neo4j, HTML pages, graph files)."""
