import Foundation
import Synchronization
import Testing
@testable import EvalKit
import YAMLLite
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitProviders
@testable import EvalKitRunner

/// The response cache's entries: TTL on an injected clock, keys, and the folder commands (SPEC §12.1).
@Suite struct ResponseCacheTests {
    final class Clock: Sendable {
        let seconds = Mutex(1_000_000.0)
        var now: @Sendable () -> Date { { Date(timeIntervalSince1970: self.seconds.withLock { $0 }) } }
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evals-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func anEntryOlderThanTheTTLIsAMiss() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = Clock()
        let cache = ResponseCache(mode: .use, directory: directory, ttl: 3600, now: clock.now)
        let key = ResponseCache.key(target: "t", request: ModelRequest(prompt: "1"), sample: 0)
        let response = ModelResponse(text: "2", finishReason: "stop", usage: TokenUsage(promptTokens: 3, completionTokens: 1), modelVersion: "m")
        cache.store(key, response: response, latencyMs: 202.64621699999998)
        clock.advance(3600)
        #expect(cache.lookup(key) == ResponseCache.Entry(response: response, latencyMs: 202.64621699999998, storedAt: 1_000_000), "every digit of the latency is kept")
        clock.advance(1)
        #expect(cache.lookup(key) == nil, "expired")
        #expect(ResponseCache.stats(of: directory, ttl: 3600, now: clock.now()).expired == 1)
        #expect(ResponseCache.prune(directory, olderThan: 7200, now: clock.now()) == 0)
        #expect(ResponseCache.prune(directory, olderThan: 3600, now: clock.now()) == 1)
        #expect(cache.lookup(key) == nil)
    }

    @Test func keysDifferBySampleTargetAndRequest() {
        let request = ModelRequest(prompt: "1", system: "s", settings: GenerationSettings(temperature: 0))
        let base = ResponseCache.key(target: "t", request: request, sample: 0)
        #expect(base.count == 64)
        #expect(base == ResponseCache.key(target: "t", request: request, sample: 0))
        #expect(base != ResponseCache.key(target: "t", request: request, sample: 1))
        #expect(base != ResponseCache.key(target: "u", request: request, sample: 0))
        var other = request
        other.settings.temperature = 1
        #expect(base != ResponseCache.key(target: "t", request: other, sample: 0))
        other = request
        other.system = nil
        #expect(base != ResponseCache.key(target: "t", request: other, sample: 0))
    }
}

/// A target's fingerprint names what changed and ignores what does not (SPEC §12.2).
@Suite struct TargetFingerprintTests {
    func target(env: [String: String], secret: String = "s3cret", template: String = "{{prompt}}", line: Int = 3) -> Suite.ResolvedTarget {
        Suite.ResolvedTarget(
            name: "t", config: .command(.init(run: ["prog", secret], env: env)),
            template: Suite.Template(text: template, mark: Mark(line: line, column: 1)), secrets: [secret])
    }

    @Test func isTheSameWhateverTheOrderOfADictionaryTheKeyOrWhereTheTemplateIsWritten() {
        let defaults = Suite.Defaults()
        let env = Dictionary(uniqueKeysWithValues: (0..<20).map { ("K\($0)", "v\($0)") })
        let one = TargetFingerprint(target(env: env), defaults: defaults)
        let other = TargetFingerprint(target(env: Dictionary(uniqueKeysWithValues: env.sorted { $0.key > $1.key }), secret: "rotated", line: 9), defaults: defaults)
        #expect(one.sha256 == other.sha256)
        #expect(TargetFingerprint.requestDescription(target(env: env)).contains(#"env: ["K0=v0", "K1=v1", "K10=v10", "K11=v11""#), "sorted by name")
        #expect(!TargetFingerprint.requestDescription(target(env: env)).contains("s3cret"))
        let changed = TargetFingerprint(target(env: ["K0": "other"], template: "Q: {{prompt}}"), defaults: defaults)
        #expect(changed.changedFields(from: one) == ["provider fields", "template"])
    }
}
