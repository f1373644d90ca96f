// The API docs page: Swagger UI (served from this server, never a CDN) over the app's
// own OpenAPI description.  A separate file because the pages allow no inline script.
(function () {
  "use strict";
  const target = document.getElementById("swagger-ui");
  if (!target || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({
    url: target.dataset.spec,
    domNode: target,
    deepLinking: true,
    validatorUrl: null,  // the default validator is a remote service
    tryItOutEnabled: false,
  });
})();
