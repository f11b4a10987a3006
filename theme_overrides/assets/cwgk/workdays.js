/* Working days and 公示 status in the browser, from the calendar the build ships: Monday–Friday
   with the official exceptions (weekday holidays, 调休 weekend workdays) of the years it knows.
   Shared by the site (status.js) and the kiosk (inlined). ES5, no dependencies. */
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
      for (var k = 0; k < 400; k++) {
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
      if (today === end) return { key: "open", text: "公示中（今天" + (endTime || "") + "截止）" };
      var l = left(today, end);
      return { key: "open", text: "公示中（剩余" + (l.sure ? "" : "约") + l.days + "个工作日）" };
    }
    return { isWorkday: isWorkday, left: left, localDay: localDay, status: status };
  }
  root.cwgkWorkdays = cwgkWorkdays;
})(this);
