// Replaces the WebJar's initializer, which points at the Swagger petstore.
// validatorUrl null: by default Swagger UI sends the document to validator.swagger.io for a badge.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.yaml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
};
