@testable import EvalsCLI
import FakeModelServer
import Foundation
import Testing

/// `evals check --remote` (SPEC §10.4) against fake-model: one question per target, a table,
/// and exit 0 only when every target is ready.
@Suite("check --remote")
struct CheckRemoteTests {
    /// A suite whose targets all point at `base`, with the given names for the models that vary.
    static func suite(base: String, tuned: String = "next-number-abc", endpoint: String = "1234567890", openaiModel: String = "next-number", publisher: String = "gemini-2.5-flash") -> String {
        """
        suite: remote
        default_target: reference
        targets:
          reference:
            provider: reference
            model: next-number
          gemini:
            provider: gemini
            base_url: \(base)/v1beta
            model: models/gemini-2.5-flash
          tuned:
            provider: gemini
            base_url: \(base)/v1beta
            model: tunedModels/\(tuned)
          chat:
            provider: openai
            base_url: \(base)/v1
            model: \(openaiModel)
          endpoint:
            provider: vertex
            project: my-project
            endpoint: "\(endpoint)"
            base_url: \(base)/v1
          publisher:
            provider: vertex
            project: my-project
            model: \(publisher)
            base_url: \(base)/v1
          hook:
            provider: http
            url: \(base)/v1/chat/completions
            body: '{"model": "next-number", "messages": [{"role": "user", "content": "{{prompt}}"}]}'
            output: /choices/0/message/content
          script:
            provider: command
            run: [/bin/cat]
          absent:
            provider: command
            run: [no-such-program-evals-test]
        cases:
          - {id: first, prompt: "41", expect: "42"}
          - {id: second, prompt: "1", expect: "2"}
        """
    }

    static let environment = ["GEMINI_API_KEY": "gemini-key", "VERTEX_ACCESS_TOKEN": "ya29.token"]

    static func targets(_ names: String...) -> [String] {
        names.flatMap { ["--target", $0] }
    }

