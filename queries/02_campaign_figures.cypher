// 各专项行动取得了哪些战果数据？统计区间是什么，出自哪篇文章？
// Which figures does each campaign yield, over which period, and from which source document?
MATCH (c:Campaign)-[y:YIELDS]->(f:Figure)
UNWIND y.evidence_docs AS doc_id
MATCH (d:Document {id: doc_id})
RETURN DISTINCT c.name AS campaign, f.raw AS figure, f.value AS value, f.unit AS unit,
       f.measure AS measure, f.period_start AS period_start, f.period_end AS period_end,
       d.title AS document, d.date AS date
ORDER BY campaign, value DESC, figure, document;
