"""`cwgk import` on real spreadsheets made here: merged headers, empty rows, total rows, dates as
text, GBK CSV; round trip to a record that checks and renders the same table; bad cells named."""

from datetime import date
from pathlib import Path

import pytest
from cwgk.cli import main
from git_repo import Repo
from openpyxl import Workbook
from record_samples import ROOT, copy_site_skeleton


@pytest.fixture
def project(tmp_path, monkeypatch):
    config = copy_site_skeleton(tmp_path / "project")
    Repo(tmp_path / "project")
    plan = (ROOT / "data" / "recruitment" / "2026-plan.yaml").read_text(encoding="utf-8")
    (tmp_path / "project" / "data" / "recruitment").mkdir(parents=True)
    (tmp_path / "project" / "data" / "recruitment" / "2026-plan.yaml").write_text(
        plan, encoding="utf-8"
    )
    monkeypatch.setenv("CWGK_TODAY", "2026-11-24")
    monkeypatch.setenv("CWGK_HISTORY", "off")
    return config


def telecom_book(path: Path, amount_cell="480.5") -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "通讯费"
    ws.append(["2026年第四季度中层领导通讯费明细表"])
    ws.merge_cells("A1:I1")
    ws.append(
        [
            "序号",
            "姓名",
            "部门名称",
            "职务",
            "标准（元/月）",
            "月数",
            "金额/元",
            "超标自担（元）",
            "备注",
        ]
    )
    try:
        amount: float | str = float(amount_cell)
    except ValueError:
        amount = amount_cell  # text typed into the cell
    ws.append([1, "罗晨子", "第一车间", "主任", 180, 3, amount, 0, ""])
    ws.append([2, "陶琳峰", "第一车间", "副主任", 100, 3, 288.49, None, "调岗"])
    ws.append([3, "黄婷", "第二车间", "主任", 180, 3, 319.7, None, None])
    ws.append([None] * 9)  # an empty trailing row
    ws.append(["合计", None, None, None, None, None, 1088.69, 0, None])
    book.save(path)
    return path


