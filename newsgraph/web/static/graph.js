// Network view (Cytoscape.js, served from /static/vendor): entities linked by articles in
// common, quotes in the same article, quotes about one another and events, from /api/graph
// (nodes: corpus entities once resolved, as in the graph exports).  Names go into the graph
// as data (text), never HTML.
// The most mentioned nodes are named; the others show their name while pointed at.
(function () {
  "use strict";
  const container = document.getElementById("graph");
  const status = document.getElementById("graph-status");
  if (!container) return;
  const COLORS = { PER: "#1f6feb", ORG: "#8250df", LOC: "#1a7f37", MISC: "#9a6700" };
  const EDGE_COLORS = { cooccurrence: "#8c959f", coquoted: "#0a7d8c", about: "#d4a72c", event: "#cf222e" };
  const NAMED = 8;  // nodes named without pointing at them (the most mentioned)

  function entityUrl(type, name) {
    return "/entities/" + encodeURIComponent(type) + "/" + encodeURIComponent(name);
  }

  function elements(data) {
    const maxMentions = Math.max(1, ...data.nodes.map(function (n) { return n.mentions; }));
    const maxWeight = Math.max(1, ...data.edges.map(function (e) { return e.weight; }));
    const ranked = data.nodes.slice().sort(function (a, b) { return b.mentions - a.mentions; });
    const named = new Set(ranked.slice(0, NAMED).map(function (n) { return n.id; }));
    const nodes = data.nodes.map(function (n) {
      return { data: { id: n.id, label: n.name, type: n.type, name: n.name, center: n.id === data.center,
                       mentions: n.mentions, main: named.has(n.id) || n.id === data.center,
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
          "label": "", "width": "data(size)", "height": "data(size)", "font-size": 11,
          "background-color": function (n) { return COLORS[n.data("type")] || "#57606a"; },
          "text-valign": "bottom", "text-margin-y": 3, "color": "#1f2328",
          "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
      { selector: "node[?main], node.pointed", style: { "label": "data(label)" } },
      { selector: "node.pointed", style: { "z-index": 10, "font-weight": "bold" } },
      { selector: "node[?center]", style: { "border-width": 4, "border-color": "#24292f" } },
      { selector: "edge", style: {
          "width": "data(width)", "opacity": 0.6, "curve-style": "bezier",
          "line-color": function (e) { return EDGE_COLORS[e.data("kind")]; } } },
      { selector: "edge[kind = 'about']", style: {
          "target-arrow-shape": "triangle", "target-arrow-color": EDGE_COLORS.about } },
    ];
  }

  // The most mentioned (or the centre) in the middle, the others in rings around it.
  function layout(data) {
    const maxMentions = Math.max(1, ...data.nodes.map(function (n) { return n.mentions; }));
    return {
      name: "concentric", animate: false, minNodeSpacing: 18, avoidOverlap: true,
      concentric: function (node) {
        return node.data("center") ? 2 * maxMentions + 1 : node.data("mentions");
      },
      levelWidth: function () { return Math.max(1, maxMentions / 4); },
    };
  }

  function bindFilters(cy) {
    const hiddenTypes = new Set();
    const hiddenKinds = new Set();
    function apply() {
      cy.nodes().forEach(function (node) {
        node.style("display", hiddenTypes.has(node.data("type")) ? "none" : "element");
      });
      cy.edges().forEach(function (edge) {
        edge.style("display", hiddenKinds.has(edge.data("kind")) ? "none" : "element");
      });
      status.textContent = cy.nodes(":visible").length + " entities, " + cy.edges(":visible").length + " links shown.";
    }
    function follow(selector, hidden) {
      document.querySelectorAll(selector).forEach(function (box) {
        box.addEventListener("change", function () {
          if (box.checked) hidden.delete(box.value); else hidden.add(box.value);
          apply();
        });
      });
    }
    follow("#node-types input[type=checkbox]", hiddenTypes);
    follow("#edge-kinds input[type=checkbox]", hiddenKinds);
  }

  async function draw() {
    if (typeof cytoscape === "undefined") { status.textContent = "Graph library not installed."; return; }
    const response = await fetch(container.dataset.apiUrl);
    if (!response.ok) {  // 404: a centre no article names
      status.textContent = response.status === 404 && container.dataset.centre
        ? "No entity " + container.dataset.centre + " in the store."
        : "Graph unavailable (" + response.status + ").";
      container.hidden = true;
      return;
    }
    const data = await response.json();
    if (!data.nodes.length) { status.textContent = "No entity to show."; container.hidden = true; return; }
    const cy = cytoscape({ container: container, elements: elements(data), style: style(), layout: layout(data) });
    cy.on("tap", "node", function (event) {
      const node = event.target;
      window.location.href = entityUrl(node.data("type"), node.data("name"));
    });
    cy.on("mouseover", "node", function (event) { event.target.addClass("pointed"); });
    cy.on("mouseout", "node", function (event) { event.target.removeClass("pointed"); });
    bindFilters(cy);
    window.newsgraphGraph = cy;
    container.dataset.ready = "true";
    status.textContent = data.nodes.length + " entities, " + data.edges.length + " links.";
    if (data.center && data.nodes.length === 1) status.textContent = "No link from " + data.center + " to another entity.";
  }
  draw();
})();
