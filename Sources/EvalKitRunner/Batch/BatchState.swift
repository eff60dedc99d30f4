import Foundation
import EvalKitSupport

/// What `.evals/batches/SUITE/TARGET.json` remembers of a target's batch jobs (SPEC §13): enough
/// to resume them and nothing secret (no key, no header, no request text).
public struct BatchState: Sendable, Equatable, Codable {
    public static let schemaName = "evals.batch/1"

    /// One submitted job and the run of requests (in request-set order) it holds.
    public struct Job: Sendable, Equatable, Codable {
        public var id: String
        public var first: Int
        public var count: Int
    }

    public var schema = BatchState.schemaName
    public var suite: String
    public var target: String
    public var provider: String
    public var model: String?
    /// The SHA-256 of the request set: endpoint, keys and bodies.
    public var requestsSHA256: String
    public var requests: Int
    public var submittedAt: String
    public var jobs: [Job]

    enum CodingKeys: String, CodingKey {
        case schema, suite, target, provider, model, requestsSHA256 = "requests_sha256", requests, submittedAt = "submitted_at", jobs
    }

    /// `DIRECTORY/SUITE/TARGET.json`, with `/` and leading dots in the names made harmless.
    public static func url(directory: URL, suite: String, target: String) -> URL {
        func safe(_ name: String) -> String {
            var text = name.replacingOccurrences(of: "/", with: "_")
            while text.hasPrefix(".") { text = "_" + text.dropFirst() }
            return text.isEmpty ? "_" : text
        }
        return directory.appendingPathComponent(safe(suite), isDirectory: true).appendingPathComponent(safe(target) + ".json")
    }

    /// The saved state, or nil when there is none or it cannot be read.
    public static func load(from url: URL) -> BatchState? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(BatchState.self, from: data)
    }

    /// Writes the state atomically, so an interrupt or crash leaves the old file or the new one.
    public func save(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(try JSONTextEncoder.encode(self) + "\n", to: url)
    }

    /// The job ids, in order.
    public var jobIDs: [String] { jobs.map(\.id) }
}
