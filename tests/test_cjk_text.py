from cwgk.cjk_text import join_cjk_lines
from cwgk.markdown_body import body_html


def test_a_line_wrapped_between_chinese_sentences_is_joined_without_a_space():
    text = (
        "公示期内如有异议，请向受理部门反映；\n或按栏目、按年度浏览。\n\n- 第一项\n  续写\n- 第二项"
    )
    assert join_cjk_lines(text) == (
        "公示期内如有异议，请向受理部门反映；或按栏目、按年度浏览。\n\n- 第一项续写\n- 第二项"
    )


def test_headings_tables_html_english_and_code_keep_their_lines():
    text = "## 标题\n正文\n| 项目 | 金额 |\n合计\n<p>段落</p>\n下文\nEnglish\n中文\n```\n输出一\n输出二\n```"
    assert join_cjk_lines(text) == text


def test_a_record_body_reads_without_spaces_between_sentences():
    html = body_html("体检于3月中旬进行。\n请各部门合理安排。")
    assert "进行。请各部门" in html
