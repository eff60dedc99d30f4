import EvalKit
import Foundation

/// A command line that cannot be understood; exit 2 with the message and a pointer to `--help`.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Turns argv into an `Invocation`, checking each option's value and which command accepts it.
public enum ArgumentParser {
    /// An option: its name, whether it takes a value, and the commands that accept it.
    struct Spec: Sendable {
        let name: String
        let takesValue: Bool
        let commands: Set<Command>
        let apply: @Sendable (inout Options, String) throws(UsageError) -> Void
    }

    static let selectionCommands: Set<Command> = [.run, .check, .list, .accept]
    static let reportCommands: Set<Command> = [.run, .compare, .merge]
    static let all = Set(Command.allCases)
    static let goldenModes = ["check", "update", "off"]

    static let specs: [Spec] = [
        Spec(name: "--target", takesValue: true, commands: selectionCommands.union([.batch])) { o, v throws(UsageError) in o.targets.append(try name(v, "--target")) },
        Spec(name: "--baseline", takesValue: true, commands: [.run]) { o, v throws(UsageError) in o.baseline = try name(v, "--baseline") },
        Spec(name: "--set", takesValue: true, commands: selectionCommands.union([.batch])) { o, v in o.sets.append(v) },
        Spec(name: "--concurrency", takesValue: true, commands: [.run]) { o, v throws(UsageError) in o.concurrency = try integer(v, "--concurrency", .concurrency) },
        Spec(name: "--timeout", takesValue: true, commands: [.run, .check]) { o, v throws(UsageError) in o.timeout = try number(v, "--timeout", .timeout) },
        Spec(name: "--retries", takesValue: true, commands: [.run]) { o, v throws(UsageError) in o.retries = try integer(v, "--retries", .retries) },
        Spec(name: "--filter", takesValue: true, commands: selectionCommands) { o, v in o.filters.append(v) },
        Spec(name: "--tag", takesValue: true, commands: selectionCommands) { o, v in o.tags.append(v) },
        Spec(name: "--exclude-tag", takesValue: true, commands: selectionCommands) { o, v in o.excludeTags.append(v) },
        Spec(name: "--limit", takesValue: true, commands: selectionCommands) { o, v throws(UsageError) in o.limit = try integer(v, "--limit", .limit) },
        Spec(name: "--shard", takesValue: true, commands: selectionCommands) { o, v throws(UsageError) in o.shard = try shard(v) },
        Spec(name: "--repeat", takesValue: true, commands: [.run]) { o, v throws(UsageError) in o.repeatCount = try integer(v, "--repeat", .repeatCount) },
        Spec(name: "--golden", takesValue: true, commands: [.run]) { o, v throws(UsageError) in
            guard goldenModes.contains(v) else { throw UsageError("unknown --golden mode '\(v)'" + EditDistance.suggestion(v, in: goldenModes)) }
            o.golden = v
        },
        Spec(name: "--golden-strict", takesValue: false, commands: [.run]) { o, _ in o.goldenStrict = true },
        Spec(name: "--remote", takesValue: false, commands: [.check]) { o, _ in o.remote = true },
        Spec(name: "--ci", takesValue: false, commands: selectionCommands) { o, _ in o.ci = true },
        Spec(name: "--no-ci", takesValue: false, commands: selectionCommands) { o, _ in o.ci = false },
        Spec(name: "--out", takesValue: true, commands: reportCommands) { o, v in
            o.out = v
            o.outGiven = true
        },
        Spec(name: "--golden-dir", takesValue: true, commands: selectionCommands) { o, v in o.goldenDir = v },
        Spec(name: "--junit", takesValue: true, commands: reportCommands) { o, v in o.junit = v },
        Spec(name: "--json", takesValue: true, commands: reportCommands) { o, v in o.json = v },
        Spec(name: "--report", takesValue: true, commands: reportCommands) { o, v in o.report = v },
        Spec(name: "--markdown", takesValue: true, commands: reportCommands) { o, v in o.markdown = v },
        Spec(name: "--html", takesValue: true, commands: reportCommands) { o, v in o.html = v },
        Spec(name: "--min-pass-rate", takesValue: true, commands: reportCommands) { o, v throws(UsageError) in o.minPassRate = try number(v, "--min-pass-rate", .share) },
        Spec(name: "--max-regressions", takesValue: true, commands: reportCommands) { o, v throws(UsageError) in o.maxRegressions = try integer(v, "--max-regressions", .maxRegressions) },
        Spec(name: "--max-error-rate", takesValue: true, commands: reportCommands) { o, v throws(UsageError) in o.maxErrorRate = try number(v, "--max-error-rate", .share) },
        Spec(name: "--max-cost", takesValue: true, commands: reportCommands) { o, v throws(UsageError) in o.maxCost = try number(v, "--max-cost", .maxCost) },
        Spec(name: "--detect", takesValue: true, commands: reportCommands) { o, v throws(UsageError) in o.detect = try number(v, "--detect", .detect) },
        Spec(name: "--color", takesValue: true, commands: all) { o, v throws(UsageError) in
            guard let mode = ColorMode(rawValue: v) else {
                throw UsageError("unknown --color value '\(v)'" + EditDistance.suggestion(v, in: ColorMode.allCases.map(\.rawValue)))
            }
            o.color = mode
        },
        Spec(name: "--cache", takesValue: true, commands: [.run]) { o, v throws(UsageError) in
            guard let mode = ResponseCache.Mode(rawValue: v) else {
                throw UsageError("unknown --cache mode '\(v)'; valid: \(ResponseCache.Mode.allCases.map(\.rawValue).joined(separator: ", "))" + EditDistance.suggestion(v, in: ResponseCache.Mode.allCases.map(\.rawValue)))
            }
            o.cache = mode
        },
        Spec(name: "--cache-dir", takesValue: true, commands: [.run, .cache]) { o, v throws(UsageError) in
            guard !v.isEmpty else { throw UsageError("--cache-dir needs a folder") }
            o.cacheDir = v
        },
        Spec(name: "--cache-ttl", takesValue: true, commands: [.run]) { o, v throws(UsageError) in o.cacheTTL = try age(v, "--cache-ttl") },
        Spec(name: "--batch", takesValue: false, commands: [.run]) { o, _ in o.batch = true },
        Spec(name: "--batch-poll", takesValue: true, commands: [.run]) { o, v throws(UsageError) in o.batchPoll = try seconds(v, "--batch-poll") },
        Spec(name: "--older-than", takesValue: true, commands: [.cache]) { o, v throws(UsageError) in o.olderThan = try age(v, "--older-than") },
        Spec(name: "--rerun", takesValue: true, commands: [.run]) { o, v throws(UsageError) in
            guard !v.isEmpty else { throw UsageError("--rerun needs a results.json file") }
            o.rerun = v
        },
        Spec(name: "--rerun-failed", takesValue: false, commands: [.run]) { o, _ in o.rerunFailed = true },
        Spec(name: "--no-color", takesValue: false, commands: all) { o, _ in o.color = .never },
        Spec(name: "--quiet", takesValue: false, commands: all) { o, _ in o.quiet = true },
        Spec(name: "--verbose", takesValue: false, commands: all) { o, _ in o.verbose = true },
    ]

