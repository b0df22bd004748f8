import Foundation
import Testing
import ImageTensor
@testable import Inspect

/// PSNR, SSIM and the spectrum against numpy and scikit-image, run by python3 on the same
/// Float32 tensors (saved as `.npy`).
@Suite struct ReferenceMetricsTests {
    /// A tensor of deterministic pseudo-random samples in [0, 1] (alpha, if any, included).
    static func noise(_ h: Int, _ w: Int, _ c: Int, seed: UInt64) -> Tensor {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return Tensor(height: h, width: w, channels: c) { out in
            for i in 0..<h * w * c {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                out[i] = Float(state >> 40) / Float(1 << 24)
            }
        }
    }

    /// A smooth image plus a little noise: a realistic SSIM well away from 0 and 1.
    static func photoLike(_ h: Int, _ w: Int, _ c: Int, seed: UInt64) -> Tensor {
        let n = noise(h, w, c, seed: seed)
        return Tensor(height: h, width: w, channels: c) { out in
            for y in 0..<h {
                for x in 0..<w {
                    for k in 0..<c {
                        let i = (y * w + x) * c + k
                        let smooth = 0.5 + 0.4 * sin(Float(x) * 0.21 + Float(k)) * cos(Float(y) * 0.17)
                        out[i] = min(1, max(0, smooth + (n.data[i] - 0.5) * 0.2))
                    }
                }
            }
        }
    }

    static let skimageScript = PythonReference.prelude + """
    from skimage.metrics import structural_similarity, peak_signal_noise_ratio
    src = planes(t[1])
    test = planes(nearest(t[0], src.shape[0], src.shape[1]))
    print(structural_similarity(test, src, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                data_range=1.0, channel_axis=2))
    print(peak_signal_noise_ratio(src, test, data_range=1.0))
    """

    /// Cases: (test, reference) — same size, or the test smaller (enlarged by nearest neighbour).
    static let cases: [(String, Tensor, Tensor)] = [
        ("gray", photoLike(40, 37, 1, seed: 1), photoLike(40, 37, 1, seed: 2)),
        ("rgb", photoLike(33, 50, 3, seed: 3), photoLike(33, 50, 3, seed: 4)),
        ("rgb enlarged", photoLike(16, 24, 3, seed: 5), photoLike(49, 70, 3, seed: 6)),
        ("gray+alpha", noise(30, 30, 2, seed: 7), photoLike(30, 30, 2, seed: 8)),
        ("rgba", photoLike(36, 29, 4, seed: 9), noise(36, 29, 4, seed: 10)),
        ("rgba enlarged", noise(9, 12, 4, seed: 11), photoLike(27, 40, 4, seed: 12)),
    ]

    @Test(arguments: 0..<cases.count)
    func ssimAndPSNRMatchScikitImage(_ i: Int) throws {
        let (name, test, reference) = Self.cases[i]
        let expected = try PythonReference.numbers(Self.skimageScript, tensors: [test, reference])
        try #require(expected.count == 2)
        let got = Comparison.compare(test, scaledTo: reference)
        #expect(abs(try #require(got.ssim) - expected[0]) < 2e-5, "\(name): SSIM \(got.ssim!) vs \(expected[0])")
        #expect(abs(got.psnr - expected[1]) < 1e-4, "\(name): PSNR \(got.psnr) vs \(expected[1])")
    }

    /// A fully transparent image whose hidden colour changes: premultiplied planes are all 0,
    /// so it equals the source (no false difference), while a change of alpha counts.
    @Test func transparentColourDoesNotCountButAlphaDoes() throws {
        var a = Self.noise(20, 20, 4, seed: 20), b = Self.noise(20, 20, 4, seed: 21)
        for p in 0..<400 { a.data[p * 4 + 3] = 0; b.data[p * 4 + 3] = 0 }
        let same = try Comparison.compare(a, b)
        #expect(same.psnr == .infinity)
        #expect(same.ssim == 1)
        b.data[5 * 4 + 3] = 1  // one pixel becomes opaque
        let changed = try Comparison.compare(b, a)
        #expect(changed.psnr.isFinite)
        #expect(try #require(changed.ssim) < 1)
        #expect(try #require(changed.alphaHeat).data.max() == 1)
    }

    static let spectrumScript = PythonReference.prelude + """
    for a in t:
        s = np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(a[..., 0]))))
        print(" ".join("%.9g" % v for v in s.ravel()))
    """

    /// `log(1 + |fftshift(fft2(x))|)` against numpy, for even and odd sizes.
    @Test func spectrumMatchesNumpy() throws {
        let planes = [Self.noise(8, 12, 1, seed: 30), Self.noise(7, 9, 1, seed: 31), Self.noise(1, 5, 1, seed: 32)]
        let expected = try PythonReference.numbers(Self.spectrumScript, tensors: planes)
        try #require(expected.count == planes.reduce(0) { $0 + $1.count })
        var offset = 0
        for plane in planes {
            let got = try Spectrum.logMagnitude(plane)
            #expect(got.shape == plane.shape)
            for (i, v) in got.data.enumerated() {
                let e = expected[offset + i]
                #expect(abs(Double(v) - e) <= 1e-4 * max(1, abs(e)), "\(plane.shape) sample \(i): \(v) vs \(e)")
            }
            offset += plane.count
        }
    }

    /// The picture: luminance of premultiplied colour, central crop, scaled to a peak of 1.
    @Test func spectrumPictureIsScaledAndCropped() throws {
        let big = Self.photoLike(30, 50, 4, seed: 40)
        let lum = Spectrum.luminance(big, maxSide: 16)
        #expect(lum.shape == [16, 16, 1])
        let s = (7 * 50 + 17) * 4  // crop origin (7, 17)
        let expected = (big.data[s] + big.data[s + 1] + big.data[s + 2]) * big.data[s + 3] / 3
        #expect(abs(lum.data[0] - expected) < 1e-6)
        let picture = try Spectrum.picture(big)
        #expect(picture.data.max() == 1)
        #expect(picture.data.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
