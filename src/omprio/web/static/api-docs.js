/* Start Swagger UI on the app's own OpenAPI schema (no inline script: the CSP forbids it). */
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  /* global SwaggerUIBundle */
  window.ui = SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
