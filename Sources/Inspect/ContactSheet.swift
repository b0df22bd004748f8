import ImageTensor

/// The contact sheet of one image: a title, then one row per stage list labelled with the
/// list as given, the source in the first column and each stage after it, every cell
/// captioned (stage, output shape, PSNR and SSIM), and, once `zoom` is set, the zoom region
/// of each picture below it, enlarged pixel-exact. Cells share the source's aspect ratio,
/// longest side at most `maxCellSide`; a larger picture is area-averaged down, a smaller
/// one enlarged with nearest neighbour (so pooling blocks show). Transparent pixels are
/// drawn over a checkerboard.
struct ContactSheet: Sendable {
    /// Page background and text colours.
    static let background: Float = 0.97
    static let ink: (Float, Float, Float) = (0.11, 0.11, 0.12)
    static let subtle: (Float, Float, Float) = (0.33, 0.33, 0.36)
    static let padding = 10
    /// Columns are at least this wide so that captions fit.
    static let minColumnWidth = 190

    public let cellHeight: Int, cellWidth: Int
    var title: String
    let rowLabels: [String]
    let columns: Int
    /// `cells[row][column]`: the picture (RGB, cell-sized), its zoom and its caption lines.
    private(set) var cells: [[(Tensor, Tensor?, [String])?]]
    /// The zoom region of the source and its integer magnification in the sheet.
    public var zoom: (region: Region, scale: Int)?
    /// The zoom's side at most, in sheet pixels.
    static let zoomMaxSide = 160

    /// The magnification that fits `region` in `zoomMaxSide` (at least 1).
    static func zoomScale(_ region: Region) -> Int {
        max(1, zoomMaxSide / max(region.height, region.width))
    }

    /// An empty sheet for a source of `sourceHeight × sourceWidth`.
    /// - Precondition: sizes ≥ 1, at least one row label and one column.
    public init(sourceHeight: Int, sourceWidth: Int, title: String, rowLabels: [String], columns: Int,
                maxCellSide: Int = 256) {
        precondition(sourceHeight >= 1 && sourceWidth >= 1 && !rowLabels.isEmpty && columns >= 1
                     && maxCellSide >= 1, "bad contact sheet geometry")
        let longest = max(sourceHeight, sourceWidth)
        let s = min(1, Double(maxCellSide) / Double(longest))
        cellHeight = max(1, Int((Double(sourceHeight) * s).rounded()))
        cellWidth = max(1, Int((Double(sourceWidth) * s).rounded()))
        self.title = title; self.rowLabels = rowLabels; self.columns = columns
        cells = Array(repeating: Array(repeating: nil, count: columns), count: rowLabels.count)
    }

    /// The cell picture of `image` (any size, 1–4 channels).
    public func cellPicture(_ image: Tensor) -> Tensor {
        CellPicture.make(image, height: cellHeight, width: cellWidth)
    }

    /// The zoom picture of `image` (the source, or an output enlarged to `sourceHeight ×
    /// sourceWidth` with nearest neighbour), or `nil` when `zoom` is not set.
    public func zoomPicture(_ image: Tensor, sourceHeight: Int, sourceWidth: Int) -> Tensor? {
        guard let zoom else { return nil }
        return CellPicture.zoom(image, region: zoom.region, scale: zoom.scale,
                                sourceHeight: sourceHeight, sourceWidth: sourceWidth)
    }

    /// Puts a cell picture (from `cellPicture`), its zoom (from `zoomPicture`) and caption
    /// into (`row`, `column`).
    /// - Precondition: the cell is inside the sheet and `picture` is cell-sized RGB.
    public mutating func place(picture: Tensor, zoom: Tensor? = nil, caption: [String], row: Int, column: Int) {
        precondition(row >= 0 && row < cells.count && column >= 0 && column < columns, "cell outside the sheet")
        precondition(picture.shape == [cellHeight, cellWidth, 3], "cell pictures are cell-sized RGB")
        cells[row][column] = (picture, zoom, caption)
    }

    /// The labelled sheet as an RGB tensor.
    /// - Throws: `InspectError.fontUnavailable` when a label cannot be drawn.
    func render(fonts: SheetFonts) throws -> Tensor {
        let pad = Self.padding
        let colW = max(cellWidth, Self.minColumnWidth, zoom.map { $0.region.width * $0.scale } ?? 0)
        let titleH = fonts.title.lineHeight + pad, labelH = fonts.label.lineHeight + 4
        let captionH = 2 * fonts.caption.lineHeight + pad
        let zoomH = zoom.map { $0.region.height * $0.scale + 4 } ?? 0
        let rowH = labelH + cellHeight + 4 + zoomH + captionH
        let width = pad + columns * (colW + pad)
        let height = pad + titleH + cells.count * rowH
        var t = Tensor(height: height, width: width, channels: 3, repeating: Self.background)
        try fonts.title.draw(fonts.title.fitted(title, maxWidth: width - 2 * pad), into: &t,
                             x: pad, top: pad, maxX: width - pad, colour: Self.ink)
        for (r, row) in cells.enumerated() {
            let top = pad + titleH + r * rowH
            try fonts.label.draw(fonts.label.fitted(rowLabels[r], maxWidth: width - 2 * pad), into: &t,
                                 x: pad, top: top, maxX: width - pad, colour: Self.ink)
            for (c, cell) in row.enumerated() {
                guard let (picture, zoomPicture, caption) = cell else { continue }
                let x = pad + c * (colW + pad), y = top + labelH
                blit(picture, into: &t, y: y, x: x)
                if let zoomPicture { blit(zoomPicture, into: &t, y: y + cellHeight + 4, x: x) }
                for (i, line) in caption.prefix(2).enumerated() {
                    try fonts.caption.draw(fonts.caption.fitted(line, maxWidth: colW), into: &t, x: x,
                                           top: y + cellHeight + 4 + zoomH + i * fonts.caption.lineHeight,
                                           maxX: x + colW, colour: i == 0 ? Self.ink : Self.subtle)
                }
            }
        }
        return t
    }

