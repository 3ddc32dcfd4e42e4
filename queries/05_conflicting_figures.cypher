// 哪些数据相互矛盾（同一统计口径、单位和已知统计期间，按约数标记不能同时成立）？
// Which figures conflict: same measure, unit and known period, values that cannot all be true?
// kg build decides this once, from the approximation markers, and marks each such
// figure with its group (the property `conflict`), as kg.json's "conflicts" lists them.
MATCH (f:Figure)
WHERE f.conflict IS NOT NULL
WITH f
ORDER BY f.value
WITH f.conflict AS conflict, f.measure AS measure, f.unit AS unit, f.period_start AS period_start,
     f.period_end AS period_end, collect(DISTINCT f.value) AS values, collect(f.raw) AS figures
RETURN measure, unit, period_start, period_end, values, figures
ORDER BY measure, period_start;
