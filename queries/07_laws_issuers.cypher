// 各项法律、意见和文件由哪些机关发布？
// Which bodies issued each law, judicial opinion or policy document (none listed when the text names none)?
MATCH (l:Law)
OPTIONAL MATCH (l)-[:ISSUED_BY]->(a:Agency)
WITH l, a
ORDER BY a.name
RETURN l.name AS law, collect(a.name) AS issued_by
ORDER BY law;
