internal import CCodecs
import ImageTensor

extension CRowDecoder {
    /// Decodes a gray or YCbCr JPEG whole as its planes (no chroma upsampling, no colour
    /// conversion), instead of rows; nil, with nothing read, for anything else: PNG, CMYK,
    /// YCCK or RGB JPEGs, an sRGB conversion to apply, a tolerated truncation
    /// (`allowTruncated`), or rows already read. Then `finish`.
    /// - Throws: `JPEGDecodingError` (the same errors `readRows` throws).
    func readPlanes() throws -> SamplePlanes? {
        guard kind == .jpeg, !started, rowsRead == 0, converter == nil, !allowTruncated else { return nil }
        var layout = cc_jpeg_plane_info()
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        let status = cc_jpeg_start_planes(jpeg, &layout, &msg, msg.count)
        if status == CC_ERR_ARGUMENT { return nil }
        guard status == CC_OK else { throw failure(status, msg) }
        started = true
        let count = Int(layout.planes)
        let strides = [layout.stride.0, layout.stride.1, layout.stride.2].map(Int.init)
        let rows = [layout.rows.0, layout.rows.1, layout.rows.2].map(Int.init)
        var offsets = [0, 0, 0]
        for c in 1..<3 { offsets[c] = offsets[c - 1] + (c - 1 < count ? strides[c - 1] * rows[c - 1] : 0) }
        // Not zeroed: libjpeg writes every sample of the valid rows and columns, the only ones read.
        let total = offsets[count - 1] + strides[count - 1] * rows[count - 1]
        var samples = [UInt8](unsafeUninitializedCapacity: total) { _, n in n = total }
        let read: cc_status = samples.withUnsafeMutableBufferPointer { all in
            let base = all.baseAddress!
            let pointers: [UnsafeMutablePointer<UInt8>?] = (0..<3).map { $0 < count ? base + offsets[$0] : nil }
            return pointers.withUnsafeBufferPointer { cc_jpeg_read_planes(jpeg, $0.baseAddress!, &msg, msg.count) }
        }
        guard read == CC_OK else { throw failure(read, msg) }
        rowsRead = outputHeight
        let widths = [layout.width.0, layout.width.1, layout.width.2].map(Int.init)
        let heights = [layout.height.0, layout.height.1, layout.height.2].map(Int.init)
        let ex = [layout.extent_x.0, layout.extent_x.1, layout.extent_x.2]
        let ey = [layout.extent_y.0, layout.extent_y.1, layout.extent_y.2]
        let planes = (0..<count).map {
            SamplePlanes.Plane(offset: offsets[$0], stride: strides[$0], width: widths[$0], height: heights[$0],
                               extentX: ex[$0], extentY: ey[$0])
        }
        return SamplePlanes(model: count == 1 ? .gray : .ycbcr, samples: samples, planes: planes, height: outputHeight, width: outputWidth)
    }

    private func failure(_ status: cc_status, _ msg: [CChar]) -> Error {
        Self.error(kind: kind, status: status, message: CMessage.text(msg),
                   width: Int(info.width), height: Int(info.height), bytes: bytes)
    }
}
