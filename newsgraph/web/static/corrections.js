// Correction forms on the entity page: POST to the corrections API with the bearer token
// typed by the user (kept for this tab only).  Disabled when the store cannot take them.
// Both act on the corpus entity this page's name belongs to: the page reloads to show it.
(function () {
  "use strict";
  const panel = document.getElementById("corrections");
  if (!panel) return;
  const status = document.getElementById("corrections-status");
  const tokenInput = document.getElementById("api-token");
  tokenInput.value = sessionStorage.getItem("newsgraph-token") || "";

  async function send(form, body, onDone) {
    sessionStorage.setItem("newsgraph-token", tokenInput.value);
    status.classList.remove("ok");
    status.textContent = "Sending…";
    const response = await fetch(form.dataset.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + tokenInput.value },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      status.textContent = (data.error && data.error.message) || ("Failed (" + response.status + ").");
      return;
    }
    status.classList.add("ok");
    status.textContent = data.message || "Done.";
    onDone(data);
  }

  const rename = document.getElementById("rename-form");
  rename.addEventListener("submit", function (event) {
    event.preventDefault();
    const newName = rename.elements.new_name.value.trim();
    const entity = { type: rename.dataset.type, name: rename.dataset.name };
    send(rename, { entity: entity, new_name: newName }, function () { window.location.reload(); });
  });

  const merge = document.getElementById("merge-form");
  merge.addEventListener("submit", function (event) {
    event.preventDefault();
    const keep = { type: merge.dataset.type, name: merge.dataset.name };
    const other = { type: merge.elements.other_type.value, name: merge.elements.other_name.value.trim() };
    send(merge, { entities: [keep, other] }, function () { window.location.reload(); });
  });
})();