    /// The table's rows by target: its cells split at runs of two or more spaces.
    static func rows(_ stdout: String) -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for line in stdout.split(separator: "\n") where !line.hasPrefix("TARGET") && !line.contains(": ok (") {
            let cells = line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let name = cells.first { rows[name] = cells }
        }
        return rows
    }

    @Test func everyReadyTargetIsAskedOnceAndTheExitIs0() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("remote.yaml-lite", Self.suite(base: server.baseURL))
        let result = await scratch.run(["check", "--remote", path] + Self.targets("reference", "gemini", "tuned", "chat", "endpoint", "publisher", "hook", "script"), environment: Self.environment)
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")

        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("remote.yaml-lite: ok (2 cases, 9 targets; golden: none)") == true)
        #expect(lines.dropFirst().first?.split(separator: " ").map(String.init) == ["TARGET", "PROVIDER", "MODEL", "STATUS", "DETAIL", "LATENCY"])
        let rows = Self.rows(result.stdout)
        #expect(rows.count == 8)
        for (name, row) in rows {
            #expect(row.count == 6, "\(row)")
            #expect(row[3] == "ready", "\(name): \(row)")
        }
        #expect(rows["endpoint"]?[1...4] == ["vertex", "endpoints/1234567890", "ready", "1 deployed model: tuned-1234567890"])
        #expect(rows["tuned"]?[4] == "tuned model is ACTIVE")
        #expect(rows["reference"]?[5] == "-")
        #expect(rows["endpoint"]?[5].hasSuffix(" ms") == true)

        let asked = server.requests.map { "\($0.method) \($0.path)" }
        #expect(asked.sorted() == [
            "GET /v1/models/next-number",
            "GET /v1/projects/my-project/locations/us-central1/endpoints/1234567890",
            "GET /v1beta/models/gemini-2.5-flash",
            "GET /v1beta/tunedModels/next-number-abc",
            "POST /v1/chat/completions",
            "POST /v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
        ])
        let hook = try #require(server.requests.first { $0.path == "/v1/chat/completions" })
        #expect(String(decoding: hook.body, as: UTF8.self).contains(#""content": "41""#), "the first case's prompt")
        let oneToken = try #require(server.requests.first { $0.path.hasSuffix(":generateContent") })
        #expect((oneToken.jsonBody?["generationConfig"] as? [String: Any])?["maxOutputTokens"] as? Int == 1)
        #expect(oneToken.header("Authorization") == "Bearer ya29.token")
        #expect(!result.stdout.contains("ya29.token") && !result.stdout.contains("gemini-key"))
    }

    @Test func missingModelsAndEndpointsAreNotFound() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("remote.yaml-lite", Self.suite(base: server.baseURL, tuned: "missing-abc", endpoint: "missing-1", openaiModel: "missing-model", publisher: "missing-flash"))
        let result = await scratch.run(["check", "--remote", path] + Self.targets("tuned", "chat", "endpoint", "publisher", "absent", "reference"), environment: Self.environment)
        #expect(result.code == 1, "\(result.stderr)\n\(result.stdout)")
        let rows = Self.rows(result.stdout)
        for name in ["tuned", "chat", "endpoint", "publisher", "absent"] {
            #expect(rows[name]?[3] == "not-found", "\(name): \(rows[name] ?? [])")
        }
        #expect(rows["reference"]?[3] == "ready")
        #expect(rows["tuned"]?[4] == "tunedModels/missing-abc was not found (HTTP 404): Gemini API tuned models were retired; tuned Gemini models are served by Vertex AI (provider: vertex)")
        #expect(rows["chat"]?[4] == "model missing-model is not among the 2 models the server lists (next-number, base)")
        #expect(rows["endpoint"]?[4].hasPrefix("endpoint missing-1 (project my-project, location us-central1) was not found (HTTP 404)") == true)
        #expect(rows["absent"]?[4] == "program 'no-such-program-evals-test' not found on PATH")
        #expect(server.requests.filter { $0.path.hasSuffix("/models") }.count == 1, "the OpenAI list is asked only after GET /models/{model} failed")
    }

    @Test func modelsStillBeingMadeAreNotReady() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("remote.yaml-lite", Self.suite(base: server.baseURL, tuned: "creating-abc", endpoint: "creating-1"))
        let result = await scratch.run(["check", "--remote", path] + Self.targets("tuned", "endpoint", "gemini"), environment: Self.environment)
        #expect(result.code == 1, "\(result.stderr)\n\(result.stdout)")
        let rows = Self.rows(result.stdout)
        #expect(rows["tuned"]?[3...4] == ["not-ready", "tuned model is in state CREATING, not ACTIVE"])
        #expect(rows["endpoint"]?[3...4] == ["not-ready", "endpoint creating-1 (project my-project, location us-central1) has no deployed model (still deploying, or undeployed)"])
        #expect(rows["gemini"]?[3] == "ready")
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let closed = try RefusingPort()
        let base = closed.baseURL
        let scratch = try Scratch()
        let path = try scratch.write("remote.yaml-lite", Self.suite(base: base))
        let result = await scratch.run(["check", "--remote", path] + Self.targets("gemini", "chat", "endpoint", "hook"), environment: Self.environment)
        #expect(result.code == 1, "\(result.stderr)\n\(result.stdout)")
        let rows = Self.rows(result.stdout)
        for name in ["gemini", "chat", "endpoint", "hook"] {
            #expect(rows[name]?[3] == "unreachable", "\(name): \(rows[name] ?? [])")
            #expect(rows[name]?[4].contains("connection refused") == true, "\(name): \(rows[name] ?? [])")
        }
        withExtendedLifetime(closed) {}
    }

    @Test func rejectedKeysAndTokensAreAuthFailed() async throws {
        let server = try FakeModelServer(.init(requiredKey: "right-key", requiredToken: "right-token"))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("remote.yaml-lite", Self.suite(base: server.baseURL))
        let environment = ["GEMINI_API_KEY": "wrong-key", "VERTEX_ACCESS_TOKEN": "wrong-token"]
        let result = await scratch.run(["check", "--remote", path] + Self.targets("gemini", "endpoint", "publisher"), environment: environment)
        #expect(result.code == 1, "\(result.stderr)\n\(result.stdout)")
        let rows = Self.rows(result.stdout)
        for name in ["gemini", "endpoint", "publisher"] {
            #expect(rows[name]?[3] == "auth-failed", "\(name): \(rows[name] ?? [])")
        }
        #expect(rows["endpoint"]?[4].hasPrefix("Vertex AI rejected the access token in VERTEX_ACCESS_TOKEN (HTTP 401)") == true)
        #expect(!result.stdout.contains("wrong-key") && !result.stdout.contains("wrong-token"))
    }

    @Test func anUnsetKeyIsExit2AndNothingIsAsked() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try scratch.write("remote.yaml-lite", Self.suite(base: server.baseURL))
        let result = await scratch.run(["check", "--remote", path] + Self.targets("gemini", "endpoint"), environment: ["GEMINI_API_KEY": "k"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("environment variable VERTEX_ACCESS_TOKEN is not set"))
        #expect(server.requests.isEmpty)
    }
}
