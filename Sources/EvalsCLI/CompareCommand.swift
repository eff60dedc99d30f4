import EvalKit
import Foundation

/// `evals compare OLD.json NEW.json`: two saved runs compared case by case (SPEC §7.2).
struct CompareCommand {
    let invocation: Invocation
    let console: Console

    func execute() -> Int32 {
        let options = invocation.options
        let reports: [RunReport]
        do {
            reports = try invocation.paths.map { path in try ResultFile.read(path) }
        } catch {
            console.stderr.write("\(error)\n")
            return ExitCode.usage
        }
        let overrides = options.gateOverrides
        let compared = Comparator.compareRuns(old: reports[0], new: reports[1], gateOverrides: overrides, detect: options.detect ?? PairedStatistics.defaultDetect)
        let written = ReportWriter(console: console).write(compared, defaults: options.outGiven)
        return written ? Int32(compared.exitCode) : ExitCode.usage
    }
}

/// `evals merge RESULT.json...`: the shards of one run merged into one set of reports (SPEC §8).
struct MergeCommand {
    let invocation: Invocation
    let console: Console

    func execute() -> Int32 {
        let options = invocation.options
        var inputs: [(path: String, report: RunReport)] = []
        do {
            for path in invocation.paths { inputs.append((path, try ResultFile.read(path))) }
        } catch {
            console.stderr.write("\(error)\n")
            return ExitCode.usage
        }
        let overrides = options.gateOverrides
        let merged: RunReport
        do {
            merged = try ShardMerger.merge(inputs, gateOverrides: overrides, detect: options.detect)
        } catch {
            console.error(error.description)
            return ExitCode.usage
        }
        let written = ReportWriter(console: console).write(merged, defaults: true)
        return written ? Int32(merged.exitCode) : ExitCode.usage
    }
}

/// Reads a `results.json`, with a clear error for a missing or foreign file.
enum ResultFile {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws -> RunReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(description: "\(path): error: cannot read the result file")
        }
        return try JSONReporter.decode(data, path: path)
    }
}
