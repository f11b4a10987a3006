from cwgk.search_terms import register_words, search_tokens, segment


def test_compound_tails_become_their_own_words():
    assert "季度" in segment("2024年第三季度业务招待费使用情况")
    assert "考核" in segment("员工绩效考核管理办法")
    assert "干部" in segment("中层干部通讯费")


def test_registered_names_are_never_split():
    register_words(["欧阳晓峰", "铸造车间"])
    assert "欧阳晓峰" in segment("拟录用欧阳晓峰为工艺员")
    assert "铸造车间" in segment("铸造车间主任")


def test_display_text_is_unchanged_apart_from_separators():
    text = "第三季度绩效考核"
    assert search_tokens(text).replace("\u200b", "") == text


def test_a_name_registered_after_a_text_was_indexed_is_found_in_it_the_next_time():
    text = "拟录用司马青禾为技术员"
    before = search_tokens(text)  # kept for the next page with the same text
    assert search_tokens(text) is before
    register_words(["司马青禾"])
    assert "司马青禾" in search_tokens(text).split("\u200b")
