"""kg.text: normalisation keeps offsets; sentences split where a reader would."""

from kg.text import fold_width, normalize, split_paragraphs, split_sentences


def test_normalize_keeps_length_and_folds_traditional_and_full_width():
    text = "最高人民檢察院：全國檢察機關起訴ＡＩ案件（二）１２３"
    norm = normalize(text)
    assert len(norm) == len(text)
    assert norm == "最高人民检察院:全国检察机关起诉AI案件(二)123"


def test_fold_width_turns_ideographic_space_into_space():
    assert fold_width("a\u3000b") == "a b"


def test_fold_width_turns_small_form_variants_into_their_characters_one_for_one():
    # ﹣ (U+FE63) in a drive's round, ﹐ ﹑ ﹔ as small commas and semicolons: the same length after.
    text = "云剑\ufe632022\ufe50断卡\ufe51净网\ufe54"
    assert fold_width(text) == "云剑-2022,断卡、净网;"
    assert len(fold_width(text)) == len(text)


def test_sentences_end_after_closing_quotes_and_offsets_point_into_the_text():
    text = "“公安部会同国家移民管理局开展行动。”杜航伟说。\n第二段没有句号"
    spans = split_sentences(text)
    assert [text[s.start:s.end] for s in spans] == ["“公安部会同国家移民管理局开展行动。”", "杜航伟说。", "第二段没有句号"]


def test_paragraphs_are_lines_without_surrounding_space():
    text = "  第一段。 \n\n第二段。"
    assert [text[p.start:p.end] for p in split_paragraphs(text)] == ["第一段。", "第二段。"]


def test_table_output_clips_wide_cells_and_machine_formats_keep_them_whole():
    import json

    from kg.neo4j.query import format_rows

    long = "公安部" * 200
    table = format_rows(["name", "n"], [[long, 3], [["a", "b"], None]], "table")
    assert max(len(line) for line in table.splitlines()) < 80
    assert "…" in table and "(2 rows)" in table
    assert json.loads(format_rows(["name", "n"], [[long, 3]], "json"))[0]["name"] == long
    assert long in format_rows(["name", "n"], [[long, 3]], "csv")


def test_display_width_agrees_with_the_unicode_east_asian_width_table() -> None:
    import random
    import unicodedata

    from kg.text import display_width

    rng = random.Random(5)
    samples = ["", "abc", "公安部", "ＡＢＣ", "한국", "カタカナ", "𠀀𬣩", "😀x", "\u0301e", "断卡2.0行动", "警務處"]
    samples += ["".join(chr(rng.randrange(0x20, 0x40000)) for _ in range(rng.randrange(1, 9))) for _ in range(3000)]
    for text in samples:
        assert display_width(text) == sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text), repr(text)


def test_gazetteer_names_that_the_converter_would_change_stay_as_written():
    from kg.text import normalize

    # 乾 is also the Traditional form of 干 (乾燥 → 干燥), but 乾县 and 乾安县 are Simplified
    # names of the gazetteer: written in either script they normalize to them.
    assert normalize("陕西省乾县公安局") == "陕西省乾县公安局"
    assert normalize("乾縣警方") == "乾县警方"
    assert normalize("吉林省乾安縣") == "吉林省乾安县"
    assert normalize("乾燥") == "干燥"
