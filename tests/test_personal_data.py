"""Personal data typed into records: found with few false alarms, refused with the masked form."""

import pytest
from cwgk.personal_data import find, is_id18, luhn, mask_id, mask_phone
from cwgk.settings import SiteSettings
from record_samples import ENVELOPE, HOSPITALITY


def card(prefix: str, length: int) -> str:
    """A number that passes Luhn, as a real card number does."""
    body = prefix + "1234567890123456789"[: length - len(prefix) - 1]
    return next(body + d for d in "0123456789" if luhn(body + d))


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("身份证号11010519491231002X", "身份证号码", "11*************02X"),
        ("老身份证 110105491231002 已换领", "身份证号码", "11**********002"),
        ("联系电话13812345678", "手机号码", "138****5678"),
        ("手机：138-1234-5678", "手机号码", "138****5678"),
        ("手机 138 1234 5678。", "手机号码", "138****5678"),
        (f"工资卡 {card('6222', 19)}", "银行卡号", None),
        (f"卡号{card('4', 16)}", "银行卡号", None),
        ("请发到 zhangwei1988@qq.com 联系", "个人电子邮箱", "z***@qq.com"),
        ("住福州市鼓楼区五四路128号3栋502室", "家庭住址", ""),
        ("家住幸福小区12栋3单元502室", "家庭住址", ""),
    ],
)
def test_personal_data_is_found_and_masked(text, kind, masked):
    (finding,) = find(text)
    assert finding.kind == kind
    if masked is not None:
        assert finding.masked == masked


@pytest.mark.parametrize(
    "text",
    [
        "实际支出为1234567.89元，比上年增加12,345.00元",
        "准考证号 2026020113，笔试成绩 77.7",
        "工字〔2024〕12号、司发〔2023〕8号",
        "2024-03-05 至 2024-03-11，20240305",
        "索引号 GH/2024-00012",
        "办公电话 0591-87650305，传真 0591-87650306",
        "身份证号 35*************123，手机 138****1234",  # already masked
        "合计 6,136.55 元；部门奖金 481,000.00 元",
        "110105194912310021",  # 18 digits whose checksum fails: not an ID
        "订单号 20241231235959123",  # a timestamp-like number, not a valid ID date
        "办公楼三楼305室、食堂一楼入口",
        "经营计划：营业收入 185600 万元，利润总额 12800 万元",
    ],
)
def test_realistic_numbers_do_not_trip_it(text):
    assert find(text) == []


def test_official_contacts_pass():
    official = frozenset({"13905910305", "gonghui@mjzj.example.cn"})
    assert find("工会值班手机 13905910305，邮箱 gonghui@mjzj.example.cn", official) == []


def test_masking_helpers():
    assert mask_phone("138-1234-5678") == "138****5678"
    assert mask_id("11010519491231002X") == "11*************02X"
    assert is_id18("11010519491231002X") and not is_id18("110105194912310021")


def test_check_refuses_personal_data_with_file_line_field_and_masked_form(mini):
    mini.write(
        "n.yaml",
        ENVELOPE.replace("正文: 体检于3月中旬进行。", "正文: 有疑问请联系张伟，手机13812345678。"),
    )
    mini.write(
        "h.yaml",
        HOSPITALITY.replace(
            "    金额: 43500", "    金额: 43500\n    事由: 接待住五四路128号3栋502室的客户"
        ),
    )
    problems = sorted(p.format() for p in mini.problems())
    assert problems == [
        "data/h.yaml:20:9: 错误 字段「部门明细[2].事由」：疑似家庭住址“接待住五四路128号3栋502室”：个人信息不得公开（个人信息保护法）"
        "（应为：删去；地址最多写到街道（例如 五四路），门牌、楼栋、房号不写）",
        "data/n.yaml:7:16: 错误 字段「正文」：疑似手机号码“13812345678”：个人信息不得公开（个人信息保护法）"
        "（应为：删去，或写成遮盖后的形式：138****5678）",
    ]
    mini.project.settings = SiteSettings(official_contacts=["13812345678"])  # a declared work phone
    assert [p.field for p in mini.problems()] == ["部门明细[2].事由"]


def test_the_contact_block_is_official_by_declaration(mini):
    mini.write("n.yaml", ENVELOPE + "受理:\n  部门: 公司工会\n  电话: 13905910305\n")
    assert mini.problems() == []
