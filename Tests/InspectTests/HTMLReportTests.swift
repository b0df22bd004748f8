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
                                        seconds: 0.0123, imageFile: "img/r0s1.png",
                                        enlargedFile: "img/r0s1-enlarged.png", heatMapFile: "img/r0s1-heat.png")
        let s2 = InspectionReport.Stage(index: 2, canonical: "max(2, stride=2)", shape: [7, 10, 3],
                                        psnr: .infinity, ssim: nil, channelMeans: [0.6, 0.3, 0.2],
                                        seconds: 1.5, imageFile: "img/r0s2.png",
                                        enlargedFile: "img/r0s2-enlarged.png", heatMapFile: "img/r0s2-heat.png")
        let row = InspectionReport.Row(spec: spec, canonical: "avg(2, stride=2) | max(2, stride=2)",
                                       stages: [s1, s2], error: error)
        return InspectionReport(source: src, rows: [row], colourHandling: "alpha premultiplied, sRGB values",
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
