import Foundation
import Testing
import ImageTensor
@testable import ImageCodecs

/// Choosing the DCT scale after reading the header equals opening with that scale.
@Test(arguments: [1, 2, 4, 8])
func setDCTScaleEqualsOpeningScaled(denominator: Int) throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("images/rocket.jpg").path
    let bytes = try ImageDecoder.fileBytes(path: path)
    let opened = try ImageDecoder.decode(bytes: bytes, options: DecodeOptions(dctScaleDenominator: denominator))
    let decoder = try ImageRowDecoder(bytes: bytes)
    try decoder.setDCTScale(denominator)
    #expect(decoder.outputWidth == (640 + denominator - 1) / denominator)
    #expect(decoder.outputHeight == (427 + denominator - 1) / denominator)
    let tensor = try Tensor(height: decoder.outputHeight, width: decoder.outputWidth, channels: decoder.channels) {
        try decoder.readRows(decoder.outputHeight, into: $0)
    }
    let metadata = try decoder.finish()
    #expect(tensor == opened.tensor)
    #expect(metadata.dctScale == denominator)
    #expect(throws: JPEGDecodingError.self) { try ImageRowDecoder(bytes: bytes).setDCTScale(3) }
}
