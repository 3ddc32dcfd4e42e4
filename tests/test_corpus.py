"""The corpus of real press texts (tests/corpus): its splits build, score, and give
no entity whose name starts with the words that stood before it in the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.evaluate import evaluate, load_gold, split_graph

ROOT = Path(__file__).resolve().parent.parent
SPLITS = ["dev", "test"]
# Function words and verb fragments that a name found by its right edge must not keep
# (图为镇平县公安局, 协助…, 由…, 了…, 绍 of 介绍, 者从 of 记者从).
BAD_STARTS = ("了", "由", "对", "图为", "协助", "绍", "者", "从", "在", "向", "据", "和", "与", "及", "被", "将", "把", "的", "是", "为", "于", "经", "配合", "会同", "联合", "根据", "按照")
# Names that begin so and are names all the same: 联合国 (联合国打击网络犯罪公约), and the places of
# the gazetteer that do (和田地区, 于都县, 向阳区).
PROPER_STARTS = ("联合国",)


def _junk_names(graph) -> list[str]:
    from kg import lexicon

    places = tuple(form for form in lexicon.locations()[0].forms if form.startswith(BAD_STARTS))
    # 向某, 对某某: one character before 某 is a surname (向, 对 and 于 are surnames too), no word; so
    # is the first of a name written after the post it holds (新闻发言人于会堂): its left edge is the post's.
    posted = {r["source"] for r in graph["relations"] if r["type"] == "HOLDS_POSITION"}
    return [e["name"] for e in graph["entities"] if e["type"] != "Figure" and e["name"].startswith(BAD_STARTS)
            and not e["name"].startswith(PROPER_STARTS + places)
            and not (e["type"] == "Person" and (e["name"][1:2] == "某" or e["id"] in posted))]


@pytest.fixture(scope="module", params=SPLITS)
def split(request):
    folder = ROOT / "tests" / "corpus" / request.param
    golds = load_gold(folder / "gold")
    return request.param, golds, split_graph(folder, golds)


def test_every_document_of_a_split_has_its_gold(split):
    name, golds, graph = split
    docs = sorted(p.name for p in (ROOT / "tests" / "corpus" / name).glob("*.txt"))
    assert sorted(Path(g["doc"]).name for g in golds) == docs
    assert len(graph["documents"]) == len(docs)


def test_no_entity_name_starts_with_a_word_before_it(split):
    _name, _golds, graph = split
    assert _junk_names(graph) == []


def test_no_name_or_alias_runs_over_a_line(split):
    # A figure's label (its measure and the noun after it) and every name stay within their line:
    # the next line is a heading's or the page's (破案1.8万余起 / 当日…).
    _name, _golds, graph = split
    assert [e["name"] for e in graph["entities"] if "\n" in e["name"] or any("\n" in a for a in e.get("aliases", []))] == []
    # Nor does a figure's label run over a headline's space into the clause before or after.
    assert [e["name"] for e in graph["entities"] if e["type"] == "Figure" and re.search("[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]", e["name"])] == []


def test_seeds_give_no_entity_starting_with_a_word_before_it(seeds_kg_json):
    import json

    graph = json.loads(seeds_kg_json.read_text("utf-8"))
    assert _junk_names(graph) == []


def test_the_dev_split_scores_no_worse_than_measured():
    folder = ROOT / "tests" / "corpus" / "dev"
    golds = load_gold(folder / "gold")
    scores = evaluate(split_graph(folder, golds), golds)["scores"]
    # Floors at the scores measured when these rules were written: a change that
    # loses ground on real text fails here. (Lower than before slices j and k joined the
    # split: 88 documents measured 0.900 / 0.962 / 0.831 / 0.813. Slices l and m joined at
    # 0.884 / 0.958 / 0.776 / 0.749 for the 104; the rules on YIELDS, REPORTS, figures and
    # entities that followed took them to 0.905 / 0.968 / 0.849 / 0.795; slices n and o
    # joined at 0.885 / 0.951 / 0.805 / 0.746 for the 120, and the rules on figures, cases
    # and bodies after them took the 120 to 0.900 / 0.958 / 0.835 / 0.781; the rules on
    # regions, units, persons and case names after those to 0.911 / 0.958 / 0.837 / 0.784,
    # and a third round on attribution and handling to 0.913 / 0.958 / 0.845 / 0.794; the
    # rules on plain changes and counts of what there was took relations and core to 0.852 / 0.805,
    # a fourth round on names to 0.926 / 0.961 / 0.857 / 0.813, and the described cases to
    # 0.930 / 0.961 / 0.871 / 0.840; slices p and q joined at 0.913 / 0.962 / 0.846 / 0.809
    # for the 136; a quoted statement after its body (X“…”), a list of charges closed by
    # 等…案 before its counts and a drive a body joins counting only its own clause took
    # relations and core to 0.852 / 0.812, and the names round after it entities to 0.920;
    # 全省反诈中心 read as the province's centre named in full took them to 0.858 / 0.824;
    # municipalities' own 市 bodies, branch prefixes kept out of the entities and regions
    # inside a drive's name (涉缅北) took entities to 0.922; slices r and s joined at
    # 0.909 / 0.962 / 0.836 / 0.796 for the 152, and places as actors, 被, deployment frames
    # and joint action took relations and core to 0.843 / 0.808, and the case rules (charges
    # of a one-case text, numbered 专案 and 专班, group cases, who handles) to
    # 0.911 / 0.962 / 0.850 / 0.812; cases a body takes up or decides on, and units, posts and
    # county governments, to 0.924 / 0.962 / 0.873 / 0.851; slice w joined at
    # 0.919 / 0.962 / 0.858 / 0.835 for the 160; who reports a lead's figures, shares and
    # the amounts of tried cases took relations and core to 0.880 / 0.851; slice x joined at
    # 0.915 / 0.960 / 0.870 / 0.839 for the 168; amounts without 元, shares in tenths, bodies
    # of a place such as its 武警支队, agreements as Laws, and counts of a charge in more
    # forms took them to 0.921 / 0.964 / 0.879 / 0.842; slice y joined at
    # 0.917 / 0.964 / 0.868 / 0.832 for the 176; places acting after the reporter's source,
    # drives naming an event and the main body's work across paragraphs took relations
    # and core to 0.872 / 0.840; work reports, replies, posts of rank and notices as titles to
    # 0.920 / 0.964 / 0.883 / 0.849; sentences passed for a charge, groups of defendants
    # sharing one description and quoted numbered cases to 0.923 / 0.964 / 0.887 / 0.857;
    # home places, short forms defined in brackets and subjects stopping at ； to
    # 0.925 / 0.964 / 0.888 / 0.859; slice z joined at 0.920 / 0.963 / 0.875 / 0.852 for the
    # 184; five rounds at once (cases and who handles them, YIELDS and LEADS attribution,
    # entities, REPORTS, and PART_OF / HOLDS_POSITION / COOPERATES_WITH / ISSUED_BY) and the
    # prefix parents' written names took them to 0.952 / 0.963 / 0.912 / 0.876; numbered cases
    # without a separator (“211”案件), clans listed before one 犯罪集团案, 督办 inside a case's
    # description or with its object elided, and a bare collective running a national drive
    # to 0.953 / 0.963 / 0.916 / 0.880; slice za joined at 0.946 / 0.962 / 0.895 / 0.854,
    # 0.947 / 0.962 / 0.899 / 0.858 for the 192 with those rules; places before their police
    # staff or inside a paper's or airport's name, provinces listed before 等 and a collective,
    # 公司 as no unit, (化名) victims, units after 来/责成 and the corps' own bodies to
    # 0.953 / 0.962 / 0.901 / 0.860; releases with a word of manner, conferences with a quoted
    # topic, officials briefing at a conference in the lead, working groups, places going on
    # in the next paragraph and deployments carried out (贯彻落实) to 0.953 / 0.962 / 0.908 / 0.866;
    # cases solved with a demonstrative (这一…案), quoted cases after X侦办的, counted titles'
    # charge (X等N人诈骗案), the frame 在办理X案时 and counties written short before a body word
    # to 0.955 / 0.962 / 0.911 / 0.871; slice zb joined at 0.949 / 0.959 / 0.896 / 0.852 for
    # the 200; judgments' co-defendants as one case, prosecutors' posts, suspects of separate
    # cases and a demonstrative case's joint supervisors took them to 0.952 / 0.959 / 0.901 / 0.859;
    # sources 据X统计 and 从X以及Y获悉, courts' sentencing shares and a province's totals in a
    # one-case bulletin to 0.952 / 0.959 / 0.904 / 0.862; slice zc joined at
    # 0.950 / 0.958 / 0.897 / 0.856 for the 206; a place founding a firm (在老挝成立公司),
    # thresholds (10万元以上的…案件), notes between a figure and its change, bare magnitudes
    # (上百人), 警力 without a counter and counts of one (捣毁一处窝点) to
    # 0.950 / 0.964 / 0.901 / 0.859; police accounts in a byline (来源：安康刑侦) and a post's
    # dated header line (2016-11-04 最高人民检察院) as the source to 0.951 / 0.964 / 0.904 / 0.859;
    # slices zd (courts and procuratorates) and ze (local police) joined at
    # 0.942 / 0.963 / 0.889 / 0.839 for the 218; defendants listed before 等N名被告 or after a
    # verb of pursuit, stations named again alone and a host giving the floor (gold of w07, ze05,
    # ze06 corrected to the seeds' reading, decisions/h.md) to 0.945 / 0.963 / 0.891 / 0.839;
    # cases known by a person's name in quotes (“徐玉玉案”) to 0.945 / 0.963 / 0.891 / 0.840, a
    # 某-name heading a gang (以黄某明为首) to 0.946.) Slices zf (courts and procuratorates) and
    # zg (police and press conferences) joined at 0.942 / 0.964 / 0.884 / 0.834 for the 230;
    # described cases matched by the body as written (tests/gold/README.md), cases told from a
    # report taken (接到X报警称) or a headline's bare 一 (打掉一特大…团伙), 涉案 inside a
    # description, numbered intermediate courts (北京三中院) to 0.944 / 0.964 / 0.886 / 0.837;
    # a press office holding its conference 当日 to 0.944 / 0.964 / 0.888 / 0.837. Slice zh
    # (provinces' figures, a district's case, a county's stopped payments) joined at
    # 0.942 / 0.964 / 0.879 / 0.823 for the 236; a code-named 专案组 as no case and verbs passing
    # a matter up (上报市公安局) cut from a place's name to 0.942 / 0.964 / 0.881 / 0.829; the
    # lower end of a range (100-150元, 5至10万元) to 0.942 / 0.965 / 0.882 / 0.830. The gold of
    # a08, f05, zc02, zh03 and zh05 corrected to the README's place-as-subject rule (全市共破获…
    # has no producer) to 0.942 / 0.965 / 0.885 / 0.835; 全市 right after the city's collective
    # named by its place (绍兴公安机关…。2024年，全市共…) as that collective to 0.885 / 0.836; a
    # headline's one den (捣毁一诈骗窝点) as its case, the body after 联合 no subject, to 0.886 / 0.838.
    # Slice zi (county police and procuratorates' single cases) joined at 0.942 / 0.964 / 0.881 /
    # 0.830 for the 242; a described case's body matched up to the places written before it
    # (上海市虹口区人民检察院 / 虹口区检察院; tests/gold/README.md) to 0.943 / 0.964 / 0.884 / 0.837;
    # the case a body was handling when it acted (在办理一起…案件时) to 0.885 / 0.838. Slice zj
    # (procuratorates' and police's single cases) joined at 0.941 / 0.963 / 0.881 / 0.834 for the 248.
    # Slice zk (county courts' and procuratorates' 帮信 cases, stations' prevention work) joined at
    # 0.939 / 0.963 / 0.879 / 0.832 for the 254; officers said to serve in a body (X是Y的一名民警),
    # after their role before 的 or glued to a name the text repeats, courts' units glued to the
    # court, digits apart from their magnitude and digit runs as no number to 0.939 / 0.963 / 0.880 / 0.832.
    # Slice zl (provincial press conferences, a ministry's, a county procuratorate's and a district
    # court's pages) joined at 0.938 / 0.960 / 0.871 / 0.830 for the 260; a rank in brackets after
    # a title (一级巡视员(正局长级)X) and the clipped 指 after a name to 0.938 / 0.960 / 0.873 / 0.830.
    # Slice zn (national releases of typical cases, a district procuratorate's and a court's 帮信
    # cases, a congress's report) joined at 0.935 / 0.959 / 0.865 / 0.823 for the 266; a judgment
    # of the defendants a case title names first as that case, defendants sentenced in a list, a
    # series of yearly counts of one charge and a lone county court's bare 法院 to 0.936 / 0.959 /
    # 0.869 / 0.830; abbreviations of several national bodies (两高一部) and a title releasing typical
    # cases as the text's source to 0.937 / 0.959 / 0.870 / 0.829; an official's account at the
    # lead's conference and a list opened after a speaker's paragraph to 0.937 / 0.959 / 0.874 / 0.829.
    # Slice zo (the national courts' years, 浙江's three systems, 郑州's year, three county and
    # district bulletins) joined at 0.935 / 0.958 / 0.872 / 0.826 for the 272; charges named by the
    # cases counted (帮助信息网络犯罪活动案件N件M人) to 0.935 / 0.958 / 0.873 / 0.826; a case taken up
    # after the fraud (案发后，X组成专案组) with its results, and a list of drives, to 0.936 / 0.958 / 0.877 / 0.835;
    # decimal values, gang-size bounds, congress standing committees, reports heard and conference
    # series to 0.936 / 0.959 / 0.881 / 0.835. Slice zp joined at 0.934 / 0.959 / 0.875 / 0.831 for
    # the 278; the audit h2 held the dev gold to the written YIELDS rule (a paragraph naming no body
    # gives its figures no producer; 64 YIELDS removed, 3 re-pointed, y02's kept as a body's own
    # report), which the extractor now follows too: 0.934 / 0.959 / 0.873 / 0.826 (test 0.694 -> 0.710,
    # core 0.632 -> 0.664). Decision h3 (a page's site names no source: 24 REPORTS of three court
    # and procuratorate pages removed), sources learnt from a body's official account and bodies
    # releasing together (X联合Y召开, X、Y发布): relations 0.878. Slice zq (the industry ministry's
    # 断卡, 江西's supervised case, cross-province and cross-border cases, a county's 帮信 trial, a
    # GOIP den) joined at 0.768 / 0.800 / 0.296 / 0.119 alone: 0.931 / 0.956 / 0.871 / 0.814 for the 284.
    # Rules on its misses and on sentences written to probe the language (bulletins passed on, 从X通报看,
    # 部督 with a kind of crime, defendants who received calls, units of a bureau) to 0.932 / 0.956 /
    # 0.873 / 0.818. Slice zr (three press conferences with speakers, a den, a judgment, a calling den)
    # joined at 0.863 / 0.976 / 0.642 / 0.500 alone: 0.930 / 0.957 / 0.867 / 0.812 for the 290; rules to
    # 0.931 / 0.957 / 0.873 / 0.816. Slices zs and zt (national, provincial and county police, courts
    # and procuratorates) joined at 0.876 / 0.936 / 0.725 / 0.808 together: 0.929 / 0.956 / 0.870 /
    # 0.815 for the 302 (with two rules on their sources); rules to 0.930 / 0.956 / 0.872 / 0.819. Slices
    # zu and zv (a supreme procuratorate interview, two provinces' and a city's police, county police
    # bulletins, a city court's white paper, a district's 帮信 prosecution) joined at 0.814 / 0.922 /
    # 0.562 / 0.516 together: 0.927 / 0.955 / 0.861 / 0.809 for the 314; rules (a court's co-defendants,
    # districts merged since 2010, an autonomous region's bodies by level, thresholds) to 0.928 / 0.956 /
    # 0.865 / 0.813. Slices zw and zx (a work report, two provinces' drives, a city's press conference,
    # county police, procuratorates and courts) joined at 0.877 / 0.933 / 0.807 / 0.780 together:
    # 0.927 / 0.955 / 0.863 / 0.811 for the 326. Slices zy, ya and zz (county and district police,
    # procuratorates and courts, a supreme-court data report, two provinces) joined at 0.806 / 0.909 /
    # 0.459 / 0.305 together: 0.922 / 0.954 / 0.848 / 0.789 for the 343; rules (cases named by their
    # defendants after 办理, a bulletin's handler as the article writes it) to 0.923 / 0.954 / 0.851 / 0.796,
    # and on (fractions, a bulletin's few dens, its gang's hideout, counts of cases in all) to 0.925 / 0.956 /
    # 0.861 / 0.815. Slices yb and yc (district and county police, courts and procuratorates, the supreme
    # procuratorate, 宁夏, 天津, 哈尔滨) joined at 0.847 / 0.868 / 0.591 / 0.518 together: 0.922 / 0.954 /
    # 0.856 / 0.808 for the 355; rules (dens and raids locate cases, page furniture, 某-names before a
    # word, own bulletins, compared values) to 0.923 / 0.955 / 0.857 / 0.809. Slices yd, ye and yf (county
    # and district police, press conferences, a monthly bulletin, the supreme court's and procuratorate's
    # releases, 7 Traditional) joined at 0.814 / 0.884 / 0.623 / 0.596 (yd and ye) and 0.791 / 0.943 /
    # 0.600 / 0.531 (yf, after the first rules they showed): 0.918 / 0.952 / 0.849 / 0.800 for the 373.
    # Rules (bulletins on one case of a bare kind, a title's and lead's case as one, arrests in a headline)
    # to 0.919 / 0.952 / 0.855 / 0.811; slices yg and yh (city and county police cases, press conferences,
    # cases in 老挝, a banner court, 5 Traditional) joined at 0.807 / 0.917 / 0.578 / 0.500 and 0.822 /
    # 0.989 / 0.719 / 0.533: 0.916 / 0.952 / 0.849 / 0.802 for the 385, then 0.917 with their first rules;
    # rules (listed numbered cases, supervisors, suspects caught, double glosses) to 0.918 / 0.952 / 0.851 /
    # 0.806. Slices yi and yj (the supreme procuratorate, courts and procuratorates of 新疆, 广州 and 长汀,
    # police of 云南, 徐州, 龙泉, 沙县 and 中卫, 5 Traditional) joined at 0.717 / 0.952 / 0.417 / 0.290 and
    # 0.779 / 1.000 / 0.607 / 0.679: 0.912 / 0.953 / 0.844 / 0.798 for the 397; their first rules (a
    # conference named by its body, quoted case names, 全区各级, personas, sub-centres) to 0.915 / 0.953 /
    # 0.848 / 0.803. Slices yk, yl and ym (courts and procuratorates, county police, press conferences, 8
    # Traditional) joined at 0.786 / 0.901 / 0.350 / 0.254, 0.764 / 0.937 / 0.477 / 0.286 and 0.460 / 0.969 /
    # 0.680 / 0.688, after their first rules (prosecuted cases, 天津's branches, Taiwan's place names, hard
    # wraps, variant characters, selective charges, ranks as titles): 0.908 / 0.953 / 0.837 / 0.790 for the 415.
    # Slices yn, yo and yp (Traditional reposts, year-end reviews, court and procuratorate cases, 12
    # Traditional) joined at 0.826 / 0.920 / 0.362 / 0.182, 0.829 / 0.930 / 0.657 / 0.525 and 0.761 / 0.900 /
    # 0.593 / 0.652, after their first rules (money without 元, listed numbered cases, bracketed short forms,
    # districts' police by short names, words of time): 0.904 / 0.953 / 0.831 / 0.783 for the 433.
    # Slices yq, yr and ys (county and city police, courts and procuratorates, city releases, 8 Traditional)
    # joined at 0.675 / 0.951 / 0.376 / 0.173, 0.905 / 0.961 / 0.793 / 0.844 and 0.750 / 0.868 / 0.429 /
    # 0.250: 0.901 / 0.953 / 0.821 / 0.769 for the 451; their first rules (Corps cities, numbered sections of
    # released cases, bare conferences, chains of posts) to 0.903 / 0.953 / 0.825 / 0.774. Slice yt (bodies
    # beside the police, 2 Traditional) joined at 0.686 / 0.829 / 0.496 / 0.605: 0.901 / 0.952 / 0.822 / 0.773 for the 457;
    # rules (coordination mechanisms, spokesmen between posts, supervised examples) to 0.902 / 0.952 / 0.825 / 0.773.
    # Slices yu and yv (officials who speak, county cases told from the report on, 5 Traditional) joined at
    # 0.808 / 0.872 / 0.657 / 0.733 and 0.698 / 0.878 / 0.351 / 0.136: 0.900 / 0.951 / 0.822 / 0.769 for the 469.
    # Slices yw and yx (procuratorates' and courts' figures, operations across borders, 4 Traditional) joined at
    # 0.816 / 0.940 / 0.667 / 0.471 and 0.784 / 0.958 / 0.452 / 0.281: 0.898 / 0.951 / 0.817 / 0.763 for the 481.
    assert scores["entities"]["f1"] >= 0.898
    assert scores["figures"]["f1"] >= 0.950
    assert scores["relations"]["f1"] >= 0.817
    assert scores["core"]["f1"] >= 0.763
