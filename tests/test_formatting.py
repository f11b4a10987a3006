from datetime import date, time
from decimal import Decimal

from cwgk import formatting


def test_long_date_has_no_leading_zeros():
    assert formatting.long_date(date(2024, 3, 5)) == "2024年3月5日"
    assert formatting.long_date(date(2024, 12, 25)) == "2024年12月25日"


def test_money_two_decimals_grouped():
    assert formatting.money(Decimal("12345")) == "12,345.00"
    assert formatting.money(Decimal("0.5")) == "0.50"


def test_change_sentence_matches_report_pattern():
    assert (
        formatting.change_sentence(Decimal(12845), Decimal(12345)) == "比上年增加500.00元，增长4.1%"
    )
    assert (
        formatting.change_sentence(Decimal(9000), Decimal(10000))
        == "比上年减少1,000.00元，下降10.0%"
    )
    assert formatting.change_sentence(Decimal(5), Decimal(5)) == "与上年持平"


def test_time_of_day():
    assert formatting.time_of_day(time(17, 30)) == "17:30"
