// 专项行动网络图：机关、它们牵头或参与的行动，以及行动取得的数据（在 Neo4j Browser 中以图显示）
// The campaign network as a picture: agencies, the campaigns they lead or join, and the
// figures those campaigns yield (shown as a graph in Neo4j Browser).
MATCH p = (a:Agency)-[:LEADS|PARTICIPATES_IN]->(c:Campaign)
OPTIONAL MATCH q = (c)-[:YIELDS]->(f:Figure)
RETURN p, q;
