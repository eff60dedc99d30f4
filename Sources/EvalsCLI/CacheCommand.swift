import EvalKit
import Foundation

/// `evals cache stats|prune|clear` (SPEC §12.1), and the cache a run uses.
struct CacheCommand {
    static let defaultDirectory = ".evals/cache"
    static let defaultTTL: Double = 14 * 86_400

    let invocation: Invocation
    let console: Console

    /// The folder from `--cache-dir`, else `EVALS_CACHE_DIR`, else `.evals/cache`.
    static func directory(_ options: Options, environment: [String: String]) -> URL {
        let path = options.cacheDir ?? environment["EVALS_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultDirectory
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// The cache of a run: mode from `--cache`, else `EVALS_CACHE`, else off (nil).
    static func cache(_ options: Options, console: Console) throws(UsageError) -> ResponseCache? {
        var mode = options.cache
        if mode == nil, let value = console.environment["EVALS_CACHE"], !value.isEmpty {
            guard let named = ResponseCache.Mode(rawValue: value) else {
                throw UsageError("EVALS_CACHE is '\(value)'; valid: \(ResponseCache.Mode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mode = named
        }
        guard let mode, mode != .off else { return nil }
        return ResponseCache(
            mode: mode, directory: directory(options, environment: console.environment), ttl: options.cacheTTL ?? defaultTTL,
            warn: { console.warning($0) })
    }

    func execute() -> Int32 {
        let directory = Self.directory(invocation.options, environment: console.environment)
        switch invocation.paths.first {
        case "stats":
            let stats = ResponseCache.stats(of: directory, ttl: Self.defaultTTL)
            console.stdout.write("""
                cache \(directory.path): \(stats.entries) \(stats.entries == 1 ? "entry" : "entries"), \(stats.bytes) bytes; \
                \(stats.expired) older than 14d, \(stats.unreadable) unreadable

                """)
        case "prune":
            let removed = ResponseCache.prune(directory, olderThan: invocation.options.olderThan ?? Self.defaultTTL)
            console.stdout.write("cache \(directory.path): removed \(removed) \(removed == 1 ? "entry" : "entries")\n")
        default:
            let removed = ResponseCache.clear(directory)
            console.stdout.write("cache \(directory.path): removed \(removed) \(removed == 1 ? "entry" : "entries")\n")
        }
        return ExitCode.success
    }
}
