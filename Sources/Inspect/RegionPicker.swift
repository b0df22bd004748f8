import ImageTensor

/// A rectangle of the source, in source pixels: top row, left column, height, width.
public struct Region: Sendable, Equatable, CustomStringConvertible {
    public var y: Int, x: Int, height: Int, width: Int
    public init(y: Int, x: Int, height: Int, width: Int) {
        self.y = y; self.x = x; self.height = height; self.width = width
    }
    /// `Y,X,H,W`, the form `--region` takes.
    public var description: String { "\(y),\(x),\(height),\(width)" }
    /// Whether it is non-empty and inside an image of `height × width`.
    public func fits(height h: Int, width w: Int) -> Bool {
        y >= 0 && x >= 0 && height >= 1 && width >= 1 && y + height <= h && x + width <= w
    }
}

/// Picks the zoom's default region: the square of `side` pixels (64, or the image's
/// shorter side when smaller) with the most detail, measured as gradient energy: the sum
/// over the square of `(I(y,x+1) − I(y,x))² + (I(y+1,x) − I(y,x))²`, `I` the luminance
/// (mean of the premultiplied colour planes). Candidates start on a grid of `side/4`
/// pixels; ties go to the top-most, then left-most.
enum RegionPicker {
    /// The zoom's side when the image is large enough.
    public static let defaultSide = 64

    /// The most detailed square of `t`.
    /// - Precondition: `t` has at least one pixel and 1–4 channels.
    public static func pick(_ t: Tensor, side requested: Int = RegionPicker.defaultSide) -> Region {
        let side = max(1, min(requested, t.height, t.width))
        let cell = max(1, side / 4)
        let gh = (t.height + cell - 1) / cell, gw = (t.width + cell - 1) / cell
        var energy = [Double](repeating: 0, count: gh * gw)
        let c = t.channels, colour = t.hasAlpha ? c - 1 : c, w = t.width
        var current = [Float](repeating: 0, count: w), below = [Float](repeating: 0, count: w)
        t.data.withUnsafeBufferPointer { d in
            func luminance(row y: Int, into out: inout [Float]) {
                for x in 0..<w {
                    let s = (y * w + x) * c
                    let a = t.hasAlpha ? ComparableImage.clamp01(d[s + c - 1]) : 1
                    var sum: Float = 0
                    for k in 0..<colour { sum += ComparableImage.clamp01(d[s + k]) }
                    out[x] = sum * a / Float(colour)
                }
            }
            luminance(row: 0, into: &current)
            for y in 0..<t.height {
                let hasBelow = y + 1 < t.height
                if hasBelow { luminance(row: y + 1, into: &below) }
                var row = 0.0
                var gx = 0
                for x in 0..<w {
                    let v = current[x]
                    var e: Float = 0
                    if x + 1 < w { let dx = current[x + 1] - v; e += dx * dx }
                    if hasBelow { let dy = below[x] - v; e += dy * dy }
                    row += Double(e)
                    if (x + 1) % cell == 0 || x + 1 == w {
                        energy[(y / cell) * gw + gx] += row
                        row = 0; gx += 1
                    }
                }
                swap(&current, &below)
            }
        }
        // Slide a window of `side` pixels over grid-aligned starts that keep it inside.
        let span = (side + cell - 1) / cell
        var best = Region(y: 0, x: 0, height: side, width: side), bestEnergy = -1.0
        for gy in 0..<gh where gy * cell + side <= t.height {
            for gx in 0..<gw where gx * cell + side <= t.width {
                var e = 0.0
                for by in gy..<min(gh, gy + span) {
                    for bx in gx..<min(gw, gx + span) { e += energy[by * gw + bx] }
                }
                if e > bestEnergy { bestEnergy = e; best = Region(y: gy * cell, x: gx * cell, height: side, width: side) }
            }
        }
        return best
    }
}
