// Calendar periods for the charts' time axes: every year, month or day between the first
// and the last period of the data, so that a category axis is real time (2019-05 and
// 2023-08 are 51 months apart, with the empty months shown).
(function () {
  "use strict";
  const MAX_PERIODS = 20000;
  const FORMATS = [
    [/^\d{4}$/, "year"], [/^\d{4}-\d{2}$/, "month"], [/^\d{4}-\d{2}-\d{2}$/, "day"],
  ];

  function granularity(period) {
    const found = FORMATS.find(function (pair) { return pair[0].test(period); });
    return found ? found[1] : null;
  }

  function pad(value, width) { return String(value).padStart(width, "0"); }

  function next(period, kind) {
    if (kind === "year") return pad(Number(period) + 1, 4);
    if (kind === "month") {
      const year = Number(period.slice(0, 4)), month = Number(period.slice(5, 7));
      return month === 12 ? pad(year + 1, 4) + "-01" : pad(year, 4) + "-" + pad(month + 1, 2);
    }
    const day = new Date(period + "T00:00:00Z");
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
  }

  // The sorted periods of `periods` with every missing one in between; other labels
  // ("undated") after them.  Mixed or unknown formats, or a span beyond MAX_PERIODS: the
  // given periods, sorted.
  function fill(periods) {
    const unique = Array.from(new Set(periods));
    const dated = unique.filter(function (p) { return granularity(p) !== null; }).sort();
    const others = unique.filter(function (p) { return granularity(p) === null; });
    const kinds = new Set(dated.map(granularity));
    if (dated.length < 2 || kinds.size !== 1) return dated.concat(others);
    const kind = dated[0] && granularity(dated[0]);
    const last = dated[dated.length - 1];
    const filled = [dated[0]];
    while (filled[filled.length - 1] < last) {
      if (filled.length >= MAX_PERIODS) return dated.concat(others);
      filled.push(next(filled[filled.length - 1], kind));
    }
    return filled.concat(others);
  }

  window.newsgraphPeriods = { fill: fill };
})();
