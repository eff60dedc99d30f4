@testable import EvalsCLI
import FakeModelServer
import Foundation
import Testing

/// Errors that stop a target early: an authentication or not-found answer stops its remaining cases
/// (SPEC §6), and a missing key stops the run before anything is sent (SPEC §2, §4.4).
@Suite("Fail fast")
struct FailFastTests {
    /// A target that the fake server stops with a fatal answer, and the message that says why.
    struct Stop: Sendable, CustomTestStringConvertible {
        var name: String
        /// The target's fields under `provider:`, with `BASE` for the server's URL.
        var fields: String
        var key: String?
        var message: String

        var testDescription: String { name }
    }

    static let rightKey = "right-key"

    static let stops = [
        Stop(name: "openai 401", fields: "provider: openai\n    base_url: BASE/v1\n    model: next-number\n    api_key_env: STOPPED_KEY",
             key: "wrong-key", message: "rejected the key (HTTP 401): check the key in STOPPED_KEY"),
        Stop(name: "gemini 401", fields: "provider: gemini\n    base_url: BASE/v1beta\n    model: models/next-number\n    api_key_env: STOPPED_KEY",
             key: "wrong-key", message: "Gemini rejected the API key (HTTP 401): check the key in STOPPED_KEY"),
        Stop(name: "openai 404", fields: "provider: openai\n    base_url: BASE/v1\n    model: missing-model\n    api_key_env: STOPPED_KEY",
             key: rightKey, message: "model missing-model was not found at"),
        Stop(name: "gemini 404", fields: "provider: gemini\n    base_url: BASE/v1beta\n    model: models/missing-model\n    api_key_env: STOPPED_KEY",
             key: rightKey, message: "model models/missing-model does not exist or was retired"),
        Stop(name: "http 404", fields: "provider: http\n    url: BASE/v1/nowhere\n    body: '{\"q\": \"{{prompt}}\"}'\n    output: /answer",
             key: nil, message: "/v1/nowhere was not found (HTTP 404)"),
    ]

    /// A suite with the target under test, `stopped`, and a healthy one, `fine`, that needs the right key.
    static func suite(stopped fields: String, base: String, cases: Int) -> String {
        """
        suite: failfast
        default_target: fine
        targets:
          fine:
            provider: openai
            base_url: \(base)/v1
            model: next-number-fine
            api_key_env: FINE_KEY
          stopped:
            \(fields.replacingOccurrences(of: "BASE", with: base))
        \(NetworkRunTests.numberCases(cases))
        """
    }

    @Test(arguments: stops)
    func aFatalAnswerStopsOnlyItsTargetWithOneMessage(_ stop: Stop) async throws {
        let server = try FakeModelServer(.init(latencyMilliseconds: 10, requiredKey: Self.rightKey))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("failfast.yaml-lite", Self.suite(stopped: stop.fields, base: server.baseURL, cases: 24))
        var environment = ["FINE_KEY": Self.rightKey]
        environment["STOPPED_KEY"] = stop.key
        let result = await scratch.run([path, "--target", "fine", "--target", "stopped", "--concurrency", "4", "--golden", "off"], environment: environment)

        #expect(result.code == 2, "the endpoint rejected the configuration; rerunning will not help: \(result.stderr)\n\(result.stdout)")
        let announcements = result.stderr.split(separator: "\n").filter { $0.contains("remaining cases were not sent") }
        #expect(announcements.count == 1, "\(result.stderr)")
        #expect(announcements.first?.hasPrefix("evals: error: failfast[stopped]: ") == true)
        #expect(announcements.first?.contains(stop.message) == true, "\(result.stderr)")

        let fineRequests = server.requests.count(where: { $0.jsonBody?["model"] as? String == "next-number-fine" })
        let stoppedRequests = server.stats.requests - fineRequests
        #expect(fineRequests == 24)
        #expect((1...4).contains(stoppedRequests), "only the requests in flight when the first answer came: \(stoppedRequests)")

        let results = try scratch.results()
        #expect(results.counts(of: "fine") == ["passed": 24, "failed": 0, "error": 0, "skipped": 0])
        #expect(results.counts(of: "stopped") == ["passed": 0, "failed": 0, "error": 24, "skipped": 0])
        let messages = results.cases("stopped").compactMap { ($0["messages"] as? [String])?.first }
        #expect(messages.count == 24)
        #expect(messages.allSatisfy { $0.contains(stop.message) })
        #expect(messages.count(where: { $0.hasPrefix("not sent: ") }) == 24 - stoppedRequests)
        #expect(results.cases("stopped").allSatisfy { $0["error_kind"] as? String == "configuration" })
        #expect(results.cases("fine").allSatisfy { $0["error_kind"] is NSNull })
        #expect(results.object["exit_code"] as? Int == 2)

        // merge and compare recompute the exit code from results.json: the error kind survives.
        let merged = await scratch.run(["merge", scratch.path("reports/results.json"), "--out", scratch.path("merged")])
        #expect(merged.code == 2, "\(merged.stderr)")
        let compared = await scratch.run(["compare", scratch.path("reports/results.json"), scratch.path("reports/results.json")])
        #expect(compared.code == 2, "\(compared.stderr)")
    }

    /// A target whose key variable is unset, and what the error names.
    struct MissingKey: Sendable, CustomTestStringConvertible {
        var name: String
        var fields: String
        var message: String

        var testDescription: String { name }
    }

    static let missingKeys = [
        MissingKey(name: "openai api_key_env", fields: "provider: openai\n    base_url: BASE/v1\n    model: next-number\n    api_key_env: E2E_UNSET_KEY",
                   message: "environment variable E2E_UNSET_KEY is not set"),
        MissingKey(name: "gemini default variables", fields: "provider: gemini\n    base_url: BASE/v1beta\n    model: models/next-number",
                   message: "environment variable GEMINI_API_KEY (or GOOGLE_API_KEY) is not set"),
        MissingKey(name: "http header ${VAR}", fields: "provider: http\n    url: BASE/v1/chat/completions\n    headers: {Authorization: \"Bearer ${E2E_UNSET_TOKEN}\"}\n    body: '{\"model\": \"m\", \"prompt\": \"{{prompt}}\"}'\n    output: /choices/0/text",
                   message: "E2E_UNSET_TOKEN"),
    ]

    @Test(arguments: missingKeys)
    func anUnsetKeyExitsTwoBeforeAnythingIsSent(_ missing: MissingKey) async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("failfast.yaml-lite", Self.suite(stopped: missing.fields, base: server.baseURL, cases: 3))
        let result = await scratch.run([path, "--target", "fine", "--target", "stopped"], environment: ["FINE_KEY": Self.rightKey])

        #expect(result.code == 2, "\(result.stderr)\n\(result.stdout)")
        #expect(result.stderr.contains(missing.message), "\(result.stderr)")
        #expect(result.stderr.contains("\(path):"), "the error names the suite file")
        #expect(server.stats.requests == 0, "nothing was sent, not even for the target that has its key")
        let junit = try #require(scratch.read("reports/junit.xml"), "a run that exits 2 writes the harness JUnit file")
        #expect(junit.contains("name=\"harness\""))
        #expect(junit.contains(missing.message))
        #expect(!scratch.exists("reports/results.json"))
        #expect(!scratch.exists("golden"), "no golden file is read or written")
        if let validation = try await validateWithXmllint(scratch.path("reports/junit.xml")) {
            #expect(validation.valid, "\(validation.output)")
        }
    }
}
