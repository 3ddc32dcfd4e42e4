"""kg.read and kg.clean: encodings, front matter, formats, page furniture, bad files."""

from pathlib import Path

import pytest

from kg.build import prepare
from kg.clean import clean, detect_format
from kg.read import Loaded, Skipped, discover, parse_date, read_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = "公安部会同国家移民管理局组织开展“断流”专案行动，打掉非法出境团伙1.2万个。"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_chinese_encodings_are_detected(tmp_path, encoding):
    path = _write(tmp_path, "a.txt", ARTICLE.encode(encoding))
    loaded = read_file(path, "a.txt")
    assert isinstance(loaded, Loaded)
    assert loaded.body == ARTICLE


def test_big5_traditional_text_is_read(tmp_path):
    text = "最高人民檢察院表示，全國檢察機關共起訴電信網絡詐騙犯罪近4萬人。"
    loaded = read_file(_write(tmp_path, "t.txt", text.encode("big5")), "t.txt")
    assert isinstance(loaded, Loaded) and loaded.body == text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("noise.txt", bytes([0x81, 0x20, 0xFE, 0xFF, 0x80, 0x7F] * 50), "undecodable"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    result = read_file(_write(tmp_path, name, data), name)
    assert isinstance(result, Skipped)
    assert reason in result.reason


def test_a_file_over_the_size_limit_is_skipped_without_being_read(tmp_path):
    path = _write(tmp_path, "big.html", b"<p>" + "很长".encode() * 600_000 + b"</p>")
    result = read_file(path, "big.html", max_bytes=1024 * 1024)
    assert isinstance(result, Skipped)
    assert "too large" in result.reason and "3.4 MB; the limit is 1 MB" in result.reason


def test_front_matter_gives_metadata_and_broken_front_matter_a_warning(tmp_path):
    good = read_file(_write(tmp_path, "g.md", f"---\ntitle: 标题\ndate: 2022-05-03\nurl: http://x\n---\n{ARTICLE}".encode()), "g.md")
    assert good.meta["title"] == "标题" and good.body.strip() == ARTICLE
    broken = read_file(_write(tmp_path, "b.md", f"---\ntitle: [unclosed\ndate: :\n---\n{ARTICLE}".encode()), "b.md")
    assert isinstance(broken, Loaded)
    assert broken.meta == {} and broken.body.strip() == ARTICLE
    assert broken.warnings and "broken front matter" in broken.warnings[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Thu, 14 Apr 2022 05:09:05 GMT", "2022-04-14"), ("2022-05-03", "2022-05-03"), ("2021年6月22日", "2021-06-22"), ("soon", None), (None, None)],
)
def test_dates_in_front_matter(value, expected):
    assert parse_date(value) == expected


def test_missing_paths_and_empty_folders_are_reported_not_fatal(tmp_path):
    (tmp_path / "empty").mkdir()
    files, skipped = discover([tmp_path / "nope", tmp_path / "empty", SEEDS])
    assert len(files) == 5
    assert [s.reason.split(":")[0] for s in skipped] == ["no such file or folder", "empty folder"]


def test_formats_are_told_apart():
    assert detect_format("<div><p>一</p><p>二</p></div>") == "html"
    assert detect_format("**加粗**\n![](a.png)\n正文") == "markdown"
    assert detect_format("只是一段文字。") == "text"


def test_html_paragraphs_become_lines_and_scripts_disappear():
    text, fmt = clean("<div><p>第一段。</p><script>alert(1)</script><p>第二段。</p><p class='article-editor'>责任编辑：王某</p></div>")
    assert fmt == "html"
    assert text == "第一段。\n第二段。"


def _cleaned(name: str) -> str:
    document, doc = prepare(read_file(SEEDS / name, name))
    return doc.text


def test_the_law_firm_page_yields_the_report_and_nothing_of_the_firm():
    text = _cleaned("003_2ba479ab91738b25.txt")
    assert text.startswith("最高检发布《检察机关打击治理电信网络诈骗及其关联犯罪工作情况(2023年)》下")
    assert text.rstrip().endswith("守好资金安全的最后一道防线。")
    for junk in ("律师事务所", "15979191102", "精选文章", "免责声明", "扫码关注", "验证码", "联系地址", "检察日报社"):
        assert junk not in text


def test_the_wechat_repost_drops_the_reposter_header_and_image_links():
    text = _cleaned("001_9a3b0011ce85fa2f.txt")
    for junk in ("吉林市昌邑公安分局反诈骗中心", "微信号", "功能介绍", "mp.weixin.qq.com", "postimg", "**", "昌邑反诈中心"):
        assert junk not in text
    assert "近年来，电信网络诈骗及其关联犯罪呈多发态势" in text


def test_sina_pages_drop_editor_qr_blurb_and_original_title_line():
    text = _cleaned("000_136d3b4723e30c01.txt")
    assert "责任编辑" not in text and "新浪财经APP" not in text and "appendQr" not in text
    assert "原标题" not in _cleaned("004_9ed6960d2a6aa374.txt")
    assert "制图" not in _cleaned("002_587dd7b4065cfb4b.txt")


def test_a_document_without_chinese_is_skipped(tmp_path):
    loaded = read_file(_write(tmp_path, "en.txt", b"Only English text here, about nothing in particular."), "en.txt")
    assert isinstance(prepare(loaded), Skipped)


def test_a_few_bad_bytes_in_utf8_lose_only_themselves(tmp_path):
    text = (SEEDS / "001_9a3b0011ce85fa2f.txt").read_text("utf-8")
    path = tmp_path / "damaged.txt"
    path.write_bytes(text[:1500].encode() + b"\xff" + text[1500:3000].encode() + b"\xfe" + text[3000:].encode())
    loaded = read_file(path, "damaged.txt")
    assert isinstance(loaded, Loaded) and loaded.encoding == "utf-8"
    assert loaded.warnings == ["2 byte(s) not valid UTF-8, read as \ufffd"]
    assert loaded.body.count("\ufffd") == 2 and "最高人民检察院" in loaded.body


def test_gbk_text_is_not_taken_for_damaged_utf8(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes((SEEDS / "001_9a3b0011ce85fa2f.txt").read_text("utf-8").encode("gb18030"))
    loaded = read_file(path, "gbk.txt")
    assert isinstance(loaded, Loaded) and loaded.encoding == "gb18030" and "\ufffd" not in loaded.body


@pytest.mark.parametrize("depth", [600, 3000, 50000])
def test_html_nested_deeper_than_libxml2s_limits_keeps_its_text(depth):
    from kg.clean import clean

    deep = ("<html><head><script>var x = '公安部打掉犯罪团伙';</script></head><body>" + "<div>" * depth
            + "<p>公安部深入推进“断卡”行动，打掉犯罪团伙300个。</p><style>p {}</style>" + "</div>" * 10 + "</body></html>")
    assert clean(deep)[0] == "公安部深入推进“断卡”行动，打掉犯罪团伙300个。"


def test_control_characters_in_html_are_dropped_not_fatal():
    html = "<p>公安部\x1f破获电信网络诈骗案件120起。</p><p>\x0b县公安局打掉犯罪团伙3个，抓获犯罪嫌疑人12名。</p>"
    assert clean(html) == ("公安部破获电信网络诈骗案件120起。\n县公安局打掉犯罪团伙3个，抓获犯罪嫌疑人12名。", "html")


def test_stray_bytes_inside_characters_of_a_short_text_lose_only_those_characters(tmp_path):
    text = "公安部深入推进“断卡”行动，打掉犯罪团伙300个，抓获犯罪嫌疑人1200名。" * 8
    raw = bytearray(text.encode())
    for pos in (40, 200, 400):  # inside a three-byte character each time
        raw.insert(pos + 1, 0xFF)
    loaded = read_file(_write(tmp_path, "three.txt", bytes(raw)), "three.txt")
    assert isinstance(loaded, Loaded) and loaded.encoding == "utf-8"
    assert 3 <= loaded.body.count("\ufffd") <= 12
    assert loaded.body.count("打掉犯罪团伙") >= 5


def test_file_names_that_are_not_utf8_are_read_as_gb18030_or_escaped(tmp_path):
    import os

    from kg.read import discover

    text = "公安部深入推进“断卡”行动，打掉犯罪团伙300个。".encode()
    (tmp_path / os.fsdecode("通报.txt".encode("gbk"))).write_bytes(text)
    (tmp_path / os.fsdecode(b"a\xff\xfe.txt")).write_bytes(text)
    (tmp_path / "普通.txt").write_bytes(text)
    files, _ = discover([tmp_path])
    assert sorted(rel for _, rel in files) == ["a\\xff\\xfe.txt", "普通.txt", "通报.txt"]
    assert all(read_file(path, rel).rel == rel for path, rel in files)


def test_sizes_are_said_in_units_a_person_reads():
    from kg.read import human_size

    assert [human_size(n) for n in (0, 1000, 1048, 1536, 20 << 20, 50 * (1 << 20) + 1, 3 << 30)] == [
        "0 bytes", "1000 bytes", "1.0 KB", "1.5 KB", "20 MB", "50.0 MB", "3 GB"]


def test_a_list_of_figures_that_ends_a_bulletin_is_kept_and_its_sign_off_dropped():
    from kg.clean import clean

    body = ("全市公安机关通报了去年的反诈成果。\n电信类诈骗前三名\n1.冒充客服诈骗\n（412起，案值1085.6万元）\n"
            "2.刷单返利诈骗\n（97起，案值356.2萬元）\n编辑：王小明\n县融媒体中心")
    text, _ = clean(body, "text")
    assert text.endswith("2.刷单返利诈骗\n（97起，案值356.2萬元）")
    assert "（412起，案值1085.6万元）" in text


def test_a_comma_inserted_before_another_mark_is_dropped_and_thousands_separators_kept():
    text = "被告人戴春波,、王瑞訊,、周娟受雇傭,,并以詐騙罪判處刑罰,。涉案金额1,234,567元,其中3名。"
    assert clean(text)[0] == "被告人戴春波、王瑞訊、周娟受雇傭,并以詐騙罪判處刑罰。涉案金额1,234,567元,其中3名。"


def test_lines_wrapped_at_a_fixed_width_are_joined_and_paragraph_lines_are_not():
    wrapped = ("大陆公安部刑侦局副巡视员王某表示,海淀检察院17日已批准逮捕案件的76名嫌犯(其\n"
               "中45人来自台湾)。这些嫌犯押解回大陆后,被关押在北京的看守所,警方于9日提请检\n"
               "方批准逮捕。根据刑事诉讼法,批准逮捕后,检警将继续侦办此案,最快6月中、最慢6\n"
               "月底,检方将起诉这批嫌犯。")
    assert clean(wrapped, "text")[0] == wrapped.replace("\n", "")
    # One paragraph a line: long headings and a dateline that end without a mark stay lines of their own.
    paragraphs = ("全省公安机关深入推进打击治理电信网络诈骗犯罪专项行动取得显著成效\n"
                  "本报讯 记者王某 通讯员李某 全省公安机关持续深入开展打击治理电信网络诈骗犯罪工作\n"
                  "今年以来，全省共破获电信网络诈骗案件1.2万余起，抓获犯罪嫌疑人8600余名。\n"
                  "全省各级公安机关将继续保持对电信网络诈骗犯罪的高压严打态势，切实维护人民群众财产安全")
    assert clean(paragraphs, "text")[0] == paragraphs


def test_the_space_a_page_puts_after_a_pinyin_gloss_goes_with_it():
    # 5万(wan) 余(yu) 名: the gloss and the space after it, before the next character, are junk;
    # a space with no gloss before it (a headline's) stays.
    text = clean("累计5万(wan) 余(yu) 名中国籍犯罪嫌疑人被移交我方。网(wǎng)络(luò)诈骗 案件", "text")[0]
    assert text == "累计5万余名中国籍犯罪嫌疑人被移交我方。网络诈骗 案件"
