import ImageTensor

/// The contact sheet: one RGB picture holding the report's grid, one row per stage list,
/// the source in the first column and each stage (enlarged back to the source size) after
/// it. Cells share the source's aspect ratio, scaled down with area averaging so that the
/// longest side is at most `maxCellSide`; separated by `gutter` pixels of dark gray.
/// Alpha is composited over white. Rows with fewer stages leave their last cells dark.
public struct ContactSheet: Sendable {
    /// Gutter and empty-cell gray level.
    public static let background: Float = 0.2
    public let rows: Int
    public let columns: Int
    public let cellHeight: Int
    public let cellWidth: Int
    public let gutter: Int
    /// The sheet so far.
    public private(set) var tensor: Tensor

    /// An empty sheet for a source of `sourceHeight × sourceWidth`.
    /// - Precondition: all counts and sizes ≥ 1, `gutter` ≥ 0.
    public init(sourceHeight: Int, sourceWidth: Int, rows: Int, columns: Int,
                maxCellSide: Int = 256, gutter: Int = 4) {
        precondition(sourceHeight >= 1 && sourceWidth >= 1 && rows >= 1 && columns >= 1
                     && maxCellSide >= 1 && gutter >= 0, "bad contact sheet geometry")
        let longest = max(sourceHeight, sourceWidth)
        if longest <= maxCellSide {
            cellHeight = sourceHeight; cellWidth = sourceWidth
        } else {
            let s = Double(maxCellSide) / Double(longest)
            cellHeight = max(1, Int((Double(sourceHeight) * s).rounded()))
            cellWidth = max(1, Int((Double(sourceWidth) * s).rounded()))
        }
        self.rows = rows; self.columns = columns; self.gutter = gutter
        tensor = Tensor(height: rows * cellHeight + (rows + 1) * gutter,
                        width: columns * cellWidth + (columns + 1) * gutter,
                        channels: 3, repeating: Self.background)
    }

    /// Top-left pixel of a cell.
    public func origin(row: Int, column: Int) -> (y: Int, x: Int) {
        (gutter + row * (cellHeight + gutter), gutter + column * (cellWidth + gutter))
    }

    /// Draws `image` into cell (`row`, `column`), scaled to the cell.
    /// - Precondition: `image` is at least the cell's size (e.g. the source size), 1–4 channels,
    ///   and the cell is inside the sheet.
    public mutating func place(_ image: Tensor, row: Int, column: Int) {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns, "cell outside the sheet")
        let rgb = ComparableImage.makeRGB(image)
        let cell = AreaDownscale.resize(rgb, height: cellHeight, width: cellWidth)
        let (oy, ox) = origin(row: row, column: column)
        let w = tensor.width
        tensor.data.withUnsafeMutableBufferPointer { dst in
            cell.data.withUnsafeBufferPointer { src in
                for y in 0..<cellHeight {
                    let d = ((oy + y) * w + ox) * 3, s = y * cellWidth * 3
                    for q in 0..<cellWidth * 3 { dst[d + q] = src[s + q] }
                }
            }
        }
    }
}
