"""A record page printed for the physical 公开栏: rendered to PDF by Chromium and read back.

A long recruitment list (60 people) must run over several A4 pages with the table header repeated
on each, the notice parts in order, no site chrome, and a QR code that a phone can read."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_helpers import ARTIFACTS
from pinned_clock import moment_of
from record_samples import ROOT
from site_builder import served_site

pytestmark = pytest.mark.browser

BUILT = "2026-11-20"  # the list is in 公示 that day
PLAN = (ROOT / "data" / "recruitment" / "2026-plan.yaml").read_text(encoding="utf-8")
RESULT_HEAD = """\
类型: 招聘人员结果
索引号: GH/2026-00009
标题: 2026年高校毕业生招聘拟聘人员名单公示
发布机构: [人力资源部, 公司工会]
发布日期: 2026-11-20
内容概述: 公示2026年高校毕业生招聘拟聘人员及替补人员名单和考试成绩。
公示期:
  开始: 2026-11-20
  工作日: 7
  截止时间: '17:30'
招聘方案: GH/2026-00008
成绩计算:
  笔试: 50
  面试: 50
人员:
"""
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def long_result(people: int = 60) -> str:
    rows = []
    quota = {"铸造工艺员": 2, "质量工程师": 1}
    counters = {"铸造工艺员": 0, "质量工程师": 0}
    for n in range(people):
        post = "铸造工艺员" if n % 2 == 0 else "质量工程师"
        counters[post] += 1
        rank = counters[post]
        outcome = "拟录用" if rank <= quota[post] else f"替补{rank - quota[post]}"
        rows.append(
            f"- 序号: {n + 1}\n  姓名: {SURNAMES[n % 20]}{GIVEN[(n * 7) % 20]}{GIVEN[n % 20]}\n"
            f"  性别: {'男' if n % 3 else '女'}\n  出生年月: 200{n % 5}-0{n % 9 + 1}\n  学历: 本科\n"
            f"  毕业院校: 福州大学\n  专业: 材料成型及控制工程\n  拟聘岗位: {post}\n"
            f"  准考证号: '2026{n:06d}'\n  笔试成绩: {90 - n * 0.5:.1f}\n  面试成绩: {88 - n * 0.4:.1f}\n"
            f"  录用情况: {outcome}\n"
        )
    return RESULT_HEAD + "".join(rows)


@pytest.fixture(scope="module")
def print_site(tmp_path_factory):
    records = {"recruitment/plan.yaml": PLAN, "recruitment/result.yaml": long_result()}
    with served_site(tmp_path_factory.mktemp("print-project"), records, BUILT) as url:
        yield url


def pdf_pages(pdf: Path) -> list[str]:
    count = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def test_a_long_list_prints_as_an_a4_notice_with_repeated_headers_and_a_qr_code(
    browser, print_site, tmp_path
):
    page = browser.new_page(now=moment_of(BUILT))
    page.goto(print_site + "records/gh-2026-00009/")
    pdf = tmp_path / "notice.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "print-recruitment.pdf")
    pages = pdf_pages(pdf)
    flat = [text.replace(" ", "").replace("\n", "") for text in pages]  # pdftotext spaces CJK
    assert 3 <= len(pages) <= 6, len(pages)
    assert "2026年高校毕业生招聘拟聘人员名单公示" in flat[0]
    assert "公示期2026年11月20日至2026年11月30日17:30止" in flat[0]
    assert "如有异议" in flat[0] and "公司工会" in flat[0]  # where objections go
    for number, text in enumerate(flat, 1):
        if re.search(r"2026\d{6}", text):
            # Every page that carries part of the list has the table header on it.
            assert "姓名" in text and "录用情况" in text, f"page {number} has no table header"
            assert text.index("录用情况") < re.search(r"2026\d{6}", text).start()
    numbers = [n for text in flat for n in re.findall(r"2026\d{6}", text)]
    assert sorted(numbers) == sorted(set(numbers)) and len(numbers) == 60  # each person once
    assert sum(1 for text in flat if re.search(r"2026\d{6}", text)) >= 2  # the list spans pages
    assert "特此公示。" in flat[-1]
    sign = [
        line for line in pages[-1].splitlines() if "人力资源部" in line or "2026年11月20日" in line
    ]
    assert sign and all(len(line) - len(line.lstrip()) > 40 for line in sign)  # right-aligned
    for text in flat:  # no site chrome on paper
        assert "搜索" not in text and "公开栏目" not in text and "更新记录" not in text
    # The QR code on the last page opens the online version.
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    for image in images:
        shutil.copy(image, ARTIFACTS / f"print-recruitment-{image.name}")
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(images[-1])], capture_output=True, text=True
    ).stdout.strip()
    assert decoded == "http://cwgk.mjzj.example.cn/records/gh-2026-00009/"


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(float(w), float(h)) for w, h in sizes]


def test_a_notice_with_a_wide_table_prints_landscape_and_others_portrait(
    browser, base_url, built_site, tmp_path
):
    """A table of eight or more columns (table_layout.py: data-wide) turns every page of its
    notice to landscape A4, so no column is lost; other notices stay portrait."""
    pages = sorted(built_site.glob("records/*/index.html"))
    wide = next(p for p in pages if "data-wide" in p.read_text(encoding="utf-8"))
    plain = next(p for p in pages if "data-wide" not in p.read_text(encoding="utf-8"))
    for source, landscape in ((wide, True), (plain, False)):
        page = browser.new_page()
        page.goto(base_url + source.parent.relative_to(built_site).as_posix() + "/")
        page.wait_for_load_state("load")
        pdf = tmp_path / f"{source.parent.name}.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
        page.close()
        sizes = _page_sizes(pdf)
        assert sizes, pdf
        assert all((w > h) == landscape for w, h in sizes), (source.parent.name, sizes)
