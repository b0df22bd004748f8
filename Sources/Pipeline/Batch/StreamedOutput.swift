import ImageCodecs
import ImageTensor
import Pooling

/// What a job made of one input.
public struct StreamedOutput: Sendable {
    /// The output tensor, upright when orientation was applied.
    public var tensor: Tensor
    /// The decoded image's metadata (format, bit depth, DCT scale, ICC, orientation, warnings).
    public var metadata: ImageMetadata
    /// The input's shape as stored in the file, `[H, W, C]`.
    public var inputShape: [Int]
    public init(tensor: Tensor, metadata: ImageMetadata, inputShape: [Int]) {
        self.tensor = tensor; self.metadata = metadata; self.inputShape = inputShape
    }
}
