"""重要规章制度: a revised regulation and the one that replaced it link to each other (替代索引号,
validated against the other records), and a regulation carries its text, its PDF or both."""

from __future__ import annotations

import re
from datetime import date

import pytest
from cwgk import pipeline
from record_samples import ENVELOPE, ROOT, MiniProject

OLD = """\
类型: 重要规章制度
索引号: GH/2024-00011
标题: 《员工绩效考核管理办法》公开
发布机构: [人力资源部, 公司工会]
发布日期: 2024-04-18
文号: 司发〔2024〕21号
有效性: 已修订
内容概述: 公开经职代会审议通过的《员工绩效考核管理办法》。
制度名称: 《员工绩效考核管理办法》
制定或修订: 制定
生效日期: 2024-05-01
正文: |
  第一条　为客观评价员工的工作业绩，制定本办法。
"""

NEW = """\
类型: 重要规章制度
索引号: GH/2026-00012
标题: 《员工绩效考核管理办法》（2026年修订）公开
发布机构: [人力资源部, 公司工会]
发布日期: 2026-05-14
文号: 司发〔2026〕17号
内容概述: 公开修订后的《员工绩效考核管理办法》。
制度名称: 《员工绩效考核管理办法》
制定或修订: 修订
生效日期: 2026-06-01
废止或替代: 《员工绩效考核管理办法》（司发〔2024〕21号）
替代索引号: GH/2024-00011
修订说明: 增设考核结果申诉程序。
正文: |
  第七条　员工对考核结果有异议的，可以书面申诉。
"""


def line_of(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(key + ":"))


def test_a_revised_regulation_and_its_replacement_link_to_each_other(mini: MiniProject):
    mini.write("old.yaml", OLD)
    mini.write("new.yaml", NEW)
    assert mini.messages() == []
    pages = pipeline.build(mini.project, on=date(2026, 11, 23)).site.pages
    old, new = pages["records/gh-2024-00011.md"], pages["records/gh-2026-00012.md"]
    assert (
        "已被《员工绩效考核管理办法》（司发〔2026〕17号）修订，现行版本见"
        '<a href="../gh-2026-00012/">《员工绩效考核管理办法》（2026年修订）公开</a>（GH/2026-00012）。'
    ) in old
    assert (
        "本制度替代《员工绩效考核管理办法》（司发〔2024〕21号），原制度见"
        '<a href="../gh-2024-00011/">《员工绩效考核管理办法》公开</a>（GH/2024-00011，已修订）。'
    ) in new
    assert "## 制度正文" in new and "员工对考核结果有异议的，可以书面申诉。" in new


def test_a_revised_regulation_nobody_replaces_gets_a_hint(mini: MiniProject):
    mini.write("old.yaml", OLD)
    checked = pipeline.check(mini.project)
    assert checked.problems == []
    (hint,) = [w for w in checked.warnings if w.field == "有效性"]
    assert hint.severity == "提示" and hint.file == "data/old.yaml"
    assert hint.line == line_of(OLD, "有效性")
    assert "替代索引号: GH/2024-00011" in hint.expected


