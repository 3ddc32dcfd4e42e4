// 有哪些官员，分别担任什么职务？
// Which officials are named, and which post (HOLDS_POSITION title) do they hold in which agency?
MATCH (p:Person)-[h:HOLDS_POSITION]->(a:Agency)
RETURN p.name AS person, h.title AS title, a.name AS agency
ORDER BY person, agency;
