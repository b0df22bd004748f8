import Foundation
import Testing
@testable import Inspect

@Suite struct HTMLReportTests {
    static func sample(spec: String = "avg(2)|max(2)", error: String? = nil) -> InspectionReport {
        let src = InspectionReport.Source(path: "photos/a<b>&c.png", shape: [30, 40, 3], format: "png",
                                          bitDepth: 8, channelMeans: [0.5, 0.25, 0.125],
                                          imageFile: "img/source.png")
        let s1 = InspectionReport.Stage(index: 1, canonical: "avg(2, stride=2)", shape: [15, 20, 3],
                                        psnr: 31.234, ssim: 0.91234, channelMeans: [0.5, 0.25, 0.125],
                                        seconds: 0.0123, imageFile: "img/r0s1.png", heatMapFile: "img/r0s1-heat.png",
                                        spectrumFile: "img/r0s1-spectrum.png")
        let s2 = InspectionReport.Stage(index: 2, canonical: "max(2, stride=2)", shape: [7, 10, 3],
                                        psnr: .infinity, ssim: nil, channelMeans: [0.6, 0.3, 0.2],
                                        seconds: 1.5, imageFile: "img/r0s2.png", heatMapFile: "img/r0s2-heat.png",
                                        alphaHeatMapFile: "img/r0s2-alpha-heat.png")
        let row = InspectionReport.Row(spec: spec, canonical: "avg(2, stride=2) | max(2, stride=2)",
                                       stages: [s1, s2], error: error)
        return InspectionReport(source: src, rows: [row], region: Region(y: 4, x: 8, height: 16, width: 20),
                                colourHandling: "alpha premultiplied, sRGB values",
                                outputDirectory: "/tmp/x", generator: "poolpipe 0.1.0")
    }

    @Test func escapesText() {
        #expect(HTMLEscaping.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTMLEscaping.url("img/r0 s1é.png") == "img/r0%20s1%C3%A9.png")
        #expect(HTMLEscaping.url("a&b.png") == "a%26b.png")
    }

    @Test func pageHoldsEveryNumberAndImage() {
        let html = HTMLReport.render(Self.sample())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("photos/a&lt;b&gt;&amp;c.png") == false) // only the file name is shown
        #expect(html.contains("a&lt;b&gt;&amp;c.png"))
        #expect(!html.contains("a<b>&c"))
        for text in ["15×20×3", "31.23 dB", "0.9123", "∞", "n/a", "R 0.600 G 0.300 B 0.200",
                     "12.3 ms", "1.50 s", "avg(2, stride=2) | max(2, stride=2)", "as given: <code>avg(2)|max(2)</code>"] {
            #expect(html.contains(text), "missing \(text)")
        }
        for file in Self.sample().imageFiles { #expect(html.contains("=\"\(file)\""), "no link to \(file)") }
        #expect(html.contains("src=\"img/r0s2-heat.png\""))
        #expect(html.contains("image-rendering: pixelated"))
        #expect(html.contains("document.body.dataset.loaded"))
        #expect(html.contains("zoom region <b class=\"region\">4,8,16,20</b>"))
        #expect(html.contains("difference in alpha alone") && html.contains("spectrum, on the source's frequency scale"))
        // Stage 1 (15×20 of a 30×40 source) keeps half the source's frequencies each way.
        #expect(html.contains("<img src=\"img/r0s1-spectrum.png\" style=\"width:128.00px;height:96.00px\""))
        #expect(html.contains("repeating-conic-gradient"))  // the checkerboard behind transparency
        #expect(html.contains("id=\"legend\""))
        // Offline: nothing is fetched from another host.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("//fonts"))
    }

    /// The flip (hover or the checkbox) hides stage outputs only, never the source column.
    @Test func flipHidesOnlyStageOutputs() {
        let html = HTMLReport.render(Self.sample())
        #expect(html.contains(".view:hover .out, #flip:checked ~ main .view .out { visibility: hidden; }"))
        let sourceCell = html.components(separatedBy: "<figure class=\"cell source\">")[1]
            .components(separatedBy: "</figure>")[0]
        #expect(!sourceCell.contains("class=\"out"))
        #expect(!sourceCell.contains("class=\"src"))
        #expect(html.components(separatedBy: "<img class=\"out").count - 1 == 2)
        #expect(sourceCell.contains("class=\"mark"))  // the region is outlined on the source too
        #expect(html.components(separatedBy: "<img class=\"src").count - 1 == 2)
    }

    @Test func stageListTextIsEscaped() {
        let html = HTMLReport.render(Self.sample(spec: "avg(2) <script>alert(1)</script>",
                                                 error: "stage 3 \"<b>\": too small"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Stopped:</b> stage 3 &quot;&lt;b&gt;&quot;: too small"))
    }

    @Test func displaySizeKeepsAspect() {
        #expect(HTMLReport.displaySize(height: 300, width: 451) == (170, 256))
        #expect(HTMLReport.displaySize(height: 8, width: 4) == (256, 128))
        #expect(HTMLReport.timeText(0.00042) == "420 µs")
        #expect(HTMLReport.timeText(0.0123) == "12.3 ms")
    }
}

@Suite struct HTMLZoomTests {
    /// The zoom shows the region: each picture is stretched to the source size times the
    /// zoom scale (256 / 20 = 12.8 CSS pixels per source pixel) and shifted by the region's
    /// origin, drawn pixelated; the region is outlined on the views in percent.
    @Test func zoomIsPositionedOnTheRegion() {
        let html = HTMLReport.render(HTMLReportTests.sample())
        #expect(html.contains("data-h=\"30\" data-w=\"40\" data-ry=\"4\" data-rx=\"8\" data-rh=\"16\" data-rw=\"20\" data-zs=\"12.8\""))
        #expect(html.contains("<div class=\"zoom checker\" style=\"width:256px;height:205px\">"))
        #expect(html.contains("<img class=\"px\" src=\"img/r0s2.png\" style=\"width:512.00px;height:384.00px;left:-102.40px;top:-51.20px\""))
        #expect(html.contains("left:20.000%;top:13.333%;width:50.000%;height:53.333%"))
        #expect(html.contains("function zoomTo(sec, cy, cx)"))
        #expect(html.components(separatedBy: "class=\"zoom checker\"").count - 1 == 3)
    }

    /// Several reports in one page, each its own section; failures listed.
    @Test func severalImagesAndFailures() {
        let a = HTMLReportTests.sample(), b = HTMLReportTests.sample(spec: "max(2)")
        let outcome = InspectionOutcome(reports: [a, b], failures: [
            InspectionFailure(input: "bad.png", error: .decodeFailed(path: "bad.png", reason: "not a PNG"))])
        let html = HTMLReport.render(outcome, generator: "poolpipe test")
        #expect(html.contains("id=\"image1\"") && html.contains("id=\"image2\""))
        #expect(html.contains("<title>PoolPipe inspection — 2 images</title>"))
        #expect(html.contains("<li>bad.png: not a PNG</li>"))
    }
}