    func blit(_ picture: Tensor, into t: inout Tensor, y: Int, x: Int) {
        let w = t.width, pw = picture.width
        t.data.withUnsafeMutableBufferPointer { dst in
            picture.data.withUnsafeBufferPointer { src in
                for row in 0..<picture.height {
                    let d = ((y + row) * w + x) * 3, s = row * pw * 3
                    for q in 0..<pw * 3 { dst[d + q] = src[s + q] }
                }
            }
        }
    }

    /// Several sheets one below the other (narrower ones padded on the right).
    /// - Precondition: at least one sheet, all RGB.
    static func stack(_ sheets: [Tensor]) -> Tensor {
        precondition(!sheets.isEmpty, "nothing to stack")
        if sheets.count == 1 { return sheets[0] }
        let width = sheets.map(\.width).max()!, height = sheets.reduce(0) { $0 + $1.height }
        var out = Tensor(height: height, width: width, channels: 3, repeating: background * 0.9)
        var y = 0
        for s in sheets {
            out.data.withUnsafeMutableBufferPointer { dst in
                s.data.withUnsafeBufferPointer { src in
                    for row in 0..<s.height {
                        let d = (y + row) * width * 3, o = row * s.width * 3
                        for q in 0..<s.width * 3 { dst[d + q] = src[o + q] }
                    }
                }
            }
            y += s.height
        }
        return out
    }
}

/// The three sizes of the sheet's font.
final class SheetFonts {
    let title: SheetFont, label: SheetFont, caption: SheetFont
    /// - Throws: `InspectError.fontUnavailable` when the font cannot be opened.
    init(path: String) throws {
        title = try SheetFont(path: path, pixelSize: 16)
        label = try SheetFont(path: path, pixelSize: 13)
        caption = try SheetFont(path: path, pixelSize: 12)
    }
}

/// A picture fitted to a sheet cell: premultiplied, resized, composited over a checkerboard.
enum CellPicture {
    /// Checkerboard squares (pixels) and their two grays.
    static let square = 8
    static let checkerLight: Float = 1.0, checkerDark: Float = 0.8

    /// The gray of the checkerboard at a pixel.
    @inline(__always)
    static func checker(_ y: Int, _ x: Int) -> Float {
        (y / square + x / square) % 2 == 0 ? checkerLight : checkerDark
    }

    /// `image` as RGB of `height × width`: area-averaged when at least that large in both
    /// directions, otherwise enlarged with nearest neighbour; alpha over the checkerboard.
    static func make(_ image: Tensor, height: Int, width: Int) -> Tensor {
        let shrink = image.height >= height && image.width >= width
        let fitted = shrink ? AreaDownscale.resize(image, height: height, width: width, premultiplied: true)
            : premultiplied(NearestNeighbour.resize(image, height: height, width: width))
        let c = fitted.channels, colour = fitted.hasAlpha ? c - 1 : c
        return Tensor(height: height, width: width, channels: 3) { out in
            fitted.data.withUnsafeBufferPointer { d in
                for y in 0..<height {
                    for x in 0..<width {
                        let s = (y * width + x) * c, o = (y * width + x) * 3
                        let a = fitted.hasAlpha ? ComparableImage.clamp01(d[s + c - 1]) : 1
                        let bg = (1 - a) * checker(y, x)
                        for k in 0..<3 {
                            out[o + k] = ComparableImage.clamp01(d[s + min(k, colour - 1)]) + bg
                        }
                    }
                }
            }
        }
    }

    /// The `region` of `image` seen at the source's size (nearest neighbour: source pixel
    /// `i` shows image pixel `floor(i · n / N)`), each pixel drawn as a `scale × scale`
    /// block, alpha over the checkerboard.
    /// - Precondition: `region` lies inside `sourceHeight × sourceWidth`; `scale >= 1`.
    static func zoom(_ image: Tensor, region r: Region, scale: Int, sourceHeight: Int, sourceWidth: Int) -> Tensor {
        precondition(r.fits(height: sourceHeight, width: sourceWidth) && scale >= 1, "zoom region outside the source")
        let c = image.channels, colour = image.hasAlpha ? c - 1 : c
        let h = r.height * scale, w = r.width * scale
        return Tensor(height: h, width: w, channels: 3) { out in
            image.data.withUnsafeBufferPointer { d in
                for y in 0..<h {
                    let sy = (r.y + y / scale) * image.height / sourceHeight
                    for x in 0..<w {
                        let sx = (r.x + x / scale) * image.width / sourceWidth
                        let s = (sy * image.width + sx) * c, o = (y * w + x) * 3
                        let a = image.hasAlpha ? ComparableImage.clamp01(d[s + c - 1]) : 1
                        let bg = (1 - a) * checker(y, x)
                        for k in 0..<3 { out[o + k] = ComparableImage.clamp01(d[s + min(k, colour - 1)]) * a + bg }
                    }
                }
            }
        }
    }

    /// Colour samples multiplied by alpha (clamped first); tensors without alpha unchanged.
    static func premultiplied(_ t: Tensor) -> Tensor {
        guard t.hasAlpha else { return t }
        var out = t
        let c = t.channels
        out.data.withUnsafeMutableBufferPointer { d in
            for p in 0..<t.height * t.width {
                let a = ComparableImage.clamp01(d[p * c + c - 1])
                for k in 0..<c - 1 { d[p * c + k] = ComparableImage.clamp01(d[p * c + k]) * a }
            }
        }
        return out
    }
}
