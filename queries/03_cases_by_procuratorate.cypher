// 各检察院办理了哪些案件？
// Which cases did each procuratorate handle (HANDLED_BY an agency with the Procuratorate label)?
MATCH (k:Case)-[:HANDLED_BY]->(p:Procuratorate)
WITH p, k
ORDER BY k.name
RETURN p.name AS procuratorate, collect(k.name) AS cases
ORDER BY procuratorate;
