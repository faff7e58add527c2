package dev.hivemind.engine.report;

/** The formats a deployment report is rendered in: Markdown, one self-contained HTML file, a Jupyter notebook. */
public enum ReportFormat {
    MD("md"), HTML("html"), IPYNB("ipynb");

    private final String extension;

    ReportFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The report of {@code model} in this format. */
    public String render(ReportModel model) {
        return switch (this) {
            case MD -> new MarkdownReport().render(model);
            case HTML -> new HtmlReport().render(model);
            case IPYNB -> new NotebookReport().render(model);
        };
    }

    @Override
    public String toString() {
        return extension;
    }
}
