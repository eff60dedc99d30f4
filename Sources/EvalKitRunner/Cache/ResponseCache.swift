import Foundation
import Synchronization
import EvalKitSupport
import EvalKitResults
import EvalKitSuite
import EvalKitProviders

/// The response cache (SPEC §12.1): answers stored under the SHA-256 of the request as sent plus
/// the sample index, one JSON file per entry, written atomically.
///
/// Entries live at `DIR/ab/abcdef….json` (the first two hex digits as a folder, so no folder
/// grows past a few hundred files). An entry records when it was stored; one older than the
/// TTL is a miss. Only answers are stored, never errors, and no credential is part of a key or
/// an entry: the key material is redacted before it is hashed.
public final class ResponseCache: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// No cache: every request is sent.
        case off
        /// Answers from the cache when it holds the request; stores every new answer.
        case use
        /// Sends every request and overwrites the entry.
        case refresh
        /// Never sends: a miss is an `error`, `not in cache`.
        case only
    }

    /// One stored answer and the latency it first took.
    public struct Entry: Sendable, Equatable {
        public var response: ModelResponse
        public var latencyMs: Double?
        /// Seconds since 1970 when it was stored.
        public var storedAt: Double
    }

    public static let schema = "evals.cache/1"
    /// The error message of a miss in `only` mode.
    public static let notInCache = "not in cache"

    public let mode: Mode
    public let directory: URL
    /// Seconds an entry stays fresh.
    public let ttl: Double
    private let now: @Sendable () -> Date
    private let warn: @Sendable (String) -> Void
    private let warned = Mutex(false)

    public init(mode: Mode, directory: URL, ttl: Double = 14 * 86_400, now: @escaping @Sendable () -> Date = Date.init, warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.mode = mode
        self.directory = directory
        self.ttl = ttl
        self.now = now
        self.warn = warn
    }

    /// Whether a request is looked up before it is sent.
    var reads: Bool { mode == .use || mode == .only }
    /// Whether an answer is stored.
    var writes: Bool { mode == .use || mode == .refresh }

    /// The key of one sample of one request: the SHA-256 of the target's request description
    /// (provider and its fields, redacted), the request's prompt, system and settings, and the sample index.
    static func key(target: String, request: ModelRequest, sample: Int) -> String {
        var hasher = SHA256()
        for part in [target, request.prompt, request.system ?? "\u{0}none", Self.settingsText(request.settings), String(sample)] {
            hasher.update(String(part.utf8.count))
            hasher.update(":")
            hasher.update(part)
        }
        return hasher.hexDigest()
    }

    static func settingsText(_ settings: GenerationSettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(settings)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    func url(for key: String) -> URL {
        directory.appendingPathComponent(String(key.prefix(2)), isDirectory: true).appendingPathComponent("\(key).json")
    }

    /// The fresh entry under `key`, or nil: absent, expired, or unreadable (with a warning).
    func lookup(_ key: String) -> Entry? {
        let url = url(for: key)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard let entry = Self.decode(data) else {
            warn("\(url.path): unreadable cache entry; treated as a miss")
            return nil
        }
        guard now().timeIntervalSince1970 - entry.storedAt <= ttl else { return nil }
        return entry
    }

    /// Stores an answer under `key`; a failure to write is one warning, not an error of the case.
    func store(_ key: String, response: ModelResponse, latencyMs: Double?) {
        let entry = Entry(response: response, latencyMs: latencyMs, storedAt: now().timeIntervalSince1970)
        do {
            try AtomicFile.write(Self.encode(entry, key: key), to: url(for: key))
        } catch {
            let first = warned.withLock { seen in
                defer { seen = true }
                return !seen
            }
            if first { warn("cannot write to the cache in \(directory.path): \(error)") }
        }
    }

    /// An entry as stored: JSON, numbers written so that they read back to the same `Double`.
    private struct Stored: Codable {
        var schema: String
        var key: String
        var storedAt: Double
        var latencyMs: Double?
        var text: String
        var finishReason: String?
        var truncated: Bool
        var blockReason: String?
        var modelVersion: String?
        var usage: TokenUsage?

        enum CodingKeys: String, CodingKey {
            case schema, key, storedAt = "stored_at", latencyMs = "latency_ms", text, finishReason = "finish_reason"
            case truncated, blockReason = "block_reason", modelVersion = "model_version", usage
        }
    }

    static func encode(_ entry: Entry, key: String) -> Data {
        let response = entry.response
        let stored = Stored(
            schema: schema, key: key, storedAt: entry.storedAt, latencyMs: entry.latencyMs, text: response.text,
            finishReason: response.finishReason, truncated: response.truncated, blockReason: response.blockReason,
            modelVersion: response.modelVersion, usage: response.usage)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(stored)) ?? Data()
    }

    /// The entry in `data`, or nil when it is not a whole entry of this schema.
    public static func decode(_ data: Data) -> Entry? {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: data), stored.schema == schema else { return nil }
        let response = ModelResponse(
            text: stored.text, finishReason: stored.finishReason, truncated: stored.truncated,
            blockReason: stored.blockReason, usage: stored.usage, modelVersion: stored.modelVersion)
        return Entry(response: response, latencyMs: stored.latencyMs, storedAt: stored.storedAt)
    }
}
