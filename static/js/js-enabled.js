// Tells GOV.UK Frontend's CSS that JavaScript is running, before the page is
// drawn. Loaded as the first thing in <body> (our Content-Security-Policy
// allows no inline scripts, so this cannot be the usual inline snippet).
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