@pytest.mark.parametrize(
    ("new", "others", "message", "expected"),
    [
        (
            NEW.replace("GH/2024-00011", "GH/2024-00021"),
            [OLD],
            "找不到索引号为“GH/2024-00021”的公开事项是不是“GH/2024-00011”？",
            "本站已公开的原制度记录的索引号",
        ),
        (
            NEW.replace("替代索引号: GH/2024-00011", "替代索引号: GH/2024-00001"),
            [OLD, ENVELOPE],
            "“GH/2024-00001”（data/other1.yaml）是通知公告，不是重要规章制度",
            "被本制度替代的原制度记录的索引号",
        ),
        (
            NEW.replace("替代索引号: GH/2024-00011", "替代索引号: GH/2026-00012"),
            [OLD],
            "替代索引号“GH/2026-00012”就是本记录自己的索引号",
            "被本制度替代的原制度记录的索引号，或删去这一行",
        ),
        (
            NEW,
            [OLD.replace("有效性: 已修订", "有效性: 有效")],
            "被替代的原制度 GH/2024-00011（data/other0.yaml）的有效性仍为“有效”",
            "在 data/other0.yaml 中改为“有效性: 已修订”（或“已废止”），并写一条更正说明",
        ),
        (
            NEW.replace("替代索引号: GH/2024-00011", "替代索引号: gh/2024-00011"),
            [OLD],
            "替代索引号“gh/2024-00011”写法不规范",
            "GH/2024-00011",
        ),
    ],
    ids=["unknown", "not-a-regulation", "itself", "old-still-in-force", "lower-case"],
)
def test_a_wrong_replacement_is_named_with_file_line_and_field(
    mini: MiniProject, new: str, others: list[str], message: str, expected: str
):
    for number, text in enumerate(others):
        mini.write(f"other{number}.yaml", text)
    mini.write("new.yaml", new)
    (problem,) = mini.problems()
    assert (problem.file, problem.line, problem.field) == (
        "data/new.yaml",
        line_of(new, "替代索引号"),
        "替代索引号",
    )
    assert problem.severity == "错误"
    assert problem.message == message
    assert problem.expected.startswith(expected)
    assert problem.format().startswith(f"data/new.yaml:{problem.line}:")


def test_a_regulation_is_replaced_once(mini: MiniProject):
    mini.write("old.yaml", OLD)
    mini.write("a.yaml", NEW)
    second = NEW.replace("GH/2026-00012", "GH/2026-00013")
    mini.write("b.yaml", second)
    (problem,) = mini.problems()
    assert (problem.file, problem.line, problem.field) == (
        "data/b.yaml",
        line_of(second, "替代索引号"),
        "替代索引号",
    )
    assert problem.message == "“GH/2024-00011”已由 data/a.yaml（GH/2026-00012）替代"


def test_a_regulation_published_as_a_pdf_links_it_as_its_text(mini: MiniProject):
    pdf = mini.root / "site_src" / "files" / "2026" / "jixiao.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    attached = re.sub(r"正文: \|\n.*\n", "", NEW, flags=re.S) + (
        "附件:\n  - 名称: 员工绩效考核管理办法（2026年修订）.pdf\n    文件: files/2026/jixiao.pdf\n"
    )
    mini.write("old.yaml", OLD)
    mini.write("new.yaml", attached)
    page = pipeline.build(mini.project, on=date(2026, 11, 23)).site.pages[
        "records/gh-2026-00012.md"
    ]
    assert "## 制度正文\n\n<p>制度全文见下方附件。</p>" in page
    assert (
        '<a href="../../files/2026/jixiao.pdf" download>员工绩效考核管理办法（2026年修订）.pdf</a>'
        in page
    )


def test_the_demo_regulations_carry_their_text_and_the_current_one_its_pdf():
    from cwgk.source_reader import parse_yaml

    records = {
        path.name: parse_yaml(path.read_text(encoding="utf-8"), path.name).data
        for path in (ROOT / "data" / "regulation").glob("*.yaml")
    }
    assert all(str(r["正文"]).count("条　") >= 5 for r in records.values())  # 第一条　… articles
    current = records["2026-jixiao.yaml"]
    assert current["替代索引号"] == records["2024-jixiao.yaml"]["索引号"]
    (attachment,) = current["附件"]
    pdf = (ROOT / "site_src" / attachment["文件"]).read_bytes()
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    # Every object stands where the cross-reference table says: a valid file, not just a name.
    xref = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    offsets = re.findall(rb"(\d{10}) 00000 n ", pdf[xref:])
    assert offsets and all(
        pdf[int(o) :].startswith(b"%d 0 obj" % n) for n, o in enumerate(offsets, 1)
    )