def run(project, capsys, *args):
    code = main(["-f", str(project), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_telecom_sheet_becomes_a_record_that_checks_and_renders_the_same_table(
    project, tmp_path, capsys
):
    sheet = telecom_book(tmp_path / "通讯费.xlsx")
    code, out, err = run(project, capsys, "import", str(sheet), "--kind", "通讯费")
    assert code == 0, err
    assert "已从 通讯费.xlsx 导入 3 行 → data/telecom/2026-00009.yaml" in out
    assert "金额←G列「金额/元」" in out and "部门←C列「部门名称」" in out
    assert "未使用的列：A列「序号」、I列「备注」" in out
    assert "合计行（1088.69）已写入" in out and "记录已完整" in out
    text = (project.parent / "data" / "telecom" / "2026-00009.yaml").read_text(encoding="utf-8")
    assert "标题: 2026年第四季度中层领导通讯费公示" in text and "  区间: 第四季度" in text
    assert "合计: 1088.69" in text and "    金额: 319.7" in text
    assert run(project, capsys, "check")[0] == 0
    assert run(project, capsys, "build")[0] == 0
    page = (project.parent / "site" / "records" / "gh-2026-00009" / "index.html").read_text(
        encoding="utf-8"
    )
    for cell in ("罗晨子", "陶琳峰", "黄婷", "480.50", "288.49", "319.70", "1,088.69"):
        assert cell in page, cell


def test_a_total_row_that_does_not_add_up_is_caught_by_check(project, tmp_path, capsys):
    sheet = telecom_book(tmp_path / "t.xlsx", amount_cell="490.5")
    assert run(project, capsys, "import", str(sheet), "--kind", "telecom")[0] == 0
    code, _, err = run(project, capsys, "check")
    assert code == 1 and "合计写的是 1,088.69 元，但明细的金额相加是 1,098.69 元" in err


def test_a_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written(
    project, tmp_path, capsys
):
    sheet = telecom_book(tmp_path / "t.xlsx", amount_cell="4.8万")
    code, _, err = run(project, capsys, "import", str(sheet), "--kind", "通讯费")
    assert code == 1
    assert (
        "t.xlsx:3: 错误 字段「金额」：工作表「通讯费」第3行 G列「金额/元」：金额“4.8万”以万元为单位"
        in err
    )
    assert "48000" in err and "没有生成记录文件" in err
    assert not (project.parent / "data" / "telecom").exists()


def test_recruitment_list_with_merged_two_row_header_and_dates_as_text(project, tmp_path, capsys):
    book = Workbook()
    ws = book.active
    ws.title = "拟聘名单"
    ws.append(["2026年高校毕业生招聘拟聘人员名单"])
    ws.merge_cells("A1:J1")
    ws.append(
        [
            "序号",
            "姓名",
            "性别",
            "出生年月",
            "学历",
            "拟聘岗位",
            "准考证号",
            "成绩",
            None,
            "录用情况",
        ]
    )
    ws.append([None, None, None, None, None, None, None, "笔试", "面试", None])
    for col in "ABCDEFGJ":  # the one-row headers span both header rows
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("H2:I2")  # 成绩 over 笔试 and 面试
    ws.append(
        [1, "洪凯", "男", "2004-06", "硕士研究生", "铸造工艺员", 2026020113, 77.7, 75.5, "拟录用"]
    )
    ws.append(
        [
            2,
            "戴军子",
            "男",
            date(2002, 3, 1),
            "本科",
            "铸造工艺员",
            2026020101,
            65.9,
            82.8,
            "拟录用",
        ]
    )
    ws.append([3, "叶娥", "女", "2003.7", "本科", "质量工程师", 2026020247, 70.9, 76.6, "拟录用"])
    ws.append([4, "龙超平", "女", "2002-08", "本科", "质量工程师", 2026060139, 64.3, 81.3, "替补1"])
    book.save(tmp_path / "名单.xlsx")
    code, out, err = run(
        project, capsys, "import", str(tmp_path / "名单.xlsx"), "--kind", "招聘人员结果"
    )
    assert code == 0, err
    assert "笔试成绩←H列「笔试」" in out and "面试成绩←I列「面试」" in out
    text = (project.parent / "data" / "recruitment" / "2026-00009.yaml").read_text(encoding="utf-8")
    assert "    出生年月: 2002-03" in text  # an Excel date: year and month only
    assert "    出生年月: 2003-07" in text  # normalised as the build reads it
    assert "    准考证号: '2026020113'" in text  # a number in Excel, text in the record
    assert "标题: 2026年高校毕业生招聘拟聘人员名单公示" in text
    checked = run(project, capsys, "check")
    assert checked[0] == 0, checked[2]


def test_gbk_csv_of_hospitality_departments(project, tmp_path, capsys):
    rows = [
        "2026年下半年业务招待费部门明细表,,,,",
        "部门名称,批次,人次,金额（元）,主要事由",
        '销售部,42,268,"76,450.00",客户走访',
        "采购部,18,95,43500,供应商来访",
        ",,,,",
        '合计,60,363,"119,950.00",',
    ]
    path = tmp_path / "招待费.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gbk"))
    code, out, err = run(project, capsys, "import", str(path), "--kind", "招待费")
    assert code == 0, err
    assert "已从 招待费.csv 导入 2 行" in out and "合计行（119,950.00）已写入" in out
    text = (project.parent / "data" / "hospitality" / "2026-00009.yaml").read_text(encoding="utf-8")
    assert "实际支出: 119950.00" in text, [line for line in text.splitlines() if "支出" in line]
    assert "  区间: 下半年" in text and "  - 部门: 采购部" in text
    code, _, err = run(project, capsys, "check")
    assert code == 1 and "字段「核定额」：还没有填写" in err  # what the sheet cannot know


