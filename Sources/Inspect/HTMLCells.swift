import Foundation

/// The cells of the page: the source and each stage, each with its view (the picture
/// scaled to the view, enlarged pixel-exact when smaller), its zoom (the region enlarged
/// with `image-rendering: pixelated`, positioned by CSS so that the page's script can move
/// it), its numbers, heat maps and spectrum.
enum HTMLCells {
    /// Sizes shared by every cell of one image.
    struct Geometry {
        let height: Int, width: Int
        let viewHeight: Int, viewWidth: Int
        let region: Region
        /// CSS pixels per source pixel in the zoom, and the zoom box.
        let zoomScale: Double
        let zoomHeight: Int, zoomWidth: Int

        init(report: InspectionReport) {
            height = report.source.shape[0]; width = report.source.shape[1]
            (viewHeight, viewWidth) = HTMLReport.displaySize(height: height, width: width)
            region = report.region
            zoomScale = Double(HTMLStyle.displaySide) / Double(max(region.height, region.width))
            zoomHeight = Int((Double(region.height) * zoomScale).rounded())
            zoomWidth = Int((Double(region.width) * zoomScale).rounded())
        }

        /// For the script (enough digits to place the zoom within a fraction of a pixel).
        var zoomScaleText: String { Self.number(zoomScale, digits: 10) }
        var zoomFactorText: String { Self.number(zoomScale, digits: 3) }
        /// Whether the view enlarges (so it draws pixels as blocks).
        func enlarges(height h: Int, width w: Int) -> Bool { h < viewHeight || w < viewWidth }

        static func number(_ v: Double, digits: Int) -> String {
            v == v.rounded() ? String(Int(v)) : String(format: "%.\(digits)g", v)
        }
    }

    static func source(_ s: InspectionReport.Source, geometry g: Geometry) -> String {
        let px = g.enlarges(height: g.height, width: g.width) ? " px" : ""
        return """
        <figure class="cell source">
        <figcaption><b>Source</b><code>\(e(HTMLReport.fileName(s.path)))</code></figcaption>
        <div class="view checker" style="width:\(g.viewWidth)px;height:\(g.viewHeight)px">\
        <img class="base\(px)" src="\(url(s.imageFile))" alt="source image">\(mark(g))</div>
        \(zoom(s.imageFile, alt: "zoom into the source", geometry: g))
        <table class="nums">
        <tr><th>shape</th><td>\(e(HTMLReport.shapeText(s.shape)))</td></tr>
        <tr><th>metrics</th><td>reference</td></tr>
        <tr><th>mean</th><td>\(e(HTMLReport.meansText(s.channelMeans)))</td></tr>
        </table>
        \(s.spectrumFile.map { spectrum($0, alt: "spectrum of the source", shape: s.shape, geometry: g) } ?? "")
        </figure>

        """
    }

    static func stage(_ s: InspectionReport.Stage, source: InspectionReport.Source, geometry g: Geometry) -> String {
        let outPx = g.enlarges(height: s.shape[0], width: s.shape[1]) ? " px" : ""
        let srcPx = g.enlarges(height: g.height, width: g.width) ? " px" : ""
        var html = """
        <figure class="cell">
        <figcaption><b>Stage \(s.index)</b><code>\(e(s.canonical))</code></figcaption>
        <div class="view checker" style="width:\(g.viewWidth)px;height:\(g.viewHeight)px" \
        title="the output scaled to the view (nearest neighbour when enlarging); hover to see the source; click to zoom there">\
        <img class="src\(srcPx)" src="\(url(source.imageFile))" alt="source image">\
        <img class="out\(outPx)" src="\(url(s.imageFile))" alt="stage \(s.index) output">\
        <span class="tag out">stage \(s.index)</span><span class="tag src">source</span>\(mark(g))</div>
        \(zoom(s.imageFile, alt: "zoom into stage \(s.index)", geometry: g))
        <table class="nums">
        <tr><th>shape</th><td>\(e(HTMLReport.shapeText(s.shape)))</td></tr>
        <tr><th>PSNR</th><td>\(e(PSNR.format(s.psnr)))</td></tr>
        <tr><th>SSIM</th><td>\(e(SSIM.format(s.ssim)))</td></tr>
        <tr><th>mean</th><td>\(e(HTMLReport.meansText(s.channelMeans)))</td></tr>
        <tr><th>time</th><td>\(e(HTMLReport.timeText(s.seconds)))</td></tr>
        </table>
        <div class="heat" style="width:\(g.viewWidth)px;height:\(g.viewHeight)px">\
        <img src="\(url(s.heatMapFile))" alt="difference heat map, stage \(s.index)"></div>
        <div class="label">difference from the source</div>

        """
        if let alpha = s.alphaHeatMapFile {
            html += """
            <div class="heat" style="width:\(g.viewWidth)px;height:\(g.viewHeight)px">\
            <img src="\(url(alpha))" alt="alpha difference heat map, stage \(s.index)"></div>
            <div class="label">difference in alpha alone</div>

            """
        }
        if let spectrumFile = s.spectrumFile {
            html += spectrum(spectrumFile, alt: "spectrum of stage \(s.index)", shape: s.shape, geometry: g)
        }
        return html + "</figure>\n"
    }

    /// The zoom box: `file` stretched to the source size × the zoom scale, shifted so that
    /// the region fills the box.
    static func zoom(_ file: String, alt: String, geometry g: Geometry) -> String {
        let s = g.zoomScale, r = g.region
        let style = String(format: "width:%.2fpx;height:%.2fpx;left:%.2fpx;top:%.2fpx",
                           Double(g.width) * s, Double(g.height) * s, -Double(r.x) * s, -Double(r.y) * s)
        return """
        <div class="zoom checker" style="width:\(g.zoomWidth)px;height:\(g.zoomHeight)px">\
        <img class="px" src="\(url(file))" style="\(style)" alt="\(e(alt))"></div>
        """
    }

    /// The zoom region outlined on a view.
    static func mark(_ g: Geometry) -> String {
        let r = g.region
        return String(format: "<span class=\"mark\" style=\"left:%.3f%%;top:%.3f%%;width:%.3f%%;height:%.3f%%\"></span>",
                      100 * Double(r.x) / Double(g.width), 100 * Double(r.y) / Double(g.height),
                      100 * Double(r.width) / Double(g.width), 100 * Double(r.height) / Double(g.height))
    }

    /// A spectrum drawn on the source spectrum's frequency scale: the source's fills the
    /// view (its edges are the source's Nyquist frequency); an output of `h × w` pixels
    /// holds only frequencies up to its own Nyquist, `w / W` of the source's, so its picture
    /// gets that fraction of the view, centred.
    static func spectrum(_ file: String, alt: String, shape: [Int], geometry g: Geometry) -> String {
        let h = Double(g.viewHeight) * Double(shape[0]) / Double(g.height)
        let w = Double(g.viewWidth) * Double(shape[1]) / Double(g.width)
        return String(format: """
        <div class="spectrum" style="width:%dpx;height:%dpx"><img src="%@" style="width:%.2fpx;height:%.2fpx"         alt="%@"></div>
        <div class="label">spectrum, on the source's frequency scale</div>

        """, g.viewWidth, g.viewHeight, url(file), max(1, w), max(1, h), e(alt))
    }

    static func e(_ s: String) -> String { HTMLEscaping.escape(s) }
    static func url(_ s: String) -> String { HTMLEscaping.url(s) }
}
