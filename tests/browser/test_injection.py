"""Injection: records carrying script payloads in every kind of field stay inert in Chromium.

Every payload, if it ran, would set window.__pwned or open a dialog. The pages an employee or a
screen sees — record, lists, home, archive, 意见答复, kiosk, search results — are visited."""

from __future__ import annotations

import pytest
from browser_helpers import screenshot
from site_builder import served_site

pytestmark = pytest.mark.browser

RUN = "window.__pwned=1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f'<svg onload="{RUN}"></svg>',
    f'<iframe src="javascript:{RUN}"></iframe>',
    f'<a href="javascript:{RUN}">链接</a>',
    f'"><img src=x onerror={RUN}>',
    f"<body onload={RUN}>",
    "{{ 7*7 }}{% raw %}",
]
BODY = "\n\n".join(
    [
        "体检安排如下。",
        *PAYLOADS,
        f"[点击查看](javascript:{RUN})",
        "[数据链接](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        f'段落带属性 {{: onclick="{RUN}" }}',
        f'<div markdown="1" onmouseover="{RUN}">块</div>',
        f"<style>body {{ display: none }}</style><a href='vbscript:{RUN}'>v</a>",
        "| 项目 | 说明 |\n|---|---|\n| 体检 | " + f"<img src=x onerror={RUN}>" + " |",
    ]
)


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


NOTICE = f"""\
类型: 通知公告
索引号: GH/2026-00001
标题: {quoted('<img src=x onerror="' + RUN + '">关于体检的通知')}
发布机构: [{quoted("<b onmouseover=alert(1)>公司工会</b>")}]
发布日期: 2026-11-20
内容概述: {quoted(f"<script>{RUN}</script>公布体检安排。")}
关键词: [{quoted(f"<svg onload={RUN}>")}]
公示期:
  开始: 2026-11-20
  工作日: 5
正文: {quoted(BODY)}
"""

TELECOM = f"""\
类型: 中层领导通讯费
索引号: GH/2026-00002
标题: 2026年第三季度中层领导通讯费发放情况公示
发布机构: [公司工会]
发布日期: 2026-11-20
内容概述: 公开第三季度通讯费。
公示期:
  开始: 2026-11-20
  工作日: 5
期间: {{年度: 2026, 区间: 第三季度}}
明细:
  - 姓名: {quoted(f"<script>{RUN}</script>张伟")}
    部门: {quoted(f'"><img src=x onerror={RUN}>车间')}
    职务: {quoted("</td></tr></table><script>" + RUN + "</script>")}
    标准: 180
    月数: 3
    金额: 300
"""

OPINION = f"""\
类型: 意见与答复
编号: YJ/2026-001
公开事项: GH/2026-00001
渠道: 电话
收到日期: 2026-11-20
发布日期: 2026-11-21
意见摘要: {quoted(f"<img src=x onerror={RUN}>询问体检时间。")}
状态: 已答复
答复: {quoted(f"<script>{RUN}</script>12月上旬。")}
答复部门: {quoted(f"<svg onload={RUN}>工会")}
答复日期: 2026-11-21
"""


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    records = {"notice/n.yaml": NOTICE, "telecom/t.yaml": TELECOM, "opinions/o.yaml": OPINION}
    with served_site(tmp_path_factory.mktemp("injection"), records, "2026-11-23") as url:
        yield url


PAGES = [
    "",
    "records/gh-2026-00001/",
    "records/gh-2026-00002/",
    "kinds/notice/",
    "kinds/telecom/",
    "years/2026/",
    "archive/",
    "opinions/",
    "updates/",
    "stats/",
    "kiosk/",
]


def test_payloads_in_records_never_run(browser, payload_site):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((payload_site, "data:")) else outside.append(r.url),
    )
    for url in PAGES:
        page.goto(payload_site + url)
        page.wait_for_load_state("load")
        page.mouse.move(200, 300)  # hover handlers, if any had survived
        page.mouse.click(5, 5)
        assert page.evaluate("window.__pwned") is None, url
    # The text is still there, shown as text: nothing is silently lost from a disclosure.
    page.goto(payload_site + "records/gh-2026-00001/")
    assert '<img src=x onerror="window.__pwned=1">关于体检的通知' in page.locator("h1").inner_text()
    body = page.locator(".cwgk-body")
    assert "体检安排如下。" in body.inner_text()
    hrefs = body.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert all(
        h is None or not h.lower().startswith(("javascript", "data", "vbscript")) for h in hrefs
    )
    assert (
        body.locator("script, iframe, svg, img, style, [onclick], [onmouseover], [onload]").count()
        == 0
    )
    for link in body.locator("a").all():
        link.click(no_wait_after=True)
    screenshot(page, "injection-record")
    # Search results render the indexed text: still inert.
    page.goto(payload_site)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("体检")
    box.press("End")
    page.locator(".md-search-result__meta").filter(has_text="结果").wait_for()
    assert page.evaluate("window.__pwned") is None
    assert dialogs == [] and outside == []
    context.close()
