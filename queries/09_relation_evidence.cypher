// 一条关系的证据：“公安部 牵头 断卡”出自哪篇文章的哪句话？
// The evidence behind one relation: which document and sentence say that 公安部 LEADS 断卡?
MATCH (a:Agency {name: '公安部'})-[r:LEADS]->(c:Campaign {name: '断卡'})
UNWIND range(0, size(r.evidence_docs) - 1) AS i
MATCH (d:Document {id: r.evidence_docs[i]})
RETURN type(r) AS relation, a.name AS source, c.name AS target, d.title AS document,
       d.date AS date, r.evidence_sentences[i] AS sentence,
       r.evidence_starts[i] AS start, r.evidence_ends[i] AS end
ORDER BY date, start;
