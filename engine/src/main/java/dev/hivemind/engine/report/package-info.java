/**
 * A deployment's report, worked out once from the state ({@link dev.hivemind.engine.report.ReportModel}) and
 * rendered as Markdown, one self-contained HTML file with inline SVG charts, or a Jupyter notebook.
 */
package dev.hivemind.engine.report;
