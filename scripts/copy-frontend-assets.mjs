// Copies GOV.UK Frontend's JavaScript from node_modules into static/dist (not committed).
import { copyFileSync, mkdirSync } from "node:fs";

mkdirSync("static/dist", { recursive: true });
copyFileSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", "static/dist/govuk-frontend.min.js");
