import Pooling

/// The text `poolpipe plan` prints: for each stage and each of its passes, the size in and
/// out, the padding and the edge windows per axis (from `PoolingOperation.plan`), then the
/// final size. No image is touched.
///
/// ```
/// input 7×5
/// stage 1: max(3, stride=2, padding=1, dilation=1, ceil=false)
///   7×5 → 4×3; rows: padding 1+1, 2 partial windows, 0 dropped cells; cols: …
/// output 4×3
/// ```
/// Stages with `repeat`/`until` get one line per pass, prefixed `pass N:`; an `until`
/// stage that is already met says so. Notes from the op follow its line, indented.
public enum PlanReport {
    /// Renders the plan of `list` for an input of `height`×`width`.
    /// - Throws: `StageListError` when a stage cannot run on the size that reaches it or an
    ///   `until` stage stops shrinking.
    public static func render(_ list: StageList, height: Int, width: Int) throws -> String {
        let steps = try list.steps(height: height, width: width)
        var lines = ["input \(height)×\(width) (H×W)"]
        var next = 0
        var size = (height, width)
        for (i, stage) in list.stages.enumerated() {
            lines.append("stage \(i + 1): \(stage.canonical)")
            let first = next
            while next < steps.count, steps[next].stage == i {
                let step = steps[next]
                next += 1
                let plan: StagePlan
                do {
                    plan = try stage.op.plan(height: step.inputHeight, width: step.inputWidth)
                } catch {
                    throw StageListError.cannotRun(index: i + 1, stage: stage.source,
                                                   reason: String(describing: error))
                }
                let prefix = stage.repetition == .once ? "  " : "  pass \(step.pass): "
                lines.append(prefix + "\(step.inputHeight)×\(step.inputWidth) → "
                             + "\(step.outputHeight)×\(step.outputWidth); "
                             + "rows: \(describe(plan.rows)); cols: \(describe(plan.cols))")
                for note in plan.notes { lines.append("    note: \(note)") }
                size = (step.outputHeight, step.outputWidth)
            }
            if next == first, case let .until(limit) = stage.repetition {
                lines.append("  no pass: the longest side \(max(size.0, size.1)) is already ≤ \(limit)")
            }
        }
        lines.append("output \(size.0)×\(size.1)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `padding 1+1, 2 partial windows, 0 dropped cells`.
    static func describe(_ axis: AxisPlan) -> String {
        "padding \(axis.padBefore)+\(axis.padAfter), "
            + "\(axis.partialWindows) partial window\(axis.partialWindows == 1 ? "" : "s"), "
            + "\(axis.droppedCells) dropped cell\(axis.droppedCells == 1 ? "" : "s")"
    }
}
