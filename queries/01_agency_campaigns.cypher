// 各机关牵头开展、参与了哪些专项行动？
// Which campaigns does each agency lead (LEADS), and which does it join (PARTICIPATES_IN)?
MATCH (a:Agency)-[r:LEADS|PARTICIPATES_IN]->(c:Campaign)
WITH a, r, c
ORDER BY c.name
RETURN a.name AS agency,
       collect(CASE WHEN type(r) = 'LEADS' THEN c.name END) AS leads,
       collect(CASE WHEN type(r) = 'PARTICIPATES_IN' THEN c.name END) AS joins
ORDER BY agency;
