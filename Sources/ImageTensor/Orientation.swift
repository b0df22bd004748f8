/// EXIF orientation (TIFF tag 274) applied to tensors.
///
/// The tag says how the stored rows and columns map onto the upright picture:
/// 1 upright, 2 mirrored left–right, 3 rotated 180°, 4 mirrored top–bottom,
/// 5 transposed (mirror across the main diagonal), 6 needs a 90° clockwise turn,
/// 7 transversed (mirror across the anti-diagonal), 8 needs a 90° counter-clockwise turn.
/// Values 5...8 swap height and width.
public enum Orientation {
    /// Whether `tag` is a valid EXIF orientation (1...8).
    public static func isValid(_ tag: Int) -> Bool { (1...8).contains(tag) }

    /// Whether the orientation swaps height and width (5...8).
    public static func swapsAxes(_ tag: Int) -> Bool { (5...8).contains(tag) }

    /// The upright size of a stored `height × width` image carrying `tag`.
    public static func uprightSize(height: Int, width: Int, tag: Int) -> (height: Int, width: Int) {
        swapsAxes(tag) ? (width, height) : (height, width)
    }
}

extension Tensor {
    /// The tensor turned upright according to the EXIF orientation `tag`.
    ///
    /// Tags outside 1...8 (absent or corrupt metadata) and 1 return the tensor unchanged.
    /// Channels are moved together; sample values are never changed.
    public func applyingOrientation(_ tag: Int) -> Tensor {
        guard Orientation.isValid(tag), tag != 1, height > 0, width > 0 else { return self }
        let h = height, w = width, c = channels
        let (oh, ow) = Orientation.uprightSize(height: h, width: w, tag: tag)
        // Source pixel index of output (y, x) is base + y * dy + x * dx.
        let base: Int, dy: Int, dx: Int
        switch tag {
        case 2: (base, dy, dx) = (w - 1, w, -1)
        case 3: (base, dy, dx) = ((h - 1) * w + w - 1, -w, -1)
        case 4: (base, dy, dx) = ((h - 1) * w, -w, 1)
        case 5: (base, dy, dx) = (0, 1, w)
        case 6: (base, dy, dx) = ((h - 1) * w, 1, -w)
        case 7: (base, dy, dx) = ((h - 1) * w + w - 1, -1, -w)
        default: (base, dy, dx) = (w - 1, -1, w) // 8
        }
        return data.withUnsafeBufferPointer { src in
            Tensor(height: oh, width: ow, channels: c) { dst in
                var o = 0
                for y in 0..<oh {
                    var p = base + y * dy
                    for _ in 0..<ow {
                        let s = p * c
                        for k in 0..<c { dst[o + k] = src[s + k] }
                        o += c
                        p += dx
                    }
                }
            }
        }
    }
}
