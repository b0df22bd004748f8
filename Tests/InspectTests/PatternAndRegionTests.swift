import Foundation
import Testing
import ImageTensor
@testable import Inspect

@Suite struct PatternAndRegionTests {
    /// Zone plate: 0.5 + 0.5·cos(π·r²/N), r measured from the centre (N−1)/2.
    @Test func zonePlateFormula() {
        let n = 64
        let t = TestPattern.zoneplate.render(size: n)
        #expect(t.shape == [n, n, 1])
        for (y, x) in [(0, 0), (10, 40), (31, 32), (63, 5)] {
            let u = Double(x) - 31.5, v = Double(y) - 31.5
            let expected = 0.5 + 0.5 * cos(Double.pi * (u * u + v * v) / Double(n))
            #expect(abs(Double(t[y, x, 0]) - expected) < 1e-6)
        }
        // Local frequency k·r/π cycles per pixel with k = π/N: Nyquist (0.5) at r = N/2.
        let k = Double.pi / Double(n)
        #expect(abs(k * Double(n) / 2 / Double.pi - 0.5) < 1e-12)
        // Symmetric about the centre, 1 (white) near it.
        #expect(t[0, 0, 0] == t[63, 63, 0] && t[5, 9, 0] == t[9, 5, 0])
        #expect(t[31, 31, 0] > 0.99)
    }

    @Test func checkerAndStripes() {
        let c = TestPattern.checker.render(size: 12)
        #expect(c[0, 0, 0] == 1 && c[0, 2, 0] == 1 && c[0, 3, 0] == 0 && c[3, 3, 0] == 1 && c[4, 0, 0] == 0)
        let s = TestPattern.stripes.render(size: 100)
        for x in [0, 17, 99] {
            let expected = 0.5 + 0.5 * cos(Double.pi * Double(x * x) / 200)
            #expect(abs(Double(s[0, x, 0]) - expected) < 1e-6)
            #expect(s[0, x, 0] == s[57, x, 0])
        }
    }

    /// A flat image with one textured square: the picked region is that square.
    @Test(arguments: [(96, 192), (0, 0), (448, 16)])
    func regionFindsTheTexturedSquare(_ at: (Int, Int)) {
        var t = Tensor(height: 512, width: 512, channels: 3, repeating: 0.4)
        for y in at.0..<(at.0 + 64) {
            for x in at.1..<(at.1 + 64) {
                for c in 0..<3 { t[y, x, c] = Float((x * 7 + y * 13 + c) % 5) / 4 }
            }
        }
        #expect(RegionPicker.pick(t) == Region(y: at.0, x: at.1, height: 64, width: 64))
    }

    @Test func regionOfSmallImagesAndAlpha() {
        let small = Tensor(height: 20, width: 30, channels: 1, repeating: 0.5)
        let r = RegionPicker.pick(small)
        #expect(r.height == 20 && r.width == 20 && r.fits(height: 20, width: 30))
        // Under alpha 0 the colour's detail does not count: the picked square is where alpha is 1.
        var rgba = Tensor(height: 128, width: 128, channels: 4)
        for y in 0..<128 {
            for x in 0..<128 {
                for c in 0..<3 { rgba[y, x, c] = Float((x * 3 + y * 5 + c) % 2) }
                rgba[y, x, 3] = (y >= 64 && x >= 64) ? 1 : 0
            }
        }
        #expect(RegionPicker.pick(rgba) == Region(y: 64, x: 64, height: 64, width: 64))
        #expect(Region(y: 1, x: 2, height: 3, width: 4).description == "1,2,3,4")
        #expect(Region(y: 36, x: 0, height: 64, width: 64).fits(height: 100, width: 100))
        #expect(!Region(y: 40, x: 0, height: 64, width: 64).fits(height: 100, width: 100))
        #expect(!Region(y: 0, x: 0, height: 0, width: 4).fits(height: 100, width: 100))
    }
}
