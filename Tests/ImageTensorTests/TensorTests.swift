import Testing
import ImageTensor

@Test func indexingIsRowMajorHWC() {
    var t = Tensor(height: 2, width: 3, channels: 2)
    t[1, 2, 1] = 5
    #expect(t.data[(1 * 3 + 2) * 2 + 1] == 5)
    #expect(t.shape == [2, 3, 2])
    #expect(t.hasAlpha)
}
