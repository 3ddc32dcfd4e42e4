// 哪些数据相互矛盾（同一统计口径、同一区间，数值不同）？
// Which figures conflict: same measure, unit and period, different values?
MATCH (f:Figure)
WHERE f.measure IS NOT NULL AND f.value IS NOT NULL
WITH f
ORDER BY f.value
WITH f.measure AS measure, f.unit AS unit, f.period_start AS period_start,
     f.period_end AS period_end, collect(DISTINCT f.value) AS values, collect(f.raw) AS figures
WHERE size(values) > 1
RETURN measure, unit, period_start, period_end, values, figures
ORDER BY measure, period_start;
