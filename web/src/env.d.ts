/** Modules only the build knows: stylesheets, and the charts' CSS string turned into a stylesheet (scripts/build-web.mjs). */
declare module '*.css';
declare module 'flywheel:chart-css';
