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
        ("10.10", "人民币壹拾元壹角整"),  # 整 after 角
        ("1.05", "人民币壹元零伍分"),  # no 整 after 分
        ("0.5", "人民币伍角整"),
        ("0.05", "人民币伍分"),
        ("0", "人民币零元整"),
        ("119950", "人民币壹拾壹万玖仟玖佰伍拾元整"),
        ("3900000.00", "人民币叁佰玖拾万元整"),
    ],
)
def test_vectors(amount, words):
    assert amount_in_words(amount) == words
