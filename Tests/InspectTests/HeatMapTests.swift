import Testing
import ImageTensor
@testable import Inspect

@Suite struct HeatMapTests {
    static func rgb255(_ c: (UInt8, UInt8, UInt8)) -> [Float] {
        [Float(c.0) / 255, Float(c.1) / 255, Float(c.2) / 255]
    }

    @Test func rampPositionIsSquareRoot() {
        #expect(HeatMap.position(0) == 0)
        #expect(HeatMap.position(0.25) == 0.5)
        #expect(HeatMap.position(0.01) == 0.1)
        #expect(HeatMap.position(4) == 1)
        #expect(HeatMap.position(.nan) == 0)
    }

    /// Differences 0, 1/16, 1/4 and 1 fall exactly on ramp stops 0, 1, 2 and 4.
    @Test func stopsAtExactDifferences() throws {
        let src = TestImages.gray([[0, 0, 0, 0]])
        let img = TestImages.gray([[0, 0.0625, 0.25, 1]])
        let h = try HeatMap.render(img, against: src)
        #expect(h.shape == [1, 4, 3])
        let expected = [0, 1, 2, 4].flatMap { Self.rgb255(HeatMap.stops[$0]) }
        for (v, e) in zip(h.data, expected) { #expect(abs(v - e) < 1e-6) }
    }

    /// The difference is averaged over colour channels: (0.25 + 0 + 0.5) / 3 = 0.25 → stop 2.
    @Test func differenceIsMeanOverChannels() throws {
        let src = Tensor(height: 1, width: 1, channels: 3, data: [0.5, 0.5, 0.5])
        let img = Tensor(height: 1, width: 1, channels: 3, data: [0.75, 0.5, 0.0])
        let d = try HeatMap.differences(img, src)
        #expect(d == [0.25])
        let h = try HeatMap.render(img, against: src)
        for (v, e) in zip(h.data, Self.rgb255(HeatMap.stops[2])) { #expect(abs(v - e) < 1e-6) }
    }

    /// With `maxSide`, the difference map is area-averaged before colouring:
    /// 2×4 differences [0, 1/8, 1/4, 1/4] per row → 1×2 means 1/16 and 1/4 → stops 1 and 2.
    @Test func largeMapsAreAveragedDown() throws {
        let src = Tensor(height: 2, width: 4, channels: 1, repeating: 0)
        let img = TestImages.gray([[0, 0.125, 0.25, 0.25], [0, 0.125, 0.25, 0.25]])
        let h = try HeatMap.render(comparable: img, against: src, maxSide: 2)
        #expect(h.shape == [1, 2, 3])
        let expected = Self.rgb255(HeatMap.stops[1]) + Self.rgb255(HeatMap.stops[2])
        for (v, e) in zip(h.data, expected) { #expect(abs(v - e) < 1e-6) }
        #expect(try HeatMap.render(comparable: img, against: src, maxSide: 4).shape == [2, 4, 3])
    }

    /// Halfway between stops 0 and 1 (t = 0.125, d = 1/64) is their mean colour.
    @Test func interpolatesBetweenStops() {
        let (r, g, b) = HeatMap.colour(at: 0.125)
        #expect(abs(r - 43.5 / 255) < 1e-6 && abs(g - 8 / 255) < 1e-6 && abs(b - 57 / 255) < 1e-6)
    }

    /// Transparent pixels count as white: a fully transparent black pixel equals white.
    @Test func alphaComparedOverWhite() throws {
        let src = Tensor(height: 1, width: 1, channels: 4, data: [1, 1, 1, 1])
        let img = Tensor(height: 1, width: 1, channels: 4, data: [0, 0, 0, 0])
        #expect(try HeatMap.differences(ComparableImage.make(img), ComparableImage.make(src)) == [0])
    }

    @Test func cssGradientCoversTheRamp() {
        let css = HeatMap.cssGradient()
        #expect(css.hasPrefix("linear-gradient(to right, rgb(0,0,4) 0.00%"))
        #expect(css.hasSuffix("rgb(252,255,164) 100.00%)"))
    }
}

@Suite struct ContactSheetGeometryTests {
    @Test func geometryScalesLargeSourcesDown() {
        let s = ContactSheet(sourceHeight: 300, sourceWidth: 451, title: "t", rowLabels: ["a", "b"], columns: 3)
        #expect(s.cellWidth == 256 && s.cellHeight == 170)
        let small = ContactSheet(sourceHeight: 20, sourceWidth: 30, title: "t", rowLabels: ["a"], columns: 2)
        #expect(small.cellWidth == 30 && small.cellHeight == 20)
    }

    /// A gray 2×2 image in a 2×2 cell keeps its values in R, G and B.
    @Test func cellPictureCopiesGrayToRGB() {
        let s = ContactSheet(sourceHeight: 2, sourceWidth: 2, title: "t", rowLabels: ["a"], columns: 2)
        let t = s.cellPicture(TestImages.gray([[0, 0.25], [0.5, 1]]))
        #expect(t.shape == [2, 2, 3])
        #expect((0..<3).map { t[0, 1, $0] } == [0.25, 0.25, 0.25])
        #expect((0..<3).map { t[1, 0, $0] } == [0.5, 0.5, 0.5])
        #expect(t[1, 1, 1] == 1 && t[0, 0, 2] == 0)
    }

    /// A 4×4 source in 2×2 cells: each cell pixel is a 2×2 block mean.
    @Test func cellPictureDownscalesByArea() {
        let s = ContactSheet(sourceHeight: 4, sourceWidth: 4, title: "t", rowLabels: ["a"], columns: 1, maxCellSide: 2)
        let img = TestImages.gray([[0, 0, 1, 1], [0, 0, 1, 1], [0.5, 0.5, 0.25, 0.25], [0.5, 0.5, 0.25, 0.25]])
        #expect(s.cellPicture(img).data == [0, 0, 0, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25])
    }
}
