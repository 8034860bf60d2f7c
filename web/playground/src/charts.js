// The chart bundle of the playground: vega-embed with vega and vega-lite, for the award curve that
// POST /v1/plot returns as a Vega-Lite spec. build.sh bundles it into static/charts.bundle.js.
export { default as vegaEmbed } from "vega-embed";
