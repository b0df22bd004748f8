import Foundation

/// Builds damaged or synthetic files from good ones for the error tests.
enum ByteSurgery {
    /// CRC-32 (ISO-HDLC, as PNG uses), written out independently of zlib.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    /// A PNG chunk with a correct CRC.
    static func pngChunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let t = Array(type.utf8)
        return be32(UInt32(body.count)) + t + body + be32(crc32(t + body))
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The chunks of a PNG as (offset, type, length), in file order.
    static func pngChunks(_ png: [UInt8]) -> [(offset: Int, type: String, length: Int)] {
        var out: [(Int, String, Int)] = []
        var p = 8
        while p + 8 <= png.count {
            let n = Int(png[p]) << 24 | Int(png[p + 1]) << 16 | Int(png[p + 2]) << 8 | Int(png[p + 3])
            out.append((p, String(decoding: png[(p + 4)..<(p + 8)], as: UTF8.self), n))
            p += 12 + n
        }
        return out
    }

    /// Inserts `chunk` (complete bytes) before the first chunk of type `before`.
    static func insertPNGChunk(_ chunk: [UInt8], into png: [UInt8], before: String) -> [UInt8] {
        let at = pngChunks(png).first { $0.type == before }!.offset
        return Array(png[..<at]) + chunk + Array(png[at...])
    }

    /// A PNG whose IHDR claims `width`×`height` 8-bit RGB, with a correct CRC and a tiny IDAT.
    static func hugePNGHeader(width: UInt32, height: UInt32) -> [UInt8] {
        let ihdr = be32(width) + be32(height) + [8, 2, 0, 0, 0]
        return pngSignature + pngChunk("IHDR", ihdr) + pngChunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
            + pngChunk("IEND", [])
    }

    /// JPEG marker segments as (offset, marker); entropy-coded data is skipped.
    static func jpegMarkers(_ jpeg: [UInt8]) -> [(offset: Int, marker: UInt8)] {
        var out: [(Int, UInt8)] = [(0, 0xD8)]
        var p = 2
        while p + 4 <= jpeg.count {
            guard jpeg[p] == 0xFF else { p += 1; continue }
            let m = jpeg[p + 1]
            if m == 0xFF { p += 1; continue }
            out.append((p, m))
            if m == 0xD9 { break }
            let len = Int(jpeg[p + 2]) << 8 | Int(jpeg[p + 3])
            p += 2 + len
            if m == 0xDA {  // skip entropy data to the next non-RST, non-stuffed marker
                while p + 1 < jpeg.count && !(jpeg[p] == 0xFF && jpeg[p + 1] != 0 && !(0xD0...0xD7).contains(jpeg[p + 1])) { p += 1 }
            }
        }
        return out
    }

    /// Rewrites the size in the first SOFn segment.
    static func jpegWithSize(_ jpeg: [UInt8], width: UInt16, height: UInt16) -> [UInt8] {
        var out = jpeg
        let sof = jpegMarkers(jpeg).first { (0xC0...0xC2).contains($0.marker) }!.offset
        out[sof + 5] = UInt8(height >> 8); out[sof + 6] = UInt8(height & 0xFF)
        out[sof + 7] = UInt8(width >> 8); out[sof + 8] = UInt8(width & 0xFF)
        return out
    }

    /// An APP1 "Exif" segment whose IFD0 holds only the orientation tag.
    static func exifTIFF(orientation: UInt16, bigEndian: Bool) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: UInt32) -> [UInt8] { bigEndian ? be32(v) : be32(v).reversed() }
        let head: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        // Header, IFD0 at 8 with 2 entries (an unrelated tag first), next-IFD 0.
        return head + u16(42) + u32(8) + u16(2)
            + u16(0x010F) + u16(2) + u32(4) + [0x41, 0x42, 0x43, 0x00]       // Make "ABC"
            + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0]     // Orientation
            + u32(0)
    }

    static func jpegWithExif(_ jpeg: [UInt8], tiff: [UInt8]) -> [UInt8] {
        let body = Array("Exif".utf8) + [0, 0] + tiff
        let n = body.count + 2
        return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(n >> 8), UInt8(n & 0xFF)] + body + Array(jpeg[2...])
    }
}
