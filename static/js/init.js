// Starts GOV.UK Frontend's components (error summary focus, password reveal,
// service navigation menu, conditional reveals...). Everything works without
// it: this only enhances. Loaded with <script type="module">.
import { initAll } from "./govuk-frontend.min.js";

initAll();
