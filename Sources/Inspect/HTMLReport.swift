import Foundation

/// Renders inspection reports as one self-contained HTML page (inline CSS and script,
/// images referenced relative to the page, nothing fetched from elsewhere): one section
/// per input. All text is HTML-escaped.
enum HTMLReport {
    /// The page for one report.
    public static func render(_ report: InspectionReport) -> String {
        render(InspectionOutcome(reports: [report], failures: [], htmlFile: report.htmlFile,
                                 sheetFile: report.sheetFile), generator: report.generator)
    }

    /// The page for every report of `outcome`, and its failures.
    public static func render(_ outcome: InspectionOutcome, generator: String) -> String {
        let names = outcome.reports.map { fileName($0.source.path) }
        let title = names.count == 1 ? names[0] : "\(names.count) images"
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="\(e(generator))">
        <title>PoolPipe inspection — \(e(title))</title>
        <style>
        \(HTMLStyle.css)
        </style>
        </head>
        <body data-loaded="pending" data-zoom="pending">
        <input type="checkbox" id="flip">
        <header>
        <h1>PoolPipe inspection — \(e(title))</h1>
        <span class="meta"><a href="#legend">legend</a> · <a href="\(HTMLEscaping.url(outcome.sheetFile))">contact sheet</a> · \
        click any picture to zoom there</span>
        <label for="flip"><span class="box"></span>show the source in every stage view (or hover one)</label>
        </header>
        <main>

        """
        for (n, report) in outcome.reports.enumerated() {
            html += imageSection(report, number: n + 1, numbered: outcome.reports.count > 1)
        }
        if !outcome.failures.isEmpty {
            html += "<section class=\"failures\"><h2>Could not inspect</h2><ul>\n"
            for f in outcome.failures { html += "<li>\(e(f.description))</li>\n" }
            html += "</ul></section>\n"
        }
        html += HTMLLegend.render(generator: generator)
        html += """
        </main>
        <script>
        \(HTMLStyle.script)
        </script>
        </body>
        </html>

        """
        return html
    }

    /// One input: its heading, zoom region and rows.
    static func imageSection(_ report: InspectionReport, number: Int, numbered: Bool) -> String {
        let src = report.source
        let (h, w) = (src.shape[0], src.shape[1])
        let g = HTMLCells.Geometry(report: report)
        let scaled = max(h, w) > HTMLStyle.displaySide
            ? " · views scaled down from \(w)×\(h) px to \(g.viewWidth)×\(g.viewHeight); the zoom is pixel-exact" : ""
        var html = """
        <section class="image" id="image\(number)" data-h="\(h)" data-w="\(w)" data-ry="\(report.region.y)" \
        data-rx="\(report.region.x)" data-rh="\(report.region.height)" data-rw="\(report.region.width)" \
        data-zs="\(g.zoomScaleText)">
        <h2>\(numbered ? "\(number). " : "")\(e(fileName(src.path)))</h2>
        <p class="meta">source \(e(shapeText(src.shape))) (H×W×C) · \(e(src.format)) \(src.bitDepth)-bit · \
        \(report.rows.count) stage list\(report.rows.count == 1 ? "" : "s") · \(e(report.colourHandling))\(e(scaled)) · \
        zoom region <b class="region">\(report.region)</b> (Y,X,H,W, ×\(g.zoomFactorText))</p>

        """
        for (r, row) in report.rows.enumerated() {
            html += rowSection(row, number: r + 1, report: report, geometry: g)
        }
        return html + "</section>\n"
    }

    static func rowSection(_ row: InspectionReport.Row, number: Int, report: InspectionReport,
                           geometry g: HTMLCells.Geometry) -> String {
        let given = row.spec.trimmingCharacters(in: .whitespaces) == row.canonical ? ""
            : "<span class=\"given\">as given: <code>\(e(row.spec))</code></span>"
        var html = """
        <section class="row">
        <h3>\(number). <code>\(e(row.canonical))</code>\(given)</h3>
        <div class="cells">
        \(HTMLCells.source(report.source, geometry: g))
        """
        for stage in row.stages { html += HTMLCells.stage(stage, source: report.source, geometry: g) }
        if let error = row.error {
            html += "<div class=\"error\"><b>Stopped:</b> \(e(error))</div>\n"
        }
        html += "</div>\n</section>\n"
        return html
    }

    /// CSS size of the views: the source's aspect ratio, longest side 256.
    static func displaySize(height: Int, width: Int) -> (Int, Int) {
        fit(height: height, width: width, side: HTMLStyle.displaySide)
    }

    /// `height × width` scaled so that the longest side is `side`.
    static func fit(height: Int, width: Int, side: Int) -> (Int, Int) {
        let s = Double(side), longest = Double(max(height, width, 1))
        return (max(1, Int((Double(height) * s / longest).rounded())),
                max(1, Int((Double(width) * s / longest).rounded())))
    }

    static func e(_ s: String) -> String { HTMLEscaping.escape(s) }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }

    /// `H×W×C`.
    public static func shapeText(_ shape: [Int]) -> String {
        shape.map(String.init).joined(separator: "×")
    }

    /// `R 0.451 G 0.398 B 0.300`.
    public static func meansText(_ means: [Double]) -> String {
        let names = ChannelStatistics.channelNames(means.count)
        return zip(names, means).map { "\($0) \(String(format: "%.3f", $1))" }.joined(separator: " ")
    }

    /// `850 µs` below a millisecond, `12.3 ms` below a second, `1.25 s` above.
    public static func timeText(_ seconds: Double) -> String {
        if seconds < 0.001 { return String(format: "%.0f µs", seconds * 1e6) }
        return seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }
}
