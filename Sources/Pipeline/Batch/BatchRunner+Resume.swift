import Foundation

/// What a run would do with one input, as `--dry-run` reports it.
public enum DryRunAction: Sendable, Equatable {
    /// Would be processed.
    case process
    /// Would be skipped: its manifest record shows it done with the same file and stages.
    case skip
    /// Would fail before any work (its output collides, or is an input).
    case fail(String)
}

extension BatchRunner {
    /// The settings recorded with each input and compared on resume.
    var recordedSettings: String {
        job.manifestSettings.isEmpty ? options.outputSettings : options.outputSettings + " " + job.manifestSettings
    }

    /// The manifest records a run of `plan` compares against to skip inputs (none with
    /// `force`): the one resume decision, used by `run` and by `dryRun`. Every manifest in
    /// OUT counts, so another shard layout's or an unsharded run's work is skipped.
    func resumeRecords(plan: BatchPlan) -> [String: ResumeEntry] {
        options.force ? [:] : ManifestSet.load(folder: plan.outputFolder, including: [plan.manifestPath]).resumeEntries
    }

    /// What `run(plan:)` would do with each planned input, in plan order, by the same resume
    /// rule; reads the manifest and stats files, writes nothing.
    public func dryRun(plan: BatchPlan) -> [DryRunAction] {
        let previous = resumeRecords(plan: plan)
        let root = AtomicFileWriter.realPath(plan.outputFolder) ?? plan.outputFolder
        let stages = job.manifestStages, settings = recordedSettings
        return plan.items.map { p in
            if let conflict = p.conflict { return .fail(conflict) }
            guard let prev = previous[p.input.absolutePath], let stamp = FileStamp(path: p.input.absolutePath),
                  BatchItemProcessor.isUpToDate(prev, stamp: stamp, output: root + "/" + p.relativeOutput,
                                                stages: stages, settings: settings) else { return .process }
            return .skip
        }
    }
}
