// Network view (Cytoscape.js, served from /static/vendor): entities linked by articles in
// common, quotes and events, from /api/graph.  Names go into the graph as data (text), never HTML.
(function () {
  "use strict";
  const container = document.getElementById("graph");
  const status = document.getElementById("graph-status");
  if (!container) return;
  const COLORS = { PER: "#1f6feb", ORG: "#8250df", LOC: "#1a7f37", MISC: "#9a6700" };
  const EDGE_COLORS = { cooccurrence: "#8c959f", quote: "#d4a72c", event: "#cf222e" };

  function entityUrl(type, name) {
    return "/entities/" + encodeURIComponent(type) + "/" + encodeURIComponent(name);
  }

  function elements(data) {
    const maxMentions = Math.max(1, ...data.nodes.map(function (n) { return n.mentions; }));
    const maxWeight = Math.max(1, ...data.edges.map(function (e) { return e.weight; }));
    const nodes = data.nodes.map(function (n) {
      return { data: { id: n.id, label: n.name, type: n.type, name: n.name, center: n.id === data.center,
                       size: 18 + 42 * Math.sqrt(n.mentions / maxMentions) } };
    });
    const edges = data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind, weight: e.weight,
                       width: 1 + 7 * (e.weight / maxWeight) } };
    });
    return nodes.concat(edges);
  }

  function style() {
    return [
      { selector: "node", style: {
          "label": "data(label)", "width": "data(size)", "height": "data(size)", "font-size": 11,
          "background-color": function (n) { return COLORS[n.data("type")] || "#57606a"; },
          "text-valign": "bottom", "text-margin-y": 3, "color": "#1f2328" } },
      { selector: "node[?center]", style: { "border-width": 4, "border-color": "#24292f" } },
      { selector: "edge", style: {
          "width": "data(width)", "opacity": 0.7, "curve-style": "bezier",
          "line-color": function (e) { return EDGE_COLORS[e.data("kind")]; } } },
      { selector: "edge[kind = 'quote']", style: {
          "target-arrow-shape": "triangle", "target-arrow-color": EDGE_COLORS.quote } },
    ];
  }

  function bindFilters(cy) {
    document.querySelectorAll("#edge-kinds input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () {
        cy.edges("[kind = '" + box.value + "']").style("display", box.checked ? "element" : "none");
      });
    });
  }

  async function draw() {
    if (typeof cytoscape === "undefined") { status.textContent = "Graph library not installed."; return; }
    const response = await fetch(container.dataset.apiUrl);
    if (!response.ok) { status.textContent = "Graph unavailable (" + response.status + ")."; return; }
    const data = await response.json();
    const cy = cytoscape({
      container: container, elements: elements(data), style: style(),
      layout: { name: "cose", animate: false, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 90; } },
      wheelSensitivity: 0.3,
    });
    cy.on("tap", "node", function (event) {
      const node = event.target;
      window.location.href = entityUrl(node.data("type"), node.data("name"));
    });
    bindFilters(cy);
    window.newsgraphGraph = cy;
    container.dataset.ready = "true";
    status.textContent = data.nodes.length + " entities, " + data.edges.length + " links.";
  }
  draw();
})();
