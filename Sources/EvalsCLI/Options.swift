import EvalKit

/// The subcommands of `evals` (SPEC §2).
public enum Command: String, Sendable, CaseIterable {
    case run, check, list, accept, compare, merge, cache, batch
}

/// When colour is used: `auto` means a terminal and no `NO_COLOR`.
public enum ColorMode: String, Sendable, CaseIterable {
    case auto, always, never
}

/// Every option of the command line, parsed but not yet checked against the suites.
public struct Options: Sendable, Equatable {
    public var targets: [String] = []
    public var baseline: String?
    public var sets: [String] = []
    public var concurrency = 8
    public var timeout: Double?
    public var retries = 4
    public var filters: [String] = []
    public var tags: [String] = []
    public var excludeTags: [String] = []
    public var limit: Int?
    public var shard: String?
    public var repeatCount: Int?
    public var golden = "check"
    public var goldenStrict = false
    /// `check --remote`: also ask every target in use whether it can answer (SPEC §10.4).
    public var remote = false
    /// Explicit `--ci` (true) or `--no-ci` (false); nil when the environment decides.
    public var ci: Bool?
    public var out = "reports"
    /// `--golden-dir`; nil for the default, found from each suite's file (SPEC §2).
    public var goldenDir: String?
    /// `--out` was given: `compare` then writes its default reports there too.
    public var outGiven = false
    public var junit: String?
    public var json: String?
    public var report: String?
    public var markdown: String?
    public var html: String?
    public var minPassRate: Double?
    public var maxRegressions: Int?
    public var maxErrorRate: Double?
    /// `--max-cost`: US dollars the run may spend (SPEC §13.1).
    public var maxCost: Double?
    /// `--detect`: the change of pass rate whose required cases a comparison reports (SPEC §15);
    /// nil for the default (5 points, or what `merge`'s shards recorded).
    public var detect: Double?
    public var color = ColorMode.auto
    public var quiet = false
    public var verbose = false
    /// `--cache`; nil for `EVALS_CACHE` or `off` (SPEC §12.1).
    public var cache: ResponseCache.Mode?
    /// `--cache-dir`; nil for `EVALS_CACHE_DIR` or `.evals/cache`.
    public var cacheDir: String?
    /// `--cache-ttl` in seconds; nil for 14 days.
    public var cacheTTL: Double?
    /// `evals cache prune --older-than` in seconds; nil for the TTL's default.
    public var olderThan: Double?
    /// `--rerun RESULTS.json` (SPEC §12.2).
    public var rerun: String?
    /// `--rerun-failed`: the rerun also runs the cases that failed.
    public var rerunFailed = false
    /// `--batch`: every target in use goes through its provider's batch API (SPEC §13).
    public var batch = false
    /// `--batch-poll` in seconds; nil for 30.
    public var batchPoll: Double?

    public init() {}

    /// The gate options given, as overrides of each suite's gate.
    var gateOverrides: GateOverrides {
        GateOverrides(minPassRate: minPassRate, maxRegressions: maxRegressions, maxErrorRate: maxErrorRate, maxCost: maxCost)
    }
}

/// A parsed command line.
public struct Invocation: Sendable, Equatable {
    public var command: Command
    public var options: Options
    /// Suite files, or result files for `compare` and `merge`.
    public var paths: [String]
    /// `--help` or `--version` asked for; nothing else runs.
    public var help = false
    public var version = false
}
