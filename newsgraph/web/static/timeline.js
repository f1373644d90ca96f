// Timeline chart (Chart.js, served from /static/vendor): counts per month from /api/timeline,
// on a real time axis (periods.js fills the months without articles).
(function () {
  "use strict";
  const canvas = document.getElementById("timeline-chart");
  if (!canvas) return;

  function message(text) {
    const p = document.createElement("p");
    p.className = "meta";
    p.textContent = text;
    canvas.parentElement.after(p);
  }

  async function draw() {
    if (typeof Chart === "undefined") { message("Chart library not installed."); return; }
    const response = await fetch(canvas.dataset.apiUrl);
    if (!response.ok) { message("Timeline unavailable (" + response.status + ")."); return; }
    const data = await response.json();
    // Every month between the first and the last: the axis is real time, gaps included.
    const labels = window.newsgraphPeriods.fill(data.buckets.map(function (b) { return b.period; }));
    const byPeriod = {};
    data.buckets.forEach(function (b) { byPeriod[b.period] = b; });
    const series = canvas.dataset.mode === "entity"
      ? [["articles", "#1f6feb"], ["quotes", "#d4a72c"], ["events", "#cf222e"]]
      : [["articles", "#1f6feb"]];
    const datasets = series.map(function (pair) {
      return { label: pair[0], backgroundColor: pair[1],
               data: labels.map(function (p) { return byPeriod[p] ? byPeriod[p][pair[0]] : 0; }) };
    });
    window.newsgraphChart = new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    canvas.dataset.ready = "true";
    if (!labels.length) message("No dated article.");
  }
  draw();
})();
