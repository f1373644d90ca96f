// Search page: as you type, entities with a name or alias containing the words (links to their pages).
(function () {
  "use strict";
  const input = document.getElementById("search-input");
  const list = document.getElementById("entity-suggestions");
  if (!input || !list) return;
  let timer = null;
  let latest = 0;

  function entityUrl(type, name) {
    return "/entities/" + encodeURIComponent(type) + "/" + encodeURIComponent(name);
  }

  function show(items) {
    list.replaceChildren();
    for (const item of items) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      const page = item.variants.length ? item.variants[0] : item; // the name its page is read under
      a.href = entityUrl(page.type, page.name);
      a.className = "entity-link type-" + item.type;
      a.textContent = item.name; // text, never HTML
      li.append(a);
      list.append(li);
    }
  }

  async function suggest() {
    const words = input.value.trim();
    const ticket = ++latest;
    if (words.length < 2) { show([]); return; }
    try {
      const response = await fetch("/api/entities?limit=8&q=" + encodeURIComponent(words));
      if (!response.ok || ticket !== latest) return;
      const page = await response.json();
      show(page.items);
    } catch (error) { /* suggestions are optional */ }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
})();
