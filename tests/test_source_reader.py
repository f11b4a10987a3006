from decimal import Decimal

from record_samples import ENVELOPE


def test_gbk_file_is_named_with_a_fix(mini):
    mini.write("gbk.yaml", ENVELOPE, encoding="gbk")
    (problem,) = mini.problems()
    assert problem.file == "data/gbk.yaml"
    assert problem.line == 1
    assert "不是 UTF-8 编码" in problem.message and "GBK" in problem.message
    assert "另存为" in problem.expected and "UTF-8" in problem.expected


def test_utf8_with_bom_from_notepad_is_accepted(mini):
    path = mini.write("bom.yaml", ENVELOPE)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert mini.problems() == []


def test_utf16_is_recognised(mini):
    mini.write("u16.yaml", ENVELOPE, encoding="utf-16")
    (problem,) = mini.problems()
    assert "UTF-16" in problem.message


def test_fullwidth_colon_after_key_names_line_column_and_field(mini):
    mini.write("colon.yaml", ENVELOPE.replace("标题: 关于", "标题：关于"))
    (problem,) = mini.problems()
    assert (problem.line, problem.column, problem.field) == (3, 3, "标题")
    assert "全角冒号" in problem.message
    assert "标题: " in problem.expected


def test_fullwidth_colon_inside_a_text_value_is_fine(mini):
    mini.write(
        "ok.yaml",
        ENVELOPE.replace("正文: 体检于3月中旬进行。", "正文: |\n  地点：职工医院\n  时间：3月中旬"),
    )
    assert mini.problems() == []


def test_tab_indentation_is_reported(mini):
    mini.write("tab.yaml", ENVELOPE + "公示期:\n\t开始: 2024-03-05\n\t结束: 2024-03-11\n")
    problems = mini.problems()
    assert problems and all("制表符" in p.message for p in problems)
    assert problems[0].line == 9


def test_yaml_syntax_error_has_line_and_chinese_explanation(mini):
    mini.write(
        "syntax.yaml",
        ENVELOPE.replace("标题: 关于职工体检安排的通知", '标题: "关于职工体检安排的通知'),
    )
    (problem,) = mini.problems()
    assert problem.line is not None
    assert "引号" in problem.message or "YAML" in problem.message


def test_duplicate_key_is_reported(mini):
    mini.write("dup.yaml", ENVELOPE + "标题: 又一个标题\n")
    (problem,) = mini.problems()
    assert problem.line == 8 and problem.field == "标题" and "重复" in problem.message


def test_scalars_follow_yaml_12_rules():
    from cwgk.source_reader import parse_yaml

    doc = parse_yaml("a: 0012\nb: 1234.50\nc: yes\nd: 2024-03-05\ne: 17:30\nf: 12\n", "x.yaml")
    assert doc.data == {
        "a": "0012",
        "b": Decimal("1234.50"),
        "c": "yes",
        "d": "2024-03-05",
        "e": "17:30",
        "f": 12,
    }
    assert doc.positions[("b",)] == (2, 4)


def test_without_comments_drops_comment_lines_and_trailing_comments_only():
    from cwgk.source_reader import without_comments

    text = (
        "# yaml-language-server: $schema=../../schema/notice.schema.json\n"
        "# 编辑备注：3月5日核对\n"
        "类型: 通知公告  # 类型不要改\n"
        '标题: "第#1号通知 # 不是注释" # 注释\n'
        "文号: 工字#12号\n"
        "内容概述: '它''s # 引号里的井号\n"
        "  第二行 # 仍在引号里' # 引号后的注释\n"
        "正文: |  # 块标量的头部注释\n"
        "  # 第一章 总则\n"
        "  第一条 #号是正文\n"
        "\n"
        "    # 缩进更深，仍是正文\n"
        "  # 这一行也是正文\n"
        "# 块标量之后的整行注释\n"
        "发布机构: [公司工会, 财务部]  # 行尾注释\n"
        "  # 缩进的整行注释\n"
        "关键词:\n"
        "  - 体检 # 列表项后的注释\n"
    )
    assert without_comments(text).splitlines() == [
        "类型: 通知公告",
        '标题: "第#1号通知 # 不是注释"',
        "文号: 工字#12号",
        "内容概述: '它''s # 引号里的井号",
        "  第二行 # 仍在引号里'",
        "正文: |",
        "  # 第一章 总则",
        "  第一条 #号是正文",
        "",
        "    # 缩进更深，仍是正文",
        "  # 这一行也是正文",
        "发布机构: [公司工会, 财务部]",
        "关键词:",
        "  - 体检",
    ]
    assert without_comments("类型: 通知公告\n") == "类型: 通知公告\n"  # nothing to take out


def test_without_comments_on_text_yaml_cannot_read_drops_only_lines_starting_with_hash():
    from cwgk.source_reader import without_comments

    broken = '# 备注\n标题: "未闭合的引号\n正文: |\n  # 第一章\n'
    assert without_comments(broken) == '标题: "未闭合的引号\n正文: |\n  # 第一章\n'


def test_a_key_without_its_colon_is_named_on_its_own_line():
    """The parser gives up on the line after; the message names the line the colon is missing
    from, quotes it, and says how to write it (or to indent a value that ran on)."""
    from cwgk.source_reader import ReadFailed, parse_yaml

    text = (
        "类型: 通知公告\n索引号: GH/2024-00001\n标题 关于职工体检安排的通知\n发布机构: 公司工会\n"
    )
    try:
        parse_yaml(text, "data/a.yaml")
    except ReadFailed as failed:
        [problem] = failed.problems
    assert problem.line == 3 and "“标题 关于职工体检安排的通知”缺少" in problem.message
    assert problem.expected.startswith("标题: 值")
