"""Write the demo records in data/: a realistic board for a fictional company over 2024–2026.

All names are synthetic; amounts are generated so that every total adds up. Run again only to
regenerate the demo set (`python scripts/make_demo_data.py`); the output is committed.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from cwgk.json_schema import schema_comment
from cwgk.models import KIND_BY_TITLE

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
UNION = "公司工会"
RNG = random.Random(20241)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖覃洪武莫孔"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志斌俊峰宇浩凯晨欣怡婷雪琳晓东海波亮健文博子涵雨嘉思佳"
WORKSHOPS = ["第一车间", "第二车间", "铸造车间", "装配车间"]
OFFICES = [
    "设备动力部",
    "质量管理部",
    "技术中心",
    "销售部",
    "采购部",
    "财务部",
    "人力资源部",
    "综合办公室",
    "安全环保部",
]


def person_name() -> str:
    given = RNG.choice(GIVEN) + (RNG.choice(GIVEN) if RNG.random() < 0.7 else "")
    return RNG.choice(SURNAMES) + given


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"))


class Dumper(yaml.SafeDumper):
    """Writes YAML the way a person would: plain numbers and dates, no anchors, no tags."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value() and "." not in str(value):
        return dumper.represent_scalar("tag:yaml.org,2002:int", str(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


Dumper.add_representer(Decimal, _decimal)
Dumper.add_representer(
    date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat())
)


class Flow(list):
    """A short list written on one line: 发布机构: [公司工会, 财务部]."""


Dumper.add_representer(
    Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


class Block(str):
    """A long text written as a literal block (正文: |), line for line as a person types it."""


Dumper.add_representer(
    Block, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|")
)

_sequence: dict[int, int] = {}


def index_no(year: int) -> str:
    _sequence[year] = _sequence.get(year, 0) + 1
    return f"GH/{year}-{_sequence[year]:05d}"


def workdays_after(start: date, count: int) -> date:
    """Demo only: Monday–Friday counting (explicit end dates are what records carry)."""
    day, left = start, count
    while True:
        if day.weekday() < 5:
            left -= 1
            if left == 0:
                return day
        day += timedelta(days=1)


def envelope(
    kind: str, title: str, published: date, summary: str, issuers: list[str], **extra: Any
) -> dict:
    record: dict[str, Any] = {
        "类型": kind,
        "索引号": index_no(published.year),
        "标题": title,
        "发布机构": Flow(issuers),
        "成文日期": published - timedelta(days=2),
        "发布日期": published,
        "文号": extra.pop("文号", None),
        "有效性": extra.pop("有效性", "有效"),
        "公开范围": extra.pop("公开范围", "全体职工"),
        "内容概述": summary,
    }
    if extra.pop("公示", True):
        days = extra.pop("公示天数", 5)
        record["公示期"] = {"开始": published, "结束": workdays_after(published, days)}
        if extra.get("截止时间"):
            record["公示期"]["截止时间"] = extra.pop("截止时间")
    if record["文号"] is None:
        del record["文号"]
    record.update(extra)
    return record


written: list[Path] = []


# Corrections made after publication, committed to the project's git history as they would be
# by union staff: (old text, new text) replacements and the 更正说明 that goes with them. The
# record's history page shows the field changes and this note.
CORRECTIONS: dict[str, tuple[list[tuple[str, str]], str]] = {
    "telecom/2026-q3": (
        [("  金额: 491.68\n", "  金额: 451.68\n"), ("合计: 6176.55", "合计: 6136.55")],
        "更正说明:\n- 日期: 2026-11-24\n  说明: 罗晨子第三季度通讯费误计入一张 40.00 元的个人话费发票，"
        "原491.68元，现更正为451.68元，合计相应更正为6,136.55元。\n",
    ),
}


def write(folder: str, name: str, comment: str, record: dict) -> None:
    path = DATA / folder / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(record, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=200)
    replacements, note = CORRECTIONS.get(f"{folder}/{name}", ([], ""))
    for old, new in replacements:
        assert old in text, (folder, name, old)
        text = text.replace(old, new)
    text += note
    stem = (
        "opinion" if record.get("类型") == "意见与答复" else KIND_BY_TITLE[record["类型"]].kind_slug
    )
    head = schema_comment(path, ROOT, stem)  # editors: autocomplete, hover help, inline errors
    path.write_text(
        f"{head}\n# {comment}（演示数据：单位、人员均为虚构）\n" + text, encoding="utf-8"
    )
    written.append(path)


# ---- kinds ---------------------------------------------------------------------------------


def business_plan(year: int) -> None:
    revenue = 86000 + (year - 2024) * 7200
    rows = [
        ("营业收入", "万元", revenue, revenue * 1.068),
        ("利润总额", "万元", revenue * 0.071, revenue * 0.074),
        ("铸件产量", "吨", 41200 + (year - 2024) * 1800, 43500 + (year - 2024) * 1900),
        ("新产品产值", "万元", 12600 + (year - 2024) * 1500, 14800 + (year - 2024) * 1700),
        ("产品一次交检合格率", "%", 98.6, 99.0),
        ("安全生产事故", "起", 0, 0),
        ("职工人均收入增长", "%", 5.2, 5.5),
    ]
    published = date(year, 3, 6) + timedelta(days=year - 2024)
    record = envelope(
        "年度生产经营计划",
        f"{year}年度生产经营计划公开",
        published,
        f"公开经{year}年职代会审议通过的年度主要经营指标及完成措施。",
        ["公司办公室", UNION],
        文号=f"司发〔{year}〕{5 + year - 2024}号",
        公示=False,
    )
    record["年度"] = year
    record["指标"] = [
        {"指标": n, "单位": u, "上年完成": money(a), "本年计划": money(b)} for n, u, a, b in rows
    ]
    record["主要措施"] = (
        "1. 巩固风电铸件、工程机械铸件两大主业，全年新增客户不少于 5 家；\n"
        "2. 推进铸造车间造型线智能化改造，年内完成 2 号线调试；\n"
        "3. 深化全员绩效考核，收入分配向一线关键岗位倾斜；\n"
        "4. 落实安全生产责任制，开展隐患排查治理“零事故”活动。"
    )
    record["审议程序"] = {
        "会议": f"第六届职工代表大会第{year - 2021}次会议",
        "日期": published - timedelta(days=9),
        "结果": "表决通过",
    }
    write("plan", f"{year}", f"{year}年度生产经营计划", record)


JIXIAO_2024 = """\
### 第一章　总则

第一条　为客观评价员工的工作业绩，激励员工提高工作质量和效率，根据国家有关法律法规和公司规章制度，结合公司实际，制定本办法。

第二条　本办法适用于与公司签订劳动合同的全体员工。

### 第二章　考核内容和方式

第三条　考核分为月度考核和年度考核。月度考核由员工所在部门组织，年度考核由人力资源部会同各部门组织。

第四条　考核内容包括工作业绩、工作能力和工作态度，权重分别为60%、25%、15%。

### 第三章　考核等次和结果运用

第五条　年度考核结果分为优秀、称职、基本称职、不称职四个等次，优秀等次比例不超过部门参加考核人数的20%。

第六条　考核结果与绩效奖金、评先评优、岗位晋升挂钩。年度考核为不称职的，当年不得评先评优。

### 第四章　附则

第七条　本办法由人力资源部负责解释，自2024年5月1日起施行。
"""

ZHAODAIFEI_2025 = """\
### 第一章　总则

第一条　为规范业务招待费管理，厉行节约，根据国家有关规定和公司财务管理制度，制定本办法。

第二条　本办法所称业务招待费，是指公司在生产经营活动中因接待客户、供应商等发生的餐饮、住宿等费用。

### 第二章　审批和标准

第三条　业务招待实行事前审批。承办部门通过电子流程填写“事前审批单”，写明接待对象、人数和预计金额，经部门负责人和分管领导审批后方可接待。

第四条　接待用餐标准为每人每餐不超过120元，陪餐人数原则上不超过接待对象人数。

第五条　各部门业务招待费实行年度核定额管理，超出核定额的，须报总经理办公会批准。

### 第三章　报销和公开

第六条　报销时须附事前审批单、合规发票和接待清单，缺少任一项的不予报销。

第七条　财务部每半年汇总各部门业务招待费使用情况，经公司工会向职工公开，接受职工监督。

### 第四章　附则

第八条　本办法由财务部负责解释，自2025年4月1日起施行。《业务招待费管理办法》（2019年版）同时废止。
"""

JIXIAO_2026 = """\
### 第一章　总则

第一条　为客观评价员工的工作业绩，激励员工提高工作质量和效率，根据国家有关法律法规和公司规章制度，结合公司实际，制定本办法。

第二条　本办法适用于与公司签订劳动合同的全体员工。

### 第二章　考核内容和方式

第三条　考核分为月度考核和年度考核。月度考核由员工所在部门组织，年度考核由人力资源部会同各部门组织。

第四条　考核内容包括工作业绩、工作能力和工作态度，权重分别为60%、25%、15%。生产一线岗位的工作业绩指标增加“质量损失率”，占工作业绩的20%。

### 第三章　考核等次和结果运用

第五条　年度考核结果分为优秀、称职、基本称职、不称职四个等次，优秀等次比例不超过部门参加考核人数的25%。

第六条　考核结果与绩效奖金、评先评优、岗位晋升挂钩。年度考核为不称职的，当年不得评先评优。

### 第四章　申诉

第七条　员工对考核结果有异议的，可在结果公布之日起5个工作日内向人力资源部书面申诉；人力资源部会同公司工会在10个工作日内复核，并书面答复申诉人。

### 第五章　附则

第八条　本办法由人力资源部负责解释，自2026年6月1日起施行。
"""

# The 2026 办法 as its signed document: a small PDF attached to the record (site_src/files/).
JIXIAO_2026_PDF = "files/2026/sifa-2026-17-jixiao.pdf"


def _pdf_text(text: str) -> str:
    # Digits and Latin in their full-width forms: every glyph one em wide, as the font is set.
    text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def regulation_pdf(title: str, doc_no: str, body: str) -> bytes:
    """A one-page A4 PDF of a regulation's text, with no dependency: the Adobe-GB1 font every
    PDF reader has (STSong-Light, not embedded), lines wrapped at 38 characters."""
    lines: list[tuple[int, str]] = [(16, title), (11, doc_no), (11, "")]
    for paragraph in body.splitlines():
        paragraph = paragraph.removeprefix("### ")
        while len(paragraph) > 38:
            cut = 39 if paragraph[38] in "，。；、：）”" else 38  # no line starts with them
            lines.append((11, paragraph[:cut]))
            paragraph = "　　" + paragraph[cut:]
        lines.append((11, paragraph))
    ops = ["BT", "72 780 Td", "16 TL"]
    for size, line in lines:
        ops.append(f"/F1 {size} Tf {_pdf_text(line)} Tj T*" if line else "T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
        b"<< /Title <FEFF" + title.encode("utf-16-be").hex().upper().encode("ascii") + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body_bytes + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def regulations() -> None:
    r1 = envelope(
        "重要规章制度",
        "《员工绩效考核管理办法》公开",
        date(2024, 4, 18),
        "公开经职代会审议通过的《员工绩效考核管理办法》，明确考核等次、系数及结果运用。",
        ["人力资源部", UNION],
        文号="司发〔2024〕21号",
        有效性="已修订",
        公示=False,
    )
    r1.update(
        制度名称="《员工绩效考核管理办法》",
        制定或修订="制定",
        审议程序={
            "会议": "第六届职工代表大会第三次会议",
            "日期": date(2024, 4, 10),
            "结果": "表决通过",
        },
        生效日期=date(2024, 5, 1),
        正文=Block(JIXIAO_2024),
    )
    write("regulation", "2024-jixiao", "员工绩效考核管理办法", r1)

    r2 = envelope(
        "重要规章制度",
        "《业务招待费管理办法》（2025年修订）公开",
        date(2025, 3, 20),
        "公开修订后的《业务招待费管理办法》，明确事前审批、标准和半年公开制度。",
        ["财务部", UNION],
        文号="司发〔2025〕9号",
        公示=False,
    )
    r2.update(
        制度名称="《业务招待费管理办法》",
        制定或修订="修订",
        审议程序={
            "会议": "第六届职工代表大会第四次会议",
            "日期": date(2025, 3, 12),
            "结果": "表决通过",
        },
        生效日期=date(2025, 4, 1),
        废止或替代="《业务招待费管理办法》（2019年版）",
        修订说明="- 接待标准由每人每餐 150 元调整为 120 元；\n- 增加“事前审批单”电子流程；\n- 明确每半年向职工公开一次使用情况。",
        正文=Block(ZHAODAIFEI_2025),
    )
    write("regulation", "2025-zhaodaifei", "业务招待费管理办法（2025年修订）", r2)

    r3 = envelope(
        "重要规章制度",
        "《员工绩效考核管理办法》（2026年修订）公开",
        date(2026, 5, 14),
        "公开修订后的《员工绩效考核管理办法》，调整一线岗位考核指标和优秀等次比例。",
        ["人力资源部", UNION],
        文号="司发〔2026〕17号",
        公示=False,
    )
    r3.update(
        制度名称="《员工绩效考核管理办法》",
        制定或修订="修订",
        审议程序={
            "会议": "第六届职工代表大会第五次会议",
            "日期": date(2026, 5, 6),
            "结果": "表决通过",
        },
        生效日期=date(2026, 6, 1),
        废止或替代="《员工绩效考核管理办法》（司发〔2024〕21号）",
        替代索引号=r1["索引号"],
        修订说明="- 生产一线岗位增加“质量损失率”指标；\n- 优秀等次比例由不超过 20% 调整为不超过 25%；\n- 增设考核结果申诉程序。",
        正文=Block(JIXIAO_2026),
        附件=[{"名称": "员工绩效考核管理办法（2026年修订）.pdf", "文件": JIXIAO_2026_PDF}],
    )
    write("regulation", "2026-jixiao", "员工绩效考核管理办法（2026年修订）", r3)
    pdf = ROOT / "site_src" / JIXIAO_2026_PDF
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(
        regulation_pdf("员工绩效考核管理办法（2026年修订）", "司发〔2026〕17号", JIXIAO_2026)
    )


def bonus(
    year: int, span: str, published: date, total_base: float, name: str, **extra: Any
) -> None:
    departments = [*WORKSHOPS, "设备动力部", "质量管理部", "技术中心", "销售部", "职能部门"]
    rows = []
    for dept in departments:
        headcount = RNG.randint(60, 180) if "车间" in dept else RNG.randint(12, 45)
        coefficient = (
            Decimal(str(RNG.choice([1.1, 1.05, 1.0, 1.15])))
            if "车间" in dept
            else Decimal(str(RNG.choice([0.95, 1.0, 1.05])))
        )
        rows.append([dept, headcount, coefficient])
    weight = sum(h * float(c) for _, h, c in rows)
    per_unit = total_base / weight
    shares = [money(round(h * float(c) * per_unit / 100) * 100) for _, h, c in rows]
    total = sum(shares, Decimal(0))
    label = f"{year}年度" if span == "全年" else f"{year}年{span}"
    record = envelope(
        "奖金分配方案",
        f"{label}{name}分配方案公示",
        published,
        f"公开{label}{name}总额、提取依据、分配原则、考核系数及各部门分配金额。",
        [UNION, "人力资源部", "财务部"],
        文号=f"司发〔{published.year}〕{RNG.randint(2, 40)}号",
        **extra,
    )
    record.update(
        适用期间=label,
        年度=year,
        奖金总额=total,
        提取依据="按经审计的利润总额的 3% 提取"
        if span == "全年"
        else "按季度安全生产目标完成情况核定",
        分配原则=Flow([])
        or [
            "效率优先、兼顾公平，向生产一线和关键岗位倾斜",
            "与个人绩效考核结果挂钩，多劳多得",
            "当期受到警告及以上处分的人员不参与分配",
        ],
        人员分类=[
            {"类别": "生产人员", "说明": "各车间直接生产岗位"},
            {"类别": "辅助人员", "说明": "设备、质量、仓储等生产辅助岗位"},
            {"类别": "管理人员", "说明": "职能部门及车间管理岗位（不含公司领导班子）"},
        ],
        考核系数=[
            {"等次": "优秀", "系数": Decimal("1.2"), "比例": "不超过25%"},
            {"等次": "称职", "系数": Decimal("1.0")},
            {"等次": "基本称职", "系数": Decimal("0.8")},
            {"等次": "不称职", "系数": Decimal("0.5")},
        ],
        部门分配=[
            {"部门": d, "人数": h, "系数": c, "金额": s}
            for (d, h, c), s in zip(rows, shares, strict=True)
        ],
        审议程序={
            "会议": "厂务公开监督小组与职工代表组长联席会议",
            "日期": published - timedelta(days=5),
            "结果": f"表决通过（赞成{RNG.randint(28, 33)}票，反对0票，弃权{RNG.randint(0, 2)}票）",
        },
        发放时间=f"{(published + timedelta(days=20)).year}年{(published + timedelta(days=20)).month}月随工资发放",
    )
    write(
        "bonus",
        f"{year}-{'annual' if span == '全年' else 'q' + str('一二三四'.index(span[1]) + 1)}",
        label + name,
        record,
    )


def hospitality(year: int, half: str, published: date) -> None:
    depts = ["销售部", "采购部", "综合办公室", "技术中心", "质量管理部"]
    budget = Decimal(180000 if half == "上半年" else 200000) + (year - 2023) * 10000
    rows = []
    for dept in depts:
        amount = money(RNG.uniform(8000, 52000) if dept != "销售部" else RNG.uniform(55000, 80000))
        batches = RNG.randint(6, 45)
        rows.append(
            {
                "部门": dept,
                "批次": batches,
                "人次": batches * RNG.randint(4, 7),
                "金额": amount,
                "事由": {
                    "销售部": "客户走访、订货会接待",
                    "采购部": "供应商审核接待",
                    "综合办公室": "上级单位检查、来访接待",
                    "技术中心": "技术交流、专家评审",
                    "质量管理部": "客户质量审核接待",
                }[dept],
            }
        )
    spent = sum((r["金额"] for r in rows), Decimal(0))
    meals = money(spent * Decimal("0.78"))
    lodging = money(spent * Decimal("0.15"))
    record = envelope(
        "业务招待费使用情况",
        f"{year}年{half}业务招待费使用情况公示",
        published,
        f"公开{year}年{half}业务招待费核定额、实际支出、结余及各部门使用明细。",
        [UNION, "财务部"],
        文号=f"工字〔{published.year}〕{RNG.randint(3, 30)}号",
        截止时间="17:30",
    )
    record.update(
        期间={"年度": year, "区间": half},
        核定额=budget,
        实际支出=spent,
        主要开支项目=[
            {"项目": "餐费", "金额": meals},
            {"项目": "住宿", "金额": lodging},
            {"项目": "礼品及其他", "金额": spent - meals - lodging},
        ],
        部门明细=rows,
        合规说明="各项开支均按《业务招待费管理办法》履行事前审批，凭据齐全，未发现超标准、超范围接待。",
        审议意见="经厂务公开监督小组审核，同意公开。",
    )
    write(
        "hospitality",
        f"{year}-{'h1' if half == '上半年' else 'h2'}",
        f"{year}年{half}业务招待费",
        record,
    )


MANAGERS = [(person_name(), dept, pos, tier) for dept, pos, tier in [
    ("第一车间", "主任", "中层正职"), ("第一车间", "副主任", "中层副职"), ("第二车间", "主任", "中层正职"),
    ("铸造车间", "主任", "中层正职"), ("铸造车间", "副主任", "中层副职"), ("装配车间", "主任", "中层正职"),
    ("设备动力部", "部长", "中层正职"), ("质量管理部", "部长", "中层正职"), ("技术中心", "主任", "中层正职"),
    ("技术中心", "副主任", "中层副职"), ("销售部", "部长", "中层正职"), ("销售部", "副部长", "中层副职"),
    ("采购部", "部长", "中层正职"), ("财务部", "部长", "中层正职"), ("人力资源部", "部长", "中层正职"),
    ("综合办公室", "主任", "中层正职"),
]]  # fmt: skip


def telecom(year: int, quarter: int, published: date) -> None:
    span = f"第{'一二三四'[quarter - 1]}季度"
    rows = []
    for name, dept, pos, tier in MANAGERS:
        standard = Decimal(180 if tier == "中层正职" else 100)
        limit = standard * 3
        amount = money(RNG.uniform(float(limit) * 0.55, float(limit)))
        row = {"姓名": name, "部门": dept, "职务": pos, "标准": standard, "月数": 3, "金额": amount}
        if dept == "销售部" and tier == "中层正职" and quarter in (2, 4):
            row["金额"] = money(float(limit) + RNG.uniform(20, 90))
            row["超标自担"] = row["金额"] - limit
        rows.append(row)
    total = sum((r["金额"] for r in rows), Decimal(0))
    record = envelope(
        "中层领导通讯费",
        f"{year}年{span}中层领导通讯费发放情况公示",
        published,
        f"公开{year}年{span}中层领导人员通讯费标准、发生金额及个人承担情况。",
        [UNION, "财务部"],
        文号=f"工字〔{published.year}〕{RNG.randint(3, 40)}号",
        公开范围="全体职工",
    )
    record.update(
        期间={"年度": year, "区间": span},
        依据文件="《中层领导人员通讯费管理办法》（司发〔2023〕8号）",
        发放方式="实报实销",
        明细=rows,
        合计=total,
    )
    write("telecom", f"{year}-q{quarter}", f"{year}年{span}中层领导通讯费", record)


SCHOOLS = [("福州大学", "材料成型及控制工程"), ("福建工程学院", "机械设计制造及其自动化"), ("华侨大学", "电气工程及其自动化"),
           ("闽江学院", "会计学"), ("集美大学", "机械电子工程"), ("厦门理工学院", "材料成型及控制工程")]  # fmt: skip


def recruitment(
    year: int,
    published: date,
    posts: list[tuple[str, int, str]],
    social: bool,
    take_down: date | None = None,
) -> None:
    plan = envelope(
        "招聘人员方案",
        f"{year}年{'社会' if social else '高校毕业生'}招聘方案公示",
        published,
        f"公开{year}年{'社会' if social else '高校毕业生'}招聘岗位、人数、条件、程序和成绩计算办法。",
        ["人力资源部", UNION],
        文号=f"司发〔{year}〕{RNG.randint(10, 30)}号",
    )
    plan.update(
        岗位=[
            {
                "岗位": p,
                "人数": n,
                "专业": m,
                "条件": "全日制本科及以上学历，取得相应学位"
                if not social
                else "大专及以上学历，3年以上相关工作经历",
            }
            for p, n, m in posts
        ],
        程序=[
            "发布招聘公告",
            "报名及资格审查",
            "笔试",
            "面试",
            "体检及考察",
            "公示拟聘人员名单",
            "办理聘用手续",
        ],
        成绩计算={"笔试": 50, "面试": 50},
        时间安排=[
            {
                "事项": "报名",
                "时间": f"{published.year}年{published.month}月{published.day}日起10个工作日",
            },
            {"事项": "笔试", "时间": f"{published.year}年{published.month + 1}月上旬"},
            {"事项": "面试", "时间": f"{published.year}年{published.month + 1}月中旬"},
        ],
    )
    write("recruitment", f"{year}-plan", f"{year}年招聘方案", plan)
    plan_no = plan["索引号"]
    result_day = published + timedelta(days=48)
    if year == 2026:
        result_day = date(2026, 11, 20)
    people = []
    for post, count, major in posts:
        scored = []
        for _ in range(count + (2 if count > 1 else 1)):
            written = Decimal(RNG.randint(620, 920)) / 10
            interview = Decimal(RNG.randint(700, 940)) / 10
            scored.append((written * 50 / 100 + interview * 50 / 100, written, interview))
        scored.sort(reverse=True)
        for rank, (_, written, interview) in enumerate(scored):
            school, field = RNG.choice(SCHOOLS)
            person = {
                "姓名": person_name(),
                "性别": RNG.choice(["男", "男", "女"]),
                "出生年月": f"{year - RNG.randint(22, 30 if social else 24)}-{RNG.randint(1, 12):02d}",
                "学历": "本科" if RNG.random() < 0.7 else "硕士研究生",
                "毕业院校": school,
                "专业": major or field,
                "拟聘岗位": post,
                "准考证号": f"{year}{RNG.randint(1, 9):02d}{RNG.randint(1, 300):04d}",
                "笔试成绩": written,
                "面试成绩": interview,
                "录用情况": "拟录用" if rank < count else f"替补{rank - count + 1}",
            }
            if social:
                person["原单位"] = RNG.choice(
                    ["福州某机械制造有限公司", "某重工股份有限公司", "某汽车零部件有限公司"]
                )
            people.append(person)
    for number, person in enumerate(people, start=1):
        person = {"序号": number, **person}
        people[number - 1] = person
    result = envelope(
        "招聘人员结果",
        f"{year}年{'社会' if social else '高校毕业生'}招聘拟聘人员名单公示",
        result_day,
        f"公示{year}年{'社会' if social else '高校毕业生'}招聘拟聘人员及替补人员名单和考试成绩。",
        ["人力资源部", UNION],
        文号=f"司发〔{year}〕{RNG.randint(31, 60)}号",
        公示天数=7,
        截止时间="17:30",
    )
    result.update(招聘方案=plan_no, 成绩计算={"笔试": 50, "面试": 50}, 人员=people)
    if take_down:  # the list of people leaves the public site after this day
        result["名单撤下日期"] = take_down
    write("recruitment", f"{year}-result", f"{year}年招聘结果", result)


def notices() -> None:
    for year in (2024, 2025, 2026):
        income = Decimal(1268000 + (year - 2024) * 52000)
        spend = [
            ("职工教育费用", 0.18),
            ("文体活动费用", 0.27),
            ("维权及困难帮扶", 0.21),
            ("业务支出", 0.12),
            ("行政支出", 0.08),
        ]
        lines = "\n".join(f"| {n} | {money(float(income) * s):,.2f} |" for n, s in spend)
        body = (
            f"根据《基层工会经费收支管理办法》，现将公司工会{year - 1}年度经费收支情况公布如下。\n\n"
            f"{year - 1}年度工会经费收入 {income:,.2f} 元（含上级补助），支出情况如下（单位：元）：\n\n"
            f"| 支出项目 | 金额 |\n|---|---:|\n{lines}\n\n"
            "经费审查委员会已对上述收支进行审查，账目清楚，支出符合规定。"
        )
        record = envelope(
            "通知公告",
            f"公司工会{year - 1}年度经费收支情况公告",
            date(year, 3, 25),
            f"公布公司工会{year - 1}年度经费收入、各项支出及经费审查委员会审查意见。",
            [UNION, "工会经费审查委员会"],
            公示=False,
        )
        record["正文"] = body
        write("notice", f"{year}-jingfei", f"{year - 1}年度工会经费收支", record)
    for year, when in ((2024, date(2024, 12, 26)), (2025, date(2025, 12, 24))):
        helped = [
            (
                person_name(),
                RNG.choice(WORKSHOPS),
                RNG.choice(["本人重病", "家属重病", "子女就学困难", "因灾致困"]),
                RNG.choice([3000, 5000, 8000]),
            )
            for _ in range(6)
        ]
        rows = "\n".join(f"| {n[0]}* | {d} | {r} | {a:,.2f} |" for n, d, r, a in helped)
        record = envelope(
            "通知公告",
            f"{year}年度困难职工帮扶救助名单公示",
            when,
            f"公示{year}年度困难职工帮扶救助对象、困难原因及救助金额（姓名按规定部分隐去）。",
            [UNION],
            公示天数=5,
        )
        record["正文"] = (
            f"经职工本人申请、部门推荐、工会审核，拟对以下 {len(helped)} 名困难职工给予帮扶救助（单位：元）：\n\n"
            f"| 姓名 | 部门 | 困难原因 | 救助金额 |\n|---|---|---|---:|\n{rows}\n\n"
            f"救助金额合计 {sum(a for *_, a in helped):,.2f} 元。"
        )
        write("notice", f"{year}-bangfu", f"{year}年困难职工帮扶", record)
    record = envelope(
        "通知公告",
        "公司工会第五届委员会换届选举结果公告",
        date(2025, 6, 12),
        "公布公司工会第五届委员会委员、主席、副主席及经费审查委员会选举结果。",
        [UNION],
        公示=False,
    )
    record["正文"] = (
        "2025年6月10日，公司第六届职工代表大会第五次会议暨工会会员代表大会以无记名投票方式选举产生"
        "公司工会第五届委员会。\n\n"
        f"- 工会主席：{person_name()}\n- 工会副主席：{person_name()}\n- 委员（按姓氏笔画为序）：{'、'.join(person_name() for _ in range(7))}\n\n"
        "经费审查委员会同时选举产生。任期五年。"
    )
    write("notice", "2025-huanjie", "工会换届选举结果", record)
    record = envelope(
        "通知公告",
        "关于2025年职工疗休养安排的通知（已撤回）",
        date(2025, 4, 8),
        "原定2025年职工疗休养安排。因行程调整，本通知已撤回，新安排另行公布。",
        [UNION],
        有效性="已撤回",
        公示=False,
    )
    record["正文"] = (
        "原定于2025年5月组织一线职工分两批赴武夷山疗休养。因行程调整，本通知撤回，新安排另行通知。"
    )
    write("notice", "2025-liaoxiuyang", "职工疗休养通知（已撤回）", record)


def workshop_notice() -> None:
    """A 本部门 disclosure of one workshop: shown on that workshop's kiosk profile only."""
    teams = ["铸造一班", "铸造二班", "造型班", "熔炼班", "清理班", "机修班"]
    scores = [96.5, 94.0, 92.5, 91.0, 88.5, 86.0]
    rows = "\n".join(
        f"| {i} | {team} | {score:.1f} | {grade} |"
        for i, (team, score, grade) in enumerate(
            zip(teams, scores, ["优秀", "优秀", "良好", "良好", "合格", "合格"], strict=True), 1
        )
    )
    record = envelope(
        "通知公告",
        "第一车间2026年10月班组绩效考核结果公示",
        date(2026, 11, 19),
        "公示第一车间各班组2026年10月绩效考核得分及等次，考核结果与班组当月绩效奖金挂钩。",
        ["第一车间", UNION],
        公开范围="本部门",
        公示天数=5,
    )
    record["正文"] = (
        "根据《第一车间班组绩效考核办法》，经车间考核小组评定，现将2026年10月班组绩效考核结果公示如下：\n\n"
        f"| 序号 | 班组 | 得分 | 等次 |\n|---|---|---:|---|\n{rows}\n\n"
        "对考核结果有异议的，请在公示期内向车间工会小组反映。"
    )
    write("notice", "2026-yichejian-kaohe", "第一车间班组绩效考核（本部门公开）", record)


def opinions() -> None:
    """Employees' opinions on some of the demo disclosures and the answers, as the union records
    them (意见与答复). One was adopted and led to the correction of the 2026 Q3 通讯费 record."""
    items: list[tuple[str, dict[str, Any]]] = [
        ("2025-001", {
            "公开事项": "GH/2025-00011", "渠道": "职工代表组长会",
            "收到日期": date(2025, 10, 21), "发布日期": date(2025, 11, 3),
            "意见摘要": "装配车间职工代表建议奖金分配方案在车间公告栏同时张贴，方便不常使用电脑的一线职工查阅。",
            "状态": "已采纳", "转交部门": "人力资源部", "转交日期": date(2025, 10, 22),
            "答复": "采纳。今后奖金分配方案在公司网站公布的同时，在各车间厂务公开栏张贴，并在车间看板轮播。",
            "答复部门": "人力资源部", "答复日期": date(2025, 10, 31),
        }),
        ("2025-002", {
            "公开事项": "GH/2025-00008", "渠道": "电子邮件",
            "收到日期": date(2025, 7, 16), "发布日期": date(2025, 7, 25),
            "意见摘要": "询问上半年招待费结余部分是否结转下半年使用。",
            "状态": "已答复", "答复": "业务招待费按年度核定、半年公开，上半年结余计入全年额度，不单独结转。",
            "答复部门": "财务部", "答复日期": date(2025, 7, 22),
        }),
        ("2026-001", {
            "公开事项": "GH/2026-00006", "渠道": "座谈会",
            "收到日期": date(2026, 7, 15), "发布日期": date(2026, 7, 28),
            "意见摘要": "有职工建议招待费公开时逐笔列明接待对象和事由。",
            "状态": "未采纳", "转交部门": "财务部", "转交日期": date(2026, 7, 16),
            "答复": "部门明细已列明批次、人次、金额和主要事由；逐笔接待对象涉及客户信息，按公司制度不逐笔公开，"
                    "职工代表可在职代会期间按程序查阅明细账。",
            "答复部门": "财务部", "答复日期": date(2026, 7, 24),
        }),
        ("2026-002", {
            "公开事项": "GH/2026-00010", "渠道": "意见箱",
            "收到日期": date(2026, 10, 14), "发布日期": date(2026, 11, 24),
            "意见摘要": "有职工反映第一车间主任第三季度通讯费比上季度明显偏高，疑含个人话费，请核实。",
            "状态": "已采纳", "转交部门": "财务部", "转交日期": date(2026, 10, 15),
            "答复": "经核查，报销票据中有一张40.00元的个人话费发票，已从报销中剔除，公示金额已更正。感谢职工监督。",
            "答复部门": "财务部", "答复日期": date(2026, 11, 24), "据此更正": date(2026, 11, 24),
        }),
        ("2026-003", {
            "公开事项": "GH/2026-00011", "渠道": "职工代表组长会",
            "收到日期": date(2026, 11, 19), "发布日期": date(2026, 11, 21),
            "意见摘要": "铸造车间职工代表提出，高温岗位的安全生产奖系数应高于一般生产岗位。",
            "状态": "已答复", "答复": "本方案部门系数已考虑高温作业因素，铸造车间部门系数高于其他生产车间；"
                                    "车间内个人系数由车间按岗位和考核结果确定，高温岗位可在车间分配时适当倾斜。",
            "答复部门": "人力资源部", "答复日期": date(2026, 11, 20),
        }),
        ("2026-004", {
            "公开事项": "GH/2026-00009", "渠道": "电话",
            "收到日期": date(2026, 11, 23), "发布日期": date(2026, 11, 23),
            "意见摘要": "询问拟录用人员放弃录用时，替补人员递补的程序和时限。",
            "状态": "已转交", "转交部门": "人力资源部", "转交日期": date(2026, 11, 23),
        }),
        ("2026-005", {
            "公开事项": "GH/2026-00011", "渠道": "书面意见",
            "收到日期": date(2026, 11, 23), "发布日期": date(2026, 11, 23),
            "意见摘要": "建议在方案中写明安全生产奖的发放时间。",
            "署名": "机修班全体职工", "同意公开署名": "是",
            "状态": "已收到",
        }),
    ]  # fmt: skip
    for number, fields in items:
        record = {"类型": "意见与答复", "编号": f"YJ/{number}", **fields}
        write("opinions", number, f"意见与答复 YJ/{number}", record)


def publication_demo() -> None:
    """What only the internal site shows: a record marked 内部, and a plan whose department
    table is internal (the public site shows its total)."""
    record = envelope(
        "通知公告",
        "2026年职工代表巡视检查问题清单（内部）",
        date(2026, 11, 16),
        "通报职工代表巡视检查发现的安全生产和劳动保护问题及整改责任部门，供职工代表跟踪督办。",
        [UNION],
        公开范围="职工代表",
        公示=False,
        内部=True,
    )
    record["正文"] = (
        "职工代表巡视组于11月上旬对各车间进行了巡视检查，发现以下问题：\n\n"
        "1. 铸造车间熔炼工段除尘罩吸风量不足，责任部门设备动力部，限期12月15日前整改；\n"
        "2. 装配车间夜班休息室空调故障未修复，责任部门综合办公室，限期11月30日前整改。"
    )
    write("notice", "2026-xunshi-neibu", "职工代表巡视问题清单（只在内部网站公开）", record)
    bonus(
        2026,
        "第四季度",
        date(2026, 11, 10),
        260_000,
        "劳动竞赛奖",
        内部字段=["部门分配"],
        公示=False,
    )


def main() -> None:
    if DATA.exists():
        shutil.rmtree(DATA)
    # In order of publication so 索引号 follow the calendar within each year.
    hospitality(2023, "下半年", date(2024, 1, 22))
    bonus(2023, "全年", date(2024, 1, 29), 3_600_000, "年终奖金")
    business_plan(2024)
    telecom(2024, 1, date(2024, 4, 12))
    regulations_done = False
    recruitment(
        2024,
        date(2024, 4, 1),
        [("铸造工艺员", 2, "材料成型及控制工程"), ("设备维修员", 2, "机械设计制造及其自动化")],
        social=False,
        take_down=date(2024, 12, 31),
    )
    hospitality(2024, "上半年", date(2024, 7, 15))
    telecom(2024, 2, date(2024, 7, 10))
    telecom(2024, 3, date(2024, 10, 14))
    bonus(2024, "第三季度", date(2024, 10, 21), 420_000, "安全生产奖")
    telecom(2024, 4, date(2025, 1, 13))
    hospitality(2024, "下半年", date(2025, 1, 20))
    bonus(2024, "全年", date(2025, 1, 27), 3_900_000, "年终奖金")
    business_plan(2025)
    telecom(2025, 1, date(2025, 4, 14))
    recruitment(
        2025,
        date(2025, 5, 6),
        [("电气工程师", 1, "电气工程及其自动化"), ("销售代表", 2, "")],
        social=True,
    )
    hospitality(2025, "上半年", date(2025, 7, 14))
    telecom(2025, 2, date(2025, 7, 11))
    telecom(2025, 3, date(2025, 10, 13))
    bonus(2025, "第三季度", date(2025, 10, 20), 450_000, "安全生产奖")
    telecom(2025, 4, date(2026, 1, 12))
    hospitality(2025, "下半年", date(2026, 1, 19))
    bonus(2025, "全年", date(2026, 1, 26), 4_150_000, "年终奖金")
    business_plan(2026)
    telecom(2026, 1, date(2026, 4, 13))
    hospitality(2026, "上半年", date(2026, 7, 13))
    telecom(2026, 2, date(2026, 7, 10))
    recruitment(
        2026,
        date(2026, 9, 14),
        [("铸造工艺员", 2, "材料成型及控制工程"), ("质量工程师", 1, "")],
        social=False,
    )
    telecom(2026, 3, date(2026, 10, 12))
    bonus(2026, "第三季度", date(2026, 11, 18), 480_000, "安全生产奖")
    if not regulations_done:
        regulations()
    notices()
    workshop_notice()
    opinions()
    publication_demo()
    print(f"wrote {len(written)} records to {DATA}")


if __name__ == "__main__":
    main()
