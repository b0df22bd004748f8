import Dispatch
import ImageTensor
import Pooling

extension StageList {
    /// Applies every stage to `input` (`repeat`/`until` expanded) with colour handling.
    ///
    /// Ops with `mixesSamples` see the working representation of `color` (linear light
    /// and/or premultiplied alpha); other ops see the samples as stored. Consecutive mixing
    /// stages share one conversion; the result is always in the stored representation.
    /// When `color` needs no conversion for `input.channels`, every op runs on the samples
    /// exactly as given.
    ///
    /// - Parameter onStage: called after each stage (all its passes) with the stage's index
    ///   into `stages`, its output in the stored representation, and the seconds it took.
    ///   A stage whose `until` is already met is reported with its unchanged input.
    /// - Precondition: `input` has at least one row and column.
    /// - Throws: `StageListError` (all size errors are found before any op runs).
    public func apply(_ input: Tensor, color: ColorOptions = .init(), context: PoolingContext = .init(),
                      onStage: ((Int, Tensor, Double) -> Void)? = nil) throws -> Tensor {
        try apply(input, inWorkingForm: false, color: color, context: context, onStage: onStage)
    }

    /// `apply`, for an input that may already be in the working representation of `color`
    /// (as `BandedDecoder` leaves it), so that no conversion round trip changes its samples.
    func apply(_ input: Tensor, inWorkingForm inputInWorkingForm: Bool, color: ColorOptions,
               context: PoolingContext, onStage: ((Int, Tensor, Double) -> Void)? = nil) throws -> Tensor {
        let plan = try steps(height: input.height, width: input.width)
        let transform = ColorTransform(options: color, channels: input.channels)
        var current = input
        var inWorkingForm = inputInWorkingForm && transform != nil
        var next = 0
        var fusedCrop = false
        for (i, stage) in stages.enumerated() {
            if fusedCrop {
                // The crop already ran inside the resize before it (`fusedResizeCrop`).
                fusedCrop = false
                next += 1
                continue
            }
            let started = DispatchTime.now().uptimeNanoseconds
            while next < plan.count, plan[next].stage == i {
                let step = plan[next]
                next += 1
                if let transform, stage.op.mixesSamples != inWorkingForm {
                    if inWorkingForm {
                        transform.toStored(&current, threads: context.threads)
                    } else {
                        transform.toWorking(&current, threads: context.threads)
                    }
                    inWorkingForm.toggle()
                }
                do {
                    if onStage == nil, let fused = try fusedResizeCrop(i, current, plan: plan, step: next - 1, context: context) {
                        current = fused
                        fusedCrop = true
                        continue
                    }
                    current = try stage.op.apply(current, context: context)
                } catch {
                    throw StageListError.cannotRun(index: i + 1, stage: stage.source,
                                                   reason: String(describing: error))
                }
                guard current.height == step.outputHeight, current.width == step.outputWidth,
                      current.channels == input.channels else {
                    throw StageListError.cannotRun(
                        index: i + 1, stage: stage.source,
                        reason: "\(stage.op.name) on \(step.inputHeight)×\(step.inputWidth) produced "
                            + "\(current.height)×\(current.width)×\(current.channels), expected "
                            + "\(step.outputHeight)×\(step.outputWidth)×\(input.channels)")
                }
            }
            if let onStage {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                var shown = current
                if inWorkingForm, let transform { transform.toStored(&shown, threads: context.threads) }
                onStage(i, shown, seconds)
            }
        }
        if inWorkingForm, let transform { transform.toStored(&current, threads: context.threads) }
        return current
    }

    /// When stage `i` is a single `resize` pass followed by a single `crop` pass, both
    /// computed at once (`Resize.applyCropped`: only the kept samples, same bits); nil
    /// otherwise. `step` is the resize's index in `plan`.
    private func fusedResizeCrop(_ i: Int, _ input: Tensor, plan: [StageStep], step: Int,
                                 context: PoolingContext) throws -> Tensor? {
        guard i + 1 < stages.count, let resize = stages[i].op as? Resize, let crop = stages[i + 1].op as? Crop,
              step + 1 < plan.count, plan[step].stage == i, plan[step + 1].stage == i + 1,
              step + 2 == plan.count || plan[step + 2].stage != i + 1,
              step == 0 || plan[step - 1].stage != i else { return nil }
        guard let out = try resize.applyCropped(input, crop: crop, context: context) else { return nil }
        let last = plan[step + 1]
        guard out.height == last.outputHeight, out.width == last.outputWidth else { return nil }
        return out
    }
}
