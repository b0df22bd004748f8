import Foundation

/// `sin` and `cos` of `πx0/3` for each output of a resize axis, `x0` the first tap's offset
/// `((lo + 0.5) − (i + 0.5)·scale) / fs` (`fs` the filter scale): the angle is `A(lo) − B(i)`
/// with both parts linear in an integer that only grows, so each advances by rotation and no
/// output calls `sin` (drift near 1e-13 over tens of thousands of steps).
struct LanczosPhase {
    private var sinA: Double, cosA: Double, lo = 0
    private let sinStepA: Double, cosStepA: Double
    private var sinB: Double, cosB: Double
    private let sinStepB: Double, cosStepB: Double

    /// - Precondition: `scale > 0`, `inverseScale = 1 / max(1, scale)`.
    init(scale: Double, inverseScale: Double) {
        let a = Double.pi * inverseScale / 3, b = Double.pi * scale * inverseScale / 3
        (sinA, cosA) = (sin(a / 2), cos(a / 2))
        (sinStepA, cosStepA) = (sin(a), cos(a))
        (sinB, cosB) = (sin(b / 2), cos(b / 2))
        (sinStepB, cosStepB) = (sin(b), cos(b))
    }

    /// The phase of the current output whose first tap is input `lo`.
    /// - Precondition: `lo` never decreases between calls.
    mutating func third(lo target: Int) -> (sin: Double, cos: Double) {
        while lo < target {
            (sinA, cosA) = (sinA * cosStepA + cosA * sinStepA, cosA * cosStepA - sinA * sinStepA)
            lo += 1
        }
        return (sinA * cosB - cosA * sinB, cosA * cosB + sinA * sinB)
    }

    /// Moves on to the next output.
    mutating func nextOutput() {
        (sinB, cosB) = (sinB * cosStepB + cosB * sinStepB, cosB * cosStepB - sinB * sinStepB)
    }
}
