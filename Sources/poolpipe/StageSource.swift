import ArgumentParser
import Pipeline

/// Where a command's stage list comes from: `--stages SPEC` or `--config FILE` (whose
/// `stages:` key is used when `--stages` is not given; the command line wins). The one
/// place that decides between the two, for `run` and `plan`.
enum StageSource {
    /// The stage list, or a usage `ExitCode` (status 2) with the reason printed.
    /// - Parameter configKeys: the config file's other accepted keys (the command's options),
    ///   worked out only when the list comes from a config file (it walks the command's help).
    static func resolve(stages: String?, config: String?, configKeys: @autoclosure () -> Set<String>) throws -> StageList {
        do {
            if let spec = stages { return try StageList.parse(spec) }
            guard let path = config else {
                throw CLIError.usage("give the stage list with --stages SPEC or --config FILE")
            }
            return try StageList.load(configFile: path, otherKeys: configKeys())
        } catch let error as StageListError {
            throw CLIError.usage(error.description)
        }
    }

    /// The long option names of `command` in both spellings (`files-from`, `files_from`),
    /// the keys a config file may hold besides `stages`.
    static func configKeys(_ command: ParsableCommand.Type) -> Set<String> {
        let names = OptionCatalog(command).longOptions.map { String($0.dropFirst(2)) }
        return Set(names + names.map { $0.replacingOccurrences(of: "-", with: "_") })
    }
}
