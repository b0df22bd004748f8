import Foundation

/// The page's legend: what every picture and number means.
enum HTMLLegend {
    static func render(generator: String) -> String {
        let ticks = HeatMap.ticks.map { d -> String in
            String(format: "<span style=\"left:%.1f%%\">%@</span>", HeatMap.position(d) * 100,
                   d == 0 ? "0" : (d == 1 ? "1" : String(d)))
        }.joined()
        return """
        <section class="legend" id="legend">
        <h2>Legend</h2>
        <dl>
        <dt>view</dt><dd>Each picture scaled to a box of at most 256 CSS pixels. A stage output smaller \
        than the box is enlarged with nearest neighbour and drawn without smoothing, so pooling blocks \
        show; a larger one (and a large source) is scaled down by the browser: the heading says so. Hover \
        a stage's view, or tick the box at the top, to see the source in its place. The outlined square \
        is the zoom region.</dd>
        <dt>zoom</dt><dd>The region (Y,X,H,W in source pixels; <code>--region</code>, by default the square \
        of \(RegionPicker.defaultSide) pixels with the most gradient energy) of every picture, enlarged \
        pixel-exact: each stage output is stretched to the source size with nearest neighbour (output \
        pixel <code>floor(i · out / in)</code> for source pixel <code>i</code>) and magnified. Click \
        anywhere on a view to move the region there in every picture of that image.</dd>
        <dt>transparency</dt><dd>Transparent pixels are drawn over a gray checkerboard.</dd>
        <dt>PSNR</dt><dd>Peak signal-to-noise ratio against the source, peak 1.0: \
        <code>10·log10(1 / MSE)</code>, the mean squared error over every pixel and plane of the source \
        and the enlarged output. Higher is closer; ∞ means identical.</dd>
        <dt>SSIM</dt><dd>Structural similarity (Wang et al. 2004) against the source, after enlarging, at \
        full resolution: 11×11 Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, L = 1, population \
        (co)variances, the map averaged over the positions where the window lies inside the image, per \
        plane and averaged over the planes (scikit-image's <code>structural_similarity</code> with \
        <code>gaussian_weights=True</code>). 1 means identical; n/a when the source is smaller than 11×11.</dd>
        <dt>planes</dt><dd>Metrics and heat maps compare samples clamped to [0, 1] (as the PNG encoder \
        clamps them). With alpha they compare premultiplied colour and alpha: planes <code>R·A, G·A, B·A, \
        A</code> (<code>Y·A, A</code> for gray), so a transparent pixel counts as 0 whatever colour it \
        stores, and a change of coverage counts.</dd>
        <dt>mean</dt><dd>Mean of each channel of the output as computed (Y = gray, A = alpha, R G B), \
        before clamping.</dd>
        <dt>time</dt><dd>Wall-clock time of the stage in this run, on this machine.</dd>
        <dt>difference</dt><dd>Heat map of the mean absolute difference over the planes between the source \
        and the enlarged output, per pixel; for large sources each heat pixel averages a square block of \
        pixels (at most \(Inspector.heatMapMaxSide) heat pixels on the longest side). The ramp position is \
        √difference, so small differences stay visible; the scale is the same in every cell. Images with \
        alpha get a second map of the alpha difference alone:\
        <div class="ramp" style="background:\(HeatMap.cssGradient())">\(ticks)</div></dd>
        <dt>spectrum</dt><dd>With <code>--spectrum</code>: <code>log(1 + |F|)</code> of the 2-D Fourier \
        transform of the picture's luminance (its central \(Spectrum.maxSide)×\(Spectrum.maxSide) pixels at \
        most), zero frequency in the centre, scaled to white at its maximum. All spectra of an image \
        share the source's frequency scale: the source's fills the box, its edges being the source's \
        Nyquist frequency (half a cycle per pixel); a stage output keeps only the frequencies up to its \
        own Nyquist, so its spectrum is the smaller centred rectangle (outlined in blue). Whatever the \
        source had outside that rectangle is either removed (good pooling) or folded back inside it: \
        aliasing, seen as copies of the source's pattern in the wrong places.</dd>
        <dt>patterns</dt><dd><code>--pattern zoneplate</code>: <code>0.5 + 0.5·cos(π·r²/N)</code>, r the \
        distance from the centre in pixels, N the size: the frequency grows linearly to Nyquist at the \
        middle of each edge. <code>checker</code>: squares of \(TestPattern.checkerCell) pixels. \
        <code>stripes</code>: vertical stripes <code>0.5 + 0.5·cos(π·x²/(2N))</code>, frequency rising \
        from 0 on the left to Nyquist on the right.</dd>
        <dt>written by</dt><dd>\(HTMLEscaping.escape(generator)).</dd>
        </dl>
        </section>

        """
    }
}
