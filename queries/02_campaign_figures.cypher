// 各专项行动取得了哪些战果数据？统计区间是什么，见于几篇文章，最早、最晚何时？
// Which figures does each campaign yield, over which period, in how many documents, first and last when?
// (The sentences and documents behind one of them: 09_relation_evidence.cypher.)
MATCH (c:Campaign)-[y:YIELDS]->(f:Figure)
UNWIND y.evidence_docs AS doc_id
MATCH (d:Document {id: doc_id})
WITH c, f, count(DISTINCT d) AS documents, min(d.date) AS first, max(d.date) AS last
RETURN c.name AS campaign, f.raw AS figure, f.value AS value, f.unit AS unit,
       f.measure AS measure, f.period_start AS period_start, f.period_end AS period_end,
       documents, first, last
ORDER BY campaign, value DESC, figure, period_start, period_end, f.id;
