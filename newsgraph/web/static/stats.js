// Statistics charts (Chart.js, served from /static/vendor).  Each canvas carries the JSON of
// its /api/stats answer in data-chart; names are drawn on the canvas as text, never as HTML.
(function () {
  "use strict";
  const KIND_COLOURS = { person: "#1f6feb", organisation: "#8250df", unnamed: "#d4a72c", unattributed: "#8c959f" };
  const GENDER_COLOURS = { f: "#cf222e", m: "#1a7f37", unknown: "#c8d1da" };
  const SERIES_COLOURS = ["#1f6feb", "#cf222e", "#1a7f37", "#8250df", "#d4a72c", "#57606a", "#bf3989", "#0a7d91"];
  const charts = {};
  window.newsgraphStats = charts;

  function groups(items) {
    return Array.from(new Set(items.map(function (r) { return r.group; })));
  }

  function percentAxis() {
    return { stacked: true, min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } };
  }

  const builders = {
    "chart-quoted": function (data) {
      return {
        type: "bar",
        data: {
          labels: data.items.map(function (r) { return r.name; }),
          datasets: [{
            label: "quotes", data: data.items.map(function (r) { return r.quotes; }),
            backgroundColor: data.items.map(function (r) { return KIND_COLOURS[r.kind]; }),
          }],
        },
        options: { indexAxis: "y", plugins: { legend: { display: false } },
                   scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
      };
    },
    "chart-shares": function (data) {
      const labels = groups(data.items);
      const datasets = Object.keys(KIND_COLOURS).map(function (kind) {
        return {
          label: kind, backgroundColor: KIND_COLOURS[kind],
          data: labels.map(function (group) {
            const row = data.items.find(function (r) { return r.group === group && r.kind === kind; });
            return row ? Math.round(row.share * 1000) / 10 : 0;
          }),
        };
      });
      return { type: "bar", data: { labels: labels, datasets: datasets },
               options: { indexAxis: "y", scales: { x: percentAxis(), y: { stacked: true } } } };
    },
    "chart-gender": function (data) {
      const labels = data.items.map(function (r) {
        return r.group + " (coverage " + Math.round(r.coverage * 100) + "%)";
      });
      const datasets = Object.keys(GENDER_COLOURS).map(function (gender) {
        return { label: gender, backgroundColor: GENDER_COLOURS[gender],
                 data: data.items.map(function (r) { return r[gender]; }) };
      });
      return { type: "bar", data: { labels: labels, datasets: datasets },
               options: { indexAxis: "y",
                          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
                                    y: { stacked: true } } } };
    },
    "chart-over-time": function (data) {
      const periods = new Set();
      data.items.forEach(function (s) { s.points.forEach(function (p) { periods.add(p.period); }); });
      // Real time: every period between the first and the last, "undated" after them.
      const labels = window.newsgraphPeriods.fill(Array.from(periods));
      const datasets = data.items.map(function (s, i) {
        const counts = {};
        s.points.forEach(function (p) { counts[p.period] = p.quotes; });
        const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
        return { label: s.name, borderColor: colour, backgroundColor: colour,
                 data: labels.map(function (period) { return counts[period] || 0; }) };
      });
      return { type: labels.length > 1 ? "line" : "bar", data: { labels: labels, datasets: datasets },
               options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } };
    },
  };

  function note(canvas, text) {
    const p = document.createElement("p");
    p.className = "meta";
    p.textContent = text;
    canvas.parentElement.after(p);
  }

  Object.keys(builders).forEach(function (id) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    if (typeof Chart === "undefined") { note(canvas, "Chart library not installed."); return; }
    const config = builders[id](JSON.parse(canvas.dataset.chart));
    if (!config.data.labels.length) { canvas.parentElement.hidden = true; note(canvas, "Nothing to draw."); return; }
    config.options = Object.assign({ maintainAspectRatio: false, animation: false }, config.options);
    charts[id] = new Chart(canvas, config);
    canvas.dataset.ready = "true";
  });
})();
