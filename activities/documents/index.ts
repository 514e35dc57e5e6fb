/** Statutory one-stop forms as PDF: `renderForm` is the entry point. */
export { renderForm, type RenderedForm } from './render';
export { formSpec, type FormSpec } from './form-numbers';
export { fmtDateTime, lookupLink } from './layout';
export * from './schemas';
