/* Working days and 公示 status in the browser, from the calendar the build ships: Monday–Friday
   with the official exceptions (weekday holidays, 调休 weekend workdays) of the years it knows.
   Shared by the site (status.js) and the kiosk (inlined). ES5, no dependencies.
   The browser's copy of hooks/cwgk/date_rules.py: both run tests/date_vectors.json. */
(function (root) {
  "use strict";
  function cwgkWorkdays(data) {
    var off = {}, on = {}, known = {}, i;
    for (i = 0; i < data.off.length; i++) off[data.off[i]] = true;
    for (i = 0; i < data.on.length; i++) on[data.on[i]] = true;
    for (i = 0; i < data.known_years.length; i++) known[data.known_years[i]] = true;
    var offset = (data.utc_offset_minutes || 0) * 60000;

    function isWorkday(day) {
      if (on[day]) return true;
      if (off[day]) return false;
      var p = day.split("-"), wd = new Date(Date.UTC(+p[0], +p[1] - 1, +p[2])).getUTCDay();
      return wd !== 0 && wd !== 6;
    }
    // Working days from `today` to `end`, both included; `sure` is false when a year is estimated.
    function left(today, end) {
      var p = today.split("-"), t = Date.UTC(+p[0], +p[1] - 1, +p[2]), n = 0, sure = true, day;
      for (var k = 0; ; k++) {
        day = new Date(t + k * 86400000).toISOString().slice(0, 10);
        if (day > end) break;
        if (!known[day.slice(0, 4)]) sure = false;
        if (isWorkday(day)) n++;
      }
      return { days: n, sure: sure };
    }
    // The company's local calendar day (Asia/Shanghai by default) of a moment.
    function localDay(ms) {
      return new Date(ms + offset).toISOString().slice(0, 10);
    }
    function instant(day, hhmm, endOfMinute) {
      var p = day.split("-"), t = hhmm.split(":");
      return Date.UTC(+p[0], +p[1] - 1, +p[2], +t[0], +t[1], endOfMinute ? 59 : 0) - offset;
    }
    // 公示 status at `now`: key open / pending / closed and the words employees read.
    function status(start, end, endTime, now) {
      if (now < instant(start, "00:00")) {
        var s = start.split("-");
        return { key: "pending", text: "未开始（" + +s[1] + "月" + +s[2] + "日起公示）" };
      }
      if (now > instant(end, endTime || "23:59", !endTime)) return { key: "closed", text: "公示期满" };
      var today = localDay(now);
      if (today === end) {
        return { key: "open", text: "公示中（今天" + (endTime || "") + "截止）", remaining: 1 };
      }
      var l = left(today, end);
      return { key: "open", text: "公示中（剩余" + (l.sure ? "" : "约") + l.days + "个工作日）",
        remaining: l.days };
    }
    // Whole calendar days a 公开目录 item due on `due` is late at `now` (0: on time).
    function overdue(due, now) {
      var late = Math.round((Date.parse(localDay(now)) - Date.parse(due)) / 86400000);
      return late > 0 ? late : 0;
    }
    // Kiosk order: in 公示 first (soonest end, then 索引号), then about to start (soonest start,
    // then 索引号), then the rest as given (newest first). items: {start, end, endTime, index}.
    function order(items, now) {
      var ranked = [];
      for (var i = 0; i < items.length; i++) {
        var it = items[i], st = it.start ? status(it.start, it.end, it.endTime, now) : null;
        var group = !st || st.key === "closed" ? 2 : st.key === "open" ? 0 : 1;
        var day = group === 0 ? it.end : group === 1 ? it.start : "";
        ranked.push({ item: it, key: [group, day, group === 2 ? "" : it.index || "", i] });
      }
      ranked.sort(function (a, b) {
        for (var k = 0; k < 4; k++) {
          if (a.key[k] < b.key[k]) return -1;
          if (a.key[k] > b.key[k]) return 1;
        }
        return 0;
      });
      var out = [];
      for (var j = 0; j < ranked.length; j++) out.push(ranked[j].item);
      return out;
    }
    return { isWorkday: isWorkday, left: left, localDay: localDay, status: status,
      overdue: overdue, order: order };
  }
  root.cwgkWorkdays = cwgkWorkdays;
})(this);
