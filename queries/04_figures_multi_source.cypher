// 哪些数据被不止一篇文章报道？最早、最晚见于何时？
// Which figures are reported by more than one document, and when first and last?
// A document reports a figure when it mentions it or is the evidence of a relation to it.
MATCH (f:Figure)
OPTIONAL MATCH (f)-[:MENTIONED_IN]->(m:Document)
OPTIONAL MATCH ()-[r]->(f)
WITH f, collect(m.id) + coalesce(f.mention_docs, []) +
        reduce(ids = [], docs IN collect(r.evidence_docs) | ids + docs) AS ids
MATCH (d:Document) WHERE d.id IN ids
WITH f, d
ORDER BY d.date, d.title
WITH f, collect(d.title) AS documents, min(d.date) AS first, max(d.date) AS last
WHERE size(documents) > 1
RETURN f.raw AS figure, f.value AS value, f.unit AS unit, f.measure AS measure,
       size(documents) AS count, documents, first, last
ORDER BY count DESC, value DESC, figure, f.id;