def test_missing_columns_and_unknown_files_are_explained(project, tmp_path, capsys):
    book = Workbook()
    book.active.append(["姓名", "部门名称", "备注"])
    book.active.append(["罗晨子", "第一车间", ""])
    book.save(tmp_path / "缺列.xlsx")
    code, _, err = run(project, capsys, "import", str(tmp_path / "缺列.xlsx"), "--kind", "通讯费")
    assert code == 1 and "第1行的表头中没有“标准”“月数”“金额”列" in err
    (tmp_path / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = run(project, capsys, "import", str(tmp_path / "旧表.xls"), "--kind", "通讯费")
    assert code == 1 and "不支持的文件类型“.xls”" in err and "另存为 .xlsx" in err
    code, _, err = run(project, capsys, "import", str(tmp_path / "缺列.xlsx"), "--kind", "通知公告")
    assert code == 1 and "“通知公告”没有可以导入的表格" in err


# A department bonus table as a finance office sends it: a title, a line naming the unit and
# the currency, a two-row header (奖金 over 金额/人均, the others merged down), coefficients and
# amounts formatted 0.00, a blank row, 合计, then who made and checked it and when.
FINANCE_ROWS = [
    ["2026年第四季度部门奖金分配表", None, None, None, None, None],
    ["编制单位：财务部", None, None, None, "单位：元", None],
    ["序号", "部门名称", "参与人数", "部门系数", "奖金", None],
    [None, None, None, None, "金额（元）", "人均（元）"],
    [1, "第一车间", 86, 1.1, 412800.0, 4800.0],
    [2, "第二车间", 64, 1.0, 300800.0, 4700.0],
    [3, "机关各部门", 150, 0.95, 486400.0, 3242.67],
    [None] * 6,
    ["合计", None, 300, None, 1200000.0, None],
    ["制表人：张敏", None, "审核：李强", None, None, None],
    ["制表日期：2026年11月20日", None, None, None, None, None],
]


def finance_xlsx(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "部门奖金"
    for row in FINANCE_ROWS:
        ws.append(row)
    ws.merge_cells("A1:F1")
    ws.merge_cells("E3:F3")  # 奖金 over 金额 and 人均
    for col in "ABCD":
        ws.merge_cells(f"{col}3:{col}4")
    for row in ws.iter_rows(min_row=5, max_row=9):
        row[3].number_format = "0.00"
        row[4].number_format = row[5].number_format = "#,##0.00"
    book.save(path)
    return path


def finance_gbk_csv(path: Path) -> Path:
    """The same sheet saved by Excel on Chinese Windows as CSV: GBK, numbers as shown, a merged
    cell's text in its first cell only."""
    shown = [
        ["2026年第四季度部门奖金分配表", "", "", "", "", ""],
        ["编制单位：财务部", "", "", "", "单位：元", ""],
        ["序号", "部门名称", "参与人数", "部门系数", "奖金", ""],
        ["", "", "", "", "金额（元）", "人均（元）"],
        ["1", "第一车间", "86", "1.10", '"412,800.00"', '"4,800.00"'],
        ["2", "第二车间", "64", "1.00", '"300,800.00"', '"4,700.00"'],
        ["3", "机关各部门", "150", "0.95", '"486,400.00"', '"3,242.67"'],
        [""] * 6,
        ["合计", "", "300", "", '"1,200,000.00"', ""],
        ["制表人：张敏", "", "审核：李强", "", "", ""],
        ["制表日期：2026年11月20日", "", "", "", "", ""],
    ]
    path.write_bytes("\r\n".join(",".join(r) for r in shown).encode("gbk") + b"\r\n")
    return path


@pytest.mark.parametrize("make", [finance_xlsx, finance_gbk_csv], ids=["xlsx", "gbk-csv"])
def test_a_finance_office_sheet_imports_without_hand_edits(project, tmp_path, capsys, make):
    """Issue 17, items 5–7 and 9: footer rows after 合计, a two-row header also in CSV,
    --kind 部门奖金 and 参与人数, coefficients as finance writes them."""
    path = make(tmp_path / ("奖金.xlsx" if make is finance_xlsx else "奖金.csv"))
    code, out, err = run(project, capsys, "import", str(path), "--kind", "部门奖金")
    assert code == 0, err
    assert f"已从 {path.name} 导入 3 行" in out
    assert (
        "对应的列：部门←B列「部门名称」，人数←C列「参与人数」，系数←D列「部门系数」，金额←E列「金额（元）」"
        in out
    )
    assert "未使用的列：A列「序号」、F列「人均（元）」" in out
    assert (
        "表格下方的内容不是数据，没有导入：第10行「制表人：张敏　审核：李强」，第11行「制表日期：2026年11月20日」"
        in out
    )
    text = (project.parent / "data" / "bonus" / "2026-00009.yaml").read_text(encoding="utf-8")
    rows = text.split("部门分配:", 1)[1].split("计算公式:", 1)[0]
    assert [t for t in (line.split("#")[0].strip() for line in rows.splitlines()) if t][:8] == [
        "- 部门: 第一车间", "人数: 86", "系数: 1.10", "金额: 412800.00",
        "- 部门: 第二车间", "人数: 64", "系数: 1.00", "金额: 300800.00",
    ]  # fmt: skip
    assert "奖金总额: 1200000.00" in text and "标题: 2026年第四季度部门奖金分配公示" in text
    code, _, err = run(project, capsys, "check")  # only what a sheet cannot say is left
    assert code == 1 and "字段「部门分配" not in err and "字段「奖金总额" not in err, err
    assert "字段「提取依据」：还没有填写" in err and "适用期间: 2026年第四季度" in text


def test_a_csv_result_list_with_a_two_row_header_leaves_out_those_not_hired(
    project, tmp_path, capsys
):
    """Issue 17, items 6 and 8: 成绩 over 笔试/面试 in CSV; 未录用 rows named once, not refused."""
    rows = [
        "2026年高校毕业生招聘结果,,,,,,,,",
        "序号,姓名,性别,出生年月,拟聘岗位,准考证号,成绩,,录用情况",
        ",,,,,,笔试,面试,",
        "1,洪凯,男,2004-06,铸造工艺员,2026020113,77.7,75.5,拟录用",
        "2,戴军子,男,2002-03,铸造工艺员,2026020101,65.9,82.8,替补1",
    ] + [
        f"{n},应聘者{n},女,2003-0{n - 2},铸造工艺员,20260201{n:02d},50.5,60,未录用"
        for n in range(3, 8)
    ]
    path = tmp_path / "结果.csv"
    path.write_bytes("\n".join(rows).encode("gbk"))
    code, out, err = run(project, capsys, "import", str(path), "--kind", "招聘结果")
    assert code == 0, err
    assert "已从 结果.csv 导入 2 行" in out
    assert "笔试成绩←G列「笔试」" in out and "面试成绩←H列「面试」" in out
    assert (
        "录用情况为“未录用”“不录用”“不予录用”等的 5 行没有导入（第 6、7、8、9、10 行）："
        "公示名单只列拟录用和替补人员。"
    ) in out
    text = (project.parent / "data" / "recruitment" / "2026-00009.yaml").read_text(encoding="utf-8")
    assert "应聘者" not in text


def test_a_missing_file_is_named_with_the_right_advice(project, tmp_path, capsys):
    """Issue 17, item 9: it said 无法读取这个 Excel 文件（FileNotFoundError）…另存为 .xlsx."""
    code, _, err = run(project, capsys, "import", "missing.xlsx", "--kind", "通讯费")
    assert code == 1
    assert err.startswith("missing.xlsx: 错误：找不到文件“missing.xlsx”（应为：检查文件名")
    assert "FileNotFoundError" not in err and "另存为" not in err
    code, _, err = run(project, capsys, "import", str(tmp_path), "--kind", "通讯费")
    assert code == 1 and "是文件夹，不是表格文件" in err
