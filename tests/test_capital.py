import pytest
from cwgk.capital import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("12000", "人民币壹万贰仟元整"),  # domain brief
        ("6007.14", "人民币陆仟零柒元壹角肆分"),  # domain brief
        ("10", "人民币壹拾元整"),  # leading ten is 壹拾
        ("110000", "人民币壹拾壹万元整"),
        ("100005", "人民币壹拾万零伍元整"),  # one 零 for a run of zeros
        ("100500", "人民币壹拾万零伍佰元整"),  # zero across the 万 boundary
        ("1010", "人民币壹仟零壹拾元整"),
        ("1000100", "人民币壹佰万零壹佰元整"),
        ("200000000", "人民币贰亿元整"),
        ("10.10", "人民币壹拾元零壹角"),  # 元 digit 0, 角 not: 零 (the rule's first form)
        ("1.05", "人民币壹元零伍分"),  # no 整 after 分
        ("0.5", "人民币伍角"),  # no 整 after 角, as the rule's 1,409.50 example
        ("0.05", "人民币伍分"),
        ("0", "人民币零元整"),
        ("119950", "人民币壹拾壹万玖仟玖佰伍拾元整"),
        ("3900000.00", "人民币叁佰玖拾万元整"),
    ],
)
def test_vectors(amount, words):
    assert amount_in_words(amount) == words


# Every example the 中国人民银行 rule prints (《支付结算办法》附件一《正确填写票据和结算凭证的基本
# 规定》第四条, items 2–5), in the first of the forms it allows.
REGULATION = [
    ("1409.50", "人民币壹仟肆佰零玖元伍角"),
    ("6007.14", "人民币陆仟零柒元壹角肆分"),
    ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
    ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "人民币叁佰贰拾伍元零肆分"),
]


@pytest.mark.parametrize(("amount", "words"), REGULATION)
def test_every_example_of_the_regulation(amount, words):
    assert amount_in_words(amount) == words
