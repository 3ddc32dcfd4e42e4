// 按统计区间排列的数据时间线：什么时间段、谁取得了什么数据？
// A timeline of figures: period, figure, and the campaign, agency or case that yielded it.
MATCH (f:Figure)
WHERE f.period_end IS NOT NULL
OPTIONAL MATCH (s)-[:YIELDS]->(f)
WITH f, s
ORDER BY s.name
RETURN f.period_start AS period_start, f.period_end AS period_end, f.raw AS figure,
       f.value AS value, f.unit AS unit, f.measure AS measure, collect(s.name) AS yielded_by
ORDER BY period_end, period_start, measure, value;
