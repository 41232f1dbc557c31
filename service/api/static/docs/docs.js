// Swagger UI on this service's own OpenAPI document ("Authorize" takes the API key as a Bearer token).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    displayRequestDuration: true,
    tryItOutEnabled: false,
    validatorUrl: null, // never ask an outside validator
  });
});
