import Testing
@testable import ImageTensor

/// A 2×3 one-channel image whose samples name their stored position:
///   1 2 3
///   4 5 6
private let stored = Tensor(height: 2, width: 3, channels: 1, data: [1, 2, 3, 4, 5, 6])

/// Upright results worked by hand from the EXIF definitions (where row 0 / column 0 go).
@Test(arguments: [
    (1, 2, 3, [Float]([1, 2, 3, 4, 5, 6])),
    (2, 2, 3, [Float]([3, 2, 1, 6, 5, 4])),      // mirror left–right
    (3, 2, 3, [Float]([6, 5, 4, 3, 2, 1])),      // rotate 180°
    (4, 2, 3, [Float]([4, 5, 6, 1, 2, 3])),      // mirror top–bottom
    (5, 3, 2, [Float]([1, 4, 2, 5, 3, 6])),      // transpose
    (6, 3, 2, [Float]([4, 1, 5, 2, 6, 3])),      // 90° clockwise
    (7, 3, 2, [Float]([6, 3, 5, 2, 4, 1])),      // transverse
    (8, 3, 2, [Float]([3, 6, 2, 5, 1, 4])),      // 90° counter-clockwise
])
func orientationMatchesHandWorkedResult(tag: Int, h: Int, w: Int, expected: [Float]) {
    let out = stored.applyingOrientation(tag)
    #expect(out.height == h)
    #expect(out.width == w)
    #expect(out.data == expected)
}

@Test func orientationMovesChannelsTogether() {
    // 1×2 RGB: pixel A = (1,2,3) left of pixel B = (4,5,6). A clockwise turn puts the left
    // pixel on top; a counter-clockwise turn puts the right pixel on top.
    let t = Tensor(height: 1, width: 2, channels: 3, data: [1, 2, 3, 4, 5, 6])
    let cw = t.applyingOrientation(6)
    #expect(cw.shape == [2, 1, 3])
    #expect(cw.data == [1, 2, 3, 4, 5, 6])
    let ccw = t.applyingOrientation(8)
    #expect(ccw.data == [4, 5, 6, 1, 2, 3])
}

@Test func invalidOrientationTagsLeaveTensorUnchanged() {
    #expect(stored.applyingOrientation(0) == stored)
    #expect(stored.applyingOrientation(9) == stored)
}

/// Each orientation undone by its inverse gives back the stored image (6 and 8 are inverses,
/// the others are their own).
@Test func orientationsComposeWithTheirInverses() {
    let inverse = [1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6]
    for (tag, inv) in inverse {
        #expect(stored.applyingOrientation(tag).applyingOrientation(inv) == stored, "tag \(tag)")
    }
}
