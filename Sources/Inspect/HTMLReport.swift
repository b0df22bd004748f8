import Foundation

/// Renders an `InspectionReport` as one self-contained HTML page (inline CSS and script,
/// images referenced relative to the page). All text is HTML-escaped.
public enum HTMLReport {
    /// The page for `report`.
    public static func render(_ report: InspectionReport) -> String {
        let src = report.source
        let (dh, dw) = displaySize(height: src.shape[0], width: src.shape[1])
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="\(e(report.generator))">
        <title>PoolPipe inspection — \(e(fileName(src.path)))</title>
        <style>
        \(HTMLStyle.css)
        </style>
        </head>
        <body data-loaded="pending">
        <input type="checkbox" id="flip">
        <header>
        <h1>PoolPipe inspection — \(e(fileName(src.path)))</h1>
        <span class="meta">source \(e(shapeText(src.shape))) (H×W×C) · \(e(src.format)) \(src.bitDepth)-bit · \
        \(report.rows.count) stage list\(report.rows.count == 1 ? "" : "s") · \(e(report.colourHandling)) · \
        <a href="#legend">legend</a> · <a href="\(HTMLEscaping.url(report.sheetFile))">contact sheet</a></span>
        <label for="flip"><span class="box"></span>show the source in every enlarged view (or hover one)</label>
        </header>
        <main>

        """
        for (r, row) in report.rows.enumerated() {
            html += rowSection(row, number: r + 1, source: src, dh: dh, dw: dw)
        }
        html += legend(report)
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

    /// CSS size of the enlarged views: the source's aspect ratio, longest side 256.
    static func displaySize(height: Int, width: Int) -> (Int, Int) {
        let side = Double(HTMLStyle.displaySide), longest = Double(max(height, width, 1))
        return (max(1, Int((Double(height) * side / longest).rounded())),
                max(1, Int((Double(width) * side / longest).rounded())))
    }

    static func rowSection(_ row: InspectionReport.Row, number: Int, source: InspectionReport.Source,
                           dh: Int, dw: Int) -> String {
        let given = row.spec.trimmingCharacters(in: .whitespaces) == row.canonical ? ""
            : "<span class=\"given\">as given: <code>\(e(row.spec))</code></span>"
        var html = """
        <section class="row" id="row\(number)">
        <h2>\(number). <code>\(e(row.canonical))</code>\(given)</h2>
        <div class="cells">
        \(sourceCell(source, dh: dh, dw: dw))
        """
        for stage in row.stages { html += stageCell(stage, source: source, dh: dh, dw: dw) }
        if let error = row.error {
            html += "<div class=\"error\"><b>Stopped:</b> \(e(error))</div>\n"
        }
        html += "</div>\n</section>\n"
        return html
    }

    static func sourceCell(_ s: InspectionReport.Source, dh: Int, dw: Int) -> String {
        let px = s.shape[1] < dw ? " px" : ""
        return """
        <figure class="cell source">
        <figcaption><b>Source</b><code>\(e(fileName(s.path)))</code></figcaption>
        <a class="view" href="\(HTMLEscaping.url(s.imageFile))" style="width:\(dw)px;height:\(dh)px">\
        <img class="base\(px)" src="\(HTMLEscaping.url(s.imageFile))" alt="source image"></a>
        <table class="nums">
        <tr><th>shape</th><td>\(e(shapeText(s.shape)))</td></tr>
        <tr><th>metrics</th><td>reference</td></tr>
        <tr><th>mean</th><td>\(e(meansText(s.channelMeans)))</td></tr>
        </table>
        </figure>

        """
    }

    static func stageCell(_ s: InspectionReport.Stage, source: InspectionReport.Source,
                          dh: Int, dw: Int) -> String {
        let outPx = (s.shape[1] < dw || s.shape[0] < dh) ? " px" : ""
        let srcPx = source.shape[1] < dw ? " px" : ""
        let img = HTMLEscaping.url(s.imageFile)
        return """
        <figure class="cell">
        <figcaption><b>Stage \(s.index)</b><code>\(e(s.canonical))</code></figcaption>
        <a class="view" href="\(HTMLEscaping.url(s.enlargedFile))" style="width:\(dw)px;height:\(dh)px" \
        title="enlarged to the source size with nearest neighbour; hover to see the source">\
        <img class="src\(srcPx)" src="\(HTMLEscaping.url(source.imageFile))" alt="source image">\
        <img class="out\(outPx)" src="\(img)" alt="stage \(s.index) output, enlarged">\
        <span class="tag out">stage \(s.index), enlarged</span><span class="tag src">source</span></a>
        <table class="nums">
        <tr><th>shape</th><td>\(e(shapeText(s.shape)))</td></tr>
        <tr><th>PSNR</th><td>\(e(PSNR.format(s.psnr)))</td></tr>
        <tr><th>SSIM</th><td>\(e(SSIM.format(s.ssim)))</td></tr>
        <tr><th>mean</th><td>\(e(meansText(s.channelMeans)))</td></tr>
        <tr><th>time</th><td>\(e(timeText(s.seconds)))</td></tr>
        </table>
        <div class="heat" style="width:\(dw)px;height:\(dh)px">\
        <img class="\(srcPx)" src="\(HTMLEscaping.url(s.heatMapFile))" alt="difference heat map, stage \(s.index)"></div>
        <div class="label">difference from the source</div>
        <div class="own"><img class="px" src="\(img)" width="\(s.shape[1])" height="\(s.shape[0])" \
        alt="stage \(s.index) output at its own size"></div>
        <div class="label">own size, \(s.shape[1])×\(s.shape[0]) px</div>
        </figure>

        """
    }

    static func legend(_ report: InspectionReport) -> String {
        let ticks = HeatMap.ticks.map { d -> String in
            String(format: "<span style=\"left:%.1f%%\">%@</span>", HeatMap.position(d) * 100,
                   d == 0 ? "0" : (d == 1 ? "1" : String(d)))
        }.joined()
        return """
        <section class="legend" id="legend">
        <h2>Legend</h2>
        <dl>
        <dt>enlarged view</dt><dd>The stage output enlarged back to the source size with nearest \
        neighbour (enlarged pixel <code>i</code> shows output pixel <code>floor(i · out / in)</code>, \
        <code>out</code> and <code>in</code> being the output and source sizes), drawn without smoothing. Hover it, or tick \
        the box at the top, to see the source in its place; click it to open the full-size enlarged PNG.</dd>
        <dt>source</dt><dd>The decoded image, upright (EXIF orientation applied unless turned off); the page's \
        copy is scaled down to \(Inspector.sourcePreviewMaxSide) px on its longest side when larger. All numbers use \
        the full-size source.</dd>
        <dt>own size</dt><dd>The stage output pixel for pixel (scroll when it is larger than the box).</dd>
        <dt>shape</dt><dd>Height × width × channels of the stage output.</dd>
        <dt>PSNR</dt><dd>Peak signal-to-noise ratio against the source, peak 1.0: \
        <code>10·log10(1 / MSE)</code>, the mean squared error over every pixel and colour channel of the \
        source and the enlarged output. Higher is closer; ∞ means identical.</dd>
        <dt>SSIM</dt><dd>Structural similarity (Wang et al. 2004) against the source, after enlarging: \
        11×11 Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, L = 1, the map averaged over the positions \
        where the window lies inside the image, computed per colour channel and averaged over the channels. \
        1 means identical; n/a when the source is smaller than 11×11.</dd>
        <dt>colour in metrics</dt><dd>PSNR, SSIM, the heat map and the contact sheet compare what the picture \
        looks like on a white page: samples clamped to [0, 1] as the PNG encoder clamps them, and alpha, if \
        any, composited over white (gray images are compared on their one channel).</dd>
        <dt>mean</dt><dd>Mean of each channel of the stage output as computed (Y = gray, A = alpha, R G B), \
        before clamping.</dd>
        <dt>time</dt><dd>Wall-clock time of the stage in this run (all its repeats), on this machine.</dd>
        <dt>difference</dt><dd>Heat map of the mean absolute difference over colour channels between the \
        source and the enlarged output, per pixel; the ramp position is √difference, so small differences \
        stay visible, and the scale is the same in every cell (stored at the source size, or scaled down by \
        area-averaging the differences when the source is larger than \(Inspector.heatMapMaxSide) px):\
        <div class="ramp" style="background:\(HeatMap.cssGradient())">\(ticks)</div></dd>
        <dt>pooling</dt><dd>\(e(report.colourHandling)). Written by \(e(report.generator)).</dd>
        </dl>
        </section>

        """
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