    public static var optionNames: [String] { specs.map(\.name) + ["--help", "--version"] }

    public static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var arguments = arguments[...]
        var command = Command.run
        if let first = arguments.first, let named = Command(rawValue: first) {
            command = named
            arguments = arguments.dropFirst()
        } else if let first = arguments.first {
            try checkNotACommandTypo(first)
        }
        var invocation = Invocation(command: command, options: Options(), paths: [])
        var onlyPaths = false
        var pending: [(Spec, String)] = []
        while let argument = arguments.popFirst() {
            if onlyPaths || !argument.hasPrefix("-") || argument == "-" {
                invocation.paths.append(argument)
                continue
            }
            if argument == "--" {
                onlyPaths = true
                continue
            }
            if argument == "--help" || argument == "-h" {
                invocation.help = true
                continue
            }
            if argument == "--version" {
                invocation.version = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                if invocation.paths.isEmpty, Command(rawValue: name) == nil, let word = arguments.first, Command(rawValue: word) != nil {
                    throw UsageError("the command '\(word)' must come first: evals \(word) \(argument) …")
                }
                throw UsageError("unknown option '\(name)'\(EditDistance.didYouMean(name, in: optionNames))")
            }
            let value: String
            if spec.takesValue {
                if let inlineValue {
                    value = inlineValue
                } else if let next = arguments.popFirst() {
                    value = next
                } else {
                    throw UsageError("\(name) needs a value")
                }
            } else {
                if inlineValue != nil { throw UsageError("\(name) takes no value") }
                value = ""
            }
            pending.append((spec, value))
        }
        if invocation.help || invocation.version { return invocation }
        for (spec, value) in pending {
            guard spec.commands.contains(command) else {
                throw UsageError("\(spec.name) is not an option of `evals \(command.rawValue)`; see `evals \(command.rawValue) --help`")
            }
            try spec.apply(&invocation.options, value)
        }
        try validate(invocation)
        return invocation
    }

    /// A first argument that is no file but is close to a command name is a typo of that command.
    static func checkNotACommandTypo(_ first: String, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) throws(UsageError) {
        guard !first.hasPrefix("-"), !first.contains("/"), !fileExists(first) else { return }
        let commands = Command.allCases.map(\.rawValue)
        guard EditDistance.closest(to: first, in: commands) != nil else { return }
        throw UsageError("'\(first)' is neither a suite file nor a command" + EditDistance.suggestion(first, in: commands))
    }

    /// The report paths (`--out`, `--junit`, `--json`, `--report`, `--html`) of a command line that did not
    /// parse, as far as they can be read from it, so its harness report goes where the others would.
    static func reportOptions(in arguments: [String]) -> Options {
        var options = Options()
        var arguments = arguments[...]
        while let argument = arguments.popFirst() {
            if argument == "--" { break }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard ["--out", "--junit", "--json", "--report", "--html"].contains(name) else { continue }
            guard let value = value ?? arguments.popFirst(), !value.isEmpty else { break }
            switch name {
            case "--out": options.out = value
            case "--junit": options.junit = value
            case "--json": options.json = value
            case "--html": options.html = value
            default: options.report = value
            }
        }
        return options
    }

    static func validate(_ invocation: Invocation) throws(UsageError) {
        let options = invocation.options
        switch invocation.command {
        case .compare:
            guard invocation.paths.count == 2 else { throw UsageError("evals compare takes two result files: evals compare OLD.json NEW.json") }
        case .merge:
            guard !invocation.paths.isEmpty else { throw UsageError("evals merge takes the result files of every shard: evals merge shard-*/results.json") }
        case .cache:
            let actions = ["stats", "prune", "clear"]
            guard invocation.paths.count == 1, actions.contains(invocation.paths[0]) else {
                let given = invocation.paths.first.map { " (got '\($0)')" + EditDistance.suggestion($0, in: actions) } ?? ""
                throw UsageError("evals cache takes one action: stats, prune or clear\(given)")
            }
            if options.olderThan != nil && invocation.paths[0] != "prune" {
                throw UsageError("--older-than is an option of `evals cache prune`")
            }
        case .batch:
            let actions = ["status", "cancel"]
            guard let action = invocation.paths.first, actions.contains(action) else {
                let given = invocation.paths.first.map { " (got '\($0)')" + EditDistance.suggestion($0, in: actions) } ?? ""
                throw UsageError("evals batch takes an action, status or cancel, then suite files: evals batch status SUITE [--target T]\(given)")
            }
            guard invocation.paths.count > 1 else { throw UsageError("evals batch \(action) needs suite files: evals batch \(action) SUITE [--target T]") }
        default:
            guard !invocation.paths.isEmpty else { throw UsageError("no suite file given: try `evals suites/next-number.yaml-lite`") }
            if let results = invocation.paths.first(where: { $0.lowercased().hasSuffix(".json") }) {
                throw UsageError("\(results) is a results file, not a suite: results files go to `evals compare OLD.json NEW.json` or `evals merge RESULT.json...`")
            }
        }
        if let baseline = options.baseline, options.targets.contains(baseline) {
            throw UsageError("--baseline \(baseline) is also a --target; a baseline is shown for reference, not judged")
        }
        if options.rerunFailed && options.rerun == nil {
            throw UsageError("--rerun-failed adds the failed cases to a rerun; give the earlier results with --rerun RESULTS.json")
        }
        if options.quiet && options.verbose { throw UsageError("--quiet and --verbose cannot be used together") }
    }

    static func name(_ value: String, _ option: String) throws(UsageError) -> String {
        guard !value.isEmpty else { throw UsageError("\(option) needs a target name") }
        return value
    }

    /// A whole number within the option's range of `NumberRange`, or a usage error that quotes the range.
    static func integer(_ value: String, _ option: String, _ range: NumberRange) throws(UsageError) -> Int {
        switch range.wholeNumber(value) {
        case .success(let number): return number
        case .failure(let problem): throw UsageError(range.message(for: option, got: value, problem))
        }
    }

    /// A finite number within the option's range of `NumberRange`, or a usage error that quotes the range.
    static func number(_ value: String, _ option: String, _ range: NumberRange) throws(UsageError) -> Double {
        switch range.number(value) {
        case .success(let number): return number
        case .failure(let problem): throw UsageError(range.message(for: option, got: value, problem))
        }
    }

    /// An age such as `14d`, `12h`, `30m` or `90s`, in seconds.
    static func age(_ value: String, _ option: String) throws(UsageError) -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = value.last, let scale = units[unit], let count = Double(value.dropLast()), count.isFinite, count >= 0, count <= 36_500 * 86_400 / scale else {
            throw UsageError("\(option) must be an age such as 14d, 12h, 30m or 90s (units s m h d), got '\(value)'")
        }
        return count * scale
    }

    /// Seconds as a number (`30`, `0.5`) or an age with a unit (`30s`, `2m`, `1h`).
    static func seconds(_ value: String, _ option: String) throws(UsageError) -> Double {
        if let number = Double(value), number.isFinite, number >= 0 { return number }
        do {
            return try age(value, option)
        } catch {
            throw UsageError("\(option) must be seconds such as 30, or an age such as 30s, 5m or 1h (units s m h d), got '\(value)'")
        }
    }

    /// `K/N` with N within `NumberRange.shardCount` and K from 1 to N.
    static func shard(_ value: String) throws(UsageError) -> String {
        guard let shard = ShardSpec(value) else {
            throw UsageError("--shard must be K/N with N \(NumberRange.shardCount) and K from 1 to N, such as 2/4, got '\(value)'")
        }
        return shard.description
    }
}
